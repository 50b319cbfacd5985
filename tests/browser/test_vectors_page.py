"""The vectors page's self-check in Chromium: the page signs every vector itself and agrees with the server."""

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


def test_vectors_self_check_agrees(page):
    page.goto("/vectors")
    banner = page.locator("#self-check")
    expect(banner).to_have_attribute("data-state", "agree")
    expect(banner).to_contain_text("vectors signed in this page agree with the server's controls.")
    assert page.locator(".vector.differ").count() == 0
    assert page.locator(".vector.agree").count() == 65  # every vector of every command
