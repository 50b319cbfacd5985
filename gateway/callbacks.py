"""The gateway's callbacks: signing them (the sandbox sends them), where they may go, and verifying
the ones a merchant receives."""

import re
from urllib.parse import urlencode, urlsplit

import requests

from . import hypotheses, signing
from .client import classify
from .paste import parse
from .signing import KEY
from .wire import JAVA_TRIM

# Merchant callback (HTTP GET to server_callback_url): docs' SHA-1 helper and the official hosted-fields code.
# Final redirect (the payer's browser POSTs to redirect_url): the final-redirect page. Both third fields
# carry the merchant's order id, so in practice they are the same value.
RECIPES = {"callback": ("status", "orderid", "merchant_order", KEY),
           "redirect": ("status", "orderid", "client_orderid", KEY)}
NOT_SIGNED = ("The signature covers only status, orderid and the merchant's order id: amount, type, card data "
              "and every other field are not signed and could have been changed. Cross-check them with a "
              "status request before acting on them.")
LOOPBACK_NAMES = ("localhost",)
INBOX_TOKEN = re.compile(r"[A-Za-z0-9_-]{32}")  # secrets.token_urlsafe(24)


def params(kind: str, status: str, orderid: str, client_orderid: str, key: str, extra: list) -> list[tuple]:
    """The parameters of a callback or final redirect, `control` included, as the sandbox sends them."""
    values = {"status": status, "orderid": orderid, "merchant_order": client_orderid,
              "client_orderid": client_orderid}
    control = signing.trace(RECIPES[kind], values, "", key).signature
    return [("status", status), ("orderid", orderid), ("merchant_order", client_orderid),
            ("client_orderid", client_orderid), *extra, ("control", control)]


def is_loopback(host: str) -> bool:
    host = host.strip("[]").lower()
    return host in LOOPBACK_NAMES or host == "::1" or host.startswith("127.")


def inbox_token(url: str, inbox_path: str) -> str | None:
    """The token of an inbox URL (any host, path `<inbox_path>/<token>`), or None."""
    path = urlsplit(url).path  # exactly the inbox route: what is delivered is this path, as given
    token = path[len(inbox_path) + 1:] if path.startswith(inbox_path + "/") else ""
    return token if INBOX_TOKEN.fullmatch(token) else None


def target(url: str, own_inbox, loopback_root, extra_hosts: tuple) -> tuple[str | None, str]:
    """Where a callback for `url` may really go: (url to request, or None when refused; why).
    `own_inbox(url)`: whether it addresses one of the tool's inboxes; `loopback_root()` gives the tool's
    loopback server (started only when needed)."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return None, "refused: not an http(s) URL"
    if own_inbox(url):
        query = f"?{parts.query}" if parts.query else ""
        return loopback_root() + parts.path + query, "the tool's own inbox (through its loopback server)"
    if is_loopback(parts.hostname):
        return url, "loopback"
    if parts.hostname.lower() in extra_hosts:
        return url, "listed in CALLBACK_HOSTS"
    return None, (f"refused: {parts.hostname} is not loopback, the tool's own inbox, or listed in "
                  "CALLBACK_HOSTS (the sandbox never calls arbitrary hosts)")


def deliver(url: str, pairs: list[tuple], timeout: float = 5.0) -> tuple[str, str]:
    """One HTTP GET with the parameters appended; (outcome, the request line as sent)."""
    full = url + ("&" if urlsplit(url).query else "?") + urlencode(pairs)
    try:
        resp = requests.get(full, timeout=(timeout, timeout), allow_redirects=False)
        resp.close()
        return f"HTTP {resp.status_code}", f"GET {full}"
    except (requests.RequestException, OSError) as exc:
        return f"failed: {classify(exc)[1]}", f"GET {full}"


def verify(raw, key: str, kind: str | None = None, reveal: bool = False) -> dict:
    """A received callback or final redirect -> match, mismatch (with the debugger's hypotheses) or unknown."""
    pasted = parse(raw if isinstance(raw, str) else "")
    fields = pasted.fields
    if not fields:
        raise ValueError("No name=value parameters found: paste the callback's query string, URL or body.")
    key = key.strip(JAVA_TRIM)
    received = fields.get("control", "").strip(JAVA_TRIM)
    kinds = [kind] if kind else ["callback", "redirect"]
    traces = {k: signing.trace(RECIPES[k], fields, "", key) for k in kinds}
    matching = [k for k in kinds if received and traces[k].signature
                and signing.same_control(received, traces[k].signature)]
    chosen = matching[0] if matching else (kind or ("redirect" if pasted.method == "POST" and pasted.source == "http"
                                                    else "callback"))
    trace = traces[chosen]
    match = None if not (received and key) else bool(matching)
    result = {"kind": chosen, "fields": fields, "received_control": received or None,
              "expected_control": trace.signature, "string_to_sign": trace.to_dict(reveal)["string_to_sign"],
              "match": match, "diagnosis": [], "warnings": [NOT_SIGNED]}
    if match is False:
        case = hypotheses.Case(tuple(signing.as_part(p) for p in RECIPES[chosen]), fields, "", "", key)
        found = hypotheses.explain(case, received, trace.signature)
        result["diagnosis"] = [{"id": a.id, "message": a.message, "string_to_sign":
                                a.string_to_sign if reveal else a.string_to_sign.replace(key, signing.MASK)}
                               for a in found]
    if fields.get("merchant_order") and fields.get("client_orderid") and \
            fields["merchant_order"] != fields["client_orderid"]:
        result["warnings"].append("merchant_order and client_orderid differ; the two kinds sign different ones.")
    if not received:
        result["warnings"].append("There is no control in what was pasted.")
    return result
