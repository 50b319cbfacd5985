"""Card data a copy does not carry. A masked card field (453897******6732, ***) would make the copied request
fail, and the typed value must not leave the page unasked, so the copy reads it from a variable it declares
and checks, with a message that says what to put there: a test card, never a real one."""

from dataclasses import dataclass

# Every card field a command may take (paynet.command.CARD_FIELDS, a test keeps the two equal): its variable
# and what to set it to. The examples are the docs' test card, which the built-in sandbox approves.
VARIABLES = {
    "credit_card_number": ("PAYNET_CARD_NUMBER", "a test card number, e.g. 4538977399606732"),
    "card_printed_name": ("PAYNET_CARD_PRINTED_NAME", "the name on the test card, e.g. CARD HOLDER"),
    "expire_month": ("PAYNET_EXPIRE_MONTH", "the expiry month of the test card, e.g. 12"),
    "expire_year": ("PAYNET_EXPIRE_YEAR", "the expiry year of the test card, e.g. 2099"),
    "cvv2": ("PAYNET_CVV2", "the CVV2 of the test card, e.g. 123"),
}


@dataclass(frozen=True)
class Variable:
    field: str  # the parameter it fills
    name: str  # PAYNET_CARD_NUMBER
    hint: str

    @property
    def message(self) -> str:
        """What a snippet says when the variable is unset or empty."""
        return f"set {self.name} to {self.hint}"


def variables(masked) -> tuple[Variable, ...]:
    """The variables standing in for the masked fields, in the order given."""
    return tuple(Variable(name, *VARIABLES[name]) for name in masked)


def find(found: tuple[Variable, ...], field: str) -> Variable | None:
    return next((v for v in found if v.field == field), None)
