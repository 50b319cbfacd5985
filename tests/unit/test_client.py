"""Every failure kind against real loopback servers; the raw request equals what arrived."""

import json
import socket
import ssl

import pytest
import trustme

from outbound.client import Exchange, Failure, FailureKind, Response, SentRequest, send
from tests import servers

BODY = "login=demo&client_orderid=A1&orderid=7000001&control=abc"


@pytest.fixture
def serve():
    started = []

    def start(handler, tls=None):
        server = servers.RawServer(handler, tls)
        started.append(server)
        return server
    yield start
    for server in started:
        server.stop()


def test_send_ok_raw_body_byte_for_byte(serve):
    server = serve(servers.echo_ok)
    ex = send(server.url + "/paynet/api/v2/status/1", BODY, timeout=2, deadline=5)
    assert ex.error is None
    received = server.received[0]
    assert received.split(b"\r\n\r\n", 1)[1] == BODY.encode()
    assert ex.request.raw.encode().split(b"\r\n\r\n", 1)[1] == BODY.encode()
    sent_head = ex.request.raw.split("\r\n\r\n")[0].split("\r\n")
    got_head = received.decode().split("\r\n\r\n")[0].split("\r\n")
    assert sent_head[0] == got_head[0] == "POST /paynet/api/v2/status/1 HTTP/1.1"
    assert sorted(sent_head[1:]) == sorted(got_head[1:])  # every header actually sent, incl. Host
    assert ["Accept-Encoding", "identity"] in ex.request.headers
    assert ex.response.status == 200
    assert ex.response.fields == {"type": "async-response", "serial-number": "00000000-0000-0000-0000-000000000001",
                                     "paynet-order-id": "1"}
    assert ex.response.raw.endswith("\r\n\r\n" + servers.OK_BODY.decode())
    assert ex.response.hint == "Accepted for processing: poll status with client_orderid and paynet-order-id."


def test_send_shown_body_masks(serve):
    server = serve(servers.echo_ok)
    ex = send(server.url + "/x", "cvv2=123&a=b", timeout=2, deadline=5, shown_body="cvv2=***&a=b")
    # "cvv2=123", not a bare "123": the port in the Host header may hold those digits
    assert ex.request.body == "cvv2=***&a=b" and "cvv2=123" not in ex.request.raw
    assert server.received[0].endswith(b"cvv2=123&a=b")


def test_send_connection_refused():
    ex = send(f"http://127.0.0.1:{servers.closed_port()}/x", BODY, timeout=2, deadline=5)
    assert ex.error.kind == "connect"
    assert ex.response is None
    assert ex.request.raw.endswith("\r\n\r\n" + BODY)


def test_send_read_timeout(serve):
    server = serve(servers.sleeps)
    ex = send(server.url + "/x", BODY, timeout=0.3, deadline=5)
    assert ex.error == Failure(FailureKind.TIMEOUT, "The gateway did not answer in time.")


def test_send_trickle_hits_deadline(serve):
    server = serve(servers.trickles)
    ex = send(server.url + "/x", BODY, timeout=1, deadline=0.5)
    assert ex.error.kind == "timeout"
    assert "total deadline of 0.5 s" in ex.error.message


def test_send_reset_mid_body(serve):
    server = serve(servers.resets_mid_body)
    ex = send(server.url + "/x", BODY, timeout=2, deadline=5)
    assert ex.error.kind == "reset"


@pytest.mark.parametrize("body, message", [
    (b"<html><body>Service unavailable</body></html>", "The response body is not name=value pairs"),
    (b"", "The response body is empty."),
    (b"type=async-response&x=\xff\xfe", "The response body is not valid UTF-8."),
    (b"serial-number=1\n", "The response has no 'type' field."),
])
def test_send_unparseable(serve, body, message):
    server = serve(servers.answers("200 OK", body))
    ex = send(server.url + "/x", BODY, timeout=2, deadline=5)
    assert ex.error.kind == "unparseable"
    assert ex.error.message.startswith(message)
    assert ex.response.status == 200


def test_send_500_html_page(serve):
    server = serve(servers.answers("500 Internal Server Error", b"<h1>Oops</h1>"))
    ex = send(server.url + "/x", BODY, timeout=2, deadline=5)
    assert ex.error.kind == "http-status"
    assert ex.response.status == 500 and ex.response.body == "<h1>Oops</h1>"


def test_send_redirect_not_followed(serve):
    server = serve(servers.answers("302 Found", b"", "Location: http://127.0.0.1:9/elsewhere\r\n"))
    ex = send(server.url + "/x", BODY, timeout=2, deadline=5)
    assert ex.error.kind == "http-status"
    assert ex.response.status == 302
    assert ["Location", "http://127.0.0.1:9/elsewhere"] in ex.response.headers
    assert len(server.received) == 1


def test_send_repeated_headers_kept(serve):
    headers = "Content-Type: text/html\r\nStrict-Transport-Security: a\r\nStrict-Transport-Security: b\r\n"
    server = serve(servers.answers("200 OK", servers.OK_BODY, headers))
    ex = send(server.url + "/x", BODY, timeout=2, deadline=5)
    assert ex.response.raw.count("Strict-Transport-Security") == 2


def test_send_dns_failure(monkeypatch):
    def no_dns(*args, **kwargs):
        raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")
    monkeypatch.setattr(socket, "getaddrinfo", no_dns)
    ex = send("http://gateway.invalid/paynet/api/v2/status/1", BODY, timeout=2, deadline=5)
    assert ex.error == Failure(FailureKind.DNS, "The gateway's host name could not be resolved (DNS failure).")
    assert "Host: gateway.invalid" in ex.request.raw


def test_send_untrusted_certificate(serve):
    ca = trustme.CA()
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    ca.issue_cert("127.0.0.1").configure_cert(context)
    server = serve(servers.echo_ok, tls=context)
    ex = send(server.url + "/x", BODY, timeout=2, deadline=5)
    assert ex.error.kind == "tls"


def test_an_exchange_serialises_to_the_json_the_api_returns():
    request = SentRequest("POST", "http://gw.test/x", [["Host", "gw.test"]], "a=b", "POST /x HTTP/1.1\r\n\r\na=b")
    response = Response(502, "Bad Gateway", [["Content-Length", "0"]], "", "", "HTTP/1.1 502 Bad Gateway\r\n\r\n", 7)
    failure = Failure(FailureKind.HTTP_STATUS, "The gateway answered HTTP 502 Bad Gateway.")
    data = Exchange(request, response, failure, ["a note"]).to_dict()
    assert json.dumps(data) == (
        '{"request": {"method": "POST", "url": "http://gw.test/x", "headers": [["Host", "gw.test"]], "body": "a=b", '
        '"raw": "POST /x HTTP/1.1\\r\\n\\r\\na=b"}, '
        '"response": {"status": 502, "reason": "Bad Gateway", "headers": [["Content-Length", "0"]], "body": "", '
        '"body_base64": "", "raw": "HTTP/1.1 502 Bad Gateway\\r\\n\\r\\n", "elapsed_ms": 7, "fields": {}, '
        '"type": null, "status_value": null, "error_code": null, "error_message": null, "hint": null, "links": {}}, '
        '"error": {"kind": "http-status", "message": "The gateway answered HTTP 502 Bad Gateway."}, '
        '"notes": ["a note"]}')


def test_a_failed_send_serialises_without_a_response():
    failure = Failure(FailureKind.RESET, "reset")
    data = Exchange(SentRequest("POST", "u", [], "", ""), error=failure).to_dict()
    assert data == {"request": {"method": "POST", "url": "u", "headers": [], "body": "", "raw": ""},
                    "response": None, "error": {"kind": "reset", "message": "reset"}, "notes": []}
    assert type(data["error"]["kind"]) is str  # the enum's value, not the enum


def test_a_parsed_reply_fills_the_response_record(serve):
    server = serve(servers.answers("200 OK", b"type=status-response&status=declined&error-code=7"
                                             b"&error-message=Do+not+honor&serial-number=S1"))
    ex = send(server.url + "/x", BODY, timeout=2, deadline=5)
    assert ex.error is None
    parsed = ex.to_dict()["response"]
    assert {k: parsed[k] for k in ("fields", "type", "status_value", "error_code", "error_message", "links")} == {
        "fields": {"type": "status-response", "status": "declined", "error-code": "7",
                   "error-message": "Do not honor", "serial-number": "S1"},
        "type": "status-response", "status_value": "declined", "error_code": "7", "error_message": "Do not honor",
        "links": {}}
