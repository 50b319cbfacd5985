"""The merchant's side: the callback-handler exam graded against three handlers the test starts on loopback (a
sound one, a naive one that credits twice and trusts the amount, one that never checks control), and callbacks on
demand for an account's order and a demo order, with the handler's answer shown and a resend."""

import hashlib
import subprocess
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qsl, urlsplit

import pytest
import requests

from tests.conftest import LiveServer
from tests.helpers import EXAMPLES
from tests.servers import eventually

KNOWN_TYPES = ("sale", "reversal", "capture", "void", "preauth")


def sha1(text: str) -> str:
    return hashlib.sha1(text.encode()).hexdigest()


class Shop:
    """A merchant's integration on loopback: it sells through its sandbox account and runs a callback handler in one
    of three manners; `received` keeps what reached the handler, `ledger` what it credited."""

    def __init__(self, root: str, account: dict, manner: str = "sound"):
        self.root, self.account, self.key, self.manner = root, account, account["merchant_control"], manner
        self.received, self.ledger, self.orders = [], [], set()
        shop = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):
                shop.handle(self)

            def do_POST(self):
                shop.handle(self)

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=self.server.serve_forever, args=(0.05,), daemon=True).start()
        self.url = f"http://127.0.0.1:{self.server.server_port}/cb"

    def post(self, command: str, values: dict) -> dict:
        r = requests.post(f"{self.account['base_url']}/api/v2/{command}/{self.account['endpointid']}", data=values,
                          timeout=10)
        return dict(parse_qsl(r.text.replace("\n", "")))

    def sale(self, client_orderid: str, amount: str) -> str:
        values = {**EXAMPLES["sale"], "client_orderid": client_orderid, "amount": amount}
        ep = self.account["endpointid"]
        values["control"] = sha1(f"{ep}{client_orderid}{amount.replace('.', '')}{values['email']}{self.key}")
        orderid = self.post("sale", values)["paynet-order-id"]
        self.orders.add(client_orderid)
        self.status(client_orderid, orderid)  # processing: the transaction becomes final now
        assert self.status(client_orderid, orderid)["status"] == "approved"
        return orderid

    def status(self, client_orderid: str, orderid: str) -> dict:
        login = self.account["login"]
        return self.post("status", {"login": login, "client_orderid": client_orderid, "orderid": orderid,
                                    "control": sha1(f"{login}{client_orderid}{orderid}{self.key}")})

    def handle(self, req) -> None:
        url = urlsplit(req.path)
        body = req.rfile.read(int(req.headers.get("Content-Length") or 0)).decode()
        self.received.append((req.command, url.query, body))
        params = dict(parse_qsl(url.query))
        if self.manner == "no-control":
            params |= dict(parse_qsl(body))  # reads both, like PHP's $_REQUEST
        status, text = getattr(self, self.manner.replace("-", "_"))(req.command, params)
        req.send_response(status)
        req.send_header("Content-Type", "text/plain")
        req.end_headers()
        req.wfile.write(text.encode())

    def signed(self, p: dict) -> bool:
        return p.get("control") == sha1(p.get("status", "") + p.get("orderid", "") + p.get("merchant_order", "")
                                        + self.key)

    def sound(self, method: str, p: dict) -> tuple[int, str]:
        if method != "GET":
            return 405, "callbacks come as GET"
        if not self.signed(p):
            return 403, "bad control"
        if p["merchant_order"] not in self.orders:
            return 404, "no such order"
        if p.get("type") not in KNOWN_TYPES:
            return 400, "unknown type"
        truth = self.status(p["merchant_order"], p["orderid"])
        if truth.get("status") == "approved" and truth.get("amount") == p.get("amount") and \
                (p["orderid"], p["type"]) not in self.ledger:
            self.ledger.append((p["orderid"], p["type"]))
        return 200, "OK"

    def naive(self, method: str, p: dict) -> tuple[int, str]:
        if not self.signed(p):
            return 403, "bad control"
        if p["status"] == "approved":
            self.ledger.append((p["orderid"], p.get("amount")))
        return 200, "OK"

    def no_control(self, method: str, p: dict) -> tuple[int, str]:
        truth = self.status(p.get("merchant_order") or p.get("client_orderid", ""), p.get("orderid", ""))
        if truth.get("type") != "status-response":
            return 404, "no such order"
        return 200, "OK"

    def stop(self):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def root(app_factory):
    # The handlers listen on loopback, which accounts reach only when the operator says so; cases wait 0.3 s for a
    # status request (the handlers that ask, ask before they answer, so no case of theirs waits).
    app = app_factory(ACCOUNT_CALLBACK_NETWORKS="127.0.0.0/8", EXAM_STATUS_WINDOW="0.3")
    live = LiveServer(app)
    yield live.url
    live.stop()


def new_shop(root: str, manner: str = "sound") -> Shop:
    account = requests.post(f"{root}/api/sandbox/accounts", json={}, timeout=10).json()
    shop = Shop(root, account, manner)
    r = requests.put(f"{root}/api/sandbox/accounts/{account['id']}/callback-hosts", json={"hosts": [
        f"127.0.0.1:{shop.server.server_port}"]}, headers=auth(shop), timeout=10)
    assert r.status_code == 200, r.text
    return shop


def auth(shop: Shop) -> dict:
    return {"Authorization": f"Bearer {shop.account['token']}"}


def exam(root: str, shop: Shop, orderid: str) -> dict:
    base = f"{root}/api/sandbox/accounts/{shop.account['id']}/exams"
    r = requests.post(base, json={"url": shop.url, "orderid": orderid}, headers=auth(shop), timeout=10)
    assert r.status_code == 202, r.text
    report_url = r.json()["report_url"]
    assert report_url == f"{base}/{r.json()['exam_id']}"

    def done():
        report = requests.get(report_url, headers=auth(shop), timeout=10).json()
        return report if report["state"] == "done" else None
    return eventually(done, timeout=60)


def grades(report: dict) -> list[tuple]:
    return [(c["id"], c["grade"], c["observed"]["http_status"], c["observed"]["asked_status"])
            for c in report["cases"]]


@pytest.fixture
def shops(root):
    made = []

    def make(manner):
        made.append(new_shop(root, manner))
        return made[-1]
    yield make
    for shop in made:
        shop.stop()


def test_a_sound_handler_passes_every_case(root, shops):
    shop = shops("sound")
    orderid = shop.sale("EXAM-1", "10.42")
    report = exam(root, shop, orderid)
    assert grades(report) == [
        ("valid", "pass", 200, True), ("duplicate", "pass", 200, True), ("out-of-order", "pass", 200, True),
        ("bad-control", "pass", 403, False), ("tampered-amount", "pass", 200, True),
        ("unknown-order", "pass", 404, False), ("unknown-type", "pass", 400, False),
        ("redirect-formula", "pass", 403, False), ("wrong-method", "pass", 405, False)]
    assert report["grades"] == {"pass": 9, "warn": 0, "fail": 0} and report["of"] == 9
    assert shop.ledger == [(orderid, "sale")]  # credited once, at the amount the sandbox holds
    first = report["cases"][0]
    assert first["number"] == 1 and first["why"] == "accepted, and the order's status was asked before trusting it"
    assert first["expected"].startswith("Accept it: answer 2xx; ask the sandbox for the order's status")
    assert first["observed"]["body"] == "OK"
    # what the handler got: the valid callback, signed with the account's key; the POST as a form
    method, query, body = shop.received[0]
    params = dict(parse_qsl(query))
    assert (method, params["status"], params["orderid"], params["merchant_order"], params["amount"],
            params["type"]) == ("GET", "approved", orderid, "EXAM-1", "10.42", "sale")
    assert params["control"] == sha1(f"approved{orderid}EXAM-1{shop.key}")
    assert shop.received[-1][0] == "POST" and dict(parse_qsl(shop.received[-1][2]))["merchant_order"] == "EXAM-1"
    tampered = dict(parse_qsl(shop.received[4][1]))
    assert (tampered["amount"], tampered["currency"]) == ("104.20", "EUR")


def test_a_naive_handler_credits_twice_and_trusts_the_amount(root, shops):
    shop = shops("naive")
    orderid = shop.sale("EXAM-2", "5.00")
    report = exam(root, shop, orderid)
    assert grades(report) == [
        ("valid", "warn", 200, False), ("duplicate", "warn", 200, False), ("out-of-order", "fail", 200, False),
        ("bad-control", "pass", 403, False), ("tampered-amount", "fail", 200, False),
        ("unknown-order", "fail", 200, False), ("unknown-type", "warn", 200, False),
        ("redirect-formula", "pass", 403, False), ("wrong-method", "pass", 403, False)]
    assert [c["why"] for c in report["cases"] if c["grade"] == "fail"] == [
        "accepted without asking status: a late declined may have overwritten approved",
        "accepted a changed amount without asking status: the control does not cover the amount",
        "accepted a callback for an order that does not exist"]
    assert len(shop.ledger) > 2  # what the exam cannot see, and warns about: it credited more than once


def test_a_handler_that_never_checks_control(root, shops):
    shop = shops("no-control")
    orderid = shop.sale("EXAM-3", "1.00")
    report = exam(root, shop, orderid)
    assert grades(report) == [
        ("valid", "pass", 200, True), ("duplicate", "pass", 200, True), ("out-of-order", "pass", 200, True),
        ("bad-control", "fail", 200, True), ("tampered-amount", "pass", 200, True),
        ("unknown-order", "pass", 404, True), ("unknown-type", "pass", 200, True),
        ("redirect-formula", "warn", 200, True), ("wrong-method", "warn", 200, True)]
    assert report["cases"][3]["why"] == ("accepted although it is not a valid callback: anyone could change an "
                                         "order's state this way")


def test_exam_refusals_name_the_field(root, shops):
    shop = shops("sound")
    base = f"{root}/api/sandbox/accounts/{shop.account['id']}/exams"

    def start(body, headers=None):
        r = requests.post(base, json=body, headers=headers or auth(shop), timeout=10)
        return r.status_code, r.json()["error"]["message"]
    assert start({"url": shop.url}) == (400, "Send url (the merchant's callback URL) and orderid (an approved order "
                                             "of this account) as JSON strings.")
    assert start({"url": shop.url, "orderid": "7000000"}) == (
        400, "orderid: this account has no order 7000000 (orders are kept 24 hours).")
    orderid = shop.sale("EXAM-4", "2.00")
    code, message = start({"url": "http://127.0.0.2:9/cb", "orderid": orderid})
    assert code == 400 and message.startswith("url: not in the account's callback hosts: 127.0.0.2")
    assert start({"url": shop.url, "orderid": orderid}, {"Authorization": "Bearer nope"})[0] == 404
    r = requests.get(f"{base}/123456", headers=auth(shop), timeout=10)
    assert (r.status_code, r.json()["error"]["message"]) == (404, "This account has no exam with id 123456.")


def test_callbacks_on_demand_for_an_account_order_and_resend(root, shops):
    shop = shops("naive")
    orderid = shop.sale("CB-1", "10.42")
    url = f"{root}/api/sandbox/accounts/{shop.account['id']}/orders/{orderid}/callbacks"
    r = requests.post(url, json={"status": "declined", "amount": "3.5", "url": shop.url}, headers=auth(shop),
                      timeout=10)
    assert r.status_code == 202, r.text
    assert r.json()["params"] == {
        "status": "declined", "orderid": orderid, "merchant_order": "CB-1", "client_orderid": "CB-1",
        "amount": "3.50", "currency": "USD", "type": "sale",
        "error_message": "Insufficient funds (sandbox: amount ending in .01)",
        "error_code": "302", "control": sha1(f"declined{orderid}CB-1{shop.key}")}
    got = eventually(lambda: shop.received)
    assert dict(parse_qsl(got[0][1]))["amount"] == "3.50"

    def entries():
        r = requests.get(f"{root}/api/sandbox/accounts/{shop.account['id']}/requests", headers=auth(shop), timeout=10)
        return [e for e in r.json()["entries"] if e["kind"] == "callback"]
    entry = eventually(entries)[0]
    assert entry["answer"] == {"outcome": "HTTP 200", "body": "OK"}
    resend = requests.post(f"{root}/api/sandbox/accounts/{shop.account['id']}/requests/{entry['id']}/resend",
                           headers=auth(shop), timeout=10)
    assert resend.status_code == 202
    eventually(lambda: len(shop.received) == 2)
    assert shop.received[1] == shop.received[0]
    # the order's own defaults: no server_callback_url was given with the sale, so a URL is needed
    r = requests.post(url, json={}, headers=auth(shop), timeout=10)
    assert (r.status_code, r.json()["error"]["message"]) == (
        400, "url: the order has no server_callback_url or notify_url; give the URL to call back.")
    for body, message in (({"status": "paid"}, "status must be one of approved, declined, filtered, error, "
                                                "processing."),
                          ({"amount": "1.234"}, "amount: "), ({"currency": "usd"}, "currency must be three capital "
                                                               "letters (ISO 4217: USD, EUR).")):
        r = requests.post(url, json={**body, "url": shop.url}, headers=auth(shop), timeout=10)
        assert r.status_code == 400 and r.json()["error"]["message"].startswith(message), r.text


def test_a_demo_orders_callback_goes_to_the_tabs_inbox_only(ops, client):
    token = ops.issue_inbox()
    orderid = ops.approved("sale", "DEMO-CB")["orderid"]
    r = client.post(f"/api/sandbox/demo/orders/{orderid}/callbacks", json={"inbox": token, "status": "declined",
                                                                           "type": "reversal"})
    assert r.status_code == 202, r.get_json()
    assert r.get_json()["url"] == f"http://localhost/callbacks/inbox/{token}"
    entry = eventually(lambda: ops.listing(token)["received"])[0]
    assert "status=declined" in entry["url"] and "type=reversal" in entry["url"], entry
    delivery = eventually(lambda: ops.listing(token)["deliveries"])[0]
    assert delivery["outcome"] == "HTTP 200 (to the tool's own inbox, delivered in process)"
    r = client.post(f"/api/sandbox/demo/orders/{orderid}/callbacks", json={"inbox": "x" * 32})
    assert (r.status_code, r.get_json()["error"]["kind"]) == (404, "unknown-inbox")
    r = client.post("/api/sandbox/demo/orders/7000000/callbacks", json={"inbox": token})
    assert (r.status_code, r.get_json()["error"]["kind"]) == (404, "unknown-order")


def test_the_exam_through_an_inbox_and_relay_py_grades_the_local_handler(root, tmp_path):
    """The handler on the developer's machine: the exam calls the tool's inbox, relay.py replays each callback to
    the local handler and reports its answer, which the exam grades (here a teapot that refuses everything)."""
    shop = new_shop(root)  # its own server stays idle: the exam goes to the inbox

    class Teapot(BaseHTTPRequestHandler):
        def do_GET(self):
            self.send_response(418)
            self.end_headers()
            self.wfile.write(b"teapot")
        do_POST = do_GET

        def log_message(self, *args):
            pass
    local = ThreadingHTTPServer(("127.0.0.1", 0), Teapot)
    threading.Thread(target=local.serve_forever, args=(0.05,), daemon=True).start()
    try:
        orderid = shop.sale("EXAM-RELAY", "7.00")
        token = requests.post(f"{root}/api/inboxes", json={}, timeout=10).json()["token"]
        script = tmp_path / "relay.py"
        script.write_bytes(requests.get(f"{root}/relay.py", timeout=10).content)
        r = requests.post(f"{root}/api/sandbox/accounts/{shop.account['id']}/exams", headers=auth(shop), timeout=10,
                          json={"url": f"{root}/callbacks/inbox/{token}", "orderid": orderid})
        assert r.status_code == 202, r.text

        # What a developer runs beside the handler: `python3 relay.py <inbox URL> <local URL>`, polling.
        relay = subprocess.Popen([sys.executable, "-I", "-S", str(script), "--interval", "0.05", "--rate", "50",
                                  "--from-start", "--state", str(tmp_path / "state.json"),
                                  f"{root}/callbacks/inbox/{token}", f"http://127.0.0.1:{local.server_port}/cb"],
                                 stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            def done():
                report = requests.get(r.json()["report_url"], headers=auth(shop), timeout=10).json()
                return report if report["state"] == "done" else None
            report = eventually(done, timeout=120)
        finally:
            relay.terminate()
            relay.wait(10)
        assert [(c["observed"]["http_status"], c["observed"]["body"]) for c in report["cases"]] == [(418, "teapot")] * 9
        assert [c["grade"] for c in report["cases"]] == ["fail", "fail", "warn", "pass", "pass", "pass", "pass", "pass",
                                                         "pass"]
    finally:
        local.shutdown()
        local.server_close()
        shop.stop()
