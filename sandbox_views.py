"""Serves the built-in sandbox at /sandbox/paynet: the gateway's API paths and a hosted form."""

import re

from flask import Blueprint, Response, abort, current_app, render_template, request

from gateway.amounts import AmountError, parse_amount
from gateway.sandbox import Sandbox
from gateway.signing import JAVA_TRIM

bp = Blueprint("sandbox", __name__, url_prefix="/sandbox/paynet")
_TARGET = re.compile(r"(?P<path>.+?)(?P<group>/group)?/(?P<id>[^/]+)")


def create(db_path: str, specs) -> Sandbox:
    return Sandbox(db_path, {spec.path: spec for spec in specs.values()})


def _sandbox() -> Sandbox:
    return current_app.extensions["sandbox"]


@bp.post("/api/v2/<path:rest>")
def api(rest):
    m = _TARGET.fullmatch(rest)
    if not m:
        return Response(f"No command at /api/v2/{rest}\n", 404, content_type="text/plain;charset=utf-8")
    kind = "group" if m["group"] else "endpoint"
    form_base = request.host_url.rstrip("/") + bp.url_prefix
    reply = _sandbox().handle(m["path"], kind, m["id"], request.get_data(), form_base)
    return Response(reply.extra.get("text") or reply.body, reply.status, content_type=reply.content_type)


@bp.route("/form/<token>", methods=["GET", "POST"])
def hosted_form(token):
    order = _sandbox().form_order(token) or abort(404)
    error = None
    if request.method == "POST" and not order["ready"]:
        amount = request.form.get("amount", "").strip(JAVA_TRIM)
        if not order["amount"]:
            try:
                parse_amount(amount)
            except AmountError as exc:
                error = f"amount {exc}."
        if error is None:
            order = _sandbox().pay(token, amount)
    return render_template("sandbox_form.html", order=order, error=error)
