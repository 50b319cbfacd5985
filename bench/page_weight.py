"""Page weight: the bytes each page transfers (HTML, CSS, every JS module it imports: everything the browser
fetched from this tool, headers and bodies as sent, gzip where the tool compresses) measured in headless
Chromium, against the 100 KB budget. `make bench`; tests/browser/test_page_weight.py keeps it."""

import logging
import sys
import tempfile
import threading
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from app import create_app  # noqa: E402
from tests.browser.conftest import FLAGS  # noqa: E402  (the tests' Chromium flags)
from tests.servers import LocalServer  # noqa: E402

BUDGET = 100 * 1024
PAGES = ("/", "/sale", "/preauth-form", "/make-rebill-sale", "/debug", "/callbacks")


def weigh(browser, base_url: str, path: str) -> int:
    """Bytes of every response from `base_url` while `path` loads (a fresh context: nothing cached)."""
    context = browser.new_context(base_url=base_url)
    page = context.new_page()
    requests = []
    page.on("requestfinished", lambda r: requests.append(r) if r.url.startswith(base_url) else None)
    page.goto(path, wait_until="networkidle")
    sizes = [r.sizes() for r in requests]
    context.close()
    return sum(s["responseBodySize"] + s["responseHeadersSize"] for s in sizes)


def main():
    logging.getLogger("werkzeug").setLevel(logging.ERROR)
    app = create_app({"SECRET_KEY": "bench", "SANDBOX_DATABASE": tempfile.mktemp(suffix=".db")})
    server = LocalServer(app)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    from playwright.sync_api import sync_playwright

    over = []
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path="/usr/bin/chromium", args=FLAGS)
        for path in PAGES:
            size = weigh(browser, f"http://127.0.0.1:{server.server_port}", path)
            print(f"page weight {path}: {size / 1024:.1f} KB (budget {BUDGET // 1024} KB)")
            if size > BUDGET:
                over.append(path)
        browser.close()
    server.shutdown()
    if over:
        sys.exit(f"over the page-weight budget: {', '.join(over)}")


if __name__ == "__main__":
    main()
