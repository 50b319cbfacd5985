"""Verify a card without charging it (asynchronous: poll status)."""

from paynet.command import Command
from paynet.i18n import N_

from .._verification import VERIFICATION_RECIPE, VerificationForm


class AccountVerificationForm(VerificationForm):
    """Verify the card; the answer is an async-response, then poll status. Not supported on 3D gates (old
    docs). Test cards only. Docs: api_v2_account-verification (its recipe was cut off; PHP and api-notes 4.12)."""

    command = Command("account-verification", N_("Account verification"), "Status and verification",
                      VERIFICATION_RECIPE, rank=2, transaction="verify")
    # The table as seen on doc.payneteasy.eu (3.1), up to control; the card fields but cvv2 come after.
    docs_order = ("client_orderid", "order_desc", "address1", "city", "zip_code", "country", "email", "cvv2",
                  "ipaddress")
