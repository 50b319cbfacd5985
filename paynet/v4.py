"""A command of the gateway's second generation (v4: /api/v4/..., signed with OAuth 1.0a RSA-SHA256), declared
once like a v2 Command: its path under /api/v4/ (it may hold a '/'), title, what the sandbox does with it, and its
parameters (bound by forms/v4/ from the form class). v4 signs no recipe: the base string covers the whole body."""

from collections.abc import Callable
from dataclasses import dataclass, field

from paynet.command import TARGET_KINDS, Parameter
from paynet.i18n import translate
from paynet.signing import JAVA_TRIM

PREFIX = "/api/v4"
# JSON replies are opt-in (the gateway's OpenAPI page): the request stays form-urlencoded either way.
JSON_REPLIES = "application/vnd.pay+json"


def _no_rules(values: dict) -> dict[str, list[str]]:
    return {}


@dataclass(frozen=True)
class V4Command:
    name: str  # under /api/v4/: "payout", "tokenize/create-ephemeral-ticket"
    title: str = ""  # English, marked N_()
    transaction: str = ""  # what the built-in sandbox does: status, sale, ticket, payout, payout-pay, transfer, ...
    response: str = "async-response"
    targets: tuple = TARGET_KINDS
    rank: int = 50  # place in the index's v4 list
    doc: str = ""  # the docs page it was read from
    params: tuple[Parameter, ...] = field(default=(), compare=False)
    validate: Callable[[dict], dict[str, list[str]]] = field(default=_no_rules, compare=False)

    def bind(self, params, validate) -> None:
        object.__setattr__(self, "params", tuple(params))
        object.__setattr__(self, "validate", validate)

    @property
    def shown_title(self) -> str:
        return translate(self.title)

    @property
    def route(self) -> str:
        return f"{PREFIX}/{self.name}"

    def path(self, kind: str = "endpoint", target_id: str = "") -> str:
        """/api/v4/payout/1111, /api/v4/payout/group/2222 (placeholders for an empty id)."""
        target_id = target_id.strip(JAVA_TRIM) or ("ENDPOINTGROUPID" if kind == "group" else "ENDPOINTID")
        return f"{self.route}{'/group' if kind == 'group' else ''}/{target_id}"

    def position(self, name: str) -> int:
        """No part of a control string: the builder's field macro marks none of v4's fields as one."""
        return 0

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(p.name for p in self.params)
