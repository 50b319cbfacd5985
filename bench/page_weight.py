"""Page weight: the bytes each page transfers (HTML, CSS, every JS module it imports, the calls its scripts
make on load: everything the browser fetched from this tool, headers and bodies as sent, gzip where the tool
compresses) measured in headless Chromium with a fresh context (nothing cached), in English and in Russian,
against the 100 KB budget. `make bench` weighs every page; tests/browser/test_page_weight.py keeps it.
The docs site (Material's theme and its search index, English only) is printed apart, not budgeted here."""

import logging
import sys
import tempfile
import threading
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from app import create_app  # noqa: E402
from forms import load_registry  # noqa: E402
from forms.v4 import load_v4_registry  # noqa: E402
from tests.browser.conftest import FLAGS  # noqa: E402  (the tests' Chromium flags)
from tests.servers import LocalServer  # noqa: E402

BUDGET = 100 * 1024
LANGUAGES = ("en", "ru")
TOOL_PAGES = ("/", "/debug", "/callbacks", "/inspector", "/vectors", "/dapi")
DOCS_PAGES = ("/docs/", "/docs/builder/")


def pages() -> list[str]:
    return list(TOOL_PAGES) + ["/" + name for name in sorted(load_registry())] + [
        "/v4/" + name for name in sorted(load_v4_registry())]


def weigh(browser, base_url: str, paths, lang: str = "en") -> dict[str, int]:
    """Bytes of every response from `base_url` while each path loads, `lang` the browser's language
    (Accept-Language, as a first visit sends it). One context, its HTTP cache off (routing turns it off) and its
    cookies cleared before each page: every page loads as a first visit does. Done when the load event has
    fired and no request the page made is still in flight (the scripts' calls on load start before it)."""
    context = browser.new_context(base_url=base_url, locale=lang)
    context.route("**/*", lambda route: route.continue_())
    page = context.new_page()
    sizes, current, inflight = {}, [], [0]

    def started(request):
        inflight[0] += request.url.startswith(base_url)

    def ended(request, done=True):
        if request.url.startswith(base_url):
            inflight[0] -= 1
            if done:
                current.append(request)
    page.on("request", started)
    page.on("requestfinished", ended)
    page.on("requestfailed", lambda request: ended(request, False))
    for path in paths:
        context.clear_cookies()
        current.clear()
        page.goto(path, wait_until="load")
        while inflight[0] > 0:  # a request that fails instead times this out: a page must not fail one
            page.wait_for_event("requestfinished")
        sizes[path] = sum(s["responseBodySize"] + s["responseHeadersSize"] for s in (r.sizes() for r in current))
    context.close()
    return sizes


def main():
    logging.getLogger("werkzeug").setLevel(logging.ERROR)
    app = create_app({"SECRET_KEY": "bench", "SANDBOX_DATABASE": tempfile.mktemp(suffix=".db")})
    server = LocalServer(app)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    from playwright.sync_api import sync_playwright

    base = f"http://127.0.0.1:{server.server_port}"
    over = []
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path="/usr/bin/chromium", args=FLAGS)
        weights = {lang: weigh(browser, base, pages(), lang) for lang in LANGUAGES}
        for path in pages():
            shown = "  ".join(f"{lang} {weights[lang][path] / 1024:5.1f} KB" for lang in LANGUAGES)
            print(f"page weight {path:28} {shown}  (budget {BUDGET // 1024} KB)")
            over += [f"{path} ({lang})" for lang in LANGUAGES if weights[lang][path] > BUDGET]
        for path, size in weigh(browser, base, DOCS_PAGES).items():
            print(f"docs site   {path:28} en {size / 1024:5.1f} KB  (the theme's and its search index's)")
        browser.close()
    server.shutdown()
    if over:
        sys.exit(f"over the page-weight budget: {', '.join(over)}")


if __name__ == "__main__":
    main()
