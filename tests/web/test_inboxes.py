"""Private inboxes over HTTP: issued on request, isolated, bounded; the old shared inbox is gone."""

import sqlite3
from pathlib import Path

import pytest
import requests

from app import create_app
from config import ConfigError
from tests import servers
from tests.helpers import Clock, Ops

UNKNOWN = "No inbox with this token: it may have been dropped after 24 hours idle. Open /callbacks for a new one."
GONE = ("The shared inbox /callbacks/inbox is gone: every browser now has a private inbox, "
        "/callbacks/inbox/<token>. Open /callbacks to see yours, or issue one with POST /api/inboxes.\n")


def test_issue_gives_a_token_and_its_url(client, ops):
    r = client.post("/api/inboxes", json={})
    data = r.get_json()
    assert (r.status_code, sorted(data), len(data["token"])) == (201, ["token", "url"], 32)
    assert data["url"] == f"http://localhost/callbacks/inbox/{data['token']}"
    assert ops.listing(data["token"]) == {"received": [], "more": False, "deliveries": [], "relays": []}


def test_issue_takes_json_only(client):
    r = client.post("/api/inboxes", data="x=1", content_type="application/x-www-form-urlencoded")
    assert (r.status_code, r.get_json()["error"]["kind"]) == (415, "unsupported-media-type")


@pytest.mark.parametrize("method", ["GET", "POST"])
def test_old_shared_inbox_is_gone(client, method):
    r = client.open("/callbacks/inbox?status=approved", method=method, data="status=approved")
    assert (r.status_code, r.get_data(as_text=True), r.mimetype) == (410, GONE, "text/plain")


@pytest.mark.parametrize("token", ["A" * 32, "short", "A" * 31 + "!"])
def test_unknown_token_404_on_the_inbox(client, token):
    r = client.get(f"/callbacks/inbox/{token}?status=approved")
    assert (r.status_code, r.get_data(as_text=True)) == (404, UNKNOWN + "\n")


def test_unknown_token_404_on_the_api(client):
    r = client.get("/api/callbacks?token=" + "A" * 32)
    assert (r.status_code, r.get_json()) == (404, {"error": {"kind": "unknown-inbox", "message": UNKNOWN}})


AFTER = ("after must be a whole number: ASCII digits 0-9, at most 18 of them (the id of the last entry already seen, "
         "0 for all).")


@pytest.mark.parametrize("query, message", [
    ("", "token is required: the inbox's token (issue one with POST /api/inboxes)."),
    ("token=T&after=%C2%B2", AFTER),
    ("token=T&after=" + "9" * 19, AFTER),
])
def test_listing_needs_a_token_and_a_plain_after(client, query, message):
    r = client.get(f"/api/callbacks?{query}")
    assert (r.status_code, r.get_json()) == (400, {"error": {"kind": "invalid", "message": message}})


def test_inbox_a_never_sees_b(ops):
    a, b = ops.issue_inbox(), ops.issue_inbox()
    ids = ops.sale_with_callback("ISO-1", f"http://localhost/callbacks/inbox/{a}")
    received = servers.eventually(lambda: ops.listing(a)["received"])
    assert received[0]["url"].startswith(f"/callbacks/inbox/{a}?status=approved&orderid={ids['orderid']}&")
    deliveries = servers.eventually(lambda: ops.listing(a)["deliveries"])
    assert (deliveries[0]["paynet_order_id"], deliveries[0]["outcome"]) == (
        int(ids["orderid"]), "HTTP 200 (to the tool's own inbox, delivered in process)")
    assert ops.listing(b) == {"received": [], "more": False, "deliveries": [], "relays": []}


def test_callback_to_an_unknown_inbox_is_not_delivered(client, ops):
    ids = ops.sale_with_callback("ISO-2", "https://tool.example.org/callbacks/inbox/" + "Z" * 32)
    delivery = client.application.extensions["sandbox"].store.order_deliveries(int(ids["orderid"]) - 7_000_000)[0]
    assert delivery.outcome == ("refused: not allowed by CALLBACK_HOSTS: tool.example.org:443 is not listed "
                                   "(by default callbacks go only to the tool's own inboxes)")


def test_listing_after(client, ops):
    token = ops.issue_inbox()
    for n in range(3):
        assert client.get(f"/callbacks/inbox/{token}?n={n}").status_code == 200
    assert [e["url"] for e in ops.listing(token, after=1)["received"]] == [
        f"/callbacks/inbox/{token}?n=1", f"/callbacks/inbox/{token}?n=2"]


def test_long_body_cut_with_a_note(client, ops):
    token = ops.issue_inbox()
    client.post(f"/callbacks/inbox/{token}", data="x" * 100_000, content_type="text/plain")
    entry = ops.listing(token)["received"][0]
    assert (len(entry["body"]), entry["note"]) == (65_536, "The body was cut to its first 65536 bytes of 100000.")


def test_24_hours_through_the_api(client, ops):
    clock = Clock()
    client.application.extensions["sandbox"].store.clock = clock
    token = ops.issue_inbox()
    client.get(f"/callbacks/inbox/{token}?n=1")
    clock.now += 86_401
    assert client.get(f"/api/callbacks?token={token}").status_code == 404
    assert client.get(f"/callbacks/inbox/{token}?n=2").status_code == 404



def test_issuing_rate_limited(client, ops):
    for _ in range(10):
        ops.issue_inbox()
    r = client.post("/api/inboxes", json={})
    assert (r.status_code, r.get_json()["error"]) == (429, {
        "kind": "rate-limited",
        "message": "At most 10 inboxes per minute are issued to one address (INBOX_RATE); try again in 60 s."})
    other = client.post("/api/inboxes", json={}, environ_base={"REMOTE_ADDR": "10.1.2.3"})
    assert other.status_code == 201


def test_the_1000_inbox_bound_is_a_setting(app_factory):
    app = app_factory(INBOX_MAX=2)
    client = app.test_client()
    first, second, third = (Ops(client).issue_inbox() for _ in range(3))
    assert [client.get(f"/api/callbacks?token={t}").status_code for t in (first, second, third)] == [404, 200, 200]


def test_credential_headers_dropped(client, app, live_server, ops):
    token = ops.issue_inbox()
    secrets = {"X-Api-Key": "K-SECRET-1", "X-Auth-Token": "T-SECRET-2", "Cookie": "c=C-SECRET-3",
               "Proxy-Authorization": "Basic P-SECRET-4", "X-Client-Secret": "S-SECRET-5"}
    # Over a real socket: the test client keeps Cookie headers for its own cookie jar.
    r = requests.get(f"{live_server.url}/callbacks/inbox/{token}?status=approved",
                     headers={**secrets, "X-Request-Id": "r-1"}, timeout=5)
    assert r.status_code == 200
    entry = ops.listing(token)["received"][0]
    shown = dict(entry["headers"])
    assert {k: shown[k] for k in secrets} == dict.fromkeys(secrets, "[dropped]")
    assert shown["X-Request-Id"] == "r-1"
    assert [v for v in secrets.values() if v in entry["raw"]] == []
    with sqlite3.connect(app.config["SANDBOX_DATABASE"]) as db:
        db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    stored = Path(app.config["SANDBOX_DATABASE"]).read_bytes()
    assert [v for v in secrets.values() if v.encode() in stored] == []


def test_inbox_settings_defaults_and_checks(app):
    assert {k: app.config[k] for k in ("INBOX_BODY_LIMIT", "INBOX_MAX_ENTRIES", "INBOX_TTL", "INBOX_MAX",
                                       "INBOX_RATE")} == {
        "INBOX_BODY_LIMIT": 65536, "INBOX_MAX_ENTRIES": 200, "INBOX_TTL": 86400.0, "INBOX_MAX": 1000,
        "INBOX_RATE": 10}
    with pytest.raises(ConfigError) as err:
        create_app({"SECRET_KEY": "x", "INBOX_MAX": "lots"})
    assert str(err.value) == "INBOX_MAX must be a whole number from 1 to 999999999, got 'lots'."


def stored_bytes(app, where: str = "") -> tuple[int, int]:
    """(the sizes the store counts, the bytes the inbox's columns really hold) on SQLite."""
    real = " + ".join(f"LENGTH(CAST(COALESCE({c}, '') AS BLOB))" for c in ("method", "url", "headers", "body", "raw",
                                                                          "note"))
    with sqlite3.connect(app.config["SANDBOX_DATABASE"]) as db:
        return db.execute(f"SELECT COALESCE(SUM(size), 0), COALESCE(SUM({real}), 0) FROM inbox {where}").fetchone()


def test_inboxes_stay_within_their_bytes_the_least_recently_used_losing_first(app_factory):
    app = app_factory(INBOX_BODY_LIMIT=256, INBOX_MAX_BYTES=4096, INBOXES_MAX_BYTES=8192)
    clock = app.extensions["sandbox"].store.clock = Clock()
    client = app.test_client()
    ops = Ops(client)
    a, b, c = (ops.issue_inbox() for _ in range(3))
    for token in (a, b, c):
        for n in range(20):
            clock.now += 1
            assert client.post(f"/callbacks/inbox/{token}?n={n}", data="x" * 300).status_code == 200
        counted, real = stored_bytes(app, f"WHERE token = '{token}'")
        assert 3500 < counted == real <= 4096
    counted, real = stored_bytes(app)
    assert 7000 < counted == real <= 8192
    assert ops.listing(a)["received"] == []  # the least recently used lost its oldest, then all
    assert ops.listing(c)["received"][-1]["url"] == f"/callbacks/inbox/{c}?n=19"
    assert ops.listing(b)["received"][-1]["url"] == f"/callbacks/inbox/{b}?n=19"


def test_a_listing_is_at_most_a_mebibyte_and_its_cursor_reads_the_rest(client, ops):
    token = ops.issue_inbox()
    for _ in range(10):
        client.post(f"/callbacks/inbox/{token}", data="y" * 65_536, content_type="text/plain")
    first = client.get(f"/api/callbacks?token={token}")
    data = first.get_json()
    assert (len(data["received"]), data["more"], len(first.data) <= 1_048_576) == (7, True, True)
    rest = ops.listing(token, after=data["received"][-1]["id"])
    assert (len(rest["received"]), rest["more"]) == (3, False)


@pytest.mark.parametrize("settings, message", [
    ({"INBOX_MAX_BYTES": "4096"}, "INBOX_MAX_BYTES must hold at least one whole entry (its target, headers and body, "
                                  "each cut at INBOX_BODY_LIMIT): 3 x 65536 + 1024 = 197632 bytes or more, got 4096."),
    ({"INBOX_MAX_BYTES": "lots"}, "INBOX_MAX_BYTES must be a whole number of bytes more than 0, got 'lots'."),
    ({"INBOXES_MAX_BYTES": "1000000"}, "INBOXES_MAX_BYTES (all inboxes) must be at least INBOX_MAX_BYTES (one inbox), "
                                       "4194304, got 1000000."),
    ({"INSPECTOR_BODY_LIMIT": "300", "INSPECTOR_MAX_BYTES": "17000"},
     "INSPECTOR_MAX_BYTES must hold at least one whole entry (a request and its response, each cut at "
     "INSPECTOR_BODY_LIMIT, and its verdicts): 4 x 300 + 16384 = 17584 bytes or more, got 17000."),
])
def test_byte_budgets_hold_at_least_one_entry(settings, message):
    with pytest.raises(ConfigError) as err:
        create_app({"SECRET_KEY": "x", **settings})
    assert str(err.value) == message


def test_byte_budget_defaults(app):
    assert {k: app.config[k] for k in ("INBOX_MAX_BYTES", "INBOXES_MAX_BYTES", "INSPECTOR_MAX_BYTES")} == {
        "INBOX_MAX_BYTES": 4_194_304, "INBOXES_MAX_BYTES": 268_435_456, "INSPECTOR_MAX_BYTES": 4_194_304}


def test_a_callback_naming_another_host_reaches_the_inbox_at_the_tools_own_trusted_address(app_factory):
    """A known token behind a foreign host: delivered in process to this tool's inbox, under the Host the user
    reached the tool at (which TRUSTED_HOSTS checks again); the foreign host is never asked."""
    app = app_factory(TRUSTED_HOSTS="tools.example.com", SERVER_NAME="tools.example.com")  # the client's Host
    client = app.test_client()
    ops = Ops(client)
    token = ops.issue_inbox()
    ids = ops.sale_with_callback("ISO-3", f"http://evil.example:8080/callbacks/inbox/{token}?from=x")
    [received] = servers.eventually(lambda: ops.listing(token)["received"])
    assert received["url"].startswith(f"/callbacks/inbox/{token}?from=x&status=approved&orderid={ids['orderid']}&")
    assert ["Host", "tools.example.com"] in received["headers"]
    [delivery] = servers.eventually(lambda: ops.listing(token)["deliveries"])
    assert delivery["outcome"] == "HTTP 200 (to the tool's own inbox, delivered in process)"
    assert delivery["request"].startswith(f"GET http://tools.example.com/callbacks/inbox/{token}?from=x&status=")
