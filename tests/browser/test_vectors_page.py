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


def test_vectors_fold_per_command_and_filter(page):
    page.goto("/vectors")
    expect(page.locator("#self-check")).to_have_attribute("data-state", "agree")
    groups = page.locator("details.group")
    expect(groups).to_have_count(17)
    assert page.locator("details.group[open]").count() == 0  # all agree: every command folded
    assert page.evaluate("document.documentElement.scrollHeight") < 2500  # was 13,248 px unfolded
    page.fill("#vector-filter", "rebill")
    expect(page.locator("details.group:not([hidden])")).to_have_count(2)
    page.fill("#vector-filter", "capture")
    capture = page.locator("details.group[data-command=capture]")
    expect(capture).to_have_attribute("open", "")
    expect(capture.locator(".vector").first).to_be_visible()
