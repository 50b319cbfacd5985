"""Parameters the v4 commands share. v4 signs no recipe: the amount travels and is signed as typed, in major
units (the official hosted-fields examples sign amount=1.00), never converted to cents."""

from paynet.i18n import N_

from .. import _common as v2
from .._fields import CONDITIONAL, OPTIONAL, REQUIRED, Param

AMOUNT_TEXT = N_("Amount in major units with a '.' delimiter (10.5 = 10 US Dollars and 50 Cents); v4 signs it as "
                 "sent, not in cents.")
LOGIN_IN_BODY = N_("Merchant login. This command sends it in the body too, besides oauth_consumer_key (the "
                   "official examples do).")


def amount(necessity=REQUIRED, **kwargs):
    return Param("Numeric", "10", necessity, AMOUNT_TEXT, amount=True, **kwargs)


def login():
    return Param("String", "20", REQUIRED, LOGIN_IN_BODY, example="demo")


def client_orderid():
    return v2.client_orderid(example="v4-order-1")


def currency():
    return v2.currency(example="USD")


def order_desc(length="64", necessity=OPTIONAL):
    return Param("String", length, necessity, N_("Order description."), example="Payout to the card holder")


def ipaddress(necessity=CONDITIONAL, **kwargs):
    return Param("String", "7-45", necessity, N_("Payer's IP address, included for fraud screening purposes."),
                 example="65.153.12.232", **kwargs)


__all__ = ["amount", "login", "client_orderid", "currency", "order_desc", "ipaddress", "CONDITIONAL", "OPTIONAL",
           "REQUIRED", "Param", "v2"]
