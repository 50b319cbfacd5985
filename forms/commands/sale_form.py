"""Sell on the gateway's hosted payment form: the payer types the card there."""

from paynet.command import Command
from paynet.i18n import N_
from paynet.signing import KEY, MINOR_AMOUNT, TARGET

from .._fields import REQUIRED
from .._payment_form import SALE_FORM_ORDER, payment_form


class SaleFormForm(payment_form(necessity=REQUIRED, example="69")):
    """Create a sale and get a redirect-url to the hosted payment form (HTTP 302 the payer there).
    Same parameters as preauth-form, in the order of the sale-form page (doc.payneteasy.eu 3.21)."""

    # Unlike preauth-form, the recipe has no "(if sent)": the amount is always signed.
    command = Command("sale-form", N_("Sale form"), "Payment forms",
                      (TARGET, "client_orderid", MINOR_AMOUNT, "email", KEY), response="async-form-response",
                      rank=1, transaction="sale")
    docs_order = SALE_FORM_ORDER
