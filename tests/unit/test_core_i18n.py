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


def test_a_recorded_delivery_outcome_is_read_back_in_the_readers_language():
    """Recorded in English (the reason nested in brackets, the URL policy's words); shown as prose, every part
    that is one of the recorded messages translated, values as recorded."""
    from debugger.callbacks import shown_outcome

    ru = {"to the tool's own inbox, delivered in process": "во входящие инструмента",
          "its host is listed in CALLBACK_HOSTS": "хост указан в CALLBACK_HOSTS",
          "refused: %(why)s": "отклонён: %(why)s", "failed: %(why)s": "не доставлен: %(why)s",
          "the host name %(host)s could not be resolved": "имя %(host)s не разрешилось",
          "not allowed for a sandbox account: %(ip)s is not a public address (%(rule)s)": "нельзя: %(ip)s (%(rule)s)",
          "a sandbox account's callback hosts must resolve only to public addresses; the operator of this server "
          "can allow networks for accounts with ACCOUNT_CALLBACK_NETWORKS": "ПРАВИЛО",
          "the callback queue is full (CALLBACK_QUEUE); not sent": "очередь полна"}
    token = i18n.install(lambda s: ru.get(s, s), lambda s, p, n: p)
    try:
        assert shown_outcome("HTTP 200 (the tool's own inbox (delivered in process))") == \
            "HTTP 200 (во входящие инструмента)"
        assert shown_outcome("failed: timed out (listed in CALLBACK_HOSTS)") == \
            "не доставлен: timed out (хост указан в CALLBACK_HOSTS)"
        assert shown_outcome("refused: the host name shop.example could not be resolved") == \
            "отклонён: имя shop.example не разрешилось"
        assert shown_outcome("refused: not allowed for a sandbox account: 10.0.0.1 is not a public address (a "
                             "sandbox account's callback hosts must resolve only to public addresses; the operator "
                             "of this server can allow networks for accounts with ACCOUNT_CALLBACK_NETWORKS)") == \
            "отклонён: нельзя: 10.0.0.1 (ПРАВИЛО)"
        assert shown_outcome("HTTP 500 (listed in CALLBACK_HOSTS); refused: the callback queue is full "
                             "(CALLBACK_QUEUE); not sent") == \
            "HTTP 500 (хост указан в CALLBACK_HOSTS); отклонён: очередь полна"
        assert shown_outcome("HTTP 500 (something else)") == "HTTP 500 (something else)"
        assert shown_outcome("refused: words nobody declared") == "отклонён: words nobody declared"
    finally:
        i18n.reset(token)
    assert shown_outcome("HTTP 200 (listed in CALLBACK_HOSTS)") == "HTTP 200 (its host is listed in CALLBACK_HOSTS)"


def test_records_are_written_in_each_registered_language():
    i18n.register("xx", lambda s: s.replace("Amount", "AMOUNT"), lambda s, p, n: p)
    try:
        assert "xx" in i18n.languages()
        with i18n.using("xx"):
            assert i18n._("Amount %(value)s", value="a") == "AMOUNT a"
        assert i18n._("Amount %(value)s", value="a") == "Amount a"
    finally:
        i18n._languages.pop("xx")
