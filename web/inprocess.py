"""The app's requests to itself, in process: a local send to the built-in sandbox, and the sandbox's callbacks
to the tool's own inboxes.

A requests transport hands the prepared request to the WSGI app as a server would, addressed to the tool's
public root: the Host the app sees is that root's, so TRUSTED_HOSTS checks it like any request from outside
and the sandbox builds its payer links from it. The app runs in the caller's thread under a fresh app
context: no socket and no second server, so a single-threaded worker calling itself cannot deadlock. The
exchange shows the prepared request, which is exactly what a remote gateway would get.
"""

import io
import sys
from urllib.parse import unquote, urlsplit

import requests
from requests.adapters import BaseAdapter
from requests.structures import CaseInsensitiveDict
from requests.utils import get_encoding_from_headers
from urllib3 import HTTPHeaderDict, HTTPResponse

DEFAULT_PORTS = {"http": "80", "https": "443"}


def _latin1(text: str) -> str:
    """A WSGI string: the UTF-8 bytes read as latin-1, as Werkzeug's server hands them over."""
    return text.encode("utf-8").decode("latin-1")


class Transport(BaseAdapter):
    """Mounted on a session for the tool's public root (session() below): requests under it go to `app`."""

    def __init__(self, app, root: str):
        super().__init__()
        self.app, self.prefix = app, unquote(urlsplit(root).path).rstrip("/")

    def environ(self, request: requests.PreparedRequest) -> dict:
        url = urlsplit(request.url)
        body = request.body or b""
        body = body.encode("utf-8") if isinstance(body, str) else bytes(body)
        path = unquote(url.path)
        if not path.startswith(self.prefix + "/"):
            raise requests.exceptions.InvalidURL(f"{request.url} is not under the tool's public root")
        environ = {
            "REQUEST_METHOD": request.method, "SCRIPT_NAME": _latin1(self.prefix),
            "PATH_INFO": _latin1(path[len(self.prefix):]), "QUERY_STRING": url.query,
            "REQUEST_URI": url.path + (f"?{url.query}" if url.query else ""), "SERVER_PROTOCOL": "HTTP/1.1",
            "SERVER_NAME": url.hostname, "SERVER_PORT": str(url.port or DEFAULT_PORTS[url.scheme]),
            # The Host line the exchange shows; the request comes from this machine (per-address limits).
            "REMOTE_ADDR": "127.0.0.1", "HTTP_HOST": url.netloc,
            "wsgi.version": (1, 0), "wsgi.url_scheme": url.scheme, "wsgi.input": io.BytesIO(body),
            "wsgi.errors": sys.stderr, "wsgi.multithread": True, "wsgi.multiprocess": False, "wsgi.run_once": False,
        }
        for name, value in request.headers.items():
            key = name.upper().replace("-", "_")
            value = value.decode("latin-1") if isinstance(value, bytes) else value
            environ[key if key in ("CONTENT_TYPE", "CONTENT_LENGTH") else "HTTP_" + key] = value
        if body and "CONTENT_LENGTH" not in environ:
            environ["CONTENT_LENGTH"] = str(len(body))
        return environ

    def send(self, request, stream=False, timeout=None, verify=True, cert=None, proxies=None) -> requests.Response:
        reply, chunks = {}, []

        def start_response(status, headers, exc_info=None):
            reply.update(status=status, headers=headers)
            return chunks.append  # WSGI's write()

        # A fresh app context: Flask would reuse the caller's, and with it the caller's `g`.
        with self.app.app_context():
            body = self.app.wsgi_app(self.environ(request), start_response)
            try:
                chunks.extend(body)
            finally:
                getattr(body, "close", lambda: None)()
        code, _, reason = reply["status"].partition(" ")
        raw = HTTPResponse(body=io.BytesIO(b"".join(chunks)), headers=HTTPHeaderDict(reply["headers"]),
                           status=int(code), reason=reason, version=11, version_string="HTTP/1.1",
                           preload_content=False, decode_content=False,  # as requests' own HTTPAdapter reads
                           request_method=request.method, request_url=request.url)
        response = requests.Response()
        response.status_code, response.reason, response.raw = raw.status, reason, raw
        response.headers = CaseInsensitiveDict(raw.headers)
        response.encoding = get_encoding_from_headers(response.headers)
        response.url, response.request, response.connection = request.url, request, self
        return response

    def close(self) -> None:
        pass


def session(app, root: str) -> requests.Session:
    """A session whose requests under `root` (the tool's public root, no trailing '/') go to `app` in process."""
    sess = requests.Session()
    sess.trust_env = False  # no proxy or .netrc from the environment: nothing leaves the process
    prepared = requests.PreparedRequest()
    prepared.prepare_url(root + "/", None)  # as requests will write the URLs under it (IDNA host, quoting)
    sess.mount(prepared.url, Transport(app, prepared.url))
    return sess


def call(app, root: str, url: str, method: str = "GET", body: bytes = b"") -> int:
    """`method` `url` under `root` in process, without following redirects; the status (a callback's sender
    learns nothing more). A POST carries `body` as a form: the exam's wrong-method case."""
    headers = {"Content-Type": "application/x-www-form-urlencoded"} if method == "POST" else {}
    with session(app, root) as sess:
        return sess.request(method, url, data=body or None, headers=headers, allow_redirects=False).status_code
