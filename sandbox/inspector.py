"""The inbound inspector: each request a sandbox account receives, explained with what the sandbox knows (the
account's key and ids, the order being acted on), masked and cut before it is stored."""

from dataclasses import dataclass, field

from debugger import diagnose, paste
from debugger.lint import lint
from paynet import i18n, wire
from paynet.command import CARD_FIELDS, Command
from paynet.i18n import N_, _, translate
from paynet.masking import mask_all, mask_text

MAX_DIAGNOSED, MAX_PARAMETERS = 64 * 1024, 500  # as the debugger's paste limits: hypotheses cost per parameter
# Flow refusals whose cause is the account's own scope, said in words. Stored with the entry in English (the
# sandbox records in English); N_ lets the page translate a hint where it shows it.
FLOW_HINTS = {
    "Order": N_("Orders are per sandbox account: an order created through the demo account or another account is "
             "not visible to this one (nor is one older than 24 hours)."),
    "Card reference": N_("Card references are per sandbox account: create one with create-card-ref after an approved "
                      "payment of this account, and rebill with that one."),
}


@dataclass
class Seen:
    """What the sandbox saw of one request and how it refused it (stage: target, parameters, control, flow)."""

    path: str
    command: str
    body: bytes
    spec: Command | None = None
    values: dict = field(default_factory=dict)
    kind: str = "endpoint"
    target_id: str = ""
    stage: str = ""
    message: str = ""
    context: dict = field(default_factory=dict)  # the order acted on: amount and currency (the sandbox's record)


def diagnose_request(seen: Seen, account) -> dict:
    """The debugger's full diagnosis of a request with the account's key and ids. The one place where the
    sandbox's order context (seen.context: the authorised amount and currency of the order being captured)
    and the account's group id reach the debugger core."""
    pasted = paste.parse(raw_request(seen))
    detected = diagnose.Detected(seen.spec, diagnose.Target(seen.kind, seen.target_id), "url")
    diagnosis = diagnose.diagnose(pasted, detected, account.merchant_control, account.endpointid,
                                  account.groupid, meant_amount=seen.context.get("amount", ""),
                                  meant_currency=seen.context.get("currency", ""))
    return diagnosis.to_dict(secrets=(account.merchant_control,))


def raw_request(seen: Seen) -> str:
    group = "/group" if seen.kind == "group" and seen.spec and seen.spec.group_segment else ""
    target = f"{seen.path}{group}/{seen.target_id}" if seen.target_id else seen.path
    body = seen.body.decode("utf-8", "replace")
    return f"POST {target} HTTP/1.1\r\nContent-Type: application/x-www-form-urlencoded\r\n\r\n{body}"


def verdict(seen: Seen, account) -> dict:
    """accepted, or why not: the debugger's diagnosis for a wrong control, the sandbox's words otherwise."""
    findings = lint(paste.parse(raw_request(seen)), seen.spec) if seen.spec else []
    result = {"outcome": "accepted" if not seen.stage else "refused", "stage": seen.stage or None,
              "message": seen.message, "diagnosis": [], "lint": findings}
    if seen.stage == "control" and (len(seen.body) > MAX_DIAGNOSED or len(seen.values) > MAX_PARAMETERS):
        result["explanation"] = _("Not diagnosed: the debugger reads requests of at most %(bytes)s bytes and "
                                  "%(params)s parameters.", bytes=MAX_DIAGNOSED, params=MAX_PARAMETERS)
    elif seen.stage == "control":
        found = diagnose_request(seen, account)
        result["diagnosis"] = [{"id": d["id"], "message": d["message"], "string_to_sign": d["string_to_sign"]}
                               for d in found["diagnosis"]]
        result["explanation"] = found.get("explanation")
        result["string_to_sign"] = found["string_to_sign"]
        if seen.context:  # the order the request acts on, as the sandbox holds it
            result["order"] = seen.context
    elif seen.stage == "flow":
        hint = next((h for start, h in FLOW_HINTS.items() if seen.message.startswith(start)
                     and "not found" in seen.message), None)
        if hint:
            result["hint"] = translate(hint)
    return result


def verdicts(seen: Seen, account, secrets: tuple) -> dict:
    """The verdict in each other language: the entry is recorded during the merchant's request and read later
    by people of either language (the sandbox's own words inside stay English in all)."""
    found = {}
    for lang in i18n.languages():
        with i18n.using(lang):
            found[lang] = mask_all(verdict(seen, account), secrets)
    return found


def request_entry(seen: Seen, account, status: int, reply_body: str, limit: int) -> dict:
    """The stored entry: the answer, the verdict, the raw exchange (card data and the key masked, each body
    cut to `limit` bytes) and what "open in builder" may carry (no key, no card data)."""
    fields = wire.parse_pairs(reply_body) if status == 200 else {}
    answer = {"http": status, "type": fields.get("type"), "status": fields.get("status"),
              "error_code": fields.get("error-code"), "error_message": fields.get("error-message")}
    secrets = (account.merchant_control,)
    entry = {"kind": "request", "method": "POST", "path": seen.path + (f"/{seen.target_id}" if seen.target_id
                                                                            else ""),
             "command": seen.spec.name if seen.spec else seen.command, "answer": answer,
             "verdict": mask_all(verdict(seen, account), secrets), "verdicts": verdicts(seen, account, secrets),
             "request": cut(mask_text(raw_request(seen), secrets), limit),
             "response": cut(mask_text(f"HTTP/1.1 {status}\r\n\r\n{reply_body}", secrets), limit)}
    if seen.spec:
        values = {k: v for k, v in seen.values.items() if k not in ("control", "merchant_control", *CARD_FIELDS)}
        target = "groupid" if seen.kind == "group" else "endpointid"
        entry["builder"] = {"command": seen.spec.name, "values": mask_all(values | {target: seen.target_id}, secrets)}
    return entry


def callback_entry(url: str, order: str, params: list, outcome: str, retry_in: float | None, body: str = "") -> dict:
    """One attempt at a callback of the account's order: where it went, the merchant server's answer (its status
    and the start of its body), and when the next attempt follows (None: no more)."""
    return {"kind": "callback", "method": "GET", "path": url, "order": order, "params": params,
            "answer": {"outcome": outcome, "body": mask_text(body)}, "retry_in": retry_in}


def cut(text: str, limit: int) -> str:
    data = text.encode("utf-8", "replace")
    if len(data) <= limit:
        return text
    return data[:limit].decode("utf-8", "ignore") + f"\n[cut to its first {limit} bytes of {len(data)}]"
