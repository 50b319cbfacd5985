"""Send one request with requests; return the raw exchange as it went over the wire."""

import base64
import time
from dataclasses import dataclass, field

import requests
import urllib3.exceptions as u3
from requests_toolbelt.utils import dump

from .responses import hint
from .urls import web_links
from .wire import UnparseableResponse, parse_pairs

CONTENT_TYPE = "application/x-www-form-urlencoded"
_NO_PREFIX = dump.PrefixSettings(b"", b"")


@dataclass
class Exchange:
    """The request as sent, the response as received (or None), and a transport/format error."""

    request: dict
    response: dict | None = None
    error: dict | None = None
    notes: list[str] = field(default_factory=list)

    def to_dict(self) -> dict:
        return {"request": self.request, "response": self.response, "error": self.error, "notes": self.notes}


def _text(data: bytes) -> str:
    return data.decode("utf-8", errors="replace")


def _request_record(prepared: requests.PreparedRequest, shown_body: str) -> dict:
    raw = bytearray()
    # toolbelt's public dump_all needs a response; the request must be shown even when none came.
    dump._dump_request_data(prepared, _NO_PREFIX, raw)
    head = _text(bytes(raw)).split("\r\n\r\n", 1)[0]
    host = head.split("\r\n")[1]  # the Host line toolbelt derives, as http.client sends it
    headers = [list(host.split(": ", 1))] + [[k, v] for k, v in prepared.headers.items()]
    return {"method": prepared.method, "url": prepared.url, "headers": headers, "body": shown_body,
            "raw": f"{head}\r\n\r\n{shown_body}"}


def _read_body(resp, deadline: float) -> bytes:
    """Read the body a chunk at a time so a server that trickles bytes meets the total deadline."""
    chunks = []
    while True:
        if time.monotonic() > deadline:
            raise TimeoutError("deadline")
        chunk = resp.raw.read1(8192)
        if not chunk:
            return b"".join(chunks)
        chunks.append(chunk)


def _response_record(resp, body: bytes, elapsed_ms: int) -> dict:
    raw = bytearray()
    resp._content, resp._content_consumed = body, True
    dump._dump_response_data(resp, _NO_PREFIX, raw)
    return {"status": resp.status_code, "reason": resp.reason,
            "headers": [[k, v] for k in resp.raw.headers for v in resp.raw.headers.getlist(k)],
            "body": _text(body), "body_base64": base64.b64encode(body).decode("ascii"),
            "raw": _text(bytes(raw)), "elapsed_ms": elapsed_ms, "fields": {}, "type": None,
            "status_value": None, "error_code": None, "error_message": None, "hint": None,
            "links": {}}


def _causes(exc: BaseException) -> list[BaseException]:
    """The exception and everything it wraps (causes, contexts, urllib3's `reason`, args)."""
    todo, seen = [exc], []
    while todo and len(seen) < 20:
        e = todo.pop()
        if not isinstance(e, BaseException) or any(e is s for s in seen):
            continue
        seen.append(e)
        todo += [e.__cause__, e.__context__, getattr(e, "reason", None), *e.args]
    return seen


def classify(exc: BaseException) -> tuple[str, str]:
    """A transport exception -> (kind, plain-words message)."""
    chain = _causes(exc)
    kinds = [type(e) for e in chain]
    if any(issubclass(k, u3.NameResolutionError) for k in kinds):
        return "dns", "The gateway's host name could not be resolved (DNS failure)."
    if any(issubclass(k, requests.exceptions.SSLError | u3.SSLError) for k in kinds):
        return "tls", "The TLS handshake failed: the gateway's certificate is not trusted or the TLS setup is wrong."
    if any(issubclass(k, ConnectionRefusedError) for k in kinds):
        return "connect", "The connection was refused: nothing listens at the gateway's address."
    # urllib3's NewConnectionError subclasses ConnectTimeoutError: only requests' own class is a real timeout.
    if any(issubclass(k, requests.exceptions.ConnectTimeout) for k in kinds):
        return "timeout", "Connecting to the gateway timed out."
    if any(issubclass(k, requests.exceptions.ReadTimeout | u3.ReadTimeoutError | TimeoutError) for k in kinds):
        return "timeout", "The gateway did not answer in time."
    if any(issubclass(k, u3.ProtocolError | requests.exceptions.ChunkedEncodingError | ConnectionResetError)
           for k in kinds):
        return "reset", "The gateway closed or reset the connection before the response was complete."
    return "connect", f"Could not connect to the gateway ({type(exc).__name__})."


def send(url: str, body: str, *, timeout: float, deadline: float, shown_body: str | None = None,
         session: requests.Session | None = None) -> Exchange:
    """POST a form body; never raises for transport or format failures: they are in `error`.

    `shown_body` is what the exchange displays instead of the real body (card data masked).
    """
    session = session or requests.Session()
    req = requests.Request("POST", url, data=body.encode("utf-8"),
                           headers={"Content-Type": CONTENT_TYPE, "Accept-Encoding": "identity"})
    prepared = session.prepare_request(req)
    exchange = Exchange(_request_record(prepared, body if shown_body is None else shown_body))
    started = time.monotonic()
    try:
        resp = session.send(prepared, timeout=(timeout, timeout), allow_redirects=False, stream=True)
        try:
            data = _read_body(resp, started + deadline)
        finally:
            resp.close()
    except TimeoutError:
        exchange.error = {"kind": "timeout", "message": f"The gateway kept sending past the total deadline of "
                                                         f"{deadline:g} s; the request was abandoned."}
        return exchange
    except (requests.RequestException, u3.HTTPError, OSError) as exc:
        kind, message = classify(exc)
        exchange.error = {"kind": kind, "message": message}
        return exchange
    exchange.response = _response_record(resp, data, round((time.monotonic() - started) * 1000))
    exchange.error = _interpret(exchange.response, data)
    return exchange


def _interpret(response: dict, data: bytes) -> dict | None:
    """Fill the parsed fields; a non-200 status or a body that is not the gateway's format is an error."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return {"kind": "unparseable", "message": "The response body is not valid UTF-8."}
    try:
        fields = parse_pairs(text)
    except UnparseableResponse as exc:
        fields = None
        problem = str(exc)
    if fields:
        response.update(fields=fields, type=fields.get("type"), status_value=fields.get("status"),
                        error_code=fields.get("error-code") or fields.get("error_code"),
                        error_message=fields.get("error-message") or fields.get("error_message"),
                        hint=hint(fields), links=web_links(fields))
    if response["status"] != 200:
        return {"kind": "http-status", "message": f"The gateway answered HTTP {response['status']} "
                f"{response['reason']}; it answers 200 even for errors, so this came from something else "
                "(a proxy, a wrong base URL, a redirect)."}
    if not text.strip():
        return {"kind": "unparseable", "message": "The response body is empty."}
    if fields is None:
        return {"kind": "unparseable", "message": f"The response body is not name=value pairs: {problem}."}
    if "type" not in fields:
        return {"kind": "unparseable", "message": "The response has no 'type' field."}
    return None
