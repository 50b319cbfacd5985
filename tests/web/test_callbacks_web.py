"""The sandbox's callbacks reach allowed receivers only; the inbox; POST /api/callback/verify."""

import hashlib
from urllib.parse import parse_qsl, urlsplit

from tests import servers
from tests.conftest import DOC_KEY
from tests.web.test_flows import order_ids, submit


def issue(client) -> str:
    r = client.post("/api/inboxes", json={})
    assert r.status_code == 201, r.get_json()
    return r.get_json()["token"]


def listing(client, token, after=0) -> dict:
    r = client.get(f"/api/callbacks?token={token}&after={after}")
    assert r.status_code == 200, r.get_json()
    return r.get_json()


def order_deliveries(client, ids) -> list[dict]:
    return client.application.extensions["sandbox"].store.order_deliveries(int(ids["orderid"]) - 7_000_000)


def sale_with_callback(client, client_orderid, url, amount="10.00"):
    fields = submit(client, "sale", client_orderid=client_orderid, amount=amount, server_callback_url=url)
    ids = order_ids(fields)
    submit(client, "status", **ids)  # processing; the transaction becomes final now
    return ids


def test_callback_arrives_at_loopback_receiver_signed(client):
    receiver = servers.RawServer(servers.echo_ok)
    try:
        ids = sale_with_callback(client, "CB1", receiver.url + "/shop/callback?shop=1")
        assert receiver.arrived.wait(5)
        line = receiver.received[0].split(b"\r\n")[0].decode()
        method, target, _ = line.split(" ")
        assert method == "GET" and urlsplit(target).path == "/shop/callback"
        got = dict(parse_qsl(urlsplit(target).query))
        assert (got["shop"], got["status"], got["orderid"], got["merchant_order"], got["amount"], got["type"]) == (
            "1", "approved", ids["orderid"], "CB1", "10.00", "sale")
        expected = hashlib.sha1(f"approved{ids['orderid']}CB1{DOC_KEY}".encode()).hexdigest()
        assert got["control"] == expected
        deliveries = servers.eventually(lambda: order_deliveries(client, ids))
        assert deliveries[0]["outcome"] == "HTTP 200 (loopback)"
    finally:
        receiver.stop()


def test_callback_never_goes_to_a_host_not_allowed(client):
    ids = sale_with_callback(client, "CB2", "http://169.254.169.254/latest/meta-data")
    delivery = order_deliveries(client, ids)[0]
    assert delivery["url"] == "http://169.254.169.254/latest/meta-data"
    assert delivery["outcome"].startswith("refused: 169.254.169.254 is not loopback")
    assert delivery["request"] is None or delivery["request"] == ""


def test_callback_to_the_tools_own_inbox_and_verified(client):
    token = issue(client)
    ids = sale_with_callback(client, "CB3", f"https://tool.example.org/callbacks/inbox/{token}", amount="10.01")
    received = servers.eventually(lambda: listing(client, token)["received"])[0]
    assert received["method"] == "GET"
    assert received["url"].startswith(f"/callbacks/inbox/{token}?status=declined&")
    assert received["raw"].startswith(f"GET /callbacks/inbox/{token}?status=declined&")
    result = client.post("/api/callback/verify", json={"raw": received["url"], "merchant_control": DOC_KEY}).get_json()
    assert (result["match"], result["kind"], result["fields"]["orderid"]) == (True, "callback", ids["orderid"])
    assert result["fields"]["error_code"] == "302"


def test_inbox_takes_post_and_drops_credentials(client):
    token = issue(client)
    r = client.post(f"/callbacks/inbox/{token}", data="status=approved&orderid=1",
                    headers={"Cookie": "s=secret", "Authorization": "Basic eA=="},
                    content_type="application/x-www-form-urlencoded")
    assert (r.status_code, r.get_data(as_text=True)) == (200, "OK\n")
    item = listing(client, token)["received"][0]
    assert item["method"] == "POST" and item["body"] == "status=approved&orderid=1"
    assert "secret" not in item["raw"] and "Basic" not in item["raw"]


def test_verify_api_contract(client):
    result = client.post("/api/callback/verify", json={
        "raw": "https://shop/cb?status=approved&orderid=7000001&merchant_order=R1&client_orderid=R1"
               "&control=4b822bfb051bd1b108ae0c3b5807201d1260bc17", "merchant_control": DOC_KEY}).get_json()
    assert set(result) == {"kind", "fields", "received_control", "expected_control", "string_to_sign", "match",
                           "diagnosis", "warnings"}
    assert result["match"] is True and DOC_KEY not in str(result)
    revealed = client.post("/api/callback/verify", json={"raw": "status=approved&orderid=7000001&merchant_order=R1",
                                                         "merchant_control": DOC_KEY, "reveal": True}).get_json()
    assert revealed["string_to_sign"] == "approved7000001R1" + DOC_KEY


def test_verify_api_errors(client):
    assert client.post("/api/callback/verify", json={"raw": "hello"}).status_code == 400
    r = client.post("/api/callback/verify", json={"raw": "status=a", "kind": "webhook"})
    assert (r.status_code, r.get_json()["error"]["kind"]) == (400, "invalid")


def test_callbacks_page_has_the_inbox_and_a_copy_button(client):
    html = client.get("/callbacks").get_data(as_text=True)
    assert ('<code id="inbox-url">(issuing your inbox…)</code> '
            '<button type="button" id="copy-inbox">Copy</button>') in html
    assert "Kept 24 hours, the latest 200 entries, bodies cut at\n  65536 bytes;" in html
