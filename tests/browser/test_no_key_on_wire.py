"""(b) No request from a builder page carries the key: every request is recorded while a canary key is
typed and used on every command's page, Send and the status check included."""

import re

import pytest
from playwright.sync_api import expect

from forms import load_registry
from tests.browser.steps import use_demo
from tests.conftest import CANARY_KEY, DOC_KEY

pytestmark = pytest.mark.browser
COMMANDS = list(load_registry())
SIGNATURE = re.compile(r"^[0-9a-f]{40}$")


def carries_key(request) -> bool:
    body = request.post_data_buffer or b""
    headers = " ".join(f"{k}: {v}" for k, v in request.headers.items())
    return CANARY_KEY in request.url or CANARY_KEY.encode() in body or CANARY_KEY in headers


def use_page(page, command):
    page.goto(f"/{command}")
    use_demo(page)
    # the key remembered from the previous page signs at once: wait for the demo's own key
    expect(page.locator("#f-merchant_control")).to_have_value(DOC_KEY)
    expect(page.locator("#signature")).to_have_text(SIGNATURE)
    with page.expect_response(f"**/api/{command}/submit"):
        page.click("#send-button")  # with the demo key: an order for the status check
    expect(page.locator("#verdict")).not_to_have_text("")  # rendered (or refused): #check-status is settled
    assert "server builds" not in page.text_content("#verdict")  # never a page/server string mismatch
    key = page.locator("#f-merchant_control")
    key.fill("")
    key.press_sequentially(CANARY_KEY)
    page.check("#reveal-key")
    page.check("#remember-key")
    expect(page.locator("#string-to-sign")).to_contain_text(CANARY_KEY)
    with page.expect_response(f"**/api/{command}/sign"):
        page.locator("input[data-param]:not([data-card])").first.press_sequentially("1")
    page.click("#sign-button")  # with JavaScript on, Sign re-checks in the page: no form post
    if page.is_visible("#check-status"):
        with page.expect_response("**/api/status/submit"):
            page.click("#check-status")
    with page.expect_response(f"**/api/{command}/submit"):
        page.click("#send-button")


def test_no_request_carries_the_key(page):
    seen = []
    page.on("request", lambda request: seen.append(request))
    for command in COMMANDS:
        use_page(page, command)
    assert [r.url for r in seen if carries_key(r)] == []
    submits = [r for r in seen if r.url.endswith("/submit") and r.post_data_json.get("control")]
    assert len(submits) >= 2 * len(COMMANDS)  # Send really went out, each time with the page's control
    assert any(r.url.endswith("/api/status/submit") for r in submits)
    assert page.evaluate("sessionStorage.getItem('pne.merchant_control')") == CANARY_KEY  # kept in the tab
