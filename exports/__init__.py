"""Code exports: one request (URL, fields, recipe) as a runnable snippet in curl, HTTPie, Python, PHP, Node and
Java, each in two forms: `control` (the value the page computed, put in place of PLACEHOLDER) and `env` (the
snippet signs with the MERCHANT_CONTROL environment variable by the recipe). The key is never an input here."""

from dataclasses import dataclass

from exports import java, node, php, python, shell

PLACEHOLDER = "CONTROL_FROM_PAGE"
FORMS = ("control", "env")
LANGUAGES = {
    "curl": ("curl", shell.curl),
    "httpie": ("HTTPie", shell.httpie),
    "python": ("Python (requests)", python.render),
    "php": ("PHP (curl extension)", php.render),
    "node": ("Node (fetch)", node.render),
    "java": ("Java (java.net.http)", java.render),
}


@dataclass(frozen=True)
class Step:
    """One part of the control string as the snippets spell it: where the value comes from (`field`, `target`
    with its literal id, `key` for the environment variable), whether it is converted to cents, and the field
    whose emptiness leaves it out (None: always signed)."""

    source: str
    name: str
    cents: bool = False
    when: str | None = None


@dataclass(frozen=True)
class Request:
    url: str
    fields: tuple[tuple[str, str], ...]  # as sent, in order, without control
    steps: tuple[Step, ...]
    placeholder: str = PLACEHOLDER


def steps(recipe: list[dict], target: str) -> tuple[Step, ...]:
    """The recipe's data (Part.to_dict rows) as steps; the target's id is written into its step."""
    found = []
    for part in recipe:
        when = part.get("when") or (part["name"] if part["if_sent"] else None)
        name = target if part["source"] == "target" else part["name"]
        found.append(Step(part["source"], name, bool(part["minor_units"]), when))
    return tuple(found)


def placeholder_for(fields) -> str:
    """PLACEHOLDER, lengthened until no value contains it, so the page replaces only the control."""
    mark = PLACEHOLDER
    while any(mark in v for _, v in fields):
        mark += "_"
    return mark


def render(request: Request, language: str, form: str) -> str:
    return LANGUAGES[language][1](request, form == "env")


def render_all(request: Request) -> dict:
    return {lang: {"label": label, **{form: fn(request, form == "env") for form in FORMS}}
            for lang, (label, fn) in LANGUAGES.items()}
