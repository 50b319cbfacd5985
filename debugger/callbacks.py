"""The gateway's callbacks: signing them (the sandbox sends them), where they may go, and verifying
the ones a merchant receives."""

import re
from urllib.parse import urlsplit

from debugger import candidates, hypotheses
from debugger.paste import parse
from outbound import client, fetch, urlpolicy
from paynet import signing
from paynet.i18n import N_, _, reread, translate
from paynet.masking import mask_fields
from paynet.signing import KEY
from paynet.wire import JAVA_TRIM

# Merchant callback (HTTP GET to server_callback_url): docs' SHA-1 helper and the official hosted-fields code.
# Final redirect (the payer's browser POSTs to redirect_url): the final-redirect page. Both third fields
# carry the merchant's order id, so in practice they are the same value.
RECIPES = {"callback": ("status", "orderid", "merchant_order", KEY),
           "redirect": ("status", "orderid", "client_orderid", KEY)}
NOT_SIGNED = N_("The signature covers only status, orderid and the merchant's order id: amount, type, card data "
              "and every other field are not signed and could have been changed. Cross-check them with a "
              "status request before acting on them.")
BOTH_KINDS = N_("The paste shows no HTTP method and both recipes match: it is a callback if it came as a GET, a final "
              "redirect if the payer's browser POSTed it.")
INBOX_TOKEN = re.compile(r"[A-Za-z0-9_-]{32}")  # secrets.token_urlsafe(24)


def params(kind: str, status: str, orderid: str, client_orderid: str, key: str, extra: list) -> list[tuple]:
    """The parameters of a callback or final redirect, `control` included, as the sandbox sends them."""
    values = {"status": status, "orderid": orderid, "merchant_order": client_orderid,
              "client_orderid": client_orderid}
    control = signing.trace(RECIPES[kind], values, "", key).signature
    return [("status", status), ("orderid", orderid), ("merchant_order", client_orderid),
            ("client_orderid", client_orderid), *extra, ("control", control)]


def inbox_token(url: str, inbox_path: str) -> str | None:
    """The token of an inbox URL (any host, path `<inbox_path>/<token>`), or None."""
    path = urlsplit(url).path  # exactly the inbox route: what is delivered is this path, as given
    token = path[len(inbox_path) + 1:] if path.startswith(inbox_path + "/") else ""
    return token if INBOX_TOKEN.fullmatch(token) else None


# Why a delivery went where it went: recorded in English with the outcome, shown in the reader's language.
OWN_INBOX = N_("the tool's own inbox (delivered in process)")
LISTED = N_("listed in CALLBACK_HOSTS")
ACCOUNT_LISTED = N_("listed in the account's callback hosts")
# ... each shown as a clause of its own (the recorded ones, nested in the outcome's brackets, read badly).
REASONS = {OWN_INBOX: N_("to the tool's own inbox, delivered in process"),
           LISTED: N_("its host is listed in CALLBACK_HOSTS"),
           ACCOUNT_LISTED: N_("its host is listed in the account's callback hosts")}
QUEUE_FULL = N_("the callback queue is full (CALLBACK_QUEUE); not sent")
NO_POLICY = N_("no callback policy")
REFUSED = N_("refused: %(why)s")
FAILED = N_("failed: %(why)s")
# An answer's failure (outbound.fetch) in the words the deliveries record.
FETCH_FAILURES = {"dns": client.DNS_FAILED, "tls": client.TLS_FAILED, "connect": client.REFUSED,
                  "timeout": client.READ_TIMEOUT, "reset": client.RESET, "deadline": client.READ_TIMEOUT}
ANSWER_SHOWN = 256  # characters of the merchant server's answer kept with a delivery
RECORDED = urlpolicy.REFUSALS + client.FAILURES + (urlpolicy.ACCOUNT_RULE, QUEUE_FULL, NO_POLICY)


def shown_outcome(outcome: str) -> str:
    """A recorded outcome ("HTTP 200 (listed in CALLBACK_HOSTS)", "refused: <the URL policy's words>", a retry
    the full queue refused after it) read back in the request's language."""
    first, sep, queued = outcome.partition("; refused: ")
    shown = _shown_one(first)
    return f"{shown}; {_shown_one('refused: ' + queued)}" if sep else shown


def _shown_one(outcome: str) -> str:
    reason = next((why for why in REASONS if outcome.endswith(f" ({why})")), None)
    if reason:
        outcome = outcome[:-len(reason) - 3]
    verb, _sep, why = outcome.partition(": ")
    if verb == "refused":
        outcome = _(REFUSED, why=reread(why, RECORDED))
    elif verb == "failed":
        outcome = _(FAILED, why=reread(why, RECORDED))
    return f"{outcome} ({translate(REASONS[reason])})" if reason else outcome


def target(url: str, own_inbox, own_target, policy: urlpolicy.Policy,
           account_hosts=None) -> tuple[urlpolicy.Target | None, str]:
    """Where a callback for `url` may really go: (a Target pinned to a checked address, or None; why).
    `own_inbox(url)`: whether it addresses one of the tool's inboxes; those go to `own_target(path_and_query)`,
    which the app delivers in process at its own address, whatever host `url` names. `account_hosts`: a
    sandbox account's own hosts (None for the demo account); a host:port the operator lists keeps the
    operator's rule, any other the account's."""
    try:
        parsed = urlpolicy.parse(url)
        if own_inbox(url):
            return own_target(parsed.path + (f"?{parsed.query}" if parsed.query else "")), OWN_INBOX
        if account_hosts is None or policy.listed(parsed):
            return policy.check(parsed), LISTED
        return policy.check_account(parsed, urlpolicy.parse_entries(account_hosts)), ACCOUNT_LISTED
    except ValueError as exc:  # Refused, or a stored host that no longer reads as one
        return None, f"refused: {exc}"
    except urlpolicy.Unresolved as exc:
        return None, f"failed: {exc}"


def deliver(target: urlpolicy.Target, pairs: list[tuple], timeout: float = 5.0) -> tuple[str, str, str]:
    """One HTTP GET with the parameters appended, to the checked address; (outcome, the request line, the start
    of the merchant server's answer: what a person checking the delivery wants to read)."""
    target = target.with_query(pairs)
    answer = fetch.fetch(target, timeout=timeout, deadline=2 * timeout)
    if answer.status is None:
        return f"failed: {translate(FETCH_FAILURES.get(answer.failure, client.RESET))}", f"GET {target.url}", ""
    return f"HTTP {answer.status}", f"GET {target.url}", answer.body[:ANSWER_SHOWN]


def verify(raw, key: str, kind: str | None = None, reveal: bool = False) -> dict:
    """A received callback or final redirect -> match, mismatch (with the debugger's hypotheses) or unknown.
    Without the key: for each kind tried, the templates the page fills in and hashes itself."""
    pasted = parse(raw if isinstance(raw, str) else "")
    fields = pasted.fields
    if not fields:
        raise ValueError(_("No name=value parameters found: paste the callback's query string, URL or body."))
    key = key.strip(JAVA_TRIM)
    received = fields.get("control", "").strip(JAVA_TRIM)
    method = shown_method(pasted)
    known = kind or _kind_of(method)  # known: only its recipe is right, and the other one is a named mistake
    kinds = [known] if known else ["callback", "redirect"]
    cases = {k: hypotheses.Case(tuple(signing.as_part(p) for p in RECIPES[k]), fields, "", "") for k in kinds}
    expected = {k: candidates.digest(cases[k].expected(), key) if key else None for k in kinds}
    matching = [k for k in kinds if received and expected[k] and signing.same_control(received, expected[k])]
    chosen = (matching or kinds)[0]  # the kind unknown, both matching: the callback (the method would say)
    trace = signing.trace(RECIPES[chosen], fields, "", key)
    match = None if not (received and key) else bool(matching)
    result = {"kind": chosen, "kinds": matching[:1] if method else matching, "method": method,
              "fields": mask_fields(fields, reveal), "received_control": received or None,
              "expected_control": expected[chosen], "string_to_sign": trace.to_dict(reveal)["string_to_sign"],
              "match": match, "diagnosis": [], "warnings": [translate(NOT_SIGNED)]}
    if match is False:
        found = hypotheses.explain(_tried(cases[chosen], known, fields), key, received)
        result["diagnosis"] = [{"id": c.id, "message": c.message, "string_to_sign":
                                candidates.fill(c, key) if reveal else candidates.masked(c)} for c in found]
    elif received and not key:  # the page tries the kinds in this order, the first match wins, as above
        result["hypotheses"] = [{"kind": k, **candidates.to_data(cases[k].expected(), _tried(cases[k], known, fields))}
                                for k in kinds]
    if fields.get("merchant_order") and fields.get("client_orderid") and \
            fields["merchant_order"] != fields["client_orderid"]:
        result["warnings"].append(_("merchant_order and client_orderid differ; the two kinds sign different ones."))
    if len(result["kinds"]) > 1:
        result["warnings"].append(translate(BOTH_KINDS))
    if not received:
        result["warnings"].append(_("There is no control in what was pasted."))
    return result


def _kind_of(method: str | None) -> str | None:
    """The kind the method says: the gateway GETs a callback, the payer's browser POSTs a final redirect."""
    return {"GET": "callback", "POST": "redirect"}.get(method or "")


def _tried(case: hypotheses.Case, kind: str | None, fields: dict) -> list:
    """The debugger's hypotheses for the kind known, after the other kind's recipe as a named mistake. With the
    kind unknown both are tried and the other recipe matching makes it that kind (first match wins): no mistake."""
    if not kind:
        return hypotheses.candidates(case)
    other = "redirect" if kind == "callback" else "callback"
    string = candidates.segments(RECIPES[other], fields)
    if kind == "redirect":
        wrong = candidates.Candidate("callback-formula-for-redirect", _(
            "This final redirect was signed with the callback's recipe (status + orderid + merchant_order); a final "
            "redirect signs status + orderid + client_orderid. A GET to server_callback_url is a callback: check "
            "it as one."), string)
    else:
        wrong = candidates.Candidate("redirect-formula-for-callback", _(
            "This callback was signed with the final redirect's recipe (status + orderid + client_orderid); a "
            "callback signs status + orderid + merchant_order. A POST from the payer's browser to redirect_url is "
            "a final redirect: check it as one."), string)
    same = wrong.canonical() == case.expected().canonical()  # merchant_order equals client_orderid: one string
    return ([] if same else [wrong]) + hypotheses.candidates(case)


def shown_method(pasted) -> str | None:
    """The HTTP method the paste shows (a request line, a URL, a curl command), or None for a bare body."""
    if pasted.source == "http":
        return pasted.method
    if pasted.source == "url":
        return "GET"
    if pasted.source == "curl":  # curl posts only with data (or -X, which sets the method)
        return pasted.method if pasted.body or pasted.method != "POST" else "GET"
    return None
