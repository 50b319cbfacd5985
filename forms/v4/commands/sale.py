"""v4 sale with a hosted-fields token."""

from paynet.i18n import N_
from paynet.v4 import V4Command

from .. import _common as c
from .._base import V4Form


class V4SaleForm(V4Form):
    """Charge a card the payer typed into the gateway's hosted fields: the page's SDK turns an ephemeral ticket into a
    hosted_fields_token, which replaces credit_card_number, expire_month, expire_year and cvv2 (sending those is an
    error). The 3-D Secure 2 browser fields the gateway requires are not in any source we read."""

    command = V4Command("sale", N_("Sale with hosted fields (v4)"), "sale", response="async-form-response", rank=20,
                        doc="hosted-fields-examples CreateSaleAsync")

    client_orderid = c.client_orderid()
    order_desc = c.order_desc(length="64k", necessity=c.REQUIRED)
    amount = c.amount(example="1.00")
    currency = c.currency()
    hosted_fields_token = c.Param("String", "128", c.REQUIRED, N_("The single-use token the hosted fields' SDK "
                                                                  "returns for the card the payer typed."))
    card_printed_name = c.Param("String", "128", c.OPTIONAL, N_("Card holder name, as printed on the card."),
                                example="CARD HOLDER")
    first_name = c.Param("String", "50", c.OPTIONAL, N_("Payer's first name."), example="John")
    last_name = c.Param("String", "50", c.OPTIONAL, N_("Payer's last name."), example="Smith")
    address1 = c.Param("String", "50", c.OPTIONAL, N_("Payer's address line 1."), example="100 Main st")
    city = c.Param("String", "50", c.OPTIONAL, N_("Payer's city."), example="Seattle")
    zip_code = c.Param("String", "10", c.OPTIONAL, N_("Payer's ZIP code."), example="98102")
    country = c.Param("String", "2", c.OPTIONAL, N_("Payer's two-letter country code."), example="US")
    state = c.Param("String", "2", c.OPTIONAL, N_("Payer's two-letter state code."), example="WA")
    phone = c.Param("String", "15", c.OPTIONAL, N_("Payer's full international phone number, including country "
                                                   "code."), example="12063582043")
    email = c.Param("String", "50", c.OPTIONAL, N_("Payer's e-mail address."), example="john.smith@gmail.com")
    ipaddress = c.ipaddress(necessity=c.OPTIONAL)
    redirect_url = c.Param("String", "1024", c.OPTIONAL, N_("URL the payer is sent back to after 3-D Secure."),
                           url=True, example="https://merchant.example/result")
