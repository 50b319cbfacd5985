"""What only a browser shows: live updates without a reload, and the key kept out of the HTML."""

import re

import pytest
from playwright.sync_api import expect

from tests.conftest import CANARY_KEY, DOC_KEY

pytestmark = pytest.mark.browser

FILL = {"client_orderid": "902B4FF5", "email": "john.smith@gmail.com"}


def test_typing_updates_signature_live(page):
    page.goto("/preauth-form")
    page.evaluate("window.__reloadMarker = 1")
    page.fill("#f-target", "1111")
    page.fill("#f-merchant_control", DOC_KEY)
    for name, value in FILL.items():
        page.fill(f"#f-{name}", value)
    page.locator("#f-amount").press_sequentially("10.42", delay=20)
    # expect(), not wait_for_function: that one needs eval, which the CSP refuses
    expect(page.locator("#signature")).to_have_text("c6bdd88a78834ef4b863b088827a459f039e8257")
    assert page.evaluate("window.__reloadMarker") == 1  # same document: no reload happened
    expect(page.locator("#sign-status")).to_have_text("signature updated")  # said once typing pauses
    assert page.text_content("#string-to-sign") == "1111902B4FF51042john.smith@gmail.com***"
    page.check("#reveal-key")
    assert page.text_content("#string-to-sign") == "1111902B4FF51042john.smith@gmail.com" + DOC_KEY
    # Switch to the group target: the first part and the path change.
    page.check("input[name=target][value=group]")
    expect(page.locator("#path")).to_contain_text("/group/1111")
    assert page.text_content("#path") == "/api/v2/preauth-form/group/1111"


def test_key_never_in_page_html(page):
    page.goto("/make-rebill-sale")
    page.fill("#f-merchant_control", CANARY_KEY)
    page.fill("#f-target", "46750")
    page.fill("#f-login", "login")
    expect(page.locator("#string-to-sign")).to_have_text(re.compile(r"\*\*\*$"))
    assert CANARY_KEY not in page.content()
    assert page.input_value("#f-merchant_control") == CANARY_KEY


def test_field_error_shown_next_to_field(watched):
    page = watched
    page.goto("/make-rebill-sale")
    page.fill("#f-target", "12ab")
    page.fill("#f-amount", "5,00")
    msg = page.locator('[data-messages-for="amount"] li.error')
    msg.wait_for()
    assert msg.text_content() == "amount must use '.' as the decimal delimiter, not ',' (got '5,00')."
    expect(page.locator('[data-messages-for="target"] li.error')).to_have_count(1)
    # invalid fields are the live check's answer, not a failure: nothing in the console
    assert [t for t in page.console_texts if "status of 4" in t or "rror" in t] == [] and page.errors == []


def test_generate_fills_client_orderid(page):
    page.goto("/make-rebill-sale")
    page.click("button[data-generate]")
    value = page.input_value("#f-client_orderid")
    assert len(value) == 8 and all(c in "0123456789ABCDEF" for c in value)


def test_remember_key_for_this_tab(page):
    page.goto("/status")
    page.fill("#f-merchant_control", CANARY_KEY)
    page.check("#remember-key")
    page.goto("/make-rebill-sale")
    assert page.input_value("#f-merchant_control") == CANARY_KEY
    assert CANARY_KEY not in page.content()
