"""Security headers on every reply, and the session cookie's SameSite and Secure attributes.

A small after_request hook rather than flask-talisman: the policy is a few fixed strings, except the
sandbox's final-redirect page, whose form-action needs the order's own redirect origin per reply.
"""

import re
from urllib.parse import urlsplit

from flask import g, request
from flask.sessions import SecureCookieSessionInterface

# No 'unsafe-inline' anywhere: the pages load one stylesheet and one JS module from /static.
POLICY = (
    ("default-src", "'none'"),
    ("script-src", "'self'"),
    ("style-src", "'self'"),
    ("img-src", "'self'"),
    ("connect-src", "'self'"),
    ("form-action", "'self'"),
    ("frame-ancestors", "'none'"),
    ("base-uri", "'none'"),
    ("object-src", "'none'"),
)
HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",  # frame-ancestors for browsers that predate it
    "Referrer-Policy": "no-referrer",
}
# scheme://host[:port] with nothing that could end a CSP directive (';', ',', spaces, quotes).
_ORIGIN = re.compile(r"https?://(?:[A-Za-z0-9.-]+|\[[0-9A-Fa-f:.]+\])(?::[0-9]{1,5})?")


class SessionInterface(SecureCookieSessionInterface):
    """The session cookie is Secure when this request came over https (or SESSION_COOKIE_SECURE)."""

    def get_cookie_secure(self, app) -> bool:
        return bool(app.config["SESSION_COOKIE_SECURE"]) or request.is_secure


def init_app(app) -> None:
    app.session_interface = SessionInterface()
    app.after_request(add_headers)


def allow_form_action(url: str) -> None:
    """Let this reply's forms post to the origin of url (the sandbox's final redirect to the merchant).

    Only an absolute http(s) URL adds its origin; anything else leaves form-action at 'self'."""
    try:
        parts = urlsplit(url or "")
    except ValueError:  # e.g. an unclosed IPv6 bracket
        return
    origin = f"{parts.scheme.lower()}://{parts.netloc.rpartition('@')[2]}"
    if _ORIGIN.fullmatch(origin):
        g.form_action = origin


def allow_docs_page(script_hashes: list[str]) -> None:
    """A built docs page (web/docs.py): its inline scripts by hash, and data: images (the theme's icons)."""
    g.docs_page = {"script-src": " ".join(script_hashes), "img-src": "data:"}


def content_security_policy(form_action: str | None = None, extra: dict | None = None) -> str:
    extra = dict(extra or {})
    if form_action:
        extra["form-action"] = form_action
    directives = [(name, f"{value} {extra[name]}".strip() if extra.get(name) else value) for name, value in POLICY]
    return "; ".join(f"{name} {value}" for name, value in directives)


# A CSP governs documents (and workers) only: on a script or stylesheet it is ignored, and a builder page
# loads about twenty of them (the 100 KB page budget counts their headers).
SUBRESOURCES = ("text/javascript", "text/css")
# The built docs' files are cached like static files (they change only when the site is rebuilt).
FILES = ("static", "docs.page")


def add_headers(response):
    if request.endpoint in FILES and response.mimetype in SUBRESOURCES:
        # A script or stylesheet: CSP, framing and referrer rules are the document's, ignored here; only nosniff
        # counts. Every builder page loads ~25 of them, close to the 100 KB page budget: no bytes for nothing.
        response.headers["X-Content-Type-Options"] = HEADERS["X-Content-Type-Options"]
        for name in ("Content-Disposition", "Accept-Ranges"):  # Flask's send_file defaults, unused here
            response.headers.pop(name, None)
    else:
        response.headers["Content-Security-Policy"] = content_security_policy(g.get("form_action"),
                                                                              g.get("docs_page"))
        response.headers.update(HEADERS)
    # Pages and replies show inputs and exchanges: never kept by a browser or a proxy. Static files
    # keep Flask's revalidated caching.
    if request.endpoint not in FILES or response.status_code >= 400:
        response.headers["Cache-Control"] = "no-store"
    return response
