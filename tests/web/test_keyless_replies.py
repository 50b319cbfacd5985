"""Without the key, /api/debug, the /debug fragment and /api/callback/verify answer as before plus every
hypothesis as a template for the page to fill in and hash; with the key, as before (no templates)."""

import json
import re
from html import unescape

from tests.conftest import DOC_KEY
from tests.samples import REBILL, http

CONTROL = "ea8c37ee29285271f18749dc92d41bfab2499e57"  # sha1("demoR11461665115USD"): the key left out
PASTE = http("make-rebill-sale/1111", f"{REBILL}&control={CONTROL}")


def test_debug_without_key_answers_templates(client):
    result = client.post("/api/debug", json={"raw": PASTE}).get_json()
    assert (result["verdict"], result["match"], result["expected_control"], result["diagnosis"]) == (
        "no-key", None, None, [])
    hyp = result["hypotheses"]
    assert hyp["texts"][:5] == ["demo", "R1", "1461665", "115", "USD"]
    assert hyp["expected"] == {"id": "expected", "message": "The documented recipe.", "segments": [0, 1, 2, 3, 4, None],
                               "key": "trimmed", "algorithm": "sha1", "hex": "lower"}
    assert hyp["received"] == CONTROL
    assert hyp["none_found"].startswith("No known mistake reproduces the received control.")
    missing = [c for c in hyp["candidates"] if c["id"] == "key-missing"]
    assert missing == [{"id": "key-missing", "message": "The merchant control key was left out of the string.",
                        "segments": [0, 1, 2, 3, 4, None], "key": "left-out", "algorithm": "sha1", "hex": "lower"}]
    assert len([c for c in hyp["candidates"] if c["id"] == "wrong-order"]) == 719  # 6! orders, less the right one


def test_debug_with_key_answers_as_before(client):
    result = client.post("/api/debug", json={"raw": PASTE, "merchant_control": DOC_KEY}).get_json()
    assert "hypotheses" not in result
    assert [d["id"] for d in result["diagnosis"]] == ["key-missing"]


def test_debug_fragment_carries_the_templates_only_without_key(page_client):
    html = page_client.post("/debug", data={"raw": PASTE}, headers={"X-Fragment": "1"}).get_data(as_text=True)
    data = json.loads(unescape(re.search(r'id="debug-data" hidden data-hypotheses="([^"]*)"', html)[1]))
    assert data["received"] == CONTROL and data["expected"]["segments"] == [0, 1, 2, 3, 4, None]
    with_key = page_client.post("/debug", data={"raw": PASTE, "merchant_control": DOC_KEY}, headers={"X-Fragment": "1"})
    assert 'id="debug-data"' not in with_key.get_data(as_text=True)


def test_debug_page_says_only_the_no_javascript_check_posts_the_key(client):
    html = client.get("/debug").get_data(as_text=True)
    assert "The key stays in this page: the paste goes to the server without it" in html
    assert "Without JavaScript, Check posts the key with the paste" in html


def test_long_signed_values_keep_the_keyless_reply_small(client):
    raw = http("make-rebill-sale/1111", REBILL.replace("client_orderid=R1", "client_orderid=" + "%E2%80%A8" * 7000)
               + "&control=" + "1" * 40)
    r = client.post("/api/debug", json={"raw": raw})
    assert r.status_code == 200 and len(r.get_data()) < 2 * 1024 * 1024
    assert len(r.get_json()["hypotheses"]["candidates"]) > 720


def test_verify_without_key_answers_templates_per_kind(client):
    raw = "status=approved&orderid=7000001&merchant_order=M1&client_orderid=C9&control=x"
    result = client.post("/api/callback/verify", json={"raw": raw}).get_json()
    assert (result["match"], result["kind"], result["expected_control"]) == (None, "callback", None)
    assert [(h["kind"], h["texts"][:3], h["expected"]["segments"]) for h in result["hypotheses"]] == [
        ("callback", ["approved", "7000001", "M1"], [0, 1, 2, None]),
        ("redirect", ["approved", "7000001", "C9"], [0, 1, 2, None])]
    with_key = client.post("/api/callback/verify", json={"raw": raw, "merchant_control": DOC_KEY}).get_json()
    assert "hypotheses" not in with_key
