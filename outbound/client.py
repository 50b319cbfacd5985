"""Send one request with requests; return the raw exchange as it went over the wire."""

import base64
import time
from dataclasses import asdict, dataclass, field
from enum import StrEnum

import requests
import urllib3.exceptions as u3
from requests_toolbelt.utils import dump

from paynet.i18n import N_, _
from paynet.masking import mask_fields, mask_text
from paynet.responses import hint
from paynet.urls import web_links
from paynet.wire import UnparseableResponse, parse_pairs

# Transport failures in plain words (a callback delivery records them in English; pages read them back).
DNS_FAILED = N_("The gateway's host name could not be resolved (DNS failure).")
TLS_FAILED = N_("The TLS handshake failed: the gateway's certificate is not trusted or the TLS setup is wrong.")
REFUSED = N_("The connection was refused: nothing listens at the gateway's address.")
CONNECT_TIMEOUT = N_("Connecting to the gateway timed out.")
READ_TIMEOUT = N_("The gateway did not answer in time.")
RESET = N_("The gateway closed or reset the connection before the response was complete.")
NOT_CONNECTED = N_("Could not connect to the gateway (%(error)s).")
FAILURES = (DNS_FAILED, TLS_FAILED, REFUSED, CONNECT_TIMEOUT, READ_TIMEOUT, RESET, NOT_CONNECTED)


CONTENT_TYPE = "application/x-www-form-urlencoded"
_NO_PREFIX = dump.PrefixSettings(b"", b"")
READ_LIMIT = 1024 * 1024  # bytes of a response body read at most (the app's RESPONSE_BODY_LIMIT)
# What the exchange shows of a body (text, raw dump, base64, parsed fields) and of its headers: a
# gateway's real replies are a few hundred bytes; these bounds keep the JSON reply under 2 MiB even
# when every byte shows as a six-character \uXXXX escape.
SHOWN_BODY = 64 * 1024
SHOWN_HEADERS = 16 * 1024


class FailureKind(StrEnum):
    DNS = "dns"
    TLS = "tls"
    CONNECT = "connect"
    TIMEOUT = "timeout"
    RESET = "reset"
    HTTP_STATUS = "http-status"  # an answer, but not from the gateway's API (it answers 200 even for errors)
    UNPARSEABLE = "unparseable"  # an answer that is not the gateway's name=value format


@dataclass
class Failure:
    """Why a send has no usable answer: the transport failed, or what came back is not the gateway's reply."""

    kind: FailureKind
    message: str

    def to_dict(self) -> dict:
        return {"kind": str(self.kind), "message": self.message}


@dataclass
class SentRequest:
    """The request as it went over the wire (card data masked in what is shown)."""

    method: str
    url: str
    headers: list[list[str]]
    body: str
    raw: str

    def to_dict(self) -> dict:
        return asdict(self)


@dataclass
class Response:
    """The gateway's response as received (bounded, card data masked) and, when it parsed, its fields read."""

    status: int
    reason: str
    headers: list[list[str]]
    body: str
    body_base64: str
    raw: str
    elapsed_ms: int
    fields: dict[str, str] = field(default_factory=dict)
    type: str | None = None
    status_value: str | None = None
    error_code: str | None = None
    error_message: str | None = None
    hint: str | None = None
    links: dict = field(default_factory=dict)

    def to_dict(self) -> dict:
        return asdict(self)


@dataclass
class Exchange:
    """The request as sent, the response as received (or None), and a transport/format failure."""

    request: SentRequest
    response: Response | None = None
    error: Failure | None = None
    notes: list[str] = field(default_factory=list)

    def to_dict(self) -> dict:
        return {"request": self.request.to_dict(), "response": self.response.to_dict() if self.response else None,
                "error": self.error.to_dict() if self.error else None, "notes": self.notes}


def _text(data: bytes) -> str:
    return data.decode("utf-8", errors="replace")


def _request_record(prepared: requests.PreparedRequest, shown_body: str) -> SentRequest:
    raw = bytearray()
    # toolbelt's public dump_all needs a response; the request must be shown even when none came.
    dump._dump_request_data(prepared, _NO_PREFIX, raw)
    head = _text(bytes(raw)).split("\r\n\r\n", 1)[0]
    host = head.split("\r\n")[1]  # the Host line toolbelt derives, as http.client sends it
    headers = [list(host.split(": ", 1))] + [[k, v] for k, v in prepared.headers.items()]
    return SentRequest(prepared.method, prepared.url, headers, shown_body, f"{head}\r\n\r\n{shown_body}")


def _read_body(resp, deadline: float, limit: int) -> tuple[bytes, bool]:
    """Read the body a chunk at a time so a server that trickles bytes meets the total deadline, and
    stop after `limit` bytes so a huge body cannot fill the memory; (body, whether it was cut)."""
    chunks, size = [], 0
    while size <= limit:
        if time.monotonic() > deadline:
            raise TimeoutError("deadline")
        chunk = resp.raw.read1(min(65536, limit + 1 - size))
        if not chunk:
            return b"".join(chunks), False
        chunks.append(chunk)
        size += len(chunk)
    return b"".join(chunks)[:limit], True


def _masked(data: bytes) -> bytes:
    """The body with any card data a gateway echoed masked, every other byte kept as received."""
    return mask_text(data.decode("utf-8", errors="surrogateescape")).encode("utf-8", errors="surrogateescape")


def _shown_headers(headers) -> list[list[str]]:
    shown, size = [], 0
    for name in headers:
        for value in headers.getlist(name):
            size += len(name) + len(value) + 4
            if size > SHOWN_HEADERS:
                return shown
            shown.append([name, mask_text(value)])
    return shown


def _response_record(resp, body: bytes, elapsed_ms: int) -> Response:
    headers = _shown_headers(resp.raw.headers)
    version = dump.HTTP_VERSIONS.get(resp.raw.version, b"?").decode()
    reason = mask_text(str(resp.reason or ""))[:256]
    head = "".join([f"HTTP/{version} {resp.status_code} {reason}\r\n", *(f"{k}: {v}\r\n" for k, v in headers)])
    return Response(resp.status_code, reason, headers, _text(body), base64.b64encode(body).decode("ascii"),
                    f"{head}\r\n{_text(body)}", elapsed_ms)


def _cut_notes(size: int, read_cut: bool, limit: int) -> list[str]:
    notes = []
    if read_cut:
        notes.append(_("The response body is longer than %(limit)s bytes (RESPONSE_BODY_LIMIT): only that much "
                       "was read.", limit=f"{limit:,}"))
    if size > SHOWN_BODY:
        notes.append(_("The response body is shown cut to its first %(shown)s of %(size)s bytes read "
                       "(raw dump, base64 and parsed fields too).", shown=f"{SHOWN_BODY:,}", size=f"{size:,}"))
    return notes


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


def classify(exc: BaseException) -> Failure:
    """A transport exception -> its kind and a plain-words message."""
    chain = _causes(exc)
    kinds = [type(e) for e in chain]
    if any(issubclass(k, u3.NameResolutionError) for k in kinds):
        return Failure(FailureKind.DNS, _(DNS_FAILED))
    if any(issubclass(k, requests.exceptions.SSLError | u3.SSLError) for k in kinds):
        return Failure(FailureKind.TLS, _(TLS_FAILED))
    if any(issubclass(k, ConnectionRefusedError) for k in kinds):
        return Failure(FailureKind.CONNECT, _(REFUSED))
    # urllib3's NewConnectionError subclasses ConnectTimeoutError: only requests' own class is a real timeout.
    if any(issubclass(k, requests.exceptions.ConnectTimeout) for k in kinds):
        return Failure(FailureKind.TIMEOUT, _(CONNECT_TIMEOUT))
    if any(issubclass(k, requests.exceptions.ReadTimeout | u3.ReadTimeoutError | TimeoutError) for k in kinds):
        return Failure(FailureKind.TIMEOUT, _(READ_TIMEOUT))
    if any(issubclass(k, u3.ProtocolError | requests.exceptions.ChunkedEncodingError | ConnectionResetError)
           for k in kinds):
        return Failure(FailureKind.RESET, _(RESET))
    return Failure(FailureKind.CONNECT, _(NOT_CONNECTED, error=type(exc).__name__))


def send(url: str, body: str, *, timeout: float, deadline: float, shown_body: str | None = None,
         session: requests.Session | None = None, read_limit: int = READ_LIMIT, headers: dict | None = None,
         reader=None) -> Exchange:
    """POST a form body; never raises for transport or format failures: they are in `error`.

    `shown_body` is what the exchange displays instead of the real body (card data masked). The
    response is read up to `read_limit` bytes, shown up to SHOWN_BODY, with card data masked. `headers` are
    added (v4's Authorization and Accept); `reader(response, body)` reads the reply instead of v2's rules.
    """
    session = session or requests.Session()
    req = requests.Request("POST", url, data=body.encode("utf-8"),
                           headers={"Content-Type": CONTENT_TYPE, "Accept-Encoding": "identity", **(headers or {})})
    prepared = session.prepare_request(req)
    exchange = Exchange(_request_record(prepared, body if shown_body is None else shown_body))
    started = time.monotonic()
    try:
        resp = session.send(prepared, timeout=(timeout, timeout), allow_redirects=False, stream=True)
        try:
            data, read_cut = _read_body(resp, started + deadline, read_limit)
        finally:
            resp.close()
    except TimeoutError:
        exchange.error = Failure(FailureKind.TIMEOUT, _("The gateway kept sending past the total deadline of "
                                                        "%(deadline)s s; the request was abandoned.",
                                                        deadline=f"{deadline:g}"))
        return exchange
    except (requests.RequestException, u3.HTTPError, OSError) as exc:
        exchange.error = classify(exc)
        return exchange
    shown = _masked(data[:SHOWN_BODY])
    exchange.response = _response_record(resp, shown, round((time.monotonic() - started) * 1000))
    exchange.notes += _cut_notes(len(data), read_cut, read_limit)
    exchange.error = (reader or _interpret)(exchange.response, shown)
    return exchange


def read_fields(response: Response, fields: dict[str, str]) -> None:
    """A reply's parsed fields onto the response, masked (key and card data), with its verdict, hint and links; the
    v2 and the v4 clients alike."""
    fields = {k: mask_text(v) for k, v in mask_fields(fields).items()}
    response.fields, response.type, response.status_value = fields, fields.get("type"), fields.get("status")
    response.error_code = fields.get("error-code") or fields.get("error_code")
    response.error_message = fields.get("error-message") or fields.get("error_message")
    response.hint, response.links = hint(fields), web_links(fields)


def _interpret(response: Response, data: bytes) -> Failure | None:
    """Fill the parsed fields; a non-200 status or a body that is not the gateway's format is a failure."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return Failure(FailureKind.UNPARSEABLE, _("The response body is not valid UTF-8."))
    try:
        fields = parse_pairs(text)
    except UnparseableResponse as exc:
        fields = None
        problem = str(exc)
    if fields:
        read_fields(response, fields)
    if response.status != 200:
        return Failure(FailureKind.HTTP_STATUS, _(
            "The gateway answered HTTP %(status)s %(reason)s; it answers 200 even for errors, so this came from "
            "something else (a proxy, a wrong base URL, a redirect).", status=response.status,
            reason=response.reason))
    if not text.strip():
        return Failure(FailureKind.UNPARSEABLE, _("The response body is empty."))
    if fields is None:
        return Failure(FailureKind.UNPARSEABLE, _("The response body is not name=value pairs: %(problem)s.",
                                                  problem=problem))
    if "type" not in fields:
        return Failure(FailureKind.UNPARSEABLE, _("The response has no 'type' field."))
    return None
