"""The v4 signature debugger names the mistake the signature proves. Each case is a request as sent and the base
string its client signed, both written out; the test signs that base string with its own key (RSA PKCS#1 v1.5 is
deterministic) and puts the signature in the header as the case says. The debugger, given the public key only,
must name the variant (or say that nothing explains it)."""

import base64
from urllib.parse import quote

import pytest
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding

from debugger import v4, v4_paste
from debugger.v4_variants import IDS
from forms.v4 import load_v4_registry
from tests.samples import V4_TEST_KEY, V4_TEST_PUBLIC

PRIVATE = serialization.load_pem_private_key(V4_TEST_KEY.encode(), None)
PUBLIC = serialization.load_pem_public_key(V4_TEST_PUBLIC.encode())
COMMANDS = {name: form.command for name, form in load_v4_registry().items()}
NOW = 1764806400
URL = "https://gw.example/paynet/api/v4/payout/1111"
ENC_URL = "https%3A%2F%2Fgw.example%2Fpaynet%2Fapi%2Fv4%2Fpayout%2F1111"
OAUTH = ("oauth_consumer_key%3Ddemo%26oauth_nonce%3Dn1%26oauth_signature_method%3DRSA-SHA256%26oauth_timestamp%3D"
         "1764806400%26oauth_version%3D1.0")
RIGHT = f"POST&{ENC_URL}&amount%3D10.42%26client_orderid%3DA1%26{OAUTH}"


def sign(base: str) -> str:
    return base64.b64encode(PRIVATE.sign(base.encode(), padding.PKCS1v15(), hashes.SHA256())).decode()


def header(signature_text: str, consumer="demo", timestamp="1764806400", extra="") -> str:
    return (f'OAuth {extra}oauth_consumer_key="{consumer}", oauth_nonce="n1", oauth_signature="{signature_text}", '
            f'oauth_signature_method="RSA-SHA256", oauth_timestamp="{timestamp}", oauth_version="1.0"')


def http(body: str, signed: str, url=URL, encoding=lambda s: quote(s, safe=""), **kw) -> str:
    """A raw HTTP request to `url` carrying `body`, its header signing `signed` (encoded by `encoding`)."""
    _scheme, _sep, rest = url.partition("://")
    host, _sep, path = rest.partition("/")
    return (f"POST /{path} HTTP/1.1\nHost: {host}\nAuthorization: {header(encoding(sign(signed)), **kw)}\n"
            f"Content-Type: application/x-www-form-urlencoded\n\n{body}")


def explain(text: str, now=NOW, reused=False) -> dict:
    return v4.explain(v4_paste.read(text), PUBLIC, COMMANDS, now, reused)


def test_a_right_request_verifies_and_shows_the_gateways_base_string():
    result = explain(http("client_orderid=A1&amount=10.42", RIGHT))
    assert result["verdict"] == "match" and result["match"] is True
    assert result["base_string"] == RIGHT
    assert result["diagnosis"] == [] and result["lint"] == [] and result["tried"] == 1


CASES = [
    # (variant id, body sent, base string the client signed, url sent)
    ("form-encoding", "client_orderid=A1&order_desc=John%20Smith%21",
     f"POST&{ENC_URL}&client_orderid%3DA1%26{OAUTH}%26order_desc%3DJohn%2BSmith!", URL),
    ("numeric-sort", "client_orderid=A1&9=x&10=y", f"POST&{ENC_URL}&9%3Dx%2610%3Dy%26client_orderid%3DA1%26{OAUTH}",
     URL),
    ("empty-dropped", "client_orderid=A1&order_desc=", f"POST&{ENC_URL}&client_orderid%3DA1%26{OAUTH}", URL),
    ("oauth-in-body", "client_orderid=A1&oauth_nonce=n1", f"POST&{ENC_URL}&client_orderid%3DA1%26{OAUTH}", URL),
    ("login-in-body-signed", "client_orderid=A1", f"POST&{ENC_URL}&client_orderid%3DA1%26login%3Ddemo%26{OAUTH}",
     URL),
    ("login-in-body-signed", "client_orderid=A1&login=demo", f"POST&{ENC_URL}&client_orderid%3DA1%26{OAUTH}", URL),
    ("url-explicit-port", "client_orderid=A1",
     f"POST&https%3A%2F%2Fgw.example%3A443%2Fpaynet%2Fapi%2Fv4%2Fpayout%2F1111&client_orderid%3DA1%26{OAUTH}", URL),
    ("url-explicit-port", "client_orderid=A1", f"POST&{ENC_URL}&client_orderid%3DA1%26{OAUTH}",
     "https://gw.example:443/paynet/api/v4/payout/1111"),
    ("url-host-case", "client_orderid=A1",
     f"POST&https%3A%2F%2FGW.EXAMPLE%2Fpaynet%2Fapi%2Fv4%2Fpayout%2F1111&client_orderid%3DA1%26{OAUTH}", URL),
    ("url-trailing-slash", "client_orderid=A1", f"POST&{ENC_URL}%2F&client_orderid%3DA1%26{OAUTH}", URL),
    ("url-scheme", "client_orderid=A1",
     f"POST&http%3A%2F%2Fgw.example%2Fpaynet%2Fapi%2Fv4%2Fpayout%2F1111&client_orderid%3DA1%26{OAUTH}", URL),
    ("url-group-path", "client_orderid=A1", f"POST&{ENC_URL}&client_orderid%3DA1%26{OAUTH}",
     "https://gw.example/paynet/api/v4/payout/group/1111"),
]


@pytest.mark.parametrize("variant, body, signed, url", CASES, ids=[f"{c[0]}-{i}" for i, c in enumerate(CASES)])
def test_each_variant_is_named_and_its_base_string_shown(variant, body, signed, url):
    result = explain(http(body, signed, url))
    assert result["verdict"] == "mismatch" and result["match"] is False
    assert [d["id"] for d in result["diagnosis"]] == [variant]
    assert result["diagnosis"][0]["base_string"] == signed


def test_the_header_variants_read_the_signature_as_it_was_written():
    unencoded = explain(http("client_orderid=A1", f"POST&{ENC_URL}&client_orderid%3DA1%26{OAUTH}", encoding=str))
    assert "+" in sign(f"POST&{ENC_URL}&client_orderid%3DA1%26{OAUTH}")  # what makes a raw Base64 fail
    assert [d["id"] for d in unencoded["diagnosis"]] == ["header-unencoded"]
    found = unencoded["diagnosis"][0]
    assert found["header_signature"]["expected"] == quote(found["header_signature"]["sent"], safe="")
    twice = explain(http("client_orderid=A1", f"POST&{ENC_URL}&client_orderid%3DA1%26{OAUTH}",
                         encoding=lambda s: quote(quote(s, safe=""), safe="")))
    assert [d["id"] for d in twice["diagnosis"]] == ["header-double-encoded"]
    assert twice["diagnosis"][0]["header_signature"]["sent"].startswith(quote(quote(
        sign(f"POST&{ENC_URL}&client_orderid%3DA1%26{OAUTH}")[:12], safe=""), safe=""))


def test_every_variant_id_has_a_case():
    assert set(IDS) == {c[0] for c in CASES} | {"header-unencoded", "header-double-encoded"}


def test_two_mistakes_together_are_named_together():
    signed = (f"POST&https%3A%2F%2Fgw.example%3A443%2Fpaynet%2Fapi%2Fv4%2Fpayout%2F1111&client_orderid%3DA1%26{OAUTH}"
              "%26order_desc%3Da%2Bb")
    result = explain(http("client_orderid=A1&order_desc=a%20b", signed))
    assert [d["id"] for d in result["diagnosis"]] == ["form-encoding+url-explicit-port"]
    assert result["diagnosis"][0]["variants"] == ["form-encoding", "url-explicit-port"]
    assert result["diagnosis"][0]["base_string"] == signed


def test_a_changed_value_is_explained_by_nothing_and_says_how_much_was_tried():
    result = explain(http("client_orderid=A1&amount=10.42", f"POST&{ENC_URL}&amount%3D10.43%26client_orderid%3DA1%26"
                                                              f"{OAUTH}"))
    assert result["verdict"] == "mismatch"
    assert [d["id"] for d in result["diagnosis"]] == ["unexplained"]
    assert result["diagnosis"][0]["message"].startswith(
        f"No known mistake explains this signature: {result['tried']} base strings were tried (the gateway's, each "
        "of the 12 variants alone, and every two of them together)")
    assert result["tried"] == 43  # the gateway's + 9 single readings + 33 of two variants together


def test_the_difference_is_marked_in_both_base_strings():
    result = explain(http("client_orderid=A1", f"POST&{ENC_URL}%2F&client_orderid%3DA1%26{OAUTH}"))
    assert result["diagnosis"][0]["segments"] == [
        [f"POST&{ENC_URL}", "same"], ["%2F", "client"], [f"&client_orderid%3DA1%26{OAUTH}", "same"]]
    dropped = explain(http("client_orderid=A1&order_desc=", f"POST&{ENC_URL}&client_orderid%3DA1%26{OAUTH}"))
    assert dropped["diagnosis"][0]["segments"] == [
        [f"POST&{ENC_URL}&client_orderid%3DA1%26{OAUTH}", "same"], ["%26order_desc%3D", "gateway"]]


def test_card_numbers_are_masked_in_every_base_string_shown():
    signed = (f"POST&{ENC_URL}%2F&client_orderid%3DA1%26credit_card_number%3D4111111111111111%26cvv2%3D123%26"
              f"{OAUTH}")
    result = explain(http("client_orderid=A1&credit_card_number=4111111111111111&cvv2=123", signed))
    shown = repr(result)
    assert "4111111111111111" not in shown and "cvv2%253D123" not in shown and "cvv2%3D123" not in shown
    assert ("credit_card_number%3D411111%252A%252A%252A%252A%252A%252A1111%26cvv2%3D%252A%252A%252A"
            in result["base_string"])
    assert result["diagnosis"][0]["id"] == "url-trailing-slash"


def lint_codes(result: dict) -> list[str]:
    return [f["code"] for f in result["lint"]]


def test_lints_on_requests_that_verify():
    by_ref = "https://gw.example/paynet/api/v4/transfer-by-ref/1111"
    enc = "https%3A%2F%2Fgw.example%2Fpaynet%2Fapi%2Fv4%2Ftransfer-by-ref%2F1111"
    login = explain(http("client_orderid=A1&login=demo", f"POST&{enc}&client_orderid%3DA1%26login%3Ddemo%26{OAUTH}",
                         by_ref))
    assert login["verdict"] == "match" and lint_codes(login) == ["login-in-body"]
    endpoint_oauth = OAUTH.replace("consumer_key%3Ddemo", "consumer_key%3D1111")
    endpoint = explain(http("client_orderid=A1", f"POST&{ENC_URL}&client_orderid%3DA1%26{endpoint_oauth}",
                            consumer="1111"))
    assert endpoint["verdict"] == "match" and lint_codes(endpoint) == ["consumer-key-endpoint"]
    ms_oauth = OAUTH.replace("1764806400", "1764806400000")
    ms = explain(http("client_orderid=A1", f"POST&{ENC_URL}&client_orderid%3DA1%26{ms_oauth}",
                      timestamp="1764806400000"))
    assert ms["verdict"] == "match" and lint_codes(ms) == ["timestamp-ms"]
    skew = explain(http("client_orderid=A1", f"POST&{ENC_URL}&client_orderid%3DA1%26{OAUTH}"), now=NOW + 3600)
    assert lint_codes(skew) == ["timestamp-skew"]
    assert skew["lint"][0]["message"] == (
        "oauth_timestamp is 60 minutes behind this server's clock (1764810000). The sandbox takes 15 minutes either "
        "way; if the request was sent just now, the signing machine's clock is wrong.")
    realm = explain(http("client_orderid=A1", f"POST&{ENC_URL}&client_orderid%3DA1%26{OAUTH}", extra='realm="", '))
    assert realm["verdict"] == "match" and lint_codes(realm) == ["realm-present"]
    reused = explain(http("client_orderid=A1", f"POST&{ENC_URL}&client_orderid%3DA1%26{OAUTH}"), reused=True)
    assert lint_codes(reused) == ["nonce-reused"]


def test_a_json_body_is_linted_and_signs_no_parameter():
    text = (f"POST /paynet/api/v4/payout/1111 HTTP/1.1\nHost: gw.example\nAuthorization: "
            f"{header(quote(sign(f'POST&{ENC_URL}&{OAUTH}'), safe=''))}\nContent-Type: application/json\n\n"
            '{"client_orderid": "A1", "amount": "10.42"}')
    result = explain(text)
    assert result["verdict"] == "match" and lint_codes(result) == ["json-body"]


def test_curl_and_log_pairs_are_read():
    signature = quote(sign(RIGHT), safe="")
    curl = (f"curl -X POST '{URL}' \\\n  -H 'Authorization: {header(signature)}' \\\n"
            "  -d 'client_orderid=A1&amount=10.42'")
    assert explain(curl)["verdict"] == "match"
    log = f"2026-12-04 10:00:01 POST {URL}\nAuthorization: {header(signature)}\nclient_orderid=A1&amount=10.42\n"
    assert explain(log)["verdict"] == "match"


@pytest.mark.parametrize("text, problem", [
    (f"POST {URL}\nclient_orderid=A1", "No Authorization header found"),
    ('Authorization: OAuth oauth_consumer_key="demo"\nclient_orderid=A1', "The Authorization header lacks "
                                                                          "oauth_nonce, oauth_signature_method"),
    (f"POST {URL}\nAuthorization: Bearer x\nclient_orderid=A1", "No Authorization header found"),
    (http("a=1", RIGHT).replace("RSA-SHA256", "HMAC-SHA1"), "oauth_signature_method is 'HMAC-SHA1'"),
    (f"Authorization: {header('x')}\nclient_orderid=A1", "No URL found"),
])
def test_unreadable_requests_say_what_is_missing(text, problem):
    """(Only the v4 problems: v2's "no request found" would speak of query strings.)"""
    result = explain(text)
    assert result["verdict"] == "unreadable"
    assert any(p.startswith(problem) for p in result["problems"]), result["problems"]


def test_a_paste_that_is_no_request_gets_the_v4_problems_only():
    assert explain("hello")["problems"] == [
        "No URL found: the base string covers the URL the request was sent to. Paste the full URL "
        "(https://host/paynet/api/v4/...) or the request line with its Host header.",
        'No Authorization header found: a v4 request carries Authorization: OAuth oauth_consumer_key="...", ..., '
        'oauth_signature="...". Paste it with the request.']
