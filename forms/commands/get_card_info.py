"""Read what the gateway stores about a card reference."""

from paynet.command import Command
from paynet.i18n import N_
from paynet.signing import KEY

from .. import _common as common
from .._base import CommandForm
from .._fields import REQUIRED, Param


class GetCardInfoForm(CommandForm):
    """Card holder name, BIN, last four digits and expiry behind a card reference. Docs: api_v2_get-card-info
    (api-notes 4.10)."""

    command = Command("get-card-info", N_("Card reference info"), "Recurring", ("login", "cardrefid", KEY),
                      response="get-card-info-response", rank=2, transaction="card-info", follows=("create-card-ref",))

    login = common.login(example="login")
    cardrefid = Param("String", "20", REQUIRED, N_("Card reference id (card-ref-id from create-card-ref)."),
                      example="1461665")
