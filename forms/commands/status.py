"""Ask for an order's current status (poll until it is final)."""

from paynet.command import Command
from paynet.i18n import N_
from paynet.signing import KEY

from .. import _common as common
from .._base import CommandForm
from .._fields import CONDITIONAL, OPTIONAL, REQUIRED, Param


class StatusForm(CommandForm):
    """The order's status: processing until final (approved, declined, filtered, error). Poll every
    few seconds, and prefer the callback. Docs: api_v2_status (not among our seed pages)."""

    # With orderid absent it signs as empty: the docs allow a status by client_orderid alone and
    # do not say otherwise.
    command = Command("status", N_("Order status"), "Status and verification",
                      ("login", "client_orderid", "orderid", KEY), response="status-response", rank=1,
                      transaction="status")

    login = common.login(example="login")
    client_orderid = Param("String", "128", REQUIRED, N_("Connecting Party's order identifier."), example="902B4FF5")
    orderid = Param("String", "20", CONDITIONAL,
                    N_("Order id assigned by the gateway (paynet-order-id). Best sent together with "
                       "client_orderid; may be left out when client_orderid is unique."), example="6937030")
    by_request_sn = Param("String", "64", OPTIONAL,
                          N_("serial-number of one specific request, to get the status of that stage; "
                             "leave it out for the latest."), name="by-request-sn")
