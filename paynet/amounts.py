"""Amounts: the request's major units -> the control string's minor units (x100)."""

import re
from decimal import Decimal, InvalidOperation, localcontext

from iso4217 import Currency

from paynet.i18n import _
from paynet.wire import JAVA_TRIM

# [0-9], not \d: Python's \d matches any script's digits (٣), and Decimal would read them as numbers.
_PLAIN = re.compile(r"[0-9]+(\.[0-9]+)?")
# The longest amount anything reads (the debugger explains odd ones); the builder, the JSON API and the sandbox
# hold amounts to the documented length first (Numeric 10).
READ_LIMIT = 64


class AmountError(ValueError):
    """An amount that cannot be signed; the message names the rule."""


def parse_amount(text: str, max_length: int = READ_LIMIT) -> Decimal:
    """Parse a major-unit amount written as the docs want it: digits, '.', at most 2 decimals; the error names
    every rule the text breaks (0.30000000000000004: too long and more than 2 decimals).

    The length is checked before anything else, so no arithmetic ever sees a longer text."""
    text = text.strip(JAVA_TRIM)
    if not text:
        raise AmountError(_("is empty"))
    problems = amount_problems(text, max_length)
    if problems:
        raise AmountError("; ".join(problems))
    return Decimal(text)


def amount_problems(text: str, max_length: int | None = READ_LIMIT) -> list[str]:
    """Every rule a trimmed, non-empty amount breaks, in the order a reader fixes them; max_length None: all but
    the length (a form's own Length rule names that). Regular expressions only: safe on any length."""
    limit, problems = min(max_length or READ_LIMIT, READ_LIMIT), []
    shown = text if len(text) <= READ_LIMIT else text[:READ_LIMIT] + "…"  # a reply never echoes a whole paste
    length = [_("must be at most %(max)s characters (got %(length)s)", max=limit, length=len(text))] \
        if max_length is not None and len(text) > limit else []
    if text.startswith("-"):
        problems.append(_("must not be negative (got %(text)r)", text=shown))
    if "," in text:
        problems.append(_("must use '.' as the decimal delimiter, not ',' (got %(text)r)", text=shown))
    if re.fullmatch(r"-?[0-9.]*[eE][+-]?[0-9]+", text):
        problems.append(_("must be plain digits, not exponent notation (got %(text)r)", text=shown))
    elif not problems and not _PLAIN.fullmatch(text):
        problems.append(_("must be a number in major units like 10.42 (got %(text)r)", text=shown))
    if re.fullmatch(r"-?[0-9]*\.[0-9]+", text) and len(text.partition(".")[2]) > 2:
        problems.append(_("has more than 2 decimals (got %(text)r); the control string carries cents", text=shown))
    return length + problems  # "a number like 10.42" only when no other rule says why


def to_minor(text: str) -> str:
    """Minor units as the control string carries them: exact x100, plain digits (10.42 -> '1042').

    Moves the point on the digits themselves: Decimal arithmetic would round past 28 digits."""
    units, _sep, cents = str(parse_amount(text)).partition(".")
    return (units + cents.ljust(2, "0")).lstrip("0") or "0"


def iso_exponent(currency: str) -> int | None:
    """The ISO 4217 minor-unit exponent, or None for an unknown code or one without minor units."""
    try:
        return Currency(currency.strip(JAVA_TRIM).upper()).exponent
    except ValueError:
        return None


def is_iso_currency(currency: str) -> bool:
    try:
        Currency(currency.strip(JAVA_TRIM))
    except ValueError:
        return False
    return True


def to_iso_minor(text: str, exponent: int) -> str:
    """Minor units by the ISO exponent instead of x100 (JPY 1000 -> '1000', KWD 1.5 -> '1500')."""
    with localcontext() as ctx:
        ctx.prec = READ_LIMIT + 8  # enough for every readable amount: exact, never rounded
        value = parse_amount(text).scaleb(exponent)
        if value != value.to_integral_value():
            return str(value.normalize())
        return str(int(value))


def read_decimals(text: str) -> Decimal | None:
    """An amount with any number of decimals (digits, '.', digits, at most READ_LIMIT characters), or None:
    the debugger guesses how a client turned such an amount into cents; nothing else accepts it."""
    text = text.strip(JAVA_TRIM)
    if len(text) > READ_LIMIT or not _PLAIN.fullmatch(text):
        return None
    return Decimal(text)


def cents(value: Decimal, rounding: str) -> str:
    """value x 100 rounded to a whole number with `rounding` (decimal.ROUND_DOWN, ROUND_HALF_UP, ...)."""
    with localcontext() as ctx:
        ctx.prec = READ_LIMIT + 8  # exact for every readable amount
        return str(int((value * 100).quantize(Decimal(1), rounding=rounding)))


def is_float_artifact(text: str) -> bool:
    """A binary float's full text near a whole number of cents (0.1 + 0.2 printed: 0.30000000000000004)."""
    value, decimals = read_decimals(text), len(text.strip(JAVA_TRIM).partition(".")[2])
    if value is None or decimals < 8:
        return False
    try:
        near = Decimal(cents(value, "ROUND_HALF_EVEN")) / 100
    except InvalidOperation:
        return False
    return abs(value - near) <= max(value, Decimal(1)) * Decimal("1e-9")
