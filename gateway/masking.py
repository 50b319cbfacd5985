"""One way to mask secrets everywhere: the merchant control key as ***, card data as receipts show it.

Used by the builder's replies, the debugger, the callback verifier, the inbox and the exchange shown
after a send, so a key or a card number looks the same wherever it is hidden.
"""

import re
from urllib.parse import quote, quote_plus

from .signing import MASK

KEY_FIELDS = ("merchant_control",)
# The fields the forms declare card=True (a registry test keeps the two equal); the expiry date and
# the holder's name are shown, as on a receipt.
CARD_SECRETS = ("credit_card_number", "cvv2")
SECRET_NAMES = KEY_FIELDS + CARD_SECRETS
# `name=value`, `name: value`, `"name": "value"`: the shapes a paste, a log line or a reply carries.
_PAIR = re.compile(r"""(?P<name>merchant[-_]control|credit[-_]card[-_]number|cvv2)"""
                   r"""(?P<sep>["']?\s*[=:]\s*["']?)(?P<value>[^&\s"'\\<>,;]*)""", re.IGNORECASE)
_DIGIT_RUN = re.compile(r"(?<![0-9])[0-9]{13,19}(?![0-9])")


def mask_card(value: str) -> str:
    """A card number as receipts show it (first six, last four); anything shorter, such as a CVV2: ***."""
    digits = value.strip()
    return digits[:6] + "*" * (len(digits) - 10) + digits[-4:] if len(digits) >= 13 else MASK


def _canonical(name: str) -> str:
    return name.lower().replace("-", "_")


def is_secret(name: str) -> bool:
    return _canonical(name) in SECRET_NAMES


def mask_value(name: str, value: str) -> str:
    """The value as shown: the key as ***, card data masked, anything else unchanged."""
    name = _canonical(name)
    if name in KEY_FIELDS:
        return MASK
    return mask_card(value) if name in CARD_SECRETS else value


def mask_fields(fields: dict, reveal: bool = False) -> dict:
    """Parsed name -> value pairs with the key and card data masked, unless `reveal`."""
    return dict(fields) if reveal else {k: mask_value(k, v) if isinstance(v, str) else v for k, v in fields.items()}


def luhn(digits: str) -> bool:
    total = 0
    for i, d in enumerate(reversed(digits)):
        n = int(d) * (2 if i % 2 else 1)
        total += n - 9 if n > 9 else n
    return total % 10 == 0


def _mask_pair(m: re.Match) -> str:
    # `name: value` in prose ("credit_card_number: the client must ...") is a sentence, not a value.
    value = m["value"] if "=" in m["sep"] or '"' in m["sep"] or "'" in m["sep"] or any(
        c.isdigit() for c in m["value"]) else ""
    return m[0] if not value else m["name"] + m["sep"] + mask_value(m["name"], value)


def _inside_token(m: re.Match) -> bool:
    """Letters on both sides: part of a token (a 3-D Secure link's hex token once held a Luhn-valid run and
    masking broke the link), not a card number, which stands alone or ends a signed string."""
    before, after = m.string[m.start() - 1:m.start()], m.string[m.end():m.end() + 1]
    return before.isascii() and before.isalpha() and after.isascii() and after.isalpha()


def mask_text(text: str, secrets: tuple[str, ...] = ()) -> str:
    """Free text (a paste, a stored callback, a gateway's raw reply) with secrets masked.

    Three nets: values after a secret's name in any common shape; the `secrets` given (the key typed
    in a field, the card number sent), also URL-encoded; and any 13-19 digit run that passes the Luhn
    check, which is what a card number looks like whatever it is called.
    """
    text = _PAIR.sub(_mask_pair, text)
    for secret in sorted({s for s in secrets if s and len(s) >= 4}, key=len, reverse=True):
        shown = mask_card(secret) if secret.isascii() and secret.isdigit() else MASK
        for variant in {secret, quote(secret, safe="", errors="replace"), quote_plus(secret, errors="replace")}:
            text = text.replace(variant, shown)
    return _DIGIT_RUN.sub(lambda m: mask_card(m[0]) if luhn(m[0]) and not _inside_token(m) else m[0], text)


def mask_all(data, secrets: tuple[str, ...] = ()):
    """Every string of a JSON-like reply (dict keys too) through mask_text: the last net under a reply
    built from a paste, where a key or a card number may sit anywhere (a name, a note, a lint)."""
    if isinstance(data, str):
        return mask_text(data, secrets)
    if isinstance(data, dict):
        return {mask_all(k, secrets): mask_all(v, secrets) for k, v in data.items()}
    if isinstance(data, list | tuple):
        return [mask_all(v, secrets) for v in data]
    return data
