"""The served docs work under their CSP in real Chromium: Material's scripts run, nothing is refused."""

import pytest
from playwright.sync_api import expect

from tests.browser.steps import violations

pytestmark = pytest.mark.browser


def test_docs_run_under_the_policy(watched, site_built):
    page = watched
    page.goto("/debug")
    page.locator("a.help-link").click()
    expect(page.locator("h1")).to_have_text("The signature debugger¶")
    assert page.evaluate("typeof window.__md_get + ' ' + typeof window.document$") == "function object"
    page.goto("/docs/sandbox/")
    expect(page.locator("h1")).to_have_text("The sandbox and sandbox accounts¶")
    assert violations(page) == [] and page.errors == []
