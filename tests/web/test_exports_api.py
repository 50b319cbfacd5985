"""POST /api/<command>/export: every language in both forms, never the key, card data masked unless asked."""

import json

from tests.conftest import DOC_KEY
from tests.helpers import EXAMPLES

SALE = {**EXAMPLES["sale"], "endpointid": "1111"}
LANGUAGES = ["curl", "httpie", "java", "node", "php", "postman", "python"]


def test_export_lists_every_language_in_both_forms(client):
    data = client.post("/api/sale/export", json=SALE).get_json()
    assert sorted(data["exports"]) == LANGUAGES
    assert data["exports"]["java"]["label"] == "Java (java.net.http)"
    assert data["placeholder"] == "CONTROL_FROM_PAGE"
    assert data["url"] == "http://localhost/sandbox/paynet/api/v2/sale/1111"
    assert data["masked"] == ["credit_card_number", "cvv2"]


def test_export_reads_masked_card_data_from_variables_and_reveal_carries_it(client):
    typed = {**SALE, "credit_card_number": "4111111111111111", "cvv2": "987"}
    data = client.post("/api/sale/export", json=typed).get_json()
    assert data["variables"] == {"credit_card_number": "PAYNET_CARD_NUMBER", "cvv2": "PAYNET_CVV2"}
    python = data["exports"]["python"]["control"]
    assert ("    'credit_card_number': card('PAYNET_CARD_NUMBER', 'a test card number, e.g. 4538977399606732'),\n"
            in python)
    assert "    'cvv2': card('PAYNET_CVV2', 'the CVV2 of the test card, e.g. 123'),\n" in python
    assert "    'expire_month': '12',\n" in python  # shown unmasked in the page: carried as typed
    for forms in data["exports"].values():
        for text in (forms["control"], forms["env"]):
            assert "4111111111111111" not in text and "******" not in text and "987" not in text
    revealed = client.post("/api/sale/export", json={**typed, "reveal": True}).get_json()
    assert (revealed["variables"], revealed["masked"]) == ({}, [])
    assert "    'credit_card_number': '4111111111111111',\n" in revealed["exports"]["python"]["control"]
    assert "PAYNET_" not in json.dumps(revealed["exports"])


def test_postman_export_declares_the_card_variables(client):
    data = client.post("/api/make-rebill-sale/export",
                       json={**EXAMPLES["make-rebill-sale"], "endpointid": "1111", "cvv2": "987"}).get_json()
    collection = json.loads(data["exports"]["postman"]["control"])
    assert collection["variable"][-1] == {
        "key": "PAYNET_CVV2", "value": "", "type": "string",
        "description": "Card data, not in this file: set PAYNET_CVV2 to the CVV2 of the test card, e.g. 123. Test "
                       "cards only; set it in a Postman environment or with newman --env-var PAYNET_CVV2=..."}
    body = {p["key"]: p["value"] for p in collection["item"][0]["request"]["body"]["urlencoded"]}
    assert body["cvv2"] == "{{PAYNET_CVV2}}"


def test_export_refuses_the_key(client):
    r = client.post("/api/sale/export", json={**SALE, "merchant_control": DOC_KEY})
    assert r.status_code == 400
    assert r.get_json()["error"]["message"] == ("merchant_control is never part of an export: send the fields "
                                                "without it (and control, if you have computed it).")
    assert DOC_KEY not in r.get_data(as_text=True)


def test_export_fills_a_given_control(client):
    control = "8E5F6070EA9EE070D1701D975C5FDE08D613457D"
    data = client.post("/api/sale/export", json={**SALE, "control": control}).get_json()
    assert data["exports"]["node"]["control"].count("8e5f6070ea9ee070d1701d975c5fde08d613457d") == 1
    assert "CONTROL_FROM_PAGE" not in data["exports"]["curl"]["control"]


def test_export_bad_control_is_named(client):
    r = client.post("/api/sale/export", json={**SALE, "control": "xyz"})
    assert (r.status_code, r.get_json()["error"]["message"]) == (
        400, "control must be 40 hexadecimal digits: the SHA-1 the page computed.")


def test_export_reports_field_errors(client):
    data = client.post("/api/sale/export", json={"endpointid": "1111"}).get_json()
    assert data["errors"]["amount"] == ["amount is required."]


NOTE = 'key fingerprint: f2e7e74d (printf %s "paynet-key:$KEY" | sha256sum | cut -c1-8)'


def test_every_export_names_the_keys_fingerprint(client):
    data = client.post("/api/sale/export", json={**SALE, "fingerprint": "F2E7E74D"}).get_json()
    assert data["exports"]["python"]["control"].startswith(f"# {NOTE}\nimport os\n")
    assert data["exports"]["php"]["env"].startswith(f"<?php\n// {NOTE}\n")
    assert data["exports"]["curl"]["env"].startswith(f"#!/usr/bin/env bash\n# {NOTE}\n")
    collection = json.loads(data["exports"]["postman"]["control"])
    assert collection["info"]["description"].endswith(f" The merchant_control it needs has the {NOTE}.")
    for language, forms in data["exports"].items():
        for form in ("control", "env"):
            text = json.loads(forms[form])["info"]["description"] if language == "postman" else forms[form]
            assert text.count(NOTE) == 1, (language, form)
    assert data["exports"]["java"]["label"] == "Java (java.net.http)"  # a label is not code


def test_exports_without_a_fingerprint_carry_none(client):
    data = client.post("/api/sale/export", json=SALE).get_json()
    assert "fingerprint" not in json.dumps(data["exports"])


def test_export_bad_fingerprint_is_named(client):
    r = client.post("/api/sale/export", json={**SALE, "fingerprint": "f2e7e74d0"})
    assert (r.status_code, r.get_json()["error"]["message"]) == (
        400, "fingerprint must be 8 hexadecimal digits (0-9, a-f, either case): the key fingerprint the tool shows "
             "next to a key.")
