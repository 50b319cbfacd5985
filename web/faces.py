"""One place picks a reply's shape (its face): JSON for the JSON API, the emulated gateway's plain text for its
API, plain text for the callback inbox, HTML pages for the rest.

Every blueprint is made here with its face. An error takes the face of the request's blueprint or, for errors
raised before routing picks a view (an unknown path, a wrong method, a Host outside TRUSTED_HOSTS), of the
blueprint whose URL prefix the path is under. The error handlers are the app's, not the blueprints': Flask
never hands a routing error to a blueprint's handler.
"""

from flask import Blueprint, Response, current_app, jsonify, render_template, request
from flask_babel import gettext as _
from markupsafe import escape
from werkzeug.exceptions import HTTPException

from web import http_texts

PAGE, JSON, WIRE, TEXT = "page", "json", "wire", "text"
TEXT_TYPE = "text/plain;charset=utf-8"
# The API's kinds for the common HTTP errors; the others are named after their reason phrase.
_KINDS = {413: "too-large", 404: "not-found", 405: "method-not-allowed"}


def blueprint(name: str, import_name: str, face: str, url_prefix: str | None = None) -> Blueprint:
    bp = Blueprint(name, import_name, url_prefix=url_prefix)
    bp.face = face
    return bp


def csrf_exempt(view):
    """Marks a view whose posts need no CSRF token (JSON only, or posted by gateways and merchants' servers);
    app.py exempts every marked view."""
    view.csrf_exempt = True
    return view


def current() -> str:
    blueprints = current_app.blueprints
    if request.blueprint in blueprints:
        return blueprints[request.blueprint].face
    path, found, longest = request.path, PAGE, -1
    for bp in blueprints.values():
        prefix = (bp.url_prefix or "").rstrip("/")
        if prefix and len(prefix) > longest and (path == prefix or path.startswith(prefix + "/")):
            found, longest = bp.face, len(prefix)
    return found


def text(body: str, status: int) -> Response:
    return Response(body, status, content_type=TEXT_TYPE)


def page(title: str, message: str, status: int):
    return render_template("error.html", title=title, message=message), status


def http_error(exc: HTTPException):
    face = current()
    if face == JSON:
        kind = _KINDS.get(exc.code) or exc.name.lower().replace(" ", "-")
        return jsonify({"error": {"kind": kind, "message": http_texts.description(exc)}}), exc.code
    if face == WIRE:  # a gateway client reads text, in English, not a page
        return text(f"{exc.code} {exc.name}: {exc.description}\n", exc.code)
    if face == TEXT:
        return text(http_texts.description(exc) + "\n", exc.code)
    return page(http_texts.title(exc), http_texts.description(exc), exc.code)


def unexpected(exc: Exception):
    """The last net: never a bare 500, never a traceback to the user."""
    current_app.logger.exception("unexpected error on %s", request.path)
    face = current()
    if face == JSON:
        return jsonify({"error": {"kind": "internal", "message": _("Unexpected server error; "
                                                                    "the details are in the server log.")}}), 500
    if face == WIRE:
        return text("500 Internal Server Error: the details are in the server log.\n", 500)
    if face == TEXT:
        return text(_("Something went wrong; the details are in the server log.") + "\n", 500)
    return page(_("Unexpected error"), _("Something went wrong; the details are in the server log."), 500)


def csrf_error(exc):
    return page(_("Form expired"), _("The page's form token is missing or expired (CSRF protection). Reload the "
                                     "page and try again."), 400)


def bad_host(exc):
    """A Host header outside TRUSTED_HOSTS: 400 in the route's shape. No url_for (nor a template that uses it)
    here: a request with an untrusted Host has no URL adapter."""
    face = current()
    if face == WIRE:  # the emulated gateway answers plain text, in English
        return text(f"{exc.description} Reach the tool at one of its TRUSTED_HOSTS.\n", 400)
    message = _("%(problem)s Reach the tool at one of its TRUSTED_HOSTS.", problem=exc.description)
    if face == JSON:
        return jsonify({"error": {"kind": "bad-host", "message": message}}), 400
    title = escape("400 " + _("Bad Request"))
    return Response(f"<!doctype html><title>{title}</title><h1>{title}</h1><p>{escape(message)}</p>\n", 400,
                    content_type="text/html;charset=utf-8")
