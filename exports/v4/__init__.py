"""Code exports of a v4 request (OAuth 1.0a RSA-SHA256): curl with openssl, Python, PHP, Node and Java snippets that
build the base string, make a fresh nonce and timestamp and sign when they run, with the private key read from the
file PAYNET_PRIVATE_KEY_FILE names. The key is never an input here; masked card data is read from variables the
snippet declares (exports/cards.py)."""

from dataclasses import dataclass

from exports import cards

from . import java, node, php, python, shell
from .common import KEY_FILE, KEY_UNSET

__all__ = ["KEY_FILE", "KEY_UNSET", "LANGUAGES", "Request", "render", "render_all", "variables"]

LANGUAGES = {
    "curl": ("curl + openssl (bash)", shell.render),
    "python": ("Python (requests, cryptography)", python.render),
    "php": ("PHP (openssl, curl extensions)", php.render),
    "node": ("Node (crypto, fetch)", node.render),
    "java": ("Java (java.security, java.net.http)", java.render),
}
# v4's card fields and the variable each is read from: one card per request, so a deposit's destination card is
# the same PAYNET_CARD_NUMBER as a v2 sale's card.
CARD_VARIABLES = {"credit_card_number": "credit_card_number", "destination-card-no": "credit_card_number"}


@dataclass(frozen=True)
class Request:
    url: str  # the URL the request is sent to and the base string covers
    fields: tuple[tuple[str, str], ...]  # the body as sent, in order
    consumer_key: str  # oauth_consumer_key: the merchant's login
    variables: tuple[cards.Variable, ...] = ()  # the fields whose value comes from a variable (masked card data)
    command: str = ""  # its name under /api/v4/, for the snippet's first comment

    def variable(self, field: str) -> cards.Variable | None:
        return cards.find(self.variables, field)


def variables(masked) -> tuple[cards.Variable, ...]:
    """The variables standing in for v4's masked card fields, in the order given."""
    return tuple(cards.Variable(name, *cards.VARIABLES[CARD_VARIABLES[name]]) for name in masked)


def render(request: Request, language: str) -> str:
    return LANGUAGES[language][1](request)


def render_all(request: Request) -> dict:
    return {lang: {"label": label, "code": fn(request)} for lang, (label, fn) in LANGUAGES.items()}
