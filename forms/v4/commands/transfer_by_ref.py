"""v4 transfer-by-ref: a deposit to a card."""

from paynet.i18n import N_, _
from paynet.v4 import V4Command

from .. import _common as c
from .._base import V4Form


class V4TransferByRefForm(V4Form):
    """Deposit money to a card, by its number or a card reference. The merchant's login is oauth_consumer_key only:
    the docs say it must not travel in the body. Only the opening of the docs' table was seen."""

    command = V4Command("transfer-by-ref", N_("Deposit to card (v4)"), "transfer", rank=40,
                        doc="api_v4_deposit_transfer")

    client_orderid = c.client_orderid()
    destination_card_no = c.Param("Numeric", "16-19", c.CONDITIONAL, N_("Card number to deposit to (or "
                                                                        "destination-card-ref-id). Test cards only."),
                                  card=True, name="destination-card-no", example="4444333322221111")
    destination_card_ref_id = c.Param("Numeric", "20", c.CONDITIONAL, N_("Card reference to deposit to (or "
                                                                         "destination-card-no)."),
                                      name="destination-card-ref-id")
    amount = c.amount(example="10.50")
    currency = c.currency()
    order_desc = c.order_desc()

    def rules(self) -> dict[str, list[str]]:
        values = self.values()
        if values["destination-card-no"].strip() or values["destination-card-ref-id"].strip():
            return {}
        return {"destination-card-no": [_("Give destination-card-no or destination-card-ref-id: the card to deposit "
                                          "to.")]}
