"""Callbacks: the tool's own receiver (/callbacks/inbox), the verifier page and its JSON API."""

from flask import Blueprint, current_app, jsonify, render_template, request

from gateway import callbacks
from gateway.masking import mask_text
from gateway.wire import utf8_problem
from web import public
from web.api import ApiError, read_json

bp = Blueprint("callbacks", __name__)
DROPPED_HEADERS = ("cookie", "authorization", "proxy-authorization")  # never kept, whoever calls
KEPT_BODY, KEPT_URL, KEPT_HEADER = 64 * 1024, 8 * 1024, 1024  # characters the inbox keeps of each


def _store():
    return current_app.extensions["sandbox"].store


@bp.route("/callbacks/inbox", methods=["GET", "POST"])
def inbox():
    """Receive a callback (GET) or a final redirect (POST), keep it for the page, answer 200 OK."""
    received = request.get_data(as_text=True)
    body = mask_text(received[:KEPT_BODY])  # card data or a key a sender got wrong is never stored
    headers = [(k[:KEPT_HEADER], mask_text(v[:KEPT_HEADER])) for k, v in list(request.headers.items())[:50]
               if k.lower() not in DROPPED_HEADERS]
    target = mask_text(request.full_path.rstrip("?")[:KEPT_URL])
    raw = "\r\n".join([f"{request.method} {target} HTTP/1.1", *(f"{k}: {v}" for k, v in headers), "", body])
    if len(received) > KEPT_BODY:
        raw += f"\r\n[cut: {len(received):,} characters received; the inbox keeps the first {KEPT_BODY:,}]"
    _store().receive(request.method, target, headers, body, raw)
    return "OK\n", 200, {"Content-Type": "text/plain;charset=utf-8"}


@bp.get("/callbacks")
def page():
    return render_template("callbacks.html", inbox_url=public.url("/callbacks/inbox"))


@bp.get("/api/callbacks")
def received():
    after = request.args.get("after", "0")
    # ASCII digits only ('²'.isdigit() is true), and few enough for SQLite's 64-bit integers.
    if not (after.isascii() and after.isdigit() and len(after) <= 18):
        raise ApiError(400, "invalid", "after must be a whole number: ASCII digits 0-9, at most 18 of them.")
    return jsonify({"received": _store().inbox(int(after)), "deliveries": _store().deliveries()})


@bp.post("/api/callback/verify")
def verify():
    data = read_json()
    kind = data.get("kind")
    if kind not in (None, "callback", "redirect"):
        raise ApiError(400, "invalid", 'kind must be "callback" or "redirect" (or left out to try both).')
    key = data.get("merchant_control") or ""
    if not isinstance(key, str):
        raise ApiError(400, "invalid", "merchant_control must be a string.")
    for name, value in (("raw", data.get("raw")), ("merchant_control", key)):
        if isinstance(value, str) and utf8_problem(name, value):
            raise ApiError(400, "invalid", utf8_problem(name, value))
    try:
        return jsonify(callbacks.verify(data.get("raw"), key, kind, data.get("reveal") is True))
    except ValueError as exc:
        raise ApiError(400, "unparseable", str(exc)) from None
