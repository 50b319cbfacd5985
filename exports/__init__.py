"""Code exports: one request (URL, fields, recipe) as a runnable snippet in curl, HTTPie, Python, PHP, Node and
Java, each in two forms: `control` (the value the page computed, put in place of PLACEHOLDER) and `env` (the
snippet signs with the MERCHANT_CONTROL environment variable by the recipe). The key is never an input here;
masked card data is read from variables the snippet declares (exports/cards.py)."""

from dataclasses import dataclass, replace

from exports import java, node, php, python, shell
from exports.cards import Variable, find
from paynet.fingerprint import SHELL
from paynet.signing import Part, Source

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
class Request:
    url: str
    fields: tuple[tuple[str, str], ...]  # as sent, in order, without control
    steps: tuple[Part, ...]  # the recipe, the target part named by its literal id
    placeholder: str = PLACEHOLDER
    variables: tuple[Variable, ...] = ()  # the fields whose value comes from a variable (masked card data)

    def variable(self, field: str) -> Variable | None:
        return find(self.variables, field)


def steps(recipe: tuple[Part, ...], target: str) -> tuple[Part, ...]:
    """The recipe as the snippets spell it: the target's part carries the literal id as its name."""
    return tuple(replace(p, name=target) if p.source == Source.TARGET else p for p in recipe)


def placeholder_for(fields) -> str:
    """PLACEHOLDER, lengthened until no value contains it, so the page replaces only the control."""
    mark = PLACEHOLDER
    while any(mark in v for _, v in fields):
        mark += "_"
    return mark


# Each language's line comment; a first line that must stay first (a shebang, PHP's opening tag) stays.
COMMENTS = {"curl": "#", "httpie": "#", "python": "#", "php": "//", "node": "//", "java": "//"}
KEEP_FIRST = ("#!", "<?php")


def fingerprint_note(fingerprint: str) -> str:
    """Which key a snippet needs, without the key: its fingerprint and how to compute one by hand."""
    return f"key fingerprint: {fingerprint} ({SHELL})"


def with_fingerprint(language: str, snippet: str, fingerprint: str) -> str:
    """`snippet` with a comment line naming the key's fingerprint (a read one: 8 hex digits), near its top."""
    line = f"{COMMENTS[language]} {fingerprint_note(fingerprint)}\n"
    first, sep, rest = snippet.partition("\n")
    if first.startswith(KEEP_FIRST):
        return first + sep + line + rest
    return line + snippet


def render(request: Request, language: str, form: str) -> str:
    return LANGUAGES[language][1](request, form == "env")


def render_all(request: Request) -> dict:
    return {lang: {"label": label, **{form: fn(request, form == "env") for form in FORMS}}
            for lang, (label, fn) in LANGUAGES.items()}
