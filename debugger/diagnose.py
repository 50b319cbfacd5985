"""The debugger: detect the command, recompute the control, explain a mismatch, lint."""

import difflib
import re
from dataclasses import dataclass, field
from urllib.parse import unquote

from debugger import candidates, hypotheses
from debugger.diagnosis import Diagnosis, Mistake, PartRow, Prefill, Target, Verdict
from debugger.lint import finding, lint
from debugger.paste import Pasted
from paynet import signing
from paynet.command import Command
from paynet.i18n import N_, _, translate
from paynet.wire import JAVA_TRIM

_TARGET = r"(?P<group>/group)?/(?P<id>[^/]+)/?$"  # after a command's path: /1111, /group/2222
NO_EXPLANATION = N_("No known mistake reproduces the received control. Most likely the merchant signed with another "
                  "key (check which key belongs to this end point, and sandbox against production), or the values "
                  "signed differ from those pasted (changed after signing, re-encoded by a proxy or a framework). "
                  "Next: ask for the merchant's exact string to sign and compare it part by part with the expected "
                  "one.")  # translated where it is shown


class Ambiguous(Exception):
    def __init__(self, candidates: list[str]):
        super().__init__(", ".join(candidates))
        self.candidates = candidates


class Unreadable(Exception):
    pass


class UnknownCommand(Exception):
    """The URL posts to a command this tool does not know: no recipe to check it with."""

    def __init__(self, name: str, candidates: list[str]):
        super().__init__(name)
        self.name, self.candidates = name, candidates


@dataclass
class Detected:
    spec: Command
    target: Target
    how: str
    notes: list[str] = field(default_factory=list)
    legacy: str = ""  # the old name the URL used (make-rebill)
    by_path: Command | None = None  # the command the URL names


def read_path(path: str, specs: dict[str, Command]) -> tuple[Command | None, Target, str]:
    """(command, target, old name used) of a URL path, read with each command's declared prefix, path, old
    names and group segment; a path under a known prefix that names no command yields its target alone."""
    for spec in specs.values():
        for name in (spec.wire_name, *spec.legacy_paths):
            m = re.search(re.escape(f"{spec.prefix}/{name}") + _TARGET, path)
            if m:
                legacy = "" if name == spec.wire_name else name
                return spec, Target("group" if m["group"] else "endpoint", m["id"]), legacy
    m = _unknown_path(path, specs)
    return None, (Target("group" if m["group"] else "endpoint", m["id"]) if m else Target()), ""


def _unknown_path(path: str, specs: dict[str, Command]) -> re.Match | None:
    prefixes = "|".join(sorted({re.escape(s.prefix) for s in specs.values()}))
    return re.search(f"(?:{prefixes})/(?P<name>.+?)" + _TARGET, path) if prefixes else None


def closest(name: str, specs: dict[str, Command]) -> list[str]:
    """The known commands whose URL names look most like `name` (a typo, an old or a foreign name)."""
    by_wire = {spec.wire_name: spec.name for spec in specs.values()}
    return [by_wire[n] for n in difflib.get_close_matches(name, list(by_wire), n=3, cutoff=0.5)]


def detect(pasted: Pasted, specs: dict[str, Command], command: str | None = None, key: str = "") -> Detected:
    """The command from the URL path, else the one named, else from the set of parameters (several fit:
    the one whose recipe alone reproduces the received control with the key)."""
    named, target, legacy = read_path(pasted.path or "", specs)
    if command:
        if command not in specs:
            raise Unreadable(_("Unknown command %(command)r.", command=command))
        return Detected(specs[command], target, "chosen", legacy=legacy, by_path=named)
    if named:
        return Detected(named, target, "url", legacy=legacy, by_path=named)
    foreign = _unknown_path(pasted.path or "", specs)
    notes = [_("Detected from the parameters; choose the command if it is not the right one.")]
    present = {n for n in pasted.fields if n not in ("control", "merchant_control")}
    if not present and not foreign:
        raise Unreadable(_("No request parameters found in the paste."))
    scored = []
    for spec in specs.values():
        missing = [n for n in spec.required if n not in present]
        unknown = present - set(spec.names)
        scored.append((len(missing) + len(unknown), spec.name))
    best = min(score for score, _ in scored)
    candidates = [name for score, name in scored if score == best]
    if foreign:  # another command's recipe would judge it wrongly: say so, and name the likeliest
        raise UnknownCommand(foreign["name"], closest(foreign["name"], specs) or sorted(candidates))
    if len(candidates) > 1:
        candidates = _by_control(pasted, [specs[c] for c in candidates], target, key) or sorted(candidates)
    if len(candidates) > 1:
        raise Ambiguous(candidates)
    return Detected(specs[candidates[0]], target, "parameters", notes)


def _by_control(pasted: Pasted, candidates: list[Command], target: Target, key: str) -> list[str]:
    """The one candidate whose recipe reproduces the control; none when several (or none) do."""
    received = pasted.fields.get("control", "").strip(JAVA_TRIM)
    if not (received and key.strip(JAVA_TRIM)):
        return []
    matching = {}
    for spec in candidates:
        t = signing.trace(spec.parts, pasted.fields, target.id, key.strip(JAVA_TRIM))
        if signing.same_control(received, t.signature or ""):
            matching.setdefault(t.string_to_sign, []).append(spec.name)
    names = [name for group in matching.values() for name in group]
    return names if len(names) == 1 else []


def _parts(spec: Command, fields: dict, target: Target, trace: signing.SignatureTrace, key: str) -> list[PartRow]:
    """Each recipe part: the value as received, as signed (trimmed, converted), and its byte length."""
    signed = dict(trace.parts)
    rows = []
    for part in spec.parts:
        if part.source == "key":
            received, value = None, (signing.MASK if key else None)
            name = part.name
        elif part.source == "target":
            name = "groupid" if target.kind == "group" else "endpointid"
            received, value = target.id, signed.get(part.name)
        else:
            name, received, value = part.name, fields.get(part.name), signed.get(part.name)
        rows.append(PartRow(name, received, value,
                            len(value.encode()) if value is not None and value != signing.MASK else
                            (len(key.encode()) if part.source == "key" and key else 0),
                            value is None))
    return rows


def diagnose(pasted: Pasted, detected: Detected, key: str = "", endpointid: str = "", groupid: str = "",
             meant_amount: str = "", meant_currency: str = "") -> Diagnosis:
    """The verdict with the key; without it, the same hypotheses as templates for the page to fill and hash.
    meant_amount / meant_currency: what the merchant meant to charge (the amount-signed-not-sent hypothesis)."""
    spec, target = detected.spec, detected.target
    fields = {k: v for k, v in pasted.fields.items() if k != "control"}
    received = pasted.fields.get("control", "").strip(JAVA_TRIM)
    key = key.strip(JAVA_TRIM)
    needs_target = any(p.source == "target" for p in spec.parts)
    trace = signing.trace(spec.parts, fields, target.id, key)
    meant = {"amount": meant_amount.strip(JAVA_TRIM), "currency": meant_currency.strip(JAVA_TRIM)}
    plus_kept = {name: unquote(raw) for name, _value, raw in pasted.pairs if "+" in raw and name in fields}
    case = hypotheses.Case(spec.parts, fields, target.kind, target.id, endpointid, groupid, meant, plus_kept)
    computable = bool(target.id or not needs_target)
    expected = candidates.digest(case.expected(), key) if (key and computable) else None
    result = Diagnosis(
        command=spec.name, detected_by=detected.how, target=target if target.id else None, fields=fields,
        received_control=received or None, expected_control=expected, string_to_sign=trace.string_to_sign,
        masked_string=trace.masked_string(), parts=_parts(spec, fields, target, trace, key),
        verdict=Verdict.NO_CONTROL, lint=_path_findings(detected) + lint(pasted, spec),
        notes=detected.notes + pasted.problems, builder=_prefill(spec, pasted, target))
    if not computable:
        result.notes.append(_("%(command)s signs the end point or group id from the URL, which is not in the "
                              "paste: paste the request line or the URL too.", command=spec.name))
    if not received:
        return result
    if expected is None:
        result.verdict = Verdict.NO_KEY
        if computable:  # the page holds the key: it fills these templates in and hashes them itself
            tried = hypotheses.candidates(case)
            result.hypotheses = {**candidates.to_data(case.expected(), tried), "received": received,
                                 "none_found": _none_found(case, tried)}
    elif signing.same_control(received, expected):
        result.verdict = Verdict.MATCH
    else:
        tried = hypotheses.candidates(case)
        found = hypotheses.explain(tried, key, received)
        result.verdict, result.explanation = Verdict.MISMATCH, None if found else _none_found(case, tried)
        result.diagnosis = [Mistake(c.id, c.message, candidates.fill(c, key), candidates.masked(c)) for c in found]
    return result


def _prefill(spec: Command, pasted: Pasted, target: Target) -> Prefill:
    """The builder's values: the paste's, and the URL's id as endpointid or groupid."""
    values = pasted.builder_values()
    if target.id:
        values["groupid" if target.kind == "group" else "endpointid"] = target.id
    return Prefill(spec.name, values)


def _none_found(case: hypotheses.Case, tried: list) -> str:
    """What to check next when nothing reproduces the control, and the hypotheses that were tried."""
    texts = [translate(NO_EXPLANATION)]
    amount = next((p.name for p in case.recipe if p.minor_units), None)
    if amount and not case.values.get(amount, "").strip(JAVA_TRIM) and not case.meant.get("amount"):
        texts.append(_("The request sends no amount: if the client signs one anyway (the official PHP library's "
                       "capture signs amount + currency and sends neither), give the amount the merchant meant to "
                       "test that."))
    ids = list(dict.fromkeys(c.id for c in tried))
    if ids:
        texts.append(_("Hypotheses tried: %(ids)s.", ids=", ".join(ids)))
    return " ".join(texts)


def _path_findings(detected: Detected) -> list[dict]:
    """An old command name in the URL (checked with the current command's recipe, and said so); a /group/
    segment where the command takes the id straight after its name."""
    spec, old = detected.by_path, detected.legacy
    if spec and not spec.group_segment and detected.target.kind == "group":
        return [finding("error", None, "group-segment", _("%(command)s takes the end point or group id straight "
                        "after the command (%(route)s/ENDPOINTGROUPID), with no /group/ segment.",
                        command=spec.name, route=spec.route))]
    if not (spec and old):
        return []
    target = detected.target.id or "ENDPOINTID"
    return [finding("error", None, "legacy-command-path", _(
        "The URL posts to %(old)s, an old name of %(command)s that public clients still use (the official PHP "
        "library's rebill does). The current docs list only %(route)s/ENDPOINTID and document no answer for "
        "%(old)s: expect the gateway to refuse it as an unknown command (the built-in sandbox answers 404 naming "
        "%(command)s). Checked here with %(command)s's recipe; post to %(route)s/%(target)s.",
        old=old, command=spec.name, route=spec.route, target=target))]
