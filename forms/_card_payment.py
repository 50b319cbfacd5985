"""The parameter table sale and preauth share: payer, order and card data (api-notes 4.1, 4.2)."""

from paynet.i18n import N_
from paynet.signing import KEY, MINOR_AMOUNT, TARGET

from . import _common as common
from ._base import CommandForm
from ._fields import OPTIONAL, REQUIRED, Param

# The seen part of the sale and preauth tables (doc2.payneteasy.com sale, doc.connpay.com preauth: the same
# rows, up to control); the rest keep the order declared below.
CARD_PAYMENT_ORDER = ("client_orderid", "order_desc", "amount", "currency", "address1", "city", "zip_code",
                      "country", "phone", "email", "ipaddress")
# docs: <ENDPOINTID|ENDPOINTGROUPID> + client_orderid + amount (minor units) + email + key. Unlike the
# form commands, the amount is always signed.
CARD_PAYMENT_RECIPE = (TARGET, "client_orderid", MINOR_AMOUNT, "email", KEY)


class CardPaymentForm(CommandForm):
    """Server-to-server payment with card data. Real card data must never be typed into a sandbox tool:
    test cards only."""

    client_orderid = common.client_orderid(generate=True, example="902B4FF5")
    order_desc = Param("String", "64k", REQUIRED, N_("Brief order description."), example="Test Order Description")
    card_printed_name = common.card_printed_name()
    first_name = Param("String", "50", OPTIONAL, N_("Payer's first name (necessity depends on the acquiring channel)."))
    last_name = Param("String", "50", OPTIONAL, N_("Payer's last name (necessity depends on the acquiring channel)."))
    ssn = Param("Numeric", "32", OPTIONAL, N_("Last four digits of the payer's social security number."))
    birthday = Param("Numeric", "8", OPTIONAL, N_("Payer's date of birth, in the format YYYYMMDD."))
    address1, city, state, zip_code, country = common.payer_address()
    phone = Param("String", "15", REQUIRED, N_("Payer's full international phone number, including country code."),
                  example="+12063582043")
    cell_phone = Param("String", "15", OPTIONAL, N_("Payer's cell phone number, including country code."))
    email = Param("String", "50", REQUIRED, N_("Payer's e-mail address."), example="john.smith@gmail.com")
    amount = common.amount(example="10.42")
    currency = common.currency(example="USD")
    credit_card_number, expire_month, expire_year, cvv2 = common.card_data()
    ipaddress = Param("String", "45", REQUIRED, N_("Payer's IP address, included for fraud screening purposes."),
                      example="65.153.12.232")
    site_url = Param("String", "128", OPTIONAL, N_("The URL of the e-commerce site where the payment is originated."),
                     url=True)
    purpose = Param("String", "128", OPTIONAL, N_("Destination to where the payment goes, e.g. a game account."))
    # 3DS is decided by the gateway, so the docs say always send redirect_url (the PHP library requires it).
    redirect_url = common.redirect_url()
    redirect_success_url = common.redirect_success_url()
    redirect_fail_url = common.redirect_fail_url()
    server_callback_url = common.server_callback_url()
    notify_url = Param("String", "1024", OPTIONAL,
                       N_("URL for callbacks about later transactions on the same order too (reversal, chargeback), "
                          "not only the initial one."), url=True)
    merchant_data = Param("String", "64", OPTIONAL, N_("Additional information returned in status and callbacks."))
