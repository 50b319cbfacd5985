"""Known-good signature vectors: per command, worked examples with every intermediate (values -> parts -> string
to sign -> control), the docs' example first, as JSON a merchant's unit tests can load. Variants come from the
recipe's shape (an amount, an "(if sent)" part, a group id), never from a command's name."""

from paynet.i18n import _
from paynet.signing import JAVA_TRIM, Part, Source, trace

FORMAT = "paynet-vectors/1"
# The docs' worked-example key: published in the gateway's documentation, so a test vector, not a secret.
DOCS_KEY = "B17F59B4-A7DC-41B4-8FF9-37D986B43D20"
DOCS_TARGET = "1111"
AMOUNTS = ("1.15", "0.29", "69")  # a float turns the first two into 114 and 28


def vector(name: str, note: str, recipe: tuple[Part, ...], values: dict, target_kind: str, target: str) -> dict:
    signed = trace(recipe, values, target, DOCS_KEY)
    label = "groupid" if target_kind == "group" else "endpointid"
    return {"name": name, "note": note, "target": {"kind": target_kind, "id": target}, "values": values,
            "key": DOCS_KEY,
            "parts": [{"name": label if n == "target" else n, "value": v} for n, v in signed.parts],
            "string_to_sign": signed.string_to_sign, "control": signed.signature}


def command_vectors(recipe: tuple[Part, ...], examples: dict, targets: tuple) -> list[dict]:
    """The docs' example, then the variants its recipe's shape calls for."""
    signed = {p.name for p in recipe if p.source == Source.FIELD} | {p.when for p in recipe if p.when}
    values = {n: examples.get(n, "") for n in sorted(signed, key=_order(recipe))}
    kind = targets[0]
    found = [vector("docs-example", _("The docs' example values and key."), recipe, values, kind, DOCS_TARGET)]
    amount = next((p.name for p in recipe if p.minor_units), None)
    if amount:
        for text in (a for a in AMOUNTS if a != values.get(amount)):
            found.append(vector(f"amount-{text}", _("amount %(text)s in cents, exactly (never through a float).",
                                                      text=text),
                                recipe, {**values, amount: text}, kind, DOCS_TARGET))
    first = next((n for n, v in values.items() if v), None)
    if first:
        found.append(vector("trimmed", _("%(name)s with spaces around it: trimmed before signing, as the gateway "
                            "trims (Java's String.trim).", name=first), recipe,
                            {**values, first: f"  {values[first]}\t"}, kind, DOCS_TARGET))
    for part in recipe:
        if part.when == part.name and values.get(part.name, "").strip(JAVA_TRIM):
            found.append(vector(f"without-{part.name}", _("%(name)s not sent: left out of the string, never "
                                "signed as 0.", name=part.name), recipe, {**values, part.name: ""}, kind, DOCS_TARGET))
    if "group" in targets and any(p.source == Source.TARGET for p in recipe) and kind != "group":
        found.append(vector("group", _("Sent to an end point group: the group id is signed in its place."), recipe,
                            values, "group", "39539"))
    return found


def _order(recipe):
    names = [p.name for p in recipe]
    return lambda n: names.index(n) if n in names else len(names)


def document(commands: list[dict]) -> dict:
    """commands: name, path, recipe (Parts), examples (field -> the docs' example), targets."""
    return {"format": FORMAT,
            "about": _("Each vector: values (trimmed as the gateway trims) -> parts -> string_to_sign -> control "
                       "(SHA-1, lower-case hex). key is the docs' published example key, not a secret."),
            "commands": [{"command": c["name"], "path": c["path"],
                          "recipe": [p.to_dict() for p in c["recipe"]],
                          "vectors": command_vectors(c["recipe"], c["examples"], tuple(c["targets"]))}
                         for c in commands]}
