"""The inspector page in Chromium: create a sandbox account, then a request sent by an outside client appears
without a reload, explained."""

import hashlib

import pytest
import requests
from playwright.sync_api import expect

from tests.web.test_flows import EXAMPLES

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
