"""The workbench (issue 11): two panes, one session per tab, feedback where the eyes are, next steps by the
order's state, card data revealed on request, the tab's timeline. One context per scenario, many checks."""

import json
import re

import pytest
from playwright.sync_api import expect

from tests.browser.steps import check_status_until, copy_by_click, use_demo

pytestmark = pytest.mark.browser
DEMO_KEY = "B17F59B4-A7DC-41B4-8FF9-37D986B43D20"
CARD = "4538977399606732"
SIGNATURE = re.compile(r"^[0-9a-f]{40}$")
NO_OVERFLOW = "document.documentElement.scrollWidth <= document.documentElement.clientWidth"


def shown(page, selector):  # Playwright counts inputs in a closed <details> as visible: ask the browser
    return page.evaluate(f"document.querySelector({selector!r}).checkVisibility()")


def send(page):
    page.evaluate("document.getElementById('verdict').textContent = ''")
    page.keyboard.press("Control+Enter")
    expect(page.locator("#verdict")).not_to_have_text("")
    return page.text_content("#verdict")



def test_two_panes_folded_optionals_and_no_overflow(browser, live_server):
    context = browser.new_context(base_url=live_server.url, viewport={"width": 1280, "height": 800})
    page = context.new_page()
    page.goto("/sale")
    assert page.text_content("#optional summary") == "13 optional parameters"
    assert not shown(page, "#f-redirect_url")
    page.click("#optional summary")
    assert shown(page, "#f-redirect_url")
    page.fill("#optional-filter", "birth")
    assert shown(page, "#f-birthday") and not shown(page, "#f-redirect_url")
    page.fill("#optional-filter", "")
    use_demo(page)
    expect(page.locator("#signature")).to_have_text(SIGNATURE)
    assert send(page) == "async-response"
    form, panel = page.locator("#builder").bounding_box(), page.locator("#panel").bounding_box()
    assert panel["x"] >= form["x"] + form["width"]  # the panel beside the form, not below it
    assert page.locator("#verdict").bounding_box()["y"] < 800  # the verdict in view after Send
    assert page.evaluate("document.activeElement.id") == "verdict"
    assert page.evaluate(NO_OVERFLOW)
    page.click("#tab-request")
    expect(page.locator("#raw-request")).to_be_visible()
    assert page.text_content("#raw-request").startswith("POST /sandbox/paynet/api/v2/sale/1111 HTTP/1.1")
    for width in (1280, 390):
        page.set_viewport_size({"width": width, "height": 800})
        for path in ("/", "/sale", "/debug", "/callbacks"):
            page.goto(path)
            assert page.evaluate(NO_OVERFLOW), (width, path)
    page.goto("/make-rebill-sale")  # narrow: the signature and Send stay at the bottom of the screen
    expect(page.locator("#bar-signature")).to_have_text(SIGNATURE)  # the tab chose the demo account
    bar = page.locator("#send-bar").bounding_box()
    assert 700 < bar["y"] + bar["height"] <= 800
    page.press("#f-amount", "Enter")  # Enter in a field sends (it used to sign only)
    expect(page.locator("#verdict")).to_have_text("async-response")
    assert page.evaluate(NO_OVERFLOW)
    page.goto("/preauth-form")
    expect(page.locator("#signature")).to_have_text(SIGNATURE)
    page.keyboard.press("Control+Enter")
    expect(page.locator("#redirect-link")).to_be_visible()
    assert page.evaluate(NO_OVERFLOW)
    page.goto(page.get_attribute("#redirect-link", "href"))  # the hosted page
    assert page.evaluate(NO_OVERFLOW)
    page.goto("/debug")
    page.fill("#raw", "login=demo&client_orderid=" + "R" * 300 + "&control=" + "1" * 40)
    page.click("#check")
    page.locator("#verdict").wait_for()
    assert page.evaluate(NO_OVERFLOW)
    context.close()


def test_session_per_tab_survives_reload_and_carries_over(page):
    page.goto("/make-rebill-sale")
    use_demo(page)
    page.fill("#f-amount", "12.34")
    page.click("#optional summary")
    page.fill("#f-comment", "kept")
    expect(page.locator("#signature")).to_have_text(SIGNATURE)
    assert send(page) == "async-response"
    orderid = page.text_content("#fields-table tr:has(th:text-is('paynet-order-id')) td")
    page.reload()
    assert page.input_value("#f-amount") == "12.34"
    assert page.input_value("#f-comment") == "kept"
    expect(page.locator("#optional")).to_have_attribute("open", "")
    assert page.text_content("#verdict") == "async-response"  # the last exchange is back too
    page.goto("/status")  # a new step: the demo account again, without pressing the button
    expect(page.locator("#signature")).to_have_text(SIGNATURE)
    assert page.input_value("#f-merchant_control") == DEMO_KEY
    assert page.input_value("#f-login") == "demo"
    assert page.input_value("#f-target") == "1111"
    page.go_back()
    assert page.input_value("#f-amount") == "12.34"
    assert orderid.startswith("7")


def test_feedback_invalid_send_half_valid_and_shortcuts(page):
    page.goto("/make-rebill-sale")
    page.fill("#f-target", "1111")
    page.fill("#f-merchant_control", DEMO_KEY)
    page.fill("#f-login", "demo")
    page.fill("#f-amount", "12abc")
    expect(page.locator("#signature")).to_have_text(
        "— not sendable: amount must be a number in major units like 10.42")
    page.fill("#f-amount", "12.00")
    expect(page.locator("#signature")).to_have_text(SIGNATURE)
    expect(page.locator("#sendable")).to_have_text("Not sendable: 5 fields need attention.")
    page.click("#send-button")
    expect(page.locator("#verdict")).to_have_text("Some fields need attention; nothing was sent.")
    expect(page.locator("#f-client_orderid")).to_be_focused()
    assert page.get_attribute("#f-client_orderid", "aria-invalid") == "true"
    assert page.text_content("#" + page.get_attribute("#f-client_orderid", "aria-describedby")) \
        == "client_orderid is required."
    page.click("h1")  # out of the fields: there "?" is typed, not a shortcut
    page.keyboard.press("?")
    expect(page.locator("#shortcuts")).to_be_visible()
    page.keyboard.press("Escape")
    expect(page.locator("#shortcuts")).to_be_hidden()


def test_next_steps_follow_the_order_state_and_card_reveal(browser, live_server):
    context = browser.new_context(base_url=live_server.url)
    context.grant_permissions(["clipboard-read", "clipboard-write"])
    page = context.new_page()
    page.goto("/preauth")
    use_demo(page)
    expect(page.locator("#signature")).to_have_text(SIGNATURE)
    copied = copy_by_click(page, "[data-copy=body]")
    assert "credit_card_number=453897******6732" in copied and "cvv2=***" in copied
    expect(page.locator("#copy-status")).to_have_text("Copied: Copy body")
    page.check("#reveal-card")
    expect(page.locator("#body")).to_contain_text(f"credit_card_number={CARD}")
    copied = copy_by_click(page, "[data-copy=curl]")
    assert f"--data-urlencode credit_card_number={CARD}" in copied and "cvv2=123" in copied
    assert send(page) == "async-response"
    assert "cvv2=***" in page.text_content("#raw-request")  # what was sent, shown masked
    capture = page.locator("button.next-step[data-command=capture]")
    expect(capture).to_be_disabled()
    assert page.text_content("#later-steps").count("Capture needs approved; check status") == 1
    expect(page.locator("#next-buttons > button")).to_have_count(0)  # nothing possible now: the row is "later"
    check_status_until(page, "approved")
    expect(capture).to_be_enabled()
    context.close()


def test_timeline_lifecycle_reopen_and_export(page, tmp_path):
    page.goto("/preauth")
    use_demo(page)
    expect(page.locator("#signature")).to_have_text(SIGNATURE)
    assert send(page) == "async-response"
    page.click("#poll-status")
    expect(page.locator("#verdict")).to_have_text("status-response · status approved")
    orderid = page.text_content("#fields-table tr:has(th:text-is('paynet-order-id')) td")
    # The demo filled server_callback_url with this browser's inbox: the sandbox's delivery joins the lifecycle.
    expect(page.locator("#timeline .lifecycle")).to_have_text(
        f"order {orderid}: preauth → processing → approved → callback HTTP 200 (to the tool's own inbox, delivered "
        "in process)")
    # A callback on demand for the demo order: to this tab's inbox only; its delivery joins the line.
    order = page.locator("#timeline li.order")
    order.locator("summary").click()
    order.locator("select").select_option("declined")
    order.get_by_role("button", name="send the callback").click()
    expect(order.get_by_role("status")).to_contain_text(re.compile(r"^sent to http://127\.0\.0\.1:\d+/callbacks/inbox/"))
    expect(page.locator("#timeline .lifecycle")).to_have_text(
        f"order {orderid}: preauth → processing → approved → callback HTTP 200 (to the tool's own inbox, delivered "
        "in process), HTTP 200 (to the tool's own inbox, delivered in process)")
    entries = page.locator("#timeline button.entry")
    assert entries.count() == 3
    assert re.fullmatch(r"\d\d:\d\d:\d\d preauth · async-response · \d+ ms · key fingerprint f2e7e74d",
                        entries.nth(2).text_content())  # the demo key's fingerprint: kept, the key never
    entries.nth(2).click()
    expect(page.locator("#verdict")).to_have_text("async-response")
    with page.expect_download() as download:
        page.click("#save-json")
    saved = tmp_path / "timeline.json"
    download.value.save_as(saved)
    text = saved.read_text()
    assert DEMO_KEY not in text and CARD not in text
    assert [(e["command"], e["fingerprint"]) for e in json.loads(text)] == [
        ("status", "f2e7e74d"), ("status", "f2e7e74d"), ("preauth", "f2e7e74d")]
    with page.expect_download() as download:
        page.click("#save-html")
    download.value.save_as(tmp_path / "timeline.html")
    html = (tmp_path / "timeline.html").read_text()
    assert html.startswith("<!doctype html>") and "<script" not in html and CARD not in html


def test_sandbox_scenarios_and_inbox(browser, live_server):
    context = browser.new_context(base_url=live_server.url, viewport={"width": 390, "height": 800})
    page = context.new_page()
    try:
        page.goto("/sale")
        use_demo(page)
        page.click("#setup-summary")  # narrow: the demo's fill folded environment, target and key to one line
        expect(page.locator("#scenario-box")).to_be_visible()
        page.select_option("#scenario", "decline")
        assert page.input_value("#f-amount") == "10.01"
        page.select_option("#scenario", "3ds")
        assert page.input_value("#f-credit_card_number") == "4000000000003220"
        page.click("#optional summary")
        page.click("[aria-label='use my inbox for notify_url']")
        expect(page.locator("#f-notify_url")).to_have_value(
            re.compile(re.escape(live_server.url) + r"/callbacks/inbox/[A-Za-z0-9_-]{32}$"))
        page.select_option("#environment", "payneteasy-sandbox")  # scenarios are the built-in sandbox's only
        expect(page.locator("#scenario-box")).to_be_hidden()
    finally:
        context.close()


def test_3ds_poll_waits_for_the_payer_and_presentation_mode(page, live_server):
    page.goto("/sale")
    use_demo(page)
    expect(page.locator("#scenario-box")).to_be_visible()
    page.select_option("#scenario", "3ds")
    page.select_option("#scenario", "error")
    expect(page.locator("#f-merchant_control")).to_have_value(DEMO_KEY)
    expect(page.locator("#signature")).to_have_text(SIGNATURE)
    assert send(page) == "async-response"
    poll = page.locator("#poll-status")
    poll.click()  # the 3-D Secure card: processing until the payer's page is opened, and the page says so
    expect(page.locator("#hint")).to_have_text("Still processing: the payer's page has to be opened first.")
    expect(page.locator("#redirect-link")).to_have_text("Open the payer's page")
    payer = page.context.new_page()
    payer.goto(page.get_attribute("#redirect-link", "href"))
    payer.get_by_role("button", name="Authenticate").click()
    # The result page first: closing a page while its form post is still navigating can hang Chromium's
    # close for good (it stalled CI once, in this very step).
    expect(payer.locator("#paid")).to_contain_text("error")
    payer.close()
    poll.click()
    expect(page.locator("#verdict")).to_have_text(
        "status-response · status error · error 500 · Processor error (sandbox: amount ending in .03)")
    page.click("#present-toggle")  # masked, not blurred (tests/browser/test_presenting.py): nothing drawn, "•••"
    for selector in ("#raw-request", "#fields-table td"):
        assert page.evaluate(f"getComputedStyle(document.querySelector({selector!r})).visibility") == "hidden"
    for selector in ("#f-target", "#f-client_orderid", "#f-credit_card_number"):
        assert page.get_attribute(selector, "type") == "password", selector
    page.goto("/callbacks")  # the tab keeps it, on every page
    assert page.evaluate("getComputedStyle(document.getElementById('inbox-url')).visibility") == "hidden"
