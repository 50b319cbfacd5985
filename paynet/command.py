"""A command, declared once: its wire name, place in the index, signature recipe, response type, what it does
to an order, and its parameters. The form class in forms/ holds it; the sandbox, the debugger, the exports and
the OpenAPI description read the same object."""

from collections.abc import Callable
from dataclasses import dataclass, field
from enum import StrEnum

from paynet.i18n import translate
from paynet.signing import JAVA_TRIM, Part, Source, as_part

TARGET_KINDS = ("endpoint", "group")
# Card data a merchant may send to server-to-server commands; form commands never take it.
CARD_FIELDS = ("credit_card_number", "card_printed_name", "expire_month", "expire_year", "cvv2")


class Necessity(StrEnum):
    """The docs' column: required, optional, or required only with another field (capture's currency)."""

    REQUIRED = "required"
    OPTIONAL = "optional"
    CONDITIONAL = "conditional"


class TransactionKind(StrEnum):
    """What a command does to an order (Command.transaction). The first six are also the kinds of the sandbox's
    orders and transactions; members equal their strings, which the store and the JSON keep."""

    SALE = "sale"
    PREAUTH = "preauth"
    VERIFY = "verify"
    CAPTURE = "capture"
    RETURN = "return"
    VOID = "void"
    CARD_REF = "card-ref"
    CARD_INFO = "card-info"
    STATUS = "status"
    THREEDS_RESULT = "3ds-result"
    # v4 (sandbox/v4.py): orders of their own kind. A payout waits for payout-pay; a transfer is a deposit or a
    # transfer form's card to card.
    PAYOUT = "payout"
    TRANSFER = "transfer"


@dataclass(frozen=True)
class Parameter:
    """One parameter as the core reads it (the form's field holds the rest: labels, examples, widgets)."""

    name: str
    necessity: Necessity = Necessity.OPTIONAL
    max_length: int | None = None
    amount: bool = False
    card: bool = False
    url: bool = False  # an absolute http(s) URL only (paynet.urls.is_web_url)


def _no_rules(values: dict) -> dict[str, list[str]]:
    return {}


@dataclass(frozen=True)
class Command:
    name: str
    title: str = ""  # English, marked N_(): shown_title translates it where a person reads it
    group: str = ""
    recipe: tuple = ()
    response: str = "async-response"
    doc: str = ""  # the docs' section number, e.g. "3.14"
    wire_path: str | None = None  # sync-account-verification travels as sync/account-verification
    targets: tuple = TARGET_KINDS
    # Where the command lives under the gateway's base URL: the 3-D Secure upload commands are /api/3ds/v1.
    prefix: str = "/api/v2"
    # Whether a group id travels as .../group/<id>. The 3-D Secure upload pages list ENDPOINTGROUPID
    # straight after the command, with no /group/ segment.
    group_segment: bool = True
    rank: int = 50  # place within its group in the index
    # What the command does to an order, for the built-in sandbox: a TransactionKind (or its string).
    transaction: str = ""
    # The commands after whose response this one is a sensible next step (flow actions in the UI).
    follows: tuple = ()
    # The order statuses in which that next step makes sense (capture: only once the preauth is approved).
    needs_status: tuple = ()
    # Old names of the command still posted by public clients (the debugger recognises them and says so).
    legacy_paths: tuple = ()
    # Filled once by the registry from the form class (paynet/ cannot import forms/): the parameters in
    # docs order, and the form's own validation of received values (the sandbox checks with the builder's rules).
    params: tuple[Parameter, ...] = field(default=(), compare=False)
    validate: Callable[[dict], dict[str, list[str]]] = field(default=_no_rules, compare=False)

    def bind(self, params: tuple[Parameter, ...], validate: Callable[[dict], dict[str, list[str]]]) -> None:
        object.__setattr__(self, "params", tuple(params))
        object.__setattr__(self, "validate", validate)

    @property
    def shown_title(self) -> str:
        return translate(self.title)

    @property
    def parts(self) -> tuple[Part, ...]:
        return tuple(as_part(p) for p in self.recipe)

    def recipe_data(self) -> list[dict]:
        """The recipe as data: GET /api/commands and the builder page's interpreter (static/recipe.js)."""
        return [p.to_dict() for p in self.parts]

    @property
    def wire_name(self) -> str:
        return self.wire_path or self.name

    @property
    def route(self) -> str:
        """The path after the base URL, without the target: /api/v2/sale, /api/3ds/v1/upload-cres-result."""
        return f"{self.prefix}/{self.wire_name}"

    def path(self, kind: str = "endpoint", target_id: str = "") -> str:
        """The whole path: /api/v2/sale/1111, /api/v2/sale/group/2222 (placeholders for an empty id)."""
        target_id = target_id.strip(JAVA_TRIM) or ("ENDPOINTGROUPID" if kind == "group" else "ENDPOINTID")
        group = "/group" if kind == "group" and self.group_segment else ""
        return f"{self.route}{group}/{target_id}"

    def position(self, name: str) -> int | None:
        """1-based place of a field in the control string, or None when it is not signed."""
        for i, part in enumerate(self.parts, 1):
            if part.source == Source.FIELD and part.name == name:
                return i
        return None

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(p.name for p in self.params)

    @property
    def required(self) -> tuple[str, ...]:
        return tuple(p.name for p in self.params if p.necessity == Necessity.REQUIRED)
