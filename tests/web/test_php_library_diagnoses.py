"""Compatibility with the official PHP library, debugger side: the requests of test_php_library_compat, shaped as
the library sends them (its fields, User-Agent, URLs, capture bug; written from api-notes, no library code), are
sent to the built-in sandbox over loopback; the exact request sent is then pasted into POST /api/debug, over
loopback too, and the debugger must name what the library got wrong (or say it is right)."""

from urllib.parse import urlencode

import requests

from tests.conftest import DOC_KEY
from tests.php_client import HEADERS, PhpClient, sha1


def sent(base: str, method: str, fields: dict, target: str = "1111") -> tuple[requests.Response, str]:
    """POST as the library does; the reply and the request exactly as sent, as raw HTTP to paste."""
    r = requests.post(f"{base}/sandbox/paynet/api/v2/{method}/{target}", data=urlencode(fields), headers=HEADERS,
                      timeout=10)
    head = "".join(f"{k}: {v}\n" for k, v in r.request.headers.items())
    return r, f"{r.request.method} {r.request.path_url} HTTP/1.1\n{head}\n{r.request.body}"


def debug(base: str, raw: str, **extra) -> dict:
    r = requests.post(f"{base}/api/debug", json={"raw": raw, "merchant_control": DOC_KEY, **extra}, timeout=10)
    assert r.status_code == 200, r.text
    return r.json()


def test_the_librarys_capture_is_diagnosed(live_server):
    base, php = live_server.url, PhpClient(live_server.url)
    orderid = php.approved("preauth", "PHP-D1", "99.1", "9910")
    fields = {"client_orderid": "PHP-D1", "orderid": orderid, "login": "demo",
              "control": sha1(f"demoPHP-D1{orderid}9910EUR{DOC_KEY}")}  # CaptureQuery signs what it never sends
    reply, raw = sent(base, "capture", fields)
    assert (orderid, reply.text.splitlines()[0]) == ("7000001", "type=validation-error")
    result = debug(base, raw, amount="99.1", currency="EUR")
    assert (result["command"], result["verdict"]) == ("capture", "mismatch")
    assert [(d["id"], d["string_to_sign"]) for d in result["diagnosis"]] == [
        ("amount-signed-not-sent", "demoPHP-D170000019910EUR***")]
    # Without the amount meant, the sandbox's order (99.1 USD) is tried: not what this client signed (EUR).
    without = debug(base, raw)
    assert without["diagnosis"] == [] and ("The request sends no amount; the built-in sandbox holds its order, of "
                                           "99.1 USD, so the debugger also tried whether the client signed that."
                                           in without["notes"])
    assert debug(base, raw, currency="EUR")["diagnosis"][0]["id"] == "amount-signed-not-sent"  # the currency typed


def test_the_librarys_legacy_rebill_path_is_named(live_server):
    base = live_server.url
    fields = {"client_orderid": "PHP-D2", "order_desc": "Rebill", "amount": "5.00", "currency": "USD",
              "ipaddress": "65.153.12.232", "cardrefid": "1461665",
              "control": sha1(f"demoPHP-D21461665500USD{DOC_KEY}"), "login": "demo"}
    reply, raw = sent(base, "make-rebill", fields)
    assert (reply.status_code, reply.text) == (404, "Unknown command /api/v2/make-rebill. The closest current command "
                                                    "is make-rebill-sale: /api/v2/make-rebill-sale/ENDPOINTID.\n")
    result = debug(base, raw)
    assert (result["command"], result["detected_by"], result["verdict"]) == ("make-rebill-sale", "url", "match")
    assert result["lint"][0]["code"] == "legacy-command-path"
    assert result["lint"][0]["message"].endswith("Checked here with make-rebill-sale's recipe; post to "
                                                 "/api/v2/make-rebill-sale/1111.")


def test_the_librarys_sale_and_sync_verification_match(live_server):
    base = live_server.url
    sale = {"client_orderid": "PHP-D3", "order_desc": "Order PHP-D3", "amount": "99.1", "currency": "USD",
            "ipaddress": "65.153.12.232", "email": "john.smith@gmail.com", "address1": "100 Main st",
            "city": "Seattle", "zip_code": "98102", "country": "US", "phone": "+12063582043",
            "card_printed_name": "CARD HOLDER", "credit_card_number": "4538977399606732", "expire_month": "12",
            "expire_year": "2099", "cvv2": "123", "state": "WA",
            "control": sha1(f"1111PHP-D39910john.smith@gmail.com{DOC_KEY}"),
            "redirect_url": "https://shop.example/return"}
    reply, raw = sent(base, "sale", sale)
    assert reply.text.startswith("type=async-response\n")
    result = debug(base, raw)
    assert (result["command"], result["verdict"], result["lint"]) == ("sale", "match", [])
    verify = {k: sale[k] for k in ("client_orderid", "address1", "city", "zip_code", "country", "ipaddress", "email",
                                   "card_printed_name", "credit_card_number", "expire_month", "expire_year", "cvv2",
                                   "phone")}
    verify.update(order_desc="Verify", control=sha1(f"1111PHP-D4john.smith@gmail.com{DOC_KEY}"),
                  client_orderid="PHP-D4", state="WA")
    reply, raw = sent(base, "sync/account-verification", verify)
    assert reply.text.startswith("type=status-response\n")
    result = debug(base, raw)
    assert (result["command"], result["detected_by"], result["verdict"]) == ("sync-account-verification", "url",
                                                                               "match")


def test_a_float_amount_client_is_diagnosed(live_server):
    # Not the PHP library (it sends 99.1 for 99.1): a client adding floats sends 0.1 + 0.2 as it prints and signs
    # the cents it meant, 30.
    base = live_server.url
    fields = {"login": "demo", "client_orderid": "F-1", "cardrefid": "1461665", "amount": "0.30000000000000004",
              "currency": "USD", "ipaddress": "65.153.12.232", "order_desc": "Rebill",
              "control": sha1(f"demoF-1146166530USD{DOC_KEY}")}
    reply, raw = sent(base, "make-rebill-sale", fields)
    assert reply.text.startswith("type=validation-error\n")
    result = debug(base, raw)
    assert [(d["id"], d["string_to_sign"]) for d in result["diagnosis"]] == [
        ("amount-float-artifact", "demoF-1146166530USD***")]
