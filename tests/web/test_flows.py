"""Payment lifecycles end to end through the submit API and the built-in sandbox (reached in process), on each
storage backend (SQLite, PostgreSQL)."""

import re
from urllib.parse import urlsplit

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app import create_app
from tests.helpers import order_ids


@pytest.fixture
def app(database_url):
    app = create_app({"TESTING": True, "SECRET_KEY": "test", "DATABASE_URL": database_url})
    yield app
    app.extensions["sandbox"].store.close()


def test_preauth_then_capture_partial_then_refused_above(ops):
    ids = ops.approved("preauth", "P1", amount="10.00")
    assert ops.submit("capture", **ids, amount="6.00", currency="USD")["type"] == "async-response"
    status = ops.final(ids)
    assert (status["status"], status["amount"]) == ("approved", "6.00")
    refused = ops.submit("capture", **ids, amount="5.00", currency="USD")
    assert (refused["type"], refused["error-message"]) == (
        "validation-error", "The capture amount 5.00 exceeds the amount left, 4.00")
    assert ops.submit("capture", **ids)["type"] == "async-response"  # the rest: 4.00
    assert ops.final(ids)["amount"] == "4.00"


def test_capture_only_after_preauth_approved(ops):
    fields = ops.submit("preauth", client_orderid="P2", amount="10.00")
    refused = ops.submit("capture", **order_ids(fields))
    assert refused["error-message"] == "The preauth of this order is not approved (processing): cannot capture"
    ids = ops.approved("sale", "S0", amount="10.00")
    assert ops.submit("capture", **ids)["error-message"] == "Only a preauth can be captured"


def test_declined_preauth_cannot_be_captured(ops):
    fields = ops.submit("preauth", client_orderid="P3", amount="10.01")
    ids = order_ids(fields)
    declined = ops.final(ids)
    assert (declined["status"], declined["error-code"]) == ("declined", "302")
    assert "not approved (declined)" in ops.submit("capture", **ids)["error-message"]


def test_sale_partial_and_full_return_not_above_original(ops):
    ids = ops.approved("sale", "S1", amount="10.00")
    assert ops.submit("return", **ids, amount="3.00", currency="USD")["type"] == "async-response"
    assert ops.final(ids)["amount"] == "3.00"
    too_much = ops.submit("return", **ids, amount="7.01", currency="USD")
    assert too_much["error-message"] == "The return amount 7.01 exceeds the amount left, 7.00"
    assert ops.submit("return", **ids)["type"] == "async-response"  # the rest
    assert ops.final(ids)["amount"] == "7.00"
    assert "exceeds the amount left, 0.00" in ops.submit("return", **ids)["error-message"]


def test_void_on_approved_sale_and_capture_only(ops):
    ids = ops.approved("sale", "S2", amount="10.00")
    assert ops.submit("void", **ids)["type"] == "async-response"
    assert ops.final(ids)["status"] == "approved"
    assert ops.submit("return", **ids)["error-message"] == "This order was voided"
    pre = ops.approved("preauth", "P4", amount="10.00")
    assert "can be voided" in ops.submit("void", **pre)["error-message"]
    ops.submit("capture", **pre)
    ops.final(pre)
    assert ops.submit("void", **pre)["type"] == "async-response"


def test_card_ref_then_rebill_and_card_info(ops):
    ids = ops.approved("sale", "S3", amount="10.00", credit_card_number="4111111111111111",
                         card_printed_name="JANE ROE", expire_month="7", expire_year="2031")
    ref = ops.submit("create-card-ref", **ids)
    assert (ref["type"], ref["status"]) == ("create-card-ref-response", "approved")
    card_ref = ref["card-ref-id"]
    assert re.fullmatch(r"20000\d\d", card_ref)
    info = ops.submit("get-card-info", cardrefid=card_ref)
    assert (info["type"], info["bin"], info["last-four-digits"], info["card-printed-name"], info["expire-month"],
            info["expire-year"]) == ("get-card-info-response", "411111", "1111", "JANE ROE", "7", "2031")
    rebill = ops.submit("make-rebill-sale", cardrefid=card_ref, client_orderid="RB1", amount="2.50")
    assert rebill["type"] == "async-response"
    assert ops.final(order_ids(rebill))["status"] == "approved"
    assert ops.submit("make-rebill-preauth", cardrefid="999", client_orderid="RB2")["error-message"] == \
        "Card reference 999 not found"


def test_card_ref_needs_approved_payment(ops):
    fields = ops.submit("sale", client_orderid="S4", amount="10.02")
    ids = order_ids(fields)
    assert ops.final(ids)["status"] == "filtered"
    assert "needs an approved initial payment" in ops.submit("create-card-ref", **ids)["error-message"]


def test_three_d_secure_simulation(client, ops):
    fields = ops.submit("sale", client_orderid="T1", amount="10.00", credit_card_number="4000000000003220")
    ids = order_ids(fields)
    for _ in range(2):  # waits for the payer, however often it is asked
        status = ops.submit("status", **ids)
        assert status["status"] == "processing"
        assert status["redirect-to"].endswith("/sandbox/paynet/3ds/" + status["redirect-to"].rsplit("/", 1)[1])
        assert f'action="{status["redirect-to"]}"' in status["html"]
    page = urlsplit(status["redirect-to"]).path
    html = client.get(page).get_data(as_text=True)
    token = re.search(r'name="csrf_token" value="([^"]+)"', html)[1]
    html = client.post(page, data={"csrf_token": token, "result": "authenticated"}).get_data(as_text=True)
    assert "<strong>approved</strong>" in html
    assert ops.submit("status", **ids)["status"] == "approved"


def test_three_d_secure_failed_is_declined(client, ops):
    fields = ops.submit("preauth", client_orderid="T2", amount="10.00", credit_card_number="4000000000003220")
    page = urlsplit(ops.submit("status", **order_ids(fields))["redirect-to"]).path
    token = re.search(r'name="csrf_token" value="([^"]+)"', client.get(page).get_data(as_text=True))[1]
    client.post(page, data={"csrf_token": token, "result": "failed"})
    assert ops.submit("status", **order_ids(fields))["status"] == "declined"


def test_sync_account_verification_answers_at_once(ops):
    fields = ops.submit("sync-account-verification", client_orderid="V1")
    assert (fields["type"], fields["status"], fields["last-four-digits"], fields["bin"]) == (
        "status-response", "approved", "6732", "453897")
    assert re.fullmatch(r"\d+", fields["card-ref-id"])


@pytest.mark.parametrize("command, kind", [("account-verification", "async-response"),
                                           ("account-verification-form", "async-form-response"),
                                           ("sale-form", "async-form-response")])
def test_other_order_commands_accepted(ops, command, kind):
    assert ops.submit(command, client_orderid="X-" + command)["type"] == kind


@pytest.mark.parametrize("orderid", ["99999999999999999999", "-1", "٣", "7000001 OR 1=1"])
def test_strange_order_ids_are_refusals(ops, orderid):
    fields = ops.submit("status", client_orderid="Z", orderid=orderid)
    assert fields["type"] == "validation-error"


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(body=st.binary(max_size=300), path=st.sampled_from(["status/1111", "sale/group/2222", "capture/1",
                                                           "sync/account-verification/1111", "nope/1"]))
def test_fuzzed_sandbox_requests_never_500(client, body, path):
    r = client.post(f"/sandbox/paynet/api/v2/{path}", data=body, content_type="application/x-www-form-urlencoded")
    assert r.status_code in (200, 404)


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(raw=st.text(max_size=300), kind=st.sampled_from([None, "callback", "redirect"]))
def test_fuzzed_callback_verify_never_500(client, raw, kind):
    r = client.post("/api/callback/verify", json={"raw": raw, "merchant_control": "k", "kind": kind})
    assert r.status_code in (200, 400)
