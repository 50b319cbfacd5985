"""Presentation mode masks, it does not blur: with it on, no login, id, card number, inbox token or dump is in the
page's text (what a viewer of the shared screen could read, zoom into or copy) or in a visible non-password input,
and signing and sending still work; a banner and the header's colour say it is on; the tab keeps it."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.steps import SIGNATURE, use_demo

pytestmark = pytest.mark.browser
CARD = "4538977399606732"
TEXT_AND_INPUTS = """() => [document.body.innerText, [...document.querySelectorAll("input, select")]
  .filter((e) => e.checkVisibility() && e.type !== "password" && e.type !== "hidden")
  .map((e) => e.tagName === "SELECT" ? e.selectedOptions[0]?.text || "" : e.value)]"""


def leaks(page, secrets) -> list[str]:
    text, values = page.evaluate(TEXT_AND_INPUTS)
    return [s for s in secrets if s in text or any(s in v for v in values)]


def test_presentation_mode_masks_and_sending_still_works(page):
    page.goto("/sale")
    page.click("#present-toggle")
    expect(page.locator("#presenting-banner")).to_be_visible()
    assert page.evaluate("getComputedStyle(document.querySelector('header.top')).backgroundColor") != \
        "rgba(0, 0, 0, 0)"
    use_demo(page)
    page.fill("#f-client_orderid", "PRESENT-4711")
    page.fill("#f-credit_card_number", CARD)
    expect(page.locator("#signature")).to_have_text(SIGNATURE)
    assert page.get_attribute("#f-client_orderid", "type") == "password"  # typed and signed as ever
    page.click("#send-button")
    expect(page.locator("#verdict")).to_have_text(re.compile("^async-response"))
    # the values, read where the page holds them (textContent: the DOM, not what is drawn)
    orderid = page.evaluate("[...document.querySelectorAll('#fields-table tr')]"
                            ".find((tr) => tr.cells[0].textContent === 'paynet-order-id').cells[1].textContent")
    token = page.input_value("#f-server_callback_url").rsplit("/", 1)[1]
    secrets = ["PRESENT-4711", CARD, "453897******6732", orderid, token, "login=demo", "/sale/1111"]
    assert len(orderid) >= 7 and len(token) == 32
    assert leaks(page, secrets) == []
    page.click("#present-toggle")  # off: everything back, the inputs as text again
    expect(page.locator("#presenting-banner")).to_be_hidden()
    assert page.get_attribute("#f-client_orderid", "type") == "text"
    assert "PRESENT-4711" in page.evaluate("document.body.innerText")
    page.click("#present-toggle")
    page.goto("/callbacks")  # the tab keeps it, on every page
    expect(page.locator("#presenting-banner")).to_be_visible()
    expect(page.locator("#inbox-url")).to_have_text(re.compile(token + "$"))  # there, and not drawn
    assert leaks(page, [token, orderid, "PRESENT-4711"]) == []
    page.goto("/v4/payout")  # the v4 builder: its sorted parameters, base string and header too
    page.click("#use-demo")
    expect(page.locator("#key-status")).to_contain_text("private key is loaded")
    page.fill("#f-client_orderid", "PRESENT-V4")
    expect(page.locator("#base-string")).to_contain_text("PRESENT-V4")  # there, and not drawn
    expect(page.locator("#authorization")).to_contain_text("oauth_signature")
    assert leaks(page, ["PRESENT-V4", "oauth_consumer_key=\"demo\"", "oauth_consumer_key%3Ddemo", "/payout/1111"]) \
        == []
    assert page.get_attribute("#f-oauth_consumer_key", "type") == "password"
