"""The JSON API contract of /api/commands and /api/<command>/sign."""

import logging

import pytest

from tests.conftest import CANARY_KEY, DOC_KEY

PREAUTH_FORM = {
    "client_orderid": "902B4FF5", "order_desc": "Test Order Description", "amount": "10.42",
    "currency": "USD", "address1": "100 Main st", "city": "Seattle", "zip_code": "98102",
    "country": "US", "state": "WA", "phone": "+12063582043", "email": "john.smith@gmail.com",
    "ipaddress": "65.153.12.232", "first_name": "John", "last_name": "Smith",
}
REBILL = {"login": "login", "client_orderid": "902B4FF5", "cardrefid": "1461665", "amount": "5.00",
          "currency": "USD", "ipaddress": "34.129.65.12", "order_desc": "Rebill order description"}


def sign(client, command, **data):
    return client.post(f"/api/{command}/sign", json=data)


def test_sign_docs_worked_example(client):
    r = sign(client, "preauth-form", endpointid="1111", merchant_control=DOC_KEY, **PREAUTH_FORM)
    assert r.status_code == 200
    data = r.get_json()
    assert data["signature"] == "c6bdd88a78834ef4b863b088827a459f039e8257"
    assert data["string_to_sign"] == "1111902B4FF51042john.smith@gmail.com***"
    assert data["path"] == "/api/v2/preauth-form/1111"
    assert data["errors"] == {}
    assert data["warnings"] == []
    assert data["body"] == (
        "client_orderid=902B4FF5&order_desc=Test+Order+Description&amount=10.42&currency=USD"
        "&address1=100+Main+st&city=Seattle&zip_code=98102&country=US&phone=%2B12063582043"
        "&email=john.smith%40gmail.com&ipaddress=65.153.12.232&first_name=John&last_name=Smith"
        "&state=WA&control=c6bdd88a78834ef4b863b088827a459f039e8257")


def test_sign_reveal_shows_key(client):
    data = sign(client, "preauth-form", endpointid="1111", merchant_control=DOC_KEY, reveal=True,
                **PREAUTH_FORM).get_json()
    assert data["string_to_sign"] == "1111902B4FF51042john.smith@gmail.com" + DOC_KEY
    assert data["parts"][-1] == {"name": "merchant_control", "value": DOC_KEY}


def test_sign_group_target_first_part(client):
    data = sign(client, "preauth-form", groupid="39539", merchant_control=DOC_KEY, **PREAUTH_FORM).get_json()
    assert data["path"] == "/api/v2/preauth-form/group/39539"
    assert data["parts"][0] == {"name": "groupid", "value": "39539"}
    assert data["signature"] == "eca5b66aa6f3dc48bf31da886b9f62e38598b077"


def test_sign_preauth_form_empty_amount_is_warning(client):
    data = sign(client, "preauth-form", endpointid="1111", merchant_control=DOC_KEY,
                **{**PREAUTH_FORM, "amount": ""}).get_json()
    assert data["errors"] == {}
    assert data["signature"] == "fd763f1c92340a0c73a345459053df6d759ef29f"
    assert "amount=" not in data["body"]
    assert [w["code"] for w in data["warnings"]] == ["empty"]
    assert data["warnings"][0]["field"] == "amount"


@pytest.mark.parametrize("command", ["make-rebill-sale", "make-rebill-preauth"])
def test_sign_rebill_recipe_same_on_both_targets(client, command):
    a = sign(client, command, endpointid="46750", merchant_control=DOC_KEY, **REBILL).get_json()
    b = sign(client, command, groupid="39539", merchant_control=DOC_KEY, **REBILL).get_json()
    assert a["signature"] == b["signature"] == "47292a32899d142810fc11f1989aa17efe038059"
    assert a["errors"] == {}


def test_sign_whitespace_warning_shows_untrimmed_control(client):
    data = sign(client, "preauth-form", endpointid="1111", merchant_control=DOC_KEY,
                **{**PREAUTH_FORM, "client_orderid": " 902B4FF5 "}).get_json()
    assert data["signature"] == "c6bdd88a78834ef4b863b088827a459f039e8257"
    assert data["warnings"] == [{
        "field": "client_orderid", "code": "whitespace",
        "message": "client_orderid has leading or trailing whitespace; the gateway trims it before "
                   "checking control, and so does this tool. Signed untrimmed, the control would be "
                   "683f20e1392b5981170dbb8efa6e5f0b8f343541 instead of "
                   "c6bdd88a78834ef4b863b088827a459f039e8257."}]


def test_sign_currency_exponent_warning(client):
    data = sign(client, "make-rebill-sale", endpointid="1", merchant_control=DOC_KEY,
                **{**REBILL, "amount": "100", "currency": "JPY"}).get_json()
    assert data["signature"] == "276f1bd34b29276350bfcd336292e771eb61f7f2"
    (w,) = data["warnings"]
    assert w["code"] == "currency-exponent"
    assert w["message"] == (
        "JPY has 0 decimals in ISO 4217. This tool signs amount x 100 (100 -> 10000) as every public "
        "client does; by the ISO exponent it would be 100 (control "
        "25d24a8ef54c3f48bef93741a6ed5c6b35cd6889). Confirm with the gateway's support before "
        "relying on either.")


@pytest.mark.parametrize("amount, message", [
    ("1.005", "amount has more than 2 decimals (got '1.005'); the control string carries cents."),
    ("-5", "amount must not be negative (got '-5')."),
    ("5,00", "amount must use '.' as the decimal delimiter, not ',' (got '5,00')."),
    ("1e3", "amount must be plain digits, not exponent notation (got '1e3')."),
])
def test_sign_bad_amount_is_field_error(client, amount, message):
    data = sign(client, "make-rebill-sale", endpointid="1", merchant_control=DOC_KEY,
                **{**REBILL, "amount": amount}).get_json()
    assert data["errors"] == {"amount": [message]}


def test_sign_float_amount_refused(client):
    data = sign(client, "make-rebill-sale", endpointid="1", merchant_control=DOC_KEY,
                **{**REBILL, "amount": 10.42}).get_json()
    assert data["errors"]["amount"] == [
        'amount must be a string (send amounts as strings, "10.42", so no precision is lost).']


def test_sign_state_required_for_us(client):
    data = sign(client, "preauth-form", endpointid="1", merchant_control=DOC_KEY,
                **{**PREAUTH_FORM, "state": ""}).get_json()
    assert data["errors"] == {"state": ["state is required when country is US."]}
    data = sign(client, "preauth-form", endpointid="1", merchant_control=DOC_KEY,
                **{**PREAUTH_FORM, "state": "", "country": "DE"}).get_json()
    assert data["errors"] == {}


def test_sign_choices_enforced(client):
    data = sign(client, "make-rebill-sale", endpointid="1", merchant_control=DOC_KEY,
                **{**REBILL, "recurrent_scenario": "SOMETIMES"}).get_json()
    assert data["errors"] == {"recurrent_scenario": ["recurrent_scenario must be one of REGULAR, IRREGULAR."]}


@pytest.mark.parametrize("target, message", [
    ({"endpointid": "1", "groupid": "2"}, "Give exactly one of endpointid or groupid, not both."),
    ({}, "endpointid is required: give exactly one of endpointid or groupid."),
    ({"endpointid": "12a"}, "endpointid must contain digits only."),
])
def test_sign_target_errors(client, target, message):
    data = sign(client, "make-rebill-sale", merchant_control=DOC_KEY, **REBILL, **target).get_json()
    assert message in data["errors"]["target"]


def test_sign_without_key_partial_string(client):
    data = sign(client, "make-rebill-sale", endpointid="1", login="login").get_json()
    assert data["signature"] is None
    assert data["string_to_sign"] == "login"
    assert data["errors"]["merchant_control"] == ["merchant_control (the control key) is needed to sign."]
    assert data["errors"]["client_orderid"] == ["client_orderid is required."]


def test_sign_card_data_masked_unless_revealed(client):
    data = sign(client, "make-rebill-sale", endpointid="1", merchant_control=DOC_KEY, cvv2="321", **REBILL).get_json()
    assert "&cvv2=***&" in data["body"] and "321" not in data["body"]
    assert data["masked"] == ["cvv2"]
    data = sign(client, "make-rebill-sale", endpointid="1", merchant_control=DOC_KEY, cvv2="321",
                reveal=True, **REBILL).get_json()
    assert "cvv2=321" in data["body"]


def test_sign_unknown_parameter_warns(client):
    data = sign(client, "make-rebill-sale", endpointid="1", merchant_control=DOC_KEY, colour="red", **REBILL).get_json()
    assert {"field": "colour", "code": "unknown-parameter",
            "message": "colour is not a parameter of make-rebill-sale; ignored."} in data["warnings"]


def test_sign_curl_has_no_key(client):
    data = sign(client, "make-rebill-sale", endpointid="46750", merchant_control=DOC_KEY, **REBILL).get_json()
    assert data["curl"].startswith("curl -X POST http://localhost/sandbox/paynet/api/v2/make-rebill-sale/46750 \\\n")
    assert "  --data-urlencode 'order_desc=Rebill order description' \\\n" in data["curl"]
    assert data["curl"].endswith("--data-urlencode control=47292a32899d142810fc11f1989aa17efe038059")
    assert DOC_KEY not in data["curl"]


def test_sign_curl_reads_masked_card_data_from_a_variable_it_checks(client):
    data = sign(client, "make-rebill-sale", endpointid="46750", cvv2="987", **REBILL).get_json()
    assert data["curl"] == (
        ': "${PAYNET_CVV2:?set PAYNET_CVV2 to the CVV2 of the test card, e.g. 123}" &&\n'
        "curl -X POST http://localhost/sandbox/paynet/api/v2/make-rebill-sale/46750 \\\n"
        "  --data-urlencode login=login \\\n"
        "  --data-urlencode client_orderid=902B4FF5 \\\n"
        "  --data-urlencode cardrefid=1461665 \\\n"
        "  --data-urlencode amount=5.00 \\\n"
        "  --data-urlencode currency=USD \\\n"
        '  --data-urlencode "cvv2=${PAYNET_CVV2}" \\\n'
        "  --data-urlencode ipaddress=34.129.65.12 \\\n"
        "  --data-urlencode 'order_desc=Rebill order description'")
    revealed = sign(client, "make-rebill-sale", endpointid="46750", cvv2="987", reveal=True, **REBILL).get_json()
    assert "  --data-urlencode cvv2=987 \\\n" in revealed["curl"]
    assert revealed["curl"].startswith("curl -X POST ")


def test_sign_unknown_command_404(client):
    r = sign(client, "no-such-command")
    assert r.status_code == 404
    assert r.get_json()["error"]["kind"] == "unknown-command"


def test_sign_wrong_content_type_415(client):
    r = client.post("/api/status/sign", data="login=x", content_type="application/x-www-form-urlencoded")
    assert r.status_code == 415
    assert r.get_json()["error"]["kind"] == "unsupported-media-type"


@pytest.mark.parametrize("body", ["{not json", ""])
def test_sign_malformed_json_400(client, body):
    r = client.post("/api/status/sign", data=body, content_type="application/json")
    assert r.status_code == 400
    assert r.get_json()["error"]["kind"] == "malformed-json"


@pytest.mark.parametrize("path", ["/api/debug", "/api/status/sign"])
@pytest.mark.parametrize("body, kind", [("null", "null"), ("[1, 2]", "an array"), ("3", "a number"),
                                        ('"x"', "a string"), ("true", "a boolean")])
def test_valid_json_that_is_not_an_object_is_named(client, path, body, kind):
    r = client.post(path, data=body, content_type="application/json")
    assert (r.status_code, r.get_json()) == (400, {"error": {
        "kind": "not-an-object",
        "message": f'The request body is valid JSON, but {kind}, not an object: send a JSON object '
                   '({"name": "value", ...}).'}})


def test_sign_oversized_413(client):
    r = client.post("/api/status/sign", data='{"login": "' + "x" * 2_000_000 + '"}',
                    content_type="application/json")
    assert r.status_code == 413
    assert r.get_json()["error"]["kind"] == "too-large"


def test_unknown_api_route_json_404(client):
    r = client.get("/api/nothing-here")
    assert r.status_code == 404
    assert "error" in r.get_json()


def test_commands_contract(client):
    data = client.get("/api/commands").get_json()
    by_name = {c["name"]: c for c in data["commands"]}
    assert {"make-rebill-sale", "make-rebill-preauth", "preauth-form", "status"} <= set(by_name)
    pf = by_name["preauth-form"]
    assert pf["path"] == "/api/v2/preauth-form/ENDPOINTID"
    assert pf["group"] == "Payment forms"
    assert pf["recipe"] == [
        {"name": "target", "source": "target", "minor_units": False, "when": None},
        {"name": "client_orderid", "source": "field", "minor_units": False, "when": None},
        {"name": "amount", "source": "field", "minor_units": True, "when": "amount"},
        {"name": "email", "source": "field", "minor_units": False, "when": None},
        {"name": "merchant_control", "source": "key", "minor_units": False, "when": None}]
    capture = by_name["capture"]["recipe"]  # currency is signed only when the amount is sent
    assert capture[4] == {"name": "currency", "source": "field", "minor_units": False, "when": "amount"}
    fields = {f["name"]: f for f in pf["fields"]}
    assert fields["order_desc"] == {"name": "order_desc", "label": "order_desc", "necessity": "required",
                                    "type": "String", "max_length": 65536, "length": "64k",
                                    "description": "Brief order description.", "signed": None}
    assert fields["email"]["signed"] == 4 and fields["client_orderid"]["signed"] == 2
    assert fields["state"]["necessity"] == "conditional"
    assert "card-ref-id" in fields and "cardrefid" not in fields
    assert [f["name"] for f in pf["fields"]].count("preferred_language") == 1
    assert "control" not in fields and "merchant_control" not in fields
    rebill = {f["name"]: f for f in by_name["make-rebill-sale"]["fields"]}
    assert rebill["cvv2"]["length"] == "3-4" and rebill["cvv2"]["max_length"] == 4
    assert [f["name"] for f in by_name["make-rebill-sale"]["fields"]][:5] == \
        ["login", "client_orderid", "cardrefid", "amount", "currency"]


def test_key_never_logged_or_returned(client, caplog):
    caplog.set_level(logging.DEBUG)
    r = sign(client, "preauth-form", endpointid="1111", merchant_control=CANARY_KEY, **PREAUTH_FORM)
    assert CANARY_KEY not in r.get_data(as_text=True)
    assert CANARY_KEY not in caplog.text


def test_sign_non_breaking_space_kept_and_warned(client):
    data = sign(client, "make-rebill-sale", endpointid="1", merchant_control=DOC_KEY, reveal=True,
                **{**REBILL, "login": "login\u00a0"}).get_json()
    assert data["string_to_sign"] == "login\u00a0902B4FF51461665500USD" + DOC_KEY
    assert [w["code"] for w in data["warnings"]] == ["unicode-space"]
    assert data["warnings"][0]["field"] == "login"
