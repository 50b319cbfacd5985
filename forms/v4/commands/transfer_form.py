"""v4 transfer-form."""

from paynet.i18n import N_
from paynet.v4 import V4Command

from .. import _common as c
from .._base import V4Form


class V4TransferFormForm(V4Form):
    """A hosted transfer form (card to card, or a deposit to a card with deposit2card=true): the answer carries a
    redirect-url for the payer. Only the opening of the docs' table was seen; the rest follows the other forms."""

    command = V4Command("transfer-form", N_("Transfer form (v4)"), "transfer-form", response="async-form-response",
                        rank=50, doc="api_v4_transfer-form")

    client_orderid = c.client_orderid()
    destination_card_no = c.Param("Numeric", "19", c.REQUIRED, N_("Card number the money goes to. Test cards only."),
                                  card=True, name="destination-card-no", example="4444333322221111")
    deposit2card = c.Param("String", "5", c.OPTIONAL, N_("true: a deposit, no sender card holder data needed."),
                           choices=("true", "false"), example="false")
    ipaddress = c.ipaddress(necessity=c.REQUIRED)
    amount = c.amount(example="10.42")
    currency = c.currency()
    order_desc = c.order_desc()
    redirect_url = c.Param("String", "1024", c.REQUIRED, N_("URL the payer is sent back to."), url=True,
                           example="https://merchant.example/result")
    server_callback_url = c.Param("String", "1024", c.OPTIONAL, N_("URL the transfer's result is sent to."),
                                  url=True)
