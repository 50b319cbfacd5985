"""Sandbox accounts end to end over loopback: an outside integration (a plain `requests` client) drives an
account; the inspector API explains each request, isolates accounts and keeps its bounds."""

import hashlib
import logging
import sqlite3
from urllib.parse import parse_qsl

import pytest
import requests

from app import create_app
from tests import servers
from tests.conftest import LiveServer
from tests.helpers import EXAMPLES

SALE = {k: v for k, v in EXAMPLES["sale"].items()}


def sha1(text: str) -> str:
    return hashlib.sha1(text.encode()).hexdigest()


class Merchant:
    """An integration pointed at a sandbox account: its own signing (hashlib), its own HTTP client."""

    def __init__(self, root: str, account: dict):
        self.root, self.account, self.key = root, account, account["merchant_control"]
        self.ep, self.login = account["endpointid"], account["login"]

    def post(self, command: str, values: dict, target: str | None = None) -> dict:
        r = requests.post(f"{self.account['base_url']}/api/v2/{command}/{target or self.ep}", data=values, timeout=10)
        return dict(parse_qsl(r.text.replace("\n", "")))

    def sale(self, client_orderid: str, amount: str, command: str = "sale", **override) -> dict:
        values = {**SALE, "client_orderid": client_orderid, "amount": amount, **override}
        control = sha1(f"{self.ep}{client_orderid}{amount.replace('.', '')}{values['email']}{self.key}")
        return self.post(command, {**values, "control": control})

    def status(self, client_orderid: str, orderid: str, key: str | None = None) -> dict:
        control = sha1(f"{self.login}{client_orderid}{orderid}{key or self.key}")
        return self.post("status", {"login": self.login, "client_orderid": client_orderid, "orderid": orderid,
                                    "control": control})

    def inspector(self, token: str | None = None) -> requests.Response:
        return requests.get(f"{self.root}/api/sandbox/accounts/{self.account['id']}/requests",
                            headers={"Authorization": f"Bearer {token or self.account['token']}"}, timeout=10)

    def entries(self) -> list[dict]:
        r = self.inspector()
        assert r.status_code == 200, r.text
        return r.json()["entries"]


@pytest.fixture
def server(app_factory):
    # The merchant servers of these tests listen on loopback, which accounts reach only when the operator says so.
    app = app_factory(SECRET_KEY="inspector-test", ACCOUNT_CALLBACK_NETWORKS="127.0.0.0/8")
    app.extensions["sandbox"].callbacks.retry_delays = (0.05, 0.05, 0.05, 0.05)
    live = LiveServer(app)
    yield app, live.url
    live.stop()


def new_account(root: str) -> dict:
    r = requests.post(f"{root}/api/sandbox/accounts", json={}, timeout=10)
    assert r.status_code == 201, r.text
    return r.json()


@pytest.fixture
def merchant(server):
    _, root = server
    return Merchant(root, new_account(root))


def test_create_account_issues_credentials_and_snippets(server):
    app, root = server
    account = new_account(root)
    assert account["base_url"] == f"{root}/sandbox/paynet"
    assert account["login"] == f"sandbox-{account['endpointid']}" and account["id"] == account["endpointid"]
    assert len(account["endpointid"]) == 6 and len(account["groupid"]) == 6
    assert len(account["token"]) == 43  # 32 random bytes, URL-safe base64: 256 bits
    assert account["merchant_control"] not in account["token"]
    for php in account["snippets"]["php_endpoint"], account["snippets"]["php_group"]:  # run: test_php_snippets.py
        assert f"->setSigningKey('{account['merchant_control']}')" in php
        assert f"->setGatewayUrlSandbox('{root}/sandbox/paynet/api/v2/');" in php
    assert f"PAYNET_CONTROL_KEY={account['merchant_control']}\n" in account["snippets"]["env"]
    assert f"PAYNET_ENDPOINT_GROUP_ID={account['groupid']}\n" in account["snippets"]["env"]


def test_correct_sale_accepted_and_listed(merchant):
    reply = merchant.sale("M1", "10.42")
    assert reply["type"] == "async-response" and reply["end-point-id"] == merchant.ep
    [entry] = merchant.entries()
    assert (entry["command"], entry["method"], entry["path"]) == ("sale", "POST", f"/api/v2/sale/{merchant.ep}")
    assert entry["answer"] == {"http": 200, "type": "async-response", "status": None, "error_code": None,
                               "error_message": None}
    assert entry["verdict"]["outcome"] == "accepted" and entry["verdict"]["diagnosis"] == []
    assert "credit_card_number=453897******6732" in entry["request"]
    assert "cvv2=***" in entry["request"] and "4538977399606732" not in entry["request"]
    assert entry["builder"]["command"] == "sale" and "credit_card_number" not in entry["builder"]["values"]
    assert entry["builder"]["values"]["endpointid"] == merchant.ep


@pytest.mark.parametrize("mistake, sign, expected_id", [
    ("major units", lambda m, v: f"{m.ep}{v['client_orderid']}10.42{v['email']}{m.key}", "amount-major-units"),
    ("upper-case hex", None, "uppercase-hex"),
    ("key left out", lambda m, v: f"{m.ep}{v['client_orderid']}1042{v['email']}", "key-missing"),
    ("group signed", lambda m, v: f"{m.account['groupid']}{v['client_orderid']}1042{v['email']}{m.key}",
     "group-id-instead-of-endpoint"),
])
def test_wrong_control_gets_the_debuggers_diagnosis(merchant, mistake, sign, expected_id):
    values = {**SALE, "client_orderid": "D1", "amount": "10.42"}
    text = sign(merchant, values) if sign else f"{merchant.ep}D11042{values['email']}{merchant.key}"
    control = sha1(text).upper() if sign is None else sha1(text)
    reply = merchant.post("sale", {**values, "control": control})
    assert (reply["type"], reply["error-code"]) == ("validation-error", "2")
    verdict = merchant.entries()[0]["verdict"]
    assert (verdict["outcome"], verdict["stage"]) == ("refused", "control")
    assert [d["id"] for d in verdict["diagnosis"]][:1] == [expected_id], verdict


def test_endpoint_signed_for_a_group_request_knows_the_accounts_group(merchant):
    group = merchant.account["groupid"]
    values = {**SALE, "client_orderid": "G1", "amount": "10.42"}
    control = sha1(f"{merchant.ep}G11042{values['email']}{merchant.key}")
    reply = merchant.post("sale", {**values, "control": control}, target=f"group/{group}")
    assert reply["error-code"] == "2"
    [found] = merchant.entries()[0]["verdict"]["diagnosis"]
    assert found["id"] == "endpoint-instead-of-group"
    assert found["message"].startswith(f"The end point id ({merchant.ep}) was signed, but the ")


def test_entries_are_read_in_the_readers_language(merchant):
    """The diagnosis is recorded during the merchant's request and read later, in either language."""
    values = {**SALE, "client_orderid": "L1", "amount": "10.42"}
    merchant.post("sale", {**values, "control": sha1(f"{merchant.ep}L11042{values['email']}")})
    url = f"{merchant.root}/api/sandbox/accounts/{merchant.account['id']}/requests"
    read = {lang: requests.get(url, headers={"Authorization": f"Bearer {merchant.account['token']}",
                                             "Accept-Language": lang}, timeout=10).json()["entries"][0]
            for lang in ("en", "ru")}
    assert [d["id"] for d in read["en"]["verdict"]["diagnosis"]][:1] == ["key-missing"]
    assert [d["id"] for d in read["ru"]["verdict"]["diagnosis"]][:1] == ["key-missing"]
    assert read["en"]["verdict"]["diagnosis"][0]["message"] == "The merchant control key was left out of the string."
    assert read["ru"]["verdict"]["diagnosis"][0]["message"] == ("Контрольный ключ Присоединяющейся стороны "
                                                                 "пропущен в строке.")
    assert read["ru"]["verdict"]["message"] == read["en"]["verdict"]["message"]  # the sandbox's own words
    assert "verdicts" not in read["ru"] and "verdicts" not in read["en"]


def test_missing_parameter_and_lints(merchant):
    values = {k: v for k, v in SALE.items() if k != "email"}
    reply = merchant.post("sale", {**values, "client_orderid": "P1", "control": "0" * 40})
    assert reply["error-code"] == "1"
    verdict = merchant.entries()[0]["verdict"]
    assert (verdict["stage"], verdict["message"]) == ("parameters", "email is required.")
    assert {"severity": "error", "field": "email", "code": "missing-required",
            "message": "email is required by sale."} in verdict["lint"]
    body = "client_orderid=P2&amount=1.00¤cy=USD&control=" + "0" * 40
    requests.post(f"{merchant.account['base_url']}/api/v2/sale/{merchant.ep}", data=body.encode(), timeout=10,
                  headers={"Content-Type": "application/x-www-form-urlencoded"})
    codes = {f["code"] for f in merchant.entries()[0]["verdict"]["lint"]}
    assert "currency-eaten" in codes
    body = "client_orderid=P3&amount=1.00&currency=USD&phone=+12063582043&favourite=1&order_desc=A & B&control=0"
    requests.post(f"{merchant.account['base_url']}/api/v2/sale/{merchant.ep}", data=body.encode(), timeout=10,
                  headers={"Content-Type": "application/x-www-form-urlencoded"})
    codes = {f["code"] for f in merchant.entries()[0]["verdict"]["lint"]}
    assert {"unencoded-plus", "unknown-parameter", "unencoded-ampersand"} <= codes, codes


def test_leaked_key_in_the_body_is_linted_and_never_stored(server, merchant):
    values = {**SALE, "client_orderid": "K1", "amount": "10.42", "merchant_control": merchant.key}
    merchant.post("sale", {**values, "control": sha1(f"{merchant.ep}K11042{values['email']}{merchant.key}")})
    entry = merchant.entries()[0]
    assert entry["verdict"]["lint"][0]["code"] == "leaked-secret"
    assert merchant.key not in merchant.inspector().text


def approved(merchant, command: str, client_orderid: str, amount: str) -> str:
    orderid = merchant.sale(client_orderid, amount, command=command)["paynet-order-id"]
    merchant.status(client_orderid, orderid)
    assert merchant.status(client_orderid, orderid)["status"] in ("approved", "declined")
    return orderid


def follow_up(merchant, command: str, client_orderid: str, orderid: str, amount: str) -> dict:
    control = sha1(f"{merchant.login}{client_orderid}{orderid}{amount.replace('.', '')}USD{merchant.key}")
    return merchant.post(command, {"login": merchant.login, "client_orderid": client_orderid, "orderid": orderid,
                                   "amount": amount, "currency": "USD", "control": control})


def test_flow_mistakes_in_words(merchant):
    declined = approved(merchant, "preauth", "F1", "10.01")
    assert follow_up(merchant, "capture", "F1", declined, "10.01")["error-code"] == "1"
    verdict = merchant.entries()[0]["verdict"]
    assert (verdict["stage"], verdict["message"]) == (
        "flow", "The preauth of this order is not approved (declined): cannot capture")
    sale = approved(merchant, "sale", "F2", "10.00")
    follow_up(merchant, "return", "F2", sale, "12.00")
    assert merchant.entries()[0]["verdict"]["message"] == "The return amount 12.00 exceeds the amount left, 10.00"
    control = sha1(f"{merchant.login}F39999999USD{merchant.key}")
    rebill = {**EXAMPLES["make-rebill-sale"], "login": merchant.login, "client_orderid": "F3", "cardrefid": "9999",
              "amount": "9.99", "currency": "USD", "control": control}
    assert merchant.post("make-rebill-sale", rebill)["error-message"] == "Card reference 9999 not found"
    verdict = merchant.entries()[0]["verdict"]
    assert verdict["stage"] == "flow" and verdict["hint"].startswith("Card references are per sandbox account")


def test_capture_with_a_wrong_control_names_the_order(merchant):
    orderid = approved(merchant, "preauth", "C1", "10.00")
    control = sha1(f"{merchant.login}C1{orderid}{merchant.key}")  # amount and currency left out
    merchant.post("capture", {"login": merchant.login, "client_orderid": "C1", "orderid": orderid,
                              "amount": "10.00", "currency": "USD", "control": control})
    verdict = merchant.entries()[0]["verdict"]
    assert verdict["stage"] == "control"
    assert verdict["order"] == {"amount": "10.00", "currency": "USD"}


def test_capture_signed_with_an_amount_not_sent_names_the_authorised_amount(merchant):
    orderid = approved(merchant, "preauth", "C2", "10.00")
    control = sha1(f"{merchant.login}C2{orderid}1000USD{merchant.key}")  # the PHP library's capture
    reply = merchant.post("capture", {"login": merchant.login, "client_orderid": "C2", "orderid": orderid,
                                      "control": control})
    assert reply["error-code"] == "2"
    [found] = merchant.entries()[0]["verdict"]["diagnosis"]
    assert found["id"] == "amount-signed-not-sent"
    assert found["message"].startswith("The amount the merchant meant (10.00 USD, signed as '1000USD') was signed "
                                       "but not sent")


def test_accounts_are_isolated(server):
    _, root = server
    one, two = Merchant(root, new_account(root)), Merchant(root, new_account(root))
    orderid = one.sale("I1", "10.00")["paynet-order-id"]
    reply = two.status("I1", orderid)
    assert reply["error-message"] == f"Order {orderid} with client_orderid I1 not found"
    verdict = two.entries()[0]["verdict"]
    assert verdict["stage"] == "flow" and verdict["hint"].startswith("Orders are per sandbox account")
    assert [e["path"] for e in one.entries()] == [f"/api/v2/sale/{one.ep}"]  # two's request is not in one's log
    assert one.inspector(token=two.account["token"]).status_code == 404
    assert one.inspector(token="x" * 43).json()["error"]["kind"] == "unknown-account"
    assert requests.get(f"{root}/api/sandbox/accounts/{one.ep}/requests", timeout=10).status_code == 401
    demo = requests.post(f"{root}/sandbox/paynet/api/v2/status/1111", timeout=10, data={
        "login": "demo", "client_orderid": "I1", "orderid": orderid,
        "control": sha1(f"demoI1{orderid}B17F59B4-A7DC-41B4-8FF9-37D986B43D20")})
    assert dict(parse_qsl(demo.text.replace("\n", "")))["error-message"] == (
        f"Order {orderid} with client_orderid I1 not found")


def test_inspector_keeps_at_most_the_limit_newest_first(app_factory):
    app = app_factory(INSPECTOR_MAX_ENTRIES=3, INSPECTOR_BODY_LIMIT=300)
    client = app.test_client()
    account = client.post("/api/sandbox/accounts", json={}).get_json()
    for n in range(5):
        client.post(f"/sandbox/paynet/api/v2/status/{account['endpointid']}", data={"client_orderid": f"B{n}",
                                                                                    "pad": "x" * 1000})
    r = client.get(f"/api/sandbox/accounts/{account['id']}/requests",
                   headers={"Authorization": f"Bearer {account['token']}"})
    entries = r.get_json()["entries"]
    assert [e["builder"]["values"]["client_orderid"] for e in entries] == ["B4", "B3", "B2"]
    assert entries[0]["request"].endswith("\n[cut to its first 300 bytes of 1110]")


def test_creation_rate_limited_per_address(app_factory):
    app = app_factory(SANDBOX_ACCOUNT_RATE=2)
    client = app.test_client()
    assert [client.post("/api/sandbox/accounts", json={}).status_code for _ in range(3)] == [201, 201, 429]
    error = client.post("/api/sandbox/accounts", json={}).get_json()["error"]
    assert error["message"].startswith("At most 2 sandbox accounts per minute are created for one address "
                                       "(SANDBOX_ACCOUNT_RATE); try again in ")


def test_key_only_in_the_creation_reply(server, caplog, tmp_path):
    caplog.set_level(logging.DEBUG)
    app, root = server
    account = new_account(root)
    merchant = Merchant(root, account)
    merchant.sale("S1", "10.42")
    merchant.post("sale", {**SALE, "client_orderid": "S3", "amount": "1.00", "control": "f" * 40,
                           "note": account["merchant_control"]})
    assert account["merchant_control"] not in merchant.inspector().text
    assert account["merchant_control"] not in requests.get(f"{root}/inspector", timeout=10).text
    assert account["merchant_control"] not in caplog.text
    for path in tmp_path.glob("s.db*"):
        assert account["merchant_control"].encode() not in path.read_bytes(), path.name


def test_account_and_timeline_survive_a_restart(server, app_factory):
    app, root = server
    merchant = Merchant(root, new_account(root))
    merchant.sale("R1", "10.42")
    again = app_factory(SECRET_KEY="inspector-test")
    r = again.test_client().get(f"/api/sandbox/accounts/{merchant.account['id']}/requests",
                                headers={"Authorization": f"Bearer {merchant.account['token']}"})
    assert [e["command"] for e in r.get_json()["entries"]] == ["sale"]
    other = app_factory(SECRET_KEY="another")
    r = other.test_client().get(f"/api/sandbox/accounts/{merchant.account['id']}/requests",
                                headers={"Authorization": f"Bearer {merchant.account['token']}"})
    assert r.status_code == 404  # another SECRET_KEY cannot open the sealed key: the account is gone


def fails_twice(conn, server):
    server.received.append(servers.read_request(conn))
    status = "500 Internal Server Error" if len(server.received) <= 2 else "200 OK"
    conn.sendall(servers.response(status, b"OK\n", "Content-Type: text/plain\r\n"))


def test_callback_retried_until_the_merchant_server_answers_200(merchant):
    receiver = servers.RawServer(fails_twice)
    try:
        r = requests.put(f"{merchant.root}/api/sandbox/accounts/{merchant.account['id']}/callback-hosts",
                         json={"hosts": [f"127.0.0.1:{receiver.port}"]}, timeout=10,
                         headers={"Authorization": f"Bearer {merchant.account['token']}"})
        assert r.json() == {"callback_hosts": [f"127.0.0.1:{receiver.port}"]}
        orderid = merchant.sale("CB1", "10.00", server_callback_url=f"{receiver.url}/cb")["paynet-order-id"]
        merchant.status("CB1", orderid)
        merchant.status("CB1", orderid)
        callbacks = servers.eventually(lambda: [e for e in merchant.entries() if e["kind"] == "callback"][:3][::-1]
                                       if len([e for e in merchant.entries() if e["kind"] == "callback"]) >= 3
                                       else None)
        assert [(c["answer"]["outcome"], c["retry_in"]) for c in callbacks] == [
            ("HTTP 500", 0.05), ("HTTP 500", 0.05), ("HTTP 200", None)]
        assert {c["path"] for c in callbacks} == {f"{receiver.url}/cb"}
        assert len(receiver.received) == 3
        assert receiver.received[0].startswith(f"GET /cb?status=approved&orderid={orderid}&".encode())
        resent = requests.post(f"{merchant.root}/api/sandbox/accounts/{merchant.account['id']}/requests/"
                               f"{callbacks[0]['id']}/resend", timeout=10,
                               headers={"Authorization": f"Bearer {merchant.account['token']}"})
        assert resent.status_code == 202
        servers.eventually(lambda: len(receiver.received) == 4)
        assert receiver.received[3] == receiver.received[0]  # the same callback, signed the same
    finally:
        receiver.stop()


def test_callback_hosts_checked_like_callback_hosts(merchant):
    r = requests.put(f"{merchant.root}/api/sandbox/accounts/{merchant.account['id']}/callback-hosts",
                     json={"hosts": ["http://x.example/"]}, timeout=10,
                     headers={"Authorization": f"Bearer {merchant.account['token']}"})
    assert r.status_code == 400 and r.json()["error"]["message"].startswith("hosts: ")
    orderid = merchant.sale("CB2", "10.00", server_callback_url="http://merchant.example/cb")["paynet-order-id"]
    merchant.status("CB2", orderid)
    merchant.status("CB2", orderid)
    [callback] = servers.eventually(lambda: [e for e in merchant.entries() if e["kind"] == "callback"])
    assert callback["answer"]["outcome"].startswith("refused: ")
    assert callback["retry_in"] is None


def test_timeline_shared_by_two_serve_processes(tmp_path):
    """Two `make serve` processes on one database: the account made on one, sales sent to both, one timeline."""
    one, two = (servers.Serve(str(tmp_path / "s.db"), FLASK_SECRET_KEY="shared") for _ in range(2))
    try:
        account = new_account(one.url)
        for n in range(6):
            server = (one, two)[n % 2]
            Merchant(server.url, {**account, "base_url": account["base_url"].replace(one.url, server.url)}).sale(
                f"W{n}", "10.42")
        assert [e["builder"]["values"]["client_orderid"] for e in Merchant(two.url, account).entries()] == [
            "W5", "W4", "W3", "W2", "W1", "W0"]
    finally:
        one.stop()
        two.stop()


def test_accounts_and_timeline_on_either_engine(database_url):
    """The same account, order scoping and timeline on SQLite and on PostgreSQL."""
    app = create_app({"TESTING": True, "SECRET_KEY": "t", "DATABASE_URL": database_url})
    client = app.test_client()
    try:
        one, two = (client.post("/api/sandbox/accounts", json={}).get_json() for _ in range(2))
        values = {**SALE, "client_orderid": "E1", "amount": "10.42"}
        control = sha1(f"{one['endpointid']}E11042{values['email']}{one['merchant_control']}")
        sale = client.post(f"/sandbox/paynet/api/v2/sale/{one['endpointid']}", data={**values, "control": control})
        orderid = dict(parse_qsl(sale.get_data(as_text=True).replace("\n", "")))["paynet-order-id"]
        status = {"login": two["login"], "client_orderid": "E1", "orderid": orderid,
                  "control": sha1(f"{two['login']}E1{orderid}{two['merchant_control']}")}
        refused = client.post(f"/sandbox/paynet/api/v2/status/{two['endpointid']}", data=status)
        assert f"error-message=Order+{orderid}+with+client_orderid+E1+not+found" in refused.get_data(as_text=True)
        listed = [client.get(f"/api/sandbox/accounts/{a['id']}/requests", headers={
            "Authorization": f"Bearer {a['token']}"}).get_json()["entries"] for a in (one, two)]
        assert [[(e["command"], e["verdict"]["outcome"]) for e in entries] for entries in listed] == [
            [("sale", "accepted")], [("status", "refused")]]
    finally:
        app.extensions["sandbox"].store.close()


def test_inspector_stays_within_its_bytes_newest_kept(app_factory):
    app = app_factory(INSPECTOR_BODY_LIMIT=300, INSPECTOR_MAX_BYTES=17_584)
    client = app.test_client()
    account = client.post("/api/sandbox/accounts", json={}).get_json()
    for n in range(12):  # each entry: about 3 KB (the builder's values carry the pad)
        client.post(f"/sandbox/paynet/api/v2/status/{account['endpointid']}", data={"client_orderid": f"B{n}",
                                                                                    "pad": "x" * 1000})
    r = client.get(f"/api/sandbox/accounts/{account['id']}/requests",
                   headers={"Authorization": f"Bearer {account['token']}"})
    kept = [e["builder"]["values"]["client_orderid"] for e in r.get_json()["entries"]]
    assert 3 < len(kept) < 12 and kept == [f"B{n}" for n in range(11, 11 - len(kept), -1)]
    with sqlite3.connect(app.config["SANDBOX_DATABASE"]) as db:
        counted, real = db.execute("SELECT SUM(size), SUM(LENGTH(CAST(kind AS BLOB)) + LENGTH(CAST(entry AS BLOB))) "
                                   "FROM inspector").fetchone()
    assert 12_000 < counted == real <= 17_584
