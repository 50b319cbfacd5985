"""The parameter table make-rebill-sale and make-rebill-preauth share (identical in the docs)."""

from paynet.i18n import N_
from paynet.signing import KEY, MINOR_AMOUNT, if_sent

from . import _common as common
from ._base import CommandForm
from ._fields import OPTIONAL, REQUIRED, Param

# Docs (all brands, EN and RU): login + client_orderid + cardrefid + amount in minor units
# (if sent) + currency + merchant_control. The legacy ENDPOINTID-first recipe is a debugger finding.
REBILL_RECIPE = ("login", "client_orderid", "cardrefid", if_sent(MINOR_AMOUNT), "currency", KEY)


class RebillForm(CommandForm):
    login = common.login(example="login")
    client_orderid = Param("String", "128", REQUIRED,
                           N_("Connecting Party's order identifier of the transaction."), generate=True,
                           example="902B4FF5")
    cardrefid = Param("String", "20", REQUIRED,
                      N_("Card reference ID obtained at the card registration stage "
                         "(/api/v2/create-card-ref/)."), example="1461665")
    # RU page: "in minimal units with '.' delimiter, e.g. 100.5 RUB" - a translation slip; the
    # example and every English page mean major units, and so do we.
    amount = common.amount(example="5.00")
    currency = common.currency(example="USD")
    enumerate_amounts = Param("String", "128", OPTIONAL,
                              N_("Several amounts separated with ','. The gateway tries them in turn "
                                 "until one is approved or the list ends."))
    recurrent_scenario = Param("String", "50", OPTIONAL,
                               N_("Type of the rebill transaction: REGULAR or IRREGULAR. Overrides the "
                                  "gate-level setting; only used for specific acquirers."),
                               choices=("REGULAR", "IRREGULAR"))
    recurrent_initiator = Param("String", "50", OPTIONAL,
                                N_("Initiator of the rebill transaction: CARDHOLDER or MERCHANT. "
                                   "Overrides the gate-level setting; only used for specific acquirers."),
                                choices=("CARDHOLDER", "MERCHANT"))
    cvv2 = Param("Numeric", "3-4", OPTIONAL,
                 N_("Customer's CVV2 code, the three- or four-digit number after the card number in "
                    "the signature area. May be empty or absent if the bank gateway processes "
                    "without CVV2. Card data: test values only; masked in dumps, never stored."),
                 card=True)
    ipaddress = Param("String", "45", REQUIRED,
                      N_("Customer's IP address, included for fraud screening purposes."), example="34.129.65.12")
    comment = Param("String", "50", OPTIONAL, N_("A short comment."))
    order_desc = Param("String", "64k", REQUIRED, N_("Order description."), example="Rebill order description")
    purpose = Param("String", "128", OPTIONAL,
                    N_("Destination to where the payment goes, e.g. +7123456789 or "
                       "gamer0001@ereality.com; used by fraud monitoring."))
    redirect_url = common.redirect_url()
    redirect_success_url = common.redirect_success_url()
    redirect_fail_url = common.redirect_fail_url()
    server_callback_url = common.server_callback_url()
    merchant_data = Param("String", "64", OPTIONAL,
                          N_("Any additional information for this transaction, e.g. VIP customer. "
                             "Returned in the status response and the callback."))
