"""Exclude an approved sale or capture from clearing (before the day's settlement)."""

from paynet.command import Command
from paynet.i18n import N_
from paynet.signing import KEY

from .. import _common as common
from .._base import CommandForm
from .._fields import CONDITIONAL, OPTIONAL, REQUIRED, Param


class VoidForm(CommandForm):
    """Void an approved sale or capture (it may not be supported by your acquirer). Docs: api_v2_void
    (api-notes 4.6)."""

    # Docs errors decided here: client_orderid is "Numeric 10" on this page only (String 128 everywhere
    # else: we use that); amount is "optional" in its text but marked Mandatory (optional here: it is not
    # signed either way); the group production URL is printed as .../void/void/GRP (a typo).
    command = Command("void", N_("Void"), "Payments", ("login", "client_orderid", "orderid", KEY), rank=5,
                      transaction="void",
                      follows=("sale", "sale-form", "capture", "make-rebill-sale", "status"),
                      needs_status=("approved",))

    login = common.login(example="login")
    client_orderid = common.client_orderid(N_("Order id of the transaction to void (merchant-order-id)."),
                                           example="902B4FF5")
    orderid = common.orderid(example="6937030")
    amount = common.amount(OPTIONAL, N_("Amount to void (not signed)."))
    currency = common.currency(N_("Currency of the amount."), necessity=CONDITIONAL, required_if=("amount", None))
    comment = Param("String", "50", REQUIRED, N_("Why the transaction is voided."), example="Customer cancelled")
