"""Param: a request parameter declared with the docs' type, length and necessity."""

import re

from wtforms import StringField

from paynet.command import Necessity
from paynet.i18n import translate

from . import _validators as v

REQUIRED, OPTIONAL, CONDITIONAL = Necessity.REQUIRED, Necessity.OPTIONAL, Necessity.CONDITIONAL
_SIZES = {"k": 1024, "m": 1024 * 1024}


def parse_length(text: str | None) -> tuple[int | None, int | None]:
    """The docs' length text -> (min, max): '20' -> (None, 20), '3-4' -> (3, 4), '64k' -> 65536."""
    if not text:
        return None, None
    if m := re.fullmatch(r"([0-9]+)-([0-9]+)", text):
        return int(m[1]), int(m[2])
    m = re.fullmatch(r"([0-9]+)\s*([kKmM]?)[bB]?", text)
    if not m:
        raise ValueError(f"unreadable docs length {text!r}")
    return None, int(m[1]) * _SIZES.get(m[2].lower(), 1)


class Param(StringField):
    """A request parameter. Data stays a raw string: the exact text is what gets signed.

    `description` is English (the OpenAPI document, exports and the docs show it as declared): one N_()
    literal, or a tuple of them joined with spaces, so a text shared by several fields is translated once.
    """

    def __init__(self, doc_type="String", length=None, necessity=OPTIONAL, description="", *,
                 choices=None, required_if=None, card=False, generate=False, empty_warning=None,
                 amount=False, url=False, example="", validators=(), **kwargs):
        min_len, max_len = parse_length(length)
        self.description_parts = (description,) if isinstance(description, str) else tuple(description)
        description = " ".join(self.description_parts)
        rules = [_necessity_rule(necessity, required_if), *validators]
        if amount:
            rules.append(v.Amount(max_len))
        elif doc_type in ("Numeric", "Int", "Long"):
            rules.append(v.Digits())
        if url:
            rules.append(v.WebUrl())
        if choices:
            rules.append(v.OneOf(choices))
        rules.append(v.Length(min_len, max_len))
        super().__init__(validators=rules, description=description, **kwargs)
        self.doc_type, self.length, self.max_length = doc_type, length, max_len
        self.necessity, self.choices, self.card = necessity, choices, card
        self.generate, self.empty_warning, self.amount = generate, empty_warning, amount
        self.url = url  # an absolute http(s) URL only (a page may render it as a link or form action)
        self.example = example  # the docs' example value: "Use demo account" fills it in
        self.label.text = self.name  # the wire name: what integrators search the docs for

    @property
    def value(self) -> str:
        return self.data or ""

    @property
    def shown_description(self) -> str:
        """The description in the request's language (English outside a request)."""
        return " ".join(translate(part) for part in self.description_parts)


def _necessity_rule(necessity, required_if):
    if necessity == REQUIRED:
        return v.Required()
    if required_if:
        return v.RequiredIf(*required_if)
    return v.SkipEmpty()
