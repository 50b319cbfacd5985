"""The exam's grades for answers a sound or careless handler gives, and the bounded fetch that reads them: a silent
handler, a trickling one, a redirect and a huge body end the request, never the exam."""

import threading

import pytest

from outbound import fetch, urlpolicy
from outbound.fetch import Answer
from sandbox import exam_cases
from sandbox.exam_cases import grade, needs_status, tampered
from tests import servers

OK, REFUSED, SILENT = Answer(200, "OK"), Answer(403, "bad control"), Answer(failure="timeout")


@pytest.mark.parametrize("case, answer, asked, expected", [
    ("valid", OK, True, ("pass", "accepted, and the order's status was asked before trusting it")),
    ("valid", OK, False, ("warn", "accepted without asking the order's status: amount and type are not signed")),
    ("valid", SILENT, False, ("fail", "no answer came: the gateway would send it again and again")),
    ("valid", Answer(302, "", location="https://shop.example/login"), True,
     ("fail", "answered a redirect: the gateway does not follow redirects and counts it as not received")),
    ("duplicate", Answer(500, "oops"), True, ("fail", "not answered with 2xx: the gateway would send it again for "
                                                      "days")),
    ("out-of-order", Answer(409, ""), False, ("warn", "not answered with 2xx: the gateway would send it again for "
                                                      "days")),
    ("bad-control", Answer(200, "ERROR: invalid signature"), False,
     ("warn", "a 2xx whose body reads as a refusal: a 2xx tells the sender it was accepted")),
    ("bad-control", SILENT, False, ("warn", "no answer came: the gateway would send it again and again")),
    ("tampered-amount", REFUSED, False, ("pass", "refused, as it should be")),
    ("unknown-order", OK, True, ("warn", "accepted a callback for an order that does not exist")),
    ("redirect-formula", OK, True, ("warn", "accepted the final redirect's formula as a callback; it asked status, so "
                                            "nothing false was trusted")),
])
def test_grades(case, answer, asked, expected):
    assert grade(case, answer, asked) == expected


def test_a_case_waits_for_status_only_when_it_could_change_the_grade():
    assert [c for c in exam_cases.CASES if needs_status(c, OK)] == [
        "valid", "duplicate", "out-of-order", "tampered-amount", "unknown-order", "unknown-type", "redirect-formula"]
    assert [c for c in exam_cases.CASES if needs_status(c, REFUSED)] == ["out-of-order"]


def test_tampered_amounts():
    assert [tampered(a) for a in ("10.42", "1.00", "", "abc")] == ["104.20", "100.00", "100.00", "100.00"]


def test_requests_are_signed_with_the_accounts_key():
    order = exam_cases.Order("7000042", "M-1", "10.42", "USD", "sale")
    sent = exam_cases.requests_for(order, "B17F59B4-A7DC-41B4-8FF9-37D986B43D20")
    # printf %s 'approved7000042M-1B17F59B4-A7DC-41B4-8FF9-37D986B43D20' | sha1sum
    assert dict(sent["valid"].pairs)["control"] == "4d9342cc57a1f7d66edb28535371e2df9bb9b48b"
    # printf %s 'declined7000042M-1B17F59B4-A7DC-41B4-8FF9-37D986B43D20' | sha1sum
    assert dict(sent["out-of-order"].pairs)["control"] == "8ae4ed7eada605948c67901a7b2cfee425a4344a"
    assert dict(sent["bad-control"].pairs)["control"] == "0" * 40
    assert [k for k, _ in sent["redirect-formula"].pairs] == ["status", "orderid", "client_orderid", "control"]
    assert sent["wrong-method"].method == "POST" and sent["wrong-method"].pairs == sent["valid"].pairs


@pytest.fixture
def release():
    event = threading.Event()
    yield event
    event.set()


def target(server) -> urlpolicy.Target:
    return urlpolicy.Target(server.url + "/cb", "http", "127.0.0.1", server.port, "127.0.0.1", "/cb")


def test_a_silent_handler_times_out(release):
    def silent(conn, server):
        servers.read_request(conn)
        release.wait(30)  # answers nothing until the test ends
    server = servers.RawServer(silent)
    try:
        assert fetch.fetch(target(server), timeout=0.2, deadline=0.4) == Answer(failure="timeout")
    finally:
        release.set()
        server.stop()


def test_a_trickling_answer_is_cut_at_the_deadline(release):
    def trickles(conn, server):
        servers.read_request(conn)
        conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Length: 100000\r\n\r\n")
        while not release.wait(0.02):
            conn.sendall(b"x")
    server = servers.RawServer(trickles)
    try:
        answer = fetch.fetch(target(server), timeout=5, deadline=0.3)
        assert (answer.status, answer.failure, set(answer.body)) == (200, "deadline", {"x"})
    finally:
        release.set()
        server.stop()


def test_a_redirect_is_not_followed_and_a_huge_body_is_cut():
    server = servers.RawServer(servers.answers("302 Found", b"", "Location: https://shop.example/login\r\n"))
    huge = servers.RawServer(servers.answers("200 OK", b"y" * 300_000))
    try:
        assert fetch.fetch(target(server)) == Answer(302, "", 0, "https://shop.example/login")
        answer = fetch.fetch(target(huge))
        assert (answer.status, answer.size, len(answer.body), answer.cut) == (200, 65537, 1024, True)
        assert answer.to_dict() == {"http_status": 200, "body": "y" * 1024, "body_cut": True, "location": None,
                                    "failure": None}
    finally:
        server.stop()
        huge.stop()


def test_nothing_listening_is_a_refused_connection():
    port = servers.closed_port()
    dead = urlpolicy.Target(f"http://127.0.0.1:{port}/cb", "http", "127.0.0.1", port, "127.0.0.1", "/cb")
    assert fetch.fetch(dead) == Answer(failure="connect")
