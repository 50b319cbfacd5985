"""Findings about a pasted request that do not depend on the signature."""

import re

from debugger.paste import Pasted
from paynet.amounts import AmountError, parse_amount
from paynet.command import CARD_FIELDS, Command
from paynet.i18n import _
from paynet.urls import is_web_url
from paynet.wire import JAVA_TRIM

FORM_CONTENT_TYPE = "application/x-www-form-urlencoded"
# Where a space is never right, so a '+' read as one breaks the value (a phone's country code, an e-mail's tag);
# elsewhere a '+' is a correctly encoded space, and the unencoded-plus hypothesis tells when it was signed as '+'.
SPACELESS = frozenset({"login", "email", "phone", "cell_phone", "currency", "ipaddress", "orderid", "cardrefid",
                       "endpointid", "groupid", "control"})


def finding(severity: str, field: str | None, code: str, message: str) -> dict:
    return {"severity": severity, "field": field, "code": code, "message": message}


def lint(pasted: Pasted, spec: Command | None) -> list[dict]:
    found = _transport(pasted) + _encoding(pasted, spec)
    fields = pasted.fields
    if "merchant_control" in fields:
        found.insert(0, finding("critical", "merchant_control", "leaked-secret",
                                _("THE MERCHANT CONTROL KEY IS IN THE REQUEST. It is a secret that must never be sent: "
                                  "it is now exposed to everything that saw this request (logs, proxies). Remove it "
                                  "from the client, and ask the gateway for a new key.")))
    if spec is not None:
        found += _against_spec(fields, spec)
    return found


def _transport(pasted: Pasted) -> list[dict]:
    found = []
    host = pasted.header("Host")
    if host and "://" in host:
        found.append(finding("warning", None, "host-with-scheme", _("The Host header holds a scheme (%(host)r); it "
                             "must be the host name only, e.g. sandbox.payneteasy.com.", host=host)))
    content_type = pasted.header("Content-Type")
    if content_type is not None and content_type.split(";")[0].strip().lower() != FORM_CONTENT_TYPE:
        found.append(finding("error", None, "content-type", _("Content-Type is %(value)r; the gateway "
                             "requires %(wanted)s.", value=content_type, wanted=FORM_CONTENT_TYPE)))
    if pasted.method != "POST" and pasted.source in ("http", "curl"):
        found.append(finding("error", None, "method", _("The request uses %(method)s; the API takes POST.",
                                                        method=pasted.method)))
    return found


def _encoding(pasted: Pasted, spec: Command | None) -> list[dict]:
    found = []
    spaceless = SPACELESS | {p.name for p in (spec.params if spec else ()) if p.amount or p.card or p.url}
    if "¤cy=" in pasted.body or "¤cy" in pasted.fields:
        found.append(finding("error", "currency", "currency-eaten",
                             _("The body holds '¤cy=': an HTML page turned '&curren' into '¤', so the '&currency=' "
                               "parameter was eaten (the Solid Payments docs page shows exactly this). Type "
                               "'&currency=' again.")))
    for fragment in pasted.fragments:
        found.append(finding("error", None, "unencoded-ampersand", _("%(fragment)r has no '=': an "
                             "unencoded '&' inside a value cut it in two (encode it as %%26), or text that is not "
                             "part of the body.", fragment=fragment.strip()[:60])))
    for name, value, raw in pasted.pairs:
        if "+" in raw and name in spaceless:
            found.append(finding("warning", name, "unencoded-plus", _("%(name)s: a literal '+' decodes as a space "
                                 "(%(raw)r is read as %(value)r); encode a plus sign as %%2B.", name=name, raw=raw,
                                 value=value)))
        if '"' in raw:
            found.append(finding("warning", name, "unencoded-quote", _("%(name)s: a literal '\"' in the value; "
                                 "encode it as %%22.", name=name)))
    spaced = [name for name, _, raw in pasted.pairs if " " in raw]
    if spaced:
        found.append(finding("info", spaced[0], "unencoded-space", _("Literal spaces in %(names)s: a "
                             "client must URL-encode values (a space as + or %%20).", names=", ".join(spaced))))
    return found


def _against_spec(fields: dict[str, str], spec: Command) -> list[dict]:
    found = []
    params = {p.name: p for p in spec.params}
    form = spec.response == "async-form-response"
    for name in spec.required:
        if not fields.get(name, "").strip(JAVA_TRIM):
            found.append(finding("error", name, "missing-required", _("%(name)s is required by %(command)s.",
                                                                      name=name, command=spec.name)))
    for name, value in fields.items():
        param = params.get(name)
        if name in ("control", "merchant_control", "¤cy"):
            continue
        if param is None:
            if form and name in CARD_FIELDS:
                found.append(finding("error", name, "card-data-to-form", _("%(name)s: card data sent to a form "
                                     "command. The payer types card data on the hosted page; never send it here.",
                                     name=name)))
            else:
                found.append(finding("warning", name, "unknown-parameter", _("%(name)s is not a parameter of "
                                     "%(command)s; the gateway ignores it at best.", name=name, command=spec.name)))
            continue
        text = value.strip(JAVA_TRIM)
        if param.max_length and len(text) > param.max_length:
            found.append(finding("error", name, "too-long", _("%(name)s is %(length)s characters; the documented "
                                 "maximum is %(max)s.", name=name, length=len(text), max=param.max_length)))
        if param.amount and text:
            try:
                parse_amount(text)
            except AmountError as exc:
                found.append(finding("error", name, "bad-amount", f"{name} {exc}."))
        if param.url and text and not is_web_url(text):
            found.append(finding("error", name, "not-web-url", _("%(name)s must be an absolute http:// or https:// "
                                 "URL (a scheme, ://, a host); a relative, javascript: or data: URL is refused.",
                                 name=name)))
    if fields.get("redirect_url") and (fields.get("redirect_success_url") or fields.get("redirect_fail_url")):
        found.append(finding("warning", "redirect_url", "redirect-exclusive", _("Both redirect_url and "
                             "redirect_success_url/redirect_fail_url are sent; the docs say use one or the other.")))
    control = fields.get("control", "")
    if control and not re.fullmatch(r"[0-9a-f]{40}", control.strip(JAVA_TRIM)):
        found.append(finding("warning", "control", "control-format", _("control is not 40 lower-case hex characters "
                             "(a SHA-1 digest).")))
    return found
