"""The catalog of known signing mistakes. Each one rebuilds, as a template with a slot for the key, the string
a buggy client would sign; the debugger reports those whose digest equals the control the customer sent. The
templates need no key: the page fills and hashes them itself, the server only when a script sends the key."""

import itertools
from dataclasses import dataclass, field, replace
from decimal import ROUND_DOWN, ROUND_HALF_EVEN, ROUND_HALF_UP
from urllib.parse import quote, quote_plus

from debugger import field_mistakes
from debugger.candidates import Candidate, matches, segments
from paynet import amounts
from paynet.i18n import _
from paynet.signing import KEY, MINOR_AMOUNT, TARGET, Part, Source, as_part
from paynet.wire import JAVA_TRIM


@dataclass
class Case:
    """What a hypothesis needs: the command's recipe, the values received, the ids (never the key)."""

    recipe: tuple[Part, ...]
    values: dict[str, str]
    target_kind: str
    target_id: str
    endpointid: str = ""  # the merchant's ids when support knows them (for the swapped-id mistakes)
    groupid: str = ""
    # What the merchant meant to charge ({"amount": "99.1", "currency": "EUR"}): a client may sign it unsent.
    meant: dict[str, str] = field(default_factory=dict)
    # The values that held a literal '+' in the body, read with the '+' kept: what a client that did not encode
    # its plus signs signed.
    plus_kept: dict[str, str] = field(default_factory=dict)

    def segments(self, recipe=None, values=None, target=None, **kw) -> tuple:
        return segments(recipe or self.recipe, values or self.values, self.target_id if target is None else target,
                        **kw)

    def expected(self) -> Candidate:
        return Candidate("expected", _("The documented recipe."), self.segments())


def _amount_part(case: Case) -> Part | None:
    return next((p for p in case.recipe if p.minor_units), None)


def amount_major_units(case):
    part = _amount_part(case)
    amount = case.values.get(part.name, "").strip(JAVA_TRIM) if part else ""
    if amount:
        yield Candidate("amount-major-units", _("The amount was signed as sent (%(amount)s) instead of in minor "
                        "units (cents).", amount=amount), case.segments(minor=lambda t: t.strip(JAVA_TRIM)))


def amount_float_truncation(case):
    part = _amount_part(case)
    amount = case.values.get(part.name, "").strip(JAVA_TRIM) if part else ""
    try:
        exact, truncated = amounts.to_minor(amount), str(int(float(amount) * 100))
    except (amounts.AmountError, ValueError):
        return
    if truncated != exact:
        yield Candidate("amount-float-truncation", _("Cents were computed with binary floats and truncated: "
                        "%(amount)s x 100 became %(truncated)s instead of %(exact)s (the Ruby library, (int) casts).",
                        amount=amount, truncated=truncated, exact=exact), case.segments(minor=lambda t: truncated))


def amount_zero_when_absent(case):
    part = _amount_part(case)
    if part and not case.values.get(part.name, "").strip(JAVA_TRIM):
        recipe = tuple(replace(p, when=None) if p is part else p for p in case.recipe)
        yield Candidate("amount-zero-when-absent", _("0 was signed for an amount that was not sent (the PHP "
                        "library's getAmountInCents); the docs leave an absent amount out of the string."),
                        case.segments(recipe, {**case.values, part.name: "0"}))


def amount_signed_not_sent(case):
    part = _amount_part(case)
    amount, currency = (case.meant.get(n, "").strip(JAVA_TRIM) for n in ("amount", "currency"))
    if not (part and amount) or case.values.get(part.name, "").strip(JAVA_TRIM):
        return
    try:
        minor = amounts.to_minor(amount)
    except amounts.AmountError:
        return
    names = {part.name: amount, "currency": case.values.get("currency", "").strip(JAVA_TRIM) or currency}
    recipe = tuple(replace(p, when=None) if p.name in names else p for p in case.recipe)
    meant = f"{amount} {currency}".strip()
    yield Candidate("amount-signed-not-sent", _("The amount the merchant meant (%(meant)s, signed as "
                    "'%(signed)s') was signed but not sent: without an amount in the body the "
                    "gateway leaves amount and currency out of the string. The official PHP library's capture does "
                    "exactly this. Send the amount and currency, or sign without them.", meant=meant,
                    signed=minor + names["currency"]),
                    case.segments(recipe, {**case.values, **names}))


def amount_more_decimals(case):
    part = _amount_part(case)
    text = case.values.get(part.name, "").strip(JAVA_TRIM) if part else ""
    value = amounts.read_decimals(text)
    if value is None or len(text.partition(".")[2]) <= 2:
        return
    if amounts.is_float_artifact(text):
        near = amounts.cents(value, ROUND_HALF_EVEN)
        yield Candidate("amount-float-artifact", _("The amount %(text)s is a binary float's full text (floats "
                        "added: 0.1 + 0.2 prints 0.30000000000000004). The client signed the cents it meant "
                        "(%(near)s) but sent the float as it prints: round the amount to 2 decimals before "
                        "sending it.", text=text, near=near), case.segments(minor=lambda t: near))
        return
    ways = [(how, amounts.cents(value, rounding)) for how, rounding in (
        (_("truncated"), ROUND_DOWN), (_("rounded half up"), ROUND_HALF_UP),
        (_("rounded half even"), ROUND_HALF_EVEN))]
    ways.append((_("truncated from its binary float"), str(int(float(text) * 100))))
    by_cents = {}
    for how, minor in ways:  # one candidate per result, naming every way that gives it
        by_cents.setdefault(minor, []).append(how)
    for minor, hows in by_cents.items():
        yield Candidate("amount-rounded", _("The amount %(text)s has more than 2 decimals; the client signed its "
                        "cents %(how)s (%(minor)s). The gateway's amounts have 2 decimals: send the "
                        "amount rounded as it was signed.", text=text, how=_either(hows), minor=minor),
                        case.segments(minor=lambda t, minor=minor: minor))


def _either(words: list[str]) -> str:
    return _(" or ").join(filter(None, (", ".join(words[:-1]), words[-1])))


def currency_eaten(case):
    eaten = case.values.get("¤cy", "").strip(JAVA_TRIM)
    if eaten and not case.values.get("currency", "").strip(JAVA_TRIM):
        yield Candidate("currency-eaten", _("The control is right for currency=%(eaten)s, but the body lost "
                        "'&currency=': an HTML page turned '&curren' into '¤' (the '¤cy=' lint), so the gateway "
                        "reads no currency. Type '&currency=' again.", eaten=eaten),
                        case.segments(values={**case.values, "currency": eaten}))


def amount_iso_exponent(case):
    part = _amount_part(case)
    amount = case.values.get(part.name, "").strip(JAVA_TRIM) if part else ""
    exponent = amounts.iso_exponent(case.values.get("currency", ""))
    if amount and exponent is not None and exponent != 2:
        try:
            iso = amounts.to_iso_minor(amount, exponent)
        except amounts.AmountError:
            return
        yield Candidate("amount-iso-exponent", _("Minor units were computed with the currency's ISO 4217 "
                        "exponent (%(exponent)s: %(amount)s -> %(iso)s) instead of x 100.", exponent=exponent,
                        amount=amount, iso=iso),
                        case.segments(minor=lambda t: iso))


def untrimmed_whitespace(case):
    if any(v != v.strip(JAVA_TRIM) for v in case.values.values()):
        yield Candidate("untrimmed-whitespace", _("A value was signed with its leading or trailing whitespace; "
                        "the gateway trims values before checking control."), case.segments(trim=False))


def url_encoded_values(case):
    for name, encode in ((_("percent-encoded"), lambda v: quote(v, safe="")),
                         (_("form-encoded ('+' for space)"), quote_plus)):
        values = {k: encode(v.strip(JAVA_TRIM)) for k, v in case.values.items()}
        if values != {k: v.strip(JAVA_TRIM) for k, v in case.values.items()}:
            yield Candidate("url-encoded-values", _("Values were signed %(how)s, as they appear in the body, "
                            "instead of decoded.", how=name), case.segments(values=values))


def unencoded_plus(case):
    if case.plus_kept:
        yield Candidate("unencoded-plus", _("A '+' in %(names)s was signed as a plus sign but sent unencoded: the "
                        "gateway decodes it as a space, so it checks another string. Encode a plus sign as %%2B.",
                        names=", ".join(case.plus_kept)), case.segments(values={**case.values, **case.plus_kept}))


def swapped_ids(case):
    if not any(p.source == Source.TARGET for p in case.recipe):
        return
    if case.target_kind == "endpoint" and case.groupid:
        yield Candidate("group-id-instead-of-endpoint", _("The group id (%(groupid)s) was signed, but the URL "
                        "targets end point %(target)s: sign the id that is in the URL.", groupid=case.groupid,
                        target=case.target_id),
                        case.segments(target=case.groupid))
    if case.target_kind == "group" and case.endpointid:
        yield Candidate("endpoint-instead-of-group", _("The end point id (%(endpointid)s) was signed, but the "
                        "URL targets group %(target)s: sign the id that is in the URL.", endpointid=case.endpointid,
                        target=case.target_id),
                        case.segments(target=case.endpointid))
    recipe = tuple(p for p in case.recipe if p.source != Source.TARGET)
    yield Candidate("missing-endpoint-id", _("The end point (or group) id was left out of the string; it comes "
                    "first for this command."), case.segments(recipe))


def wrong_order(case):
    # The key is one of the parts: a client may have put it anywhere. Strings equal to the right one (or
    # to another order) are dropped by explain's canonical form.
    message = _("The right parts were signed in another order: %(names)s.")  # once: hundreds of orders
    for order in itertools.permutations(case.recipe):
        names = " + ".join(as_part(p).name for p in order)
        yield Candidate("wrong-order", message % {"names": names}, case.segments(tuple(order)))


def legacy_rebill_recipe(case):
    if "cardrefid" in {p.name for p in case.recipe} and (case.endpointid or case.target_kind == "endpoint"):
        endpoint = case.endpointid or case.target_id
        recipe = (TARGET, "client_orderid", MINOR_AMOUNT, "cardrefid", KEY)
        yield Candidate("legacy-rebill-recipe", _("The pre-2015 make-rebill recipe of the official libraries was "
                        "used: ENDPOINTID + client_orderid + amount_minor + cardrefid (the Ruby port still does)."),
                        case.segments(recipe, target=endpoint))


def sale_recipe_for_return(case):
    first = as_part(case.recipe[0])
    if first.name != "login" or not (case.endpointid or case.target_kind == "endpoint"):
        return
    endpoint = case.endpointid or case.target_id
    for amount in ("", "0"):
        values = {**case.values, "amount": case.values.get("amount") or amount}
        recipe = (TARGET, "client_orderid", Part("amount", minor_units=bool(case.values.get("amount"))),
                  "email", KEY)
        yield Candidate("sale-recipe-for-return", _("The request was signed with the sale recipe (end point + "
                        "client_orderid + amount + email), as some plugins sign return; this command's recipe "
                        "starts with login."), case.segments(recipe, values, target=endpoint))


def _around_key(base: tuple, before: str, after: str) -> tuple:
    return tuple(x for s in base for x in ((before, None, after) if s is None else (s,)) if x != "")


def key_mistakes(case):
    base = case.segments()
    for before, after in (("", " "), (" ", ""), ("", "\n"), ("", "\r\n"), ("\t", "")):
        yield Candidate("key-whitespace", _("The key was signed with whitespace around it (copied with a "
                        "newline or a space)."), _around_key(base, before, after))
    yield Candidate("key-missing", _("The merchant control key was left out of the string."), base, key="left-out")


def wrong_algorithm(case):
    base = case.segments()
    yield Candidate("wrong-algorithm", _("SHA-256 was used instead of SHA-1."), base, algorithm="sha256")
    yield Candidate("wrong-algorithm", _("MD5 was used instead of SHA-1."), base, algorithm="md5")
    yield Candidate("wrong-algorithm", _("HMAC-SHA1 keyed with the merchant control key was used instead of plain "
                    "SHA-1 over the string with the key appended."), tuple(s for s in base if s is not None),
                    algorithm="hmac-sha1")


def uppercase_hex(case):
    yield Candidate("uppercase-hex", _("The signature is right but written in upper-case hex; send lower-case."),
                    case.segments(), hex="upper")


CATALOG = (uppercase_hex, amount_major_units, amount_float_truncation, amount_zero_when_absent,
           amount_signed_not_sent, amount_more_decimals, currency_eaten, amount_iso_exponent, untrimmed_whitespace,
           url_encoded_values, unencoded_plus, *field_mistakes.CATALOG, swapped_ids, wrong_order,
           legacy_rebill_recipe, sale_recipe_for_return, key_mistakes, wrong_algorithm)
IDS = ("amount-major-units", "amount-float-truncation", "amount-zero-when-absent", "amount-iso-exponent",
       "untrimmed-whitespace", "url-encoded-values", "group-id-instead-of-endpoint", "endpoint-instead-of-group",
       "missing-endpoint-id", "wrong-order", "legacy-rebill-recipe", "sale-recipe-for-return", "uppercase-hex",
       "key-whitespace", "key-missing", "wrong-algorithm", "amount-signed-not-sent", "amount-float-artifact",
       "amount-rounded", "currency-eaten", "unencoded-plus", *field_mistakes.IDS,
       "callback-formula-for-redirect", "redirect-formula-for-callback")  # the last two: debugger/callbacks.py


def candidates(case: Case) -> list[Candidate]:
    """Every hypothesis as a template, once per mistake and computation; none that computes the right string."""
    right, done, found = case.expected().canonical(), set(), []
    for hypothesis in CATALOG:
        for candidate in hypothesis(case):
            mark = (candidate.id, candidate.canonical())
            if mark[1] != right and mark not in done:
                done.add(mark)
                found.append(candidate)
    return found


def explain(found: list[Candidate], key: str, received: str) -> list[Candidate]:
    """The candidates whose digest, with the key filled in, equals the received control."""
    return [c for c in found if matches(c, key, received)]
