"""Every 500 the fuzzing found, reproduced: each answers a clear 4xx or a field error now."""

import json
from urllib.parse import urlsplit

import pytest

from paynet.wire import parse_pairs
from tests.conftest import DOC_KEY
from tests.helpers import Ops
from web.api import too_deep

JSON_POSTS = ["/api/sale/sign", "/api/sale/submit", "/api/debug", "/api/callback/verify", "/api/v4/payout/sign",
              "/api/v4/tokenize/create-ephemeral-ticket/submit", "/api/v4/payout/export"]
TOO_DEEP = {"error": {"kind": "too-deep", "message": "The JSON body is nested more than 32 levels deep; "
                                                     "32 is the limit."}}
SURROGATE = ("{name} is not valid text: it holds a lone surrogate (a \\ud800-\\udfff escape) that cannot be "
             "encoded as UTF-8.")
REBILL = {"endpointid": "1111", "merchant_control": DOC_KEY, "login": "demo", "client_orderid": "R1",
          "cardrefid": "1461665", "amount": "1.00", "currency": "USD", "ipaddress": "1.2.3.4", "order_desc": "d"}
SALE = {"client_orderid": "S1", "order_desc": "d", "card_printed_name": "JOHN DOE", "address1": "1 Main St",
        "city": "Dallas", "state": "TX", "zip_code": "75001", "country": "US", "phone": "+12063582043",
        "email": "a@b.c", "amount": "10.00", "currency": "USD", "credit_card_number": "4538977399606732",
        "expire_month": "²", "expire_year": "2099", "cvv2": "123", "ipaddress": "1.2.3.4"}



def raw_json(client, path, text: str):
    """Post JSON text as written: `\\ud800` stays an escape that json.loads turns into a lone surrogate."""
    return client.post(path, data=text.encode("ascii"), content_type="application/json")


@pytest.mark.parametrize("path", JSON_POSTS)
def test_deeply_nested_json_is_a_400_naming_the_limit(client, path):
    r = raw_json(client, path, "[" * 100_000)
    assert (r.status_code, r.get_json()) == (400, TOO_DEEP)


@pytest.mark.parametrize("path", JSON_POSTS)
def test_nesting_counts_brackets_outside_strings_only(client, path):
    r = raw_json(client, path, '{"raw": "' + "[" * 1000 + '", "x": ' + "[" * 31 + "]" * 31 + "}")
    assert r.status_code != 500 and r.get_json().get("error", {}).get("kind") != "too-deep"


def test_nesting_of_33_is_refused(client):
    r = raw_json(client, "/api/sale/sign", '{"x": ' + "[" * 32 + "]" * 32 + "}")
    assert (r.status_code, r.get_json()) == (400, TOO_DEEP)


@pytest.mark.parametrize("after", ["²", "٣", "9" * 5000, "9" * 19, "-1", "1.5"])
def test_callbacks_after_must_be_a_bounded_ascii_number(client, after):
    token = client.post("/api/inboxes", json={}).get_json()["token"]
    r = client.get("/api/callbacks", query_string={"token": token, "after": after})
    assert r.status_code == 400
    assert r.get_json() == {"error": {"kind": "invalid", "message": "after must be a whole number: ASCII digits "
                                      "0-9, at most 18 of them (the id of the last entry already seen, 0 for all)."}}


def test_callbacks_after_accepts_18_digits(client):
    token = client.post("/api/inboxes", json={}).get_json()["token"]
    r = client.get("/api/callbacks", query_string={"token": token, "after": "9" * 18})
    assert (r.status_code, r.get_json()["received"]) == (200, [])


@pytest.mark.parametrize("text, error", [
    ('{"status": 200, "body": ' + "[" * 33 + "]" * 33 + "}", TOO_DEEP),
    ('{"status": 200, "body": "a\\ud800"}', {"error": {"kind": "invalid", "message": SURROGATE.format(name="body")}}),
])
def test_relay_reports_refuse_deep_json_and_lone_surrogates(client, text, error):
    token = client.post("/api/inboxes", json={}).get_json()["token"]
    client.get(f"/callbacks/inbox/{token}?status=approved")
    r = raw_json(client, f"/api/inboxes/{token}/entries/1/relayed", text)
    assert (r.status_code, r.get_json()) == (400, error)


@pytest.mark.parametrize("field", ["client_orderid", "order_desc", "merchant_control", "endpointid"])
def test_lone_surrogate_in_sign_is_a_field_error(client, field):
    body = '{"endpointid": "1111", "merchant_control": "k", "FIELD": "a\\ud800"}'.replace("FIELD", field)
    r = raw_json(client, "/api/make-rebill-sale/sign", body)
    assert r.status_code == 200
    assert r.get_json()["errors"][field] == [SURROGATE.format(name=field)]


@pytest.mark.parametrize("field", ["oauth_consumer_key", "order_desc", "groupid"])
def test_lone_surrogate_in_v4_sign_is_a_field_error(client, field):
    r = raw_json(client, "/api/v4/payout/sign", '{"FIELD": "a\\ud800"}'.replace("FIELD", field))
    assert r.status_code == 200
    assert r.get_json()["errors"][field] == [SURROGATE.format(name=field)]


def test_lone_surrogate_in_submit_is_a_field_error_and_nothing_is_sent(client):
    body = json.dumps({**REBILL, "client_orderid": "SURROGATE"}).replace("SURROGATE", "\\ud800")
    r = raw_json(client, "/api/make-rebill-sale/submit", body)
    assert r.status_code == 400
    assert r.get_json()["error"] == {"kind": "invalid", "message": "Some fields need attention; nothing was sent."}
    assert r.get_json()["errors"] == {"client_orderid": [SURROGATE.format(name="client_orderid")]}


@pytest.mark.parametrize("field, body", [
    ("raw", '{"raw": "login=\\ud800&client_orderid=1&orderid=2", "command": "status"}'),
    ("merchant_control", '{"raw": "login=a&client_orderid=1&orderid=2", "merchant_control": "\\udfff"}'),
    ("command", '{"raw": "login=a&client_orderid=1&orderid=2", "command": "\\ud800"}'),
])
def test_lone_surrogate_in_debug_is_a_400_naming_the_field(client, field, body):
    r = raw_json(client, "/api/debug", body)
    assert (r.status_code, r.get_json()) == (400, {"error": {"kind": "invalid",
                                                             "message": SURROGATE.format(name=field)}})


def test_lone_surrogate_in_callback_verify_is_a_400_naming_the_field(client):
    r = raw_json(client, "/api/callback/verify", '{"raw": "status=\\ud800&orderid=1", "merchant_control": "k"}')
    assert (r.status_code, r.get_json()) == (400, {"error": {"kind": "invalid",
                                                             "message": SURROGATE.format(name="raw")}})


def test_superscript_expire_month_is_a_field_error_in_sign(client):
    r = client.post("/api/sale/sign", json={"endpointid": "1111", "expire_month": "²"})
    assert r.status_code == 200
    assert r.get_json()["errors"]["expire_month"] == ["expire_month must contain digits only."]


def test_superscript_expire_month_is_a_field_error_on_the_page(page_client):
    r = page_client.post("/sale", data={"target": "endpoint", "target_id": "1111", "expire_month": "²"})
    assert r.status_code == 200
    assert "expire_month must contain digits only." in r.get_data(as_text=True)


def test_superscript_expire_month_is_a_validation_error_in_the_sandbox(client):
    r = client.post("/sandbox/paynet/api/v2/sale/1111", data={**SALE, "control": "0" * 40})
    fields = parse_pairs(r.get_data(as_text=True))
    assert (r.status_code, fields["type"], fields["error-code"]) == (200, "validation-error", "1")
    assert fields["error-message"] == "expire_month must contain digits only."


def test_invalid_utf8_in_a_sandbox_value_is_a_validation_error_naming_it(client):
    body = "login=demo&client_orderid=%FF%FE&orderid=7000001&control=" + "0" * 40
    r = client.post("/sandbox/paynet/api/v2/status/1111", data=body,
                    content_type="application/x-www-form-urlencoded")
    fields = parse_pairs(r.get_data(as_text=True))
    assert (r.status_code, fields["type"], fields["error-code"]) == (200, "validation-error", "1")
    assert fields["error-message"] == "client_orderid is not valid UTF-8 text."


@pytest.mark.parametrize("amount", ["١٢", "٣.٥٠", "1²"])
def test_non_ascii_digits_are_not_an_amount(client, amount):
    r = client.post("/api/make-rebill-sale/sign", json={**REBILL, "amount": amount})
    assert r.get_json()["errors"]["amount"] == [f"amount must be a number in major units like 10.42 (got {amount!r})."]


def test_non_ascii_endpoint_id_is_refused(client):
    r = client.post("/api/make-rebill-sale/sign", json={**REBILL, "endpointid": "١١١١"})
    assert r.get_json()["errors"]["target"] == ["endpointid must contain digits only."]


def test_overlong_amount_is_a_field_error_and_is_signed_as_typed_not_rounded(client):
    r = client.post("/api/make-rebill-sale/sign", json={**REBILL, "amount": "9" * 400, "reveal": True})
    data = r.get_json()
    assert r.status_code == 200
    assert data["errors"]["amount"] == ["amount must be at most 10 characters (got 400)."]
    assert data["string_to_sign"] == "demoR11461665" + "9" * 400 + "USD" + DOC_KEY


def test_overlong_amount_in_the_sandbox_is_a_validation_error(client):
    body = {**{k: v for k, v in REBILL.items() if k not in ("endpointid", "merchant_control")},
            "amount": "12345678901.5", "control": "0" * 40}
    r = client.post("/sandbox/paynet/api/v2/make-rebill-sale/1111", data=body)
    fields = parse_pairs(r.get_data(as_text=True))
    assert (fields["type"], fields["error-message"]) == ("validation-error",
                                                         "amount must be at most 10 characters (got 13).")


def test_400_digit_amount_in_the_debugger_is_read_without_overflow(client):
    raw = "login=demo&client_orderid=R1&cardrefid=1461665&amount=" + "9" * 400 + "&currency=USD&control=" + "0" * 40
    r = client.post("/api/debug", json={"raw": raw, "merchant_control": DOC_KEY, "command": "make-rebill-sale",
                                        "endpointid": "1111"})
    assert r.status_code == 200
    lint = {(f["code"], f["message"]) for f in r.get_json()["lint"] if f["field"] == "amount"}
    assert lint == {("too-long", "amount is 400 characters; the documented maximum is 10."),
                    ("bad-amount", "amount must be at most 64 characters (got 400).")}


def test_debugger_still_explains_a_float_printed_amount(client):
    raw = ("login=demo&client_orderid=R1&cardrefid=1461665&amount=0.30000000000000004&currency=USD"
           "&ipaddress=1.2.3.4&order_desc=x&control=cdeaf75765a6f027b43b3e020eff07cdd8269073")
    r = client.post("/api/debug", json={"raw": raw, "merchant_control": DOC_KEY, "command": "make-rebill-sale"})
    assert r.status_code == 200
    assert r.get_json()["string_to_sign"] == "demoR114616650.30000000000000004USD***"
    assert [f["message"] for f in r.get_json()["lint"] if f["code"] == "bad-amount"] == [
        "amount has more than 2 decimals (got '0.30000000000000004'); the control string carries cents."]


def test_overlong_amount_on_the_hosted_form_is_an_error(page_client):
    fields = Ops(page_client).submit("preauth-form", client_orderid="H1", amount="")
    page = page_client.post(urlsplit(fields["redirect-url"]).path, data={"amount": "12345678901.5"})
    assert page.status_code == 200
    assert "amount must be at most 10 characters (got 13)." in page.get_data(as_text=True)


@pytest.mark.parametrize("text, deep", [
    ("[" * 32, False),
    ("[" * 33, True),
    ('{"a": "' + "[" * 40 + '"}', False),  # inside a string
    ('{"a": "\\"' + "[" * 40 + '"}', False),  # an escaped quote does not end the string
    ('["\\\\", ' + "[" * 40, True),  # an escaped backslash does: the brackets are outside
    ('"' + "[" * 40, False),  # an unterminated string runs to the end
    ("[]" * 100 + "{}" * 100, False),
])
def test_too_deep_counts_structure_not_strings(text, deep):
    assert too_deep(text) is deep


@pytest.mark.parametrize("method, path, expected", [
    ("GET", "/sandbox/paynet/api/v2/sale/1111", "405 Method Not Allowed: The method is not allowed for the "
                                                "requested URL.\n"),
    ("POST", "/sandbox/paynet/api/v2/%0A/%0A", "404 Not Found: The requested URL was not found on the server. If "
                                              "you entered the URL manually please check your spelling and try "
                                              "again.\n"),
    ("GET", "/sandbox/paynet/api/v4/payout/1111", "405 Method Not Allowed: The method is not allowed for the "
                                                  "requested URL.\n"),
])
def test_sandbox_api_refusals_are_text_not_pages(client, method, path, expected):
    r = client.open(path, method=method)
    assert (r.status_code, r.mimetype, r.get_data(as_text=True)) == (int(expected[:3]), "text/plain", expected)


def test_a_v4_path_without_a_target_is_a_404_in_text(client):
    r = client.post("/sandbox/paynet/api/v4/payout")
    assert (r.status_code, r.mimetype, r.get_data(as_text=True)) == (404, "text/plain", (
        "No command at /api/v4/payout: the path is /api/v4/<command>/<ENDPOINTID> or "
        "/api/v4/<command>/group/<ENDPOINTGROUPID>.\n"))
