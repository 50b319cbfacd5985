"""Serves the built-in sandbox at /sandbox/paynet: the gateway's API paths, the hosted payment form and
the 3-D Secure page the payer sees."""

import re

from flask import Blueprint, Response, abort, current_app, render_template, request

from gateway import callbacks
from gateway.amounts import AmountError, parse_amount
from gateway.sandbox import Sandbox
from gateway.sandbox_store import InboxLimits
from gateway.signing import JAVA_TRIM
from web import loopback

bp = Blueprint("sandbox", __name__, url_prefix="/sandbox/paynet")
_TARGET = re.compile(r"(?P<path>.+?)(?P<group>/group)?/(?P<id>[^/]+)")
INBOX_PATH = "/callbacks/inbox"


def create(app, db_path: str, specs) -> Sandbox:
    hosts = tuple(h.strip().lower() for h in app.config["CALLBACK_HOSTS"] if h.strip())

    def inbox_of(url: str) -> str | None:
        """The token of a known inbox of this tool that `url` addresses, or None."""
        token = callbacks.inbox_token(url, INBOX_PATH)
        return token if token and app.extensions["sandbox"].store.inbox_known(token) else None

    def callback_target(url: str):
        return callbacks.target(url, inbox_of, lambda: loopback.root_url(app), hosts)

    return Sandbox(db_path, {spec.path: spec for spec in specs.values()}, callback_target=callback_target,
                   inbox_of=inbox_of, limits=inbox_limits(app.config))


def inbox_limits(config) -> InboxLimits:
    return InboxLimits(body=config["INBOX_BODY_LIMIT"], entries=config["INBOX_MAX_ENTRIES"],
                       ttl=config["INBOX_TTL"], inboxes=config["INBOX_MAX"], rate=config["INBOX_RATE"])


def _sandbox() -> Sandbox:
    return current_app.extensions["sandbox"]


def _base() -> str:
    return request.host_url.rstrip("/") + bp.url_prefix


@bp.post("/api/v2/<path:rest>")
def api(rest):
    m = _TARGET.fullmatch(rest)
    if not m:
        return Response(f"No command at /api/v2/{rest}\n", 404, content_type="text/plain;charset=utf-8")
    kind = "group" if m["group"] else "endpoint"
    reply = _sandbox().handle(m["path"], kind, m["id"], request.get_data(), _base())
    return Response(reply.extra.get("text") or reply.body, reply.status, content_type=reply.content_type)


@bp.route("/form/<token>", methods=["GET", "POST"])
def hosted_form(token):
    """The hosted payment form: no card data is asked for; an empty order amount is typed here."""
    order = _sandbox().page_order(token) or abort(404)
    error = None
    if request.method == "POST" and not order["ready"]:
        amount = request.form.get("amount", "").strip(JAVA_TRIM)
        if not order["amount"]:
            try:
                parse_amount(amount)
            except AmountError as exc:
                error = f"amount {exc}."
        if error is None:
            order = _sandbox().complete(token, amount)
    return _page(order, "form", error)


@bp.route("/3ds/<token>", methods=["GET", "POST"])
def three_ds(token):
    """The issuer's 3-D Secure challenge, simulated: authenticate, or fail."""
    order = _sandbox().page_order(token) or abort(404)
    if not order["threeds"]:
        abort(404)
    if request.method == "POST" and not order["ready"]:
        order = _sandbox().complete(token, authenticated=request.form.get("result") == "authenticated")
    return _page(order, "3ds", None)


def _page(order, mode, error):
    redirect = _sandbox().final_redirect(order) if order["ready"] and order["redirect_url"] else []
    return render_template("sandbox_page.html", order=order, mode=mode, error=error, final_redirect=redirect)
