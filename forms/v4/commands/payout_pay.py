"""v4 payout-pay."""

from paynet.i18n import N_
from paynet.v4 import V4Command

from .. import _common as c
from .._base import V4Form


class V4PayoutPayForm(V4Form):
    """Confirm a payout the gateway holds (its paynet-order-id); then poll status. login travels in the body too."""

    command = V4Command("payout-pay", N_("Payout confirmation (v4)"), "payout-pay", rank=35,
                        doc="api_v4_payout-pay")

    client_orderid = c.client_orderid()
    orderid = c.Param("String", "20", c.REQUIRED, N_("Order id of the payout (paynet-order-id)."), example="7000001")
    login = c.login()
