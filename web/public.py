"""The address users reach the tool at: payer-facing links and inbox URLs are built from it, and the app's
requests to itself (web/inprocess.py) are addressed to it."""

from flask import Response, current_app, jsonify, request
from flask_babel import gettext as _
from markupsafe import escape

from outbound.environments import LOCAL_PATH


def root() -> str:
    """PUBLIC_URL when configured, else the root this request reached (an in-process request from the app
    is addressed to the user's own). No trailing '/'."""
    return current_app.config["PUBLIC_URL"] or request.url_root.rstrip("/")


def url(path: str) -> str:
    return root() + path


def bad_host(exc):
    """A Host header outside TRUSTED_HOSTS: 400 in the route's shape. No url_for here: a request with an
    untrusted Host has no URL adapter."""
    if request.path.startswith(LOCAL_PATH + "/api/"):  # the emulated gateway answers plain text, in English
        return Response(f"{exc.description} Reach the tool at one of its TRUSTED_HOSTS.\n", 400,
                        content_type="text/plain;charset=utf-8")
    message = _("%(problem)s Reach the tool at one of its TRUSTED_HOSTS.", problem=exc.description)
    if request.path.startswith("/api/"):
        return jsonify({"error": {"kind": "bad-host", "message": message}}), 400
    title = escape("400 " + _("Bad Request"))
    page = f"<!doctype html><title>{title}</title><h1>{title}</h1><p>{escape(message)}</p>\n"
    return Response(page, 400, content_type="text/html;charset=utf-8")
