"""v4 tokenize/create-ephemeral-ticket: a ticket for the hosted fields."""

from paynet.i18n import N_
from paynet.v4 import V4Command

from .._base import V4Form


class V4TicketForm(V4Form):
    """A single-use ephemeral ticket, valid for 15 minutes and safe to put on the page: the hosted fields' SDK
    trades it, with the card the payer types, for a hosted_fields_token. No body parameters: only the oauth
    parameters are signed."""

    command = V4Command("tokenize/create-ephemeral-ticket", N_("Ephemeral ticket for hosted fields (v4)"), "ticket",
                        response="ephemeral-ticket", rank=10, targets=("endpoint",),
                        doc="hosted-fields-examples GetEphemeralTicketAsync")
