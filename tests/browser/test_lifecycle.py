"""The onboarding walk, offline: sale-form -> hosted page -> callback verified -> status -> return;
preauth -> capture. Every step through the pages, as a new user would."""

import re
from urllib.parse import unquote

import pytest
from playwright.sync_api import expect

from tests.browser.steps import DEMO_KEY, SIGNATURE, check_status_until, send_with_demo, use_demo

pytestmark = pytest.mark.browser



def test_sale_form_pay_callback_status_return(page, live_server):
    assert send_with_demo(page, "sale-form") == "async-form-response"  # the demo fills in this browser's inbox
    inbox = page.input_value("#f-server_callback_url")
    assert re.fullmatch(re.escape(live_server.url) + r"/callbacks/inbox/[A-Za-z0-9_-]{32}", inbox)
    hosted = page.context.new_page()
    hosted.goto(page.get_attribute("#redirect-link", "href"))
    hosted.click("#pay")
    assert "approved" in hosted.text_content("#paid")
    hosted.close()
    check_status_until(page, "approved")
    page.click("button.next-step[data-command=return]")
    page.wait_for_url("**/return")
    assert page.input_value("#f-orderid").startswith("7")
    use_demo(page)
    expect(page.locator("#signature")).to_have_text(SIGNATURE)
    page.click("#send-button")
    page.wait_for_selector("#exchange:not([hidden])")
    assert page.text_content("#verdict") == "async-response"
    page.goto("/callbacks")
    page.fill("#cb-key", DEMO_KEY)
    page.locator("#inbox li").first.wait_for()
    page.locator("#inbox .verdict.ok").first.wait_for()
    assert page.locator("#inbox .verdict.ok").first.text_content() == "Match: a valid callback."
    assert page.text_content("#inbox-url") == inbox
    assert f"GET /callbacks/inbox/{inbox.rsplit('/', 1)[1]}?status=approved&" in page.locator(
        "#inbox pre").first.text_content()


def test_preauth_then_capture(page):
    assert send_with_demo(page, "preauth") == "async-response"
    check_status_until(page, "approved")
    page.click("button.next-step[data-command=capture]")
    page.wait_for_url("**/capture")
    use_demo(page)
    expect(page.locator("#signature")).to_have_text(SIGNATURE)
    page.click("#send-button")
    page.wait_for_selector("#exchange:not([hidden])")
    assert page.text_content("#verdict") == "async-response"
    check_status_until(page, "approved")


def test_three_d_secure_result_uploaded_through_the_next_step(page):
    """preauth with the 3DS test card -> status (processing) -> Upload cRes result, pre-filled, with the value
    the challenge page shows -> approved, without pressing the challenge page's buttons."""
    assert send_with_demo(page, "preauth", credit_card_number="4000000000003220") == "async-response"
    check_status_until(page, "processing")
    challenge = unquote(re.search(r"redirect-to=([^&\s]+)", page.content())[1])
    page.click("button.next-step[data-command=upload-cres-result]")
    page.wait_for_url("**/upload-cres-result")
    orderid, client_orderid = page.input_value("#f-orderid"), page.input_value("#f-client-order-id")
    assert orderid.startswith("7") and client_orderid
    issuer = page.context.new_page()
    issuer.goto(challenge)
    cres = issuer.text_content("#cRes-authenticated")
    issuer.close()
    use_demo(page)
    page.fill("#f-cRes", cres)
    expect(page.locator("#signature")).to_have_text(SIGNATURE)
    page.click("#send-button")
    page.wait_for_selector("#exchange:not([hidden])")
    assert page.text_content("#verdict") == "async-response"
    assert (page.input_value("#f-orderid"), page.input_value("#f-client-order-id")) == (orderid, client_orderid)
    check_status_until(page, "approved")


def test_back_keeps_the_order_state_and_each_exchange_names_its_request(page, live_server):
    assert send_with_demo(page, "preauth") == "async-response"
    expect(page.locator("#exchange-of")).to_have_text(re.compile(r"^The preauth request and its response: POST "
                                                                 r"http://\S+/sandbox/paynet/api/v2/preauth/1111$"))
    check_status_until(page, "approved")
    expect(page.locator("#exchange-of")).to_have_text(re.compile(r"^The status request and its response: POST "
                                                                 r"http://\S+/sandbox/paynet/api/v2/status/1111$"))
    orderid = page.text_content("#fields-table").split("paynet-order-id")[1][:7]
    page.click("button.next-step[data-command=capture]")
    page.wait_for_url("**/capture")
    page.go_back()
    page.wait_for_url("**/preauth")
    expect(page.locator("#verdict")).to_have_text(re.compile(r"^status-response.*approved"))
    expect(page.locator("button.next-step[data-command=capture]")).to_be_enabled()
    page.go_forward()
    page.wait_for_url("**/capture")
    expect(page.locator("#f-orderid")).to_have_value(orderid)
