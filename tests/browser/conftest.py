"""Real headless Chromium through Playwright, launching Debian's /usr/bin/chromium."""

import os
import shutil

import pytest

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
# Nothing outside 127.0.0.1: no proxy, every host name fails at once (a CI machine's resolver may never
# answer), and shared memory from /tmp (a container's small /dev/shm crashes tabs).
FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--no-first-run", "--no-proxy-server",
         "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1", "--disable-dev-shm-usage"]


def _chromium_or_skip():
    if shutil.which(CHROMIUM):
        return CHROMIUM
    if os.environ.get("REQUIRE_BROWSER") == "1":
        pytest.fail(f"Chromium not found at {CHROMIUM}; CI requires the browser tests.")
    pytest.skip(f"Chromium not found at {CHROMIUM} (install Debian's chromium)")


@pytest.fixture(scope="session")
def browser():
    executable = _chromium_or_skip()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=executable, headless=True, args=FLAGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser, live_server):
    context = browser.new_context(base_url=live_server.url)
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def watched(page):
    """The page, with every console message and uncaught page error collected."""
    page.console_texts, page.errors = [], []
    page.on("console", lambda msg: page.console_texts.append(msg.text))
    page.on("pageerror", lambda exc: page.errors.append(str(exc)))
    return page
