"""The /debug page without JavaScript: CSRF-protected post, server-rendered verdict, key never echoed."""

import re

from tests.conftest import CANARY_KEY, DOC_KEY
from tests.samples import REBILL, http

RAW = ("POST /paynet/api/v2/status/1111 HTTP/1.1\nHost: h\nContent-Type: application/x-www-form-urlencoded\n\n"
       "login=demo&client_orderid=R1&orderid=7000001&control=b47653f973bced30240679335df51b99640f57f9")


def token(client) -> str:
    return re.search(r'name="csrf_token" value="([^"]+)"', client.get("/debug").get_data(as_text=True))[1]


def test_debug_page_renders(client):
    html = client.get("/debug").get_data(as_text=True)
    assert '<textarea id="raw" name="raw"' in html and 'name="merchant_control" type="password"' in html


def test_debug_page_post_match(client):
    html = client.post("/debug", data={"csrf_token": token(client), "raw": RAW,
                                       "merchant_control": DOC_KEY}).get_data(as_text=True)
    assert "Match: the control is right." in html
    assert DOC_KEY not in html


def test_debug_page_post_mismatch_with_canary_key(client):
    html = client.post("/debug", data={"csrf_token": token(client), "raw": RAW, "merchant_control": CANARY_KEY},
                       headers={"X-Fragment": "1"}).get_data(as_text=True)
    assert "Mismatch: the control is wrong." in html
    assert CANARY_KEY not in html
    assert "<html" not in html  # a fragment for the page's script


def test_debug_page_escapes_pasted_html(client):
    raw = "login=<script>alert(1)</script>&client_orderid=R1&orderid=7&control=x"
    html = client.post("/debug", data={"csrf_token": token(client), "raw": raw}).get_data(as_text=True)
    assert "<script>alert(1)</script>" not in html.split("<textarea")[0] + html.split("</textarea>")[1]
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_debug_page_without_token_refused(client):
    assert client.post("/debug", data={"raw": RAW}).status_code == 400


def test_debug_page_unreadable(client):
    html = client.post("/debug", data={"csrf_token": token(client), "raw": "hello"}).get_data(as_text=True)
    assert "No request found" in html


def test_debug_page_masks_key_and_card_data_in_the_paste(client):
    raw = ("POST /paynet/api/v2/sale/1111 HTTP/1.1\nHost: h\n\nclient_orderid=R1&credit_card_number=4111111111111111"
           f"&cvv2=987&merchant_control={CANARY_KEY}&control=x")
    html = client.post("/debug", data={"csrf_token": token(client), "raw": raw,
                                       "merchant_control": CANARY_KEY}).get_data(as_text=True)
    textarea = html.split('<textarea id="raw" name="raw" rows="8" spellcheck="false">')[1].split("</textarea>")[0]
    assert textarea == ("POST /paynet/api/v2/sale/1111 HTTP/1.1\nHost: h\n\nclient_orderid=R1"
                        "&amp;credit_card_number=411111******1111&amp;cvv2=***&amp;merchant_control=***&amp;control=x")
    assert "The key and card data in the paste are masked here" in html
    assert CANARY_KEY not in html and "4111111111111111" not in html and "cvv2=987" not in html


def test_debug_page_masks_the_typed_key_wherever_it_is_in_the_paste(client):
    raw = f"curl -H 'X-Key: {CANARY_KEY}' -d 'login=demo&client_orderid=R1&orderid=7&control=x' https://h/status/1"
    html = client.post("/debug", data={"csrf_token": token(client), "raw": raw,
                                       "merchant_control": CANARY_KEY}).get_data(as_text=True)
    assert "X-Key: ***" in html and CANARY_KEY not in html


def test_debug_page_refuses_a_1_mb_paste_with_a_bounded_reply(client):
    raw = "a=" + "x" * 999_998  # with the id, just under the 1 MiB a post may carry
    r = client.post("/debug", data={"csrf_token": token(client), "raw": raw, "endpointid": '"' * 10000})
    html = r.get_data(as_text=True)
    assert len(r.get_data()) < 2 * 1024 * 1024
    assert ("The paste is 1,000,000 characters long; the debugger reads at most 65,536 (64 KiB). "
            "Paste only the request.") in html


def test_debug_page_takes_the_amount_the_merchant_meant(client):
    # The official PHP library's capture: sha1("demoC17000001" + "9910EUR" + key), written out by hand.
    raw = RAW.replace("status/1111", "capture/1111").replace(
        "client_orderid=R1&orderid=7000001&control=b47653f973bced30240679335df51b99640f57f9",
        "client_orderid=C1&orderid=7000001&control=409fa05d606341101bee1ffdf47f51a54c90bd04")
    html = client.post("/debug", data={"csrf_token": token(client), "raw": raw, "merchant_control": DOC_KEY,
                                       "amount": "99.1", "currency": "EUR"}).get_data(as_text=True)
    assert "<li><code>amount-signed-not-sent</code> — The amount the merchant meant (99.1 EUR, signed as " in html
    assert 'name="amount" value="99.1"' in html and 'name="currency" value="EUR"' in html
    bad = client.post("/debug", data={"csrf_token": token(client), "raw": raw, "amount": "9.999"})
    assert "amount (the amount the merchant meant) has more than 2 decimals (got &#39;9.999&#39;)" in \
        bad.get_data(as_text=True)


def test_the_answer_comes_first_and_the_inputs_fold(client):
    """The verdict and the mistake that explains it open the result; the paste box shrinks; the options the
    debugger detects by itself stay folded unless one was given."""
    empty = client.get("/debug").get_data(as_text=True)
    assert '<form id="debugger" method="post" action="/debug">' in empty
    assert '<details class="more-inputs" id="more-inputs">' in empty
    raw = http("make-rebill-sale/1111", REBILL + "&control=ea8c37ee29285271f18749dc92d41bfab2499e57")
    csrf = re.search(r'name="csrf_token" value="([^"]+)"', empty)[1]
    html = client.post("/debug", data={"csrf_token": csrf, "raw": raw, "merchant_control": DOC_KEY,
                                       "amount": "1.15"}).get_data(as_text=True)
    assert '<form id="debugger" method="post" action="/debug" class="has-result">' in html
    assert '<details class="more-inputs" id="more-inputs" open>' in html
    summary = html.split('<div class="result-summary" id="result-summary" data-result>', 1)[1]
    summary = summary.split('<div id="exports"', 1)[0]
    assert '<div class="verdict err" id="verdict"' in summary and "Mismatch: the control is wrong." in summary
    assert '<li><code>key-missing</code> — ' in summary
    assert summary.index('id="verdict"') < summary.index('id="diagnosis"') < summary.index('id="open-builder"')


def test_debug_page_compares_the_key_with_the_merchants_fingerprint(client):
    html = client.post("/debug", data={"csrf_token": token(client), "raw": RAW, "merchant_control": CANARY_KEY,
                                       "fingerprint": "F2E7E74D"}).get_data(as_text=True)
    check = re.search(r'<p class="verdict err" id="fingerprint-check"\s+data-merchant="f2e7e74d">([^<]*)</p>', html)
    assert check[1] == ("You are checking with a different key than the merchant&#39;s: its fingerprint is f2e7e74d, "
                        "yours is 2218aa4c.")
    # not secret: kept for the next check
    assert 'id="debug-fingerprint" name="fingerprint" type="text" value="f2e7e74d"' in html
    assert CANARY_KEY not in html


def test_debug_page_refuses_a_bad_fingerprint_and_never_echoes_it(client):
    html = client.post("/debug", data={"csrf_token": token(client), "raw": RAW,
                                       "fingerprint": DOC_KEY}).get_data(as_text=True)
    assert ("fingerprint must be 8 hexadecimal digits (0-9, a-f, either case): the key fingerprint the tool shows "
            "next to a key.") in html
    assert DOC_KEY not in html  # a key typed where the fingerprint goes
