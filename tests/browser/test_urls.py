"""No script from a URL: a stored javascript: redirect_url on the hosted form and the 3-D Secure page, and
a gateway's javascript: redirect-url in the builder, are shown as text and never run, whatever is clicked."""

import pytest
from playwright.sync_api import expect

from app import create_app
from tests import servers
from tests.conftest import LiveServer
from tests.helpers import store_old_order

pytestmark = pytest.mark.browser
SCRIPT_URL = "javascript:alert(document.domain)"
# Every link target and form action on the page (the form's resolved action, and the attribute as written).
TARGETS = """() => [...document.querySelectorAll('a[href], form, area[href]')].flatMap(
    (el) => el.tagName === 'FORM' ? [el.action, el.getAttribute('action') || ''] : [el.href])"""


def watch_dialogs(page) -> list[str]:
    """Every dialog on the page and on any window it opens (the builder's link has target=_blank)."""
    dialogs = []

    def listen(target):
        target.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    listen(page)
    page.context.on("page", listen)
    return dialogs


def settle(page):
    """Let a queued javascript: navigation run (it is a task after the click), then come back."""
    page.evaluate("() => new Promise((done) => setTimeout(() => requestAnimationFrame(() => done()), 50))")


def click_everything(page, selector: str):
    for i in range(page.locator(selector).count()):
        item = page.locator(selector).nth(i)
        if item.is_visible():
            item.click(no_wait_after=True)
            settle(page)


@pytest.mark.parametrize("mode, button", [("form", "#pay"), ("3ds", "#authenticate")])
def test_stored_javascript_redirect_never_runs(page, app, mode, button):
    token = store_old_order(app.extensions["sandbox"], SCRIPT_URL, threeds=mode == "3ds")
    dialogs = watch_dialogs(page)
    page.goto(f"/sandbox/paynet/{mode}/{token}")
    page.click(button)
    page.wait_for_selector("#paid")
    assert "approved" in page.text_content("#paid")
    assert [t for t in page.evaluate(TARGETS) if t.lower().startswith("javascript:")] == []
    assert page.locator("#final-redirect").count() == 0
    assert SCRIPT_URL in page.text_content("#bad-redirect")
    click_everything(page, "main button, main a, main input[type=submit]")
    assert dialogs == []


def test_gateway_javascript_redirect_url_is_text(browser, tmp_path):
    body = b"type=async-form-response\n&paynet-order-id=1\n&redirect-url=javascript%3Aalert(document.domain)\n"
    gateway = servers.RawServer(servers.answers("200 OK", body))
    (tmp_path / "envs.toml").write_text(f'[[environment]]\nid = "evil"\nname = "Evil"\nbase_url = "{gateway.url}"\n')
    server = LiveServer(create_app({"SECRET_KEY": "t", "SANDBOX_DATABASE": str(tmp_path / "s.db"),
                                    "ENVIRONMENTS_FILE": str(tmp_path / "envs.toml")}))
    try:
        page = browser.new_page(base_url=server.url)
        dialogs = watch_dialogs(page)
        page.goto("/status")
        page.select_option("#environment", "evil")
        for selector, value in [("#f-target", "1"), ("#f-merchant_control", "k"), ("#f-login", "demo"),
                                ("#f-client_orderid", "A1")]:
            page.fill(selector, value)
        page.click("#send-button")
        page.wait_for_selector("#redirect:not([hidden])")
        assert page.get_attribute("#redirect-link", "href") is None
        expect(page.locator("#redirect-link")).to_be_hidden()  # no "Open the payer's page" button for it
        assert page.text_content("#redirect-text") == (
            "javascript:alert(document.domain) (not an http:// or https:// URL: not a link)")
        assert [t for t in page.evaluate(TARGETS) if t.lower().startswith("javascript:")] == []
        page.click("#redirect-text")
        settle(page)
        assert dialogs == []
        page.close()
    finally:
        server.stop()
        gateway.stop()
