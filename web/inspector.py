"""Sandbox accounts and their inspector: create an account (page and JSON), list what reached it (newest
first, with the token as `Authorization: Bearer`), set its callback hosts, resend a callback."""

import hmac

from flask import current_app, jsonify, render_template, request
from flask_babel import gettext as _

from debugger import callbacks
from paynet import oauth
from paynet.i18n import N_
from paynet.masking import mask_text
from sandbox import exam
from store.store import RateLimited
from web import faces, guesses, i18n, public
from web.api import ApiError, read_json

bp = faces.blueprint("inspector", __name__, faces.PAGE)
# JSON, or a bearer token in a header: a cross-site form can send neither (so no CSRF token).
api = faces.blueprint("inspector_api", __name__, faces.JSON, url_prefix="/api/sandbox/accounts")
UNKNOWN = N_("No sandbox account with this id and token: it may have been dropped after SANDBOX_ACCOUNT_DAYS idle, "
           "or the token is not this account's. Create one at /inspector.")
MAX_HOSTS = 10
MAX_PEM = 8192  # characters of a public key PEM: a 4096-bit SPKI key takes about 800; 8192 bits still fit


def _sandbox():
    return current_app.extensions["sandbox"]


def base_url() -> str:
    """What the merchant puts in its configuration: the gateway's base, under which /api/v2/... lives."""
    return public.url("/sandbox/paynet")


def snippets(account, base: str) -> dict:
    """Configuration for the official PHP library (one snippet for the end point, one for the group: its QueryConfig
    takes one or the other and throws on both) and a plain .env: the only places besides the creation reply where
    the account's key is written."""
    qc = "\\PaynetEasy\\PaynetEasyApi\\PaymentData\\QueryConfig"
    common = (f"    ->setLogin('{account.login}')\n"
              f"    ->setSigningKey('{account.merchant_control}')\n"
              f"    ->setGatewayMode({qc}::GATEWAY_MODE_SANDBOX)\n"
              f"    ->setGatewayUrlSandbox('{base}/api/v2/')")
    endpoint = (f"// Payments to the end point {account.endpointid} (or to the group: the other snippet, never both)\n"
                f"$queryConfig = (new {qc}())\n    ->setEndPoint({account.endpointid})\n{common};\n")
    # setEndPointGroup returns nothing: it cannot be chained, so it comes last, on its own.
    group = (f"// Payments to the end point group {account.groupid} (or to the end point: the other snippet, never "
             f"both)\n"
             f"$queryConfig = (new {qc}())\n{common};\n$queryConfig->setEndPointGroup({account.groupid});\n")
    env = (f"PAYNET_BASE_URL={base}\nPAYNET_LOGIN={account.login}\nPAYNET_ENDPOINT_ID={account.endpointid}\n"
           f"PAYNET_ENDPOINT_GROUP_ID={account.groupid}\nPAYNET_CONTROL_KEY={account.merchant_control}\n")
    return {"php_endpoint": endpoint, "php_group": group, "env": env}


def in_language(entry: dict) -> dict:
    """An entry in the page's language: a request's verdict recorded with it (sandbox.inspector.verdicts), a
    callback's outcome read back from its English, an exam as its report."""
    if entry.get("kind") == "exam":
        return exam.shown(entry) | {"kind": "exam", "id": entry["id"], "time": entry["time"]}
    translated = entry.pop("verdicts", None) or {}
    lang = i18n.get_locale()
    if lang in translated:
        entry["verdict"] = translated[lang]
    if entry.get("kind") == "callback" and isinstance(entry.get("answer"), dict):  # recorded in English
        entry["answer"] = {**entry["answer"], "outcome": callbacks.shown_outcome(entry["answer"].get("outcome", ""))}
    return entry


def public_view(account) -> dict:
    """The account without its key: what every reply but the creation reply may show."""
    return {"id": account.id, "login": account.login, "endpointid": account.endpointid,
            "groupid": account.groupid, "base_url": base_url(), "callback_hosts": list(account.callback_hosts)}


def authorised(account_id: str):
    """The account named, when the request carries its token (Authorization: Bearer); else 401 / 404."""
    scheme, _space, token = request.headers.get("Authorization", "").partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise ApiError(401, "unauthorised", _("Send the account's token as the header Authorization: Bearer <token> "
                                              "(the creation reply's token)."))
    guesses.check()  # TOKEN_FAILURE_RATE
    account = None
    if len(account_id) <= 20 and len(token) <= 200:
        account = _sandbox().accounts.by_token(account_id, token.strip())
    if account is None:
        guesses.count_failure()
        raise ApiError(404, "unknown-account", _(UNKNOWN))
    return account


def _may_create() -> None:
    """SANDBOX_ACCOUNTS: open, closed (403), or token (the operator's creation token as a bearer header)."""
    mode = current_app.config["SANDBOX_ACCOUNTS"]
    if mode == "closed":
        raise ApiError(403, "accounts-closed", _("Creating sandbox accounts is closed on this server "
                                                 "(SANDBOX_ACCOUNTS=closed): ask the operator of this server."))
    if mode == "token":
        scheme, _space, given = request.headers.get("Authorization", "").partition(" ")
        if scheme.lower() != "bearer" or not given.strip():
            raise ApiError(401, "creation-token-needed", _(
                "Creating a sandbox account on this server needs the creation token (SANDBOX_ACCOUNTS=token): send "
                "it as the header Authorization: Bearer <token>; ask the operator of this server for it."))
        guesses.check()  # a creation token is guessed like an account's: TOKEN_FAILURE_RATE
        expected = current_app.config["SANDBOX_ACCOUNT_TOKEN"].encode()
        if not hmac.compare_digest(given.strip().encode("utf-8", "replace"), expected):
            guesses.count_failure()
            raise ApiError(403, "wrong-creation-token", _(
                "This is not the creation token of this server (SANDBOX_ACCOUNT_TOKEN): creating a sandbox account "
                "needs it as the header Authorization: Bearer <token>; ask the operator of this server for it."))


@bp.get("/inspector")
def page():
    limits = _sandbox().accounts.limits
    return render_template("inspector.html", limits=limits, days=current_app.config["SANDBOX_ACCOUNT_DAYS"],
                           creation=current_app.config["SANDBOX_ACCOUNTS"])


@api.post("")
@faces.csrf_exempt
def create():
    """A new sandbox account; JSON only, so a cross-site form cannot spend the caller's allowance."""
    _may_create()
    read_json()
    try:
        account, token = _sandbox().accounts.create(request.remote_addr or "unknown")
    except RateLimited as exc:
        rate = current_app.config["SANDBOX_ACCOUNT_RATE"]
        raise ApiError(429, "rate-limited", _("At most %(rate)s sandbox accounts per minute are created for one "
                                              "address (SANDBOX_ACCOUNT_RATE); try again in %(seconds)s s.",
                                              rate=rate, seconds=exc.retry_after)) from None
    base = base_url()
    return jsonify({**public_view(account), "merchant_control": account.merchant_control, "token": token,
                    "inspector_url": public.url("/inspector"), "snippets": snippets(account, base)}), 201


@api.get("/<account_id>/requests")
def requests_list(account_id):
    """The account's inspector: entries after `after` (an entry id), newest first."""
    account = authorised(account_id)
    after = request.args.get("after", "") or "0"
    if not (after.isascii() and after.isdigit() and len(after) <= 18):
        raise ApiError(400, "invalid", _("after must be a whole number: ASCII digits 0-9, at most 18 of them (the "
                                         "id of the newest entry already seen, 0 for all)."))
    entries, more = _sandbox().accounts.entries(account.id, int(after))
    return jsonify({"account": public_view(account), "entries": [in_language(e) for e in entries], "more": more})


@api.put("/<account_id>/callback-hosts")
@faces.csrf_exempt
def callback_hosts(account_id):
    """The hosts (host or host:port) the account's callbacks may go to: every address they resolve to must be
    public (or inside ACCOUNT_CALLBACK_NETWORKS), checked now and again at each delivery."""
    account = authorised(account_id)
    hosts = read_json().get("hosts")
    if not (isinstance(hosts, list) and len(hosts) <= MAX_HOSTS and all(isinstance(h, str) and 0 < len(h) <= 260
                                                                        for h in hosts)):
        raise ApiError(400, "invalid", _("hosts must be a list of at most %(max)s strings, each a host or "
                                         "host:port (merchant.example.com, 203.0.113.5:8443).", max=MAX_HOSTS))
    hosts = [h.strip() for h in hosts]
    try:
        current_app.extensions["callback_policy"].check_account_entries(hosts)
    except ValueError as exc:
        # never a card number typed there
        raise ApiError(400, "invalid", mask_text(_("hosts: %(problem)s", problem=exc))) from None
    _sandbox().accounts.set_callback_hosts(account.id, hosts)
    return jsonify({"callback_hosts": hosts})


@api.post("/<account_id>/requests/<int:entry_id>/resend")
@faces.csrf_exempt
def resend(account_id, entry_id):
    """Send one of the account's callbacks again (once); the attempt joins its inspector entry."""
    account = authorised(account_id)
    if entry_id > 2**62 or not _sandbox().resend(account, entry_id):
        raise ApiError(404, "unknown-callback", _("The account's inspector has no callback with id %(id)s.",
                                                  id=entry_id))
    return jsonify({"resent": entry_id}), 202


@api.put("/<account_id>/public-key")
@faces.csrf_exempt
def public_key(account_id):
    """The account's v4 public key (SPKI PEM, RSA of at least 2048 bits): its v4 requests sign with its login as
    oauth_consumer_key and verify with this key."""
    account = authorised(account_id)
    pem = read_json().get("public_key")
    if not (isinstance(pem, str) and 0 < len(pem) <= MAX_PEM):
        raise ApiError(400, "invalid", _("public_key must be a string of at most %(max)s characters: the SPKI PEM "
                                         "block (-----BEGIN PUBLIC KEY-----) of an RSA key of at least 2048 bits.",
                                         max=MAX_PEM))
    try:
        oauth.load_public_key(pem)
    except ValueError:
        raise ApiError(400, "invalid", _("public_key must be the SPKI PEM block (-----BEGIN PUBLIC KEY-----, as "
                                         "openssl rsa -pubout writes it) of an RSA key of at least 2048 bits.")
                       ) from None
    _sandbox().accounts.set_public_key(account.id, pem.strip() + "\n")
    return jsonify({"public_key": pem.strip() + "\n", "consumer_key": account.login})
