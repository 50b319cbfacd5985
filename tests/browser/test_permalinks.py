"""Secret-free permalinks in Chromium: the link restores the builder's and the debugger's state; neither the
key nor card data is in the link, and none reaches a server log line (the fragment is never sent)."""

import logging
import re
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
    page.click("#more-inputs > summary")  # folded: the debugger detects what it can
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


def test_a_shared_link_carries_no_private_inbox_and_the_recipient_s_own_fills_it(browser, live_server):
    sender = browser.new_context(base_url=live_server.url).new_page()
    sender.goto("/sale-form")
    sender.click("#use-demo")
    expect(sender.locator("#builder")).not_to_have_attribute("aria-busy", "true")
    mine = sender.input_value("#f-server_callback_url")
    assert "/callbacks/inbox/" in mine
    sender.click("#share")
    link = sender.locator("#share-link").input_value()
    token = mine.rsplit("/", 1)[1]
    assert token not in link and "server_callback_url=%7Bmy-inbox%7D" in link
    recipient = browser.new_context(base_url=live_server.url).new_page()  # another browser: its own inbox
    recipient.goto(link)
    expect(recipient.locator("#builder")).not_to_have_attribute("aria-busy", "true")
    expect(recipient.locator("#f-server_callback_url")).to_have_value(re.compile(r"/callbacks/inbox/[A-Za-z0-9_-]{32}$"))
    theirs = recipient.input_value("#f-server_callback_url")
    assert theirs != mine
    expect(recipient.locator(".share-inbox-note").first).to_have_text(
        "Your own inbox: the link held the sharer's, which links leave out.")
    expect(recipient.locator("#signature")).to_have_text("— type the key (merchant_control) to sign")
    sender.context.close()
    recipient.context.close()
