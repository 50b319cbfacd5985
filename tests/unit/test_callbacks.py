"""Callback verification and where the sandbox may send callbacks."""

import pytest

from debugger.callbacks import inbox_token, params, target, verify
from outbound import urlpolicy
from tests.samples import CALLBACK, FINAL_REDIRECT, GOOD

KEY = "B17F59B4-A7DC-41B4-8FF9-37D986B43D20"


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


TOKEN = "A" * 30 + "-_"  # the shape of secrets.token_urlsafe(24)
NOT_LISTED = "is not listed (by default callbacks go only to the tool's own inboxes)"


def fixed_resolver(host, port, family=0, type=0):
    return [(2, 1, 6, "", ({"shop.example.com": "93.184.216.34", "localhost": "127.0.0.1"}[host], port))]


@pytest.mark.parametrize("url, allowed, why", [
    # The tool's own inbox goes to the tool's own root, whatever host the URL names.
    (f"https://tool.example.org/callbacks/inbox/{TOKEN}?x=1", f"https://tools.example.com/callbacks/inbox/{TOKEN}?x=1",
     "the tool's own inbox (delivered in process)"),
    # An unknown token and the old shared inbox are not the tool's own inboxes.
    ("https://tool.example.org/callbacks/inbox/" + "B" * 32, None,
     f"refused: not allowed by CALLBACK_HOSTS: tool.example.org:443 {NOT_LISTED}"),
    ("http://tool.example.org/callbacks/inbox", None,
     f"refused: not allowed by CALLBACK_HOSTS: tool.example.org:80 {NOT_LISTED}"),
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
    (f"http://user@tool.example.org/callbacks/inbox/{TOKEN}", None,
     "refused: the URL carries user information (user@host), which is never sent"),
    ("ftp://127.0.0.1/cb", None, "refused: only http and https URLs are fetched"),
])
def test_callback_target_policy(url, allowed, why):
    policy = urlpolicy.Policy(["shop.example.com", "localhost:8000"], fixed_resolver)
    got, reason = target(url, lambda u: inbox_token(u, "/callbacks/inbox") == TOKEN,
                         lambda path: urlpolicy.in_process("https://tools.example.com" + path, None), policy)
    assert (got and got.url, reason) == (allowed, why)


@pytest.mark.parametrize("url, token", [
    (f"http://tool/callbacks/inbox/{TOKEN}", TOKEN),
    (f"https://tool:8443/callbacks/inbox/{TOKEN}?status=approved", TOKEN),
    (f"https://tool:8443/callbacks/inbox/{TOKEN}/?status=approved", None),  # the route has no trailing slash
    ("http://tool/callbacks/inbox", None),
    ("http://tool/callbacks/inbox/short", None),
    (f"http://tool/callbacks/inbox/{TOKEN}/more", None),
    (f"http://tool/other/callbacks/inbox/{TOKEN}", None),
])
def test_inbox_token_from_url(url, token):
    assert inbox_token(url, "/callbacks/inbox") == token


BOTH = ("The paste shows no HTTP method and both recipes match: it is a callback if it came as a GET, a final "
        "redirect if the payer's browser POSTed it.")


@pytest.mark.parametrize("raw, method, kind, kinds", [
    (FINAL_REDIRECT, "POST", "redirect", ["redirect"]),  # the payer's browser POSTs the final redirect
    (f"curl -d '{CALLBACK.format(GOOD)}' https://shop.example/return", "POST", "redirect", ["redirect"]),
    ("https://shop.example/cb?" + CALLBACK.format(GOOD), "GET", "callback", ["callback"]),  # a callback is a GET
    (f"curl 'https://shop.example/cb?{CALLBACK.format(GOOD)}'", "GET", "callback", ["callback"]),
    (CALLBACK.format(GOOD), None, "callback", ["callback", "redirect"]),  # no method shown: both
])
def test_verify_tells_callback_from_final_redirect_by_method(raw, method, kind, kinds):
    result = verify(raw, KEY)
    assert (result["match"], result["method"], result["kind"], result["kinds"]) == (True, method, kind, kinds)
    assert (BOTH in result["warnings"]) is (method is None)


def test_verify_a_post_signed_as_a_callback_is_named_as_that_mistake():
    # merchant_order M1 differs from client_orderid C9: only the callback recipe matches, but the method says a
    # final redirect, so the callback's recipe is the mistake. sha1("approved7000001M1" + KEY), written out by hand.
    raw = FINAL_REDIRECT.replace(CALLBACK.format(GOOD), "status=approved&orderid=7000001&merchant_order=M1&"
                                 "client_orderid=C9&control=15f1d0d277eca2113b8479856686948d2c14feb8")
    result = verify(raw, KEY)
    assert (result["match"], result["kind"], result["kinds"]) == (False, "redirect", [])
    assert [d["id"] for d in result["diagnosis"]] == ["callback-formula-for-redirect"]
