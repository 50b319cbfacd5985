"""The debugger's diagnosis as a record: diagnose.diagnose builds it whole, and to_dict is the one place it is
masked for a reply (the page, the JSON API, the sandbox's inspector)."""

from dataclasses import asdict, dataclass, field
from enum import StrEnum

from paynet.masking import mask_all, mask_fields

# What the page fills the key into and hashes, compared digit for digit: never masked (see Diagnosis.to_dict).
EXACT = ("texts", "received")


class Verdict(StrEnum):
    MATCH = "match"
    MISMATCH = "mismatch"
    NO_KEY = "no-key"  # a control but no key: the page checks it with the key it holds
    NO_CONTROL = "no-control"


@dataclass
class Target:
    kind: str = ""  # "endpoint" | "group" | "" when the paste has no URL
    id: str = ""


@dataclass
class PartRow:
    """One recipe part: the value as received, as signed (trimmed, converted), and its byte length."""

    name: str
    received: str | None
    signed: str | None  # the key's part: *** (or None without a key), never the key
    bytes: int
    left_out: bool


@dataclass
class Mistake:
    """A known mistake whose string reproduces the received control."""

    id: str
    message: str
    string_to_sign: str = field(repr=False)  # with the key in its slot
    masked_string: str  # with *** in the key's slot

    def to_dict(self, reveal: bool) -> dict:
        return {"id": self.id, "message": self.message,
                "string_to_sign": self.string_to_sign if reveal else self.masked_string}


@dataclass
class Prefill:
    """What "Open in builder" fills in: the command and the values pasted (no control, key or card data), with
    the target's id as endpointid or groupid."""

    command: str
    values: dict[str, str]


@dataclass
class Diagnosis:
    command: str
    detected_by: str  # "url" | "chosen" | "parameters"
    target: Target | None  # None when the paste names no end point or group id
    fields: dict[str, str]  # as pasted, but the control
    received_control: str | None
    expected_control: str | None  # None without the key, or when the recipe's id is not in the paste
    string_to_sign: str = field(repr=False)  # with the key
    masked_string: str
    parts: list[PartRow]
    verdict: Verdict
    lint: list[dict]
    notes: list[str]
    builder: Prefill
    diagnosis: list[Mistake] = field(default_factory=list)
    hypotheses: dict | None = None  # only for no-key with the id known: templates the page fills and hashes
    explanation: str | None = None  # mismatch only: what to check next when no known mistake explains it

    @property
    def match(self) -> bool | None:
        return {Verdict.MATCH: True, Verdict.MISMATCH: False}.get(self.verdict)

    def to_dict(self, reveal: bool = False, secrets: tuple[str, ...] = ()) -> dict:
        """The reply. Unless `reveal`: *** in the key's slot, card fields masked, and every string (keys too)
        through mask_all with `secrets` (the key as typed), since a key or a card number may sit anywhere in
        a paste; but the hypotheses' texts and received control stay exact: the page hashes and compares them
        (a digit run in a control or a signed value may look like a card number), and they hold no key
        (templates come only without one) and no card field."""
        data = {
            "command": self.command, "detected_by": self.detected_by,
            "target": asdict(self.target) if self.target else None, "fields": mask_fields(self.fields, reveal),
            "received_control": self.received_control, "expected_control": self.expected_control,
            "string_to_sign": self.string_to_sign if reveal else self.masked_string,
            "parts": [asdict(p) for p in self.parts], "match": self.match, "verdict": str(self.verdict),
            "diagnosis": [m.to_dict(reveal) for m in self.diagnosis], "lint": self.lint, "notes": self.notes,
        }
        if self.hypotheses is not None:
            data["hypotheses"] = self.hypotheses
        if self.verdict == Verdict.MISMATCH:
            data["explanation"] = self.explanation
        data["builder"] = asdict(self.builder)
        if reveal:
            return data
        masked = mask_all(data, secrets)
        if self.hypotheses is not None:
            masked["hypotheses"].update({k: self.hypotheses[k] for k in EXACT})
        return masked
