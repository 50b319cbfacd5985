"""One way to mask secrets everywhere: the merchant control key as ***, card data as receipts show it.

Used by the builder's replies, the debugger, the callback verifier, the inbox and the exchange shown
after a send, so a key or a card number looks the same wherever it is hidden.
"""

import re
from urllib.parse import quote, quote_plus

from paynet.signing import MASK

KEY_FIELDS = ("merchant_control",)
# The fields the forms declare card=True (a registry test keeps the two equal); the expiry date and
# the holder's name are shown, as on a receipt.
CARD_SECRETS = ("credit_card_number", "cvv2")
SECRET_NAMES = KEY_FIELDS + CARD_SECRETS
# `name=value`, `name: value`, `"name": "value"`: the shapes a paste, a log line or a reply carries, also
# as a gateway echoes a request inside another value: URL-encoded once or twice (`cvv2%3D987%26`,
# `cvv2%253D987`), JSON-escaped (`\"cvv2\":\"987\"`), or both, nested to any depth.
_QUOTE = r"""(?:\\*["']|%(?:25)*2[27]|\\u002[27]|&quot;|&\#3[49];)?"""
_SEP = r"(?:[=:]|%(?:25)*3[ad]|\\u003[ad])"
# A value ends where its pair does; `%` starts an escape, which ends it too when it encodes a delimiter.
_VALUE = r"""(?:[^&\s"'\\<>,;%]|%(?!(?:25)*(?:2[026-7c]|3[bce]|5c|7d))[0-9a-f]{2})*"""
_PAIR = re.compile(r"(?P<name>merchant[-_]control|credit[-_]card[-_]number|cvv2)"
                   rf"(?P<sep>{_QUOTE}\s*{_SEP}\s*{_QUOTE})(?P<value>{_VALUE})", re.IGNORECASE)
_DIGIT_RUN = re.compile(r"(?<![0-9])[0-9]{13,}(?![0-9])")
# Inside a longer run a card is looked for only at either end (a card glued to an id, an expiry or a CVV),
# and only where a brand's first digits begin a window of that brand's length that passes Luhn.
_BRANDS = tuple((re.compile(first), lengths) for first, lengths in (
    (r"4", (13, 16, 19)),  # Visa
    (r"5[1-5]|2(?:22[1-9]|2[3-9][0-9]|[3-6][0-9]{2}|7[01][0-9]|720)", (16,)),  # Mastercard
    (r"3[47]", (15,)),  # American Express
    (r"3(?:0[0-5]|[68])", (14, 16)),  # Diners Club
    (r"35(?:2[89]|[3-8][0-9])|220[0-4]|62", (16, 17, 18, 19)),  # JCB, Mir, UnionPay
    (r"6(?:011|5|4[4-9])", (16, 19)),  # Discover
))
# A value named as an id (orderid, paynet-order-id, client_orderid, serial-number, ...) is an id,
# whatever windows it holds: a longer run there is never searched for a card.
_NAME_BEFORE = re.compile(rf"(?<![a-z0-9_-])([a-z0-9_-]{{1,40}}){_QUOTE}\s*{_SEP}\s*{_QUOTE}$", re.IGNORECASE)
_ID_NAME = re.compile(r"(?:[a-z0-9]+[-_])*(?:[a-z]*order[-_]?id|id|[a-z]*refid|endpointid|uuid)|serial[-_]number",
                      re.IGNORECASE)


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
    value = m["value"] if m["sep"].strip() != ":" or any(c.isdigit() for c in m["value"]) else ""
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
    return _DIGIT_RUN.sub(_masked_run, text)


def _brand_window(digits: str, at_end: bool) -> int:
    """The length of the card a brand would start at the run's start (or end at its end), or 0."""
    for first, lengths in _BRANDS:
        for n in sorted(lengths, reverse=True):
            window = digits[-n:] if at_end else digits[:n]
            if len(digits) > n and first.match(window) and luhn(window):
                return n
    return 0


def _masked_run(m: re.Match) -> str:
    run, before = m[0], m.string[max(0, m.start() - 60):m.start()]
    # `%20` before a card URL-encodes a space: its two digits are not the card's.
    escape = run[:2] if before.endswith("%") else ""
    digits = run[len(escape):]
    if 13 <= len(digits) <= 19 and luhn(digits):
        return run if _inside_token(m) else escape + mask_card(digits)
    name = _NAME_BEFORE.search(before)
    if len(digits) < 14 or name and _ID_NAME.fullmatch(name[1]):
        return run
    head = _brand_window(digits, at_end=False)
    tail = _brand_window(digits[head:], at_end=True) if len(digits) - head >= 13 else 0
    middle = digits[head:len(digits) - tail]
    return (escape + (mask_card(digits[:head]) if head else "") + middle
            + (mask_card(digits[len(digits) - tail:]) if tail else ""))


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
