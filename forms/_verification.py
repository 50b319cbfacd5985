"""The parameter table account-verification and its synchronous variant share (api-notes 4.12)."""

from paynet.i18n import N_
from paynet.signing import KEY, TARGET

from . import _common as common
from ._base import CommandForm
from ._fields import OPTIONAL, REQUIRED, Param

# PHP signs ENDPOINTID only; the form variant's docs say <ENDPOINTID|ENDPOINTGROUPID>. We sign whichever
# id the URL carries, as for every endpoint-first command (a group request signed by the PHP library
# would have an empty first part: the debugger's missing-endpoint-id).
VERIFICATION_RECIPE = (TARGET, "client_orderid", "email", KEY)


class VerificationForm(CommandForm):
    """Check that a card is valid without charging it. Test cards only: real card data must never be typed
    into a sandbox tool."""

    client_orderid = common.client_orderid(generate=True, example="902B4FF5")
    order_desc = Param("String", "64k", REQUIRED, N_("Brief order description."), example="Card verification")
    card_printed_name = common.card_printed_name()
    first_name = Param("String", "50", OPTIONAL, N_("Payer's first name."))
    last_name = Param("String", "50", OPTIONAL, N_("Payer's last name."))
    # The docs give 256 with "in some cases not more than 50": 50 is enforced, which passes both readings.
    address1, city, state, zip_code, country = common.payer_address()
    phone = Param("String", "15", OPTIONAL, N_("Payer's full international phone number, including country code."),
                  example="+12063582043")
    email = Param("String", "50", REQUIRED, N_("Payer's e-mail address."), example="john.smith@gmail.com")
    credit_card_number, expire_month, expire_year, cvv2 = common.card_data()
    ipaddress = Param("String", "45", REQUIRED, N_("Payer's IP address, included for fraud screening purposes."),
                      example="65.153.12.232")
    redirect_url = common.redirect_url()
    server_callback_url = common.server_callback_url()
