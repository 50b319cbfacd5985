"""The v4 OAuth engine: the research file's encoding and base-string vectors (from the gateway's official
hosted-fields examples), our own full RSA-SHA256 vector (a test key pair written here; the signature computed with
`openssl dgst -sha256 -sign`), an HMAC-SHA1 vector (`openssl dgst -sha1 -hmac`), and the header both ways."""

import pytest

from paynet import oauth
from tests.samples import V4_TEST_KEY as TEST_KEY
from tests.samples import V4_TEST_PUBLIC

FULL_BASE = ("POST&https%3A%2F%2Fgateway.example%2Fpaynet%2Fapi%2Fv4%2Fpayout%2F1111&amount%3D10.42%26client_orderid%3D"
             "v4-1%26currency%3DUSD%26oauth_consumer_key%3Ddemo%26oauth_nonce%3D0123456789abcdef0123456789abcdef%26"
             "oauth_signature_method%3DRSA-SHA256%26oauth_timestamp%3D1764806400%26oauth_version%3D1.0%26order_desc"
             "%3DJohn%2520Smith%2521")
# openssl dgst -sha256 -sign test.pem base.txt | base64 -w0
FULL_SIGNATURE = ("h2dG3hM4fEHbgGnvifDlHLQuO/e8WkL59ZAMAlaSJSkaP6mvavMAJjR69fr/iAjSEGFYjHPvAB4KOiPwkXrcWDVLV4G3YHQ"
                  "lh3Op8O6WHZ5cs7DpMSS7RSNJv59oNYtrU7lXkSawinia63GImLUnHVvC+u5rnUvy1bJqzohiCGrlTqOYyxs/TQ9bjPc3ZNnwj+Q6Cpi7DKs+LZwkF"
                  "B9TPEn/yplapqYpyorH9lx6cESd4Eyu/PRuAdjn55LPM4NqaLL7IQR8RAQToxRxRHF4an77Bh9Eu6UR5Ib/tisvCuo2cr+zvfT+R48mZ"
                  "U/SSRQqc7kyBuy/yAyIlpfVDFsYVw==")


@pytest.mark.parametrize("text, expected", [
    ("!'()*", "%21%27%28%29%2A"), ("John Smith", "John%20Smith"), ("a+b", "a%2Bb"),
    ("abcXYZ019-._~", "abcXYZ019-._~"), ("é", "%C3%A9")])
def test_encoding_vectors_e1_to_e5(text, expected):
    assert oauth.encode(text) == expected


def test_base_string_vectors_b1_to_b5():
    params = [("oauth_consumer_key", "merchant"), ("amount", "1.00"), ("client_orderid", "hf-1")]
    assert oauth.normalize(params) == "amount=1.00&client_orderid=hf-1&oauth_consumer_key=merchant"
    assert oauth.base_string("post", "https://gateway.example/paynet/api/v4/sale/123", params) == (
        "POST&https%3A%2F%2Fgateway.example%2Fpaynet%2Fapi%2Fv4%2Fsale%2F123&amount%3D1.00%26client_orderid%3Dhf-1%26"
        "oauth_consumer_key%3Dmerchant")
    assert oauth.base_string("POST", "https://gateway.example/x", [("9", "nine"), ("10", "ten")]) == (
        "POST&https%3A%2F%2Fgateway.example%2Fx&10%3Dten%269%3Dnine")
    assert oauth.base_string("POST", "https://gateway.example/x", [("card_printed_name", "")]) == (
        "POST&https%3A%2F%2Fgateway.example%2Fx&card_printed_name%3D")
    assert oauth.normalize([("a", "1"), ("b", "2")]) == oauth.normalize([("b", "2"), ("a", "1")])


def test_our_full_rsa_sha256_vector():
    body = [("client_orderid", "v4-1"), ("amount", "10.42"), ("currency", "USD"), ("order_desc", "John Smith!")]
    params = oauth.oauth_params("demo", "0123456789abcdef0123456789abcdef", "1764806400")
    signed = oauth.sign("POST", "https://gateway.example/paynet/api/v4/payout/1111", body, params,
                        oauth.load_private_key(TEST_KEY))
    assert signed.base == FULL_BASE
    assert signed.signature == FULL_SIGNATURE
    assert signed.authorization == (
        'OAuth oauth_consumer_key="demo", oauth_nonce="0123456789abcdef0123456789abcdef", oauth_signature="'
        + oauth.encode(FULL_SIGNATURE) + '", oauth_signature_method="RSA-SHA256", oauth_timestamp="1764806400", '
        'oauth_version="1.0"')
    public = oauth.load_private_key(TEST_KEY).public_key()
    assert oauth.verify_rsa(FULL_BASE, FULL_SIGNATURE, public)
    assert not oauth.verify_rsa(FULL_BASE.replace("10.42", "10.43"), FULL_SIGNATURE, public)
    assert not oauth.verify_rsa(FULL_BASE, "not base64!", public)


def test_a_short_rsa_vector_and_hmac_sha1():
    key = oauth.load_private_key(TEST_KEY)
    base = "POST&https%3A%2F%2Fgateway.example%2Fx&a%3D1"
    assert oauth.sign_rsa(base, key) == (  # openssl dgst -sha256 -sign test.pem | base64 -w0
        "QZbWlR0hm4ZbdXHH1ywEzzE1mF257faA8jIGa0phbK1sGipgfgeJyXmdfjEmocz2GkNj6JMaeH1FHpuXv7JaYBQ1Ptjmp5ZDd/+qh5Jnlou"
        "YC+I9CwLVjX28X372nS++IFr8EkRMp6TImEHO1AIjMhvFs6uV8LSXLbv2lU/zQYJr9BtnmJH/hn4DA0yfEW9g6a7hAX2NiruQyLMMTx+Rgb"
        "Jyae/GJyUT7DCyM87a7cEkk6aeCUVH0L8RsnuMrQj+9C6pUmaM3tRjsPbXw7J4fylty+E1Pc6avuHJWdk2UutiBbfuyYsjZdIs2ZskO9ezU"
        "LxEMPc5wPKA749yPzWJiw==")
    # openssl dgst -sha1 -hmac 'B17F59B4-A7DC-41B4-8FF9-37D986B43D20&' -binary | base64
    assert oauth.sign_hmac_sha1(base, "B17F59B4-A7DC-41B4-8FF9-37D986B43D20") == "mQPkRSqAYnmRrsSwKVEyNv546W0="


def test_header_parsed_back_and_realm_dropped():
    header = ('OAuth realm="", oauth_version="1.0", oauth_signature_method="HMAC-SHA1", oauth_consumer_key='
              '"merchantlogin", oauth_timestamp="1513785920", oauth_nonce="EqINVv5rkhx", oauth_signature='
              '"9bSeUoR5yJSSJ4KPhotT%2BofEHSQ%3D"')
    assert oauth.parse_header(header) == {
        "oauth_version": "1.0", "oauth_signature_method": "HMAC-SHA1", "oauth_consumer_key": "merchantlogin",
        "oauth_timestamp": "1513785920", "oauth_nonce": "EqINVv5rkhx",
        "oauth_signature": "9bSeUoR5yJSSJ4KPhotT+ofEHSQ="}
    built = oauth.header({"oauth_consumer_key": "a b", "oauth_signature": "x+/="})
    assert built == 'OAuth oauth_consumer_key="a%20b", oauth_signature="x%2B%2F%3D"'
    assert oauth.parse_header(built) == {"oauth_consumer_key": "a b", "oauth_signature": "x+/="}


@pytest.mark.parametrize("value, message", [
    ("Bearer abc", "the Authorization header does not start with 'OAuth '"),
    ('OAuth a="1", a="2"', "the Authorization header gives a twice"),
    ("OAuth a=1", "the Authorization header cannot be read from 'a=1': each parameter is name=\"value\", separated "
                  "by commas")])
def test_unreadable_headers_say_why(value, message):
    with pytest.raises(ValueError) as caught:
        oauth.parse_header(value)
    assert str(caught.value) == message


def test_keys_are_read_with_clear_errors():
    assert oauth.load_public_key(V4_TEST_PUBLIC).key_size == 2048
    with pytest.raises(ValueError, match="must be an SPKI PEM block"):
        oauth.load_public_key("ssh-rsa AAAA")
    with pytest.raises(ValueError, match="not a PEM RSA private key"):
        oauth.load_private_key("-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----")
