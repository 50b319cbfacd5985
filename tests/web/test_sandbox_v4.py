"""The built-in sandbox's v4 API: requests signed in the test with paynet.oauth (the demo account's published key,
an account's registered key, another key), refusals as literal texts, the orders shared with v2, the hosted
fields' ticket -> tokenize -> sale."""

from urllib.parse import quote, urlencode

import pytest
import requests

from paynet import oauth
from sandbox import demo_keys
from tests.conftest import LiveServer
from tests.helpers import Clock
from tests.samples import V4_TEST_KEY, V4_TEST_PUBLIC

NOW = 1_795_000_000  # the sandbox's clock in these tests
DEMO_KEY = oauth.load_private_key(demo_keys.PRIVATE_PEM)
OTHER_KEY = oauth.load_private_key(V4_TEST_KEY)  # not the demo account's key
OTHER_PUBLIC = V4_TEST_PUBLIC
PAYOUT = [("client_orderid", "v4-p1"), ("amount", "10.42"), ("currency", "USD")]
STATUS = [("login", "demo"), ("client_orderid", "v4-p1"), ("orderid", "7000001")]
CARD = {"credit_card_number": "4538977399606732", "expire_month": "12", "expire_year": "2099", "cvv2": "123"}
ROOT = "http://localhost"


@pytest.fixture
def v4(app):
    app.extensions["sandbox"].store.clock = Clock(float(NOW))
    return app.test_client()


def send(client, path, body, key=DEMO_KEY, consumer="demo", nonce="nonce-0001", timestamp=NOW, root=ROOT,
         headers=None, url=None):
    """Sign as a merchant would (paynet.oauth only) for the URL `root` + the path, and post."""
    signed = oauth.sign("POST", f"{root}/sandbox/paynet/api/v4/{path}", body,
                        oauth.oauth_params(consumer, nonce, str(timestamp)), key)
    return client.post(url or f"/sandbox/paynet/api/v4/{path}", data=urlencode(body, quote_via=quote),
                       headers={"Authorization": signed.authorization, **(headers or {}),
                                "Content-Type": "application/x-www-form-urlencoded"})


def pairs(r) -> dict:
    return dict(line.lstrip("&").split("=", 1) for line in r.get_data(as_text=True).splitlines())


def test_v4_payout_then_v4_status_accepted(v4):
    r = send(v4, "payout/1111", PAYOUT)
    assert (r.status_code, r.get_data(as_text=True)) == (200, (
        "type=async-response\n&serial-number=00000000-0000-0000-0000-000000000001\n&merchant-order-id=v4-p1\n"
        "&paynet-order-id=7000001\n&end-point-id=1111\n"))
    r = send(v4, "status/1111", STATUS, nonce="nonce-0002")
    assert r.get_data(as_text=True) == (
        "type=status-response\n&serial-number=00000000-0000-0000-0000-000000000002\n&merchant-order-id=v4-p1\n"
        "&paynet-order-id=7000001\n&status=processing\n&amount=10.42\n&currency=USD\n")


def test_payout_pay_confirms_and_v2_status_sees_the_payout(v4):
    send(v4, "payout/1111", PAYOUT)
    r = send(v4, "payout-pay/1111", [("client_orderid", "v4-p1"), ("orderid", "7000001"), ("login", "demo")],
             nonce="nonce-0002", headers={"Accept": "application/vnd.pay+json"})
    assert (r.status_code, r.content_type, r.get_json()) == (200, "application/vnd.pay+json", {
        "type": "async-response", "serial-number": "00000000-0000-0000-0000-000000000002",
        "merchant-order-id": "v4-p1", "paynet-order-id": "7000001"})
    v2 = {"login": "demo", "client_orderid": "v4-p1", "orderid": "7000001",
          "control": "cbcf41ca1b0ffaf13a01315f60950020b87dab43"}  # sha1sum of demo v4-p1 7000001 DOC_KEY
    first = pairs(v4.post("/sandbox/paynet/api/v2/status/1111", data=v2))
    second = pairs(v4.post("/sandbox/paynet/api/v2/status/1111", data=v2))
    assert (first["status"], second["status"], second["amount"]) == ("processing", "approved", "10.42")


def test_v4_status_sees_a_v2_sale(v4, ops):
    sale = ops.submit("sale", client_orderid="V2-1", amount="10.00", credit_card_number="4538977399606732")
    body = [("login", "demo"), ("client_orderid", "V2-1"), ("orderid", sale["paynet-order-id"])]
    assert pairs(send(v4, "status/1111", body))["status"] == "processing"
    assert pairs(send(v4, "status/1111", body, nonce="nonce-0002"))["status"] == "approved"


WRONG_KEY = (
    "the signature does not verify with demo's public key: the base string we built was POST&http%3A%2F%2Flocalhost"
    "%2Fsandbox%2Fpaynet%2Fapi%2Fv4%2Fpayout%2F1111&amount%3D10.42%26client_orderid%3Dv4-p1%26currency%3DUSD%26"
    "oauth_consumer_key%3Ddemo%26oauth_nonce%3Dnonce-0001%26oauth_signature_method%3DRSA-SHA256%26oauth_timestamp%3D"
    "1795000000%26oauth_version%3D1.0\nUsual causes: a private key that is not the pair of the registered public key;"
    " a URL that differs from the one signed (http or https, host, port, a trailing slash); a form encoder used "
    "instead of RFC 3986 (a space as '+', !'()* left as they are); a parameter changed after signing.\n")


def test_another_key_is_refused_with_the_base_string(v4):
    r = send(v4, "payout/1111", PAYOUT, key=OTHER_KEY)
    assert (r.status_code, r.content_type, r.get_data(as_text=True)) == (401, "text/plain;charset=utf-8", WRONG_KEY)


def test_a_mistake_the_signature_proves_is_named_in_the_401(v4):
    """The demo account's public key is known: the 401 says which known mistake the client made (debugger/v4.py)."""
    r = send(v4, "payout/1111", PAYOUT, root="https://localhost")  # signed for https, sent over http
    assert r.status_code == 401
    assert r.get_data(as_text=True).split("\n", 1)[1] == (
        "Proved with the public key (url-scheme): The client signed the URL with the other scheme (http for https or "
        "the reverse): a proxy in between, or a configured base URL that differs from the one used. Sign the URL as it "
        "is sent. The client signed: POST&https%3A%2F%2Flocalhost%2Fsandbox%2Fpaynet%2Fapi%2Fv4%2Fpayout%2F1111&amount"
        "%3D10.42%26client_orderid%3Dv4-p1%26currency%3DUSD%26oauth_consumer_key%3Ddemo%26oauth_nonce%3Dnonce-0001%26"
        "oauth_signature_method%3DRSA-SHA256%26oauth_timestamp%3D1795000000%26oauth_version%3D1.0\n")
    signed = oauth.sign("POST", f"{ROOT}/sandbox/paynet/api/v4/payout/1111", PAYOUT,
                        oauth.oauth_params("demo", "nonce-0002", str(NOW)), DEMO_KEY)
    raw = signed.authorization.replace(quote(signed.signature, safe=""), signed.signature)  # Base64 left unencoded
    assert "+" in signed.signature
    r = v4.post("/sandbox/paynet/api/v4/payout/1111", data=urlencode(PAYOUT, quote_via=quote),
                headers={"Authorization": raw, "Content-Type": "application/x-www-form-urlencoded"})
    assert r.status_code == 401
    assert r.get_data(as_text=True).split("\n", 1)[1] == (
        "Proved with the public key (header-unencoded): The signature's Base64 was put in the Authorization header "
        "without percent-encoding: its '+' reads as a space, so the gateway sees another signature. Percent-encode it "
        "(+ as %2B, / as %2F, = as %3D).\n")


@pytest.mark.parametrize("change, message", [
    ({"timestamp": NOW - 1200}, "timestamp 20 min old: did you edit it? The sandbox takes oauth_timestamp within 15 "
                                "minutes of its clock (1795000000); sign each request when it is sent."),
    ({"timestamp": NOW + 960}, "timestamp 16 min in the future: is the signing machine's clock right? The sandbox "
                               "takes oauth_timestamp within 15 minutes of its clock (1795000000)."),
    ({"consumer": "nobody"}, "unknown oauth_consumer_key 'nobody': it is the merchant's login, demo for the demo "
                             "account or a sandbox account's own login (sandbox-NNNNNN)."),
])
def test_refusals_name_their_cause(v4, change, message):
    r = send(v4, "payout/1111", PAYOUT, **change)
    assert (r.status_code, r.get_data(as_text=True)) == (401, message + "\n")


def test_a_replayed_nonce_is_refused_and_a_missing_header_too(v4):
    assert send(v4, "payout/1111", PAYOUT).status_code == 200
    r = send(v4, "payout/1111", PAYOUT)
    assert (r.status_code, r.get_data(as_text=True)) == (401, (
        "nonce 'nonce-0001' was already used by demo within the last 15 minutes: a replayed request? Make a new "
        "oauth_nonce for each request.\n"))
    r = v4.post("/sandbox/paynet/api/v4/payout/1111", data=dict(PAYOUT))
    assert (r.status_code, r.get_data(as_text=True)) == (401, (
        "no Authorization header: every v4 request is signed with OAuth 1.0a RSA-SHA256 and carries Authorization: "
        'OAuth oauth_consumer_key="<login>", oauth_nonce, oauth_signature, oauth_signature_method, oauth_timestamp, '
        "oauth_version.\n"))


def test_behind_a_proxy_the_public_url_verifies(app_factory):
    client = app_factory(PROXY_FIX=1).test_client()
    client.application.extensions["sandbox"].store.clock = Clock(float(NOW))
    proxy = {"X-Forwarded-Proto": "https", "X-Forwarded-Host": "tools.example.com", "X-Forwarded-For": "203.0.113.9"}
    r = send(client, "payout/1111", PAYOUT, root="https://tools.example.com", headers=proxy)
    assert pairs(r)["type"] == "async-response"


def test_an_accounts_registered_key_and_no_other(v4):
    made = v4.post("/api/sandbox/accounts", json={}).get_json()
    other = v4.post("/api/sandbox/accounts", json={}).get_json()
    for account, pem in ((made, OTHER_PUBLIC), (other, demo_keys.PUBLIC_PEM)):
        r = v4.put(f"/api/sandbox/accounts/{account['id']}/public-key", json={"public_key": pem},
                   headers={"Authorization": f"Bearer {account['token']}"})
        assert r.get_json() == {"public_key": pem, "consumer_key": account["login"]}
    login, endpoint = made["login"], made["endpointid"]
    body = [("client_orderid", "acc-1"), ("amount", "10.00"), ("currency", "USD")]
    assert pairs(send(v4, f"payout/{endpoint}", body, key=OTHER_KEY, consumer=login))["type"] == "async-response"
    r = send(v4, f"payout/{endpoint}", body, key=DEMO_KEY, consumer=login, nonce="nonce-0002")
    assert r.status_code == 401
    assert r.get_data(as_text=True).startswith(f"the signature does not verify with {login}'s public key: ")
    entries = v4.get(f"/api/sandbox/accounts/{made['id']}/requests",
                     headers={"Authorization": f"Bearer {made['token']}"}).get_json()["entries"]
    assert [(e["command"], e["verdict"]["outcome"]) for e in entries] == [("v4 payout", "refused"),
                                                                          ("v4 payout", "accepted")]


@pytest.mark.parametrize("body, message", [
    ({"public_key": demo_keys.PRIVATE_PEM}, "public_key must be the SPKI PEM block (-----BEGIN PUBLIC KEY-----, as "
                                            "openssl rsa -pubout writes it) of an RSA key of at least 2048 bits."),
    ({"public_key": "x" * 9000}, "public_key must be a string of at most 8192 characters: the SPKI PEM block "
                                 "(-----BEGIN PUBLIC KEY-----) of an RSA key of at least 2048 bits."),
])
def test_a_public_key_is_checked(v4, body, message):
    made = v4.post("/api/sandbox/accounts", json={}).get_json()
    r = v4.put(f"/api/sandbox/accounts/{made['id']}/public-key", json=body,
               headers={"Authorization": f"Bearer {made['token']}"})
    assert (r.status_code, r.get_json()) == (400, {"error": {"kind": "invalid", "message": message}})


def test_hosted_fields_ticket_tokenize_sale_and_no_reuse(v4):
    ticket = send(v4, "tokenize/create-ephemeral-ticket/1111", []).get_json()["ephemeralTicket"]
    r = v4.post("/sandbox/paynet/api/v4/tokenize/hosted-fields", json={"ticket": ticket, **CARD})
    token = r.get_json()["hostedFieldsToken"]
    again = v4.post("/sandbox/paynet/api/v4/tokenize/hosted-fields", json={"ticket": ticket, **CARD})
    assert again.get_json()["error"]["message"] == ("ticket was already used: an ephemeral ticket is single-use; "
                                                    "create another with tokenize/create-ephemeral-ticket.")
    sale = [("client_orderid", "hf-1"), ("order_desc", "Hosted fields"), ("amount", "1.00"), ("currency", "USD"),
            ("hosted_fields_token", token)]
    first = pairs(send(v4, "sale/1111", sale, nonce="nonce-0002"))
    assert (first["type"], first["paynet-order-id"]) == ("async-form-response", "7000001")
    reused = pairs(send(v4, "sale/1111", sale, nonce="nonce-0003"))
    assert (reused["type"], reused["error-message"]) == ("validation-error", (
        "hosted_fields_token+was+already+used%3A+a+token+is+single-use%3B+the+payer%27s+card+is+tokenized+again+"
        "with+a+new+ephemeral+ticket."))
    card = pairs(send(v4, "sale/1111", [*sale, ("credit_card_number", CARD["credit_card_number"])],
                      nonce="nonce-0004"))
    assert card["error-message"] == ("credit_card_number+must+not+be+sent+with+hosted_fields_token%3A+the+token+"
                                     "stands+for+the+card+the+payer+typed+into+the+hosted+fields.")
    status = pairs(send(v4, "status/1111", [("login", "demo"), ("client_orderid", "hf-1"), ("orderid", "7000001")],
                        nonce="nonce-0005"))
    assert status["status"] == "processing"


def test_a_real_port(app):
    app.extensions["sandbox"].store.clock = Clock(float(NOW))
    server = LiveServer(app)
    try:
        url = f"{server.url}/sandbox/paynet/api/v4/payout/1111"
        signed = oauth.sign("POST", url, PAYOUT, oauth.oauth_params("demo", "nonce-0001", str(NOW)), DEMO_KEY)
        r = requests.post(url, data=urlencode(PAYOUT, quote_via=quote), timeout=10,
                          headers={"Authorization": signed.authorization,
                                   "Content-Type": "application/x-www-form-urlencoded"})
        assert (r.status_code, r.text.splitlines()[0]) == (200, "type=async-response")
    finally:
        server.stop()

