"""The sandbox answers as the real gateway and its official PHP library expect (issue 12, item 2): the sync
verification reply, end point only commands, zero amounts, one amount format, no empty fields, the
unknown-command 404, and the 3-D Secure upload commands."""

import hashlib
import re
from urllib.parse import parse_qsl, urlencode, urlsplit

import pytest

from tests import servers
from tests.conftest import DOC_KEY
from tests.helpers import order_ids

FORM = "application/x-www-form-urlencoded"


def post(client, path, values: dict):
    return client.post(f"/sandbox/paynet{path}", data=urlencode(values), content_type=FORM)


def answer(resp) -> dict:
    """The gateway's pairs: '\n' after each value, then urlencoded."""
    return dict(parse_qsl(resp.get_data(as_text=True).replace("\n", "")))


def test_sync_verification_reply_has_what_the_php_library_requires(ops):
    fields = ops.submit("sync-account-verification", client_orderid="V1", phone="+12063582043")
    assert fields == {
        "type": "status-response", "serial-number": "00000000-0000-0000-0000-000000000001",
        "merchant-order-id": "V1", "paynet-order-id": "7000001", "status": "approved", "phone": "+12063582043",
        "email": "john.smith@gmail.com", "last-four-digits": "6732", "bin": "453897",
        "cardholder-name": "CARD HOLDER", "card-exp-month": "12", "card-exp-year": "2099",
        "card-ref-id": "2000001", "card-hash-id": "5415c77f01935909ad17865af4fe7d46", "card-type": "VISA"}


def test_sync_verification_without_phone_has_no_empty_phone(ops):
    fields = ops.submit("sync-account-verification", client_orderid="V2", phone="")
    assert "phone" not in fields and fields["card-type"] == "VISA"


def test_end_point_only_command_refuses_group_url(client):
    r = post(client, "/api/v2/sync/account-verification/group/2222", {"client_orderid": "V3"})
    assert r.get_data(as_text=True) == (
        "type=validation-error\n&serial-number=00000000-0000-0000-0000-000000000001\n&merchant-order-id=V3\n"
        "&error-message=sync-account-verification+takes+an+end+point+id+only+"
        "%28%2Fapi%2Fv2%2Fsync%2Faccount-verification%2FENDPOINTID%29%2C+not+%2Fgroup%2F2222\n&error-code=3\n")


@pytest.mark.parametrize("command", ["return", "capture"])
def test_zero_amount_refused_and_void_still_possible_after(client, command, ops):
    ids = ops.approved("sale" if command == "return" else "preauth", "Z-" + command, amount="10.00")
    values = {"login": "demo", **ids, "amount": "0.00", "currency": "USD", "control": "0" * 40}
    refused = answer(post(client, f"/api/v2/{command}/1111", values))
    assert (refused["type"], refused["error-code"], refused["error-message"]) == (
        "validation-error", "1", "amount must be more than 0 (leave it out for the whole amount).")
    if command == "return":
        assert ops.submit("void", **ids)["type"] == "async-response"


def test_zero_amount_is_a_field_error_in_the_builder(client):
    data = client.post("/api/return/sign", json={"endpointid": "1111", "merchant_control": DOC_KEY, "login": "demo",
                                                 "client_orderid": "A", "orderid": "7000001", "amount": "0",
                                                 "currency": "USD"}).get_json()
    assert data["errors"] == {"amount": ["amount must be more than 0 (leave it out for the whole amount)."]}


def test_amounts_answered_in_the_gateways_format(ops):
    token = ops.issue_inbox()
    fields = ops.submit("sale", client_orderid="F1", amount="20",
                    server_callback_url=f"https://tool.example.org/callbacks/inbox/{token}")
    ids = order_ids(fields)
    assert ops.final(ids)["amount"] == "20.00"
    received = servers.eventually(lambda: ops.listing(token)["received"])
    query = dict(parse_qsl(urlsplit(received[0]["url"]).query))
    assert (query["amount"], query["currency"], query["type"]) == ("20.00", "USD", "sale")


def test_final_redirect_amount_in_the_gateways_format(client, ops):
    fields = ops.submit("preauth-form", client_orderid="F2", amount="7.5", redirect_url="https://shop.example/r")
    page = urlsplit(fields["redirect-url"]).path
    html = client.get(page).get_data(as_text=True)
    token = re.search(r'name="csrf_token" value="([^"]+)"', html)[1]
    html = client.post(page, data={"csrf_token": token}).get_data(as_text=True)
    assert '<input type="hidden" name="amount" value="7.50">' in html


def test_verification_status_has_no_empty_amount_or_currency(ops):
    ids = order_ids(ops.submit("account-verification", client_orderid="F3"))
    status = ops.final(ids)
    assert (status["status"], "amount" in status, "currency" in status) == ("approved", False, False)


def test_unknown_command_names_the_closest_current_one(client):
    r = post(client, "/api/v2/make-rebill/1111", {"login": "demo"})
    assert (r.status_code, r.get_data(as_text=True)) == (404, "Unknown command /api/v2/make-rebill. The closest "
                                                               "current command is make-rebill-sale: "
                                                               "/api/v2/make-rebill-sale/ENDPOINTID.\n")
    r = post(client, "/api/v2/nothing-like-it/1111", {})
    assert r.get_data(as_text=True) == "Unknown command /api/v2/nothing-like-it.\n"


# -- the 3-D Secure upload commands -------------------------------------------------------------------

def challenge(ops, client_orderid: str) -> tuple[dict, str]:
    fields = ops.submit("sale", client_orderid=client_orderid, amount="10.00", credit_card_number="4000000000003220")
    ids = order_ids(fields)
    return ids, ops.client.get(urlsplit(ops.submit("status", **ids)["redirect-to"]).path).get_data(as_text=True)


def upload(client, command, field, value, ids, target="1111"):
    values = {field: value, "orderid": ids["orderid"], "login": "demo", "client-order-id": ids["client_orderid"]}
    control = hashlib.sha1(f"demo{ids['client_orderid']}{ids['orderid']}{DOC_KEY}".encode()).hexdigest()
    return answer(post(client, f"/api/3ds/v1/{command}/{target}", {**values, "control": control}))


@pytest.mark.parametrize("command, field, outcome, status", [
    ("upload-cres-result", "cRes", "authenticated", "approved"),
    ("upload-cres-result", "cRes", "failed", "declined"),
    ("upload-pares-result", "paRes", "authenticated", "approved"),
    ("upload-pares-result", "paRes", "failed", "declined")])
def test_upload_of_the_shown_value_makes_the_order_final(client, command, field, outcome, status, ops):
    ids, page = challenge(ops, f"U-{field}-{outcome}")
    value = re.search(rf'id="{field}-{outcome}">([^<]+)<', page)[1]
    reply = upload(client, command, field, value, ids, target="2222")  # no /group/: the id says which
    assert (reply["type"], reply["paynet-order-id"], reply["merchant-order-id"]) == (
        "async-response", ids["orderid"], ids["client_orderid"])
    assert ops.submit("status", **ids)["status"] == status
    again = upload(client, command, field, value, ids)
    assert again["error-message"] == f"Order {ids['orderid']} is not waiting for 3-D Secure authentication"


def test_cres_encoding_is_base64url_json_with_trans_status(client, ops):
    ids, page = challenge(ops, "U-enc")
    value = re.search(r'id="cRes-authenticated">([^<]+)<', page)[1]
    assert value.startswith("eyJtZXNzYWdlVHlwZSI6IkNSZXMiLCJtZXNzYWdlVmVyc2lvbiI6IjIuMS4wIiwidGhyZWVEU1NlcnZlclRy")
    # ..."challengeCompletionInd":"Y","transStatus":"Y"}
    assert value.endswith("IiwiY2hhbGxlbmdlQ29tcGxldGlvbkluZCI6IlkiLCJ0cmFuc1N0YXR1cyI6IlkifQ")


@pytest.mark.parametrize("value, message", [
    ("not base64!", "cRes must be base64, as the ACS posts it."),
    ("aGVsbG8", "cRes must be base64url JSON (a CRes message), as the ACS posts it."),
    ("eyJhIjoxfQ", "cRes must hold a CRes message (messageType CRes)."),
    # the form's example: a CRes of another order (transaction id all zeros)
    ("eyJtZXNzYWdlVHlwZSI6IkNSZXMiLCJtZXNzYWdlVmVyc2lvbiI6IjIuMS4wIiwidGhyZWVEU1NlcnZlclRyYW5zSUQiOiIwMDAwMDAw"
     "MC0wMDAwLTAwMDAtMDAwMC0wMDAwMDAwMDAwMDAiLCJhY3NUcmFuc0lEIjoiMDAwMDAwMDAtMDAwMC0wMDAwLTAwMDAtMDAwMDAwMDAw"
     "MDAwIiwiY2hhbGxlbmdlQ29tcGxldGlvbkluZCI6IlkiLCJ0cmFuc1N0YXR1cyI6IlkifQ",
     "cRes belongs to another order (its transaction id is not this order's).")])
def test_upload_of_anything_else_is_a_validation_error_naming_the_field(client, value, message, ops):
    ids, _ = challenge(ops, "U-bad")
    reply = upload(client, "upload-cres-result", "cRes", value, ids)
    assert (reply["type"], reply["error-code"], reply["error-message"]) == ("validation-error", "1", message)
    assert ops.submit("status", **ids)["status"] == "processing"


def test_pares_of_another_shape_is_refused(client, ops):
    ids, _ = challenge(ops, "U-pares")
    reply = upload(client, "upload-pares-result", "paRes", "aGVsbG8=", ids)
    assert reply["error-message"] == "paRes must be base64 of deflated XML (a PARes message), as the ACS posts it."


def test_upload_needs_a_3ds_order_still_processing(client, ops):
    ids = ops.approved("sale", "U-plain", amount="10.00")
    reply = upload(client, "upload-cres-result", "cRes", "eyJhIjoxfQ", ids)
    assert reply["error-message"] == f"Order {ids['orderid']} is not waiting for 3-D Secure authentication"


def test_upload_under_v2_is_unknown(client):
    r = post(client, "/api/v2/upload-cres-result/1111", {})
    assert (r.status_code, r.get_data(as_text=True)) == (404, "Unknown command /api/v2/upload-cres-result. The "
                                                               "closest current command is upload-cres-result: "
                                                               "/api/3ds/v1/upload-cres-result/ENDPOINTID.\n")


def test_upload_refuses_a_group_segment(client):
    r = post(client, "/api/3ds/v1/upload-cres-result/group/2222", {"client-order-id": "G1"})
    assert answer(r) == {
        "type": "validation-error", "serial-number": "00000000-0000-0000-0000-000000000001",
        "merchant-order-id": "G1", "error-code": "3",
        "error-message": "upload-cres-result takes the end point or group id straight after the command "
                         "(/api/3ds/v1/upload-cres-result/ENDPOINTGROUPID), not /group/2222"}


@pytest.mark.parametrize("path, closest", [("/api/v2/void-it/1111", "void: /api/v2/void"),
                                           ("/api/3ds/v1/upload-pares/1111",
                                            "upload-pares-result: /api/3ds/v1/upload-pares-result")])
def test_unknown_command_compares_names_not_paths(client, path, closest):
    text = post(client, path, {}).get_data(as_text=True)
    assert text.endswith(f"The closest current command is {closest}/ENDPOINTID.\n")
