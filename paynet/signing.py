"""Signature recipes as data, and the trace that turns one into a SHA-1 control."""

import hashlib
import hmac
from dataclasses import dataclass, field, replace
from enum import StrEnum

from paynet.amounts import AmountError, to_minor
from paynet.wire import JAVA_TRIM

MASK = "***"


class Source(StrEnum):
    """Where a part's value comes from: a request field, the URL's end point or group id, the merchant key."""

    FIELD = "field"
    TARGET = "target"
    KEY = "key"


@dataclass(frozen=True)
class Part:
    """One element of a control string, the one shape of a recipe everywhere: the sandbox and the debugger
    sign with it, the page's interpreter (static/recipe.js) and the code exports read its to_dict()."""

    name: str
    source: Source = Source.FIELD
    minor_units: bool = False
    # The field whose emptiness (after trimming) leaves this part out; None: always signed. Usually the
    # part's own field ("if sent"); capture signs currency only when the amount is sent (when="amount").
    when: str | None = None

    def to_dict(self) -> dict:
        return {"name": self.name, "source": self.source, "minor_units": self.minor_units, "when": self.when}


TARGET = Part("target", source=Source.TARGET)
KEY = Part("merchant_control", source=Source.KEY)
MINOR_AMOUNT = Part("amount", minor_units=True)


def if_sent(part: Part | str, when: str | None = None) -> Part:
    """A part left out of the string when its field (or the `when` field) is empty after trimming."""
    part = as_part(part)
    return replace(part, when=when or part.name)


def as_part(item: Part | str) -> Part:
    return Part(item) if isinstance(item, str) else item


@dataclass
class SignatureTrace:
    """Every signature is a trace: the parts as signed, the string, and its digest."""

    parts: list[tuple[str, str]]
    string_to_sign: str
    signature: str | None
    key: str = field(default="", repr=False)

    def masked_parts(self) -> list[dict]:
        return [{"name": n, "value": MASK if n == KEY.name and v else v} for n, v in self.parts]

    def masked_string(self) -> str:
        if not self.key:
            return self.string_to_sign
        return self.string_to_sign[: -len(self.key)] + MASK

    def to_dict(self, reveal: bool = False) -> dict:
        if reveal:
            parts = [{"name": n, "value": v} for n, v in self.parts]
            return {"parts": parts, "string_to_sign": self.string_to_sign, "signature": self.signature}
        return {"parts": self.masked_parts(), "string_to_sign": self.masked_string(),
                "signature": self.signature}


def sha1_hex(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()


def part_value(part: Part, values: dict, target: str, key: str, trim: bool = True,
               minor=to_minor) -> str | None:
    """The value a part contributes, or None when an "(if sent)" part is left out."""
    if part.when and not (values.get(part.when) or "").strip(JAVA_TRIM):
        return None
    if part.source == Source.KEY:
        raw = key
    elif part.source == Source.TARGET:
        raw = target
    else:
        raw = values.get(part.name) or ""
    value = raw.strip(JAVA_TRIM) if trim else raw
    if part.minor_units and value.strip(JAVA_TRIM):
        try:
            return minor(value)
        except AmountError:
            return value  # shown as typed; the field error says why it cannot be signed
    return value


def trace(recipe, values: dict, target: str = "", key: str = "", trim: bool = True,
          minor=to_minor) -> SignatureTrace:
    """Recipe + values -> trace. Values are trimmed first, as the gateway trims before it checks.

    `minor` converts the amount; alternatives (ISO exponent, float truncation) explain mistakes.
    """
    parts = []
    for item in recipe:
        part = as_part(item)
        value = part_value(part, values, target or "", key or "", trim, minor)
        if value is not None:
            parts.append((part.name, value))
    string = "".join(v for _, v in parts)
    key_value = (key or "").strip(JAVA_TRIM) if trim else (key or "")
    signature = sha1_hex(string) if key_value else None
    return SignatureTrace(parts, string, signature, key_value)


def same_control(received: str, expected: str) -> bool:
    return hmac.compare_digest(received.encode(), expected.encode())
