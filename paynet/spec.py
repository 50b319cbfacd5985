"""A command as plain data, for the parts of the core that must not know WTForms."""

from collections.abc import Callable
from dataclasses import dataclass

from paynet.masking import mask_card  # noqa: F401 - the one masking rule, imported from here by forms
from paynet.signing import Part

# Card data a merchant may send to server-to-server commands; form commands never take it.
CARD_FIELDS = ("credit_card_number", "card_printed_name", "expire_month", "expire_year", "cvv2")


@dataclass(frozen=True)
class ParamSpec:
    name: str
    necessity: str = "optional"
    max_length: int | None = None
    amount: bool = False
    card: bool = False
    url: bool = False  # an absolute http(s) URL only (paynet.urls.is_web_url)


@dataclass(frozen=True)
class CommandSpec:
    name: str
    recipe: tuple[Part, ...]
    response: str
    validate: Callable[[dict], dict[str, list[str]]]
    params: tuple[ParamSpec, ...] = ()
    wire_path: str = ""
    transaction: str = ""  # what it does to an order: sale, preauth, verify, capture, return, void, ...
    prefix: str = "/api/v2"  # the API path before the command: /api/v2, or /api/3ds/v1 for the 3DS uploads
    targets: tuple[str, ...] = ("endpoint", "group")
    group_segment: bool = True  # a group id travels as .../group/<id> (False: straight after the command)
    legacy_paths: tuple[str, ...] = ()  # old names public clients still post to (PHP: make-rebill)

    @property
    def path(self) -> str:
        return self.wire_path or self.name

    @property
    def route(self) -> str:
        """The path after the base URL, without the target: /api/v2/sale, /api/3ds/v1/upload-cres-result."""
        return f"{self.prefix}/{self.path}"

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(p.name for p in self.params)

    @property
    def required(self) -> tuple[str, ...]:
        return tuple(p.name for p in self.params if p.necessity == "required")
