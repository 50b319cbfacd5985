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
from tests.browser.conftest import FLAGS  # noqa: E402  (the tests' Chromium flags)
from tests.servers import LocalServer  # noqa: E402

BUDGET = 100 * 1024
LANGUAGES = ("en", "ru")
TOOL_PAGES = ("/", "/debug", "/callbacks", "/inspector", "/vectors")
DOCS_PAGES = ("/docs/", "/docs/builder/")
BATCH = 8  # pages loading at once: their network-idle waits overlap


def pages() -> list[str]:
    return list(TOOL_PAGES) + ["/" + name for name in sorted(load_registry())]


def weigh(browser, base_url: str, paths, lang: str = "en") -> dict[str, int]:
    """Bytes of every response from `base_url` while each path loads, each in a fresh context, `lang` its
    browser's language (Accept-Language, as a first visit sends it)."""
    sizes = {}
    paths = list(paths)
    for start in range(0, len(paths), BATCH):
        loading = []
        for path in paths[start:start + BATCH]:
            context = browser.new_context(base_url=base_url, locale=lang)
            page = context.new_page()
            finished = []
            page.on("requestfinished", lambda r, f=finished: f.append(r) if r.url.startswith(base_url) else None)
            page.goto(path, wait_until="commit")
            loading.append((path, context, page, finished))
        for path, context, page, finished in loading:
            page.wait_for_load_state("networkidle")
            sizes[path] = sum(s["responseBodySize"] + s["responseHeadersSize"] for s in (r.sizes() for r in finished))
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
