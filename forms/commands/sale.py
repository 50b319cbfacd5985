"""Charge a card directly (server to server, with card data)."""

from paynet.command import Command
from paynet.i18n import N_

from .._card_payment import CARD_PAYMENT_ORDER, CARD_PAYMENT_RECIPE, CardPaymentForm


class SaleForm(CardPaymentForm):
    """Charge a card in one step; poll status (3DS may ask the payer to authenticate). Test cards only:
    real card data must never be typed into a sandbox tool. Docs: api_v2_sale (api-notes 4.1)."""

    command = Command("sale", N_("Sale"), "Payments", CARD_PAYMENT_RECIPE, rank=1, transaction="sale")
    docs_order = CARD_PAYMENT_ORDER
