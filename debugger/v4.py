"""Why a v4 request's signature does not verify, proved with the merchant's RSA public key: the base string the
gateway rebuilds is tried first, then each known variant alone (v4_variants.py), then every two of them together.
Only the base string the client really signed verifies, so a variant named here is a fact, not a guess."""

import base64
import difflib
import itertools
from dataclasses import dataclass

from debugger import v4_lint
from debugger.v4_paste import V4Paste
from debugger.v4_variants import VARIANTS, Reading, Variant
from paynet import oauth
from paynet.i18n import _, translate
from paynet.masking import KEY_FIELDS, MASK, mask_all, mask_card

# Values shown masked in every base string the debugger returns (the v4 commands' card fields).
CARD_NUMBERS = ("credit_card_number", "destination-card-no", "destination_card_no")
HIDDEN = ("cvv2",)
MAX_DIFF = 4096  # characters of a changed middle compared in detail; beyond, one span is marked


@dataclass(frozen=True)
class Tried:
    variants: tuple[Variant, ...]
    reading: Reading


def explain(pasted: V4Paste, public_key, commands: dict, now: float, reused_nonce: bool = False) -> dict:
    """{verdict: match | mismatch | unreadable, match, base_string, diagnosis[], lint[], tried, problems}."""
    result = {"verdict": "unreadable", "match": False, "base_string": "", "diagnosis": [], "lint": [], "tried": 0,
              "problems": list(pasted.problems)}
    header = _header(pasted, result)
    if header is None or not pasted.url:
        return result
    standard = Reading(pasted.url, tuple(pasted.pairs), tuple(sorted(
        (k, oauth.decode_header_value(v)) for k, v in header.items() if k.startswith("oauth_")
        and k != "oauth_signature")), header["oauth_signature"])
    result["base_string"] = _shown(standard).base()
    result["lint"] = v4_lint.lint(pasted, header, commands, now, reused_nonce)
    result["tried"] = 1
    if _verifies(standard, public_key):
        return result | {"verdict": "match", "match": True}
    result["verdict"] = "mismatch"
    context = {"consumer_key": oauth.decode_header_value(header["oauth_consumer_key"])}
    found, tried = _search(standard, public_key, context)
    result["tried"] += tried
    result["diagnosis"] = [_finding(t, standard) for t in found] or [_unexplained(result["tried"], _size_problem(
        standard, public_key))]
    return result


def _size_problem(standard: Reading, public_key) -> str:
    """Why no reading could verify, when the signature itself says so: not Base64, or not the key's size."""
    try:
        size = len(base64.b64decode(standard.signature(), validate=True))
    except ValueError:
        return _("Besides, oauth_signature is not Base64 once read from the header.")
    if size != public_key.key_size // 8:
        return _("Besides, oauth_signature is %(size)s bytes long, and a %(bits)s-bit key's signatures are %(bytes)s "
                 "bytes: it was cut, or made with a key of another size.", size=size, bits=public_key.key_size,
                 bytes=public_key.key_size // 8)
    return ""


def _header(pasted: V4Paste, result: dict) -> dict | None:
    """The header's parameters as written, or None with the problem said."""
    if not pasted.authorization:
        return None
    try:
        header = oauth.parse_header_raw(pasted.authorization)
    except ValueError as exc:
        result["problems"].append(str(exc) + ".")
        return None
    missing = [n for n in (*oauth.SIGNED_OAUTH, "oauth_signature") if n not in header]
    if missing:
        result["problems"].append(_("The Authorization header lacks %(names)s: a v4 request carries all six oauth "
                                    "parameters.", names=", ".join(missing)))
        return None
    method = oauth.decode_header_value(header["oauth_signature_method"])
    if method != oauth.RSA_SHA256:
        result["problems"].append(_("oauth_signature_method is %(method)s: this debugger proves RSA-SHA256 "
                                    "signatures, the only method v4 takes.", method=repr(method[:40])))
        return None
    return header


def _verifies(reading: Reading, public_key, memo: dict | None = None) -> bool:
    return oauth.verify_rsa(reading.base(memo), reading.signature(), public_key)


def _search(standard: Reading, public_key, context: dict) -> tuple[list[Tried], int]:
    """Each variant alone; if none verifies, every two variants of different parts together (at most
    len(VARIANTS) choose 2 pairs, each with the few readings its variants make)."""
    tried, found, memo = 0, [], {}
    for variant in VARIANTS:
        for reading in variant.apply(standard, context):
            tried += 1
            if _verifies(reading, public_key, memo) and variant.id not in {t.variants[0].id for t in found}:
                found.append(Tried((variant,), reading))
    if found:
        return found, tried
    for first, second in itertools.combinations(VARIANTS, 2):
        if first.part == second.part:
            continue
        for one in first.apply(standard, context):
            for both in second.apply(one, context):
                tried += 1
                if _verifies(both, public_key, memo):
                    return [Tried((first, second), both)], tried
    return [], tried


def _mask(pairs) -> tuple:
    return tuple((k, mask_card(v) if k in CARD_NUMBERS and v else MASK if k in HIDDEN + KEY_FIELDS and v else v)
                 for k, v in pairs)


BASE_STRINGS = ("base_string", "segments", "header_signature")


def masked(result: dict, secrets: tuple = ()) -> dict:
    """The result as shown: its texts masked (paynet.masking), its base strings, masked by name when built, only
    cleared of the given secrets (masking them again as text would mangle '411111%252A...1111')."""
    def clear(value):
        if isinstance(value, str):
            return next((value.replace(s, MASK) for s in secrets if s and s in value), value)
        return [clear(v) for v in value] if isinstance(value, list) else (
            {k: clear(v) for k, v in value.items()} if isinstance(value, dict) else value)
    shown = mask_all({k: v for k, v in result.items() if k not in ("base_string", "diagnosis")}, secrets)
    shown["base_string"] = clear(result["base_string"])
    shown["diagnosis"] = [mask_all({k: v for k, v in d.items() if k not in BASE_STRINGS}, secrets)
                          | {k: clear(d[k]) for k in BASE_STRINGS if k in d} for d in result["diagnosis"]]
    return shown


def _shown(reading: Reading) -> Reading:
    return Reading(reading.url, _mask(reading.body), reading.oauth, reading.header_signature, reading.encode,
                   reading.order, reading.decode)


def message(variant: Variant) -> str:
    return translate(variant.message) % {}


def _finding(tried: Tried, standard: Reading) -> dict:
    ids = [v.id for v in tried.variants]
    signed = _shown(tried.reading).base()
    found = {"id": "+".join(ids), "variants": ids, "message": " ".join(message(v) for v in tried.variants),
             "base_string": signed, "segments": segments(_shown(standard).base(), signed)}
    if tried.reading.decode is not standard.decode:
        found["header_signature"] = {"sent": tried.reading.header_signature,
                                     "expected": oauth.encode(tried.reading.signature())}
    return found


def _unexplained(tried: int, besides: str) -> dict:
    return {"id": "unexplained", "variants": [], "base_string": "", "segments": [], "message": " ".join(filter(None, (_(
        "No known mistake explains this signature: %(tried)s base strings were tried (the gateway's, each of the "
        "%(count)s variants alone, and every two of them together) and none verifies with this public key. Either "
        "the private key that signed is not this public key's pair, or a value was changed after signing.",
        tried=tried, count=len(VARIANTS)), besides)))}


def segments(ours: str, theirs: str) -> list[list[str]]:
    """Both base strings in one: [text, "same" | "gateway" | "client"], a piece only the gateway's has, or only
    the one the client signed."""
    start = 0
    while start < min(len(ours), len(theirs)) and ours[start] == theirs[start]:
        start += 1
    end = 0
    while end < min(len(ours), len(theirs)) - start and ours[-1 - end] == theirs[-1 - end]:
        end += 1
    a, b = ours[start:len(ours) - end], theirs[start:len(theirs) - end]
    pieces = [[ours[:start], "same"]]
    if max(len(a), len(b)) <= MAX_DIFF:
        for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
            if tag == "equal":
                pieces.append([a[i1:i2], "same"])
            else:
                pieces += [[a[i1:i2], "gateway"], [b[j1:j2], "client"]]
    else:
        pieces += [[a, "gateway"], [b, "client"]]
    pieces.append([ours[len(ours) - end:], "same"])
    merged: list[list[str]] = []
    for text, kind in pieces:
        if text and merged and merged[-1][1] == kind:
            merged[-1][0] += text
        elif text:
            merged.append([text, kind])
    return merged
