"""The one rule for URL-typed values: an absolute http:// or https:// URL with a host.

Request fields (redirect_url, server_callback_url, ...), the sandbox's stored orders and URLs a gateway
sends back all pass this check before anything renders them as a link, form action or redirect.
"""

import unicodedata
from urllib.parse import urlsplit

from paynet.wire import JAVA_TRIM

WEB_SCHEMES = ("http", "https")
# Gateway response fields that carry a URL to send the payer to.
RESPONSE_URL_FIELDS = ("redirect-url", "redirect-to")


def _clean(text: str) -> bool:
    """No whitespace, control or format characters inside (browsers drop some, so "java\\tscript:"
    would run), and no backslash (browsers read it as "/", Python as part of the host)."""
    return not any(ch.isspace() or ch == "\\" or unicodedata.category(ch) in ("Cc", "Cf", "Cs")
                   for ch in text)


def is_web_url(text: str | None) -> bool:
    """True for an absolute http(s) URL with a host and a valid port, after Java's trim."""
    text = (text or "").strip(JAVA_TRIM)
    if not text or not _clean(text):
        return False
    try:
        parts = urlsplit(text)
        parts.port  # noqa: B018 -- raises ValueError for a port that is not 0-65535
    except ValueError:
        return False
    scheme = text.partition(":")[0].lower()
    return scheme in WEB_SCHEMES and text[len(scheme):].startswith("://") and bool(parts.hostname)


def web_links(fields: dict) -> dict[str, str]:
    """The response's payer URLs that pass the rule, trimmed; the others are shown as text only."""
    return {name: fields[name].strip(JAVA_TRIM) for name in RESPONSE_URL_FIELDS
            if name in fields and is_web_url(fields[name])}
