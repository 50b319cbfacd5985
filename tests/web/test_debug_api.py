"""POST /api/debug: verdicts, every hypothesis on a control made with that mistake, lints, errors."""

import hashlib
import hmac

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.conftest import CANARY_KEY, DOC_KEY
from tests.helpers import EXAMPLES
from tests.samples import CASES, PHP_CAPTURE, REBILL, UPLOAD, docs_request, http


def debug(client, raw, key=DOC_KEY, **extra):
    return client.post("/api/debug", json={"raw": raw, "merchant_control": key, **extra})


def test_correct_request_matches(client):
    data = debug(client, http("make-rebill-sale/1111", REBILL + "&control=6feda405a0a687e7725df5e4b68ca49ae3554a4a"))
    result = data.get_json()
    assert data.status_code == 200
    assert (result["match"], result["verdict"], result["diagnosis"]) == (True, "match", [])
    assert result["command"] == "make-rebill-sale" and result["detected_by"] == "url"
    assert result["target"] == {"kind": "endpoint", "id": "1111"}
    assert result["expected_control"] == "6feda405a0a687e7725df5e4b68ca49ae3554a4a"
    assert result["string_to_sign"] == "demoR11461665115USD***"
    assert result["parts"][3] == {"name": "amount", "received": "1.15", "signed": "115", "bytes": 3,
                                  "left_out": False}


NONE_FOUND = ("No known mistake reproduces the received control. Most likely the merchant signed with another key "
              "(check which key belongs to this end point, and sandbox against production), or the values signed "
              "differ from those pasted (changed after signing, re-encoded by a proxy or a framework). Next: ask for "
              "the merchant's exact string to sign and compare it part by part with the expected one.")


@pytest.mark.parametrize("mistake, path, body, control", CASES, ids=[f"{c[0]}-{c[3][:6]}" for c in CASES])
def test_mistake_is_diagnosed_and_reproduces(client, mistake, path, body, control):
    result = debug(client, http(path, f"{body}&control={control}"), reveal=True).get_json()
    assert result["match"] is False
    ids = [d["id"] for d in result["diagnosis"]]
    assert mistake in ids
    for d in result["diagnosis"]:  # every listed mistake reproduces the received control
        string = d["string_to_sign"].encode()
        digests = {hashlib.sha1(string).hexdigest(), hashlib.sha256(string).hexdigest(),
                   hashlib.md5(string).hexdigest(), hmac.new(DOC_KEY.encode(), string, hashlib.sha1).hexdigest()}
        assert control.lower() in digests


def test_jpy_iso_and_major_units_coincide(client):
    body = REBILL.replace("1.15&currency=USD", "1000&currency=JPY")
    result = debug(client, http("make-rebill-sale/1111", body + "&control=a6851ae95ed17acad93289b682d2d6eea39d1ac8"))
    ids = [d["id"] for d in result.get_json()["diagnosis"]]
    assert {"amount-iso-exponent", "amount-major-units"} <= set(ids)


@pytest.mark.parametrize("path, body, extra, found", [
    # sha1("demoR1R1" + key), by printf | sha1sum: client_orderid's value in orderid's place.
    ("status/1111", "login=demo&client_orderid=R1&orderid=7000001&control=d577c89e833c1c85f53993060ba7c045dc67ddcb",
     {}, ("client-orderid-for-orderid", "demoR1R1***", "The merchant's order id client_orderid (R1) was signed in "
          "the place of orderid, the gateway's order id.")),
    # sha1("demoR170000011000USD" + key): the currency the merchant meant, signed but not sent.
    ("return/1111", "login=demo&client_orderid=R1&orderid=7000001&amount=10.00"
     "&control=187561e6cf6ff319983b41f0a4adde6c96d2fea3", {"currency": "USD"},
     ("field-signed-not-sent", "demoR170000011000USD***", "currency was signed as 'USD', the currency the merchant "
      "meant, but not sent: the gateway signs only the currency sent.")),
])
def test_field_mistakes_are_named_alone(client, path, body, extra, found):
    result = debug(client, http(path, body), **extra).get_json()
    assert [(d["id"], d["string_to_sign"], d["message"]) for d in result["diagnosis"]] == [found]


def test_no_explanation_says_what_next(client):
    result = debug(client, http("make-rebill-sale/1111", REBILL + "&control=" + "1" * 40)).get_json()
    assert result["diagnosis"] == []
    assert result["explanation"].startswith("No known mistake reproduces the received control. Most likely")


def test_amount_signed_not_sent_with_the_amount_meant(client):
    result = debug(client, http("capture/1111", PHP_CAPTURE), amount="99.1", currency="EUR").get_json()
    assert (result["verdict"], result["command"]) == ("mismatch", "capture")
    assert result["diagnosis"] == [{"id": "amount-signed-not-sent", "string_to_sign": "demoC170000019910EUR***",
                                    "message": "The amount the merchant meant (99.1 EUR, signed as '9910EUR') was "
                                    "signed but not sent: without an amount in the body the gateway leaves amount and "
                                    "currency out of the string. The official PHP library's capture does exactly "
                                    "this. Send the amount and currency, or sign without them."}]


def test_amount_signed_not_sent_without_the_amount_meant_says_what_to_give(client):
    result = debug(client, http("capture/1111", PHP_CAPTURE)).get_json()
    assert result["diagnosis"] == []
    assert result["explanation"] == NONE_FOUND + (
        " The request sends no amount: if the client signs one anyway (the official PHP library's capture signs "
        "amount + currency and sends neither), give the amount the merchant meant to test that. Hypotheses tried: "
        "uppercase-hex, amount-zero-when-absent, orderid-for-client-orderid, client-orderid-for-orderid, "
        "null-signed-for-empty, field-sent-not-signed, wrong-order, sale-recipe-for-return, key-whitespace, "
        "key-missing, wrong-algorithm.")


def test_no_key_reply_carries_the_hypotheses_tried(client):
    result = debug(client, http("capture/1111", PHP_CAPTURE), key="", amount="99.1", currency="EUR").get_json()
    ids = [c["id"] for c in result["hypotheses"]["candidates"]]
    assert ids[:3] == ["uppercase-hex", "amount-zero-when-absent", "amount-signed-not-sent"]
    assert result["hypotheses"]["none_found"] == NONE_FOUND + (
        " Hypotheses tried: uppercase-hex, amount-zero-when-absent, amount-signed-not-sent, "
        "orderid-for-client-orderid, client-orderid-for-orderid, null-signed-for-empty, field-sent-not-signed, "
        "field-signed-not-sent, wrong-order, sale-recipe-for-return, key-whitespace, key-missing, wrong-algorithm.")


@pytest.mark.parametrize("extra, message", [
    ({"amount": "99.123"}, "amount (the amount the merchant meant) has more than 2 decimals (got '99.123'); the "
                           "control string carries cents."),
    ({"amount": "12345678901"}, "amount (the amount the merchant meant) must be at most 10 characters (got 11)."),
    ({"amount": "1,50"}, "amount (the amount the merchant meant) must use '.' as the decimal delimiter, not ',' "
                         "(got '1,50')."),
    ({"currency": "EURO"}, "currency (the currency the merchant meant) must be 3 letters A-Z, an ISO 4217 code "
                           "such as USD."),
    ({"amount": 5}, "amount must be a string."),
])
def test_a_bad_amount_meant_is_a_400_naming_the_field(client, extra, message):
    r = debug(client, http("capture/1111", PHP_CAPTURE), **extra)
    assert (r.status_code, r.get_json()["error"]["message"]) == (400, message)


def test_amount_rounded_names_every_way_that_gives_the_cents(client):
    body = REBILL.replace("1.15", "10.005") + "&control=cc74e6430e0bc4300fe2f36e901b747b2539adb3"
    result = debug(client, http("make-rebill-sale/1111", body)).get_json()
    assert result["diagnosis"] == [{"id": "amount-rounded", "string_to_sign": "demoR114616651000USD***", "message":
                                    "The amount 10.005 has more than 2 decimals; the client signed its cents "
                                    "truncated, rounded half even or truncated from its binary float (1000). The "
                                    "gateway's amounts have 2 decimals: send the amount rounded as it was signed."}]


def test_float_artifact_is_named(client):
    body = REBILL.replace("1.15", "0.30000000000000004") + "&control=c3b02afb66c7317d9332f2e7d77ce9f7b7d5afd5"
    result = debug(client, http("make-rebill-sale/1111", body)).get_json()
    assert result["diagnosis"] == [{"id": "amount-float-artifact", "string_to_sign": "demoR1146166530USD***",
                                    "message": "The amount 0.30000000000000004 is a binary float's full text (floats "
                                    "added: 0.1 + 0.2 prints 0.30000000000000004). The client signed the cents it "
                                    "meant (30) but sent the float as it prints: round the amount to 2 decimals "
                                    "before sending it."}]


def test_currency_eaten_on_the_solid_payments_page_is_tried_with_the_currency_restored(client):
    # The docs' own control was made with another key; this one is sha1("login902B4FF51461665500USD" + key).
    raw = docs_request("make-rebill-preauth.solidpayments.en.txt").replace(
        "a37f4972233b4a5dbfb4dcaae149ce7feed01ef9", "47292a32899d142810fc11f1989aa17efe038059")
    result = debug(client, raw).get_json()
    assert result["diagnosis"] == [{"id": "currency-eaten", "string_to_sign": "login902B4FF51461665500USD***",
                                    "message": "The control is right for currency=USD, but the body lost "
                                    "'&currency=': an HTML page turned '&curren' into '¤' (the '¤cy=' lint), so the "
                                    "gateway reads no currency. Type '&currency=' again."}]
    assert "currency-eaten" in {f["code"] for f in result["lint"]}


LEGACY = ("The URL posts to make-rebill, an old name of make-rebill-sale that public clients still use (the official "
          "PHP library's rebill does). The current docs list only /api/v2/make-rebill-sale/ENDPOINTID and document no "
          "answer for make-rebill: expect the gateway to refuse it as an unknown command (the built-in sandbox "
          "answers 404 naming make-rebill-sale). Checked here with make-rebill-sale's recipe; post to "
          "/api/v2/make-rebill-sale/1111.")


@pytest.mark.parametrize("extra", [{}, {"command": "make-rebill-sale"}])
def test_legacy_make_rebill_path_is_checked_as_make_rebill_sale_and_named(client, extra):
    raw = http("make-rebill/1111", REBILL + "&control=6feda405a0a687e7725df5e4b68ca49ae3554a4a")
    r = debug(client, raw, **extra)
    result = r.get_json()
    assert (r.status_code, result["command"], result["verdict"]) == (200, "make-rebill-sale", "match")
    assert result["target"] == {"kind": "endpoint", "id": "1111"}
    assert result["lint"][0] == {"severity": "error", "field": None, "code": "legacy-command-path",
                                 "message": LEGACY}



@pytest.mark.parametrize("raw", [
    f"POST /paynet/api/3ds/v1/upload-cres-result/2222 HTTP/1.1\nHost: h\n\n{UPLOAD}",
    f"curl https://h/paynet/api/3ds/v1/upload-cres-result/2222 -d '{UPLOAD}'",
    f"2026-11-23 POST https://h/paynet/api/3ds/v1/upload-cres-result/2222 body={UPLOAD}",
])
def test_upload_paths_are_read_from_the_declarations(client, raw):
    result = debug(client, raw).get_json()
    assert (result["command"], result["detected_by"], result["verdict"]) == ("upload-cres-result", "url", "match")
    assert result["target"] == {"kind": "endpoint", "id": "2222"}


def test_upload_path_with_group_is_linted(client):
    raw = f"POST /paynet/api/3ds/v1/upload-cres-result/group/2222 HTTP/1.1\nHost: h\n\n{UPLOAD}"
    result = debug(client, raw).get_json()
    assert (result["command"], result["verdict"]) == ("upload-cres-result", "match")
    assert result["lint"][0] == {"severity": "error", "field": None, "code": "group-segment", "message":
                                 "upload-cres-result takes the end point or group id straight after the command "
                                 "(/api/3ds/v1/upload-cres-result/ENDPOINTGROUPID), with no /group/ segment."}


def test_without_key_parsed_and_linted(client):
    result = debug(client, docs_request("make-rebill-preauth.solidpayments.en.txt"), key="").get_json()
    assert (result["verdict"], result["match"], result["expected_control"]) == ("no-key", None, None)
    codes = {f["code"] for f in result["lint"]}
    assert {"currency-eaten", "host-with-scheme", "missing-required"} <= codes
    assert result["builder"]["values"]["currency"] == "USD"
    assert "cvv2" not in result["builder"]["values"]


def test_no_control_verdict(client):
    result = debug(client, http("make-rebill-sale/1111", REBILL)).get_json()
    assert (result["verdict"], result["match"]) == ("no-control", None)


@pytest.mark.parametrize("name", ["make-rebill-preauth.payneteasy.en.txt", "make-rebill-preauth.connpay.en.txt",
                                  "make-rebill-preauth.solidpayments.en.txt", "make-rebill-sale.connpay.ru.txt",
                                  "preauth-form.connpay.en.txt"])
def test_every_docs_example_is_read(client, name):
    r = debug(client, docs_request(name))
    assert r.status_code == 200
    assert r.get_json()["command"] == name.split(".")[0]


def test_docs_preauth_form_lints_card_data(client):
    result = debug(client, docs_request("preauth-form.connpay.en.txt"), key="").get_json()
    card = {f["field"] for f in result["lint"] if f["code"] == "card-data-to-form"}
    assert card == {"credit_card_number", "card_printed_name", "expire_month", "expire_year", "cvv2"}
    assert result["fields"]["credit_card_number"] == "453897******6732" and result["fields"]["cvv2"] == "***"
    assert any(f["code"] == "unencoded-plus" and f["field"] == "phone" for f in result["lint"])


def test_leaked_key_is_critical_and_masked(client):
    raw = http("status/1111", f"login=demo&client_orderid=R1&orderid=7&merchant_control={CANARY_KEY}&control=x")
    r = debug(client, raw, key=CANARY_KEY)
    assert CANARY_KEY not in r.get_data(as_text=True)
    lint = r.get_json()["lint"][0]
    assert (lint["severity"], lint["code"]) == ("critical", "leaked-secret")


def test_wrong_content_type_and_method_lint(client):
    raw = "curl -X GET https://h/paynet/api/v2/status/1111 -H 'Content-Type: application/json' -d login=demo"
    codes = {f["code"] for f in debug(client, raw).get_json()["lint"]}
    assert {"content-type", "method"} <= codes


def test_detect_from_parameters_and_ambiguity(client):
    body = "login=demo&client_orderid=R1&orderid=7000001&control=b47653f973bced30240679335df51b99640f57f9"
    r = debug(client, body, key="")
    assert r.status_code == 422
    assert r.get_json()["candidates"] == ["capture", "create-card-ref", "return", "status"]
    assert debug(client, body).status_code == 422  # all four sign the same string: the control cannot tell
    result = debug(client, "login=demo&cardrefid=1461665&control=x").get_json()
    assert result["command"] == "get-card-info" and result["detected_by"] == "parameters"
    r = debug(client, REBILL + "&control=6feda405a0a687e7725df5e4b68ca49ae3554a4a", key="")
    assert r.status_code == 422
    assert r.get_json()["error"]["kind"] == "ambiguous-command"
    assert r.get_json()["candidates"] == ["make-rebill-preauth", "make-rebill-sale"]
    r = debug(client, REBILL + "&control=6feda405a0a687e7725df5e4b68ca49ae3554a4a", command="make-rebill-sale")
    assert r.get_json()["match"] is True


@pytest.mark.parametrize("raw", ["", "   ", "hello world", 42, None])
def test_unreadable_400(client, raw):
    r = client.post("/api/debug", json={"raw": raw})
    assert r.status_code == 400
    assert r.get_json()["error"]["kind"] == "unparseable"


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(raw=st.text(), key=st.text(max_size=40))
def test_fuzzed_debug_never_500(client, raw, key):
    r = client.post("/api/debug", json={"raw": raw, "merchant_control": key})
    assert r.status_code in (200, 400, 422)


def test_a_1_mb_paste_is_refused_naming_the_limit(client):
    r = debug(client, "a=" + "x" * 999_998)
    assert (r.status_code, r.get_json()) == (413, {"error": {"kind": "too-large", "message": (
        "The paste is 1,000,000 characters long; the debugger reads at most 65,536 (64 KiB). "
        "Paste only the request.")}})


def test_more_than_500_parameters_are_refused_naming_the_limit(client):
    r = debug(client, "&".join(f"p{i}=1" for i in range(501)))
    assert (r.status_code, r.get_json()) == (413, {"error": {"kind": "too-many-parameters", "message": (
        "The paste has 501 parameters; the debugger reads at most 500. Paste only the request.")}})
    assert debug(client, "&".join(f"p{i}=1" for i in range(500))).status_code != 413


@pytest.mark.parametrize("raw", [
    "&".join(f"p{i}=" + "\x01" * 120 for i in range(500)),
    http("make-rebill-sale/1111", "&".join(f"login{i}=%01" * 40 for i in range(40))),
    "login=demo&client_orderid=R1&cardrefid=1461665&amount=1.15&currency=USD&control=x&order_desc="
    + "\u2028" * 65000,
])
def test_worst_pastes_within_the_limits_reply_under_2_mib(client, raw):
    r = debug(client, raw[:65536])
    assert r.status_code in (200, 400, 422) and len(r.get_data()) < 2 * 1024 * 1024


@pytest.mark.parametrize("raw", [
    http("status/1111", f"login=demo&client_orderid=R1&orderid=7&control=x&{CANARY_KEY}"),
    http("status/1111", "login=demo&client_orderid=R1&orderid=7&control=x") + f"\nX-Key: {CANARY_KEY}",
    f"curl -H 'X-Key: {CANARY_KEY}' -d 'login=demo&client_orderid=R1&orderid=7&control=x' https://h/api/v2/status/1",
])
def test_typed_key_is_masked_wherever_the_paste_has_it(client, raw):
    body = debug(client, raw, key=CANARY_KEY).get_data(as_text=True)
    assert CANARY_KEY not in body and "***" in body


def test_a_bracketed_card_number_as_host_is_a_note_not_a_500(client):
    """A paste once made /api/debug and /debug answer 500 (urlsplit raised on the host) and logged the card."""
    raw = (f"POST [4111111111111111]/paynet/api/v2/make-rebill-sale/1111 HTTP/1.1\n\n{REBILL}"
           "&control=6feda405a0a687e7725df5e4b68ca49ae3554a4a")
    r = debug(client, raw)
    assert (r.status_code, r.get_json()["verdict"], r.get_json()["notes"]) == (200, "match", [
        "The URL's host '[411111******1111]' cannot be read (a host in [brackets] must be an IPv6 address, and "
        "brackets must pair); the path and query were read without it."])


def test_an_unknown_command_in_the_url_is_named_with_the_closest_known_ones(client):
    body = "login=demo&client_orderid=R1&orderid=7000001&control=b47653f973bced30240679335df51b99640f57f9"
    r = debug(client, http("bank-wire-transfer/1111", body))
    assert r.status_code == 422
    assert r.get_json()["error"] == {
        "kind": "unknown-command",
        "message": "This tool does not know the command 'bank-wire-transfer' that the URL posts to, so it has no "
                   "recipe to check the control with. Closest known commands: capture, create-card-ref, return, "
                   "status. If the request is one of them, choose it and check again."}
    assert r.get_json()["candidates"] == ["capture", "create-card-ref", "return", "status"]  # by the parameters
    r = debug(client, http("captur/1111", body))  # a typo: by the name
    assert r.get_json()["candidates"] == ["capture", "status", "return"]
    assert debug(client, http("bank-wire-transfer/1111", body), command="status").get_json()["command"] == "status"


def test_an_amount_refusal_names_every_rule_it_breaks(client):
    body = REBILL.replace("1.15", "0.30000000000000004") + "&control=c3b02afb66c7317d9332f2e7d77ce9f7b7d5afd5"
    lint = {f["code"]: f["message"] for f in debug(client, http("make-rebill-sale/1111", body)).get_json()["lint"]}
    assert lint["bad-amount"] == ("amount has more than 2 decimals (got '0.30000000000000004'); the control string "
                                  "carries cents.")
    assert lint["too-long"] == "amount is 19 characters; the documented maximum is 10."


def test_the_builder_names_every_rule_an_amount_breaks(client):
    fields = {**EXAMPLES["sale"], "endpointid": "1111", "merchant_control": "k", "amount": "0.30000000000000004"}
    assert client.post("/api/sale/sign", json=fields).get_json()["errors"]["amount"] == [
        "amount has more than 2 decimals (got '0.30000000000000004'); the control string carries cents.",
        "amount must be at most 10 characters (got 19)."]


def test_a_capture_without_an_amount_is_checked_against_the_sandbox_order(client):
    """The official PHP library's capture signs the order's amount and currency and sends neither: when the order
    is in the built-in sandbox, its amount is tried without the user typing it."""
    preauth = {**EXAMPLES["preauth"], "endpointid": "1111", "merchant_control": DOC_KEY, "client_orderid": "C1",
               "amount": "99.10"}
    assert client.post("/api/preauth/submit", json=preauth).get_json()["response"]["fields"]["paynet-order-id"] \
        == "7000001"
    # sha1("demoC170000019910USD" + DOC_KEY), by printf | sha1sum
    capture = "login=demo&client_orderid=C1&orderid=7000001&control=d06755619508d3474f55eb761648be4db313830d"
    result = debug(client, http("capture/1111", capture)).get_json()
    assert [d["id"] for d in result["diagnosis"]] == ["amount-signed-not-sent"]
    assert result["diagnosis"][0]["message"].startswith("The amount the merchant meant (99.10 USD, signed as "
                                                        "'9910USD') was signed but not sent")
    assert ("The request sends no amount; the built-in sandbox holds its order, of 99.10 USD, so the debugger also "
            "tried whether the client signed that.") in result["notes"]
    other = debug(client, http("capture/1111", capture.replace("C1", "C2"))).get_json()  # not its order
    assert other["diagnosis"] == [] and not any("sandbox holds" in n for n in other["notes"])


def test_a_plus_signed_literally_is_the_mismatch_s_explanation(client):
    body = REBILL.replace("R1", "A+B") + "&control=ba007b8dad2c0ea8187ba4beee21324e1f40993c"  # signed "A+B"
    result = debug(client, http("make-rebill-sale/1111", body)).get_json()
    # Two readings of one string: "A+B" signed as typed, or "A B" signed form-encoded; both are named.
    assert result["diagnosis"] == [
        {"id": "url-encoded-values", "string_to_sign": "demoA+B1461665115USD***",
         "message": "Values were signed form-encoded ('+' for space), as they appear in the body, instead of decoded."},
        {"id": "unencoded-plus", "string_to_sign": "demoA+B1461665115USD***",
         "message": "A '+' in client_orderid was signed as a plus sign but sent unencoded: the gateway decodes it as a "
                    "space, so it checks another string. Encode a plus sign as %2B."}]
    assert [f["code"] for f in result["lint"]] == []  # a space is valid in client_orderid: no lint of its own


def test_form_encoded_spaces_raise_no_plus_warning(client):
    body = REBILL.replace("R1", "+padded+") + "&control=7e1560e8c4c45af2658721338e8c7bdbdf20b307"  # " padded "
    result = debug(client, http("make-rebill-sale/1111", body)).get_json()
    assert (result["verdict"], result["lint"]) == ("match", [])


def test_a_plus_where_a_space_is_never_right_is_linted(client):
    body = REBILL.replace("1.2.3.4", "+1.2.3.4") + "&control=6feda405a0a687e7725df5e4b68ca49ae3554a4a"
    result = debug(client, http("make-rebill-sale/1111", body)).get_json()
    assert result["verdict"] == "match"
    assert [(f["code"], f["field"]) for f in result["lint"]] == [("unencoded-plus", "ipaddress")]


def test_open_in_builder_carries_the_holder_and_expiry_never_the_number_or_cvv2(client):
    body = ("client_orderid=B1&amount=10.42&email=a%40b.c&credit_card_number=4538977399606732&card_printed_name="
            "JANE+DOE&expire_month=07&expire_year=2031&cvv2=123&control=" + "0" * 40)
    values = debug(client, http("sale/1111", body)).get_json()["builder"]["values"]
    assert values == {"client_orderid": "B1", "amount": "10.42", "email": "a@b.c", "card_printed_name": "JANE DOE",
                      "expire_month": "07", "expire_year": "2031", "endpointid": "1111"}


# -- the merchant's key fingerprint: is the key checked with the merchant's? ------------------------------------

MATCHING = http("make-rebill-sale/1111", REBILL + "&control=6feda405a0a687e7725df5e4b68ca49ae3554a4a")
FINGERPRINT_BAD = ("fingerprint must be 8 hexadecimal digits (0-9, a-f, either case): the key fingerprint the tool "
                   "shows next to a key.")


def test_a_matching_fingerprint_says_same_key(client):
    result = debug(client, MATCHING, fingerprint="F2E7E74D").get_json()
    assert result["verdict"] == "match"
    assert result["fingerprint"] == {"merchant": "f2e7e74d", "yours": "f2e7e74d", "same": True,
                                     "message": "Same key as the merchant's: both fingerprints are f2e7e74d."}


def test_a_different_fingerprint_names_both(client):
    result = debug(client, MATCHING, fingerprint="3fbffb70").get_json()
    assert result["fingerprint"]["message"] == ("You are checking with a different key than the merchant's: its "
                                                "fingerprint is 3fbffb70, yours is f2e7e74d.")
    assert result["fingerprint"]["same"] is False


def test_a_fingerprint_alone_still_shows_what_it_can(client):
    result = debug(client, MATCHING, key="", fingerprint="f2e7e74d").get_json()
    assert (result["verdict"], result["command"]) == ("no-key", "make-rebill-sale")
    assert result["fingerprint"] == {
        "merchant": "f2e7e74d", "yours": None, "same": None,
        "message": "The signature cannot be checked without a key: the fingerprint f2e7e74d tells which key the "
                   "merchant uses, not the key itself. Type the key to check the control."}


@pytest.mark.parametrize("value", ["f2e7e74", "f2e7e74z", 12345678])
def test_a_bad_fingerprint_is_a_400_naming_the_field_and_the_rule(client, value):
    r = debug(client, MATCHING, fingerprint=value)
    assert (r.status_code, r.get_json()["error"]) == (400, {"kind": "invalid", "message": FINGERPRINT_BAD})


def test_no_fingerprint_no_check(client):
    assert "fingerprint" not in debug(client, MATCHING).get_json()
