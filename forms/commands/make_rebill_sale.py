"""Charge a stored card again: a recurring sale by card reference (cardrefid)."""

from paynet.command import Command
from paynet.i18n import N_

from .._rebill import REBILL_RECIPE, RebillForm


class MakeRebillSaleForm(RebillForm):
    """Recurring sale on a card reference from create-card-ref. Docs section 3.5 (ConnPay, RU)."""

    command = Command("make-rebill-sale", N_("Rebill sale"), "Recurring", REBILL_RECIPE, doc="3.5",
                      rank=3, transaction="sale", follows=("create-card-ref", "get-card-info"),
                      legacy_paths=("make-rebill",))  # the official PHP library's MakeRebillQuery (api-notes 4.8)
