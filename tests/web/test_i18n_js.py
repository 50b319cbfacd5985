"""The pages' scripts in Russian: every string a person sees goes through t() (static/i18n.js), Babel extracts
it, the catalogue holds its Russian, and a Russian page embeds those translations."""

import json
import os
import re

import pytest
from babel.messages.jslexer import tokenize
from babel.messages.pofile import read_po

from web.i18n import js_msgids, page_msgids

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
STATIC = os.path.join(ROOT, "static")
PO = os.path.join(ROOT, "translations", "ru", "LC_MESSAGES", "messages.po")
SCRIPTS = sorted(n for n in os.listdir(STATIC) if n.endswith(".js"))
RU = {"Accept-Language": "ru"}

# ---- The static scan: English text that reaches a person without t() ----
# Calls whose string arguments are never shown: selectors, events, storage keys, URLs, tags.
QUIET_CALLS = {"querySelector", "querySelectorAll", "getElementById", "closest", "createElement", "addEventListener",
               "getItem", "setItem", "removeItem", "fetch", "toggle", "contains", "getAttribute", "removeAttribute",
               "$", "escape", "includes", "startsWith", "replaceState", "download", "Blob", "split", "join", "padStart"}
# Calls that show their arguments: the first and last index shown (the helpers' text and children).
EVERY = (0, 99)
SHOWN_CALLS = {"append": EVERY, "prepend": EVERY, "replaceChildren": EVERY, "alert": EVERY, "confirm": EVERY,
               "prompt": EVERY, "el": (1, 1), "cell": (1, 1), "element": (2, 99)}
# Properties whose value a person sees or hears, and properties that are never shown (class names, ids, ...).
SHOWN_PROPS = ("textContent", "innerText", "innerHTML", "title", "placeholder", "ariaLabel", "label", "message")
QUIET_PROPS = ("className", "id", "type", "href", "download", "rel", "target", "name")
CLASS_ARGS = {"el": 2, "cell": 2}  # el(tag, text, className)
# Strings that stay as they are, with why: wire names and technical labels.
ALLOWED = {
    "ENDPOINTID": "a wire parameter's placeholder", "ENDPOINTGROUPID": "a wire parameter's placeholder",
    "HTTP …": "an HTTP status line", "UTF-8: …": "bytes of a character, a technical label",
    "… \\\\\\n  --data-urlencode control=…": "a curl option",
    "it would be ….": "finds the server's English message (builder.js adds the control beside it)",
    "it would be … (control …).": "the same English message with the page's control",
    "unknown algorithm …": "a programming error thrown, never shown",
    "printf %s '…' | openssl dgst -sha256 -sign private.pem | base64 -w0": "a shell command (oauth.js: v4's openssl)",
    "PRIVATE KEY": "a PEM label", "PUBLIC KEY": "a PEM label", "POST": "the HTTP method in v4's base string",
    "python3 relay.py … …": "a shell command (callbacks.js: the relay's, with the inbox URL)",
    '<!doctype html><html lang="…"><head><meta charset="utf-8"><title>…</title></head><body>': "markup",
}
COMPARISONS = ("==", "!=")  # the lexer reads === as == then =


def prose(text: str) -> bool:
    """Words a person reads: two words in a row, or one capitalised word ("Copied", "Refused.")."""
    return bool(re.search(r"[A-Za-z]{2,}[ ,;:]+[A-Za-z]{2,}", text) or re.fullmatch(r"[A-Z][a-z]{2,}[.…!]?", text))


def template_parts(literal: str) -> tuple[str, list[str]]:
    """A template literal's own text (each ${...} as "…") and its expressions."""
    text, exprs, i, body = [], [], 0, literal[1:-1]
    while i < len(body):
        if body.startswith("${", i):
            depth, j = 1, i + 2
            while j < len(body) and depth:
                depth += {"{": 1, "}": -1}.get(body[j], 0)
                j += 1
            exprs.append(body[i + 2:j - 1])
            text.append("…")
            i = j
        else:
            text.append(body[i])
            i += 1
    return "".join(text), exprs


def unquote(literal: str) -> str:
    return re.sub(r"\\(.)", r"\1", literal[1:-1])


def name_of(token) -> str:
    """The last part of a dotted name (`b.textContent` -> textContent), or "" for anything else."""
    return token.value.rsplit(".", 1)[-1] if token.type == "name" else ""


def quiet(tokens, i, frame, text) -> bool:
    """A literal never shown: t()'s own, a selector or key, a class name, a compared or subscript value."""
    callee, index = frame
    prev = tokens[i - 1].value if i else ""
    after = tokens[i + 1].value if i + 1 < len(tokens) else ""
    before = tokens[i - 2] if i > 1 else tokens[0]
    return ((callee == "t" and index == 0) or callee in QUIET_CALLS or CLASS_ARGS.get(callee) == index
            or prev in ("from", "import", *COMPARISONS) or after in COMPARISONS
            or (prev == "=" and before.value in COMPARISONS)
            or (prev in (":", "=") and name_of(before) in QUIET_PROPS) or (after == ":" and prev in ("{", ","))
            or (prev == "[" and after == "]" and before.type == "name") or text in ALLOWED)


def shown(frame, reading_prop, text) -> bool:
    callee, index = frame
    lo, hi = SHOWN_CALLS.get(callee, (1, 0))
    return prose(text) or ((lo <= index <= hi or reading_prop) and bool(re.search("[A-Za-z]{2,}", text)))


def untranslated(source: str) -> list[str]:
    """English literals in a script that a person would see untranslated, by the heuristic above."""
    found = []
    tokens = [tk for tk in tokenize(source, template_string=True) if "comment" not in tk.type]
    frames = [[None, 0]]  # per open bracket: [callee, argument index]
    prop_depth = None  # the bracket depth of a `textContent = ...` being read
    for i, tk in enumerate(tokens):
        if tk.type == "operator":
            if tk.value in "([{":
                frames.append([name_of(tokens[i - 1]) if tk.value == "(" and i else None, 0])
            elif tk.value in ")]}" and len(frames) > 1:
                frames.pop()
            elif tk.value == ",":
                frames[-1][1] += 1
            depth = len(frames)
            if prop_depth is not None and (depth < prop_depth or (depth == prop_depth and tk.value in ",;")):
                prop_depth = None
            if tk.value in ("=", ":") and i and name_of(tokens[i - 1]) in SHOWN_PROPS:
                prop_depth = len(frames)
        elif tk.type in ("string", "template_string"):
            text, exprs = template_parts(tk.value) if tk.type == "template_string" else (unquote(tk.value), [])
            for expr in exprs:
                found += untranslated(expr)
            if not quiet(tokens, i, frames[-1], text) and shown(frames[-1], prop_depth is not None, text):
                found.append(text)
    return found


SAMPLE = '''
import { t } from "./i18n.js";
button.textContent = "Copied";
$("hint").textContent = busy ? t("Sending…") : "Still processing after 30 s";
box.append(el("p", "accepted", "verdict ok"), el("p", t("accepted"), "verdict ok"));
b.setAttribute("aria-label", `use my inbox for ${name}`);
input.setAttribute("aria-invalid", "true");
const label = Object.assign(node, { className: "small entry", title: "Open the page" });
if (!confirm("Really send?")) return;
li.textContent = `${when} ${t("order %(id)s", { id })}: ${cond ? "order unknown" : ""}`;
const ok = fields["redirect-to"] && data.kind === "redirect final" ? t("Match: " + "a valid callback.") : "";
'''


def test_scan_has_teeth():
    """Each kind of sink it looks at, caught in a sample; t() calls, class names, keys and comparisons are not."""
    assert untranslated(SAMPLE) == ["Copied", "Still processing after 30 s", "accepted", "use my inbox for …",
                                    "Open the page", "Really send?", "order unknown"]


@pytest.mark.parametrize("name", SCRIPTS)
def test_no_untranslated_english_in_scripts(name):
    with open(os.path.join(STATIC, name), encoding="utf-8") as f:
        assert untranslated(f.read()) == []


def t_literals(source: str) -> set:
    """Every literal written as t("...")'s first argument, by a plain regex (Babel's extractor must see each);
    comment lines left out."""
    code = "\n".join(line for line in source.splitlines() if not line.lstrip().startswith(("//", "/*", "*")))
    return {m.group(1).replace('\\"', '"') for m in re.finditer(r'\bt\("((?:[^"\\]|\\.)*)"[,)]', code)}


def test_extractor_sees_every_t_call():
    """Babel's extractor silently skips t("...", {values}) inside a template literal's ${...}: none may hide there."""
    written = set()
    for name in SCRIPTS:
        with open(os.path.join(STATIC, name), encoding="utf-8") as f:
            written |= t_literals(f.read())
    assert written - set(js_msgids(STATIC)) == set()
    assert t_literals('x = `${t("A b", { n: 1 })}`;') == {"A b"}  # what the regex sees, the extractor may not


def test_js_msgids_finds_known_strings():
    found = js_msgids(STATIC)
    for msgid in ("Copied", "Sending…", "Still processing: the payer's page has to be opened first.",
                  "Still processing after %(s)s s: stopped polling.", "use my inbox", "status %(status)s",
                  "Match: a valid callback.", "must not be negative", "%(ms)s ms", "Theme: dark"):
        assert msgid in found
    assert len(found) == 174


def test_every_js_msgid_has_russian():
    with open(PO, "rb") as f:
        catalogue = read_po(f, locale="ru")
    missing = [m for m in js_msgids(STATIC)
               if not catalogue.get(m) or not catalogue.get(m).string or catalogue.get(m).fuzzy]
    assert missing == []


def page_strings(html: str) -> dict | None:
    found = re.search(r'<script type="application/json" id="i18n-strings">(.*?)</script>', html, re.S)
    return json.loads(found.group(1)) if found else None


def test_russian_builder_page_embeds_its_scripts_strings(client):
    strings = page_strings(client.get("/make-rebill-sale", headers=RU).text)
    assert strings["Copied"] == "Скопировано"
    assert strings["Sending…"] == "Отправка…"
    assert strings["Still processing: the payer's page has to be opened first."] == (
        "Статус всё ещё processing: сначала нужно открыть страницу Плательщика.")
    assert strings["status %(status)s"] == "статус %(status)s"
    assert strings["Theme: dark"] == "Тема: тёмная"
    assert strings["— not sendable: %(problems)s"] == "— отправить нельзя: %(problems)s"
    assert "Match: a valid callback." not in strings  # the callbacks page's verdict: not a builder module's
    assert len(strings) == 98


@pytest.mark.parametrize(("path", "count", "own", "foreign"), [
    ("/", 17, "Imported %(count)s requests.", "Copied"),
    ("/debug", 27, "Copied", "Sending…"),
    ("/callbacks", 21, "Match: a valid callback.", "Sending…"),
    ("/inspector", 24, "open in debugger", "Match: a valid callback."),
    ("/vectors", 14, "Theme: dark", "Sending…"),
    ("/dapi", 17, "The two check-transfer variants agree: no card id is given.", "Sending…"),
])
def test_each_russian_page_embeds_only_its_own_modules_strings(client, path, count, own, foreign):
    """Only the strings of the modules the page loads (its script, theme.js and their imports)."""
    strings = page_strings(client.get(path, headers=RU).text)
    assert own in strings and foreign not in strings
    assert len(strings) == count


def test_a_page_module_graph_follows_imports():
    assert "Sending…" in page_msgids(STATIC, "builder.js")  # steps.js, imported by builder.js
    assert "Sending…" not in page_msgids(STATIC, "")
    assert page_msgids(STATIC, "no-such.js") == page_msgids(STATIC, "")


def test_block_is_escaped_json(client):
    """The block is JSON inside a script element: no "</script>" can close it early."""
    html = client.get("/make-rebill-sale", headers=RU).text
    block = html.split('id="i18n-strings">', 1)[1].split("</script>", 1)[0]
    assert "<" not in block and ">" not in block
    assert ('"Card data masked (%(names)s): the snippet reads it from %(variables)s; set them to a test card, or tick '
            '\\"with card data\\" to include the typed one."') in block


@pytest.mark.parametrize("path", ["/", "/make-rebill-sale", "/debug", "/callbacks", "/inspector", "/vectors",
                                  "/dapi"])
def test_english_pages_carry_no_block(client, path):
    page = client.get(path, headers={"Accept-Language": "en"})
    assert page.status_code == 200
    assert 'id="i18n-strings"' not in page.text
    assert page_strings(client.get(path).text) is None


def test_every_page_with_scripts_extends_base():
    """base.html embeds the block: a page that loaded a script without it would stay English."""
    folder = os.path.join(ROOT, "templates")
    for name in os.listdir(folder):
        with open(os.path.join(folder, name), encoding="utf-8") as f:
            text = f.read()
        if "<script" in text and name != "base.html":
            assert text.startswith('{% extends "base.html" %}'), name
