"""The core's translator hook: English without one, the installed one's text with values filled after."""

from gateway import i18n


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
