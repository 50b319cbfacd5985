"""A merchant control key's fingerprint: what support and a merchant compare instead of the key itself."""

import hashlib
import re

from paynet.i18n import _
from paynet.wire import JAVA_TRIM

PREFIX = "paynet-key:"  # a digest of this tool's own, never a plain SHA-256 of the key found elsewhere
SHELL = 'printf %s "paynet-key:$KEY" | sha256sum | cut -c1-8'  # the same, by hand
PATTERN = re.compile(r"[0-9a-f]{8}")


def fingerprint(key: str) -> str:
    """The first 8 hex digits of SHA-256 over PREFIX + the key trimmed as the gateway trims it (case kept);
    "" for no key. static/fingerprint.js computes the same in the page."""
    key = (key or "").strip(JAVA_TRIM)
    if not key:
        return ""
    return hashlib.sha256((PREFIX + key).encode("utf-8")).hexdigest()[:8]


def read(value, field: str = "fingerprint") -> str:
    """A fingerprint as typed -> lower case; "" when left out; ValueError naming `field` and the rule."""
    if value is None:
        return ""
    text = value.strip(JAVA_TRIM).lower() if isinstance(value, str) else None
    if text == "":
        return ""
    if text is None or not PATTERN.fullmatch(text):
        raise ValueError(_("%(name)s must be 8 hexadecimal digits (0-9, a-f, either case): the key fingerprint the "
                           "tool shows next to a key.", name=field))
    return text
