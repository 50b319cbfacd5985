"""The three users' whole paths, each in one test, at 1280 px in English and at 390 px in Russian. Every wait is on
page state; what is checked holds in both languages (wire values, classes, fields), the words are the pages' own.

- integrator: the demo -> a sale -> its request pasted into the debugger with a wrong control -> fixed -> Copy as
  curl run by bash -> a share link opened in another browser;
- onboarding: a sandbox account -> the merchant's own script (here: requests and hashlib) posts a preauth to it
  over HTTP -> the inspector explains it -> capture and return in the builder -> every callback in the tab's inbox
  -> Back keeps the order's state;
- support: a customer's curl, raw HTTP request and log line -> verdicts -> open in builder with every field ->
  send -> the timeline exported.
"""

import hashlib
import json
import os
import re
import subprocess
from pathlib import Path

import pytest
import requests
from playwright.sync_api import expect

from tests.browser.steps import SIGNATURE, check_status_until, copy_by_click, use_demo
from tests.conftest import DOC_KEY
from tests.helpers import EXAMPLES

pytestmark = pytest.mark.browser
SIZES = [("en", 1280), ("ru", 390)]
CARD = {"PAYNET_CARD_NUMBER": "4538977399606732", "PAYNET_CVV2": "123"}


@pytest.fixture(params=SIZES, ids=["en-1280", "ru-390"])
def context(request, browser, live_server):
    lang, width = request.param
    context = browser.new_context(base_url=live_server.url, locale="ru-RU" if lang == "ru" else "en-US",
                                  viewport={"width": width, "height": 900})
    context.grant_permissions(["clipboard-read", "clipboard-write"])
    errors = []  # normal use writes no error to any page's console (a 404, a failed fetch, an uncaught throw)
    context.on("console", lambda msg: errors.append(f"{msg.page.url if msg.page else '?'}: {msg.text}")
               if msg.type == "error" else None)
    context.on("weberror", lambda exc: errors.append(f"uncaught: {exc.error}"))
    yield context
    context.close()
    assert errors == []


def sha1(text: str) -> str:
    return hashlib.sha1(text.encode()).hexdigest()


def send(page) -> None:
    expect(page.locator("#builder")).not_to_have_attribute("aria-busy", "true")
    expect(page.locator("#signature")).to_have_text(SIGNATURE)
    page.click("#send-button")
    expect(page.locator("#verdict")).to_have_text(re.compile("^async-response"))


def debug(page, raw: str) -> str:
    """Check a paste with the key; the verdict's class: ok or err."""
    page.fill("#raw", raw)
    page.fill("#debug-key", DOC_KEY)
    # the result box keeps the last verdict's mark until the new one is in: cleared, so the wait is on this check
    page.evaluate("document.getElementById('debug-result').removeAttribute('data-computed')")
    page.click("#check")
    expect(page.locator("#debug-result")).to_have_attribute("data-computed", re.compile("^(match|mismatch)$"))
    return page.get_attribute("#verdict", "class")


def test_integrator(context, browser, live_server):
    page = context.new_page()
    page.goto("/sale")
    use_demo(page)
    page.fill("#f-client_orderid", "INT-1")
    send(page)
    raw = page.text_content("#raw-request")
    signature = re.search(r"control=([0-9a-f]{40})", raw)[1]
    # The same request signed with the amount as sent: sha1("1111INT-110.42john.smith@gmail.com" + key)
    wrong = raw.replace(signature, "170a81c99df8acf7570662b5ca6598c434d0ad35")
    page.goto("/debug")
    assert debug(page, wrong) == "verdict err"
    expect(page.locator("#diagnosis code")).to_have_text(["amount-major-units"])
    assert debug(page, raw) == "verdict ok"
    page.goto("/sale")  # the builder as it was left
    expect(page.locator("#f-client_orderid")).to_have_value("INT-1")
    page.fill("#f-merchant_control", DOC_KEY)
    expect(page.locator("#signature")).to_have_text(signature)
    copied = copy_by_click(page, "[data-copy=curl]")
    env = {k: v for k, v in os.environ.items() if not k.startswith("PAYNET_")}
    ran = subprocess.run(["bash", "-c", copied], env={**env, **CARD}, capture_output=True, text=True, timeout=60)
    assert "type=async-response" in ran.stdout, ran.stdout + ran.stderr
    page.click("#share")
    link = page.locator("#share-link").input_value()
    other = browser.new_context(base_url=live_server.url).new_page()  # a colleague's browser
    other.goto(link)
    expect(other.locator("#f-client_orderid")).to_have_value("INT-1")
    expect(other.locator("#f-server_callback_url")).to_have_value(re.compile("/callbacks/inbox/"))
    assert other.input_value("#f-server_callback_url") != page.input_value("#f-server_callback_url")
    expect(other.locator("#f-merchant_control")).to_have_value("")
    other.context.close()


def test_onboarding(context):
    page = context.new_page()
    page.goto("/inspector")
    page.click("#create-account")
    expect(page.locator("#account")).to_be_visible()
    page.check("#remember-key")  # the builder's "Use my sandbox account" then fills the key too
    base, ep = page.text_content("#acc-base"), page.text_content("#acc-endpoint")
    login, key = page.text_content("#acc-login"), page.text_content("#acc-key")
    page.goto("/callbacks")
    expect(page.locator("#inbox-url")).to_have_text(re.compile("^http"))
    inbox = page.text_content("#inbox-url")
    # The merchant's own script: its own signing, its own HTTP client.
    values = {**EXAMPLES["preauth"], "client_orderid": "ONB-1", "amount": "10.00", "server_callback_url": inbox,
              "notify_url": inbox}
    values["control"] = sha1(f"{ep}ONB-1" + "1000" + values["email"] + key)
    reply = requests.post(f"{base}/api/v2/preauth/{ep}", data=values, timeout=10).text
    assert "type=async-response" in reply, reply
    orderid = re.search(r"paynet-order-id=([0-9]+)", reply)[1]
    page.goto("/inspector")
    entry = page.locator("#timeline li", has_text="preauth")
    expect(entry.locator(".verdict.ok")).to_be_visible()
    page.goto("/status")
    page.click("#use-account")
    page.fill("#f-client_orderid", "ONB-1")
    page.fill("#f-orderid", orderid)
    expect(page.locator("#f-login")).to_have_value(login)
    expect(page.locator("#signature")).to_have_text(SIGNATURE)
    for _ in range(3):  # the sandbox answers processing first, then the final status
        page.evaluate("document.getElementById('verdict').textContent = ''")
        page.click("#send-button")
        expect(page.locator("#verdict")).to_have_text(re.compile("^status-response"))
        if "approved" in page.text_content("#verdict"):
            break
    page.click("button.next-step[data-command=capture]")
    page.wait_for_url("**/capture")
    page.click("#use-account")
    send(page)
    check_status_until(page, "approved")
    page.click("button.next-step[data-command=return]")
    page.wait_for_url("**/return")
    page.click("#use-account")
    send(page)
    check_status_until(page, "approved")
    page.goto("/callbacks")
    page.locator("#cb-key").press_sequentially(key)
    # the preauth's result to server_callback_url, the capture's and the return's to notify_url
    expect(page.locator("#inbox li .verdict.ok")).to_have_count(3, timeout=15_000)
    page.go_back()
    page.wait_for_url("**/return")
    expect(page.locator("#verdict")).to_have_text(re.compile("^status-response.*approved"))


def test_support(context):
    page = context.new_page()
    page.goto("/debug")
    card = "&credit_card_number=4538977399606732&card_printed_name=JANE+DOE&expire_month=07&expire_year=2031&cvv2=123"
    sale = {k: v for k, v in EXAMPLES["sale"].items() if k not in ("credit_card_number", "card_printed_name",
                                                                    "expire_month", "expire_year", "cvv2")}
    body = "&".join(f"{k}={requests.utils.quote(v, safe='')}" for k, v in {**sale, "amount": "10.42"}.items())
    # the customer's curl, amount signed as sent: sha1("1111SUP-110.42john.smith@gmail.com" + key)
    curl = (f"curl -X POST https://sandbox.example.com/paynet/api/v2/sale/1111 -d '"
            f"{body.replace('client_orderid=' + sale['client_orderid'], 'client_orderid=SUP-1')}{card}"
            "&control=ed29f0c01257d0dbc3a3014fa3a6eab7bb70d424'")
    assert debug(page, curl) == "verdict err"
    expect(page.locator("#diagnosis code")).to_have_text(["amount-major-units"])
    # a raw HTTP request, right: sha1("1111SUP-21042john.smith@gmail.com" + key)
    http = ("POST /paynet/api/v2/sale/1111 HTTP/1.1\nHost: sandbox.example.com\n"
            "Content-Type: application/x-www-form-urlencoded\n\n"
            + body.replace("client_orderid=" + sale["client_orderid"], "client_orderid=SUP-2")
            + "&control=ad27752eac009d772ad4a3d1b7bf08c5030a59a4")
    assert debug(page, http) == "verdict ok"
    # a log line of a status, right: sha1("demoSUP-37000001" + key)
    log = ("2026-12-01 10:00:01 INFO PaymentClient - POST https://sandbox.example.com/paynet/api/v2/status/1111 "
           "body=login=demo&client_orderid=SUP-3&orderid=7000001&control=49e5e1cb4faa120ec3eff3ca638e75f7918c4e0a")
    assert debug(page, log) == "verdict ok"
    debug(page, curl)
    page.click("#open-builder")
    page.wait_for_url("**/sale")
    for name, value in {"client_orderid": "SUP-1", "amount": "10.42", "card_printed_name": "JANE DOE",
                        "expire_month": "07", "expire_year": "2031", "target": "1111"}.items():
        expect(page.locator(f"#f-{name}")).to_have_value(value)
    expect(page.locator("#f-credit_card_number")).to_have_value("")  # card number and CVV2 never carried
    page.fill("#f-credit_card_number", CARD["PAYNET_CARD_NUMBER"])
    page.fill("#f-cvv2", CARD["PAYNET_CVV2"])
    page.fill("#f-merchant_control", DOC_KEY)
    send(page)
    with page.expect_download() as download:
        page.click("#save-json")
    entries = json.loads(Path(download.value.path()).read_text(encoding="utf-8"))
    assert [(e["command"], e["data"]["response"]["fields"]["merchant-order-id"]) for e in entries] == [
        ("sale", "SUP-1")]
    assert "4538977399606732" not in json.dumps(entries) and DOC_KEY not in json.dumps(entries)
