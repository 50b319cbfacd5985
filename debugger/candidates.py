"""Candidate strings to sign as templates with a slot for the key: the server fills and hashes them when a
script sends the key, the page (static/verdict.js) when a person holds it; both read the same data."""

import hashlib
import hmac
from dataclasses import dataclass

from paynet.amounts import to_minor
from paynet.signing import MASK, Source, as_part, part_value
from paynet.wire import JAVA_TRIM

KEY_TRANSFORMS = ("trimmed", "left-out")  # the key as the gateway reads it (Java trim), or not signed at all
ALGORITHMS = ("sha1", "sha256", "md5", "hmac-sha1")  # hmac-sha1 is keyed with the key, over the segments


@dataclass(frozen=True)
class Candidate:
    """One way to compute a control: segments (None is the key's slot), key transform, algorithm, hex case."""

    id: str
    message: str
    segments: tuple
    key: str = "trimmed"
    algorithm: str = "sha1"
    hex: str = "lower"  # "upper": only an upper-case control matches; "lower": compared ignoring case

    def canonical(self) -> tuple:
        """The same computation whatever the split into segments: adjacent texts merged, empty ones dropped."""
        merged, text = [], ""
        for segment in self.segments:
            if segment is None:
                merged += [text, None]
                text = ""
            else:
                text += segment
        return (*merged, text, self.key, self.algorithm, self.hex)


def segments(recipe, values: dict, target: str = "", trim: bool = True, minor=to_minor) -> tuple:
    """The recipe's parts as signed, with None where the key goes (signing.trace without the key)."""
    out = []
    for item in recipe:
        part = as_part(item)
        value = None if part.source == Source.KEY else part_value(part, values, target or "", "", trim, minor)
        if part.source == Source.KEY or value is not None:
            out.append(value)
    return tuple(out)


def fill(candidate: Candidate, key: str, slot: str | None = None) -> str:
    """The string the candidate signs: `slot` (or the transformed key) in each key slot."""
    value = _key(candidate, key) if slot is None else ("" if candidate.key == "left-out" else slot)
    return "".join(value if s is None else s for s in candidate.segments)


def masked(candidate: Candidate) -> str:
    return fill(candidate, "", MASK)


def digest(candidate: Candidate, key: str) -> str:
    text = fill(candidate, key).encode()
    if candidate.algorithm == "hmac-sha1":
        hexdigest = hmac.new(_key(candidate, key).encode(), text, hashlib.sha1).hexdigest()
    else:
        hexdigest = hashlib.new(candidate.algorithm, text).hexdigest()
    return hexdigest.upper() if candidate.hex == "upper" else hexdigest


def matches(candidate: Candidate, key: str, received: str) -> bool:
    wanted = received if candidate.hex == "upper" else received.lower()
    return hmac.compare_digest(digest(candidate, key).encode(), wanted.encode())


def _key(candidate: Candidate, key: str) -> str:
    return "" if candidate.key == "left-out" else key.strip(JAVA_TRIM)


def to_data(expected: Candidate, candidates: list[Candidate]) -> dict:
    """JSON for the page: every distinct text once, segments as indexes into it (null: the key's slot),
    so hundreds of reorderings of long values stay small."""
    texts, index = [], {}

    def ref(segment):
        if segment is None:
            return None
        if segment not in index:
            index[segment] = len(texts)
            texts.append(segment)
        return index[segment]

    def one(c: Candidate) -> dict:
        return {"id": c.id, "message": c.message, "segments": [ref(s) for s in c.segments], "key": c.key,
                "algorithm": c.algorithm, "hex": c.hex}

    return {"texts": texts, "expected": one(expected), "candidates": [one(c) for c in candidates]}
