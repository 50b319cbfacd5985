"""Code exports as text: literals each language reads back exactly, the recipe as data, no key anywhere."""

import exports
from exports import java, php, shell
from paynet.signing import KEY, MINOR_AMOUNT, TARGET, Part, if_sent

REQUEST = exports.Request("http://127.0.0.1:5000/paynet/api/v2/capture/1111",
                          (("login", "demo"), ("client_orderid", "a'b\"c\\d"), ("amount", "1.15")),
                          exports.steps((Part("login"), if_sent(MINOR_AMOUNT), if_sent("currency", when="amount"),
                                         KEY), "1111"))


def test_steps_name_the_gating_field():
    assert [p.to_dict() for p in REQUEST.steps] == [
        {"name": "login", "source": "field", "minor_units": False, "when": None},
        {"name": "amount", "source": "field", "minor_units": True, "when": "amount"},
        {"name": "currency", "source": "field", "minor_units": False, "when": "amount"},
        {"name": "merchant_control", "source": "key", "minor_units": False, "when": None}]


def test_steps_write_the_target_id_into_its_part():
    assert exports.steps((TARGET, Part("x")), "2222")[0].to_dict() == {"name": "2222", "source": "target",
                                                                  "minor_units": False, "when": None}


def test_java_literal_escapes_control_characters_as_octal_and_non_ascii_as_utf16():
    assert java._java('a"\\\n\x01Ω😀') == '"a\\"\\\\\\n\\001\\u03a9\\ud83d\\ude00"'


def test_php_literal_single_quoted():
    assert php._php("it's \\ $x") == "'it\\'s \\\\ $x'"


def test_httpie_item_separators_escaped():
    assert shell._esc("a=b:c;d@e") == "a\\=b\\:c\\;d\\@e"


def test_control_form_carries_the_placeholder_and_no_recipe():
    text = exports.render(REQUEST, "python", "control")
    assert "fields[\"control\"] = 'CONTROL_FROM_PAGE'" in text
    assert "MERCHANT_CONTROL" not in text


def test_env_form_reads_the_key_from_the_environment():
    text = exports.render(REQUEST, "php", "env")
    assert "getenv('MERCHANT_CONTROL')" in text
    assert "    ['field', 'currency', false, 'amount'],\n" in text


def test_placeholder_lengthened_when_a_value_holds_it():
    assert exports.placeholder_for((("order_desc", "x CONTROL_FROM_PAGE y"),)) == "CONTROL_FROM_PAGE_"


def test_curl_control_form_is_the_old_copy_as_curl_with_control():
    assert exports.render(REQUEST, "curl", "control") == (
        "curl -sS -X POST http://127.0.0.1:5000/paynet/api/v2/capture/1111 \\\n"
        "  --data-urlencode login=demo \\\n"
        "  --data-urlencode 'client_orderid=a'\"'\"'b\"c\\d' \\\n"
        "  --data-urlencode amount=1.15 \\\n"
        "  --data-urlencode control=CONTROL_FROM_PAGE")
