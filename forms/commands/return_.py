"""Give money back: a reversal of a sale or capture, or the cancel of a preauth."""

from paynet.command import Command
from paynet.i18n import N_
from paynet.signing import KEY, MINOR_AMOUNT, if_sent

from .. import _common as common
from .._base import CommandForm
from .._fields import CONDITIONAL, OPTIONAL, Param
from .._validators import MoreThanZero


class ReturnForm(CommandForm):
    """Reverse a sale or capture (whole, or in part with amount), or cancel a preauth. Docs: api_v2_return
    (api-notes 4.5)."""

    # docs: login + client_orderid + orderid + amount (if sent) + currency (if sent). WooCommerce, Magento 2
    # and CS-Cart sign return with the sale recipe: the debugger's sale-recipe-for-return.
    command = Command("return", N_("Return"), "Payments",
                      ("login", "client_orderid", "orderid", if_sent(MINOR_AMOUNT), if_sent("currency"), KEY),
                      rank=4, transaction="return",
                      follows=("sale", "sale-form", "preauth", "preauth-form", "capture", "make-rebill-sale",
                               "make-rebill-preauth", "status"), needs_status=("approved",))

    login = common.login(example="login")
    client_orderid = common.client_orderid(N_("Order id of the original transaction (merchant-order-id)."),
                                           example="902B4FF5")
    orderid = common.orderid(example="6937030")
    amount = common.amount(OPTIONAL, N_("Amount to return, in major units; leave it out to reverse the whole "
                                        "transaction. Cannot exceed the original amount."), validators=[MoreThanZero()])
    currency = common.currency(N_("Currency of the amount; must be given when amount is."), necessity=CONDITIONAL,
                               required_if=("amount", None))
    # The PHP library requires a comment (<= 50); the docs page does not list it as mandatory.
    comment = Param("String", "50", OPTIONAL, N_("Why the money is returned."))
