"""Register the card of an approved payment for later rebills."""

from paynet.command import Command
from paynet.i18n import N_
from paynet.signing import KEY

from .. import _common as common
from .._base import CommandForm


class CreateCardRefForm(CommandForm):
    """Get a card reference (card-ref-id) from an approved initial payment, for make-rebill-sale and
    make-rebill-preauth. Docs: api_v2_create-card-ref (api-notes 4.9)."""

    # The docs' type text says "async-response, validation-error, error etc." (generic); the PHP library
    # expects create-card-ref-response, and so do we.
    command = Command("create-card-ref", N_("Create card reference"), "Recurring",
                      ("login", "client_orderid", "orderid", KEY), response="create-card-ref-response", rank=1,
                      transaction="card-ref",
                      follows=("sale", "sale-form", "preauth", "preauth-form", "status"), needs_status=("approved",))

    login = common.login(example="login")
    client_orderid = common.client_orderid(N_("Order id of the initial payment (merchant-order-id)."),
                                           example="902B4FF5")
    orderid = common.orderid(example="6937030")
