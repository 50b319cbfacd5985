"""Issue 11's journey with the keyboard alone, wide and narrow: the demo account once, Send, poll to final,
then the next step (capture after a preauth, return after a sale) without retyping the key. Every control is
reached with Tab (bounded) and pressed with Enter; nothing is clicked."""

import re

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser
FOCUSED = "(sel) => document.activeElement && document.activeElement.matches(sel)"


def tab_to(page, selector: str, limit: int = 150) -> None:
    """Press Tab until `selector` has the focus: proves a keyboard user can reach it."""
    for _ in range(limit):
        if page.evaluate(FOCUSED, selector):
            return
        page.keyboard.press("Tab")
    raise AssertionError(f"{selector} not reached with {limit} Tabs")


def press(page, selector: str) -> None:
    tab_to(page, selector)
    page.keyboard.press("Enter")


def send(page) -> str:
    page.evaluate("document.getElementById('verdict').textContent = ''")
    page.keyboard.press("Control+Enter")
    expect(page.locator("#verdict")).not_to_have_text("")
    return page.text_content("#verdict")


def journey(page, first: str, step: str) -> None:
    page.goto(f"/{first}")
    press(page, "#use-demo")
    expect(page.locator("#builder")).not_to_have_attribute("aria-busy", "true")  # the demo fill is async
    expect(page.locator("#signature")).to_have_text(re.compile(r"^[0-9a-f]{40}$"))
    assert send(page) == "async-response"
    press(page, "#poll-status")
    expect(page.locator("#verdict")).to_have_text(re.compile(r"^status-response.*approved"), timeout=20_000)
    press(page, f"button.next-step[data-command={step}]")
    page.wait_for_url(f"**/{step}")
    expect(page.locator("#f-orderid")).to_have_value(re.compile(r"^7[0-9]+$"))
    expect(page.locator("#signature")).to_have_text(re.compile(r"^[0-9a-f]{40}$"))  # the key came along
    assert page.input_value("#f-merchant_control") != ""
    assert send(page) == "async-response"
    assert page.evaluate("document.documentElement.scrollWidth <= document.documentElement.clientWidth")


@pytest.mark.parametrize("width, height", [(1280, 800), (390, 844)])
def test_keyboard_only_journeys(browser, live_server, width, height):
    context = browser.new_context(base_url=live_server.url, viewport={"width": width, "height": height})
    page = context.new_page()
    try:
        journey(page, "preauth", "capture")
        journey(page, "sale", "return")
    finally:
        context.close()
