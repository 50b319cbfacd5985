"""The wire format: urlencoded request bodies; gateway responses with '\\n' after each value."""

from urllib.parse import parse_qsl, quote_plus, unquote_plus

from paynet.i18n import _

# The gateway trims values before it checks control. It is a Java service, and Java's String.trim()
# removes only characters <= U+0020: a non-breaking space pasted from a web page stays, and is signed.
JAVA_TRIM = "".join(map(chr, range(33)))


def utf8_problem(name: str, value: str) -> str | None:
    """Why `value` cannot go on the wire, or None. A JSON escape such as \\ud800 makes a lone surrogate: a
    Python string that has no UTF-8 encoding, so it can be neither signed nor sent."""
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return _("%(name)s is not valid text: it holds a lone surrogate (a \\ud800-\\udfff escape) that cannot "
                 "be encoded as UTF-8.", name=name)
    return None


def encode_body(pairs) -> str:
    """application/x-www-form-urlencoded, in the given order (docs order, control last)."""
    return "&".join(f"{quote_plus(k)}={quote_plus(v)}" for k, v in pairs)


def encode_response(pairs) -> str:
    """The gateway's reply format: pairs joined by '&', a literal newline after each value."""
    return "&".join(f"{quote_plus(k)}={quote_plus(str(v))}\n" for k, v in pairs)


def decode_form(body: bytes) -> tuple[dict[str, str], list[str]]:
    """The posted pairs, trimmed, and the names whose value is not UTF-8 (refused, never patched with U+FFFD).
    Latin-1 maps bytes to characters one to one, so each value's bytes are recovered exactly."""
    values, not_utf8 = {}, []
    for name, value in parse_qsl(body.decode("latin-1"), keep_blank_values=True, encoding="latin-1"):
        name = name.encode("latin-1").decode("utf-8", "replace")
        try:
            values[name] = value.encode("latin-1").decode("utf-8").strip(JAVA_TRIM)
        except UnicodeDecodeError:
            values[name] = ""
            not_utf8.append(name)
    return values, not_utf8


class UnparseableResponse(ValueError):
    pass


def parse_pairs(text: str) -> dict[str, str]:
    """Split on '&', strip the trailing newline of each value, then percent-decode.

    Pairs may start with '&' or sit one per line, as in the docs' examples. A repeated name keeps
    its last value. Raises UnparseableResponse for text with no name=value pair at all.
    """
    fields: dict[str, str] = {}
    for chunk in text.split("&"):
        chunk = chunk.strip("\r\n")
        if not chunk.strip():
            continue
        name, sep, value = chunk.partition("=")
        if not sep or not name.strip() or any(c in name for c in " <>\"'{}\n"):
            raise UnparseableResponse(_("not a name=value pair: %(chunk)r", chunk=chunk[:80]))
        fields[unquote_plus(name.strip())] = unquote_plus(value.rstrip("\r\n"))
    if not fields:
        raise UnparseableResponse(_("no name=value pairs in the body"))
    return fields
