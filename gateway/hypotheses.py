"""The catalog of known signing mistakes. Each one rebuilds the string the way a buggy client
would; the debugger reports those whose digest equals the control the customer sent."""

import hashlib
import hmac
import itertools
from dataclasses import dataclass
from urllib.parse import quote, quote_plus

from . import amounts
from .signing import KEY, MINOR_AMOUNT, TARGET, Part, as_part, sha1_hex, trace
from .wire import JAVA_TRIM

SALE_RECIPE = (TARGET, "client_orderid", MINOR_AMOUNT, "email", KEY)


@dataclass
class Case:
    """What a hypothesis needs: the command's recipe, the values received, the ids, the key."""

    recipe: tuple[Part, ...]
    values: dict[str, str]
    target_kind: str
    target_id: str
    key: str
    endpointid: str = ""  # the merchant's ids when support knows them (for the swapped-id mistakes)
    groupid: str = ""

    def string(self, recipe=None, values=None, target=None, key=None, **kw) -> str:
        return trace(recipe or self.recipe, values or self.values, self.target_id if target is None else target,
                     self.key if key is None else key, **kw).string_to_sign


@dataclass
class Attempt:
    id: str
    message: str
    string_to_sign: str
    digest: str


def _sha1(hid: str, message: str, string: str) -> Attempt:
    return Attempt(hid, message, string, sha1_hex(string))


def _amount_part(case: Case) -> Part | None:
    return next((p for p in case.recipe if p.minor_units), None)


def amount_major_units(case):
    part = _amount_part(case)
    amount = case.values.get(part.name, "").strip(JAVA_TRIM) if part else ""
    if amount:
        yield _sha1("amount-major-units", f"The amount was signed as sent ({amount}) instead of in minor "
                    f"units (cents).", case.string(minor=lambda t: t.strip(JAVA_TRIM)))


def amount_float_truncation(case):
    part = _amount_part(case)
    amount = case.values.get(part.name, "").strip(JAVA_TRIM) if part else ""
    try:
        exact, truncated = amounts.to_minor(amount), str(int(float(amount) * 100))
    except (amounts.AmountError, ValueError):
        return
    if truncated != exact:
        yield _sha1("amount-float-truncation", f"Cents were computed with binary floats and truncated: "
                    f"{amount} x 100 became {truncated} instead of {exact} (the Ruby library, (int) casts).",
                    case.string(minor=lambda t: truncated))


def amount_zero_when_absent(case):
    part = _amount_part(case)
    if part and not case.values.get(part.name, "").strip(JAVA_TRIM):
        recipe = tuple(Part(p.name, p.source, p.minor_units) if p is part else p for p in case.recipe)
        yield _sha1("amount-zero-when-absent", "0 was signed for an amount that was not sent (the PHP "
                    "library's getAmountInCents); the docs leave an absent amount out of the string.",
                    case.string(recipe, {**case.values, part.name: "0"}))


def amount_iso_exponent(case):
    part = _amount_part(case)
    amount = case.values.get(part.name, "").strip(JAVA_TRIM) if part else ""
    exponent = amounts.iso_exponent(case.values.get("currency", ""))
    if amount and exponent is not None and exponent != 2:
        try:
            iso = amounts.to_iso_minor(amount, exponent)
        except amounts.AmountError:
            return
        yield _sha1("amount-iso-exponent", f"Minor units were computed with the currency's ISO 4217 "
                    f"exponent ({exponent}: {amount} -> {iso}) instead of x 100.", case.string(minor=lambda t: iso))


def untrimmed_whitespace(case):
    if any(v != v.strip(JAVA_TRIM) for v in case.values.values()):
        yield _sha1("untrimmed-whitespace", "A value was signed with its leading or trailing whitespace; "
                    "the gateway trims values before checking control.", case.string(trim=False))


def url_encoded_values(case):
    for name, encode in (("percent-encoded", lambda v: quote(v, safe="")), ("form-encoded ('+' for space)",
                                                                            quote_plus)):
        values = {k: encode(v.strip(JAVA_TRIM)) for k, v in case.values.items()}
        if values != {k: v.strip(JAVA_TRIM) for k, v in case.values.items()}:
            yield _sha1("url-encoded-values", f"Values were signed {name}, as they appear in the body, "
                        "instead of decoded.", case.string(values=values))


def swapped_ids(case):
    if not any(p.source == "target" for p in case.recipe):
        return
    if case.target_kind == "endpoint" and case.groupid:
        yield _sha1("group-id-instead-of-endpoint", f"The group id ({case.groupid}) was signed, but the URL "
                    f"targets end point {case.target_id}: sign the id that is in the URL.",
                    case.string(target=case.groupid))
    if case.target_kind == "group" and case.endpointid:
        yield _sha1("endpoint-instead-of-group", f"The end point id ({case.endpointid}) was signed, but the "
                    f"URL targets group {case.target_id}: sign the id that is in the URL.",
                    case.string(target=case.endpointid))
    recipe = tuple(p for p in case.recipe if p.source != "target")
    yield _sha1("missing-endpoint-id", "The end point (or group) id was left out of the string; it comes "
                "first for this command.", case.string(recipe))


def wrong_order(case):
    parts = [p for p in case.recipe]
    seen = {case.string()}
    for order in itertools.permutations(parts):
        string = case.string(tuple(order))
        if string not in seen:
            seen.add(string)
            names = " + ".join(as_part(p).name for p in order)
            yield _sha1("wrong-order", f"The right parts were signed in another order: {names}.", string)


def legacy_rebill_recipe(case):
    if "cardrefid" in {p.name for p in case.recipe} and (case.endpointid or case.target_kind == "endpoint"):
        endpoint = case.endpointid or case.target_id
        recipe = (TARGET, "client_orderid", MINOR_AMOUNT, "cardrefid", KEY)
        yield _sha1("legacy-rebill-recipe", "The pre-2015 make-rebill recipe of the official libraries was "
                    "used: ENDPOINTID + client_orderid + amount_minor + cardrefid (the Ruby port still does).",
                    case.string(recipe, target=endpoint))


def sale_recipe_for_return(case):
    first = as_part(case.recipe[0])
    if first.name != "login" or not (case.endpointid or case.target_kind == "endpoint"):
        return
    endpoint = case.endpointid or case.target_id
    for amount in ("", "0"):
        values = {**case.values, "amount": case.values.get("amount") or amount}
        recipe = (TARGET, "client_orderid", Part("amount", minor_units=bool(case.values.get("amount"))),
                  "email", KEY)
        yield _sha1("sale-recipe-for-return", "The request was signed with the sale recipe (end point + "
                    "client_orderid + amount + email), as some plugins sign return; this command's recipe starts "
                    "with login.", case.string(recipe, values, target=endpoint))


def key_mistakes(case):
    without_key = case.string()[: -len(case.key)]
    for variant in (case.key + " ", " " + case.key, case.key + "\n", case.key + "\r\n", "\t" + case.key):
        yield _sha1("key-whitespace", "The key was signed with whitespace around it (copied with a "
                    "newline or a space).", without_key + variant)
    yield _sha1("key-missing", "The merchant control key was left out of the string.", without_key)


def wrong_algorithm(case):
    string = case.string()
    without_key = string[: -len(case.key)]
    yield Attempt("wrong-algorithm", "SHA-256 was used instead of SHA-1.", string,
                  hashlib.sha256(string.encode()).hexdigest())
    yield Attempt("wrong-algorithm", "MD5 was used instead of SHA-1.", string, hashlib.md5(string.encode()).hexdigest())
    yield Attempt("wrong-algorithm", "HMAC-SHA1 keyed with the merchant control key was used instead of plain "
                  "SHA-1 over the string with the key appended.", without_key,
                  hmac.new(case.key.encode(), without_key.encode(), hashlib.sha1).hexdigest())


CATALOG = (amount_major_units, amount_float_truncation, amount_zero_when_absent, amount_iso_exponent,
           untrimmed_whitespace, url_encoded_values, swapped_ids, wrong_order, legacy_rebill_recipe,
           sale_recipe_for_return, key_mistakes, wrong_algorithm)
IDS = ("amount-major-units", "amount-float-truncation", "amount-zero-when-absent", "amount-iso-exponent",
       "untrimmed-whitespace", "url-encoded-values", "group-id-instead-of-endpoint", "endpoint-instead-of-group",
       "missing-endpoint-id", "wrong-order", "legacy-rebill-recipe", "sale-recipe-for-return", "uppercase-hex",
       "key-whitespace", "key-missing", "wrong-algorithm")


def explain(case: Case, received: str, expected: str) -> list[Attempt]:
    """Every hypothesis whose digest equals the received control; one entry per distinct mistake."""
    if received != expected and received.lower() == expected:
        return [Attempt("uppercase-hex", "The signature is right but written in upper-case hex; send lower-case.",
                        case.string(), expected)]
    found, seen = [], set()
    for hypothesis in CATALOG:
        for attempt in hypothesis(case):
            mark = (attempt.id, attempt.string_to_sign)
            if hmac.compare_digest(attempt.digest, received.lower()) and mark not in seen:
                seen.add(mark)
                found.append(attempt)
    return found
