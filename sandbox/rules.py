"""The built-in sandbox's rules as plain values: the magic amounts, the amount format of its replies, the
card type it names, the callback types."""

from decimal import Decimal

# Cents of the amount choose the final status of a payment; anything else is approved (docs/sandbox.md).
MAGIC = {"01": ("declined", "302", "Insufficient funds (sandbox: amount ending in .01)"),
         "02": ("filtered", "8876", "Filtered by fraud control (sandbox: amount ending in .02)"),
         "03": ("error", "500", "Processor error (sandbox: amount ending in .03)")}
THREEDS_CARD = "4000000000003220"  # this test card asks for 3-D Secure authentication (docs/sandbox.md)
# The cards the v4 hosted fields' emulation takes (docs/sandbox.md): the sandbox's own and the common test numbers.
TEST_CARDS = ("4538977399606732", "4444333322221111", "4111111111111111", "5555555555554444", THREEDS_CARD)
FALLBACK_CARD = {"bin": "453897", "last4": "6732", "holder": "CARD HOLDER", "exp_month": "12", "exp_year": "2099"}
# A later transaction's callback `type` (docs/decisions.md, callbacks after capture, return and void): a return is
# a `reversal` as the docs list it (the PHP library's CallbackFactory knows sale, reversal and chargeback); capture
# and void keep their own names, a guess: no source gives them a type.
CALLBACK_TYPES = {"return": "reversal"}


class Refusal(Exception):
    """A request the sandbox answers with an error: the gateway's error code, message and reply type."""

    def __init__(self, code: str, message: str, kind: str = "validation-error"):
        super().__init__(message)
        self.code, self.message, self.kind = code, message, kind


def row_id(text: str, offset: int = 0) -> int:
    """A gateway id as a row id; -1 (no row) for anything that is not a plausible one."""
    return int(text) - offset if text.isascii() and text.isdigit() and len(text) <= 18 else -1


def final_status(amount: str) -> str:
    """The status a payment ends in, chosen by the amount's cents (the magic amounts)."""
    cents = amount.partition(".")[2][:2].ljust(2, "0")
    return MAGIC[cents][0] if cents in MAGIC else "approved"


def money(amount: str) -> str:
    """An amount as the gateway writes it in replies, callbacks and redirects: two decimals (20 -> 20.00)."""
    return f"{Decimal(amount):.2f}" if amount else ""


def order_money(amount: str, currency: str) -> list[tuple[str, str]]:
    """amount and currency pairs, left out when empty (a verification moves no money): never `amount=`."""
    return [(k, v) for k, v in (("amount", money(amount)), ("currency", currency)) if v]


def error_pairs(status: str) -> list[tuple[str, str]]:
    _, code, message = next((m for m in MAGIC.values() if m[0] == status), (None, None, None))
    return [("error-message", message), ("error-code", code)] if code else []


def card_type(bin_: str) -> str:
    """The card scheme by the bin's first digit, as a status reply names it (VISA, MASTERCARD, ...)."""
    return {"4": "VISA", "5": "MASTERCARD", "2": "MASTERCARD", "3": "AMEX", "6": "DISCOVER"}.get(bin_[:1], "")
