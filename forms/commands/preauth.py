"""Authorise (hold) an amount on a card; capture it later."""

from paynet.command import Command
from paynet.i18n import N_

from .._card_payment import CARD_PAYMENT_ORDER, CARD_PAYMENT_RECIPE, CardPaymentForm
from .._fields import OPTIONAL, REQUIRED, Param

# The shared head of the 3-D Secure 2 rows: its own message, joined to each row's after translating.
BROWSER = N_("3-D Secure 2 browser data (the newer ConnPay preauth page's 'Additional Fields'; required there, "
             "optional here so requests made before 3-D Secure 2, like the PHP library's, stay valid):")


class PreauthForm(CardPaymentForm):
    """Hold the amount on the card; capture it (or cancel with return) later. Same parameters and recipe as
    sale (the PHP library's PreauthQuery extends SaleQuery), plus the 3-D Secure 2 browser fields. Test
    cards only. Docs: api_v2_preauth (3.11, doc.connpay.com)."""

    command = Command("preauth", N_("Preauth"), "Payments", CARD_PAYMENT_RECIPE, rank=2, transaction="preauth")
    docs_order = CARD_PAYMENT_ORDER
    # 125 on ConnPay's preauth page, the only preauth page seen (64k on the sale and form pages).
    order_desc = Param("String", "125", REQUIRED, N_("Brief order description."), example="Test Order Description")
    # The 3DS 2 table's rows as seen; customer_browser_user_agent's type and length were cut: a String with
    # no documented maximum.
    customer_browser_accept_header = Param("String", "2048", OPTIONAL,
                                           (BROWSER, N_("the browser's Accept header.")))
    customer_browser_javascript_enabled = Param("Boolean", None, OPTIONAL,
                                                (BROWSER, N_("whether the browser runs JavaScript: true or false.")),
                                                choices=("true", "false"))
    customer_browser_accept_language = Param("String", "8", OPTIONAL,
                                             (BROWSER, N_("the browser's language (Accept-Language), e.g. en-US.")))
    customer_browser_user_agent = Param("String", None, OPTIONAL, (BROWSER, N_("the browser's User-Agent header.")))
