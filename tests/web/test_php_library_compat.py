"""Compatibility with the official PHP library (payneteasy/php-library-payneteasy-api), sandbox side.

Requests shaped as the library sends them, written by us from its documented behaviour (api-notes 1, 4 and
5; no library code): its field sets in its order, empty fields left out, http_build_query encoding, its
curl User-Agent `PaynetEasy-Client/1.0`, its URLs (`sync/account-verification`, the legacy `make-rebill`),
its signatures (the capture that signs amount + currency it never sends). Sent over loopback HTTP to the
built-in sandbox; the answers are checked against what the library's response classes require.
"""

from urllib.parse import parse_qsl, urlsplit

import pytest

from tests import servers
from tests.conftest import DOC_KEY
from tests.helpers import Ops
from tests.php_client import CARD, PhpClient, sha1


@pytest.fixture
def php(live_server):
    return PhpClient(live_server.url)


def missing(reply: dict, required: tuple) -> list[str]:
    """The library's validateResponseOnSuccess: every listed field present and not empty."""
    return [name for name in required if not reply.get(name)]


def test_sale_then_status_as_the_library_reads_them(php):
    reply = php.sale("sale", "PHP-1", "10.42", "1042")
    assert reply == {"type": "async-response", "serial-number": "00000000-0000-0000-0000-000000000001",
                     "merchant-order-id": "PHP-1", "paynet-order-id": "7000001", "end-point-id": "1111"}
    assert php.status("PHP-1", "7000001")["status"] == "processing"
    final = php.status("PHP-1", "7000001")
    assert (final["type"], final["status"], final["amount"], final["currency"]) == (
        "status-response", "approved", "10.42", "USD")


def test_float_amount_is_answered_in_the_gateways_format(php):
    # The library sends a PHP float as http_build_query writes it (99.1) and signs (string)(99.1 * 100): 9910.
    orderid = php.approved("preauth", "PHP-2", "99.1", "9910")
    assert php.status("PHP-2", orderid)["amount"] == "99.10"


def test_capture_as_the_library_signs_it_is_refused(php):
    orderid = php.approved("preauth", "PHP-3", "99.1", "9910")
    # CaptureQuery sends client_orderid, orderid, control, login, but signs amount and currency too.
    status, reply, _ = php.send("capture", {"client_orderid": "PHP-3", "orderid": orderid,
                                            "control": sha1(f"demoPHP-3{orderid}9910EUR{DOC_KEY}"), "login": "demo"})
    assert (status, reply["type"], reply["error-code"], reply["error-message"]) == (
        200, "validation-error", "2", "INVALID_CONTROL_CODE: the control code is wrong. Built-in sandbox: it "
                                      f"expected SHA-1 of 'demoPHP-3{orderid}***'")
    fixed = php.send("capture", {"client_orderid": "PHP-3", "orderid": orderid,
                                 "control": sha1(f"demoPHP-3{orderid}{DOC_KEY}"), "login": "demo"})[1]
    assert fixed["type"] == "async-response"
    assert php.status("PHP-3", orderid)["amount"] == "99.10"


def test_return_as_the_library_sends_it(php):
    orderid = php.approved("sale", "PHP-4", "20", "2000")
    reply = php.send("return", {"client_orderid": "PHP-4", "orderid": orderid, "amount": "5", "currency": "USD",
                                "comment": "Customer asked", "control": sha1(f"demoPHP-4{orderid}500USD{DOC_KEY}"),
                                "login": "demo"})[1]
    assert missing(reply, ("type", "paynet-order-id", "merchant-order-id", "serial-number")) == []
    assert php.status("PHP-4", orderid)["amount"] == "5.00"


def test_create_card_ref_as_the_library_reads_it(php):
    orderid = php.approved("sale", "PHP-5", "10.00", "1000")
    reply = php.send("create-card-ref", {"client_orderid": "PHP-5", "orderid": orderid, "login": "demo",
                                         "control": sha1(f"demoPHP-5{orderid}{DOC_KEY}")})[1]
    assert (reply["type"], reply["status"], reply["card-ref-id"]) == ("create-card-ref-response", "approved",
                                                                      "2000001")


def test_legacy_make_rebill_path_names_the_current_command(php):
    # MakeRebillQuery posts to make-rebill (its post-2015 recipe: login + client_orderid + cardrefid + ...).
    status, _, text = php.send("make-rebill", {
        "client_orderid": "PHP-6", "order_desc": "Rebill", "amount": "5.00", "currency": "USD",
        "ipaddress": "65.153.12.232", "cardrefid": "1461665",
        "control": sha1(f"demoPHP-61461665500USD{DOC_KEY}"), "login": "demo"})
    assert (status, text) == (404, "Unknown command /api/v2/make-rebill. The closest current command is "
                                   "make-rebill-sale: /api/v2/make-rebill-sale/ENDPOINTID.\n")


def test_sync_account_verification_reply_satisfies_the_library(php):
    # The library turns sync-account-verification into sync/account-verification and signs ENDPOINTID.
    fields = {"client_orderid": "PHP-7", "order_desc": "Verify", "address1": "100 Main st", "city": "Seattle",
              "zip_code": "98102", "country": "US", "ipaddress": "65.153.12.232", "email": "john.smith@gmail.com",
              **CARD, "state": "WA", "phone": "+12063582043",
              "control": sha1(f"1111PHP-7john.smith@gmail.com{DOC_KEY}")}
    _, reply, _ = php.send("sync/account-verification", fields)
    assert reply["type"] == "status-response"
    assert missing(reply, ("type", "status", "paynet-order-id", "merchant-order-id", "phone", "email",
                           "last-four-digits", "bin", "cardholder-name", "card-exp-month", "card-exp-year",
                           "card-ref-id", "card-hash-id", "card-type")) == []
    assert (reply["phone"], reply["card-type"]) == ("+12063582043", "VISA")
    refused = php.send("sync/account-verification", fields, target="group/2222")[1]
    assert (refused["type"], refused["error-code"]) == ("validation-error", "3")


def test_callback_passes_the_library_callback_checks(php, live_server):
    client = live_server.server.app.test_client()
    ops = Ops(client)
    token = ops.issue_inbox()
    orderid = php.sale("sale", "PHP-8", "20", "2000",
                       server_callback_url=f"https://tool.example.org/callbacks/inbox/{token}")["paynet-order-id"]
    php.status("PHP-8", orderid)
    received = servers.eventually(lambda: ops.listing(token)["received"])
    got = dict(parse_qsl(urlsplit(received[0]["url"]).query))
    # PaynetEasyCallback: these non-empty; type sale/reversal/chargeback; a final status; PHP's recipe.
    assert missing(got, ("orderid", "merchant_order", "client_orderid", "amount", "status", "type", "control")) == []
    assert (got["type"], got["status"], got["amount"], got["currency"]) == ("sale", "approved", "20.00", "USD")
    assert got["control"] == sha1(f"approved{orderid}PHP-8{DOC_KEY}")
