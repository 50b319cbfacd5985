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
