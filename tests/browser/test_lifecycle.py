"""The onboarding walk, offline: sale-form -> hosted page -> callback verified -> status -> return;
preauth -> capture. Every step through the pages, as a new user would."""

import re

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser
DEMO_KEY = "B17F59B4-A7DC-41B4-8FF9-37D986B43D20"
SIGNATURE = re.compile(r"^[0-9a-f]{40}$")  # expect(), not wait_for_function: that one needs eval, which the CSP refuses


def send_with_demo(page, command, **fields):
    page.goto(f"/{command}")
    page.click("#use-demo")
    for name, value in fields.items():
        page.fill(f"#f-{name}", value)
    expect(page.locator("#signature")).to_have_text(SIGNATURE)
    page.click("#send-button")
    page.wait_for_selector("#exchange:not([hidden])")
    return page.text_content("#verdict")


def check_status_until(page, status):
    for _ in range(3):
        page.eval_on_selector("#verdict", "el => { el.textContent = '' }")  # wait for this reply, not the last
        page.click("#check-status")
        expect(page.locator("#verdict")).to_have_text(re.compile("^status-response"))
        if status in page.text_content("#verdict"):
            return
    raise AssertionError(page.text_content("#verdict"))


def test_sale_form_pay_callback_status_return(page, live_server):
    inbox = live_server.url + "/callbacks/inbox"
    assert send_with_demo(page, "sale-form", server_callback_url=inbox) == "async-form-response"
    hosted = page.context.new_page()
    hosted.goto(page.get_attribute("#redirect-link", "href"))
    hosted.click("#pay")
    assert "approved" in hosted.text_content("#paid")
    hosted.close()
    check_status_until(page, "approved")
    page.click("button.next-step[data-command=return]")
    page.wait_for_url("**/return")
    assert page.input_value("#f-orderid").startswith("7")
    page.click("#use-demo")
    expect(page.locator("#signature")).to_have_text(SIGNATURE)
    page.click("#send-button")
    page.wait_for_selector("#exchange:not([hidden])")
    assert page.text_content("#verdict") == "async-response"
    page.goto("/callbacks")
    page.fill("#cb-key", DEMO_KEY)
    page.locator("#inbox li").first.wait_for()
    page.dispatch_event("#cb-key", "change")
    page.locator("#inbox .verdict.ok").first.wait_for()
    assert page.locator("#inbox .verdict.ok").first.text_content() == "Match: a valid callback."
    assert "GET /callbacks/inbox?status=approved&" in page.locator("#inbox pre").first.text_content()


def test_preauth_then_capture(page):
    assert send_with_demo(page, "preauth") == "async-response"
    check_status_until(page, "approved")
    page.click("button.next-step[data-command=capture]")
    page.wait_for_url("**/capture")
    page.click("#use-demo")
    expect(page.locator("#signature")).to_have_text(SIGNATURE)
    page.click("#send-button")
    page.wait_for_selector("#exchange:not([hidden])")
    assert page.text_content("#verdict") == "async-response"
    check_status_until(page, "approved")
