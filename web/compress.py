"""gzip on the wire. Static scripts, the stylesheet and the docs site are shipped as written or published
(comments and all, no build step), so the wire is where they shrink; and the pages, when nothing of the request
is in them.

BREACH needs a secret (the CSRF token) and the attacker's input in one compressed reply. A page is compressed
only as the reply to a GET whose query is at most the language switch: such a page renders no request data
(the builder's and debugger's echoes are POST replies, the inbox and inspector feeds are JSON). JSON is never
compressed: it echoes what was posted."""

import gzip
from functools import lru_cache

from flask import request

TYPES = ("text/javascript", "application/javascript", "text/css")
DOCS_TYPES = TYPES + ("text/html", "application/json")
MIN_SIZE = 1024


@lru_cache(maxsize=256)  # bounded: one entry per static or docs file version (path, mtime)
def _compressed(path: str, mtime: float, data: bytes) -> bytes:
    return gzip.compress(data, compresslevel=6, mtime=0)


def _static(response) -> bool:
    """A file the tool ships (same bytes for everyone): compressed once per version."""
    if request.path.startswith("/static/"):
        return response.mimetype in TYPES
    return request.path.startswith("/docs/") and response.mimetype in DOCS_TYPES


def _page(response) -> bool:
    return (response.mimetype == "text/html" and request.method in ("GET", "HEAD")
            and set(request.args) <= {"lang"})


def _compress(response):
    if (response.status_code != 200 or "gzip" not in request.headers.get("Accept-Encoding", "")
            or "Content-Encoding" in response.headers):
        return response
    static = _static(response)
    if not static and not _page(response):
        return response
    response.direct_passthrough = False
    source = response.response
    data = response.get_data()
    if hasattr(source, "close"):  # a file's wrapper: read whole now, so close it here
        source.close()
    if len(data) < MIN_SIZE:
        return response
    if static:
        modified = response.last_modified.timestamp() if response.last_modified else 0.0
        response.set_data(_compressed(request.path, modified, data))
    else:
        response.set_data(gzip.compress(data, compresslevel=6, mtime=0))
    response.headers["Content-Encoding"] = "gzip"
    response.vary.add("Accept-Encoding")
    if response.headers.get("ETag"):  # another representation: another validator
        etag, weak = response.get_etag()
        response.set_etag(f"{etag}-gzip", weak=weak)
    return response


def init_app(app):
    app.after_request(_compress)
