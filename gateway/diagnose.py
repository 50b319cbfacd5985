"""The debugger: detect the command, recompute the control, explain a mismatch, lint."""

import re
from dataclasses import dataclass, field

from . import candidates, hypotheses, signing
from .lint import lint
from .paste import Pasted
from .spec import CommandSpec
from .wire import JAVA_TRIM

_TARGET = re.compile(r"/api/v2/(?P<path>.+?)(?P<group>/group)?/(?P<id>[^/]+)/?$")
NO_EXPLANATION = ("No known mistake reproduces the received control. Most likely the merchant signed with another "
                  "key (check which key belongs to this end point, and sandbox against production), or the values "
                  "signed differ from those pasted (changed after signing, re-encoded by a proxy or a framework). "
                  "Next: ask for the merchant's exact string to sign and compare it part by part with the expected "
                  "one.")


class Ambiguous(Exception):
    def __init__(self, candidates: list[str]):
        super().__init__(", ".join(candidates))
        self.candidates = candidates


class Unreadable(Exception):
    pass


@dataclass
class Target:
    kind: str = ""  # "endpoint" | "group" | "" when the paste has no URL
    id: str = ""


@dataclass
class Detected:
    spec: CommandSpec
    target: Target
    how: str
    notes: list[str] = field(default_factory=list)


def detect(pasted: Pasted, specs: dict[str, CommandSpec], command: str | None = None, key: str = "") -> Detected:
    """The command from the URL path, else the one named, else from the set of parameters (several fit:
    the one whose recipe alone reproduces the received control with the key)."""
    by_path = {s.path: s for s in specs.values()}
    m = _TARGET.search(pasted.path or "")
    target = Target("group" if m and m["group"] else "endpoint", m["id"]) if m else Target()
    if command:
        if command not in specs:
            raise Unreadable(f"Unknown command {command!r}.")
        return Detected(specs[command], target, "chosen")
    if m and m["path"] in by_path:
        return Detected(by_path[m["path"]], target, "url")
    notes = [f"The URL path {pasted.path!r} names no known command; detected from the parameters."] if m else []
    notes.append("Detected from the parameters; choose the command if it is not the right one.")
    present = {n for n in pasted.fields if n not in ("control", "merchant_control")}
    if not present:
        raise Unreadable("No request parameters found in the paste.")
    scored = []
    for spec in specs.values():
        missing = [n for n in spec.required if n not in present]
        unknown = present - set(spec.names)
        scored.append((len(missing) + len(unknown), spec.name))
    best = min(score for score, _ in scored)
    candidates = [name for score, name in scored if score == best]
    if len(candidates) > 1:
        candidates = _by_control(pasted, [specs[c] for c in candidates], target, key) or sorted(candidates)
    if len(candidates) > 1:
        raise Ambiguous(candidates)
    return Detected(specs[candidates[0]], target, "parameters", notes)


def _by_control(pasted: Pasted, candidates: list[CommandSpec], target: Target, key: str) -> list[str]:
    """The one candidate whose recipe reproduces the control; none when several (or none) do."""
    received = pasted.fields.get("control", "").strip(JAVA_TRIM)
    if not (received and key.strip(JAVA_TRIM)):
        return []
    matching = {}
    for spec in candidates:
        t = signing.trace(spec.recipe, pasted.fields, target.id, key.strip(JAVA_TRIM))
        if signing.same_control(received, t.signature or ""):
            matching.setdefault(t.string_to_sign, []).append(spec.name)
    names = [name for group in matching.values() for name in group]
    return names if len(names) == 1 else []


def _parts(spec: CommandSpec, fields: dict, target: Target, trace: signing.SignatureTrace, key: str) -> list[dict]:
    """Each recipe part: the value as received, as signed (trimmed, converted), and its byte length."""
    signed = dict(trace.parts)
    rows = []
    for part in spec.recipe:
        if part.source == "key":
            received, value = None, (signing.MASK if key else None)
            name = part.name
        elif part.source == "target":
            name = "groupid" if target.kind == "group" else "endpointid"
            received, value = target.id, signed.get(part.name)
        else:
            name, received, value = part.name, fields.get(part.name), signed.get(part.name)
        rows.append({"name": name, "received": received, "signed": value,
                     "bytes": len(value.encode()) if value is not None and value != signing.MASK else
                     (len(key.encode()) if part.source == "key" and key else 0),
                     "left_out": value is None})
    return rows


def diagnose(pasted: Pasted, detected: Detected, key: str = "", endpointid: str = "", groupid: str = "",
             reveal: bool = False) -> dict:
    """The verdict with the key; without it, the same hypotheses as templates for the page to fill and hash."""
    spec, target = detected.spec, detected.target
    fields = {k: v for k, v in pasted.fields.items() if k != "control"}
    received = pasted.fields.get("control", "").strip(JAVA_TRIM)
    key = key.strip(JAVA_TRIM)
    needs_target = any(p.source == "target" for p in spec.recipe)
    trace = signing.trace(spec.recipe, fields, target.id, key)
    case = hypotheses.Case(spec.recipe, fields, target.kind, target.id, endpointid, groupid)
    computable = bool(target.id or not needs_target)
    expected = candidates.digest(case.expected(), key) if (key and computable) else None
    result = {
        "command": spec.name, "detected_by": detected.how,
        "target": {"kind": target.kind, "id": target.id} if target.id else None,
        "fields": fields, "received_control": received or None, "expected_control": expected,
        "string_to_sign": trace.string_to_sign if reveal else trace.masked_string(),
        "parts": _parts(spec, fields, target, trace, key),
        "match": None, "verdict": "", "diagnosis": [], "lint": lint(pasted, spec),
        "notes": detected.notes + pasted.problems,
    }
    if not computable:
        result["notes"].append(f"{spec.name} signs the end point or group id from the URL, which is not in the "
                               "paste: paste the request line or the URL too.")
    if not received:
        result["verdict"] = "no-control"
    elif expected is None:
        result["verdict"] = "no-key"
        if computable:  # the page holds the key: it fills these templates in and hashes them itself
            result["hypotheses"] = {**candidates.to_data(case.expected(), hypotheses.candidates(case)),
                                    "received": received, "none_found": NO_EXPLANATION}
    elif signing.same_control(received, expected):
        result.update(match=True, verdict="match")
    else:
        found = hypotheses.explain(hypotheses.candidates(case), key, received)
        result.update(match=False, verdict="mismatch", explanation=None if found else NO_EXPLANATION)
        result["diagnosis"] = [{"id": c.id, "message": c.message, "string_to_sign":
                                candidates.fill(c, key) if reveal else candidates.masked(c)} for c in found]
    return result
