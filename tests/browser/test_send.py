"""Send with the demo account in a real browser: the parsed answer and the raw exchange appear."""

import re

import pytest
from playwright.sync_api import expect

from app import create_app
from tests import servers
from tests.browser.steps import use_demo
from tests.conftest import LiveServer

pytestmark = pytest.mark.browser
SIGNATURE = re.compile(r"^[0-9a-f]{40}$")  # expect(), not wait_for_function: that one needs eval, which the CSP refuses


def test_demo_account_send_then_check_status(page):
    page.goto("/make-rebill-sale")
    use_demo(page)
    expect(page.locator("#signature")).to_have_text(SIGNATURE)
    page.click("#send-button")
    page.wait_for_selector("#exchange:not([hidden])")
    assert page.text_content("#verdict") == "async-response"
    assert page.text_content("#raw-request").startswith("POST /sandbox/paynet/api/v2/make-rebill-sale/1111 HTTP/1.1")
    assert "\ntype=async-response\n&serial-number=" in page.text_content("#raw-response")
    assert page.locator("#fields-table th", has_text="paynet-order-id").count() == 1
    page.click("#check-status")
    expect(page.locator("#verdict")).to_contain_text("status processing")
    assert page.text_content("#verdict") == "status-response · status processing"
    page.click("#check-status")
    expect(page.locator("#verdict")).to_contain_text("approved")
    assert page.text_content("#verdict") == "status-response · status approved"


def test_form_command_shows_redirect_link_and_hosted_page(page):
    page.goto("/preauth-form")
    use_demo(page)
    expect(page.locator("#signature")).to_have_text(SIGNATURE)
    page.click("#send-button")
    page.wait_for_selector("#redirect:not([hidden])")
    assert page.text_content("#verdict") == "async-form-response"
    href = page.get_attribute("#redirect-link", "href")
    assert "/sandbox/paynet/form/" in href
    page.goto(href)
    page.click("#pay")
    assert "approved" in page.text_content("#paid")


def test_invalid_send_marks_fields(watched):
    page = watched
    page.goto("/make-rebill-sale")
    page.click("#send-button")
    page.wait_for_selector("#exchange:not([hidden])")
    assert page.text_content("#verdict") == "Some fields need attention; nothing was sent."
    page.locator('[data-messages-for="login"] li.error').wait_for()
    assert page.text_content('[data-messages-for="login"] li.error') == "login is required."
    # GOV.UK's error summary: a link to each field to fix; no result tabs of an exchange that did not happen
    summary = page.locator("#error-summary a")
    expect(summary.filter(has_text="login is required.")).to_have_attribute("href", "#f-login")
    assert page.is_hidden("#exchange-detail") and page.text_content("#exchange-notes") == ""
    page.click("#error-summary a[href='#f-cardrefid']")
    expect(page.locator("#f-cardrefid")).to_be_focused()
    assert page.errors == [] and [t for t in page.console_texts if "status of 4" in t] == []  # nothing was posted


HOSTILE = (b"type=status-response\n&status=processing\n&paynet-order-id=1\n"
           b"&html=%3Cscript%3Ewindow.pwned%3D1%3C%2Fscript%3E%3Cb+id%3D%22injected%22%3Ex%3C%2Fb%3E\n")


def test_gateway_html_shown_as_text(browser, tmp_path):
    gateway = servers.RawServer(servers.answers("200 OK", HOSTILE))
    (tmp_path / "envs.toml").write_text(f'[[environment]]\nid = "evil"\nname = "Evil"\nbase_url = "{gateway.url}"\n')
    app = create_app({"SECRET_KEY": "t", "SANDBOX_DATABASE": str(tmp_path / "s.db"),
                      "ENVIRONMENTS_FILE": str(tmp_path / "envs.toml")})
    server = LiveServer(app)
    try:
        page = browser.new_page(base_url=server.url)
        page.goto("/status")
        page.select_option("#environment", "evil")
        for selector, value in [("#f-target", "1"), ("#f-merchant_control", "k"), ("#f-login", "demo"),
                                ("#f-client_orderid", "A1")]:
            page.fill(selector, value)
        page.click("#send-button")
        page.wait_for_selector("#exchange:not([hidden])")
        assert page.locator("#injected").count() == 0
        assert page.evaluate("window.pwned") is None
        cell = page.locator("#fields-table tr", has_text="html").locator("td")
        assert cell.text_content() == '<script>window.pwned=1</script><b id="injected">x</b>'
        page.close()
    finally:
        server.stop()
        gateway.stop()


def test_production_banner_and_confirmation(browser, tmp_path):
    app = create_app({"SECRET_KEY": "t", "SANDBOX_DATABASE": str(tmp_path / "s.db"), "ALLOW_PRODUCTION": True})
    server = LiveServer(app)
    try:
        page = browser.new_page(base_url=server.url)
        page.goto("/status")
        assert page.is_hidden("#production-banner")
        page.select_option("#environment", "connpay-production")
        assert page.is_visible("#production-banner")
        assert "PRODUCTION GATEWAY" in page.text_content("#production-banner")
        for selector, value in [("#f-target", "1"), ("#f-merchant_control", "k"), ("#f-login", "demo"),
                                ("#f-client_orderid", "A1")]:
            page.fill(selector, value)
        page.click("#send-button")
        page.wait_for_selector("#exchange:not([hidden])")
        assert page.text_content("#verdict").startswith("ConnPay production is a production gateway: real money.")
        assert page.is_hidden("#exchange-detail")  # nothing was sent: no request or response tabs
        page.close()
    finally:
        server.stop()



def test_return_to_the_merchant_lands_on_the_verified_page_and_back_to_the_order(page):
    """The payer's final redirect to the tab's own inbox, as Chromium really posts it from the payer page."""
    page.goto("/callbacks")
    expect(page.locator("#inbox-url")).to_have_text(re.compile(r"/callbacks/inbox/[A-Za-z0-9_-]{32}$"))
    inbox = page.text_content("#inbox-url")
    page.goto("/sale-form")
    use_demo(page)
    page.click("#optional summary")
    page.fill("#f-redirect_url", inbox)
    expect(page.locator("#signature")).to_have_text(SIGNATURE)
    page.click("#send-button")
    page.wait_for_selector("#redirect:not([hidden])")
    page.goto(page.get_attribute("#redirect-link", "href"))
    page.click("#pay")
    page.click("#final-redirect button[type=submit]")
    expect(page.locator("#landing-verdict")).to_have_text(re.compile(
        r"^control verified: the built-in sandbox signed\s+this redirect\. The order is approved\.$"))
    page.click("#back-to-order")
    expect(page.locator("h1")).to_contain_text("sale-form")
