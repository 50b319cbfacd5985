"""POST /api/<command>/submit end to end (to the built-in sandbox in process, to other gateways over HTTP), and
GET /api/environments."""

import base64
import logging
import re
from pathlib import Path

import pytest

from sandbox import demo_keys
from tests import servers
from tests.conftest import CANARY_KEY, DOC_KEY, LiveServer
from tests.helpers import DEMO, EXAMPLES, custom_env


def rebill(client, client_orderid="R1", amount="10.00", **extra):
    return client.post("/api/make-rebill-sale/submit",
                       json={**DEMO, "client_orderid": client_orderid, "amount": amount, **extra})


def status(client, orderid, client_orderid="R1"):
    return client.post("/api/status/submit", json={"endpointid": "1111", "merchant_control": DOC_KEY, "login": "demo",
                                                   "client_orderid": client_orderid, "orderid": orderid})



def test_environments_contract(client):
    data = client.get("/api/environments").get_json()
    assert data["default"] == "local"
    assert data["demo"] == {"login": "demo", "endpointid": "1111", "groupid": "2222", "merchant_control": DOC_KEY,
                            "currency": "USD", "cardrefid": "1461665", "v4_private_key": demo_keys.PRIVATE_PEM}
    assert data["demo"]["v4_private_key"].startswith("-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEF")
    envs = {e["id"]: e for e in data["environments"]}
    assert envs["local"] == {"id": "local", "name": "Built-in sandbox (offline)", "production": False,
                             "enabled": True, "base_url": "http://localhost/sandbox/paynet"}
    assert envs["connpay-production"]["enabled"] is False
    assert envs["payneteasy-sandbox"]["base_url"] == "https://sandbox.payneteasy.com/paynet"


def test_submit_local_then_status_processing_then_final(client):
    r = rebill(client)
    assert r.status_code == 200
    data = r.get_json()
    assert data["error"] is None
    resp = data["response"]
    assert (resp["status"], resp["type"]) == (200, "async-response")
    assert resp["fields"]["merchant-order-id"] == "R1"
    assert ["Content-Type", "text/html;charset=utf-8"] in resp["headers"]
    assert data["request"]["raw"].startswith("POST /sandbox/paynet/api/v2/make-rebill-sale/1111 HTTP/1.1\r\n")
    assert data["request"]["body"] == ("login=demo&client_orderid=R1&cardrefid=1461665&amount=10.00&currency=USD"
                                       "&ipaddress=127.0.0.1&order_desc=Demo+order"
                                       "&control=cc74e6430e0bc4300fe2f36e901b747b2539adb3")
    orderid = resp["fields"]["paynet-order-id"]
    first, second = status(client, orderid).get_json(), status(client, orderid).get_json()
    assert (first["response"]["type"], first["response"]["status_value"]) == ("status-response", "processing")
    assert second["response"]["status_value"] == "approved"
    assert second["response"]["hint"] == "Final: the transaction went through."


def test_submit_invalid_sends_nothing(client):
    r = client.post("/api/make-rebill-sale/submit", json={**DEMO, "amount": "1,5"})
    assert r.status_code == 400
    data = r.get_json()
    assert data["error"] == {"kind": "invalid", "message": "Some fields need attention; nothing was sent."}
    assert data["errors"]["amount"] == ["amount must use '.' as the decimal delimiter, not ',' (got '1,5')."]
    assert data["errors"]["client_orderid"] == ["client_orderid is required."]


def test_submit_unknown_environment_404(client):
    r = rebill(client, environment="mars")
    assert r.status_code == 404
    assert r.get_json()["error"]["kind"] == "unknown-environment"


def test_submit_production_refused_without_flag(client):
    r = rebill(client, environment="payneteasy-production", confirm=True)
    assert r.status_code == 403
    assert r.get_json()["error"]["kind"] == "production-disabled"


def test_submit_production_needs_confirmation(app_factory):
    sandbox_app = app_factory(home="gw")
    server = LiveServer(sandbox_app)
    try:
        app = app_factory(custom_env(server.url + "/sandbox/paynet", production=True), ALLOW_PRODUCTION=True)
        client = app.test_client()
        r = rebill(client, environment="custom")
        assert r.status_code == 403
        assert r.get_json()["error"]["kind"] == "confirmation-required"
        assert rebill(client, environment="payneteasy-production").status_code == 403
        r = rebill(client, environment="custom", confirm=True)
        assert r.status_code == 200
        assert r.get_json()["response"]["type"] == "async-response"
    finally:
        server.stop()


def test_submit_custom_environment_body_byte_for_byte(app_factory):
    server = servers.RawServer(servers.echo_ok)
    try:
        client = app_factory(custom_env(server.url + "/checkout")).test_client()
        data = rebill(client, environment="custom", order_desc="A & B + \"C\"").get_json()
        received = server.received[0]
        assert received.startswith(b"POST /checkout/api/v2/make-rebill-sale/1111 HTTP/1.1\r\n")
        assert received.split(b"\r\n\r\n", 1)[1] == data["request"]["body"].encode()
        assert b"order_desc=A+%26+B+%2B+%22C%22" in received
    finally:
        server.stop()


@pytest.mark.parametrize("handler, kind", [
    (servers.answers("200 OK", b"<html>garbage</html>"), "unparseable"),
    (servers.answers("500 Internal Server Error", b"<h1>down</h1>"), "http-status"),
    (servers.answers("302 Found", b"", "Location: http://127.0.0.1:9/\r\n"), "http-status"),
    (servers.resets_mid_body, "reset"),
])
def test_submit_failure_kinds_are_answers(handler, kind, app_factory):
    server = servers.RawServer(handler)
    try:
        client = app_factory(custom_env(server.url + "/paynet")).test_client()
        r = rebill(client, environment="custom")
        assert r.status_code == 200
        data = r.get_json()
        assert data["error"]["kind"] == kind
        assert data["request"]["raw"].startswith("POST /paynet/api/v2/make-rebill-sale/1111 HTTP/1.1")
    finally:
        server.stop()


def test_submit_refused_and_timeout(app_factory):
    client = app_factory(custom_env(f"http://127.0.0.1:{servers.closed_port()}/paynet")).test_client()
    assert rebill(client, environment="custom").get_json()["error"]["kind"] == "connect"
    server = servers.RawServer(servers.sleeps)
    try:
        client = app_factory(home="b", envs=custom_env(server.url), SEND_TIMEOUT=0.3).test_client()
        assert rebill(client, environment="custom").get_json()["error"]["kind"] == "timeout"
    finally:
        server.stop()


# The cvv standing alone: a random port or order number may hold the same digits inside a longer number.
ALONE_9731 = re.compile(r"(?<![0-9])9731(?![0-9])")


def test_canary_key_and_card_never_leak(client, app, caplog, tmp_path):
    caplog.set_level(logging.DEBUG)
    bodies = [rebill(client, merchant_control=CANARY_KEY, cvv2="9731").get_data(as_text=True),
              rebill(client, "R2", cvv2="9731").get_data(as_text=True)]
    for body in bodies:
        assert CANARY_KEY not in body
        assert not ALONE_9731.search(body)
        assert "cvv2=***" in body
        assert "Card data masked in this exchange: cvv2." in body
    assert CANARY_KEY not in caplog.text and not ALONE_9731.search(caplog.text)
    db = Path(app.config["SANDBOX_DATABASE"]).read_bytes()
    assert CANARY_KEY.encode() not in db and not ALONE_9731.search(db.decode("latin-1"))


def test_status_follow_up_across_two_app_instances(app_factory):
    one = app_factory().test_client()
    two = app_factory().test_client()
    orderid = rebill(one).get_json()["response"]["fields"]["paynet-order-id"]
    assert status(two, orderid).get_json()["response"]["status_value"] == "processing"
    assert status(one, orderid).get_json()["response"]["status_value"] == "approved"


def test_sandbox_hosted_form_pay(client):
    form = {"endpointid": "1111", "merchant_control": DOC_KEY, "client_orderid": "F1", "order_desc": "x",
            "currency": "USD", "address1": "a", "city": "c", "zip_code": "1", "country": "DE", "phone": "1",
            "email": "e@x.y", "ipaddress": "127.0.0.1", "first_name": "J", "last_name": "S"}
    data = client.post("/api/preauth-form/submit", json=form).get_json()
    assert data["response"]["type"] == "async-form-response"
    url = data["response"]["fields"]["redirect-url"]
    path = "/sandbox/paynet/form/" + url.rsplit("/", 1)[1]
    html = client.get(path).get_data(as_text=True)
    token = re.search(r'name="csrf_token" value="([^"]+)"', html)[1]
    assert client.post(path, data={"csrf_token": token, "amount": "5,00"}).get_data(as_text=True).count(
        "amount must use &#39;.&#39; as the decimal delimiter") == 1
    html = client.post(path, data={"csrf_token": token, "amount": "5.00"}).get_data(as_text=True)
    assert "The order is now <strong>approved</strong>" in html
    orderid = data["response"]["fields"]["paynet-order-id"]
    assert status(client, orderid, "F1").get_json()["response"]["status_value"] == "approved"


def test_sandbox_route_wrong_method_and_path(client):
    assert client.get("/sandbox/paynet/api/v2/status/1111").status_code == 405
    assert client.post("/sandbox/paynet/api/v2/nothing").status_code == 404


def test_card_number_canary_never_leaks(client, app, caplog):
    caplog.set_level(logging.DEBUG)
    payload = {"endpointid": "1111", "merchant_control": DOC_KEY, "client_orderid": "C1", "order_desc": "x",
               "card_printed_name": "A B", "address1": "a", "city": "c", "zip_code": "1", "country": "DE",
               "phone": "1", "email": "e@x.y", "amount": "1.00", "currency": "USD",
               "credit_card_number": "4916338506082832", "expire_month": "1", "expire_year": "2030",
               "cvv2": "9731", "ipaddress": "127.0.0.1"}
    body = client.post("/api/sale/submit", json=payload).get_data(as_text=True)
    assert '"type":"async-response"' in body.replace(" ", "")
    assert "credit_card_number=491633******2832" in body and "cvv2=***" in body
    for secret in ("4916338506082832", "9731"):
        assert secret not in body and secret not in caplog.text
        assert secret.encode() not in Path(app.config["SANDBOX_DATABASE"]).read_bytes()


def test_builder_lists_production_disabled_unless_allowed(app_factory):
    html = app_factory(home="a").test_client().get("/sale").get_data(as_text=True)
    assert re.search(r'value="payneteasy-production" data-production="1" disabled>', html)
    assert "(disabled: set FLASK_ALLOW_PRODUCTION=1)" in html
    html = app_factory(home="b", ALLOW_PRODUCTION=True).test_client().get("/sale").get_data(as_text=True)
    assert re.search(r'value="payneteasy-production" data-production="1">', html)


SALE = {"endpointid": "1111", "merchant_control": DOC_KEY, "client_orderid": "C1", "order_desc": "x",
        "card_printed_name": "A B", "address1": "a", "city": "c", "zip_code": "1", "country": "DE", "phone": "1",
        "email": "e@x.y", "amount": "1.00", "currency": "USD", "credit_card_number": "4111111111111111",
        "expire_month": "12", "expire_year": "2030", "cvv2": "987", "ipaddress": "127.0.0.1"}


def sale_answered_by(app_factory, body: bytes, headers: str = "Content-Type: text/html;charset=utf-8\r\n"):
    """A sale sent to a gateway that answers `body`: the whole reply's text and its `response`."""
    server = servers.RawServer(servers.answers("200 OK", body, headers))
    try:
        client = app_factory(custom_env(server.url)).test_client()
        r = client.post("/api/sale/submit", json={**SALE, "environment": "custom"})
    finally:
        server.stop()
    return r.get_data(as_text=True), r.get_json()["response"]


def test_gateway_echoing_card_data_is_masked_like_the_request(app_factory):
    echo = (b"type=async-response\n&paynet-order-id=1\n&credit_card_number=4111111111111111\n&cvv2=987\n"
            b"&card-number=4111111111111111\n")
    body, resp = sale_answered_by(app_factory, echo, "X-Pan: 4111111111111111\r\n")
    assert resp["body"] == ("type=async-response\n&paynet-order-id=1\n&credit_card_number=411111******1111\n"
                            "&cvv2=***\n&card-number=411111******1111\n")
    assert resp["raw"].endswith("\r\n\r\n" + resp["body"]) and "X-Pan: 411111******1111\r\n" in resp["raw"]
    assert base64.b64decode(resp["body_base64"]) == resp["body"].encode()
    assert (resp["fields"]["credit_card_number"], resp["fields"]["cvv2"], resp["fields"]["card-number"]) == (
        "411111******1111", "***", "411111******1111")
    assert "4111111111111111" not in body and not re.search(r"(?<![0-9])987(?![0-9])", body)


def test_huge_gateway_body_is_read_to_the_limit_and_shown_cut(app_factory):
    server = servers.RawServer(servers.huge(50 * 1024 * 1024))
    try:
        client = app_factory(custom_env(server.url)).test_client()
        r = rebill(client, environment="custom")
    finally:
        server.stop()
    data = r.get_json()
    assert r.status_code == 200 and len(r.get_data()) < 2 * 1024 * 1024
    assert data["notes"] == [
        "The response body is longer than 1,048,576 bytes (RESPONSE_BODY_LIMIT): only that much was read.",
        "The response body is shown cut to its first 65,536 of 1,048,576 bytes read (raw dump, base64 and parsed "
        "fields too)."]
    assert data["response"]["body"] == "x" * 65536


def test_response_body_limit_is_a_setting(app_factory):
    server = servers.RawServer(servers.huge(5000))
    try:
        client = app_factory(custom_env(server.url), RESPONSE_BODY_LIMIT=1000).test_client()
        data = rebill(client, environment="custom").get_json()
    finally:
        server.stop()
    assert data["notes"] == ["The response body is longer than 1,000 bytes (RESPONSE_BODY_LIMIT): only that much "
                             "was read."]
    assert data["response"]["body"] == "x" * 1000


def test_worst_case_gateway_reply_stays_under_2_mib(app_factory):
    headers = "".join(f"X-Junk-{i}: {chr(1) * 60000}\r\n" for i in range(90))
    server = servers.RawServer(servers.answers("200 OK", b"a=" + b"\x01" * (3 * 1024 * 1024), headers))
    try:
        client = app_factory(custom_env(server.url)).test_client()
        r = rebill(client, environment="custom")
    finally:
        server.stop()
    assert r.status_code == 200 and len(r.get_data()) < 2 * 1024 * 1024
    assert len(r.get_json()["response"]["fields"]["a"]) == 65534


def test_gateway_echoing_the_request_inside_a_value_is_masked(app_factory):
    # Issue 19: the card number was masked here but `cvv2%3D987` was not, in the reply and its raw exchange.
    echo = (b"type=validation-error\n&error-message=Bad+request%3A+credit_card_number%3D4111111111111111"
            b"%26cvv2%3D987%26expire_year%3D2030\n&raw=%7B%22cvv2%22%3A%22987%22%7D\n")
    body, resp = sale_answered_by(app_factory, echo)
    assert resp["body"] == ("type=validation-error\n&error-message=Bad+request%3A+credit_card_number%3D411111******1111"
                            "%26cvv2%3D***%26expire_year%3D2030\n&raw=%7B%22cvv2%22%3A%22***%22%7D\n")
    assert resp["fields"]["error-message"] == ("Bad request: credit_card_number=411111******1111&cvv2=***"
                                               "&expire_year=2030")
    assert resp["fields"]["raw"] == '{"cvv2":"***"}'
    assert resp["raw"].endswith("\r\n\r\n" + resp["body"])
    assert "4111111111111111" not in body and "987" not in body


@pytest.mark.parametrize("urls, note", [
    ({"server_callback_url": "http://shop.example/cb", "notify_url": "http://shop.example/n"},
     "Callbacks from the built-in sandbox: this order's result goes to server_callback_url; each later transaction "
     "on it (capture, return, void) to notify_url."),
    ({"server_callback_url": "http://shop.example/cb"},
     "Callbacks from the built-in sandbox: this order's result goes to server_callback_url; notify_url is empty, so "
     "later transactions on it (capture, return, void) call nobody back."),
    ({"notify_url": "http://shop.example/n"},
     "Callbacks from the built-in sandbox: this order's result and each later transaction on it (capture, return, "
     "void) go to notify_url."),
])
def test_the_reply_says_which_url_receives_which_callback(client, urls, note):
    sale = {**EXAMPLES["sale"], "endpointid": "1111", "merchant_control": DOC_KEY, **urls}
    notes = client.post("/api/sale/submit", json=sale).get_json()["notes"]
    assert [n for n in notes if n.startswith("Callbacks")] == [note]


def test_a_refused_callback_is_named_in_the_status_reply(client):
    """The demo account's refusals were only in the database: a local reply lists the order's callbacks so far."""
    sale = {**EXAMPLES["sale"], "endpointid": "1111", "merchant_control": DOC_KEY,
            "server_callback_url": "http://merchant.example/cb"}
    fields = client.post("/api/sale/submit", json=sale).get_json()["response"]["fields"]
    asked = {"login": "demo", "endpointid": "1111", "merchant_control": DOC_KEY,
             "client_orderid": fields["merchant-order-id"], "orderid": fields["paynet-order-id"]}
    notes = [client.post("/api/status/submit", json=asked).get_json()["notes"] for _ in range(2)][-1]
    assert notes == ["Callback to http://merchant.example/cb: refused: not allowed by CALLBACK_HOSTS: "
                     "merchant.example:80 is not listed (by default callbacks go only to the tool's own inboxes)."]
