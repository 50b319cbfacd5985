"""Callbacks: the tool's private inboxes (/callbacks/inbox/<token>, one per browser), the verifier page and
their JSON API, and the relay to a merchant's localhost: /relay.py and the route its reports come back to."""

from pathlib import Path

from flask import current_app, jsonify, render_template, request, send_file
from flask_babel import gettext as _

from debugger import callbacks, fingerprints
from paynet import fingerprint
from paynet.i18n import N_
from paynet.masking import mask_text
from paynet.wire import utf8_problem
from store.store import RateLimited
from web import faces, guesses, public
from web.api import ApiError, read_json
from web.sandbox import INBOX_PATH

bp = faces.blueprint("callbacks", __name__, faces.PAGE)
api = faces.blueprint("callbacks_api", __name__, faces.JSON, url_prefix="/api")
inboxes = faces.blueprint("inbox", __name__, faces.TEXT, url_prefix=INBOX_PATH)
script = faces.blueprint("relay_script", __name__, faces.TEXT)  # a file, not a page
# A real file (linted and tested like the rest), outside static/ so that it has one URL: /relay.py.
RELAY_SCRIPT = Path(__file__).parent / "relay_client" / "relay.py"
REPORT_BYTES = 8 * 1024  # of JSON: {"status", "body"}, where relay.py sends at most 512 bytes of body
TEXT = {"Content-Type": faces.TEXT_TYPE}
GONE = N_("The shared inbox /callbacks/inbox is gone: every browser now has a private inbox, "
        "/callbacks/inbox/<token>. Open /callbacks to see yours, or issue one with POST /api/inboxes.\n")
KEPT_TEXT = 256 * 1024  # characters masked and handed to the store, which keeps INBOX_BODY_LIMIT bytes
KEPT_HEADERS, KEPT_HEADER = 50, 1024
NO_ENTRY = N_("No such entry in this inbox: it may have been dropped (an inbox keeps its latest entries for 24 "
             "hours).")
UNKNOWN = N_("No inbox with this token: it may have been dropped after 24 hours idle. "
           "Open /callbacks for a new one.\n")


def _store():
    return current_app.extensions["sandbox"].store


def inbox_url(token: str) -> str:
    """The URL a gateway (or a payer's browser) reaches this inbox at."""
    return public.url(f"{INBOX_PATH}/{token}")


@inboxes.route("", methods=["GET", "POST"])
@faces.csrf_exempt  # gateways (and payers' browsers) post callbacks and final redirects here
def inbox():
    """The old shared inbox: gone, and the answer names its replacement."""
    return _(GONE), 410, TEXT


@inboxes.route("/<token>", methods=["GET", "POST"])
@faces.csrf_exempt
def private_inbox(token):
    """Receive a callback (GET) or a final redirect (POST), keep it for its owner, answer 200 OK."""
    if seconds := guesses.wait():  # TOKEN_FAILURE_RATE
        return guesses.text_reply(seconds)
    if not callbacks.INBOX_TOKEN.fullmatch(token):
        return _unknown()
    # Card data or a key a sender got wrong is never stored; the store cuts what is kept to its limits.
    target = mask_text(request.full_path.rstrip("?")[:KEPT_TEXT])
    headers = [(k[:KEPT_HEADER], mask_text(v[:KEPT_HEADER])) for k, v in list(request.headers.items())[:KEPT_HEADERS]]
    body = request.get_data(as_text=True)
    if _store().receive(token, request.method, target, headers, mask_text(body[:KEPT_TEXT])) is None:
        return _unknown()
    if request.method == "POST" and _a_persons_browser():
        # The payer's final redirect: the merchant's landing page, played by the tool (kept above like any entry).
        returned = current_app.extensions["sandbox"].pages.returned(request.form.to_dict())
        return render_template("landing.html", returned=returned, token=token)
    return "OK\n", 200, TEXT


def _a_persons_browser() -> bool:
    """A navigation (a form a person's browser submits), not a server's callback or a script's request."""
    if request.headers.get("Sec-Fetch-Mode"):
        return request.headers.get("Sec-Fetch-Mode") == "navigate"
    return request.accept_mimetypes.best_match(["text/plain", "text/html"]) == "text/html" and \
        request.accept_mimetypes["text/html"] > request.accept_mimetypes["text/plain"]


def _unknown():
    seconds = guesses.failed()
    return guesses.text_reply(seconds) if seconds else (_(UNKNOWN), 404, TEXT)


@api.post("/inboxes")
@faces.csrf_exempt  # JSON only, like the API
def issue():
    """A new private inbox; JSON only, so a cross-site form cannot spend the caller's allowance."""
    read_json()
    try:
        token = _store().issue_inbox(request.remote_addr or "unknown")
    except RateLimited as exc:
        rate = current_app.config["INBOX_RATE"]
        raise ApiError(429, "rate-limited", _("At most %(rate)s inboxes per minute are issued to one address "
                                              "(INBOX_RATE); try again in %(seconds)s s.", rate=rate,
                                              seconds=exc.retry_after)) from None
    return jsonify({"token": token, "url": inbox_url(token)}), 201


@bp.get("/callbacks")
def page():
    return render_template("callbacks.html", limits=current_app.extensions["sandbox"].store.limits)


@api.get("/callbacks")
def received():
    """One inbox: what it received after entry `after` (oldest first), the sandbox's deliveries to it, and the
    relay reports made after report `relays_after` (made when relay.py replays an entry, often after it was
    listed)."""
    token = request.args.get("token", "")
    if not token:
        raise ApiError(400, "invalid", _("token is required: the inbox's token (issue one with POST /api/inboxes)."))
    after = request.args.get("after", "") or "0"
    if not _whole(after):
        raise ApiError(400, "invalid", _("after must be a whole number: ASCII digits 0-9, at most 18 of them (the "
                                         "id of the last entry already seen, 0 for all)."))
    relays_after = request.args.get("relays_after", "") or "0"
    if not _whole(relays_after):
        raise ApiError(400, "invalid", _("relays_after must be a whole number: ASCII digits 0-9, at most 18 of them "
                                         "(the serial of the last relay report already seen, 0 for all)."))
    _known(token)
    entries, more = _store().inbox_entries(token, int(after))
    deliveries = [d.to_dict() | {"outcome": callbacks.shown_outcome(d.outcome)}
                  for d in _store().inbox_deliveries(token)]
    return jsonify({"received": entries, "more": more, "deliveries": deliveries,
                    "relays": _store().relays(token, int(relays_after))})


def _whole(text: str) -> bool:
    return text.isascii() and text.isdigit() and len(text) <= 18


def _known(token: str) -> None:
    """A JSON route's token check: 404 unknown-inbox, counted against the address (TOKEN_FAILURE_RATE)."""
    guesses.check()
    if not callbacks.INBOX_TOKEN.fullmatch(token) or not _store().inbox_known(token):
        guesses.count_failure()
        raise ApiError(404, "unknown-inbox", _(UNKNOWN).strip())


@script.get("/relay.py")
def relay_script():
    """relay.py, shown as text (read it before running it) and saved under its own name."""
    return send_file(RELAY_SCRIPT, mimetype="text/plain", download_name="relay.py", max_age=0)


@api.post("/inboxes/<token>/entries/<entry_id>/relayed")
@faces.csrf_exempt  # JSON only; the token in the path is the credential, as in the inbox's own URL (logs cut it)
def relayed(token, entry_id):
    """relay.py's report: what the merchant's local handler answered when an entry was replayed there."""
    if len(request.get_data(cache=True)) > REPORT_BYTES:  # (MAX_CONTENT_LENGTH bounds what is read)
        raise ApiError(413, "too-large", _("A relay report is at most %(limit)s bytes of JSON: {\"status\": the local "
                                           "handler's HTTP status, \"body\": its body, cut}.", limit=REPORT_BYTES))
    _known(token)
    if not _whole(entry_id):
        raise ApiError(404, "unknown-entry", _(NO_ENTRY))
    data = read_json()
    status, body = data.get("status"), data.get("body")
    if unknown := sorted(set(data) - {"status", "body"}):
        raise ApiError(400, "invalid", _("Unknown field(s): %(names)s; a relay report is {\"status\", \"body\"}.",
                                         names=", ".join(unknown)[:200]))
    if status is not None and (type(status) is not int or not 100 <= status <= 599):
        raise ApiError(400, "invalid", _("status must be the local handler's HTTP status, a whole number from 100 to "
                                         "599, or null when it gave no answer."))
    if not isinstance(body, str):
        raise ApiError(400, "invalid", _("body must be a string: the local handler's body (or, with status null, why "
                                         "there was no answer)."))
    if problem := utf8_problem("body", body):
        raise ApiError(400, "invalid", problem)
    report = _store().relay_report(token, int(entry_id), status, mask_text(body))  # card data a handler echoed
    if report is None:
        raise ApiError(404, "unknown-entry", _(NO_ENTRY))
    return jsonify({"relayed": report})


@api.post("/callback/verify")
@faces.csrf_exempt
def verify():
    data = read_json()
    kind = data.get("kind")
    if kind not in (None, "callback", "redirect"):
        raise ApiError(400, "invalid", _('kind must be "callback" or "redirect" (or left out to try both).'))
    key = data.get("merchant_control") or ""
    if not isinstance(key, str):
        raise ApiError(400, "invalid", _("%(name)s must be a string.", name="merchant_control"))
    for name, value in (("raw", data.get("raw")), ("merchant_control", key)):
        if isinstance(value, str) and utf8_problem(name, value):
            raise ApiError(400, "invalid", utf8_problem(name, value))
    merchant = _fingerprint(data.get("fingerprint"))
    try:
        result = callbacks.verify(data.get("raw"), key, kind, data.get("reveal") is True)
    except ValueError as exc:
        raise ApiError(400, "unparseable", str(exc)) from None
    check = fingerprints.compare(key, merchant)  # whether the key checked with is the merchant's
    return jsonify(result | ({"fingerprint": check} if check else {}))


def _fingerprint(value) -> str:
    try:
        return fingerprint.read(value)
    except ValueError as exc:
        raise ApiError(400, "invalid", str(exc)) from None
