"""Parameters that several commands declare with the same docs text."""

from ._fields import OPTIONAL, REQUIRED, Param
from ._validators import CurrencyCode

_REDIRECT_TAIL = (
    " This parameter should not be used to retrieve results from the gateway, because all "
    "parameters go through the client's browser and can be lost during transmission. To deliver "
    "the correct payment result to the backend server_callback_url must be used instead. Required "
    "for the 3DS flow and optional for non-3DS. Use either redirect_url or the combination of "
    "redirect_success_url and redirect_fail_url, not both."
)


def login(**kwargs):
    return Param("String", "20", REQUIRED, "Connecting Party's login name.", **kwargs)


def redirect_url():
    return Param("String", "1024", OPTIONAL,
                 "URL the cardholder will be redirected to upon completion of the transaction, "
                 "whether it is approved or declined." + _REDIRECT_TAIL)


def redirect_success_url():
    return Param("String", "1024", OPTIONAL,
                 "URL the cardholder will be redirected to only if the transaction is approved."
                 + _REDIRECT_TAIL)


def redirect_fail_url():
    return Param("String", "1024", OPTIONAL,
                 "URL the cardholder will be redirected to only if the transaction is declined or "
                 "filtered." + _REDIRECT_TAIL)


def server_callback_url():
    return Param("String", "1024", OPTIONAL,
                 "URL the transaction result will be sent to (an HTTP GET when the transaction "
                 "reaches a final status). See Connecting Party Callbacks.")


def currency(description="Currency the transaction is charged in (three-letter currency code), "
                         "e.g. USD for US Dollar, EUR for Euro.", **kwargs):
    return Param("String", "3", REQUIRED, description, validators=[CurrencyCode()], **kwargs)


AMOUNT_TEXT = ("Amount to be charged, in the highest units with a '.' delimiter: 10.5 for USD means "
               "10 US Dollars and 50 Cents. The control string carries it in minor units (cents): "
               "10.42 -> 1042.")


def amount(necessity=REQUIRED, description=AMOUNT_TEXT, **kwargs):
    return Param("Numeric", "10", necessity, description, amount=True, **kwargs)
