"""Issue 15's 'done when', over the whole tool: every string Babel extracts (babel.cfg: the core, the web layer,
the forms, the templates, the pages' scripts) has a Russian translation, the catalogue holds nothing stale, and a
Russian page shows no English prose (the gateway's own names, parameters and replies excepted)."""

import os
from html.parser import HTMLParser

import pytest
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.pofile import read_po

from forms import load_registry
from tests.helpers import STOPWORDS, UI_WORDS, Ops, order_ids

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
PO = os.path.join(ROOT, "translations", "ru", "LC_MESSAGES", "messages.po")
NOT_SOURCES = {"node_modules", "tests", "bench", "translations", "vendor"}


def _is_source(directory: str) -> bool:
    name = os.path.basename(directory)
    return name not in NOT_SOURCES and not name.startswith(".")


def extracted() -> dict:
    """msgid -> the first file it was found in, by Babel's own extraction with babel.cfg (as `pybabel extract`)."""
    with open(os.path.join(ROOT, "babel.cfg")) as f:
        method_map, options_map = parse_mapping_cfg(f)
    found = {}
    for path, _line, msgid, _comments, _context in extract_from_dir(
            ROOT, method_map, options_map, keywords={**DEFAULT_KEYWORDS, "t": None},
            directory_filter=_is_source):
        found.setdefault(msgid[0] if isinstance(msgid, tuple) else msgid, path)
    return found


@pytest.fixture(scope="module")
def catalogue():
    with open(PO, "rb") as f:
        return read_po(f, locale="ru")


@pytest.fixture(scope="module")
def sources():
    return extracted()


def test_every_extracted_message_has_russian(catalogue, sources):
    missing = []
    for msgid, path in sorted(sources.items()):
        message = catalogue.get(msgid)
        strings = message.string if message else ""
        if not message or message.fuzzy or not all(strings if isinstance(strings, tuple) else (strings,)):
            missing.append((path, msgid))
    assert missing == []


def test_catalogue_holds_nothing_stale(catalogue, sources):
    """A msgid no source says any more (a reworded message) would hide a missing translation of the new one."""
    assert sorted(m.id[0] if isinstance(m.id, tuple) else m.id for m in catalogue
                  if m.id and (m.id[0] if isinstance(m.id, tuple) else m.id) not in sources) == []


def test_extraction_covers_every_part_of_the_tool(sources):
    """The check has teeth: each kind of source contributes (a mapping typo would silently drop one)."""
    parts = {path.split(os.sep)[0] for path in sources.values()}
    assert parts >= {"paynet", "debugger", "sandbox", "outbound", "web", "forms", "templates", "static"}
    assert sources["Signed fields"] == os.path.join("templates", "builder.html")


CODE = {"script", "style", "code", "kbd", "pre", "samp", "var", "textarea"}  # code and raw exchanges stay as sent
SHOWN_ATTRS = {"title", "placeholder", "aria-label", "alt"}
VOID = {"br", "input", "meta", "link", "img", "hr", "wbr", "source", "col", "area", "base"}


class ShownText(HTMLParser):
    """Text a person reads: text nodes outside code and outside translate="no" (the gateway's own words), and
    the attributes browsers show or speak."""

    def __init__(self):
        super().__init__()
        self.open, self.parts = [], []  # (tag, inside code or wire text)

    def skipping(self) -> bool:
        return bool(self.open) and self.open[-1][1]

    def handle_starttag(self, tag, attrs):
        skip = self.skipping() or tag in CODE or ("translate", "no") in attrs
        if tag not in VOID:
            self.open.append((tag, skip))
        self.parts += [value for name, value in attrs if name in SHOWN_ATTRS and value and not skip]

    def handle_endtag(self, tag):
        while self.open and self.open.pop()[0] != tag:
            pass

    def handle_data(self, data):
        if not self.skipping():
            self.parts.append(data)


def english(html: str) -> list[str]:
    parser = ShownText()
    parser.feed(html)
    return sorted({part.strip()[:120] for part in parser.parts if STOPWORDS.search(part) or UI_WORDS.search(part)})


def test_the_leak_check_has_teeth():
    assert english("<p>Копировать</p><code>the raw body</code><button title='Copy'>x</button>") == ["Copy"]
    assert english("<p>Signature of the request</p><pre>and</pre>") == ["Signature of the request"]
    assert english("<p>Параметр <code>amount</code> обязателен (status approved)</p>") == []
    assert english("<p>язык браузера (Accept-Language)</p>") == []  # a header's name is not prose
    assert english('<p>ответ шлюза: <span translate="no">the control code is wrong</span></p>') == []


def russian_pages(client):
    """Every page a person opens, in the states that add the most text (results, the payer's pages)."""
    ops = Ops(client)
    form = ops.submit("sale-form", client_orderid="L1", amount="10.00")
    sale = ops.submit("sale", client_orderid="L2", amount="10.00", credit_card_number="4000000000003220")
    three_ds = ops.submit("status", **order_ids(sale))["redirect-to"]
    paths = ["/", "/debug", "/callbacks", "/inspector", "/vectors", "/no-such-page", "/dapi",
             form["redirect-url"].split("://", 1)[1].partition("/")[2], three_ds.split("://", 1)[1].partition("/")[2]]
    pages = {p: client.get("/" + p.lstrip("/")) for p in paths}
    pages.update({"/" + name: client.get("/" + name) for name in sorted(load_registry())})
    pages["POST /debug"] = client.post("/debug", data={"raw": "POST /paynet/api/v2/status/1111 HTTP/1.1\n\n"
                                                      "login=demo&client_orderid=1&orderid=2&control=abc"})
    return pages


def test_russian_pages_show_no_english_prose(client):
    client.set_cookie("lang", "ru")
    found = {}
    for path, page in russian_pages(client).items():
        html = page.get_data(as_text=True)
        assert '<html lang="ru">' in html, path
        if leaks := english(html):
            found[path] = leaks
    assert found == {}
