"""The merchant's side tested: callbacks on demand (an account's order, or a demo order to the tab's own inbox) and the
callback-handler exam (sandbox/exam.py). JSON only, with the account's token as `Authorization: Bearer` or, for a
demo order, the inbox's token in the body: a cross-site form can send neither."""

import re

from flask import current_app, jsonify
from flask_babel import gettext as _

from paynet.amounts import AmountError, parse_amount
from paynet.masking import mask_text
from sandbox.exam import Busy, ExamLimits, ExamRefused, Exams
from store.store import RateLimited
from web import faces, public
from web.api import ApiError, read_json
from web.inspector import authorised

api = faces.blueprint("exams_api", __name__, faces.JSON, url_prefix="/api/sandbox")
STATUSES = ("approved", "declined", "filtered", "error", "processing")
TYPE = re.compile(r"[a-z0-9_-]{1,32}")
CURRENCY = re.compile(r"[A-Z]{3}")
INBOX_PATH = "/callbacks/inbox"


def create(app, sandbox) -> Exams:
    config = app.config
    return Exams(sandbox, ExamLimits(window=config["EXAM_STATUS_WINDOW"], timeout=config["EXAM_TIMEOUT"],
                                     rate=config["EXAM_RATE"], workers=config["EXAM_WORKERS"]))


def _sandbox():
    return current_app.extensions["sandbox"]


def _text(body: dict, name: str, limit: int) -> str:
    value = body.get(name, "")
    if value is None:
        return ""
    if not isinstance(value, str) or len(value) > limit:
        raise ApiError(400, "invalid", _("%(field)s must be a string of at most %(limit)s characters.", field=name,
                                         limit=limit))
    return value.strip()


def _order(account, orderid: str):
    order = _sandbox().account_order(account, orderid)
    if order is None:
        raise ApiError(404, "unknown-order", _("orderid: this account has no order %(orderid)s (orders are kept 24 "
                                               "hours; a demo order is the demo account's).", orderid=orderid[:32]))
    return order


def _overrides(body: dict) -> dict:
    """status, type, amount and currency the user picked (each optional: the order's own when left out)."""
    status, type_ = _text(body, "status", 16), _text(body, "type", 32)
    amount, currency = _text(body, "amount", 32), _text(body, "currency", 3)
    if status and status not in STATUSES:
        raise ApiError(400, "invalid", _("status must be one of %(statuses)s.", statuses=", ".join(STATUSES)))
    if type_ and not TYPE.fullmatch(type_):
        raise ApiError(400, "invalid", _("type must be 1 to 32 lower-case letters, digits, '-' or '_' (sale, "
                                         "reversal, capture, ...)."))
    if amount:
        try:
            amount = str(parse_amount(amount, 10))  # the gateway's amount: at most 10 characters
        except AmountError as exc:
            raise ApiError(400, "invalid", mask_text(_("amount: %(problem)s", problem=exc))) from None
    if currency and not CURRENCY.fullmatch(currency):
        raise ApiError(400, "invalid", _("currency must be three capital letters (ISO 4217: USD, EUR)."))
    return {"status": status, "type_": type_, "amount": amount, "currency": currency}


@api.post("/accounts/<account_id>/orders/<orderid>/callbacks")
@faces.csrf_exempt
def account_callback(account_id, orderid):
    """A signed callback for one of the account's orders, sent once now: to `url` (the account's callback hosts or
    CALLBACK_HOSTS decide) or to the order's own callback URL. The attempt and the answer join the inspector."""
    account = authorised(account_id)
    body = read_json()
    order = _order(account, orderid)
    url = _text(body, "url", 2048) or order.callback_url or order.notify_url
    if not url:
        raise ApiError(400, "invalid", _("url: the order has no server_callback_url or notify_url; give the URL to "
                                         "call back."))
    pairs = _sandbox().callbacks.on_demand(account, order, url, **_overrides(body))
    return jsonify({"orderid": orderid, "url": url, "params": dict(pairs),
                    "inspector_url": public.url("/inspector")}), 202


@api.post("/demo/orders/<orderid>/callbacks")
@faces.csrf_exempt
def demo_callback(orderid):
    """A callback for a demo order, to the inbox whose token is given (the tab's own): the demo account is shared, so
    its callbacks on demand go nowhere else."""
    body = read_json()
    token = _text(body, "inbox", 64)
    store = _sandbox().store
    if not (re.fullmatch(r"[A-Za-z0-9_-]{32}", token) and store.inbox_known(token)):
        raise ApiError(404, "unknown-inbox", _("inbox: no inbox with this token (the /callbacks page shows this tab's "
                                               "inbox; inboxes idle 24 hours are dropped)."))
    demo = _sandbox().demo
    order = _order(demo, orderid)
    url = public.url(f"{INBOX_PATH}/{token}")
    pairs = _sandbox().callbacks.on_demand(demo, order, url, **_overrides(body))
    return jsonify({"orderid": orderid, "url": url, "params": dict(pairs)}), 202


@api.post("/accounts/<account_id>/exams")
@faces.csrf_exempt
def start_exam(account_id):
    """Start the callback-handler exam against `url` for the account's approved order `orderid`."""
    account = authorised(account_id)
    body = read_json()
    url, orderid = _text(body, "url", 2048), _text(body, "orderid", 20)
    if not url or not orderid:
        raise ApiError(400, "invalid", _("Send url (the merchant's callback URL) and orderid (an approved order of "
                                         "this account) as JSON strings."))
    exams = current_app.extensions["exams"]
    try:
        exam_id = exams.start(account, url, orderid)
    except ExamRefused as exc:
        raise ApiError(400, "invalid", mask_text(str(exc))) from None
    except Busy as exc:
        raise ApiError(503, "busy", str(exc), {"Retry-After": "60"}) from None
    except RateLimited as exc:
        raise ApiError(429, "rate-limited", _("At most %(rate)s exams per account per hour (EXAM_RATE); try again in "
                                              "%(seconds)s s.", rate=exams.limits.rate, seconds=exc.retry_after),
                       {"Retry-After": str(exc.retry_after)}) from None
    return jsonify({"exam_id": exam_id,
                    "report_url": public.url(f"/api/sandbox/accounts/{account.id}/exams/{exam_id}")}), 202


@api.get("/accounts/<account_id>/exams/<int:exam_id>")
def exam_report(account_id, exam_id):
    account = authorised(account_id)
    report = current_app.extensions["exams"].report(account, exam_id) if exam_id < 2**62 else None
    if report is None:
        raise ApiError(404, "unknown-exam", _("This account has no exam with id %(id)s.", id=exam_id))
    return jsonify(report)
