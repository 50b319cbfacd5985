"""Verify a card without charging it, and get the result in the same answer."""

from paynet.command import Command
from paynet.i18n import N_

from .._verification import VERIFICATION_RECIPE, VerificationForm


class SyncAccountVerificationForm(VerificationForm):
    """Synchronous account verification: the reply is a status-response with the card's details and a
    card-ref-id. End point only. Test cards only. Docs: doc.paywize.com sync_account_verification; PHP."""

    command = Command("sync-account-verification", N_("Sync account verification"), "Status and verification",
                      VERIFICATION_RECIPE, response="status-response", wire_path="sync/account-verification",
                      targets=("endpoint",), rank=3, transaction="verify")
