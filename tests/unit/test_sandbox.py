"""The sandbox core with plain specs (no forms): checks, answers, remembered orders."""

from urllib.parse import urlencode

import pytest

from paynet.command import Command
from paynet.signing import KEY, MINOR_AMOUNT, TARGET, if_sent
from paynet.wire import parse_pairs
from sandbox.gateway import Sandbox


def requires(*names):
    return lambda values: {n: [f"{n} is required."] for n in names if not values.get(n)}


SPECS = {
    "make-rebill-sale": Command("make-rebill-sale", recipe=("login", "client_orderid", "cardrefid",
                                                            if_sent(MINOR_AMOUNT), "currency", KEY),
                                validate=requires("login", "client_orderid", "cardrefid"), transaction="sale"),
    "status": Command("status", recipe=("login", "client_orderid", "orderid", KEY), response="status-response",
                      validate=requires("login", "client_orderid"), transaction="status"),
    "preauth-form": Command("preauth-form", recipe=(TARGET, "client_orderid", if_sent(MINOR_AMOUNT), "email", KEY),
                            response="async-form-response", validate=requires("client_orderid"),
                            transaction="preauth"),
}
REBILL = {"login": "demo", "client_orderid": "R1", "cardrefid": "1461665", "amount": "100.00", "currency": "USD"}
CONTROLS = {  # sha1(string + the demo key), computed by hand
    "100.00": "4966327038f2a4feaf1ff2754ea4951b8216e071",
    "100.01": "352dc10d64cd80c00f4e64942c10f1b592f1d0cc",
    "100.02": "6a4faf9b86189925b4aae4fe338bca09d411b9e0",
    "100.03": "deabe53e0ba49318494abde20b02ea3045e5b67d",
}
STATUS = {"login": "demo", "client_orderid": "R1", "orderid": "7000001",
          "control": "b47653f973bced30240679335df51b99640f57f9"}


@pytest.fixture
def sandbox(tmp_path):
    return Sandbox(str(tmp_path / "sandbox.db"), SPECS)


def call(sandbox, command, values, target="1111", kind="endpoint"):
    reply = sandbox.handle(command, kind, target, urlencode(values).encode(), "http://tool/sandbox/paynet")
    assert reply.status == 200 and reply.content_type == "text/html;charset=utf-8"
    return reply


def rebill(sandbox, amount="100.00", **extra):
    return call(sandbox, "make-rebill-sale", {**REBILL, "amount": amount, "control": CONTROLS[amount], **extra})


def test_rebill_accepted_exact_body(sandbox):
    assert rebill(sandbox).body == ("type=async-response\n&serial-number=00000000-0000-0000-0000-000000000001\n"
                                    "&merchant-order-id=R1\n&paynet-order-id=7000001\n&end-point-id=1111\n")


def test_status_processing_then_final(sandbox):
    rebill(sandbox)
    first = parse_pairs(call(sandbox, "status", STATUS).body)
    assert first["type"] == "status-response" and first["status"] == "processing"
    second = parse_pairs(call(sandbox, "status", STATUS).body)
    assert (second["status"], second["amount"], second["currency"]) == ("approved", "100.00", "USD")


@pytest.mark.parametrize("amount, status, code", [("100.01", "declined", "302"), ("100.02", "filtered", "8876"),
                                                  ("100.03", "error", "500")])
def test_magic_amounts_choose_final_status(sandbox, amount, status, code):
    rebill(sandbox, amount)
    call(sandbox, "status", STATUS)
    final = parse_pairs(call(sandbox, "status", STATUS).body)
    assert (final["status"], final["error-code"]) == (status, code)


def test_wrong_control_says_expected_string_masked(sandbox):
    fields = parse_pairs(call(sandbox, "make-rebill-sale", {**REBILL, "control": "0" * 40}).body)
    assert fields["type"] == "validation-error" and fields["error-code"] == "2"
    assert fields["error-message"] == ("INVALID_CONTROL_CODE: the control code is wrong. Built-in sandbox: it "
                                       "expected SHA-1 of 'demoR1146166510000USD***'")


def test_control_upper_case_hex_refused(sandbox):
    fields = parse_pairs(call(sandbox, "make-rebill-sale", {**REBILL, "control": CONTROLS["100.00"].upper()}).body)
    assert (fields["type"], fields["error-code"]) == ("validation-error", "2")


@pytest.mark.parametrize("kind, target, message", [("endpoint", "99999", "End point with id 99999 not found"),
                                                   ("group", "99999", "End point group with id 99999 not found")])
def test_unknown_target_error_3(sandbox, kind, target, message):
    fields = parse_pairs(call(sandbox, "make-rebill-sale", {**REBILL, "control": CONTROLS["100.00"]},
                              target, kind).body)
    assert (fields["type"], fields["error-code"], fields["error-message"]) == ("validation-error", "3", message)


def test_currency_not_accepted_error_16(sandbox):
    values = {**REBILL, "currency": "EUR", "control": "6b9129e3135c13de461da5345868eefb880930fa"}
    fields = parse_pairs(call(sandbox, "make-rebill-sale", values).body)
    assert fields["error-code"] == "16"
    assert fields["error-message"] == "Project with currency USD does not apply request with currency EUR"
    assert parse_pairs(call(sandbox, "make-rebill-sale", values, "2222", "group").body)["type"] == "async-response"


def test_missing_parameter_names_it(sandbox):
    values = {k: v for k, v in REBILL.items() if k != "cardrefid"}
    fields = parse_pairs(call(sandbox, "make-rebill-sale", values).body)
    assert (fields["error-code"], fields["error-message"]) == ("1", "cardrefid is required.")


def test_unknown_card_reference(sandbox):
    values = {**REBILL, "cardrefid": "42", "control": "91d95c4e9bdc5282a8e7c1a30947a8278647dcae"}
    fields = parse_pairs(call(sandbox, "make-rebill-sale", values).body)
    assert (fields["error-code"], fields["error-message"]) == ("1", "Card reference 42 not found")


def test_status_unknown_order(sandbox):
    fields = parse_pairs(call(sandbox, "status", STATUS).body)
    assert fields["error-message"] == "Order 7000001 with client_orderid R1 not found"


def test_form_waits_for_payer(sandbox):
    values = {"client_orderid": "F1", "email": "john.smith@gmail.com",
              "control": "777c8e2087c72e98a118006802fdfaca24ce032a"}
    fields = parse_pairs(call(sandbox, "preauth-form", values).body)
    assert fields["type"] == "async-form-response"
    token = fields["redirect-url"].rsplit("/", 1)[1]
    assert fields["redirect-url"] == f"http://tool/sandbox/paynet/form/{token}"
    assert fields["paynet-order-id"] == "7000001"
    status = {"login": "demo", "client_orderid": "F1", "orderid": "7000001",
              "control": "3820636aa3c0dd0f64ac4928402f4fe0ccf370f8"}
    for _ in range(2):
        assert parse_pairs(call(sandbox, "status", status).body)["status"] == "processing"
    assert sandbox.pages.complete(token, "12.01").txn.final_status == "declined"
    final = parse_pairs(call(sandbox, "status", status).body)
    assert (final["status"], final["amount"]) == ("declined", "12.01")


def test_orders_shared_between_instances(tmp_path):
    one, two = Sandbox(str(tmp_path / "s.db"), SPECS), Sandbox(str(tmp_path / "s.db"), SPECS)
    rebill(one)
    assert parse_pairs(call(two, "status", STATUS).body)["status"] == "processing"
    assert parse_pairs(call(one, "status", STATUS).body)["status"] == "approved"


def test_unknown_command_404(sandbox):
    assert sandbox.handle("nope", "endpoint", "1111", b"", "").status == 404


def test_refused_callback_listed_for_the_inbox_it_addressed(tmp_path):
    inbox = "T" * 32
    sandbox = Sandbox(str(tmp_path / "s.db"), SPECS, callback_target=lambda url: (None, "refused: test policy"),
                      inbox_of=lambda url: inbox if url.endswith(inbox) else None)
    rebill(sandbox, server_callback_url=f"http://tool/callbacks/inbox/{inbox}")
    call(sandbox, "status", STATUS)
    [delivery] = sandbox.store.inbox_deliveries(inbox)
    assert (delivery.paynet_order_id, delivery.url, delivery.outcome) == (
        7000001, f"http://tool/callbacks/inbox/{inbox}", "refused: test policy")
    assert [d.id for d in sandbox.store.order_deliveries(1)] == [delivery.id]
    assert sandbox.store.inbox_deliveries("U" * 32) == []
