"""Every command's recipe with literal strings and digests (sha1 of the written-out string + the docs' key),
including the edge cases: amount absent, currency absent, group target."""

import pytest

from forms import load_registry
from paynet.command import CARD_FIELDS
from tests.conftest import DOC_KEY

REGISTRY = load_registry()


def examples(command: str) -> dict:
    return {f.name: f.example for f in REGISTRY[command].from_values({}).params() if f.example}


CARD = {"client_orderid": "902B4FF5", "amount": "10.42", "email": "john.smith@gmail.com"}
ORDER = {"login": "login", "client_orderid": "902B4FF5", "orderid": "6937030"}
ORDER_V1 = {"login": "login", "client-order-id": "902B4FF5", "orderid": "6937030"}
CASES = [
    ("sale", {**CARD}, "endpointid", "1111", "1111902B4FF51042john.smith@gmail.com",
     "c6bdd88a78834ef4b863b088827a459f039e8257"),
    ("sale", {**CARD}, "groupid", "2222", "2222902B4FF51042john.smith@gmail.com",
     "8f45c95b67d5c5e306cb5bec738fd37049c2d9d2"),
    ("preauth", {**CARD}, "endpointid", "1111", "1111902B4FF51042john.smith@gmail.com",
     "c6bdd88a78834ef4b863b088827a459f039e8257"),
    ("sale-form", {**CARD, "amount": "69"}, "endpointid", "1111", "1111902B4FF56900john.smith@gmail.com",
     "8877ebf6b5951d56b00d32904d91c295ec4ebca0"),
    ("preauth-form", {**CARD, "amount": ""}, "endpointid", "1111", "1111902B4FF5john.smith@gmail.com",
     "fd763f1c92340a0c73a345459053df6d759ef29f"),
    ("capture", {**ORDER}, "endpointid", "1111", "login902B4FF56937030", "92700f015d18eacad7f80b7411c64f7aab9f0cc5"),
    ("capture", {**ORDER, "amount": "10.00", "currency": "USD"}, "groupid", "2222", "login902B4FF569370301000USD",
     "609b1b59565913c7b155f1df4a2b1538a018cc11"),
    ("capture", {**ORDER, "currency": "USD"}, "endpointid", "1", "login902B4FF56937030",  # currency if amount sent
     "92700f015d18eacad7f80b7411c64f7aab9f0cc5"),
    ("return", {**ORDER}, "endpointid", "1111", "login902B4FF56937030", "92700f015d18eacad7f80b7411c64f7aab9f0cc5"),
    ("return", {**ORDER, "amount": "10.00", "currency": "USD"}, "endpointid", "1",
     "login902B4FF569370301000USD", "609b1b59565913c7b155f1df4a2b1538a018cc11"),
    ("void", {**ORDER, "amount": "10.00", "currency": "USD"}, "endpointid", "1", "login902B4FF56937030",
     "92700f015d18eacad7f80b7411c64f7aab9f0cc5"),
    ("create-card-ref", {**ORDER}, "groupid", "2222", "login902B4FF56937030",
     "92700f015d18eacad7f80b7411c64f7aab9f0cc5"),
    ("get-card-info", {"login": "login", "cardrefid": "1461665"}, "endpointid", "1", "login1461665",
     "bb694cb7f9ac8dbd6eb635c95e26fe9288c8952b"),
    ("make-rebill-sale", {"login": "login", "client_orderid": "902B4FF5", "amount": "5.00", "currency": "USD"},
     "endpointid", "1", "login902B4FF51461665500USD", "47292a32899d142810fc11f1989aa17efe038059"),
    ("make-rebill-preauth", {"login": "login", "client_orderid": "902B4FF5", "amount": "5.00", "currency": "USD"},
     "groupid", "2", "login902B4FF51461665500USD", "47292a32899d142810fc11f1989aa17efe038059"),
    ("status", {**ORDER}, "endpointid", "1", "login902B4FF56937030", "92700f015d18eacad7f80b7411c64f7aab9f0cc5"),
    ("status", {**ORDER, "orderid": ""}, "endpointid", "1", "login902B4FF5",
     "249e16242a5a2816b88a70abe6816331e1e29d23"),
    ("account-verification", {"client_orderid": "902B4FF5"}, "endpointid", "1111", "1111902B4FF5john.smith@gmail.com",
     "fd763f1c92340a0c73a345459053df6d759ef29f"),
    ("account-verification", {"client_orderid": "902B4FF5"}, "groupid", "2222", "2222902B4FF5john.smith@gmail.com",
     "dec1448be90964c54cc58f91d9950a1eaadad0f4"),
    ("account-verification-form", {"client_orderid": "902B4FF5"}, "groupid", "2222",
     "2222902B4FF5john.smith@gmail.com", "dec1448be90964c54cc58f91d9950a1eaadad0f4"),
    ("sync-account-verification", {"client_orderid": "902B4FF5"}, "endpointid", "1111",
     "1111902B4FF5john.smith@gmail.com", "fd763f1c92340a0c73a345459053df6d759ef29f"),
    # The request table's client-order-id is the recipe's client_orderid (docs/decisions.md).
    ("upload-cres-result", {**ORDER_V1}, "groupid", "2222", "login902B4FF56937030",
     "92700f015d18eacad7f80b7411c64f7aab9f0cc5"),
    ("upload-pares-result", {**ORDER_V1}, "endpointid", "1111", "login902B4FF56937030",
     "92700f015d18eacad7f80b7411c64f7aab9f0cc5"),
]


@pytest.mark.parametrize("command, values, target, target_id, string, digest", CASES,
                         ids=[f"{c[0]}-{i}" for i, c in enumerate(CASES)])
def test_recipe(client, command, values, target, target_id, string, digest):
    payload = {**examples(command), **values, target: target_id, "merchant_control": DOC_KEY}
    data = client.post(f"/api/{command}/sign", json=payload).get_json()
    assert data["errors"] == {}
    assert data["string_to_sign"] == string + "***"
    assert data["signature"] == digest


def test_every_command_has_a_case():
    assert {c[0] for c in CASES} == set(REGISTRY)


def test_sync_account_verification_endpoint_only(client):
    payload = {**examples("sync-account-verification"), "groupid": "2222", "merchant_control": DOC_KEY}
    data = client.post("/api/sync-account-verification/sign", json=payload).get_json()
    assert data["errors"]["target"] == ["target must be endpoint for sync-account-verification."]
    payload = {**examples("sync-account-verification"), "endpointid": "1111", "merchant_control": DOC_KEY}
    assert client.post("/api/sync-account-verification/sign", json=payload).get_json()["path"] == \
        "/api/v2/sync/account-verification/1111"


@pytest.mark.parametrize("command", ["capture", "return"])
def test_currency_required_when_amount_sent(client, command):
    payload = {**ORDER, "amount": "10.00", "endpointid": "1", "merchant_control": DOC_KEY}
    data = client.post(f"/api/{command}/sign", json=payload).get_json()
    assert data["errors"] == {"currency": ["currency is required when amount is sent."]}


def test_card_number_luhn_and_masking(client):
    payload = {**examples("sale"), "credit_card_number": "4538977399606733", "endpointid": "1",
               "merchant_control": DOC_KEY}
    data = client.post("/api/sale/sign", json=payload).get_json()
    assert data["errors"]["credit_card_number"] == ["credit_card_number fails the Luhn check: not a valid card number."]
    payload["credit_card_number"] = "4538977399606732"
    data = client.post("/api/sale/sign", json=payload).get_json()
    assert "4538977399606732" not in data["body"] and "123" not in data["body"].split("cvv2=")[1][:3]
    assert data["masked"] == ["credit_card_number", "cvv2"]


@pytest.mark.parametrize("command", ["upload-cres-result", "upload-pares-result"])
@pytest.mark.parametrize("target, url", [("endpointid", "/api/3ds/v1/{}/1111"), ("groupid", "/api/3ds/v1/{}/2222")])
def test_upload_commands_live_under_3ds_v1_without_group_segment(client, command, target, url):
    payload = {**examples(command), **ORDER_V1, target: url[-4:], "merchant_control": DOC_KEY}
    data = client.post(f"/api/{command}/sign", json=payload).get_json()
    assert data["path"] == url.format(command)
    assert data["url"] == "http://localhost/sandbox/paynet" + url.format(command)


def test_upload_sends_client_order_id_not_client_orderid(client):
    payload = {**examples("upload-cres-result"), **ORDER_V1, "endpointid": "1111", "merchant_control": DOC_KEY}
    body = client.post("/api/upload-cres-result/sign", json=payload).get_json()["body"]
    assert body.startswith("cRes=eyJtZXNzYWdlVHlwZSI6")
    assert body.endswith("&orderid=6937030&login=login&client-order-id=902B4FF5"
                         "&control=92700f015d18eacad7f80b7411c64f7aab9f0cc5")


def test_no_recipe_signs_card_data():
    """The copies' card variables (exports/cards.py) keep the page's control valid only while no recipe signs a
    card field; the env form would sign the variable's value (tests/unit/test_exports.py)."""
    assert [name for name, cls in REGISTRY.items() if any(p.name in CARD_FIELDS for p in cls.command.parts)] == []
