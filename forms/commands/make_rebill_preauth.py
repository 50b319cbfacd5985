"""Authorise a stored card again: a recurring preauth by card reference (cardrefid)."""

from paynet.command import Command
from paynet.i18n import N_

from .._rebill import REBILL_RECIPE, RebillForm


class MakeRebillPreauthForm(RebillForm):
    """Recurring preauthorisation on a card reference from create-card-ref; capture it later.
    Docs section 3.14 (Payneteasy, ConnPay, Solid Payments)."""

    command = Command("make-rebill-preauth", N_("Rebill preauth"), "Recurring", REBILL_RECIPE,
                      doc="3.14", rank=4, transaction="preauth", follows=("create-card-ref", "get-card-info"))
