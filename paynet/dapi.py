"""DAPI (the mobile device API): the HMAC-SHA1 signatures a Connecting Party's server makes for a card-to-card
transfer. The key is the control key without its dashes, hex-decoded; each string is a plain concatenation, signed
as typed (nothing trimmed), and the signature is 40 upper-case hex digits. Sources and decisions: docs/dapi.md."""

import hashlib
import hmac
import re
from dataclasses import dataclass, field

from paynet.amounts import AmountError, to_minor
from paynet.i18n import N_, _, translate
from paynet.signing import MASK

KEY_FIELD = "control_key"
MAX_LENGTH = 1000  # per field: a reply echoes each value in up to three strings, and stays small
JAVA_LONG_MAX = 2 ** 63 - 1  # amountCentis is a Java Long in the reference proxy
SHOWN = 64  # the most of a refused value a message repeats
_DIGITS = re.compile(r"[0-9]+")
_HEX = re.compile(r"[0-9A-Fa-f]")
_CURRENCY = re.compile(r"[A-Z]{3}")


@dataclass(frozen=True)
class Field:
    name: str
    help: str  # declared with N_, translated where shown
    lengths: tuple[int, int] | None = None  # the docs' length range, a warning outside it


FIELDS = (
    Field("accessToken", N_("session.accessToken: the consumer's access token."), (32, 128)),
    Field("serialNumber", N_("consumer.device.serialNumber: the device's serial number."), (1, 50)),
    Field("endpointId", N_("The end point id the Connecting Party's server returns from initiate-transfer.")),
    Field("nonce", N_("session.nonce: the random string the server made (the reference proxy: 64 characters of "
                      "0-9, a-z, A-Z, ^ and $)."), (32, 128)),
    Field("invoiceId", N_("The Connecting Party's invoice id (the reference proxy: a UUID).")),
    Field("amountCentis", N_("transaction.amountCentis: the amount in minor units, an integer (1.00 EUR = 100).")),
    Field("currency", N_("transaction.currency: the ISO 4217 alpha code, upper case.")),
    Field("destinationServerCardId", N_("destinationOfFunds.reference.serverCardId, when present: signed by the "
                                        "swagger variant only.")),
    Field("sourceServerCardId", N_("sourceOfFunds.reference.serverCardId, when present: signed by the swagger "
                                   "variant only.")),
)
NAMES = tuple(f.name for f in FIELDS)


@dataclass(frozen=True)
class Recipe:
    """One signature: which response field carries it, where its formula is written, and its parts in order."""

    name: str
    variant: str
    field: str
    source: str  # declared with N_
    parts: tuple[str, ...]
    if_present: tuple[str, ...] = ()  # parts left out when empty


RECIPES = (
    Recipe("initiate-transfer", "", "session.signature",
           N_("the reference proxy's code (initiateTransaction) and swagger.yml, and the Android SDK's Session "
              "schema: all three agree"),
           ("accessToken", "serialNumber", "endpointId", "nonce", "invoiceId", "amountCentis", "currency")),
    Recipe("check-transfer", "code", "session.checkSignature",
           N_("the reference proxy's code (checkTransfer)"),
           ("serialNumber", "nonce", "endpointId", "invoiceId")),
    Recipe("check-transfer", "swagger", "session.checkSignature",
           N_("the reference proxy's swagger.yml (CheckTransferResponse): the card ids if present"),
           ("serialNumber", "nonce", "destinationServerCardId", "endpointId", "invoiceId", "sourceServerCardId"),
           if_present=("destinationServerCardId", "sourceServerCardId")),
)


@dataclass
class Signature:
    """A trace: the parts as signed, the string, and its HMAC-SHA1 (None without a key)."""

    recipe: Recipe
    parts: list[tuple[str, str]]
    string_to_sign: str
    signature: str | None

    def to_dict(self) -> dict:
        r = self.recipe
        return {"name": r.name, "variant": r.variant or None, "field": r.field, "source": translate(r.source),
                "parts": [{"name": n, "value": v} for n, v in self.parts], "string_to_sign": self.string_to_sign,
                "signature": self.signature}


@dataclass
class Result:
    signatures: list[Signature]
    key_bytes: int | None  # None: no key given, nothing signed
    errors: dict[str, list[str]] = field(default_factory=dict)
    warnings: list[dict] = field(default_factory=list)
    key: str = field(default="", repr=False)

    @property
    def check_variants_agree(self) -> bool:
        """The two check-transfer formulas give one string (they do when no card id is given)."""
        code, swagger = (s.string_to_sign for s in self.signatures if s.recipe.name == "check-transfer")
        return code == swagger

    def to_dict(self, reveal: bool = False) -> dict:
        """The reply: the key masked unless `reveal` (it is in no string: only this field could show it)."""
        return {"signatures": [s.to_dict() for s in self.signatures],
                "check_variants_agree": self.check_variants_agree,
                KEY_FIELD: self.key if reveal or not self.key else MASK, "key_bytes": self.key_bytes,
                "errors": self.errors, "warnings": self.warnings,
                "masked": [KEY_FIELD] if self.key and not reveal else []}


class KeyProblem(ValueError):
    """A control key that cannot be turned into the HMAC key; the message names every rule it breaks."""


def warning(name: str, code: str, message: str) -> dict:
    return {"field": name, "code": code, "message": message}


def key_problems(control_key: str) -> list[str]:
    """Every rule the control key breaks, in the order one fixes them; never a character of the key itself."""
    name = KEY_FIELD
    if not control_key:
        return [_("%(name)s is empty: type the control key the gateway issued.", name=name)]
    problems = []
    if any(c.isspace() for c in control_key):
        problems.append(_("%(name)s has spaces or line breaks: remove them (only dashes are removed before "
                          "decoding).", name=name))
    digits = control_key.replace("-", "")
    bad = [i for i, c in enumerate(control_key, 1) if c != "-" and not c.isspace() and not _HEX.fullmatch(c)]
    if bad:
        problems.append(_("%(name)s has characters that are neither hex digits (0-9, A-F) nor dashes: %(count)s, "
                          "the first at position %(position)s.", name=name, count=len(bad), position=bad[0]))
    elif not problems and len(digits) % 2:
        problems.append(_("%(name)s has an odd number of hex digits (%(count)s) once its dashes are removed: "
                          "each byte is two digits.", name=name, count=len(digits)))
    elif not problems and not digits:
        problems.append(_("%(name)s has no hex digits, only dashes.", name=name))
    return problems


def key_warnings(control_key: str) -> list[dict]:
    """What a decodable key may still get wrong: lower case, a length other than a UUID's."""
    digits, found = control_key.replace("-", ""), []
    if digits != digits.upper():
        found.append(warning(KEY_FIELD, "lowercase-hex", _(
            "%(name)s has lower-case hex digits: decoded here as the same bytes, but the reference proxy (Guava's "
            "base16) refuses lower case; the gateway issues keys in upper case.", name=KEY_FIELD)))
    if len(digits) != 32:
        found.append(warning(KEY_FIELD, "key-length", _(
            "%(name)s has %(count)s hex digits; the gateway's control keys have 32 (a UUID): is it whole?",
            name=KEY_FIELD, count=len(digits))))
    return found


def derive_key(control_key: str) -> bytes:
    """The HMAC key: the control key without dashes, hex-decoded."""
    problems = key_problems(control_key)
    if problems:
        raise KeyProblem(" ".join(problems))
    return bytes.fromhex(control_key.replace("-", ""))


def amount_problem(text: str) -> str | None:
    """amountCentis as the reference proxy signs it: a Java Long printed in decimal."""
    name, shown = "amountCentis", text[:SHOWN] + ("…" if len(text) > SHOWN else "")
    if _DIGITS.fullmatch(text):
        if len(text) > 1 and text.startswith("0"):
            return _("%(name)s has leading zeros: the proxy signs the number as Java prints it, %(plain)s.",
                     name=name, plain=text.lstrip("0")[:SHOWN] or "0")
        if len(text) > 19 or int(text) > JAVA_LONG_MAX:
            return _("%(name)s must fit a Java long (at most %(max)s).", name=name, max=JAVA_LONG_MAX)
        return None
    if text.startswith("-") and _DIGITS.fullmatch(text[1:]):
        return _("%(name)s must not be negative.", name=name)
    try:
        minor = to_minor(text) if "." in text else None
    except AmountError:
        minor = None
    if minor is not None:
        return _("%(name)s is an integer in minor units (1.00 EUR = 100): %(text)s is %(minor)s.", name=name,
                 text=shown, minor=minor)
    return _("%(name)s must be a whole number of minor units in ASCII digits, like 1042 (got %(text)r).",
             name=name, text=shown)


def field_problems(values: dict[str, str]) -> tuple[dict[str, list[str]], list[dict]]:
    """Errors (what cannot be signed) and warnings (signed as typed, but the docs say otherwise) by field."""
    errors: dict[str, list[str]] = {}
    warnings = []
    for f in FIELDS:
        value = values.get(f.name, "")
        if len(value) > MAX_LENGTH:
            errors[f.name] = [_("%(name)s is %(length)s characters long; at most %(max)s are read here.",
                                name=f.name, length=len(value), max=MAX_LENGTH)]
            continue
        if not value:
            continue
        if f.name == "amountCentis" and (problem := amount_problem(value)):
            errors[f.name] = [problem]
        if value != value.strip():
            warnings.append(warning(f.name, "whitespace", _(
                "%(name)s has leading or trailing whitespace: signed as typed (the reference proxy trims nothing).",
                name=f.name)))
        if f.lengths and not f.lengths[0] <= len(value) <= f.lengths[1]:
            warnings.append(warning(f.name, "length", _(
                "%(name)s has %(length)s characters; the docs give %(low)s to %(high)s.", name=f.name,
                length=len(value), low=f.lengths[0], high=f.lengths[1])))
        if f.name == "currency" and not _CURRENCY.fullmatch(value):
            warnings.append(warning(f.name, "currency", _(
                "%(name)s should be three upper-case letters (the ISO 4217 alpha code): signed as typed.",
                name=f.name)))
    return errors, warnings


def hmac_hex(key: bytes, text: str) -> str:
    """HMAC-SHA1 of the UTF-8 bytes of `text`, in upper-case hex (Guava's base16, as the reference proxy)."""
    return hmac.new(key, text.encode("utf-8"), hashlib.sha1).hexdigest().upper()


def build(recipe: Recipe, values: dict[str, str], key: bytes | None) -> Signature:
    parts = [(n, values.get(n, "")) for n in recipe.parts if n not in recipe.if_present or values.get(n)]
    text = "".join(v for _n, v in parts)
    return Signature(recipe, parts, text, hmac_hex(key, text) if key is not None else None)


def sign(values: dict[str, str], control_key: str = "") -> Result:
    """Every recipe's trace for `values` (by FIELDS' names); signed when a control key is given. With errors the
    strings are still built, but nothing is signed."""
    errors, warnings = field_problems(values)
    key = None
    if control_key:
        problems = key_problems(control_key)
        if problems:
            errors[KEY_FIELD] = problems
        else:
            warnings += key_warnings(control_key)
            key = derive_key(control_key)
    usable = key if not errors else None
    return Result([build(r, values, usable) for r in RECIPES], len(key) if key is not None else None, errors,
                  warnings, control_key)
