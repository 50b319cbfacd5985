"""Authorise (hold) an amount on a card; capture it later."""

from ._base import Command
from ._card_payment import CARD_PAYMENT_RECIPE, CardPaymentForm


class PreauthForm(CardPaymentForm):
    """Hold the amount on the card; capture it (or cancel with return) later. Same parameters and recipe as
    sale (the PHP library's PreauthQuery extends SaleQuery). Test cards only."""

    command = Command("preauth", "Preauth", "Payments", CARD_PAYMENT_RECIPE, rank=2, transaction="preauth")
