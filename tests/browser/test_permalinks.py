"""Secret-free permalinks in Chromium: the link restores the builder's and the debugger's state; neither the
key nor card data is in the link, and none reaches a server log line (the fragment is never sent)."""

import logging
from urllib.parse import unquote_plus

import pytest
from playwright.sync_api import expect

from tests.conftest import CANARY_KEY
from tests.helpers import EXAMPLES

pytestmark = pytest.mark.browser
CARD, CVV = "4111111111111111", "987"


def test_builder_link_restores_state_without_key_or_card(page, caplog):
    caplog.set_level(logging.DEBUG)
    page.goto("/sale")
    page.check("input[name=target][value=group]")
    page.fill("#f-target", "39539")
    page.fill("#f-merchant_control", CANARY_KEY)
    for name in ("client_orderid", "amount", "email", "card_printed_name"):
        page.fill(f"#f-{name}", EXAMPLES["sale"][name])
    page.fill("#f-order_desc", "Zoë & co = 1")
    page.fill("#f-credit_card_number", CARD)
    page.fill("#f-cvv2", CVV)
    page.click("#share")
    link = page.locator("#share-link").input_value()
    assert "#v=1&" in link
    for secret in (CANARY_KEY, CARD, "cvv2", "credit_card_number", "merchant_control"):
        assert secret not in unquote_plus(link)
    other = page.context.new_page()
    other.goto(link)
    expect(other.locator("#f-order_desc")).to_have_value("Zoë & co = 1")
    expect(other.locator("#f-target")).to_have_value("39539")
    expect(other.locator("input[name=target][value=group]")).to_be_checked()
    expect(other.locator("#f-amount")).to_have_value("10.42")
    expect(other.locator("#f-credit_card_number")).to_have_value("")
    expect(other.locator("#f-merchant_control")).to_have_value("")
    assert CANARY_KEY not in caplog.text and CARD not in caplog.text


def test_debugger_link_carries_the_paste_without_key_or_card(page, caplog):
    caplog.set_level(logging.DEBUG)
    paste = (f"POST /paynet/api/v2/sale/1111 HTTP/1.1\nHost: h\n\nclient_orderid=902B4FF5&amount=10.42"
             f"&credit_card_number={CARD}&cvv2={CVV}&merchant_control={CANARY_KEY}&note=card {CARD}"
             "&control=c6bdd88a78834ef4b863b088827a459f039e8257")
    page.goto("/debug")
    page.fill("#raw", paste)
    page.fill("#debug-amount", "10.42")
    page.click("#share")
    link = page.locator("#share-link").input_value()
    for secret in (CANARY_KEY, CARD, f"cvv2={CVV}"):
        assert secret not in unquote_plus(link)
    other = page.context.new_page()
    other.goto(link)
    expect(other.locator("#raw")).to_have_value(
        "POST /paynet/api/v2/sale/1111 HTTP/1.1\nHost: h\n\nclient_orderid=902B4FF5&amount=10.42"
        "&credit_card_number=&cvv2=&merchant_control=&note=card 411111******1111"
        "&control=c6bdd88a78834ef4b863b088827a459f039e8257")
    expect(other.locator("#debug-amount")).to_have_value("10.42")
    assert CANARY_KEY not in caplog.text and CARD not in caplog.text
