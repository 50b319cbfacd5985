"""relay.py, downloaded from the running tool and run as a merchant developer runs it (`--once`, the standard library
only: `python -I -S`), replays the inbox's callbacks to a handler on 127.0.0.1 and reports its answers back; and the
report route, through the test client."""

import http.client
import re
import subprocess
import sys

import pytest

from store.inboxes import CREDENTIAL_HEADER
from tests import servers
from web.relay_client import relay

UNKNOWN = "No inbox with this token: it may have been dropped after 24 hours idle. Open /callbacks for a new one."
NO_ENTRY = "No such entry in this inbox: it may have been dropped (an inbox keeps its latest entries for 24 hours)."
TOO_LARGE = ('A relay report is at most 8192 bytes of JSON: {"status": the local handler\'s HTTP status, "body": its '
             'body, cut}.')
STATUS = ("status must be the local handler's HTTP status, a whole number from 100 to 599, or null when it gave no "
          "answer.")
BODY = "body must be a string: the local handler's body (or, with status null, why there was no answer)."


def deliver(url: str, token: str, query: str, body: bytes, name: str) -> None:
    """A gateway's callback to the inbox, over HTTP, with exactly these headers."""
    conn = http.client.HTTPConnection(url.removeprefix("http://"), timeout=10)
    conn.putrequest("POST", f"/callbacks/inbox/{token}?{query}", skip_host=True, skip_accept_encoding=True)
    for header in [("Host", "tool.example.org"), ("User-Agent", "PaynetEasy-Gateway/2"),
                   ("Content-Type", "application/x-www-form-urlencoded"), ("X-Request-Id", name),
                   ("Authorization", "Bearer merchant-secret"), ("Cookie", "session=s3cret"), ("X-Api-Key", "k3y"),
                   ("Connection", "close"), ("Accept-Encoding", "gzip"), ("Content-Length", str(len(body)))]:
        conn.putheader(*header)
    conn.endheaders(body)
    assert conn.getresponse().read() == b"OK\n"
    conn.close()


@pytest.fixture
def script(live_server, tmp_path):
    """relay.py as the tool serves it."""
    conn = http.client.HTTPConnection(live_server.url.removeprefix("http://"), timeout=10)
    conn.request("GET", "/relay.py")
    reply = conn.getresponse()
    assert (reply.status, reply.getheader("Content-Type"), reply.getheader("Content-Disposition")) == (
        200, "text/plain; charset=utf-8", "inline; filename=relay.py")
    path = tmp_path / "relay.py"
    path.write_bytes(reply.read())
    conn.close()
    return path


def run(script, *args) -> tuple[int, str, str]:
    done = subprocess.run([sys.executable, "-I", "-S", str(script), *args], capture_output=True, text=True,
                          timeout=60)
    return done.returncode, done.stdout, done.stderr


def test_relay_replays_new_callbacks_once_and_reports_the_answers(live_server, script, client, tmp_path):
    token = client.post("/api/inboxes", json={}).get_json()["token"]
    inbox, state = f"{live_server.url}/callbacks/inbox/{token}", str(tmp_path / "state.json")
    handler = servers.RawServer(servers.answers("201 Created", b"stored \xc3\xa9"))
    try:
        target = f"{handler.url}/cb?merchant=1"
        deliver(live_server.url, token, "status=approved&orderid=7000001", b"a=1&b=%20two", "first")
        assert run(script, inbox, target, "--once", "--from-start", "--state", state) == (
            0, f"entry 1: POST -> {target}: HTTP 201\n", "")
        assert handler.received == [
            b"POST /cb?merchant=1&status=approved&orderid=7000001 HTTP/1.1\r\n"
            + f"Host: 127.0.0.1:{handler.port}\r\n".encode()
            + b"User-Agent: PaynetEasy-Gateway/2\r\nContent-Type: application/x-www-form-urlencoded\r\n"
              b"X-Request-Id: first\r\nContent-Length: 12\r\n\r\na=1&b=%20two"]
        listing = client.get(f"/api/callbacks?token={token}").get_json()
        assert listing["relays"] == [{"id": 1, "status": 201, "body": "stored é", "serial": 1}]
        assert client.application.extensions["sandbox"].store.relayed(token, 1) == {"status": 201,
                                                                                    "body": "stored é"}

        assert run(script, inbox, target, "--once", "--state", state) == (0, "", "")  # resumed: nothing new
        deliver(live_server.url, token, "status=declined&orderid=7000002", b"", "second")
        assert run(script, inbox, target, "--once", "--state", state) == (
            0, f"entry 2: POST -> {target}: HTTP 201\n", "")
        assert len(handler.received) == 2 and handler.received[1].startswith(
            b"POST /cb?merchant=1&status=declined&orderid=7000002 HTTP/1.1\r\n")

        # A new state file starts after what is waiting; nothing listening keeps the entry for the next run.
        fresh = str(tmp_path / "fresh.json")
        assert run(script, inbox, target, "--once", "--state", fresh) == (
            0, "first run: starting after entry 2; the entries already waiting are not replayed (--from-start "
               "replays them)\n", "")
        deliver(live_server.url, token, "status=approved&orderid=7000003", b"", "third")
        closed = f"http://127.0.0.1:{servers.closed_port()}/cb"
        assert run(script, inbox, closed, "--once", "--state", fresh) == (
            5, "", f"relay.py: nothing listens at {closed} (Connection refused); entry 3 waits for the next try\n")
        assert run(script, inbox, target, "--once", "--state", fresh) == (
            0, f"entry 3: POST -> {target}: HTTP 201\n", "")
    finally:
        handler.stop()


def test_relay_says_what_is_wrong_in_one_line(live_server, script, tmp_path):
    state, target = str(tmp_path / "state.json"), "http://127.0.0.1:9/cb"
    assert run(script, f"{live_server.url}/callbacks/inbox/short", target, "--once", "--state", state) == (
        2, "", f"relay.py: not an inbox URL: '{live_server.url}/callbacks/inbox/short'; copy yours from the tool's "
               "/callbacks page (https://<tool>/callbacks/inbox/<32-character token>)\n")
    assert run(script, f"{live_server.url}/callbacks/inbox/{'A' * 32}", target, "--once", "--state", state) == (
        3, "", f"relay.py: the tool at {live_server.url} does not know this inbox: it may have expired after 24 h "
               f"idle; open {live_server.url}/callbacks to get a new one\n")
    nowhere = f"http://127.0.0.1:{servers.closed_port()}"
    assert run(script, f"{nowhere}/callbacks/inbox/{'A' * 32}", target, "--once", "--state", state) == (
        4, "", f"relay.py: cannot reach the tool at {nowhere}: Connection refused\n")


def test_relay_forwards_no_credential_the_inbox_keeps():
    assert relay.CREDENTIAL_HEADER.pattern == CREDENTIAL_HEADER.pattern
    assert relay.forwarded([("X-Api-Key", "[dropped]"), ("X-Signature", "s"), ("Host", "h"), ("TE", "trailers"),
                            ("Transfer-Encoding", "chunked"), ("Content-Length", "3"), ("X-Auth-Tag", "v")]) == [
        ("X-Signature", "s")]


@pytest.mark.parametrize("url, site, name", [
    ("http://127.0.0.1:8000/callbacks/inbox/" + "A" * 32, "http://127.0.0.1:8000", "relay-c68054f6bdf175a5.json"),
    ("https://tool.example.org/paynet/callbacks/inbox/" + "A" * 32 + "/", "https://tool.example.org/paynet",
     "relay-4da05bcb5b5f3255.json"),
])
def test_the_state_file_is_named_without_the_token(url, site, name):
    inbox = relay.Inbox(url)
    assert (inbox.site, inbox.state_name()) == (site, name)


# -- the report route ------------------------------------------------------------------------------------------------


@pytest.fixture
def entry(client):
    token = client.post("/api/inboxes", json={}).get_json()["token"]
    assert client.get(f"/callbacks/inbox/{token}?status=approved").status_code == 200
    return token


def report(client, token, payload=None, entry_id="1", **kw):
    kw.setdefault("json", payload)
    return client.post(f"/api/inboxes/{token}/entries/{entry_id}/relayed", **kw)


def test_a_report_is_shown_with_its_entry_and_a_later_one_replaces_it(client, entry):
    r = report(client, entry, {"status": 500, "body": "Traceback: card 4111111111111111"})
    assert (r.status_code, r.get_json()) == (200, {"relayed": {"status": 500,
                                                               "body": "Traceback: card 411111******1111"}})
    r = report(client, entry, {"status": None, "body": "no answer within 10 s"})
    assert (r.status_code, r.get_json()) == (200, {"relayed": {"status": None, "body": "no answer within 10 s"}})
    listing = client.get(f"/api/callbacks?token={entry}&relays_after=1").get_json()
    assert listing["relays"] == [{"id": 1, "status": None, "body": "no answer within 10 s", "serial": 2}]
    assert client.get(f"/api/callbacks?token={entry}&relays_after=2").get_json()["relays"] == []


@pytest.mark.parametrize("payload, kw, status, error", [
    (None, {"data": "{", "content_type": "application/json"}, 400,
     {"kind": "malformed-json", "message": "The request body is not valid JSON."}),
    (None, {"data": '{"status": 200, "body": "' + "x" * 8200 + '"}', "content_type": "application/json"}, 413,
     {"kind": "too-large", "message": TOO_LARGE}),
    ({"status": 200, "body": "OK", "extra": 1}, {}, 400,
     {"kind": "invalid", "message": 'Unknown field(s): extra; a relay report is {"status", "body"}.'}),
    ({"status": 99, "body": "OK"}, {}, 400, {"kind": "invalid", "message": STATUS}),
    ({"status": True, "body": "OK"}, {}, 400, {"kind": "invalid", "message": STATUS}),
    ({"status": "200", "body": "OK"}, {}, 400, {"kind": "invalid", "message": STATUS}),
    ({"status": 200}, {}, 400, {"kind": "invalid", "message": BODY}),
])
def test_a_bad_report_gets_a_clear_json_error(client, entry, payload, kw, status, error):
    r = report(client, entry, payload, **kw)
    assert (r.status_code, r.get_json()) == (status, {"error": error})


@pytest.mark.parametrize("token, entry_id, kind, message", [
    (None, "2", "unknown-entry", NO_ENTRY),
    (None, "x1", "unknown-entry", NO_ENTRY),
    ("A" * 32, "1", "unknown-inbox", UNKNOWN),
])
def test_a_report_for_an_unknown_entry_or_inbox_is_a_404(client, entry, token, entry_id, kind, message):
    r = report(client, token or entry, {"status": 200, "body": "OK"}, entry_id=entry_id)
    assert (r.status_code, r.get_json()) == (404, {"error": {"kind": kind, "message": message}})


def test_the_listing_needs_a_plain_relays_after(client, entry):
    r = client.get(f"/api/callbacks?token={entry}&relays_after=-1")
    assert (r.status_code, r.get_json()["error"]["message"]) == (400, (
        "relays_after must be a whole number: ASCII digits 0-9, at most 18 of them (the serial of the last relay "
        "report already seen, 0 for all)."))


def test_the_page_links_the_relay(client):
    html = client.get("/callbacks").get_data(as_text=True)
    assert re.search(r'<a href="/relay.py"[^>]*>relay.py</a>', html)



class Outcomes:
    """A relay whose runs end as listed (None: all relayed)."""

    def __init__(self, *outcomes):
        self.outcomes = list(outcomes)

    def run_once(self):
        if outcome := self.outcomes.pop(0):
            raise outcome


def test_polling_says_each_problem_once_and_keeps_trying(monkeypatch, capsys):
    refused = relay.Refused("nothing listens at http://localhost:8000/cb (Connection refused); entry 3 waits for "
                            "the next try")
    down = relay.Stop(relay.TOOL, "cannot reach the tool at http://tool: Connection refused")
    fake, sleeps = Outcomes(refused, refused, None, down, down), []

    def sleep(seconds):
        sleeps.append(seconds)
        if not fake.outcomes:
            raise KeyboardInterrupt
    monkeypatch.setattr(relay.time, "sleep", sleep)
    with pytest.raises(KeyboardInterrupt):
        relay.poll(fake, 2.0)
    assert sleeps == [2.0] * 5
    assert capsys.readouterr().err == (
        "relay.py: nothing listens at http://localhost:8000/cb (Connection refused); entry 3 waits for the next try\n"
        "relay.py: cannot reach the tool at http://tool: Connection refused; trying again every 2 s\n")


def test_polling_stops_when_the_tool_was_never_reached_or_forgot_the_inbox(monkeypatch):
    monkeypatch.setattr(relay.time, "sleep", lambda seconds: None)
    with pytest.raises(relay.Stop):
        relay.poll(Outcomes(relay.Stop(relay.TOOL, "cannot reach the tool")), 2.0)
    with pytest.raises(relay.Stop):
        relay.poll(Outcomes(None, relay.Stop(relay.UNKNOWN_INBOX, "the tool does not know this inbox")), 2.0)
