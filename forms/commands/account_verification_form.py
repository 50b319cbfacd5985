"""Verify a card on the gateway's hosted form: the payer types the card there."""

from paynet.command import Command
from paynet.i18n import N_
from paynet.signing import KEY, TARGET

from .. import _common as common
from .._base import CommandForm
from .._fields import OPTIONAL, REQUIRED, Param


class AccountVerificationFormForm(CommandForm):
    """Get a redirect-url to a hosted form where the payer's card is verified without a charge. Docs:
    api_v2_account-verification-form (api-notes 4.12; the response type by analogy with the other forms)."""

    command = Command("account-verification-form", N_("Account verification form"), "Payment forms",
                      (TARGET, "client_orderid", "email", KEY), response="async-form-response", rank=3,
                      transaction="verify")
    # The table as seen on doc.payneteasy.eu (3.2), up to last_name.
    docs_order = ("client_orderid", "order_desc", "address1", "city", "zip_code", "country", "email",
                  "ipaddress", "first_name", "last_name")

    client_orderid = common.client_orderid(generate=True, example="902B4FF5")
    order_desc = Param("String", "64k", REQUIRED, N_("Brief order description."), example="Card verification")
    first_name = Param("String", "50", OPTIONAL, N_("Payer's first name."))
    last_name = Param("String", "50", OPTIONAL, N_("Payer's last name."))
    address1, city, state, zip_code, country = common.payer_address()
    phone = Param("String", "15", OPTIONAL, N_("Payer's full international phone number, including country code."))
    email = Param("String", "50", REQUIRED, N_("Payer's e-mail address."), example="john.smith@gmail.com")
    ipaddress = Param("String", "45", REQUIRED, N_("Payer's IP address, included for fraud screening purposes."),
                      example="65.153.12.232")
    redirect_url = common.redirect_url()
    redirect_success_url = common.redirect_success_url()
    redirect_fail_url = common.redirect_fail_url()
    server_callback_url = common.server_callback_url()
    preferred_language = Param("String", "2", OPTIONAL, N_("Payer's two-letter language code for the form."))
