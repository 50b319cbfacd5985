"""The v4 JSON API: sign returns the base string the page signs (literal), submit sends exactly the body and the
page's Authorization header (to a local mirror), and bad input gets JSON errors naming the field and the rule."""

import pytest

from tests import servers
from tests.samples import V4_FULL_BASE as FULL_BASE
from tests.samples import V4_FULL_HEADER as HEADER
from tests.samples import V4_FULL_SIGNATURE as FULL_SIGNATURE
from tests.samples import V4_PAYOUT as PAYOUT

OAUTH = {"oauth_consumer_key": "demo", "oauth_nonce": "0123456789abcdef0123456789abcdef",
         "oauth_timestamp": "1764806400"}


def env(name, url, production=False):
    flag = str(production).lower()
    return f'[[environment]]\nid = "{name}"\nname = "{name}"\nbase_url = "{url}"\nproduction = {flag}\n'


@pytest.fixture
def mirror():
    server = servers.RawServer(servers.answers("200 OK", b'{"paynet-order-id": 7000001, "status": "processing"}',
                                               "Content-Type: application/vnd.pay+json\r\n"))
    yield server
    server.stop()


@pytest.fixture
def v4app(app_factory, mirror):
    return app_factory(envs=env("example", "https://gateway.example/paynet") + env("mirror", mirror.url + "/paynet")
                       + env("live", "https://gate.example/paynet", production=True))


def test_sign_returns_the_payout_base_string(v4app):
    reply = v4app.test_client().post("/api/v4/payout/sign", json={**PAYOUT, **OAUTH, "endpointid": "1111",
                                                                   "environment": "example"}).get_json()
    assert reply["base_string"] == FULL_BASE
    assert reply["url"] == "https://gateway.example/paynet/api/v4/payout/1111"
    assert reply["body"] == "client_orderid=v4-1&amount=10.42&currency=USD&order_desc=John+Smith%21"
    assert reply["normalized"] == (
        "amount=10.42&client_orderid=v4-1&currency=USD&oauth_consumer_key=demo&oauth_nonce=0123456789abcdef0123456789"
        "abcdef&oauth_signature_method=RSA-SHA256&oauth_timestamp=1764806400&oauth_version=1.0&order_desc=John%20Smit"
        "h%21")
    assert reply["sorted_params"][:2] == [["amount", "10.42"], ["client_orderid", "v4-1"]]
    assert reply["errors"] == {} and reply["warnings"] == []


def test_sign_masks_card_data_unless_revealed(v4app):
    values = {**PAYOUT, **OAUTH, "endpointid": "1111", "credit_card_number": "4538977399606732"}
    masked = v4app.test_client().post("/api/v4/payout/sign", json=values).get_json()
    assert "credit_card_number%3D453897%252A%252A%252A%252A%252A%252A6732" in masked["base_string"]
    assert masked["body"].endswith("&credit_card_number=453897******6732") and masked["masked"] == [
        "credit_card_number"]
    revealed = v4app.test_client().post("/api/v4/payout/sign", json={**values, "reveal": True}).get_json()
    assert "credit_card_number%3D4538977399606732" in revealed["base_string"]


def test_submit_sends_the_body_and_the_pages_header(v4app, mirror):
    reply = v4app.test_client().post("/api/v4/payout/submit", json={
        **PAYOUT, **OAUTH, "endpointid": "1111", "environment": "mirror", "authorization": HEADER, "json": True})
    data = reply.get_json()
    assert reply.status_code == 200, data
    head, _, body = mirror.received[0].decode().partition("\r\n\r\n")
    assert head.startswith("POST /paynet/api/v4/payout/1111 HTTP/1.1\r\n")
    assert f"\r\nAuthorization: {HEADER}\r\n" in head
    assert "\r\nAccept: application/vnd.pay+json\r\n" in head
    assert "\r\nContent-Type: application/x-www-form-urlencoded\r\n" in head
    assert body == "client_orderid=v4-1&amount=10.42&currency=USD&order_desc=John+Smith%21"
    assert data["error"] is None
    assert data["response"]["fields"] == {"paynet-order-id": "7000001", "status": "processing"}
    assert data["signed"]["url"] == mirror.url + "/paynet/api/v4/payout/1111"


def post(app, command="payout", **changes):
    values = {**PAYOUT, **OAUTH, "endpointid": "1111", "environment": "example", "authorization": HEADER, **changes}
    reply = app.test_client().post(f"/api/v4/{command}/submit", json={k: v for k, v in values.items() if v != ...})
    assert reply.mimetype == "application/json"
    return reply.status_code, reply.get_json()


def test_bad_inputs_name_the_field_and_the_rule(v4app):
    status, data = post(v4app, oauth_nonce="short", amount=10.42)
    assert status == 400 and data["errors"] == {
        "amount": ['amount must be a string (send amounts as strings, "10.42", so no precision is lost).'],
        "oauth_nonce": ["oauth_nonce must be 8 to 64 letters, digits, '-' or '_' (the tool makes 32 hex digits)."]}
    status, data = post(v4app, authorization=...)
    assert (status, data["errors"]) == (400, {"authorization": ["authorization is required."]})
    status, data = post(v4app, authorization="Bearer x")
    assert data["errors"] == {"authorization": ["the Authorization header does not start with 'OAuth '"]}
    status, data = post(v4app, oauth_consumer_key="東京", authorization=HEADER.replace('"demo"', '"東京"'))
    assert data["errors"] == {"authorization": [
        "the Authorization header must be printable ASCII: its values are percent-encoded (RFC 3986)"]}
    status, data = post(v4app, oauth_timestamp="1764806401")
    assert data["error"]["kind"] == "authorization-mismatch"
    assert data["errors"] == {"authorization": ["its oauth_timestamp is '1764806400' but oauth_timestamp is "
                                                "'1764806401'"]}
    status, data = post(v4app, authorization=HEADER.replace("h2dG3", "h2d!3") + ', oauth_token="t"')
    assert data["errors"] == {"authorization": ["it carries oauth_token, which v4 never signs",
                                                "its oauth_signature must be the Base64 of the RSA-SHA256 signature"]}
    status, data = post(v4app, base_string=FULL_BASE.replace("10.42", "10.43"))
    assert (status, data["error"]["kind"]) == (400, "base-string-mismatch")
    assert data["base_string"]["server"] == FULL_BASE
    status, data = post(v4app, private_key="-----BEGIN RSA PRIVATE KEY-----\nMIIE...")
    assert (status, data["errors"]) == (400, {"private_key": ["no private key is accepted here"]})
    assert "MIIE" not in str(data)
    status, data = post(v4app, command="nope")
    assert (status, data["error"]["kind"]) == (404, "unknown-command")
    status, data = post(v4app, environment="live")
    assert (status, data["error"]["kind"]) == (403, "production-disabled")


def test_the_page_lists_and_builds_v4(v4app):
    client = v4app.test_client()
    index = client.get("/").get_data(as_text=True)
    assert "API v4 (OAuth RSA-SHA256)" in index and 'href="/v4/tokenize/create-ephemeral-ticket"' in index
    page = client.get("/v4/tokenize/create-ephemeral-ticket").get_data(as_text=True)
    assert 'id="private-key"' in page and 'data-sign="/api/v4/tokenize/create-ephemeral-ticket/sign"' in page
    assert client.get("/v4/nope").status_code == 404
    demo = client.get("/api/environments").get_json()["demo"]
    assert demo["v4_private_key"].startswith(
        "-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQDG6vgJnp0YPzt7\n")
    assert FULL_SIGNATURE not in page
