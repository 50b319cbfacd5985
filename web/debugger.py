"""The debugger's request handling shared by the page and the JSON API (no routes here)."""

from flask import current_app

from gateway import diagnose, paste
from gateway.signing import MASK
from gateway.spec import CARD_FIELDS, mask_card
from gateway.wire import utf8_problem


class DebugError(Exception):
    def __init__(self, status: int, kind: str, message: str, **extra):
        super().__init__(message)
        self.status, self.kind, self.message, self.extra = status, kind, message, extra


def run(raw, key="", command=None, endpointid="", groupid="", reveal=False) -> dict:
    """Paste -> result dict; DebugError for unreadable input or an ambiguous command."""
    if not isinstance(raw, str) or not raw.strip():
        raise DebugError(400, "unparseable", "Paste a request: raw HTTP, a curl command, a URL or a body.")
    if utf8_problem("raw", raw):
        raise DebugError(400, "invalid", utf8_problem("raw", raw))
    pasted = paste.parse(raw)
    if not pasted.pairs:
        raise DebugError(400, "unparseable", " ".join(pasted.problems) or "No request parameters found in the paste.")
    specs = current_app.extensions["specs"]
    try:
        detected = diagnose.detect(pasted, specs, command or None, key or "")
    except diagnose.Ambiguous as exc:
        raise DebugError(422, "ambiguous-command", "These parameters fit several commands; choose one: "
                         f"{', '.join(exc.candidates)}.", candidates=exc.candidates) from None
    except diagnose.Unreadable as exc:
        raise DebugError(400, "unparseable", str(exc)) from None
    demo = current_app.extensions["sandbox"].demo
    if detected.target.id in (demo.endpointid, demo.groupid):  # the sandbox's own ids are known
        endpointid, groupid = endpointid or demo.endpointid, groupid or demo.groupid
    result = diagnose.diagnose(pasted, detected, key or "", endpointid or "", groupid or "", reveal)
    if not reveal:
        result["fields"] = {k: MASK if k == "merchant_control" else mask_card(v) if k in CARD_FIELDS else v
                            for k, v in result["fields"].items()}
    result["builder"] = {"command": result["command"], "values": {
        k: v for k, v in pasted.fields.items() if k not in ("control", "merchant_control", *CARD_FIELDS)}}
    if "¤cy" in result["builder"]["values"]:  # the eaten &currency= parameter, restored for the fix
        result["builder"]["values"]["currency"] = result["builder"]["values"].pop("¤cy")
    if result["target"]:
        kind = "groupid" if result["target"]["kind"] == "group" else "endpointid"
        result["builder"]["values"][kind] = result["target"]["id"]
    return result
