"""The sandbox's rows as named records: an order, a transaction of it, a callback delivery, a card reference, and
a transaction just made final. The store builds them at its boundary (the engines give rows as dicts); to_dict()
gives the row back as stored, for the JSON edge only. The database keeps plain strings and numbers."""

from dataclasses import dataclass, fields
from enum import Enum, IntEnum

from paynet.command import TransactionKind

ORDER_OFFSET = 7_000_000  # paynet-order-id = row id + offset: gateway-looking, increasing


class ThreeDS(IntEnum):
    """An order's 3-D Secure state, stored as its number."""

    NONE = 0  # no challenge: the card did not ask for one
    PENDING = 1  # the challenge waits for the payer, or for the merchant's upload of its result
    DONE = 2  # answered, authenticated or not: the transaction's status says which


def _columns(cls, row) -> dict:
    """The row's columns the record names: a column a newer schema adds is left out, not an error."""
    return {f.name: row[f.name] for f in fields(cls) if f.name in row}


def stored(value):
    """A value as its column holds it: an enum as its string or number, a flag as 0 or 1."""
    return int(value) if isinstance(value, bool) else value.value if isinstance(value, Enum) else value


def _stored(record) -> dict:
    return {f.name: stored(getattr(record, f.name)) for f in fields(record)}


@dataclass(frozen=True)
class Order:
    id: int
    client_orderid: str
    command: str  # the command's name: its form lives in forms/commands/
    kind: TransactionKind  # sale, preauth or verify
    amount: str  # "" until the payer types it on the hosted form
    currency: str
    form_token: str | None  # names the order in the payer's page URLs
    redirect_url: str | None
    callback_url: str | None
    notify_url: str | None
    bin: str | None
    last4: str | None
    holder: str | None
    exp_month: str | None
    exp_year: str | None
    threeds: ThreeDS
    paid: bool  # False while a hosted form waits for the payer
    created: float
    account: str = ""  # "": the demo account

    @classmethod
    def from_row(cls, row: dict) -> "Order":
        found = _columns(cls, row)
        return cls(**found | {"kind": TransactionKind(found["kind"]), "threeds": ThreeDS(found["threeds"]),
                              "paid": bool(found["paid"])})

    @property
    def paynet_order_id(self) -> int:
        return self.id + ORDER_OFFSET

    def to_dict(self) -> dict:
        return _stored(self)


@dataclass(frozen=True)
class Transaction:
    id: int
    order_id: int
    type: TransactionKind  # sale, preauth or verify first; then capture, return or void
    amount: str
    final_status: str  # the status it ends in: shown once ready
    ready: bool  # final: a status query answers final_status, not processing
    created: float

    @classmethod
    def from_row(cls, row: dict) -> "Transaction":
        found = _columns(cls, row)
        return cls(**found | {"type": TransactionKind(found["type"]), "ready": bool(found["ready"])})

    @property
    def paynet_order_id(self) -> int:
        return self.order_id + ORDER_OFFSET

    def to_dict(self) -> dict:
        return _stored(self)


@dataclass(frozen=True)
class Delivery:
    """One callback the sandbox sent, or refused to send; `outcome` is free text (the answer or the refusal)."""

    id: int
    order_id: int
    url: str
    outcome: str
    request: str | None
    created: float
    inbox: str | None = None  # the token when the callback was addressed to one of the tool's inboxes

    @classmethod
    def from_row(cls, row: dict) -> "Delivery":
        return cls(**_columns(cls, row))

    @property
    def paynet_order_id(self) -> int:
        return self.order_id + ORDER_OFFSET

    def to_dict(self) -> dict:
        return _stored(self) | {"paynet_order_id": self.paynet_order_id}


@dataclass(frozen=True)
class CardRef:
    """A stored card reference: what a receipt shows of the card, never its number or CVV2."""

    id: int
    order_id: int | None  # None: the demo card reference, made at start-up
    bin: str | None
    last4: str | None
    holder: str | None
    exp_month: str | None
    exp_year: str | None
    account: str = ""

    @classmethod
    def from_row(cls, row: dict) -> "CardRef":
        return cls(**_columns(cls, row))


@dataclass(frozen=True)
class Finished:
    """A transaction just made final, with what its callback needs from the order."""

    txn: Transaction
    client_orderid: str
    currency: str
    callback_url: str | None
    notify_url: str | None
    account: str
    initial: bool  # the order's first transaction: the payment itself, not a follow-up

    @property
    def callback_to(self) -> str:
        """server_callback_url hears of the initial transaction; notify_url of every one ("": none asked)."""
        return (self.callback_url if self.initial and self.callback_url else self.notify_url) or ""
