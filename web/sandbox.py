"""Serves the built-in sandbox at /sandbox/paynet: the gateway's API paths (v2 and the 3-D Secure uploads; v4,
signed with OAuth RSA-SHA256, and the hosted fields' tokenize call the SDK makes from the payer's browser), the
hosted payment form and the 3-D Secure page the payer sees. v4's base string covers the URL the client addressed:
the public root (PUBLIC_URL, or the request's root as the trusted proxies give it)."""

import re

import click
from flask import Response, abort, current_app, jsonify, render_template, request
from flask.cli import AppGroup
from flask_babel import gettext as _

from debugger import callbacks
from forms.v4 import load_v4_registry
from outbound import urlpolicy
from outbound.environments import LOCAL_PATH
from paynet import threeds
from paynet.amounts import READ_LIMIT, AmountError, parse_amount
from paynet.masking import mask_text
from paynet.signing import JAVA_TRIM
from paynet.urls import is_web_url
from paynet.v4 import JSON_REPLIES
from sandbox.accounts import AccountLimits
from sandbox.deliveries import Pool
from sandbox.gateway import Sandbox
from sandbox.pages import Payment
from sandbox.v4 import V4Request
from sandbox.v4tokens import Invalid
from store import migrate
from store.records import Order, ThreeDS
from store.store import InboxLimits
from web import faces, headers, inprocess, public
from web.api import ApiError, read_json

bp = faces.blueprint("sandbox", __name__, faces.PAGE, url_prefix=LOCAL_PATH)  # the payer's pages
api = faces.blueprint("sandbox_api", __name__, faces.WIRE, url_prefix=LOCAL_PATH + "/api")  # the gateway's API
# `x is web_url` in every template: only a checked URL becomes a link, form action or redirect.
V4_PATH = LOCAL_PATH + "/api/v4"
api4 = faces.blueprint("sandbox_v4", __name__, faces.WIRE, url_prefix=V4_PATH)  # the gateway's text
# The SDK's call: JSON in and out, errors too.
fields = faces.blueprint("sandbox_v4_fields", __name__, faces.JSON, url_prefix=V4_PATH + "/tokenize/hosted-fields")
bp.add_app_template_test(is_web_url, "web_url")
_TARGET = re.compile(r"(?P<path>.+?)(?P<group>/group)?/(?P<id>[^/]+)")
INBOX_PATH = "/callbacks/inbox"


def create(app, db_path: str, specs) -> Sandbox:
    # On app.extensions so a test can inject the resolver (there is no public DNS in tests).
    app.extensions["callback_policy"] = urlpolicy.Policy(app.config["CALLBACK_HOSTS"],
                                                         account_networks=app.config["ACCOUNT_CALLBACK_NETWORKS"])

    def inbox_of(url: str) -> str | None:
        """The token of a known inbox of this tool that `url` addresses, or None."""
        token = callbacks.inbox_token(url, INBOX_PATH)
        return token if token and app.extensions["sandbox"].store.inbox_known(token) else None

    def own_target(path: str) -> urlpolicy.Target:
        """An inbox of this tool, delivered in process at the root the current request reached (or PUBLIC_URL,
        whose host TRUSTED_HOSTS lists): the Host it carries passed TRUSTED_HOSTS already. Callbacks are sent
        while a request is handled (a status query, a payer's page, a resend); the delivery itself runs later,
        in a thread of its own, so the root is taken now."""
        root = public.root()
        return urlpolicy.in_process(root + path, lambda url, timeout, method, body:
                                    inprocess.call(app, root, url, method, body))

    def callback_target(url: str, account_hosts=None):
        """`account_hosts`: a sandbox account's own hosts, under the account rule (None: the demo account)."""
        return callbacks.target(url, inbox_of, own_target, app.extensions["callback_policy"], account_hosts)

    v4_specs = {name: form.command for name, form in load_v4_registry().items()}
    return Sandbox(db_path, {spec.wire_name: spec for spec in specs.values()}, callback_target=callback_target,
                   v4_specs=v4_specs,
                   inbox_of=inbox_of, limits=inbox_limits(app.config), pool_size=app.config["DATABASE_POOL_SIZE"],
                   secret=app.config["SECRET_KEY"], account_limits=account_limits(app.config),
                   callback_pool=Pool(app.config["CALLBACK_WORKERS"], app.config["CALLBACK_QUEUE"]))


def account_limits(config) -> AccountLimits:
    return AccountLimits(idle=config["SANDBOX_ACCOUNT_DAYS"] * 86400, accounts=config["SANDBOX_ACCOUNT_MAX"],
                         rate=config["SANDBOX_ACCOUNT_RATE"], entries=config["INSPECTOR_MAX_ENTRIES"],
                         ttl=config["INSPECTOR_TTL"], body=config["INSPECTOR_BODY_LIMIT"],
                         bytes=config["INSPECTOR_MAX_BYTES"])


def inbox_limits(config) -> InboxLimits:
    return InboxLimits(body=config["INBOX_BODY_LIMIT"], entries=config["INBOX_MAX_ENTRIES"],
                       ttl=config["INBOX_TTL"], inboxes=config["INBOX_MAX"], rate=config["INBOX_RATE"],
                       bytes=config["INBOX_MAX_BYTES"], total=config["INBOXES_MAX_BYTES"])


def _sandbox() -> Sandbox:
    return current_app.extensions["sandbox"]


def _base() -> str:
    return public.url(bp.url_prefix)


@api.post("/v2/<path:rest>", defaults={"prefix": "/api/v2"})
@api.post("/3ds/v1/<path:rest>", defaults={"prefix": "/api/3ds/v1"})
@faces.csrf_exempt  # the emulated gateway takes merchants' server-to-server posts
def gateway_api(rest, prefix):
    """Every command under its declared prefix (Command.prefix): one route per prefix the docs use."""
    m = _TARGET.fullmatch(rest)
    if not m:
        return Response(f"No command at {prefix}/{rest}\n", 404, content_type="text/plain;charset=utf-8")
    kind = "group" if m["group"] else "endpoint"
    reply = _sandbox().handle(m["path"], kind, m["id"], request.get_data(), _base(), prefix)
    return Response(reply.extra.get("text") or reply.body, reply.status, content_type=reply.content_type)


@api4.post("/<path:rest>")
@faces.csrf_exempt  # merchants' servers post here
def gateway_v4(rest):
    m = _TARGET.fullmatch(rest)
    if not m:
        return Response(f"No command at /api/v4/{rest}: the path is /api/v4/<command>/<ENDPOINTID> or "
                        f"/api/v4/<command>/group/<ENDPOINTGROUPID>.\n", 404, content_type=faces.TEXT_TYPE)
    req = V4Request(m["path"], "group" if m["group"] else "endpoint", m["id"], request.get_data(),
                    public.url(f"{V4_PATH}/{rest}"), request.headers.get("Authorization"),
                    JSON_REPLIES in request.headers.get("Accept", ""), public.url(LOCAL_PATH))
    reply = _sandbox().v4.handle(req)
    return Response(reply.text, reply.status, content_type=reply.content_type)


@fields.post("")
@faces.csrf_exempt  # JSON only: a cross-site form cannot send it
def hosted_fields():
    """The SDK's tokenize call, emulated: an ephemeral ticket and a test card -> a single-use hostedFieldsToken."""
    try:
        token = _sandbox().v4.tokens.tokenize(read_json())
    except Invalid as exc:  # the gateway's words, in English, as the rest of the sandbox answers
        raise ApiError(400, "invalid", str(exc)) from None
    return jsonify({"hostedFieldsToken": token})


@bp.route("/form/<token>", methods=["GET", "POST"])
def hosted_form(token):
    """The hosted payment form: no card data is asked for; an empty order amount is typed here."""
    payment = _sandbox().pages.page_order(token) or abort(404)
    error = None
    if request.method == "POST" and not payment.txn.ready:
        amount = request.form.get("amount", "").strip(JAVA_TRIM)
        if not payment.order.amount:
            try:
                parse_amount(amount, amount_length(payment.order.command))
            except AmountError as exc:
                # a payer may type a card number in the wrong box
                error = mask_text(_("amount %(problem)s.", problem=exc))
        if error is None:
            payment = _sandbox().pages.complete(token, amount)
    return _page(payment, "form", error)


@bp.route("/3ds/<token>", methods=["GET", "POST"])
def three_ds(token):
    """The issuer's 3-D Secure challenge, simulated: authenticate, or fail."""
    payment = _sandbox().pages.page_order(token) or abort(404)
    if payment.order.threeds == ThreeDS.NONE:
        abort(404)
    if request.method == "POST" and not payment.txn.ready:
        payment = _sandbox().pages.complete(token, authenticated=request.form.get("result") == "authenticated")
    return _page(payment, "3ds", None)


def amount_length(command: str) -> int:
    """The documented length of the command's amount (Numeric 10): the payer is held to it too."""
    spec = current_app.extensions["specs"].get(command)
    params = spec.params if spec else ()
    return next((p.max_length for p in params if p.amount and p.max_length), READ_LIMIT)


def _page(payment: Payment, mode, error):
    order, txn = payment.order, payment.txn
    redirect = _sandbox().pages.final_redirect(payment) if txn.ready and order.redirect_url else []
    if redirect:  # the page's form posts the payer back to the merchant's site
        headers.allow_form_action(order.redirect_url)
    uploads = upload_values(order) if mode == "3ds" and not txn.ready else []
    # What became of the order's callbacks so far: a refusal is recorded at once, a delivery when it is answered.
    deliveries = [(d.url, callbacks.shown_outcome(d.outcome)) for d in _sandbox().store.order_deliveries(order.id)
                  ] if txn.ready else []
    return render_template("sandbox_page.html", order=order, txn=txn, mode=mode, error=error,
                           final_redirect=redirect, uploads=uploads, deliveries=deliveries)


def upload_values(order: Order) -> list[tuple[str, str, str]]:
    """(field, outcome, value): what the ACS would post to the merchant, for the 3-D Secure upload commands."""
    return [(field, outcome, threeds.encode(field, order.form_token, outcome == "authenticated"))
            for field in threeds.RESULT_FIELDS for outcome in ("authenticated", "failed")]


# `flask store upgrade | current | history`: the store's schema for operators (store/migrate.py). Start-up
# upgrades by itself; these say where a database stands, or upgrade it ahead of a start (`make migrate`).
store_cli = AppGroup("store", help="The store's schema (Alembic revisions): upgrade, current, history.")


def _store():
    return current_app.extensions["sandbox"].store


@store_cli.command("upgrade")
def store_upgrade() -> None:
    """Bring the database to the newest revision (start-up does the same)."""
    store = _store()
    revision = migrate.upgrade(store.backend, store.name)
    click.echo(f"{store.name} is at {revision} (head).")


@store_cli.command("current")
def store_current() -> None:
    """The revision the database stands at."""
    click.echo(migrate.current(_store().backend), nl=False)


@store_cli.command("history")
def store_history() -> None:
    """Every revision, newest first."""
    click.echo(migrate.history(), nl=False)
