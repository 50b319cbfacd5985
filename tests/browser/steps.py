"""Steps the browser tests share."""

import re

from playwright.sync_api import expect


def check_status_until(page, status: str) -> None:
    """Press "Check status" until the verdict names `status` (three tries)."""
    for _ in range(3):
        # Cleared first: otherwise the previous status-response passes the wait below (a flaky read).
        page.evaluate("document.getElementById('verdict').textContent = ''")
        page.click("#check-status")
        expect(page.locator("#verdict")).to_have_text(re.compile("^status-response"))
        if status in page.text_content("#verdict"):
            return
    raise AssertionError(page.text_content("#verdict"))

DEMO_KEY = "B17F59B4-A7DC-41B4-8FF9-37D986B43D20"

SIGNATURE = re.compile(r"^[0-9a-f]{40}$")  # expect(), not wait_for_function: that one needs eval, which the CSP refuses


def use_demo(page):
    """Press "Use demo account" and wait until its fill (asynchronous: the demo values, the tab's inbox) ends."""
    page.click("#use-demo")
    expect(page.locator("#builder")).not_to_have_attribute("aria-busy", "true")
    expect(page.locator("#f-merchant_control")).to_have_value(DEMO_KEY)


def send_with_demo(page, command, **fields):
    page.goto(f"/{command}")
    use_demo(page)
    for name, value in fields.items():
        page.fill(f"#f-{name}", value)
    expect(page.locator("#signature")).to_have_text(SIGNATURE)
    page.click("#send-button")
    page.wait_for_selector("#exchange:not([hidden])")
    return page.text_content("#verdict")

VIOLATION = re.compile(r"Content Security Policy|Refused to")


def violations(page) -> list[str]:
    return [text for text in page.console_texts if VIOLATION.search(text)]


def copy_by_click(page, selector: str) -> str:
    """Click a copy button and return what it put on the clipboard. The write is asynchronous and the clipboard
    is the machine's: a sentinel goes there first, and the text is read once it has been replaced."""
    page.evaluate("navigator.clipboard.writeText('\\u2400 nothing copied yet')")
    page.click(selector)
    page.wait_for_function("async () => (await navigator.clipboard.readText()) !== '\\u2400 nothing copied yet'")
    return page.evaluate("navigator.clipboard.readText()")
