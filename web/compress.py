"""gzip for the static scripts and stylesheet: the page libraries are shipped as npm publishes them
(comments and all, no build step), so the wire is where they shrink. HTML and JSON stay uncompressed: they
may hold a CSRF token next to reflected input (BREACH); static files hold nothing secret."""

import gzip
from functools import lru_cache

from flask import request

TYPES = ("text/javascript", "application/javascript", "text/css")
MIN_SIZE = 1024


@lru_cache(maxsize=128)  # bounded: one entry per static file version (path, mtime)
def _compressed(path: str, mtime: float, data: bytes) -> bytes:
    return gzip.compress(data, compresslevel=6, mtime=0)


def _compress(response):
    if (not request.path.startswith("/static/") or response.status_code != 200
            or response.mimetype not in TYPES or "gzip" not in request.headers.get("Accept-Encoding", "")
            or "Content-Encoding" in response.headers):
        return response
    response.direct_passthrough = False
    source = response.response
    data = response.get_data()
    if hasattr(source, "close"):  # the static file's wrapper: read whole now, so close it here
        source.close()
    if len(data) < MIN_SIZE:
        return response
    modified = response.last_modified.timestamp() if response.last_modified else 0.0
    response.set_data(_compressed(request.path, modified, data))
    response.headers["Content-Encoding"] = "gzip"
    response.vary.add("Accept-Encoding")
    if response.headers.get("ETag"):  # another representation: another validator
        etag, weak = response.get_etag()
        response.set_etag(f"{etag}-gzip", weak=weak)
    return response


def init_app(app):
    app.after_request(_compress)
