"""One bounded request to a merchant's handler through a checked address (outbound/urlpolicy.py), its answer read:
the status, a cut of the body, where a redirect pointed. Callback deliveries, callbacks on demand and the exam show
or grade what the handler said; the body is read within a byte limit and a whole-answer deadline: a slow, endless or
huge answer ends the request, never the exam."""

import ssl
import time
from dataclasses import dataclass

import urllib3
import urllib3.exceptions as u3

from outbound.client import classify
from outbound.urlpolicy import Target

READ_LIMIT = 64 * 1024  # bytes of an answer's body read at most
SHOWN = 1024  # characters of it kept with the record
FORM = "application/x-www-form-urlencoded"


@dataclass(frozen=True)
class Answer:
    """What a handler answered, or why nothing came: `failure` is a FailureKind's value or "deadline"."""

    status: int | None = None
    body: str = ""  # the first SHOWN characters
    size: int = 0  # bytes read (at most READ_LIMIT + 1)
    location: str | None = None  # a redirect's Location (never followed)
    failure: str | None = None

    @property
    def cut(self) -> bool:
        return self.size > READ_LIMIT or len(self.body) >= SHOWN

    @property
    def accepted(self) -> bool:
        """A 2xx: what the gateway takes as "received" (it retries anything else)."""
        return self.status is not None and 200 <= self.status < 300

    def to_dict(self) -> dict:
        return {"http_status": self.status, "body": self.body, "body_cut": self.cut, "location": self.location,
                "failure": self.failure}


def fetch(target: Target, method: str = "GET", body: bytes = b"", timeout: float = 5.0,
          deadline: float = 10.0, ssl_context: ssl.SSLContext | None = None) -> Answer:
    """`method` to the checked address (or in process, for the tool's own inbox: the status only). No proxies, no
    redirects, no retries; each read waits at most `timeout`, the whole answer at most `deadline` seconds."""
    if target.in_process:
        return Answer(target.in_process(target.url, timeout, method, body))
    timeouts = urllib3.Timeout(connect=timeout, read=timeout)
    if target.scheme == "https":
        pool = urllib3.HTTPSConnectionPool(
            target.address, target.port, timeout=timeouts, retries=False, server_hostname=target.host,
            assert_hostname=target.host, ssl_context=ssl_context or ssl.create_default_context())
    else:
        pool = urllib3.HTTPConnectionPool(target.address, target.port, timeout=timeouts, retries=False)
    headers = {"Host": target.host_header, "Accept-Encoding": "identity"}
    if method == "POST":
        headers["Content-Type"] = FORM
    ends = time.monotonic() + deadline
    try:
        resp = pool.urlopen(method, target.request_uri, body=body or None, headers=headers, redirect=False,
                            retries=False, preload_content=False, assert_same_host=False)
        data = b""
        try:
            while len(data) <= READ_LIMIT:
                if time.monotonic() > ends:
                    return _answer(resp, data, "deadline")
                chunk = resp.read1(min(8192, READ_LIMIT + 1 - len(data)))
                if not chunk:
                    break
                data += chunk
        finally:
            resp.release_conn()
        return _answer(resp, data)
    except (u3.HTTPError, OSError) as exc:
        return Answer(failure=str(classify(exc).kind))
    finally:
        pool.close()


def _answer(resp, data: bytes, failure: str | None = None) -> Answer:
    location = resp.headers.get("Location") if 300 <= resp.status < 400 else None
    return Answer(resp.status, data[:SHOWN * 4].decode("utf-8", "replace")[:SHOWN], len(data),
                  location[:SHOWN] if location else None, failure)
