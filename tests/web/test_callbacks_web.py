"""The sandbox's callbacks reach allowed receivers only (the URL policy); the private inboxes;
POST /api/callback/verify."""

import hashlib
import json
import re
from pathlib import Path
from urllib.parse import parse_qsl, urlsplit

from store.records import Delivery
from tests import servers
from tests.conftest import CANARY_KEY, DOC_KEY
from tests.helpers import EXAMPLES, Ops, order_ids


def order_deliveries(client, ids) -> list[Delivery]:
    return client.application.extensions["sandbox"].store.order_deliveries(int(ids["orderid"]) - 7_000_000)


NOT_LISTED = "is not listed (by default callbacks go only to the tool's own inboxes)"


def test_callback_arrives_at_listed_loopback_receiver_signed(app_factory):
    receiver = servers.RawServer(servers.echo_ok)
    client = app_factory(CALLBACK_HOSTS=f"127.0.0.1:{receiver.port}").test_client()
    try:
        ids = Ops(client).sale_with_callback("CB1", receiver.url + "/shop/callback?shop=1")
        assert receiver.arrived.wait(5)
        line = receiver.received[0].split(b"\r\n")[0].decode()
        method, target, _ = line.split(" ")
        assert method == "GET" and urlsplit(target).path == "/shop/callback"
        got = dict(parse_qsl(urlsplit(target).query))
        assert (got["shop"], got["status"], got["orderid"], got["merchant_order"], got["amount"], got["type"]) == (
            "1", "approved", ids["orderid"], "CB1", "10.00", "sale")
        expected = hashlib.sha1(f"approved{ids['orderid']}CB1{DOC_KEY}".encode()).hexdigest()
        assert got["control"] == expected
        delivered = servers.eventually(lambda: order_deliveries(client, ids))
        assert delivered[0].outcome == "HTTP 200 (listed in CALLBACK_HOSTS)"
        assert len(receiver.received) == 1
    finally:
        receiver.stop()


def test_loopback_not_allowed_by_default_and_open_or_closed_look_the_same(client, ops):
    receiver, closed = servers.RawServer(servers.echo_ok), servers.closed_port()
    try:
        open_ids = ops.sale_with_callback("CB4", f"{receiver.url}/cb")
        closed_ids = ops.sale_with_callback("CB5", f"http://127.0.0.1:{closed}/cb")
        delivered = order_deliveries(client, closed_ids) + order_deliveries(client, open_ids)
        outcomes = [d.outcome for d in delivered]
        assert outcomes == [f"refused: not allowed by CALLBACK_HOSTS: 127.0.0.1:{closed} {NOT_LISTED}",
                            f"refused: not allowed by CALLBACK_HOSTS: 127.0.0.1:{receiver.port} {NOT_LISTED}"]
        assert [d.request or "" for d in delivered] == ["", ""]
        assert receiver.received == []
    finally:
        receiver.stop()


def test_backslash_trick_reaches_no_port(app_factory):
    # The old filter read 127.0.0.1:<second> (listed); requests would have connected to 0.0.0.0:<first>.
    first, second = servers.RawServer(servers.echo_ok), servers.RawServer(servers.echo_ok)
    client = app_factory(CALLBACK_HOSTS=f"127.0.0.1:{second.port}").test_client()
    try:
        # The field refuses it before any order exists; the policy refuses it too (test_urlpolicy).
        r = client.post("/api/sale/submit", json={**EXAMPLES["sale"], "endpointid": "1111", "login": "demo",
                        "merchant_control": DOC_KEY, "client_orderid": "CB6",
                        "server_callback_url": f"http://0.0.0.0:{first.port}\\@127.0.0.1:{second.port}/x"})
        assert r.get_json()["errors"] == {
            "server_callback_url": ["server_callback_url must be an absolute http:// or https:// URL."]}
        with client.application.extensions["sandbox"].store.reading() as db:
            assert db.latest_order("CB6") is None
        assert (first.received, second.received) == ([], [])
    finally:
        first.stop()
        second.stop()


def test_listed_name_resolving_to_loopback_refused(app_factory):
    receiver = servers.RawServer(servers.echo_ok)
    app = app_factory(CALLBACK_HOSTS=f"127.0.0.1.nip.io:{receiver.port}")
    app.extensions["callback_policy"].resolver = lambda host, port, family=0, type=0: [
        (2, 1, 6, "", ("127.0.0.1", port))]
    client = app.test_client()
    try:
        ids = Ops(client).sale_with_callback("CB7", f"http://127.0.0.1.nip.io:{receiver.port}/cb")
        assert order_deliveries(client, ids)[0].outcome == (
            "refused: not allowed by CALLBACK_HOSTS: 127.0.0.1.nip.io resolves to 127.0.0.1, which is not a public "
            "address (list a loopback or private address by the address itself)")
        assert receiver.received == []
    finally:
        receiver.stop()


def test_callback_never_goes_to_a_host_not_allowed(client, ops):
    ids = ops.sale_with_callback("CB2", "http://169.254.169.254/latest/meta-data")
    delivery = order_deliveries(client, ids)[0]
    assert delivery.url == "http://169.254.169.254/latest/meta-data"
    assert delivery.outcome == f"refused: not allowed by CALLBACK_HOSTS: 169.254.169.254:80 {NOT_LISTED}"
    assert delivery.request is None or delivery.request == ""


def test_callback_to_the_tools_own_inbox_and_verified(client, ops):
    token = ops.issue_inbox()
    ids = ops.sale_with_callback("CB3", f"https://tool.example.org/callbacks/inbox/{token}", amount="10.01")
    received = servers.eventually(lambda: ops.listing(token)["received"])[0]
    assert received["method"] == "GET"
    assert received["url"].startswith(f"/callbacks/inbox/{token}?status=declined&")
    assert received["raw"].startswith(f"GET /callbacks/inbox/{token}?status=declined&")
    result = client.post("/api/callback/verify", json={"raw": received["url"], "merchant_control": DOC_KEY}).get_json()
    assert (result["match"], result["kind"], result["fields"]["orderid"]) == (True, "callback", ids["orderid"])
    assert result["fields"]["error_code"] == "302"


def test_inbox_takes_post_and_drops_credentials(client, ops):
    token = ops.issue_inbox()
    r = client.post(f"/callbacks/inbox/{token}", data="status=approved&orderid=1",
                    headers={"Cookie": "s=secret", "Authorization": "Basic eA=="},
                    content_type="application/x-www-form-urlencoded")
    assert (r.status_code, r.get_data(as_text=True)) == (200, "OK\n")
    item = ops.listing(token)["received"][0]
    assert item["method"] == "POST" and item["body"] == "status=approved&orderid=1"
    assert "secret" not in item["raw"] and "Basic" not in item["raw"]


def test_verify_api_contract(client):
    result = client.post("/api/callback/verify", json={
        "raw": "https://shop/cb?status=approved&orderid=7000001&merchant_order=R1&client_orderid=R1"
               "&control=4b822bfb051bd1b108ae0c3b5807201d1260bc17", "merchant_control": DOC_KEY}).get_json()
    assert set(result) == {"kind", "kinds", "method", "fields", "received_control", "expected_control",
                           "string_to_sign", "match", "diagnosis", "warnings"}
    assert (result["kind"], result["kinds"], result["method"]) == ("callback", ["callback"], "GET")
    assert result["match"] is True and DOC_KEY not in str(result)
    revealed = client.post("/api/callback/verify", json={"raw": "status=approved&orderid=7000001&merchant_order=R1",
                                                         "merchant_control": DOC_KEY, "reveal": True}).get_json()
    assert revealed["string_to_sign"] == "approved7000001R1" + DOC_KEY


def test_verify_api_names_the_other_kinds_recipe(client):
    # A GET (a callback) signed with the final redirect's recipe: sha1("approved7000001C9" + key), by printf | sha1sum.
    raw = ("https://shop/cb?status=approved&orderid=7000001&merchant_order=M1&client_orderid=C9"
           "&control=0362cb386efc4648dc06d5510a97233b336e7f9a")
    result = client.post("/api/callback/verify", json={"raw": raw, "merchant_control": DOC_KEY}).get_json()
    assert (result["kind"], result["kinds"], result["match"]) == ("callback", [], False)
    assert result["diagnosis"] == [{
        "id": "redirect-formula-for-callback", "string_to_sign": "approved7000001C9***",
        "message": "This callback was signed with the final redirect's recipe (status + orderid + client_orderid); a "
                   "callback signs status + orderid + merchant_order. A POST from the payer's browser to redirect_url "
                   "is a final redirect: check it as one."}]
    keyless = client.post("/api/callback/verify", json={"raw": raw}).get_json()  # the page's templates, one kind
    assert [(h["kind"], h["candidates"][0]["id"]) for h in keyless["hypotheses"]] == [
        ("callback", "redirect-formula-for-callback")]


def test_verify_api_errors(client):
    assert client.post("/api/callback/verify", json={"raw": "hello"}).status_code == 400
    r = client.post("/api/callback/verify", json={"raw": "status=a", "kind": "webhook"})
    assert (r.status_code, r.get_json()["error"]["kind"]) == (400, "invalid")


CALLBACK = ("https://shop/cb?status=approved&orderid=7000001&merchant_order=R1&client_orderid=R1"
            "&control=4b822bfb051bd1b108ae0c3b5807201d1260bc17")


def verified(client, **extra):
    return client.post("/api/callback/verify", json={"raw": CALLBACK, **extra})


def test_verify_with_the_key_and_the_merchants_fingerprint_says_same_key(client):
    result = verified(client, merchant_control=DOC_KEY, fingerprint="f2e7e74d").get_json()
    assert result["match"] is True
    assert result["fingerprint"] == {"merchant": "f2e7e74d", "yours": "f2e7e74d", "same": True,
                                     "message": "Same key as the merchant's: both fingerprints are f2e7e74d."}


def test_verify_with_another_key_than_the_merchants_names_both_fingerprints(client):
    result = verified(client, merchant_control=DOC_KEY, fingerprint="3FBFFB70").get_json()
    assert (result["fingerprint"]["same"], result["fingerprint"]["message"]) == (
        False, "You are checking with a different key than the merchant's: its fingerprint is 3fbffb70, yours is "
               "f2e7e74d.")


def test_verify_with_a_fingerprint_alone_still_shows_what_it_can(client):
    result = verified(client, fingerprint="f2e7e74d").get_json()
    assert (result["match"], result["kind"], result["received_control"]) == (
        None, "callback", "4b822bfb051bd1b108ae0c3b5807201d1260bc17")
    assert result["fingerprint"]["message"] == (
        "The signature cannot be checked without a key: the fingerprint f2e7e74d tells which key the merchant uses, "
        "not the key itself. Type the key to check the control.")


def test_verify_refuses_a_bad_fingerprint_naming_the_field_and_the_rule(client):
    r = verified(client, merchant_control=DOC_KEY, fingerprint="f2e7e74")
    assert (r.status_code, r.get_json()["error"]) == (400, {"kind": "invalid", "message": (
        "fingerprint must be 8 hexadecimal digits (0-9, a-f, either case): the key fingerprint the tool shows next "
        "to a key.")})


def test_callbacks_page_has_the_inbox_and_a_copy_button(client):
    html = client.get("/callbacks").get_data(as_text=True)
    assert ('<code id="inbox-url">(issuing your inbox…)</code> '
            '<button type="button" id="copy-inbox">Copy</button>') in html
    assert "Kept 24 hours, the latest 200 entries, bodies cut at 65,536 bytes;" in html  # trimmed trans block


def test_verify_masks_key_and_card_data_unless_reveal(client):
    raw = ("status=approved&orderid=7000001&merchant_order=R1&merchant_control=" + CANARY_KEY +
           "&credit_card_number=4111111111111111&cvv2=987&card_printed_name=A B&control=x")
    body = client.post("/api/callback/verify", json={"raw": raw}).get_data(as_text=True)
    fields = json.loads(body)["fields"]
    assert (fields["merchant_control"], fields["credit_card_number"], fields["cvv2"], fields["card_printed_name"]) == (
        "***", "411111******1111", "***", "A B")
    assert CANARY_KEY not in body and "4111111111111111" not in body
    revealed = client.post("/api/callback/verify", json={"raw": raw, "reveal": True}).get_json()["fields"]
    assert (revealed["merchant_control"], revealed["credit_card_number"], revealed["cvv2"]) == (
        CANARY_KEY, "4111111111111111", "987")


def test_inbox_keeps_a_bounded_masked_copy(client, app, ops):
    body = "status=approved&credit_card_number=4111111111111111&cvv2=987&pad=" + "x" * 200_000
    token = ops.issue_inbox()
    r = client.post(f"/callbacks/inbox/{token}?merchant_control=" + CANARY_KEY, data=body,
                    content_type="application/x-www-form-urlencoded")
    assert (r.status_code, r.get_data(as_text=True)) == (200, "OK\n")
    item = ops.listing(token)["received"][0]
    assert item["url"] == f"/callbacks/inbox/{token}?merchant_control=***"
    assert item["body"] == ("status=approved&credit_card_number=411111******1111&cvv2=***&pad=" + "x" * 200_000)[:65536]
    assert item["raw"].endswith("\r\n\r\n" + item["body"])
    assert item["note"] == "The body was cut to its first 65536 bytes of 200065."
    db = Path(app.config["SANDBOX_DATABASE"]).read_bytes()
    assert CANARY_KEY.encode() not in db and b"4111111111111111" not in db and b"cvv2=987" not in db


def test_inbox_list_is_bounded(client, ops):
    token = ops.issue_inbox()
    for _ in range(40):
        client.post(f"/callbacks/inbox/{token}", data="a=" + "\x01" * 65534, content_type="text/plain")
    r = client.get(f"/api/callbacks?token={token}")
    received = r.get_json()["received"]
    assert len(r.get_data()) < 2 * 1024 * 1024
    assert 0 < len(received) < 40 and received[0]["body"] == "a=" + "\x01" * 65534


BROWSER = {"Sec-Fetch-Mode": "navigate", "Accept": "text/html,application/xhtml+xml,*/*;q=0.8"}


def paid_form_order(ops, redirect_url: str) -> tuple[dict, str]:
    """A sale-form order paid on the sandbox's hosted form; (its ids, the payer page's final redirect fields)."""
    fields = ops.submit("sale-form", client_orderid="LAND-1", amount="10.00", redirect_url=redirect_url)
    path = "/sandbox/paynet/form/" + fields["redirect-url"].rsplit("/", 1)[1]
    csrf = re.search(r'name="csrf_token" value="([^"]+)"', ops.client.get(path).get_data(as_text=True))[1]
    page = ops.client.post(path, data={"csrf_token": csrf}).get_data(as_text=True)
    form = re.search(r'<form method="post" action="[^"]+" id="final-redirect">(.*?)</form>', page, re.S)[1]
    return order_ids(fields), dict(re.findall(r'name="([^"]+)" value="([^"]*)"', form))


def test_the_payers_return_to_the_inbox_lands_on_a_verified_page(ops, site_built):
    token = ops.issue_inbox()
    ids, redirect = paid_form_order(ops, f"http://localhost/callbacks/inbox/{token}")
    page = ops.client.post(f"/callbacks/inbox/{token}", data=redirect, headers=BROWSER)
    html = page.get_data(as_text=True)
    assert (page.status_code, page.mimetype) == (200, "text/html")
    assert re.sub(r"\s+", " ", re.search(r'id="landing-verdict">(.*?)</p>', html, re.S)[1]) == (
        "control verified: the built-in sandbox signed this redirect. The order is <strong>approved</strong>.")
    assert f"<tr><th>orderid</th><td>{ids['orderid']}</td></tr>" in html
    assert 'href="/sale-form" id="back-to-order"' in html
    assert 'href="/docs/callbacks/#the-payers-return"' in html
    docs = ops.client.get("/docs/callbacks/")
    assert 'id="the-payers-return"' in docs.get_data(as_text=True)
    docs.close()  # a file the docs route streams
    assert ops.listing(token)["received"][-1]["method"] == "POST"  # kept like any entry


def test_a_changed_or_foreign_redirect_is_said_so_and_scripts_still_get_ok(ops):
    token = ops.issue_inbox()
    _, redirect = paid_form_order(ops, f"http://localhost/callbacks/inbox/{token}")
    tampered = ops.client.post(f"/callbacks/inbox/{token}", data={**redirect, "status": "declined"},
                               headers=BROWSER).get_data(as_text=True)
    assert "control does not match: the built-in sandbox did not sign these" in tampered
    foreign = ops.client.post(f"/callbacks/inbox/{token}", data={**redirect, "orderid": "123"},
                              headers=BROWSER).get_data(as_text=True)
    assert "Not an order of the built-in sandbox" in foreign and 'id="back-to-order"' not in foreign
    script = ops.client.post(f"/callbacks/inbox/{token}", data=redirect, headers={"Accept": "*/*"})
    assert (script.status_code, script.get_data(as_text=True)) == (200, "OK\n")


def test_the_payer_page_says_what_became_of_each_callback(ops):
    """A refusal is on the payer's page at once, with the rule that refused it; a delivery once answered."""
    token = ops.issue_inbox()
    fields = ops.submit("sale-form", client_orderid="CBP-1", amount="10.00",
                        server_callback_url="http://shop.example.com/cb", notify_url=f"http://localhost/callbacks/inbox/{token}")
    path = "/sandbox/paynet/form/" + fields["redirect-url"].rsplit("/", 1)[1]
    csrf = re.search(r'name="csrf_token" value="([^"]+)"', ops.client.get(path).get_data(as_text=True))[1]
    page = ops.client.post(path, data={"csrf_token": csrf}).get_data(as_text=True)
    assert re.sub(r"\s+", " ", re.search(r'<ul id="callbacks-sent">(.*?)</ul>', page, re.S)[1]).strip() == (
        '<li class="error-text">Callback to <code>http://shop.example.com/cb</code>: refused: not allowed by '
        "CALLBACK_HOSTS: shop.example.com:80 is not listed (by default callbacks go only to the tool&#39;s own "
        "inboxes).</li>")
    russian = ops.client.get(path, headers={"Accept-Language": "ru"}).get_data(as_text=True)
    assert re.sub(r"\s+", " ", re.search(r'<ul id="callbacks-sent">(.*?)</ul>', russian, re.S)[1]).strip() == (
        '<li class="error-text">Обратный вызов на <code>http://shop.example.com/cb</code>: отклонён: не разрешено '
        "CALLBACK_HOSTS: shop.example.com:80 нет в списке (по умолчанию обратные вызовы идут только во входящие "
        "самого инструмента).</li>")


def test_the_payer_page_lists_a_delivered_callback_once_answered(ops):
    token = ops.issue_inbox()
    fields = ops.submit("sale-form", client_orderid="CBP-2", amount="10.00",
                        server_callback_url=f"http://localhost/callbacks/inbox/{token}")
    path = "/sandbox/paynet/form/" + fields["redirect-url"].rsplit("/", 1)[1]
    csrf = re.search(r'name="csrf_token" value="([^"]+)"', ops.client.get(path).get_data(as_text=True))[1]
    ops.client.post(path, data={"csrf_token": csrf})
    servers.eventually(lambda: ops.listing(token)["deliveries"])
    page = ops.client.get(path).get_data(as_text=True)
    assert re.sub(r"\s+", " ", re.search(r'<ul id="callbacks-sent">(.*?)</ul>', page, re.S)[1]).strip() == (
        f"<li>Callback to <code>http://localhost/callbacks/inbox/{token}</code>: sent, HTTP 200 (to the tool&#39;s "
        "own inbox, delivered in process).</li>")


def test_later_transactions_call_back_notify_url_only_with_their_type(ops):
    """docs/decisions.md: server_callback_url hears of the initial transaction, notify_url of the later ones (of
    the initial one too when no server_callback_url is given); a return is a `reversal`, a capture and a void
    keep their names."""
    initial, every = ops.issue_inbox(), ops.issue_inbox()
    urls = {"server_callback_url": f"http://localhost/callbacks/inbox/{initial}",
            "notify_url": f"http://localhost/callbacks/inbox/{every}"}
    sale = ops.approved("sale", "LT-1", amount="10.00", **urls)
    ops.final(order_ids(ops.submit("return", **sale, amount="10.00", currency="USD", comment="r")))
    preauth = ops.approved("preauth", "LT-2", amount="20.00", **urls)
    ops.final(order_ids(ops.submit("capture", **preauth)))
    voided = ops.approved("sale", "LT-3", amount="30.00", **urls)
    ops.final(order_ids(ops.submit("void", **voided, comment="v")))

    def types(token):  # sorted: the delivery pool may deliver them in any order
        return sorted(dict(parse_qsl(urlsplit(e["url"]).query))["type"] for e in ops.listing(token)["received"])
    assert servers.eventually(lambda: types(every) if len(types(every)) >= 3 else None) == [
        "capture", "reversal", "void"]
    assert servers.eventually(lambda: types(initial) if len(types(initial)) >= 3 else None) == [
        "preauth", "sale", "sale"]


def test_payer_pages_stand_for_the_gateways_without_the_tools_navigation(ops):
    """The hosted form, the 3-D Secure page and the paid page with its final redirect: a sandbox mark only."""
    form = ops.submit("sale-form", client_orderid="PAY-1", amount="10.00", redirect_url="http://localhost/done")
    path = "/sandbox/paynet/form/" + form["redirect-url"].rsplit("/", 1)[1]
    unpaid = ops.client.get(path).get_data(as_text=True)
    csrf = re.search(r'name="csrf_token" value="([^"]+)"', unpaid)[1]
    paid = ops.client.post(path, data={"csrf_token": csrf}).get_data(as_text=True)
    card = ops.submit("sale", client_orderid="PAY-2", amount="10.00", credit_card_number="4000000000003220")
    three_ds = ops.submit("status", **order_ids(card))["redirect-to"]
    challenge = ops.client.get(urlsplit(three_ds).path).get_data(as_text=True)
    for html in (unpaid, paid, challenge):
        header = re.search(r"<header.*?</header>", html, re.S)[0]
        assert header == ('<header class="top payer"><span class="sandbox-mark" id="sandbox-mark">built-in sandbox'
                          "</span></header>")
        assert "<nav>" not in html and "Debugger" not in html and 'id="present-toggle"' not in html
    assert 'id="final-redirect"' in paid and 'id="authenticate"' in challenge
