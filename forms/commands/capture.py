"""Capture a preauthorised amount, whole or part."""

from paynet.command import Command
from paynet.i18n import N_
from paynet.signing import KEY, MINOR_AMOUNT, if_sent

from .. import _common as common
from .._base import CommandForm
from .._fields import CONDITIONAL, OPTIONAL
from .._validators import MoreThanZero


class CaptureForm(CommandForm):
    """Capture an approved preauth, whole (no amount) or in part. Docs: api_v2_capture (api-notes 4.4)."""

    # docs: login + client_orderid + orderid + amount (if sent) + currency (if amount sent). The PHP
    # library signs amount and currency but never sends them: a known bug the debugger can explain.
    command = Command("capture", N_("Capture"), "Payments",
                      ("login", "client_orderid", "orderid", if_sent(MINOR_AMOUNT), if_sent("currency", when="amount"),
                       KEY), rank=3, transaction="capture",
                      follows=("preauth", "preauth-form", "make-rebill-preauth", "status"), needs_status=("approved",))

    login = common.login(example="login")
    client_orderid = common.client_orderid(N_("Order id of the preauth (merchant-order-id)."), example="902B4FF5")
    orderid = common.orderid(example="6937030")
    amount = common.amount(OPTIONAL, N_("Amount to capture, in major units; leave it out to capture the whole "
                                        "authorised amount. Cannot exceed the authorised amount."),
                           validators=[MoreThanZero()])
    currency = common.currency(N_("Currency of the amount; required (and signed) when amount is sent."),
                               necessity=CONDITIONAL, required_if=("amount", None))
