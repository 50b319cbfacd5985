"""Code exports as text: literals each language reads back exactly, the recipe as data, no key anywhere."""

import sys
import types

import exports
from exports import cards, java, php, shell
from paynet.command import CARD_FIELDS
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


CARD_SALE = exports.Request("http://127.0.0.1:5000/paynet/api/v2/sale/1111",
                            (("client_orderid", "R1"), ("credit_card_number", "453897******6732"),
                             ("expire_month", "12"), ("cvv2", "***")),
                            exports.steps((TARGET, Part("client_orderid"), KEY), "1111"),
                            variables=cards.variables(["credit_card_number", "cvv2"]))


def test_every_card_field_has_a_variable():
    assert tuple(cards.VARIABLES) == CARD_FIELDS
    assert cards.variables(["cvv2"])[0].message == "set PAYNET_CVV2 to the CVV2 of the test card, e.g. 123"


def test_curl_checks_the_card_variables_in_the_same_command_it_sends():
    """Joined by &&: pasted into a terminal, a missing variable stops the curl too, not only its own line."""
    assert exports.render(CARD_SALE, "curl", "control") == (
        ': "${PAYNET_CARD_NUMBER:?set PAYNET_CARD_NUMBER to a test card number, e.g. 4538977399606732}" \\\n'
        '  "${PAYNET_CVV2:?set PAYNET_CVV2 to the CVV2 of the test card, e.g. 123}" &&\n'
        "curl -sS -X POST http://127.0.0.1:5000/paynet/api/v2/sale/1111 \\\n"
        "  --data-urlencode client_orderid=R1 \\\n"
        '  --data-urlencode "credit_card_number=${PAYNET_CARD_NUMBER}" \\\n'
        "  --data-urlencode expire_month=12 \\\n"
        '  --data-urlencode "cvv2=${PAYNET_CVV2}" \\\n'
        "  --data-urlencode control=CONTROL_FROM_PAGE")


def test_env_form_fills_the_card_fields_from_their_variables_before_signing():
    text = exports.render(CARD_SALE, "httpie", "env")
    assert ': "${PAYNET_CVV2:?set PAYNET_CVV2 to the CVV2 of the test card, e.g. 123}"\n' in text
    assert ('declare -A f=([client_orderid]=R1 [credit_card_number]="${PAYNET_CARD_NUMBER}" [expire_month]=12 '
            '[cvv2]="${PAYNET_CVV2}")\n') in text
    assert "******" not in text and "***" not in text


def test_env_form_signs_a_card_variable_s_value(monkeypatch):
    """No recipe signs card data today; if one did, the snippet must sign what it sends: the variable's value."""
    request = exports.Request("http://127.0.0.1:9/x", (("login", "demo"), ("credit_card_number", "453897******6732")),
                              exports.steps((Part("login"), Part("credit_card_number"), KEY), "1111"),
                              variables=cards.variables(["credit_card_number"]))
    sent = {}
    fake = types.ModuleType("requests")
    fake.post = lambda url, data, timeout: sent.update(data) or types.SimpleNamespace(text="")
    monkeypatch.setitem(sys.modules, "requests", fake)
    monkeypatch.setenv("MERCHANT_CONTROL", "key")
    monkeypatch.setenv("PAYNET_CARD_NUMBER", "4538977399606732")
    exec(compile(exports.render(request, "python", "env"), "snippet.py", "exec"), {"__name__": "__main__"})
    # printf '%s' demo4538977399606732key | sha1sum
    assert sent == {"login": "demo", "credit_card_number": "4538977399606732",
                    "control": "aff82f90bc49b6becad01e3d21f1e326b819ca5d"}
