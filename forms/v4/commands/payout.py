"""v4 payout."""

from paynet.i18n import N_
from paynet.v4 import V4Command

from .. import _common as c
from .._base import V4Form


class V4PayoutForm(V4Form):
    """Pay money out to a card; then payout-pay confirms it (or poll status). The docs' table was seen to
    redirect_url; the card fields follow the official 2017 example (cc-payout.php). Test cards only."""

    command = V4Command("payout", N_("Payout (v4)"), "payout", rank=30, doc="api_v4_payout")

    client_orderid = c.client_orderid()
    amount = c.amount(example="10.42")
    currency = c.currency()
    order_desc = c.order_desc()
    ipaddress = c.ipaddress()
    purpose = c.Param("String", "128", c.CONDITIONAL, N_("Destination or purpose of the payout."),
                      example="payout")
    server_callback_url = c.Param("String", "128", c.OPTIONAL, N_("URL the payout's result is sent to."), url=True)
    redirect_url = c.Param("String", "1024", c.OPTIONAL, N_("URL the payer is sent back to."), url=True)
    credit_card_number = c.Param("Numeric", "20", c.OPTIONAL, N_("Card number to pay out to. Test cards only."),
                                 card=True, example="4538977399606732")
    expire_month = c.Param("Numeric", "2", c.OPTIONAL, N_("Card expiry month, 1 to 12."), example="12")
    expire_year = c.Param("Numeric", "4", c.OPTIONAL, N_("Card expiry year, four digits."), example="2099")
    card_printed_name = c.Param("String", "128", c.OPTIONAL, N_("Card holder name, as printed on the card."),
                                example="CARD HOLDER")
