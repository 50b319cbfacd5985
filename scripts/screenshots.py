"""`make screenshots`: the builder after a Send, the debugger with a verdict it explains, the callbacks page with
a received callback, and the inspector with a request from the merchant's own code, each in the light and the
dark theme at 1280x800, into docs/images/ (the README and the docs show them). The built-in sandbox, offline."""

import logging
import sys
import tempfile
import threading
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from app import create_app  # noqa: E402
from tests.browser.conftest import FLAGS  # noqa: E402
from tests.browser.steps import DEMO_KEY, send_with_demo  # noqa: E402
from tests.samples import REBILL, http  # noqa: E402
from tests.servers import LocalServer  # noqa: E402

OUT = ROOT / "docs" / "images"
PASTE = http("make-rebill-sale/1111", REBILL + "&control=ea8c37ee29285271f18749dc92d41bfab2499e57")


def shoot(page, name: str, theme: str) -> None:
    path = OUT / f"{name}-{theme}.png"
    page.screenshot(path=str(path))
    print(f"screenshot {path.relative_to(ROOT)}")


def pages(context, theme: str) -> None:
    page = context.new_page()
    page.goto("/")
    page.evaluate(f"localStorage.setItem('pne.theme', '{theme}')")
    inbox = context.new_page()
    inbox.goto("/callbacks")
    inbox.wait_for_selector("#inbox-url:text-matches('^http')")
    inbox.fill("#cb-key", DEMO_KEY)
    page.bring_to_front()
    send_with_demo(page, "sale")
    page.click("#poll-status")
    page.wait_for_selector("#verdict:text-matches('status approved')")
    page.evaluate("scrollTo(0, 0)")  # the click scrolled to the Send button; the panel is sticky beside the form
    shoot(page, "builder", theme)
    inbox.bring_to_front()
    inbox.wait_for_selector("#inbox li[data-result] .verdict.ok")
    shoot(inbox, "callbacks", theme)
    page.bring_to_front()
    page.goto("/debug")
    page.fill("#raw", PASTE)
    page.fill("#debug-key", DEMO_KEY)
    page.click("#check")
    page.wait_for_selector("#debug-result[data-computed]")
    shoot(page, "debugger", theme)
    page.goto("/inspector")
    page.click("#create-account")
    page.wait_for_selector("#account:not([hidden])")
    base, endpoint = page.text_content("#acc-base"), page.text_content("#acc-endpoint")
    requests.post(f"{base}/api/v2/status/{endpoint}", data={"login": "shop", "control": "0" * 40}, timeout=10)
    page.wait_for_selector("#timeline li[data-result]")
    shoot(page, "inspector", theme)


def main():
    logging.getLogger("werkzeug").setLevel(logging.ERROR)
    OUT.mkdir(exist_ok=True)
    app = create_app({"SECRET_KEY": "screenshots", "SANDBOX_DATABASE": tempfile.mktemp(suffix=".db")})
    server = LocalServer(app)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path="/usr/bin/chromium", args=FLAGS)
        for theme in ("light", "dark"):
            context = browser.new_context(base_url=f"http://127.0.0.1:{server.server_port}",
                                          viewport={"width": 1280, "height": 800}, locale="en-US")
            pages(context, theme)
            context.close()
        browser.close()
    server.shutdown()


if __name__ == "__main__":
    main()
