"""Paste a curl command into the debugger, see the verdict, open it in the builder."""

import pytest

pytestmark = pytest.mark.browser

CURL = ("curl -X POST 'http://127.0.0.1/paynet/api/v2/make-rebill-sale/1111' \\\n"
        "  --data-urlencode 'login=demo' --data-urlencode 'client_orderid=R1' -d cardrefid=1461665 \\\n"
        "  -d amount=1.15 -d currency=USD -d ipaddress=1.2.3.4 -d order_desc=x \\\n"
        "  -d control=ee9ee8534654f12d0f12b7d127e0f0041925c49b")


def test_paste_curl_see_verdict_and_open_in_builder(page):
    page.goto("/debug")
    page.fill("#raw", CURL)
    page.fill("#debug-key", "B17F59B4-A7DC-41B4-8FF9-37D986B43D20")
    page.click("#check")
    page.wait_for_selector("#verdict")
    assert page.text_content("#verdict") == "Mismatch: the control is wrong."
    assert "amount-major-units" in page.text_content("#diagnosis")
    assert page.input_value("#debug-key") == "B17F59B4-A7DC-41B4-8FF9-37D986B43D20"  # no reload
    assert "B17F59B4-A7DC-41B4-8FF9-37D986B43D20" not in page.content()
    page.click("#open-builder")
    page.wait_for_url("**/make-rebill-sale")
    assert page.input_value("#f-client_orderid") == "R1"
    assert page.input_value("#f-amount") == "1.15"
    assert page.input_value("#f-target") == "1111"
    assert page.input_value("#f-merchant_control") == ""
