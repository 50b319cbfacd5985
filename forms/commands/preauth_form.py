"""Preauthorise on the gateway's hosted payment form: the payer types the card there."""

from paynet.command import Command
from paynet.i18n import N_
from paynet.signing import KEY, MINOR_AMOUNT, TARGET, if_sent

from .._fields import OPTIONAL
from .._payment_form import payment_form

# The amount is Required in the table but "(if sent)" in the recipe, and the payer may enter it on
# the form: an empty amount is a warning, left out of the body and the string.
PreauthFormBase = payment_form(
    necessity=OPTIONAL, example="69",
    empty_warning=N_("amount is empty: the payer will enter it on the hosted form, and it is left out of the "
                     "body and the string to sign. Is that what you want?"))


class PreauthFormForm(PreauthFormBase):
    """Create a preauthorisation and get a redirect-url to the hosted payment form (HTTP 302 the
    payer there). Docs section 3.12 (ConnPay)."""

    command = Command("preauth-form", N_("Preauth form"), "Payment forms",
                      (TARGET, "client_orderid", if_sent(MINOR_AMOUNT), "email", KEY),
                      response="async-form-response", doc="3.12", rank=2, transaction="preauth")
