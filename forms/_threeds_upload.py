"""The table the 3-D Secure v1 upload commands share (upload-cres-result, upload-pares-result): the whole
request tables are in shared/api-docs/upload-{cres,pares}-result.payneteasy.en.txt."""

from paynet.command import Command
from paynet.i18n import N_
from paynet.signing import KEY

from ._base import CommandForm
from ._fields import REQUIRED, Param

# Docs decisions (docs/decisions.md):
# - the request table names the merchant's order id `client-order-id`, the control recipe `client_orderid`:
#   the table gives the wire name, so `client-order-id` is sent and its value signed as step 2 (the recipe
#   names the value, the merchant order id every other command calls client_orderid);
# - the tables give no necessity or type: every row is required (the recipe signs three of them, and the
#   result is the point of the command), all strings;
# - orderid is 128 here (20 on the v2 pages): this table's 128;
# - the URLs are /api/3ds/v1/<command>/ENDPOINTID and /ENDPOINTGROUPID, with no /group/ segment;
# - the request examples post `cres=` and `md=`: the table's `cRes` / `paRes` are the names.
UPLOAD_RECIPE = ("login", "client-order-id", "orderid", KEY)
SANDBOX_NOTE = N_("The built-in sandbox's challenge page shows the values it would have posted.")


def upload_command(name: str, title: str, rank: int) -> Command:
    return Command(name, title, "Payments", UPLOAD_RECIPE, prefix="/api/3ds/v1", group_segment=False,
                   rank=rank, transaction="3ds-result", follows=("sale", "preauth", "status"),
                   needs_status=("processing",))


def upload_form(result: str, length: str, description: str, example: str) -> type[CommandForm]:
    """The shared table with its first row, the result (cRes or paRes). A factory because WTForms orders
    fields by creation: the result must be made before the rows after it."""

    class UploadForm(CommandForm):
        result_value = Param("String", length, REQUIRED, (description, SANDBOX_NOTE), name=result,
                             example=example)
        orderid = Param("String", "128", REQUIRED, N_("Order id assigned to the order by the gateway "
                                                      "(paynet-order-id)."), example="7000001")
        login = Param("String", "20", REQUIRED, N_("Merchant login name."), example="demo")
        client_order_id = Param("String", "128", REQUIRED,
                                N_("Merchant order identifier (client_orderid of the payment; the docs' recipe "
                                   "calls it client_orderid)."), name="client-order-id", example="902B4FF5")

    return UploadForm
