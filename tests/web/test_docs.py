"""The docs at /docs/: the built site served safely, every page's Help link answers, the CSP allows only the
pages' own inline scripts. `make test` builds the site before pytest; alone, the site_built fixture builds it."""

import pathlib
import re
from urllib.parse import urlsplit

from sandbox import demo_keys
from web import docs

PAGES = ["/", "/sale", "/debug", "/debug/v4", "/v4/payout", "/callbacks", "/inspector", "/vectors",
         "/no-such-command", "/dapi"]
HELP = re.compile(r'<a class="help-link" href="([^"]+)" hreflang="en">([^<]+)</a>')



def help_links(client, path, lang="en"):
    r = client.get(path, headers={"Accept-Language": lang})
    return HELP.findall(r.get_data(as_text=True))


def test_every_page_links_its_help(client):
    assert {path: help_links(client, path) for path in PAGES} == {
        "/": [("/docs/builder/", "Help")],
        "/sale": [("/docs/builder/", "Help")],
        "/debug": [("/docs/debugger/", "Help")],
        "/debug/v4": [("/docs/v4/#the-v4-signature-debugger", "Help")],
        "/v4/payout": [("/docs/v4/#the-builder", "Help")],
        "/callbacks": [("/docs/callbacks/", "Help")],
        "/inspector": [("/docs/sandbox/#sandbox-accounts-and-the-inspector", "Help")],
        "/vectors": [("/docs/builder/#take-it-with-you", "Help")],
        "/no-such-command": [("/docs/", "Help")],
        "/dapi": [("/docs/dapi/", "Help")],
    }


def test_in_russian_the_help_link_says_the_docs_are_in_english(client):
    assert help_links(client, "/debug", "ru") == [("/docs/debugger/", "Справка (на английском)")]


def test_every_help_link_answers_with_its_anchor(client, site_built):
    for path in PAGES:
        for href, _text in help_links(client, path) + help_links(client, path, "ru"):
            url = urlsplit(href)
            r = client.get(url.path)
            assert (r.status_code, r.mimetype) == (200, "text/html"), href
            if url.fragment:
                assert f'id="{url.fragment}"' in r.get_data(as_text=True), href
            r.close()


def test_docs_pages_allow_their_own_inline_scripts_only(client, site_built):
    r = client.get("/docs/")
    csp = r.headers["Content-Security-Policy"]
    html = r.get_data()
    r.close()
    hashes = docs.script_hashes(html)
    assert len(hashes) == 3  # Material's inline scripts: scope, palette, tabs
    assert f"script-src 'self' {' '.join(hashes)};" in csp
    assert "img-src 'self' data:;" in csp
    assert "unsafe-inline" not in csp and "http" not in csp


def test_docs_files_and_folders(client, site_built):
    r = client.get("/docs/builder")
    assert (r.status_code, r.headers["Location"]) == (308, "/docs/builder/")
    for path in ["/docs/../app.py", "/docs/%2e%2e/app.py", "/docs/..%2fapp.py", "/docs/nope/", "/docs/nope.html"]:
        r = client.get(path)
        assert r.status_code == 404, path
        assert "The docs have no page at this address." in r.get_data(as_text=True), path
    r = client.get("/docs/search/search_index.json")
    assert (r.status_code, r.mimetype) == (200, "application/json")
    r.close()


def test_unbuilt_docs_say_to_run_make_docs(client, tmp_path, monkeypatch):
    monkeypatch.setattr(docs, "SITE", str(tmp_path))
    r = client.get("/docs/")
    assert r.status_code == 404
    assert "run “make docs” (or “make run”), which builds them into site/." in r.get_data(as_text=True)


def test_the_v4_page_publishes_the_demo_key_pair_the_sandbox_uses():
    text = (pathlib.Path(__file__).resolve().parents[2] / "docs" / "v4.md").read_text()
    assert demo_keys.PRIVATE_PEM.strip() in text and demo_keys.PUBLIC_PEM.strip() in text
