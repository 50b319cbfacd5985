"""The debugger's request handling shared by the page and the JSON API (no routes here)."""

from flask import current_app
from flask_babel import format_decimal
from flask_babel import gettext as _

from debugger import diagnose, fingerprints, paste
from paynet import amounts, fingerprint
from paynet.masking import mask_text
from paynet.wire import utf8_problem

MAX_PASTE = 64 * 1024  # characters: a request is a few KiB; more is a whole log or a page
MAX_PARAMETERS = 500  # the widest command has about 60; every hypothesis is tried on each


class DebugError(Exception):
    def __init__(self, status: int, kind: str, message: str, **extra):
        super().__init__(message)
        self.status, self.kind, self.message, self.extra = status, kind, message, extra


def run(raw, key="", command=None, endpointid="", groupid="", reveal=False, amount="", currency="") -> dict:
    """Paste -> result dict; DebugError for unreadable input or an ambiguous command.
    amount, currency: what the merchant meant to charge (optional; tests amount-signed-not-sent)."""
    check_meant(amount, currency)
    if not isinstance(raw, str) or not raw.strip():
        raise DebugError(400, "unparseable", _("Paste a request: raw HTTP, a curl command, a URL or a body."))
    if len(raw) > MAX_PASTE:
        raise DebugError(413, "too-large", _("The paste is %(size)s characters long; the debugger reads at most "
                                             "%(limit)s (64 KiB). Paste only the request.",
                                             size=format_decimal(len(raw)), limit=format_decimal(MAX_PASTE)))
    if utf8_problem("raw", raw):
        raise DebugError(400, "invalid", utf8_problem("raw", raw))
    pasted = paste.parse(raw)
    if "/api/v4/" in pasted.path or "RSA-SHA256" in (pasted.header("Authorization") or ""):
        raise DebugError(422, "v4-request", _("This is a v4 request (signed with OAuth 1.0a RSA-SHA256, not with a "
                                              "SHA-1 control): check it with the v4 signature debugger at "
                                              "/debug/v4, with the merchant's public key."))
    if len(pasted.pairs) > MAX_PARAMETERS:
        raise DebugError(413, "too-many-parameters", _("The paste has %(count)s parameters; the debugger reads at "
                                                       "most %(limit)s. Paste only the request.",
                                                       count=format_decimal(len(pasted.pairs)), limit=MAX_PARAMETERS))
    if not pasted.pairs:
        raise DebugError(400, "unparseable", mask_text(" ".join(pasted.problems), (key,)) or
                         _("No request parameters found in the paste."))
    specs = current_app.extensions["specs"]
    try:
        detected = diagnose.detect(pasted, specs, command or None, key or "")
    except diagnose.Ambiguous as exc:
        raise DebugError(422, "ambiguous-command", _("These parameters fit several commands; choose one: "
                                                     "%(names)s.", names=", ".join(exc.candidates)),
                         candidates=exc.candidates) from None
    except diagnose.UnknownCommand as exc:
        raise DebugError(422, "unknown-command", _(
            "This tool does not know the command %(name)r that the URL posts to, so it has no recipe to check the "
            "control with. Closest known commands: %(names)s. If the request is one of them, choose it and check "
            "again.", name=exc.name, names=", ".join(exc.candidates)), candidates=exc.candidates) from None
    except diagnose.Unreadable as exc:
        raise DebugError(400, "unparseable", mask_text(str(exc), (key,))) from None
    sandbox = current_app.extensions["sandbox"]
    if detected.target.id in (sandbox.demo.endpointid, sandbox.demo.groupid):  # the sandbox's own ids are known
        endpointid, groupid = endpointid or sandbox.demo.endpointid, groupid or sandbox.demo.groupid
    if not amount.strip() and detected.target.id and _sends_no_amount(detected.spec, pasted.fields):
        known = sandbox.order_context(detected.target.id, pasted.fields)
        if known.get("amount"):  # the order's own amount: what a client signing an unsent amount signs
            amount, currency = known["amount"], currency or known["currency"]
            detected.notes.append(_("The request sends no amount; the built-in sandbox holds its order, of "
                                    "%(amount)s %(currency)s, so the debugger also tried whether the client signed "
                                    "that.", amount=amount, currency=known["currency"]))
    diagnosis = diagnose.diagnose(pasted, detected, key or "", endpointid or "", groupid or "", amount, currency)
    return diagnosis.to_dict(reveal, (key, key.strip()))


def _sends_no_amount(spec, fields: dict) -> bool:
    part = next((p for p in spec.parts if p.minor_units), None)
    return part is not None and not fields.get(part.name, "").strip()


def check_meant(amount: str, currency: str) -> None:
    """The amount the merchant meant is read like the builder's: at most 2 decimals; a currency is 3 letters."""
    if amount.strip():
        try:
            amounts.parse_amount(amount, 10)
        except amounts.AmountError as exc:
            raise DebugError(400, "invalid", _("amount (the amount the merchant meant) %(problem)s.",
                                               problem=exc)) from None
    if currency.strip() and not (currency.strip().isascii() and currency.strip().isalpha()
                                 and len(currency.strip()) == 3):
        raise DebugError(400, "invalid", _("currency (the currency the merchant meant) must be 3 letters A-Z, "
                                           "an ISO 4217 code such as USD."))


def masked_paste(raw: str, key: str = "") -> str:
    """The paste as the page may show it again: the key (typed or pasted) and card data masked."""
    return mask_text(raw, (key, key.strip()))


def read_fingerprint(value) -> str:
    """The merchant's key fingerprint (optional), lower case; a DebugError names the field and the rule."""
    try:
        return fingerprint.read(value)
    except ValueError as exc:
        raise DebugError(400, "invalid", str(exc)) from None


def shown_fingerprint(value: str) -> str:
    """The fingerprint typed, to show again: only a valid one (a key typed in its place is never echoed)."""
    try:
        return fingerprint.read(value)
    except ValueError:
        return ""


def fingerprint_check(key: str, merchant: str) -> dict:
    """Appended to a result: whether `key` is the merchant's (debugger/fingerprints.py); {} without one."""
    check = fingerprints.compare(key, merchant)
    return {"fingerprint": check} if check else {}
