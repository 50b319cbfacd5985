"""The v4 signature debugger over HTTP: POST /api/debug/v4 and the /debug/v4 page (without JavaScript), and the
inspector, which explains a sandbox account's v4 requests with the account's registered public key."""

import re
from urllib.parse import quote, urlencode

import pytest

from paynet import oauth
from tests.helpers import V4_SLASH_SIGNED, Clock
from tests.helpers import v4_paste as paste
from tests.samples import V4_TEST_KEY, V4_TEST_PUBLIC

URL = "https://gw.example/paynet/api/v4/payout/1111"
SIGNED = V4_SLASH_SIGNED
NOW = 1_795_000_000


def token(client) -> str:
    return re.search(r'name="csrf_token" value="([^"]+)"', client.get("/debug/v4").get_data(as_text=True))[1]


def test_the_api_names_the_variant_with_the_public_key(client):
    r = client.post("/api/debug/v4", json={"raw": paste(), "public_key": V4_TEST_PUBLIC})
    data = r.get_json()
    assert r.status_code == 200 and data["verdict"] == "mismatch" and data["match"] is False
    assert [d["id"] for d in data["diagnosis"]] == ["url-trailing-slash"]
    assert data["diagnosis"][0]["message"] == (
        "The URL the client signed and the one it sent differ by a trailing slash. Sign the URL as it is sent.")
    assert data["base_string"] == SIGNED.replace("1111%2F&", "1111&")
    assert data["key_bits"] == 2048 and data["lint"][0]["code"] == "timestamp-skew"


def test_the_api_answers_in_russian(client):
    r = client.post("/api/debug/v4?lang=ru", json={"raw": paste(), "public_key": V4_TEST_PUBLIC},
                    headers={"Accept-Language": "ru"})
    assert r.get_json()["diagnosis"][0]["message"] == (
        "URL, который подписал клиент, и URL, на который он отправил запрос, различаются косой чертой в конце. "
        "Подписывайте URL ровно таким, каким он отправляется.")


def test_a_signature_of_the_wrong_size_is_said(client):
    text = paste().replace('oauth_signature="', 'oauth_signature="QUJD', 1).split('oauth_signature="')[0] + (
        'oauth_signature="QUJD", oauth_signature_method="RSA-SHA256", oauth_timestamp="1764806400", '
        'oauth_version="1.0"\nclient_orderid=A1')
    data = client.post("/api/debug/v4", json={"raw": text, "public_key": V4_TEST_PUBLIC}).get_json()
    assert data["diagnosis"][0]["id"] == "unexplained"
    assert data["diagnosis"][0]["message"].endswith(
        "Besides, oauth_signature is 3 bytes long, and a 2048-bit key's signatures are 256 bytes: it was cut, or "
        "made with a key of another size.")


@pytest.mark.parametrize("body, status, field, message", [
    ({"public_key": V4_TEST_PUBLIC}, 400, "raw", "raw is required: paste the request (raw HTTP, a curl command, or "
                                                 "the URL, the Authorization header and the body)."),
    ({"raw": "x"}, 400, "public_key", "public_key is required: the merchant's RSA public key (SPKI PEM, -----BEGIN "
                                      "PUBLIC KEY-----), the one the gateway verifies with."),
    ({"raw": "x", "public_key": "-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----"}, 400, "public_key",
     "public_key is not a readable PEM public key"),
    ({"raw": "x", "public_key": 5}, 400, "public_key", "public_key is required: the merchant's RSA public key (SPKI "
                                                       "PEM, -----BEGIN PUBLIC KEY-----), the one the gateway "
                                                       "verifies with."),
    ({"raw": "x" * 70000, "public_key": V4_TEST_PUBLIC}, 413, "raw", "raw is 70,000 characters long; the debugger "
                                                                     "reads at most 65,536 (64 KiB). Paste only the "
                                                                     "request."),
])
def test_bad_input_names_the_field(client, body, status, field, message):
    r = client.post("/api/debug/v4", json=body)
    assert r.status_code == status
    assert r.get_json()["errors"] == {field: [message]} and r.get_json()["error"]["message"] == message


def test_a_private_key_is_refused_and_never_echoed(client):
    r = client.post("/api/debug/v4", json={"raw": paste(), "public_key": V4_TEST_KEY})
    assert r.status_code == 400 and r.get_json()["error"]["kind"] == "private-key-refused"
    line = V4_TEST_KEY.splitlines()[3]
    assert line not in r.get_data(as_text=True)
    page = client.post("/debug/v4", data={"csrf_token": token(client), "raw": paste(), "public_key": V4_TEST_KEY})
    assert page.status_code == 200 and line not in page.get_data(as_text=True)
    assert "public_key holds a private key: it never leaves your machine." in page.get_data(as_text=True)


def test_the_page_without_javascript_shows_the_verdict_and_the_marked_difference(client):
    r = client.post("/debug/v4", data={"csrf_token": token(client), "raw": paste(),
                                       "public_key": V4_TEST_PUBLIC})
    html = r.get_data(as_text=True)
    assert "Mismatch: the signature does not verify with this public key." in html
    assert '<li data-id="url-trailing-slash"><code>url-trailing-slash</code>' in html
    assert "%2Fv4%2Fpayout%2F1111<ins class=\"client\">%2F</ins>&amp;client_orderid" in html
    assert client.get("/debug/v4").status_code == 200


def test_the_v2_debugger_sends_a_v4_request_to_the_v4_debugger(client):
    r = client.post("/api/debug", json={"raw": paste()})
    assert r.status_code == 422 and r.get_json()["error"]["kind"] == "v4-request"
    assert "/debug/v4" in r.get_json()["error"]["message"]


def _account_with_key(client) -> dict:
    made = client.post("/api/sandbox/accounts", json={}).get_json()
    client.put(f"/api/sandbox/accounts/{made['id']}/public-key", json={"public_key": V4_TEST_PUBLIC},
               headers={"Authorization": f"Bearer {made['token']}"})
    return made


def _send(client, made, signed_url, nonce, body):
    path = f"/sandbox/paynet/api/v4/payout/{made['endpointid']}"
    signed = oauth.sign("POST", signed_url, body, oauth.oauth_params(made["login"], nonce, str(NOW)),
                        oauth.load_private_key(V4_TEST_KEY))
    return client.post(path, data=urlencode(body, quote_via=quote), headers={
        "Authorization": signed.authorization, "Content-Type": "application/x-www-form-urlencoded"})


def test_the_inspector_names_the_variant_and_a_reused_nonce(app, client):
    app.extensions["sandbox"].store.clock = Clock(float(NOW))
    made = _account_with_key(client)
    url = f"http://localhost/sandbox/paynet/api/v4/payout/{made['endpointid']}"
    body = [("client_orderid", "insp-1"), ("amount", "10.00"), ("currency", "USD")]
    assert _send(client, made, url.replace("http:", "https:"), "nonce-1", body).status_code == 401
    assert _send(client, made, url, "nonce-2", body).status_code == 200
    assert _send(client, made, url, "nonce-2", body).status_code == 401  # the same nonce again
    auth = {"Authorization": f"Bearer {made['token']}"}
    entries = client.get(f"/api/sandbox/accounts/{made['id']}/requests", headers=auth).get_json()["entries"]
    replay, accepted, scheme = entries
    assert [d["id"] for d in scheme["verdict"]["diagnosis"]] == ["url-scheme"]
    assert scheme["verdict"]["diagnosis"][0]["segments"][:2] == [["POST&http", "same"], ["s", "client"]]
    assert accepted["verdict"]["outcome"] == "accepted" and accepted["verdict"]["diagnosis"] == []
    assert [f["code"] for f in replay["verdict"]["lint"]] == ["nonce-reused"]
    ru = client.get(f"/api/sandbox/accounts/{made['id']}/requests?lang=ru", headers={**auth, "Accept-Language": "ru"})
    assert ru.get_json()["entries"][2]["verdict"]["diagnosis"][0]["message"].startswith("Клиент подписал URL")


def test_the_inspectors_base_strings_are_cut_like_its_bodies(app_factory):
    app = app_factory(INSPECTOR_BODY_LIMIT="1024", INSPECTOR_MAX_BYTES="65536")
    app.extensions["sandbox"].store.clock = Clock(float(NOW))
    client = app.test_client()
    made = _account_with_key(client)
    url = f"http://localhost/sandbox/paynet/api/v4/payout/{made['endpointid']}"
    body = [("client_orderid", "cut-1"), ("amount", "10.00"), ("currency", "USD"), ("order_desc", "d" * 2000)]
    assert _send(client, made, url + "/", "nonce-1", body).status_code == 401
    entry = client.get(f"/api/sandbox/accounts/{made['id']}/requests",
                       headers={"Authorization": f"Bearer {made['token']}"}).get_json()["entries"][0]
    found = entry["verdict"]["diagnosis"][0]
    assert found["id"] == "url-trailing-slash" and found["segments"] == []
    assert found["base_string"].endswith("\n[cut to its first 512 bytes of 2304]")
    assert entry["verdict"]["base_string"].endswith("\n[cut to its first 512 bytes of 2301]")
