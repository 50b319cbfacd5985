"""A sandbox account's callback hosts reach public addresses only (issue 19): checked when listed and at each
delivery, with an injected resolver and a listener on loopback that counts every connection; the operator's
CALLBACK_HOSTS and ACCOUNT_CALLBACK_NETWORKS; who may create accounts (SANDBOX_ACCOUNTS)."""

import hashlib
import logging
import socket
from urllib.parse import parse_qsl

import pytest

from app import create_app
from config import ConfigError
from tests import servers
from tests.helpers import EXAMPLES

RULE = ("a sandbox account's callback hosts must resolve only to public addresses; the operator of this server can "
        "allow networks for accounts with ACCOUNT_CALLBACK_NETWORKS")
CREATION_TOKEN = "creation-token-7c1d9e2f4a6b8c0d"


def sha1(text: str) -> str:
    return hashlib.sha1(text.encode()).hexdigest()


class Counting:
    """A listener on 127.0.0.1 that counts every connection, request or not, and answers 200."""

    def __init__(self):
        self.hits = []
        self.server = servers.RawServer(self._handle)
        self.port = self.server.port

    def _handle(self, conn, server):
        self.hits.append(1)
        servers.echo_ok(conn, server)

    def stop(self):
        self.server.stop()


class Resolver:
    """getaddrinfo's shape, answering from a table a test may change between listing and delivery."""

    def __init__(self, table: dict):
        self.table = table

    def __call__(self, host, port, family=0, type=0):
        if host not in self.table:
            raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")
        return [(socket.AF_INET6 if ":" in a else socket.AF_INET, socket.SOCK_STREAM, 6, "", (a, port))
                for a in self.table[host]]


@pytest.fixture
def resolving_app(app_factory):
    """Apps whose callback policy resolves host names from a table (no public DNS here)."""
    def make(table, **config):
        app = app_factory(**config)
        app.extensions["callback_policy"].resolver = Resolver(table)
        return app
    return make


def new_account(client, **headers) -> dict:
    r = client.post("/api/sandbox/accounts", json={}, headers=headers)
    assert r.status_code == 201, r.get_json()
    return r.get_json()


def auth(account) -> dict:
    return {"Authorization": f"Bearer {account['token']}"}


def list_hosts(client, account, hosts):
    return client.put(f"/api/sandbox/accounts/{account['id']}/callback-hosts", json={"hosts": hosts},
                      headers=auth(account))


def sale_with_callback(client, account, client_orderid, url) -> None:
    """A signed sale with server_callback_url, then status until final: its callback is sent."""
    values = {**EXAMPLES["sale"], "client_orderid": client_orderid, "amount": "10.00", "server_callback_url": url}
    ep, key = account["endpointid"], account["merchant_control"]
    values["control"] = sha1(f"{ep}{client_orderid}1000{values['email']}{key}")
    sale = client.post(f"/sandbox/paynet/api/v2/sale/{ep}", data=values)
    orderid = dict(parse_qsl(sale.get_data(as_text=True).replace("\n", "")))["paynet-order-id"]
    status = {"login": account["login"], "client_orderid": client_orderid, "orderid": orderid,
              "control": sha1(f"{account['login']}{client_orderid}{orderid}{key}")}
    client.post(f"/sandbox/paynet/api/v2/status/{ep}", data=status)


def callback_outcomes(client, account) -> list[str]:
    entries = client.get(f"/api/sandbox/accounts/{account['id']}/requests", headers=auth(account)).get_json()
    return [e["answer"]["outcome"] for e in entries["entries"] if e["kind"] == "callback"]


@pytest.fixture
def listener():
    counting = Counting()
    yield counting
    counting.stop()


@pytest.mark.parametrize("entry, problem", [
    ("127.0.0.1", "127.0.0.1 is not a public address"),
    ("10.0.0.1", "10.0.0.1 is not a public address"),
    ("169.254.169.254", "169.254.169.254 is not a public address"),
    ("[::ffff:127.0.0.1]:{port}", "::ffff:7f00:1 is not a public address"),
    ("localhost:{port}", "localhost resolves to an address that is not public"),
    ("loopback.example.com", "loopback.example.com resolves to an address that is not public"),
])
def test_account_cannot_list_a_host_that_is_not_public(tmp_path, listener, entry, problem, resolving_app):
    app = resolving_app({"shop.example.com": ["93.184.216.34"], "localhost": ["127.0.0.1", "::1"],
                              "loopback.example.com": ["127.0.0.1"]})
    client = app.test_client()
    account = new_account(client)
    entry = entry.format(port=listener.port)
    r = list_hosts(client, account, ["shop.example.com", entry])
    assert r.status_code == 400
    assert r.get_json()["error"]["message"] == (
        f"hosts: '{entry}': not allowed for a sandbox account: {problem} ({RULE})")
    listed = client.get(f"/api/sandbox/accounts/{account['id']}/requests", headers=auth(account)).get_json()
    assert listed["account"]["callback_hosts"] == []
    assert listener.hits == []


def test_name_public_when_listed_loopback_at_delivery_is_refused_unconnected(tmp_path, listener, resolving_app):
    table = {"shop.example.com": ["93.184.216.34"]}
    app = resolving_app(table)
    client = app.test_client()
    account = new_account(client)
    host = f"shop.example.com:{listener.port}"
    assert list_hosts(client, account, [host]).get_json() == {"callback_hosts": [host]}
    table["shop.example.com"] = ["127.0.0.1"]  # DNS rebinding: loopback by the time the callback is sent
    sale_with_callback(client, account, "RB1", f"http://{host}/cb")
    sale_with_callback(client, account, "RB2", f"http://127.0.0.1:{listener.port}/cb")  # the port scan, direct
    assert servers.eventually(lambda: callback_outcomes(client, account)[::-1] or None) == [
        f"refused: not allowed for a sandbox account: shop.example.com resolves to an address that is not public "
        f"({RULE})",
        f"refused: not in the account's callback hosts: 127.0.0.1:{listener.port} is not listed there (add it in the "
        "inspector, /inspector, or with PUT /api/sandbox/accounts/<id>/callback-hosts) nor in the operator's "
        "CALLBACK_HOSTS"]
    assert listener.hits == []  # nothing connected: the outcome says nothing about what listens there


def test_hosts_listed_before_the_rule_are_refused_at_delivery(tmp_path, listener, resolving_app):
    app = resolving_app({})
    client = app.test_client()
    account = new_account(client)
    # An account's hosts as a database written before this rule may hold them.
    app.extensions["sandbox"].accounts.set_callback_hosts(account["id"], [f"127.0.0.1:{listener.port}"])
    sale_with_callback(client, account, "OLD1", f"http://127.0.0.1:{listener.port}/cb")
    assert servers.eventually(lambda: callback_outcomes(client, account)) == [
        f"refused: not allowed for a sandbox account: 127.0.0.1 is not a public address ({RULE})"]
    assert listener.hits == []


def test_account_callback_networks_let_accounts_reach_them(tmp_path, listener, resolving_app):
    app = resolving_app({"shop.example.com": ["127.0.0.1"]}, ACCOUNT_CALLBACK_NETWORKS="127.0.0.0/8")
    client = app.test_client()
    account = new_account(client)
    host = f"shop.example.com:{listener.port}"
    assert list_hosts(client, account, [host]).status_code == 200
    sale_with_callback(client, account, "NET1", f"http://{host}/cb")
    assert servers.eventually(lambda: callback_outcomes(client, account)) == ["HTTP 200"]
    assert len(listener.hits) == 1
    assert listener.server.received[0].split(b"\r\n")[0].startswith(b"GET /cb?status=approved&")
    [delivery] = app.extensions["sandbox"].store.order_deliveries(1)
    assert delivery.outcome == "HTTP 200 (listed in the account's callback hosts)"


def test_operator_callback_hosts_keep_their_rule_for_accounts(tmp_path, listener, resolving_app):
    app = resolving_app({"localhost": ["127.0.0.1"]},
                   CALLBACK_HOSTS=f"127.0.0.1:{listener.port},localhost:{listener.port}")
    client = app.test_client()
    account = new_account(client)
    # Listed by the operator: the account may list it too (the operator's rule applies to its deliveries);
    # every port of the address is not the operator's listing: that is the account rule's.
    assert list_hosts(client, account, [f"localhost:{listener.port}"]).status_code == 200
    assert list_hosts(client, account, ["127.0.0.1"]).get_json()["error"]["message"] == (
        f"hosts: '127.0.0.1': not allowed for a sandbox account: 127.0.0.1 is not a public address ({RULE})")
    sale_with_callback(client, account, "OP1", f"http://127.0.0.1:{listener.port}/cb")
    assert servers.eventually(lambda: callback_outcomes(client, account)) == ["HTTP 200"]
    assert len(listener.hits) == 1
    [delivery] = app.extensions["sandbox"].store.order_deliveries(1)
    assert delivery.outcome == "HTTP 200 (listed in CALLBACK_HOSTS)"


# -- who may create accounts ----------------------------------------------------------------------------------

def test_creation_open_by_default(app, client):
    assert (app.config["SANDBOX_ACCOUNTS"], app.config["SANDBOX_ACCOUNT_TOKEN"]) == ("open", None)
    assert client.post("/api/sandbox/accounts", json={}).status_code == 201
    page = client.get("/inspector").get_data(as_text=True)
    assert 'id="create-account"' in page and 'id="creation-token"' not in page


def test_creation_closed(tmp_path, resolving_app):
    client = resolving_app({}, SANDBOX_ACCOUNTS="closed").test_client()
    r = client.post("/api/sandbox/accounts", json={})
    assert r.status_code == 403
    assert r.get_json()["error"] == {"kind": "accounts-closed", "message": (
        "Creating sandbox accounts is closed on this server (SANDBOX_ACCOUNTS=closed): ask the operator of this "
        "server.")}
    page = client.get("/inspector").get_data(as_text=True)
    assert ("Creating sandbox accounts is closed on this server (SANDBOX_ACCOUNTS=closed): ask the operator of this "
            "server.") in page
    assert 'id="create-account"' not in page  # no button that cannot work


def test_creation_with_the_operators_token(tmp_path, caplog, resolving_app):
    caplog.set_level(logging.DEBUG)
    client = resolving_app({}, SANDBOX_ACCOUNTS="token", SANDBOX_ACCOUNT_TOKEN=CREATION_TOKEN).test_client()
    missing = client.post("/api/sandbox/accounts", json={})
    assert missing.status_code == 401
    assert missing.get_json()["error"]["message"] == (
        "Creating a sandbox account on this server needs the creation token (SANDBOX_ACCOUNTS=token): send it as the "
        "header Authorization: Bearer <token>; ask the operator of this server for it.")
    for wrong in ("Bearer " + CREATION_TOKEN[:-1], "Bearer " + CREATION_TOKEN + "x", "Bearer ключ-ключ-ключ-ключ"):
        r = client.post("/api/sandbox/accounts", json={}, headers={"Authorization": wrong.encode().decode("latin-1")})
        assert r.status_code == 403
        assert r.get_json()["error"]["message"] == (
            "This is not the creation token of this server (SANDBOX_ACCOUNT_TOKEN): creating a sandbox account "
            "needs it as the header Authorization: Bearer <token>; ask the operator of this server for it.")
    created = client.post("/api/sandbox/accounts", json={}, headers={"Authorization": f"Bearer {CREATION_TOKEN}"})
    assert created.status_code == 201
    page = client.get("/inspector").get_data(as_text=True)
    assert 'id="creation-token"' in page and 'id="create-account"' in page
    assert ("Creating a sandbox account on this server needs the creation token (SANDBOX_ACCOUNTS=token): ask the "
            "operator of this server for it.") in page
    for text in (missing.get_data(as_text=True), created.get_data(as_text=True), page, caplog.text):
        assert CREATION_TOKEN not in text


@pytest.mark.parametrize("config, message", [
    ({"SANDBOX_ACCOUNTS": "invite"}, "SANDBOX_ACCOUNTS must be open, closed or token, got 'invite'."),
    ({"SANDBOX_ACCOUNTS": "token"}, "SANDBOX_ACCOUNTS=token needs SANDBOX_ACCOUNT_TOKEN: at least 16 characters, "
     "printable ASCII without spaces (python3 -c 'import secrets; print(secrets.token_urlsafe(32))')."),
    ({"SANDBOX_ACCOUNTS": "token", "SANDBOX_ACCOUNT_TOKEN": "short-secret"}, "SANDBOX_ACCOUNTS=token needs "
     "SANDBOX_ACCOUNT_TOKEN: at least 16 characters, printable ASCII without spaces (python3 -c 'import secrets; "
     "print(secrets.token_urlsafe(32))')."),
    ({"ACCOUNT_CALLBACK_NETWORKS": "127.0.0.0/8, 10.0.0.1/8"}, "ACCOUNT_CALLBACK_NETWORKS entry '10.0.0.1/8': "
     "10.0.0.1/8 has host bits set; write networks in CIDR notation, comma-separated (10.0.0.0/8,fd00::/8)."),
    ({"ACCOUNT_CALLBACK_NETWORKS": "intranet"}, "ACCOUNT_CALLBACK_NETWORKS entry 'intranet': 'intranet' does not "
     "appear to be an IPv4 or IPv6 network; write networks in CIDR notation, comma-separated (10.0.0.0/8,fd00::/8)."),
])
def test_bad_settings_stop_startup(config, message):
    with pytest.raises(ConfigError) as exc:
        create_app({"SECRET_KEY": "x", **config})
    assert str(exc.value) == message
    assert "short-secret" not in str(exc.value)


def test_settings_from_the_environment(monkeypatch):
    monkeypatch.setenv("FLASK_ACCOUNT_CALLBACK_NETWORKS", "127.0.0.0/8, fd00::/8,")
    monkeypatch.setenv("FLASK_SANDBOX_ACCOUNTS", "Token")
    monkeypatch.setenv("FLASK_SANDBOX_ACCOUNT_TOKEN", "1234567890123456789")  # Flask reads it as JSON: a number
    app = create_app({"SECRET_KEY": "x"})
    assert app.config["ACCOUNT_CALLBACK_NETWORKS"] == ("127.0.0.0/8", "fd00::/8")
    assert (app.config["SANDBOX_ACCOUNTS"], app.config["SANDBOX_ACCOUNT_TOKEN"]) == ("token", "1234567890123456789")
    r = app.test_client().post("/api/sandbox/accounts", json={},
                               headers={"Authorization": "Bearer 1234567890123456789"})
    assert r.status_code == 201
