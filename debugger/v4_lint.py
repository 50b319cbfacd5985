"""What a v4 request does that may still verify but that the gateway may refuse (or that tells of a mix-up)."""

from debugger.v4_paste import V4Paste
from paynet import oauth
from paynet.i18n import _
from paynet.v4 import PREFIX


def finding(severity: str, field: str | None, code: str, message: str) -> dict:
    return {"severity": severity, "field": field, "code": code, "message": message}


def command_of(path: str, commands: dict):
    """The v4 command a path posts to (/api/v4/<command>/[group/]<id>), or None."""
    _head, sep, rest = path.partition(PREFIX + "/")
    if not sep:
        return None
    names = [n for n in commands if rest.startswith(n + "/")]
    return commands[max(names, key=len)] if names else None


def lint(pasted: V4Paste, header: dict[str, str], commands: dict, now: float, reused_nonce: bool) -> list[dict]:
    """`header`: the Authorization header's parameters as written."""
    found = []
    consumer = oauth.decode_header_value(header["oauth_consumer_key"])
    body = dict(pasted.pairs)
    command = command_of(pasted.path, commands)
    if "login" in body and command is not None and "login" not in command.names:
        found.append(finding("warning", "login", "login-in-body", _(
            "The body carries login, but %(command)s takes the merchant's login as oauth_consumer_key only (its docs "
            "page: \"not included in request as login parameter\"). It verifies here; the gateway may refuse an "
            "unknown parameter.", command=command.name)))
    target = pasted.path.rstrip("/").rpartition("/")[2]
    if consumer and (consumer == target or consumer.isdigit()):
        found.append(finding("warning", "oauth_consumer_key", "consumer-key-endpoint", _(
            "oauth_consumer_key is %(consumer)s, which looks like an end point id: it must be the merchant's login, "
            "the same login v2 requests send.", consumer=repr(consumer[:40]))))
    found += _timestamp(oauth.decode_header_value(header["oauth_timestamp"]), now)
    if pasted.json_body:
        found.append(finding("error", None, "json-body", _(
            "The body is JSON. v4 requests are application/x-www-form-urlencoded (only replies may be JSON, with "
            "Accept: application/vnd.pay+json): the gateway reads no parameter from a JSON body, and the signature "
            "covers none of it.")))
    if reused_nonce:
        found.append(finding("error", "oauth_nonce", "nonce-reused", _(
            "oauth_nonce %(nonce)s was used before by this consumer key: a replayed or re-sent request. Make a new "
            "nonce (and timestamp) for every request, retries included.",
            nonce=repr(oauth.decode_header_value(header["oauth_nonce"])[:64]))))
    if "realm" in header:
        found.append(finding("info", "realm", "realm-present", _(
            "The Authorization header carries realm. It is not signed (RFC 5849) and no v4 client sends it; the "
            "gateway's handling of it is not documented. Leave it out.")))
    return found


def _timestamp(text: str, now: float) -> list[dict]:
    if not (text.isascii() and text.isdigit()):
        return [finding("error", "oauth_timestamp", "timestamp-ms", _(
            "oauth_timestamp is %(value)s: it must be Unix time in seconds, digits only.", value=repr(text[:20])))]
    if len(text) >= 13:
        return [finding("error", "oauth_timestamp", "timestamp-ms", _(
            "oauth_timestamp %(value)s is in milliseconds (13 digits): OAuth counts seconds. Divide by 1000 "
            "(Date.now() / 1000, System.currentTimeMillis() / 1000).", value=text))]
    skew = int(text) - int(now)
    if abs(skew) > oauth.TIMESTAMP_WINDOW:
        return [finding("warning", "oauth_timestamp", "timestamp-skew", _(
            "oauth_timestamp is %(minutes)s minutes %(direction)s this server's clock (%(now)s). The sandbox takes "
            "%(window)s minutes either way; if the request was sent just now, the signing machine's clock is wrong.",
            minutes=abs(skew) // 60, direction=_("ahead of") if skew > 0 else _("behind"), now=int(now),
            window=oauth.TIMESTAMP_WINDOW // 60))]
    return []
