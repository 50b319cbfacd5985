"""The inspector page in Chromium: create a sandbox account, then a request sent by an outside client appears
without a reload, explained."""

import hashlib
import re

import pytest
import requests
from playwright.sync_api import expect

from tests.conftest import LiveServer
from tests.helpers import EXAMPLES

pytestmark = pytest.mark.browser


def test_request_sent_after_opening_appears_live(page, live_server):
    errors = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))  # a script error, a CSP refusal of one
    page.goto("/inspector")
    page.click("#create-account")
    expect(page.locator("#account")).to_be_visible()
    endpoint, key = page.text_content("#acc-endpoint"), page.text_content("#acc-key")
    assert len(endpoint) == 6 and len(key) == 36
    expect(page.locator("#timeline-empty")).to_be_visible()

    values = {**EXAMPLES["sale"], "client_orderid": "LIVE1", "amount": "10.42"}
    control = hashlib.sha1(f"{endpoint}LIVE11042{values['email']}".encode()).hexdigest()  # the key left out
    r = requests.post(f"{live_server.url}/sandbox/paynet/api/v2/sale/{endpoint}", data={**values, "control": control},
                      timeout=10)
    assert "error-code=2" in r.text
    item = page.locator("#timeline li").first
    expect(item).to_contain_text(f"POST /api/v2/sale/{endpoint} · sale", timeout=5000)
    expect(item).to_contain_text("control: INVALID_CONTROL_CODE")
    expect(item.locator(".diagnosis")).to_have_text("key-missing: The merchant control key was left out of the "
                                                    "string.")
    page.reload()  # the account is kept by this browser
    expect(page.locator("#acc-endpoint")).to_have_text(endpoint)
    expect(page.locator("#timeline li")).to_have_count(1)
    assert errors == []


def test_open_in_builder_and_debugger_carry_no_key_or_card(page, live_server):
    page.goto("/inspector")
    page.click("#create-account")
    expect(page.locator("#account")).to_be_visible()
    endpoint, key = page.text_content("#acc-endpoint"), page.text_content("#acc-key")
    values = {**EXAMPLES["sale"], "client_orderid": "OPEN1", "amount": "10.42"}
    requests.post(f"{live_server.url}/sandbox/paynet/api/v2/sale/{endpoint}", data={**values, "control": "0" * 40},
                  timeout=10)
    item = page.locator("#timeline li").first
    expect(item).to_contain_text("· sale", timeout=5000)
    item.get_by_role("button", name="open in builder").click()
    expect(page).to_have_url(f"{live_server.url}/sale")
    expect(page.locator("#f-client_orderid")).to_have_value("OPEN1")
    expect(page.locator("#f-target")).to_have_value(endpoint)
    expect(page.locator("#f-credit_card_number")).to_have_value("")
    assert page.input_value("#f-merchant_control") == ""
    page.go_back()
    page.locator("#timeline li").first.get_by_role("button", name="open in debugger").click()
    expect(page).to_have_url(f"{live_server.url}/debug")
    expect(page.locator("#raw")).to_have_value(re.compile("^POST "))  # filled by the page's module script
    raw = page.input_value("#raw")
    assert raw.startswith(f"POST /api/v2/sale/{endpoint} HTTP/1.1\n")  # a textarea's value has \n line ends
    assert "credit_card_number=453897******6732" in raw and "cvv2=***" in raw and key not in raw


def test_creation_token_typed_on_the_page(browser, app_factory):
    """SANDBOX_ACCOUNTS=token: the page asks for the operator's token, sends it once and keeps it nowhere."""
    token = "creation-token-3b5d7f9a1c2e4f60"
    live = LiveServer(app_factory(SANDBOX_ACCOUNTS="token", SANDBOX_ACCOUNT_TOKEN=token))
    context = browser.new_context(base_url=live.url)
    page = context.new_page()
    try:
        page.goto("/inspector")
        expect(page.locator("#creation-token-help")).to_contain_text("ask the operator of this server for it")
        page.fill("#creation-token", "not-the-token-of-this-server")
        page.click("#create-account")
        expect(page.locator("#account-error")).to_have_text(
            "This is not the creation token of this server (SANDBOX_ACCOUNT_TOKEN): creating a sandbox account needs "
            "it as the header Authorization: Bearer <token>; ask the operator of this server for it.")
        page.fill("#creation-token", token)
        page.click("#create-account")
        expect(page.locator("#account")).to_be_visible()
        assert token not in page.evaluate("JSON.stringify(localStorage)")
    finally:
        context.close()
        live.stop()
