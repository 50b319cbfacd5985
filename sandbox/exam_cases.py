"""The callback-handler exam's cases: what each sends, what a sound handler does with it, and how what the handler
did is graded. Pure data and functions: sandbox/exam.py sends them and watches for the status request.

What the exam can see of a handler: its HTTP status, the start of its body, and whether the merchant asked the
sandbox for the order's status while the case ran. It cannot see the merchant's ledger: a handler that credits a
duplicate twice answers as one that does not, so the duplicate case can only warn when nothing was checked."""

import re
import secrets
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from debugger import callbacks
from outbound.fetch import Answer
from paynet.i18n import N_
from sandbox.rules import order_money
from store.records import ORDER_OFFSET

PASS, WARN, FAIL = "pass", "warn", "fail"
# A 2xx whose body reads as a refusal: the handler meant no, but the gateway hears yes.
REFUSAL_WORDS = re.compile(r"\b(error|invalid|fail(ed|ure)?|denied|forbidden|reject(ed)?|wrong|bad|unknown)\b", re.I)


@dataclass(frozen=True)
class Sent:
    """One case's request: GET with `pairs` in the query (a callback), or POST with them as a form body."""

    pairs: list
    method: str = "GET"
    orderid: str = ""  # the order the case names: a status request for it counts
    merchant_order: str = ""


@dataclass(frozen=True)
class Order:
    """What the exam knows of the order it plays with (the sandbox's record)."""

    orderid: str
    merchant_order: str
    amount: str
    currency: str
    type: str


EXPECTED = {
    "valid": N_("Accept it: answer 2xx; ask the sandbox for the order's status before crediting (amount and type are "
                "not signed)."),
    "duplicate": N_("The same callback again: answer 2xx again (the gateway resends until it gets one) and do not "
                    "credit twice."),
    "out-of-order": N_("declined after approved: a final status does not change; keep approved (ask status to be "
                       "sure) and answer 2xx."),
    "bad-control": N_("A wrong control: refuse it (answer 4xx) and change nothing."),
    "tampered-amount": N_("A valid control with another amount and currency: the control does not cover them; ask "
                          "status or compare with your order before crediting."),
    "unknown-order": N_("An order you never created, validly signed: refuse it (4xx) or ignore it; never credit it."),
    "unknown-type": N_("A transaction type you do not know: do not book it as a sale; ask status, or refuse it."),
    "redirect-formula": N_("The final redirect's fields and formula (client_orderid, no merchant_order) sent as a "
                           "callback: a payer sees those in the browser; refuse it as a callback."),
    "wrong-method": N_("The callback POSTed as a form: the gateway calls back with GET only; refuse it (405)."),
}
CASES = tuple(EXPECTED)

# Why a case got its grade (stored as these English texts, read back in the reader's language).
NO_ANSWER = N_("no answer came: the gateway would send it again and again")
REDIRECT = N_("answered a redirect: the gateway does not follow redirects and counts it as not received")
NOT_ACCEPTED = N_("not answered with 2xx: the gateway would send it again for days")
ACCEPTED_ASKED = N_("accepted, and the order's status was asked before trusting it")
ACCEPTED_UNASKED = N_("accepted without asking the order's status: amount and type are not signed")
DUPLICATE_UNASKED = N_("accepted again without asking status: make sure your ledger shows one credit, not two")
ASKED = N_("the order's status was asked: the handler learnt the truth from the sandbox")
OVERWRITE = N_("accepted without asking status: a late declined may have overwritten approved")
REFUSED = N_("refused, as it should be")
REFUSAL_BODY = N_("a 2xx whose body reads as a refusal: a 2xx tells the sender it was accepted")
FORGED = N_("accepted although it is not a valid callback: anyone could change an order's state this way")
TRUSTED_AMOUNT = N_("accepted a changed amount without asking status: the control does not cover the amount")
UNKNOWN_ACCEPTED = N_("accepted a callback for an order that does not exist")
TYPE_UNASKED = N_("accepted a type it may not know without asking status: make sure it was not booked as a sale")
FORMULA_ASKED = N_("accepted the final redirect's formula as a callback; it asked status, so nothing false was trusted")
METHOD_ACCEPTED = N_("accepted a POST at the callback URL: the gateway calls back with GET only")
REASONS = (NO_ANSWER, REDIRECT, NOT_ACCEPTED, ACCEPTED_ASKED, ACCEPTED_UNASKED, DUPLICATE_UNASKED, ASKED, OVERWRITE,
           REFUSED, REFUSAL_BODY, FORGED, TRUSTED_AMOUNT, UNKNOWN_ACCEPTED, TYPE_UNASKED, FORMULA_ASKED,
           METHOD_ACCEPTED)


def requests_for(order: Order, key: str) -> dict[str, Sent]:
    """Each case's request for `order`, signed with the account's `key` (the bad-control case excepted)."""
    def callback(status=None, amount=None, currency=None, type_=None, orderid=None, merchant_order=None):
        money = order_money(amount or order.amount, currency or order.currency)
        return callbacks.params("callback", status or "approved", orderid or order.orderid,
                                merchant_order or order.merchant_order, key, [*money, ("type", type_ or order.type)])

    valid = callback()
    bad = [(k, "0" * 40 if k == "control" else v) for k, v in valid]
    other_currency = "EUR" if order.currency != "EUR" else "USD"
    unknown_id, unknown_merchant = str(ORDER_OFFSET - 1 - secrets.randbelow(1_000_000)), f"exam-{secrets.token_hex(4)}"
    redirect = [(k, v) for k, v in callbacks.params(
        "redirect", "approved", order.orderid, order.merchant_order, key, []) if k != "merchant_order"]
    mine = {"orderid": order.orderid, "merchant_order": order.merchant_order}
    return {
        "valid": Sent(valid, **mine),
        "duplicate": Sent(valid, **mine),
        "out-of-order": Sent(callback(status="declined"), **mine),
        "bad-control": Sent(bad, **mine),
        "tampered-amount": Sent(callback(amount=tampered(order.amount), currency=other_currency), **mine),
        "unknown-order": Sent(callback(orderid=unknown_id, merchant_order=unknown_merchant), orderid=unknown_id,
                              merchant_order=unknown_merchant),
        "unknown-type": Sent(callback(type_="exam-unknown-type"), **mine),
        "redirect-formula": Sent(redirect, **mine),
        "wrong-method": Sent(valid, "POST", **mine),
    }


def tampered(amount: str) -> str:
    """Ten times the amount (at least 100.00): what a forged "you were paid more" callback would say."""
    try:
        value = max(Decimal(amount or "0") * 10, Decimal(100))
    except InvalidOperation:
        value = Decimal(100)
    return str(value.quantize(Decimal("0.01")))


def grade(case: str, answer: Answer, asked: bool) -> tuple[str, str]:
    """(pass/warn/fail, why) for what the handler answered and whether the order's status was asked."""
    ok, answered = answer.accepted, answer.status is not None
    redirect = answered and 300 <= answer.status < 400
    refusal_body = ok and bool(REFUSAL_WORDS.search(answer.body))
    if case in ("valid", "duplicate"):
        if not answered:
            return FAIL, NO_ANSWER
        if not ok:
            return FAIL, REDIRECT if redirect else NOT_ACCEPTED
        return (PASS, ACCEPTED_ASKED) if asked else (WARN, ACCEPTED_UNASKED if case == "valid" else DUPLICATE_UNASKED)
    if case in ("out-of-order", "tampered-amount", "unknown-type") and asked:
        return PASS, ASKED
    if not answered:
        return WARN, NO_ANSWER
    if not ok:
        if case == "out-of-order":
            return WARN, REDIRECT if redirect else NOT_ACCEPTED
        return PASS, REFUSED
    if refusal_body and case in ("bad-control", "unknown-order", "redirect-formula", "wrong-method"):
        return WARN, REFUSAL_BODY
    return {"out-of-order": (FAIL, OVERWRITE), "bad-control": (FAIL, FORGED), "tampered-amount": (FAIL, TRUSTED_AMOUNT),
            "unknown-order": (WARN if asked else FAIL, UNKNOWN_ACCEPTED), "unknown-type": (WARN, TYPE_UNASKED),
            "redirect-formula": (WARN, FORMULA_ASKED) if asked else (FAIL, FORGED),
            "wrong-method": (WARN, METHOD_ACCEPTED)}[case]


def needs_status(case: str, answer: Answer) -> bool:
    """Whether asking status could still change the grade: only then does the case wait for the window."""
    return grade(case, answer, True)[0] != grade(case, answer, False)[0]
