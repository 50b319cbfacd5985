"""The core's translator hook: English without one, the installed one's text with values filled after."""

from paynet import i18n


def test_english_without_a_translator():
    assert i18n._("Amount %(value)s is not a number", value="1%2") == "Amount 1%2 is not a number"
    assert i18n.ngettext("%(num)d field", "%(num)d fields", 1) == "1 field"
    assert i18n.ngettext("%(num)d field", "%(num)d fields", 3) == "3 fields"
    assert i18n.translate("Sign") == "Sign"


def test_installed_translator_and_reset():
    token = i18n.install(lambda s: {"Amount %(value)s is not a number": "Сумма %(value)s не число"}.get(s, s),
                         lambda s, p, n: "%(num)d поля")
    try:
        assert i18n._("Amount %(value)s is not a number", value="%(x)s") == "Сумма %(x)s не число"
        assert i18n.ngettext("%(num)d field", "%(num)d fields", 3) == "3 поля"
        assert i18n.translate("Sign") == "Sign"
    finally:
        i18n.reset(token)
    assert i18n._("Amount %(value)s is not a number", value="5") == "Amount 5 is not a number"


def test_a_recorded_delivery_outcome_is_shown_with_its_reason_translated():
    from debugger.callbacks import shown_outcome

    ru = {"the tool's own inbox (delivered in process)": "собственный приёмник инструмента",
          "listed in CALLBACK_HOSTS": "указан в CALLBACK_HOSTS"}
    token = i18n.install(lambda s: ru.get(s, s), lambda s, p, n: p)
    try:
        assert shown_outcome("HTTP 200 (the tool's own inbox (delivered in process))") == \
            "HTTP 200 (собственный приёмник инструмента)"
        assert shown_outcome("failed: timed out (listed in CALLBACK_HOSTS)") == \
            "failed: timed out (указан в CALLBACK_HOSTS)"
        assert shown_outcome("HTTP 500 (something else)") == "HTTP 500 (something else)"
    finally:
        i18n.reset(token)
    assert shown_outcome("HTTP 200 (listed in CALLBACK_HOSTS)") == "HTTP 200 (listed in CALLBACK_HOSTS)"


def test_records_are_written_in_each_registered_language():
    i18n.register("xx", lambda s: s.replace("Amount", "AMOUNT"), lambda s, p, n: p)
    try:
        assert "xx" in i18n.languages()
        with i18n.using("xx"):
            assert i18n._("Amount %(value)s", value="a") == "AMOUNT a"
        assert i18n._("Amount %(value)s", value="a") == "Amount a"
    finally:
        i18n._languages.pop("xx")
