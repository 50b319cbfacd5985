"""The parameter table the payment-form commands share (sale-form, preauth-form)."""

from paynet.i18n import N_

from . import _common as common
from ._base import CommandForm
from ._fields import CONDITIONAL, OPTIONAL, REQUIRED, Param

# Docs decisions for the preauth-form page (docs/decisions.md):
# - control steps are numbered 1, 2, 4, 4, 5: read as five steps in that order (id, client_orderid,
#   amount, email, key), which reproduces the docs' worked example;
# - the amount is Required in the table but "(if sent)" in the recipe, and the payer may enter it
#   on the form: an empty amount is a warning, left out of the body and the string;
# - preferred_language is listed twice: declared once, where it first appears;
# - the widget's cardrefid / maximum-transaction-amount are the table's card-ref-id /
#   maximum_transaction_amount: the table wins;
# - purpose and merchant_data are in the example and the widget but not the table: declared
#   optional with their lengths from the sibling pages; the example's card fields are not
#   parameters of a form command (the payer types card data on the hosted page);
# - merchant_form_data: "Length 128" in the table, "2MB max size" in the text: 128 is enforced.
# - "http://https://doc.connpay.com/" in the redirect texts is a doubled scheme: shown fixed.


# sale-form's table as seen (doc.payneteasy.eu 3.21, up to country); preauth-form's whole table (the ConnPay
# seed) is the order declared below.
SALE_FORM_ORDER = ("client_orderid", "order_desc", "first_name", "last_name", "ssn", "birthday", "address1",
                   "city", "state", "zip_code", "country")


def payment_form(**amount_options) -> type[CommandForm]:
    """The shared table; `amount_options` configure the one field whose necessity differs.

    A factory rather than a subclass override, because WTForms orders fields by creation and an
    overridden field would move to the end, out of the docs' order.
    """

    class PaymentForm(CommandForm):
        client_orderid = Param("String", "128", REQUIRED, N_("Unique order identifier assigned by Connecting Party."),
                               generate=True, example="902B4FF5")
        order_desc = Param("String", "64k", REQUIRED, N_("Brief order description."), example="Test Order Description")
        amount = common.amount(**amount_options)
        currency = common.currency(example="USD")
        address1 = Param("String", "50", REQUIRED, N_("Payer's address line 1."), example="100 Main st")
        city = Param("String", "50", REQUIRED, N_("Payer's city."), example="Seattle")
        zip_code = Param("String", "10", REQUIRED, N_("Payer's ZIP code."), example="98102")
        country = Param("String", "2", REQUIRED, N_("Payer's two-letter country code."), example="US")
        phone = Param("String", "15", REQUIRED,
                      N_("Payer's full international phone number, including country code."), example="+12063582043")
        email = Param("String", "50", REQUIRED, N_("Payer's e-mail address."), example="john.smith@gmail.com")
        ipaddress = Param("String", "45", REQUIRED,
                          N_("Payer's IP address, included for fraud screening purposes."), example="65.153.12.232")
        first_name = Param("String", "50", REQUIRED, N_("Payer's first name."), example="John")
        last_name = Param("String", "50", REQUIRED, N_("Payer's last name."), example="Smith")
        state = Param("String", "2", CONDITIONAL,
                      N_("Payer's two-letter state code. Required for USA, Canada and Australia."),
                      required_if=("country", ("US", "CA", "AU")), example="WA")
        redirect_url = Param("String", "1024", OPTIONAL,
                             N_("URL the payer is redirected to when the transaction completes, whatever "
                                "its final status. Do not treat the redirect's parameters as the result: "
                                "use server_callback_url or status. Pass https://doc.connpay.com/ if you "
                                "need no return. Use either redirect_url or redirect_success_url + "
                                "redirect_fail_url, not both."), url=True)
        redirect_success_url = Param("String", "1024", OPTIONAL,
                                     N_("URL the payer is redirected to when the status is approved. Use "
                                        "either this + redirect_fail_url or redirect_url, not both."), url=True)
        redirect_fail_url = Param("String", "1024", OPTIONAL,
                                  N_("URL the payer is redirected to when the status is not approved. Use "
                                     "either this + redirect_success_url or redirect_url, not both."), url=True)
        ssn = Param("Numeric", "32", OPTIONAL, N_("Last four digits of the payer's social security number."))
        birthday = Param("Numeric", "8", OPTIONAL, N_("Payer's date of birth, in the format YYYYMMDD."))
        cell_phone = Param("String", "15", OPTIONAL,
                           N_("Payer's full international cell phone number, including country code."))
        site_url = Param("String", "128", OPTIONAL,
                         N_("The URL of the e-commerce site where the payment is originated from."), url=True)
        server_callback_url = common.server_callback_url()
        preferred_language = Param("String", "2", OPTIONAL,
                                   N_("Payer's two-letter language code for multi-language payment forms."))
        merchant_form_data = Param("String", "128", OPTIONAL,
                                   N_("URL-encoded parameters parsed into $MFD_<name> macros on the form, "
                                      "e.g. testparam%3Dtest1%26mynewparam%3Dtest2. Names and values "
                                      "[a-zA-Z0-9], control characters [=&]."))
        minimum_transaction_amount = common.amount(
            OPTIONAL, N_("Lower limit for an amount the payer submits on the form (same format as amount; "
                         "the support manager enables it)."))
        maximum_transaction_amount = common.amount(
            OPTIONAL, N_("Upper limit for an amount the payer submits on the form (same format as amount; "
                         "the support manager enables it)."))
        customer_level = Param("Varchar", "32", OPTIONAL, N_("Customer level in the CMS system."))
        customer_id = Param("Int", "10", OPTIONAL,
                            N_("Customer ID in the CMS system; required if the transaction goes via CMS (PNE)."))
        merchant_customer_identifier = Param("Varchar", "64", OPTIONAL,
                                             N_("Merchant customer ID in the CMS system; required if the "
                                                "transaction goes via CMS (CRM)."))
        recurring_payment_id = Param("Long", None, CONDITIONAL,
                                     N_("Payer's tokenized cardholder data ID (Recurring Payment ID)."),
                                     name="recurring-payment-id")
        card_ref_id = Param("Long", None, CONDITIONAL,
                            N_("Card reference ID used in subsequent recurring payments."),
                            name="card-ref-id")
        purpose = Param("String", "128", OPTIONAL,
                        N_("Destination to where the payment goes (in the docs' example, not its table)."))
        merchant_data = Param("String", "64", OPTIONAL,
                              N_("Additional information returned in status and callbacks (in the docs' "
                                 "example, not its table)."))

    return PaymentForm
