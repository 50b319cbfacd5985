"""`make serve`: the app under waitress (serve.py), its settings and its start check, and how it holds under clients
that trickle their heads and bodies."""

import logging
import os
import subprocess
import sys

import pytest
import requests

import serve
from tests.servers import ROOT, Serve, SlowBody, SlowHeaders, closed_port
from web import logs

REFUSAL = ("make serve: refusing to listen on 0.0.0.0:{port} without FLASK_PUBLIC_URL or FLASK_TRUSTED_HOSTS: "
           "payer links and inbox URLs would take any Host header a client sends. Set "
           "FLASK_PUBLIC_URL=https://tools.example.com (the address users reach the tool at) or "
           "FLASK_TRUSTED_HOSTS=tools.example.com, or bind to loopback with BIND_HOST=127.0.0.1.\n")
LOOPBACK = {"BIND_HOST": "127.0.0.1"}


def test_serve_defaults():
    assert serve.settings(LOOPBACK, 1024 * 1024) == {
        "listen": "127.0.0.1:8000", "threads": 16, "connection_limit": 500, "channel_timeout": 30,
        "max_request_body_size": 2097152, "ident": "", "asyncore_use_poll": True,
        "clear_untrusted_proxy_headers": False}


def test_serve_settings_from_the_environment():
    got = serve.settings({"BIND_HOST": "::1", "PORT": "9000", "THREADS": "4", "CONNECTION_LIMIT": "50",
                          "CHANNEL_TIMEOUT": "5"}, 1000)
    assert (got["listen"], got["threads"], got["connection_limit"], got["channel_timeout"],
            got["max_request_body_size"]) == ("[::1]:9000", 4, 50, 5, 2000)


def test_serve_refuses_to_start_beyond_loopback_without_public_url_or_trusted_hosts():
    port = closed_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("FLASK_")}
    done = subprocess.run([sys.executable, "serve.py"], cwd=ROOT, timeout=30,
                          env=env | {"PORT": str(port), "BIND_HOST": "0.0.0.0", "FLASK_SECRET_KEY": "x"},
                          capture_output=True, text=True)
    assert done.returncode == 1
    assert done.stderr.endswith(REFUSAL.format(port=port))


@pytest.mark.parametrize("env, refused", [
    ({"BIND_HOST": "0.0.0.0"}, True),
    ({"BIND_HOST": "::"}, True),
    ({"BIND_HOST": "tools.example.com"}, True),
    ({"BIND_HOST": "127.0.0.1"}, False),
    ({"BIND_HOST": "::1"}, False),
    ({"BIND_HOST": "localhost"}, False),
    ({"BIND_HOST": "0.0.0.0", "FLASK_PUBLIC_URL": "https://tools.example.com"}, False),
    ({"BIND_HOST": "0.0.0.0", "FLASK_TRUSTED_HOSTS": "tools.example.com"}, False),
])
def test_serve_start_check(env, refused):
    if refused:
        with pytest.raises(SystemExit):
            serve.settings(env, 1000)
    else:
        assert serve.settings(env, 1000)["threads"] == 16


@pytest.mark.parametrize("name", ["THREADS", "PORT", "CONNECTION_LIMIT", "CHANNEL_TIMEOUT"])
def test_a_bad_number_stops_serve(name):
    with pytest.raises(SystemExit) as exc:
        serve.settings({**LOOPBACK, name: "many"}, 1000)
    assert str(exc.value) == f"make serve: {name} must be a whole number of at least 1, got 'many'."


@pytest.mark.slow
def test_health_answers_while_slow_clients_hold_more_sockets_than_threads(tmp_path):
    """Two threads; three clients trickling heads and three trickling bodies (a whole head announcing 100000
    bytes, then one byte at a time). Under gunicorn's threaded worker the body tricklers took every thread and
    no probe was answered; waitress reads requests whole before a thread takes them."""
    server = Serve(str(tmp_path / "sandbox.db"), THREADS="2")
    slow = [SlowHeaders(server.port, interval=0.2) for _ in range(3)] + [SlowBody(server.port) for _ in range(3)]
    try:
        for client in slow:  # every slow socket is in the server's queue before the first probe
            assert client.connected.wait(10)
        for _ in range(10):
            r = requests.get(server.url + "/api/health", timeout=10)
            assert (r.status_code, r.json()["status"]) == (200, "ok")
        assert all(client.thread.is_alive() for client in slow)  # still trickling: held, never answered
    finally:
        for client in slow:
            client.stop()
        server.stop()


@pytest.mark.slow
def test_serve_answers_bodies_and_kept_alive_requests(tmp_path):
    server = Serve(str(tmp_path / "sandbox.db"), THREADS="2")
    try:
        with requests.Session() as session:  # one connection, kept alive between the requests
            for _ in range(3):
                r = session.post(server.url + "/api/get-card-info/sign", timeout=5, json={
                    "endpointid": "1111", "login": "demo", "cardrefid": "1461665",
                    "merchant_control": "B17F59B4-A7DC-41B4-8FF9-37D986B43D20"})
                assert (r.status_code, r.json()["signature"]) == (200, "ceca33794e6b1a708260566e29379b3dcbb244ce")
                assert session.get(server.url + "/api/health", timeout=5).json()["status"] == "ok"
        assert "Server" not in r.headers
    finally:
        server.stop()


@pytest.mark.slow
def test_forwarded_headers_reach_the_app_only_as_proxy_fix_says(tmp_path):
    """waitress by default drops X-Forwarded-* unless it trusts the proxy itself; serve.py leaves the call to the
    app's FLASK_PROXY_FIX, so a proxy's https scheme reaches the inbox URLs."""
    forwarded = {"X-Forwarded-Proto": "https", "X-Forwarded-Host": "tools.example.com"}
    trusting = Serve(str(tmp_path / "a.db"), FLASK_PROXY_FIX="1", FLASK_TRUSTED_HOSTS="tools.example.com,127.0.0.1")
    plain = Serve(str(tmp_path / "b.db"))
    try:
        r = requests.post(trusting.url + "/api/inboxes", json={}, headers=forwarded, timeout=10)
        assert r.json()["url"].startswith("https://tools.example.com/callbacks/inbox/"), r.text
        r = requests.post(plain.url + "/api/inboxes", json={}, headers=forwarded, timeout=10)
        assert r.json()["url"].startswith(f"http://127.0.0.1:{plain.port}/callbacks/inbox/"), r.text
    finally:
        trusting.stop()
        plain.stop()


@pytest.mark.slow
def test_the_access_log_cuts_query_strings_and_tokens(tmp_path):
    server = Serve(str(tmp_path / "sandbox.db"), ACCESS_LOG="1")
    try:
        inbox = requests.post(server.url + "/api/inboxes", json={}, timeout=10).json()["url"]
        requests.get(server.url + "/api/health?card=4111111111111111", timeout=10)
        requests.get(inbox, timeout=10)
        token = inbox.rsplit("/", 1)[1]
        lines = [line.split(" access INFO ", 1)[1] for line in server.output().splitlines() if " access INFO " in line]
        # before them, the start-up's readiness probes: GET /api/health
        assert lines[-3:] == ["127.0.0.1 POST /api/inboxes 201", "127.0.0.1 GET /api/health?… 200",
                         "127.0.0.1 GET /callbacks/inbox/… 200"]
        assert token not in server.output()
    finally:
        server.stop()


def test_access_log_lines_are_masked_in_process(caplog):
    logs.install()
    seen = []
    app = logs.access_log(lambda environ, start: seen.append(start("200 OK", [])) or [b""])
    with caplog.at_level(logging.INFO, logger="access"):
        app({"REMOTE_ADDR": "10.0.0.1", "REQUEST_METHOD": "GET", "PATH_INFO": "/sandbox/paynet/form/abc123",
             "QUERY_STRING": "x=1"}, lambda status, headers, exc_info=None: None)
    assert caplog.messages == ["10.0.0.1 GET /sandbox/paynet/form/…?… 200"]


TOO_LARGE = b'{"x": "' + b"a" * (1024 * 1024 + 100) + b'"}'  # over MAX_CONTENT_LENGTH (1 MiB)


def oversized_then_kept_alive(url: str, rounds: int = 20) -> None:
    """What a client sees, whatever server runs: each oversized post is a 413 in the route's JSON shape, and the
    requests after it on the same session all get their answer (requests reconnects after Connection: close)."""
    with requests.Session() as session:
        for _ in range(rounds):
            r = session.post(url + "/api/sale/sign", data=TOO_LARGE, headers={"Content-Type": "application/json"},
                             timeout=10)
            assert (r.status_code, r.json()["error"]["kind"]) == (413, "too-large")
            for _ in range(2):
                assert session.get(url + "/api/health", timeout=10).json()["status"] == "ok"


@pytest.mark.slow
def test_a_413_leaves_the_kept_alive_connection_usable_under_make_serve(tmp_path):
    """gunicorn drained at most 64 KiB of a body the app did not read, then closed the connection its 413 had
    called kept-alive: about one follow-up in thirty failed. waitress reads the whole body first."""
    server = Serve(str(tmp_path / "sandbox.db"), THREADS="2")
    try:
        oversized_then_kept_alive(server.url)
    finally:
        server.stop()


def test_a_413_leaves_the_kept_alive_connection_usable_under_make_run(live_server):
    oversized_then_kept_alive(live_server.url, rounds=5)
