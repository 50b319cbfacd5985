"""The v4 OAuth engine against oauthlib (a test-only oracle, RFC 5849): the same base string and the same
RSA-SHA256 signature on random bodies, names and values (bounded: 30 examples)."""

from types import SimpleNamespace

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from oauthlib.oauth1.rfc5849 import signature as rfc5849

from paynet import oauth
from tests.samples import V4_TEST_KEY as TEST_KEY

names = st.text(st.characters(min_codepoint=33, max_codepoint=0x2FF, exclude_characters="=&"), min_size=1,
                max_size=12).filter(lambda n: not n.startswith("oauth_"))
values = st.text(st.characters(min_codepoint=32, max_codepoint=0x10FFFF, exclude_categories=("Cs",)), max_size=24)
bodies = st.dictionaries(names, values, max_size=6).map(lambda d: list(d.items()))
KEY = oauth.load_private_key(TEST_KEY)


@settings(max_examples=30, deadline=None, derandomize=True, database=None,
          suppress_health_check=[HealthCheck.too_slow])
@given(body=bodies, consumer=st.text(st.characters(min_codepoint=33, max_codepoint=126), min_size=1, max_size=20),
       nonce=st.text("0123456789abcdef", min_size=32, max_size=32), timestamp=st.integers(0, 2**33).map(str),
       path=st.sampled_from(["payout/1111", "tokenize/create-ephemeral-ticket/1111", "status/group/2222"]))
def test_base_string_and_signature_agree_with_oauthlib(body, consumer, nonce, timestamp, path):
    url = f"https://gateway.example/paynet/api/v4/{path}"
    params = oauth.oauth_params(consumer, nonce, timestamp)
    ours = oauth.sign("POST", url, body, params, KEY)
    theirs = rfc5849.signature_base_string("POST", rfc5849.base_string_uri(url), rfc5849.normalize_parameters(
        oauth.signed_params(body, params)))
    assert ours.base == theirs
    assert ours.signature == rfc5849.sign_rsa_sha256_with_client(theirs, SimpleNamespace(rsa_key=TEST_KEY))
