"""Callback verification and where the sandbox may send callbacks."""

import pytest

from gateway import urlpolicy
from gateway.callbacks import params, target, verify

KEY = "B17F59B4-A7DC-41B4-8FF9-37D986B43D20"
# sha1("approved" + "7000001" + "R1" + KEY), written out by hand: both kinds sign the same string when
# merchant_order and client_orderid agree.
GOOD = "4b822bfb051bd1b108ae0c3b5807201d1260bc17"
CALLBACK = "status=approved&orderid=7000001&merchant_order=R1&client_orderid=R1&amount=10.00&type=sale&control={}"


def test_params_signed_as_documented():
    pairs = dict(params("callback", "approved", "7000001", "R1", KEY, [("amount", "10.00")]))
    assert pairs["control"] == GOOD


def test_verify_valid_callback():
    result = verify(CALLBACK.format(GOOD), KEY)
    assert (result["match"], result["kind"], result["expected_control"]) == (True, "callback", GOOD)
    assert result["string_to_sign"] == "approved7000001R1***"
    assert result["warnings"][0].startswith("The signature covers only status, orderid")


def test_verify_tampered_amount_still_matches_and_says_so():
    result = verify(CALLBACK.format(GOOD).replace("amount=10.00", "amount=99999.00"), KEY)
    assert result["match"] is True
    assert "amount, type, card data and every other field are not signed" in result["warnings"][0]


def test_verify_wrong_key():
    result = verify(CALLBACK.format(GOOD), "ANOTHER-KEY")
    assert (result["match"], result["diagnosis"]) == (False, [])


def test_verify_whitespace_altered():
    # The sender signed "7000001 " untrimmed: sha1("approved7000001 R1" + KEY), written out by hand.
    raw = CALLBACK.format("eff4157e9d5f2c62c6268880119ac98574cb93f2").replace("orderid=7000001", "orderid=7000001+", 1)
    result = verify(raw, KEY)
    assert result["match"] is False
    assert [d["id"] for d in result["diagnosis"]] == ["untrimmed-whitespace"]


def test_verify_redirect_kind_when_ids_differ():
    # sha1("approved" + "7000001" + "C9" + KEY): the redirect recipe, client_orderid third.
    raw = "status=approved&orderid=7000001&merchant_order=M1&client_orderid=C9&control=" \
          "0362cb386efc4648dc06d5510a97233b336e7f9a"
    result = verify(raw, KEY)  # no kind given: both tried, the matching one reported
    assert (result["kind"], result["match"]) == ("redirect", True)
    assert result["string_to_sign"] == "approved7000001C9***"
    assert "merchant_order and client_orderid differ" in result["warnings"][1]


def test_verify_unreadable():
    with pytest.raises(ValueError):
        verify("hello", KEY)


NOT_LISTED = "is not listed (by default callbacks go only to the tool's own inboxes)"


def fixed_resolver(host, port, family=0, type=0):
    return [(2, 1, 6, "", ({"shop.example.com": "93.184.216.34", "localhost": "127.0.0.1"}[host], port))]


@pytest.mark.parametrize("url, allowed, why", [
    ("https://tool.example.org/callbacks/inbox?x=1", "http://127.0.0.1:5/callbacks/inbox?x=1",
     "the tool's own inbox (through its loopback server)"),
    ("http://tool.example.org/callbacks/inbox/AbC-12_z/", "http://127.0.0.1:5/callbacks/inbox/AbC-12_z",
     "the tool's own inbox (through its loopback server)"),
    ("https://shop.example.com/cb", "https://shop.example.com/cb", "listed in CALLBACK_HOSTS"),
    ("http://localhost:8000/cb", "http://localhost:8000/cb", "listed in CALLBACK_HOSTS"),
    ("http://127.0.0.1:9/cb", None, f"refused: not allowed by CALLBACK_HOSTS: 127.0.0.1:9 {NOT_LISTED}"),
    ("http://localhost/cb", None, f"refused: not allowed by CALLBACK_HOSTS: localhost:80 {NOT_LISTED}"),
    ("http://[::1]:8080/cb", None, f"refused: not allowed by CALLBACK_HOSTS: [::1]:8080 {NOT_LISTED}"),
    ("http://169.254.169.254/latest/meta-data", None,
     f"refused: not allowed by CALLBACK_HOSTS: 169.254.169.254:80 {NOT_LISTED}"),
    # Only the inbox and one token below it are the tool's own; other routes of the tool are not.
    ("http://tool.example.org/callbacks/inbox/a/b", None,
     f"refused: not allowed by CALLBACK_HOSTS: tool.example.org:80 {NOT_LISTED}"),
    ("http://tool.example.org/callbacks/inbox/../../sandbox/paynet/api/v2/sale/1111", None,
     f"refused: not allowed by CALLBACK_HOSTS: tool.example.org:80 {NOT_LISTED}"),
    ("http://user@tool.example.org/callbacks/inbox", None,
     "refused: the URL carries user information (user@host), which is never sent"),
    ("ftp://127.0.0.1/cb", None, "refused: only http and https URLs are fetched"),
])
def test_callback_target_policy(url, allowed, why):
    policy = urlpolicy.Policy(["shop.example.com", "localhost:8000"], fixed_resolver)
    got, reason = target(url, "/callbacks/inbox", lambda: "http://127.0.0.1:5", policy)
    assert (got and got.url, reason) == (allowed, why)
