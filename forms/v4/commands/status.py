"""v4 status: the order's status, signed with OAuth."""

from paynet.i18n import N_
from paynet.v4 import V4Command

from .. import _common as c
from .._base import V4Form


class V4StatusForm(V4Form):
    """The order's status: processing until final (approved, declined, filtered, error); poll every few seconds.
    login travels in the body here as well as in oauth_consumer_key (the official hosted-fields examples). The docs'
    own v4 status page was not seen: its table may hold more fields."""

    command = V4Command("status", N_("Order status (v4)"), "status", response="status-response", rank=90,
                        doc="hosted-fields-examples GetStatusAsync")

    login = c.login()
    client_orderid = c.client_orderid()
    orderid = c.Param("String", "20", c.REQUIRED, N_("Order id assigned by the gateway (paynet-order-id)."),
                      example="7000001")
