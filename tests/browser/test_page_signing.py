"""The page signs by itself: static/hashes.js and static/recipe.js in Chromium, against literal values and
against the server's own signatures for hundreds of random inputs; and with the API blocked."""

import json
import random

import pytest
from playwright.sync_api import expect

from forms import load_registry
from tests.conftest import DOC_KEY

pytestmark = pytest.mark.browser
REGISTRY = load_registry()

HASHES = """async () => {
  const h = await import("/static/hashes.js");
  const f = await import("/static/fingerprint.js");
  return [h.sha1Hex("abc"), h.sha256Hex("abc"), h.md5Hex("abc"),
          h.hmacSha1Hex("Jefe", "what do ya want for nothing?"), h.sha1Hex("Zürich ÷ 東京 €1"),
          h.md5Hex("Zürich ÷ 東京 €1"), h.digestHex("sha1", ""),
          f.keyFingerprint("B17F59B4-A7DC-41B4-8FF9-37D986B43D20"),
          f.keyFingerprint("  5ab9c31e-0b5a-4d52-9c1e-7f3a2d6e8b40\\t\\n"), f.keyFingerprint(" ")];
}"""


def test_hashes_module_literal_digests(page):
    page.goto("/")
    assert page.evaluate(HASHES) == [
        "a9993e364706816aba3e25717850c26c9cd0d89d",  # FIPS 180 "abc"
        "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
        "900150983cd24fb0d6963f7d28e17f72",  # RFC 1321
        "effcdf6ae5eb2fa2d27416d5f184df9c259a7c79",  # RFC 2202 test case 2
        "02356ced57330d8e746d2a74cfe1330bacc1746c",  # UTF-8 bytes, computed once with Python's hashlib
        "0fa7cfe2f575b96e5d32c4740880ef48",
        "da39a3ee5e6b4b0d3255bfef95601890afd80709",
        # key fingerprints: printf %s "paynet-key:$KEY" | sha256sum | cut -c1-8 on each key, trimmed
        "f2e7e74d", "3fbffb70", ""]


RULES = """async () => {
  const r = await import("/static/recipe.js");
  return {
    minor: ["1.15", "4.35", "0.29", "10.5", "69", "007.50", "0.00", " 0.05\\t"].map(r.toMinor),
    problems: ["1e3", "1,5", "-1", "1.234", "1.", "\\u00a01.15", "10.42"].map(r.amountProblem),
    trim: r.javaTrim("\\u0000 \\t\\u00a0x\\u3000\\r\\n\\u001f"),
  };
}"""


def test_recipe_rules_literal(page):
    page.goto("/")
    assert page.evaluate(RULES) == {
        "minor": ["115", "435", "29", "1050", "6900", "750", "0", "5"],
        "problems": ["must be plain digits, not exponent notation", "must use '.' as the decimal delimiter, not ','",
                     "must not be negative", "has more than 2 decimals", "must be a number in major units like 10.42",
                     "must be a number in major units like 10.42", ""],
        "trim": "\u00a0x\u3000"}


# ---- (a) page == server for random inputs across every recipe shape ----
TEXTS = ["", "", "login", " login ", "\tdemo\n", "902B4FF5", "Zürich", "東京", "\u00a0nbsp\u00a0",
         "\u3000wide\u3000", "a\u2003b", "\x0bv\x0c", "\r\nz\x1f",
         "😀", "e\u0301", "\x00pad\x00", "john.smith@gmail.com", "USD", " ", "\u00a0"]
AMOUNTS = ["1.15", "4.35", "0.29", "1e3", "10.5", "69", "", "", " 10.42 ", "0", "0.00", "007.50", "5,00", "-1",
           "1.234", "\u00a01.15", "12345678901234567890.99", "1.", ".5", "1E3", "\u0663", "\t69\n", "0.05", "\u3000"]
TARGETS = ["1111", " 2222 ", "", "12a", "\u00a01", "\t3\n"]
KEYS = [DOC_KEY, f" {DOC_KEY}\t", "", "ключ", "\u3000k", "\u00a0"]
SIGN_ALL = """async (cases) => {
  const r = await import("/static/recipe.js");
  return cases.map((c) => r.sign(c.recipe, c.values, { target: c.target, targetKind: c.kind, key: c.key }));
}"""


def cases(count=600, seed=10):
    rng = random.Random(seed)
    names = list(REGISTRY)
    out = []
    for i in range(count):
        name = names[i % len(names)]  # every recipe shape, round robin
        recipe = REGISTRY[name].command.recipe_data()
        values = {}
        for part in recipe:
            if part["source"] == "field":
                values[part["name"]] = rng.choice(AMOUNTS if part["minor_units"] else TEXTS)
        kind = rng.choice(REGISTRY[name].command.targets)
        out.append({"command": name, "recipe": recipe, "values": values, "kind": kind,
                    "target": rng.choice(TARGETS), "key": rng.choice(KEYS)})
    return out


def server_sign(client, case):
    label = "groupid" if case["kind"] == "group" else "endpointid"
    payload = {**case["values"], label: case["target"], "merchant_control": case["key"], "reveal": True}
    return client.post(f"/api/{case['command']}/sign", json=payload).get_json()


def test_page_and_server_agree_on_random_inputs(page, app):
    page.goto("/")
    generated = cases()
    ours = page.evaluate(SIGN_ALL, generated)
    client = app.test_client()
    for case, mine in zip(generated, ours, strict=True):
        theirs = server_sign(client, case)
        where = json.dumps(case, ensure_ascii=True)
        assert mine["stringToSign"] == theirs["string_to_sign"], where
        if mine["problems"]:  # an amount the page will not sign: the server names the same field
            assert mine["signature"] is None and set(mine["problems"]) <= set(theirs["errors"]), where
        else:
            assert mine["signature"] == theirs["signature"], where
        if case["target"].strip():
            assert [p["name"] for p in mine["parts"]] == [p["name"] for p in theirs["parts"]], where
    assert len(generated) >= 500


# ---- (c) the signature follows keystrokes with the API blocked ----
def test_signature_follows_keystrokes_with_api_blocked(page):
    blocked = []
    page.route("**/api/*/sign", lambda route: (blocked.append(route.request.url), route.abort()))
    page.goto("/preauth-form")
    page.fill("#f-target", "1111")
    page.locator("#f-merchant_control").press_sequentially(DOC_KEY)
    page.fill("#f-client_orderid", "902B4FF5")
    page.fill("#f-email", "john.smith@gmail.com")
    page.locator("#f-amount").press_sequentially("10.42", delay=10)
    expect(page.locator("#signature")).to_have_text("c6bdd88a78834ef4b863b088827a459f039e8257")
    assert page.text_content("#string-to-sign") == "1111902B4FF51042john.smith@gmail.com***"
    page.locator("#f-amount").fill("")
    expect(page.locator("#signature")).to_have_text("fd763f1c92340a0c73a345459053df6d759ef29f")
    page.locator("#f-amount").press_sequentially("69")
    expect(page.locator("#signature")).to_have_text("8877ebf6b5951d56b00d32904d91c295ec4ebca0")
    page.locator("#f-amount").press("Backspace")
    expect(page.locator("#signature")).to_have_text("ce780def0903ba0aa076a8819df4e6949b69f3c4")
    page.locator("#f-amount").press_sequentially(",5")
    expect(page.locator("#signature")).to_have_text(
        "— not sendable: amount must use '.' as the decimal delimiter, not ','")
    assert page.text_content("#string-to-sign") == "1111902B4FF56,5john.smith@gmail.com***"
    assert len(blocked) >= 5  # the page did try the server, and was refused every time


def test_body_and_curl_get_the_pages_control(page):
    page.goto("/get-card-info")
    page.fill("#f-target", "1")
    page.fill("#f-login", "login")
    page.fill("#f-cardrefid", "1461665")
    page.locator("#f-merchant_control").press_sequentially(DOC_KEY)
    expect(page.locator("#signature")).to_have_text("bb694cb7f9ac8dbd6eb635c95e26fe9288c8952b")
    expect(page.locator("#body")).to_have_text("login=login&cardrefid=1461665"
                                               "&control=bb694cb7f9ac8dbd6eb635c95e26fe9288c8952b")
    page.locator("#f-merchant_control").fill("")
    expect(page.locator("#body")).to_have_text("login=login&cardrefid=1461665")
    assert page.text_content("#signature") == "— type the key (merchant_control) to sign"


def test_whitespace_warnings_name_the_untrimmed_control(page):
    page.goto("/get-card-info")
    page.fill("#f-target", "1")
    page.fill("#f-cardrefid", "1461665")
    page.fill("#f-login", " login")
    page.locator("#f-merchant_control").press_sequentially(DOC_KEY)
    expect(page.locator('[data-messages-for="login"] li.warning')).to_have_text(
        "login has leading or trailing whitespace; the gateway trims it before checking control, and so does this "
        "tool. Signed untrimmed, the control would be b078c950cf27020b3822e843dbd045c9b9825130 instead of "
        "bb694cb7f9ac8dbd6eb635c95e26fe9288c8952b.")
    page.fill("#f-login", "login")
    page.fill("#f-merchant_control", DOC_KEY + "\t")
    expect(page.locator("#key-fingerprint code")).to_have_text("f2e7e74d")  # the key as trimmed, as the server
    expect(page.locator('[data-messages-for="merchant_control"] li.warning')).to_have_text(
        "merchant_control has leading or trailing whitespace; the gateway trims it before checking control, and "
        "so does this tool. Signed untrimmed, the control would be 76c4c34fbdd94546d521fb92535b60e686c95af6 "
        "instead of bb694cb7f9ac8dbd6eb635c95e26fe9288c8952b.")
    expect(page.locator('[data-messages-for="login"] li')).to_have_count(0)


def test_currency_exponent_warning_names_the_iso_control(page):
    page.goto("/make-rebill-sale")
    for name, value in [("target", "1"), ("login", "login"), ("client_orderid", "902B4FF5"), ("cardrefid", "1461665"),
                        ("currency", "JPY"), ("merchant_control", DOC_KEY), ("amount", "100")]:
        page.fill(f"#f-{name}", value)
    expect(page.locator("#signature")).to_have_text("276f1bd34b29276350bfcd336292e771eb61f7f2")
    expect(page.locator('[data-messages-for="amount"] li.warning')).to_have_text(
        "JPY has 0 decimals in ISO 4217. This tool signs amount x 100 (100 -> 10000) as every public "
        "client does; by the ISO exponent it would be 100 (control "
        "25d24a8ef54c3f48bef93741a6ed5c6b35cd6889). Confirm with the gateway's support before "
        "relying on either.")
