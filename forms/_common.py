"""Parameters that several commands declare with the same docs text."""

from paynet.i18n import N_

from ._fields import CONDITIONAL, OPTIONAL, REQUIRED, Param
from ._validators import CardNumber, CurrencyCode, Range

# Shared by the three redirect texts: a separate message, joined after translating (Param's tuple).
_REDIRECT_TAIL = (
    N_("This parameter should not be used to retrieve results from the gateway, because all "
       "parameters go through the client's browser and can be lost during transmission. To deliver "
       "the correct payment result to the backend server_callback_url must be used instead. Required "
       "for the 3DS flow and optional for non-3DS. Use either redirect_url or the combination of "
       "redirect_success_url and redirect_fail_url, not both.")
)


def login(**kwargs):
    return Param("String", "20", REQUIRED, N_("Connecting Party's login name."), **kwargs)


def redirect_url():
    return Param("String", "1024", OPTIONAL,
                 (N_("URL the cardholder will be redirected to upon completion of the transaction, "
                     "whether it is approved or declined."), _REDIRECT_TAIL), url=True)


def redirect_success_url():
    return Param("String", "1024", OPTIONAL,
                 (N_("URL the cardholder will be redirected to only if the transaction is approved."),
                  _REDIRECT_TAIL), url=True)


def redirect_fail_url():
    return Param("String", "1024", OPTIONAL,
                 (N_("URL the cardholder will be redirected to only if the transaction is declined or "
                     "filtered."), _REDIRECT_TAIL), url=True)


def server_callback_url():
    return Param("String", "1024", OPTIONAL,
                 N_("URL the transaction result will be sent to (an HTTP GET when the transaction "
                    "reaches a final status). See Connecting Party Callbacks."), url=True)


CURRENCY_TEXT = N_("Currency the transaction is charged in (three-letter currency code), e.g. USD for US Dollar, "
                   "EUR for Euro.")
CLIENT_ORDERID_TEXT = N_("Unique order identifier assigned by Connecting Party.")


def currency(description=CURRENCY_TEXT, necessity=REQUIRED, **kwargs):
    return Param("String", "3", necessity, description, validators=[CurrencyCode()], **kwargs)


AMOUNT_TEXT = N_("Amount to be charged, in the highest units with a '.' delimiter: 10.5 for USD means "
                 "10 US Dollars and 50 Cents. The control string carries it in minor units (cents): "
                 "10.42 -> 1042.")


def amount(necessity=REQUIRED, description=AMOUNT_TEXT, **kwargs):
    return Param("Numeric", "10", necessity, description, amount=True, **kwargs)


def client_orderid(description=CLIENT_ORDERID_TEXT, **kwargs):
    return Param("String", "128", REQUIRED, description, **kwargs)


def orderid(necessity=REQUIRED, **kwargs):
    return Param("String", "20", necessity, N_("Order id assigned by the gateway (paynet-order-id of the "
                                               "original transaction)."), **kwargs)


def card_number():
    return Param("Numeric", "20", REQUIRED,
                 N_("Card number. Card data: test cards only; never stored or logged, masked in dumps."),
                 card=True, validators=[CardNumber()], example="4538977399606732")


def cvv2(necessity=REQUIRED):
    return Param("Numeric", "3-4", necessity,
                 N_("The three- or four-digit CVV2 after the card number in the signature area. Card data: test "
                    "values only; never stored or logged, masked in dumps."),
                 card=True, example="123")


def expire_month():
    return Param("Numeric", "2", REQUIRED, N_("Card expiry month, 1 to 12."), validators=[Range(1, 12)],
                 example="12")


def expire_year():
    return Param("Numeric", "4", REQUIRED, N_("Card expiry year, four digits (the docs' examples: 2099)."),
                 example="2099")


def card_data() -> tuple[Param, ...]:
    """credit_card_number, expire_month, expire_year, cvv2, in the docs' order; unpack in a class body."""
    return card_number(), expire_month(), expire_year(), cvv2()


def card_printed_name():
    return Param("String", "128", REQUIRED, N_("Card holder name, as printed on the card."), example="CARD HOLDER")


def payer_address() -> tuple[Param, ...]:
    """address1, city, state, zip_code, country: in this order on the card and verification pages.
    Unpack it in a class body; the fields are made here, in order, so WTForms keeps the docs' order."""
    return (Param("String", "50", REQUIRED, N_("Payer's address line 1."), example="100 Main st"),
            Param("String", "50", REQUIRED, N_("Payer's city."), example="Seattle"),
            Param("String", "2", CONDITIONAL, N_("Payer's two-letter state code. Required for USA, Canada and "
                                                 "Australia."),
                  required_if=("country", ("US", "CA", "AU")), example="WA"),
            Param("String", "10", REQUIRED, N_("Payer's ZIP code."), example="98102"),
            Param("String", "2", REQUIRED, N_("Payer's two-letter country code."), example="US"))
