"""Reusable rules. Each message names the field and the rule; lengths count trimmed text.
Messages go through paynet.i18n._ when raised: the request's language, English elsewhere."""

from wtforms.validators import StopValidation, ValidationError

from paynet.amounts import AmountError, amount_problems, is_iso_currency, parse_amount
from paynet.i18n import _
from paynet.signing import JAVA_TRIM
from paynet.urls import is_web_url


def _text(field) -> str:
    return (field.data or "").strip(JAVA_TRIM)


class Required:
    """Non-empty after trimming (the gateway trims, so whitespace alone is empty)."""

    field_flags = {"required": True}

    def __init__(self, message=None):
        self.message = message

    def __call__(self, form, field):
        if not _text(field):
            field.errors[:] = []
            raise StopValidation(self.message or _("%(name)s is required.", name=field.name))


class RequiredIf:
    """Required when another field holds one of the given values (state for US, CA, AU), or, with
    values=None, whenever the other field is sent (return's currency when amount is sent)."""

    def __init__(self, other: str, values=None, message=None):
        self.other, self.values, self.message = other, values and tuple(values), message

    def __call__(self, form, field):
        other = (form[self.other].data or "").strip(JAVA_TRIM).upper()
        needed = bool(other) if self.values is None else other in self.values
        if needed and not _text(field):
            raise StopValidation(self.message or (
                _("%(name)s is required when %(other)s is sent.", name=field.name, other=self.other)
                if self.values is None else
                _("%(name)s is required when %(other)s is %(value)s.", name=field.name, other=self.other,
                  value=other)))
        if not _text(field):
            raise StopValidation()


class SkipEmpty:
    """Ends the chain for an empty optional value, so format rules only judge what is sent."""

    def __call__(self, form, field):
        if not _text(field):
            field.errors[:] = []
            raise StopValidation()


class Length:
    def __init__(self, min: int | None = None, max: int | None = None, message=None):
        self.min, self.max, self.message = min, max, message

    def __call__(self, form, field):
        n = len(_text(field))
        if self.max is not None and n > self.max:
            raise ValidationError(
                self.message or _("%(name)s must be at most %(max)s characters (got %(got)s).", name=field.name,
                                  max=self.max, got=n)
            )
        if self.min is not None and n < self.min:
            raise ValidationError(
                self.message or _("%(name)s must be at least %(min)s characters (got %(got)s).", name=field.name,
                                  min=self.min, got=n)
            )


class Digits:
    def __init__(self, message=None):
        self.message = message

    def __call__(self, form, field):
        if not _text(field).isascii() or not _text(field).isdigit():
            raise ValidationError(self.message or _("%(name)s must contain digits only.", name=field.name))


class OneOf:
    def __init__(self, choices, message=None):
        self.choices, self.message = tuple(choices), message

    def __call__(self, form, field):
        if _text(field) not in self.choices:
            raise ValidationError(
                self.message or _("%(name)s must be one of %(choices)s.", name=field.name,
                                  choices=", ".join(self.choices))
            )


class Amount:
    """Major units with a '.' delimiter and at most 2 decimals (the string carries cents)."""

    def __init__(self, max_length: int | None = None, message=None):
        self.max_length, self.message = max_length, message

    def __call__(self, form, field):
        if self.max_length is not None and len(_text(field)) > self.max_length:
            # The Length rule names the length; the other rules broken are named too, never parsed.
            problems = amount_problems(_text(field), None)
            if problems:
                raise ValidationError(self.message or _("%(name)s %(problem)s.", name=field.name,
                                                        problem="; ".join(problems)))
            return
        try:
            parse_amount(_text(field))
        except AmountError as exc:
            raise ValidationError(self.message or _("%(name)s %(problem)s.", name=field.name, problem=exc)) from None


class MoreThanZero:
    """An amount that moves money must move some: `0.00` would return or capture nothing."""

    def __init__(self, message=None):
        self.message = message

    def __call__(self, form, field):
        try:
            zero = parse_amount(_text(field)) == 0
        except AmountError:
            return  # the Amount rule names that problem
        if zero:
            raise ValidationError(self.message or _("%(name)s must be more than 0 (leave it out for the "
                                                    "whole amount).", name=field.name))


class CurrencyCode:
    def __init__(self, message=None):
        self.message = message

    def __call__(self, form, field):
        code = _text(field)
        if len(code) != 3 or not code.isalpha() or not code.isupper():
            raise ValidationError(
                self.message or _("%(name)s must be a three-letter upper-case code like USD.", name=field.name)
            )
        if not is_iso_currency(code):
            raise ValidationError(self.message or _("%(name)s %(code)s is not an ISO 4217 code.",
                                                   name=field.name, code=code))


class CardNumber:
    """13 to 19 digits passing the Luhn check (every test card does)."""

    def __init__(self, message=None):
        self.message = message

    def __call__(self, form, field):
        digits = _text(field)
        if not digits.isascii() or not digits.isdigit() or not 13 <= len(digits) <= 19:
            raise ValidationError(self.message or _("%(name)s must be 13 to 19 digits.", name=field.name))
        total = sum(d if i % 2 == 0 else (2 * d - 9 if d > 4 else 2 * d)
                    for i, d in enumerate(int(c) for c in reversed(digits)))
        if total % 10:
            raise ValidationError(self.message or _("%(name)s fails the Luhn check: not a valid card number.",
                                                   name=field.name))


class WebUrl:
    """An absolute http(s) URL with a host: the payer's browser is sent there, so never javascript: or data:."""

    def __init__(self, message=None):
        self.message = message

    def __call__(self, form, field):
        if not is_web_url(_text(field)):
            raise ValidationError(self.message or _("%(name)s must be an absolute http:// or https:// URL.",
                                                   name=field.name))


class Range:
    def __init__(self, low: int, high: int, message=None):
        self.low, self.high, self.message = low, high, message

    def __call__(self, form, field):
        text = _text(field)
        # isascii too: '²'.isdigit() is true and int('²') fails; the Digits rule reports non-digits.
        if text.isascii() and text.isdigit() and not self.low <= int(text) <= self.high:
            raise ValidationError(self.message or _("%(name)s must be from %(low)s to %(high)s.", name=field.name,
                                                   low=self.low, high=self.high))
