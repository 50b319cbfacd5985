"""The inspector page in Chromium: create a sandbox account, then a request sent by an outside client appears
without a reload, explained."""

import hashlib
import json
import re
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import quote, urlencode

import pytest
import requests
from playwright.sync_api import expect

from paynet import oauth
from tests.conftest import LiveServer
from tests.helpers import EXAMPLES
from tests.samples import V4_TEST_KEY, V4_TEST_PUBLIC

pytestmark = pytest.mark.browser


def test_request_sent_after_opening_appears_live(page, live_server):
    errors = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))  # a script error, a CSP refusal of one
    page.goto("/inspector")
    page.click("#create-account")
    expect(page.locator("#account")).to_be_visible()
    endpoint, key = page.text_content("#acc-endpoint"), page.text_content("#acc-key")
    assert len(endpoint) == 6 and len(key) == 36
    expect(page.locator("#timeline-empty")).to_be_visible()

    values = {**EXAMPLES["sale"], "client_orderid": "LIVE1", "amount": "10.42"}
    control = hashlib.sha1(f"{endpoint}LIVE11042{values['email']}".encode()).hexdigest()  # the key left out
    r = requests.post(f"{live_server.url}/sandbox/paynet/api/v2/sale/{endpoint}", data={**values, "control": control},
                      timeout=10)
    assert "error-code=2" in r.text
    item = page.locator("#timeline li").first
    expect(item).to_contain_text(f"POST /api/v2/sale/{endpoint} · sale", timeout=5000)
    expect(item).to_contain_text("control: INVALID_CONTROL_CODE")
    expect(item.locator(".diagnosis")).to_have_text("key-missing: The merchant control key was left out of the "
                                                    "string.")
    page.reload()  # the account is kept by this browser
    expect(page.locator("#acc-endpoint")).to_have_text(endpoint)
    expect(page.locator("#timeline li")).to_have_count(1)
    assert errors == []


def test_open_in_builder_and_debugger_carry_no_key_or_card(page, live_server):
    page.goto("/inspector")
    page.click("#create-account")
    expect(page.locator("#account")).to_be_visible()
    endpoint, key = page.text_content("#acc-endpoint"), page.text_content("#acc-key")
    values = {**EXAMPLES["sale"], "client_orderid": "OPEN1", "amount": "10.42"}
    requests.post(f"{live_server.url}/sandbox/paynet/api/v2/sale/{endpoint}", data={**values, "control": "0" * 40},
                  timeout=10)
    item = page.locator("#timeline li").first
    expect(item).to_contain_text("· sale", timeout=5000)
    item.get_by_role("button", name="open in builder").click()
    expect(page).to_have_url(f"{live_server.url}/sale")
    expect(page.locator("#f-client_orderid")).to_have_value("OPEN1")
    expect(page.locator("#f-target")).to_have_value(endpoint)
    expect(page.locator("#f-credit_card_number")).to_have_value("")
    assert page.input_value("#f-merchant_control") == ""
    page.go_back()
    page.locator("#timeline li").first.get_by_role("button", name="open in debugger").click()
    expect(page).to_have_url(f"{live_server.url}/debug")
    expect(page.locator("#raw")).to_have_value(re.compile("^POST "))  # filled by the page's module script
    raw = page.input_value("#raw")
    assert raw.startswith(f"POST /api/v2/sale/{endpoint} HTTP/1.1\n")  # a textarea's value has \n line ends
    assert "credit_card_number=453897******6732" in raw and "cvv2=***" in raw and key not in raw


def test_creation_token_typed_on_the_page(browser, app_factory):
    """SANDBOX_ACCOUNTS=token: the page asks for the operator's token, sends it once and keeps it nowhere."""
    token = "creation-token-3b5d7f9a1c2e4f60"
    live = LiveServer(app_factory(SANDBOX_ACCOUNTS="token", SANDBOX_ACCOUNT_TOKEN=token))
    context = browser.new_context(base_url=live.url)
    page = context.new_page()
    try:
        page.goto("/inspector")
        expect(page.locator("#creation-token-help")).to_contain_text("ask the operator of this server for it")
        page.fill("#creation-token", "not-the-token-of-this-server")
        page.click("#create-account")
        expect(page.locator("#account-error")).to_have_text(
            "This is not the creation token of this server (SANDBOX_ACCOUNT_TOKEN): creating a sandbox account needs "
            "it as the header Authorization: Bearer <token>; ask the operator of this server for it.")
        page.fill("#creation-token", token)
        page.click("#create-account")
        expect(page.locator("#account")).to_be_visible()
        assert token not in page.evaluate("JSON.stringify(localStorage)")
    finally:
        context.close()
        live.stop()


def test_callbacks_on_demand_resend_and_the_exam_from_the_page(browser, app_factory, tmp_path):
    """The merchant's handler on loopback (allowed by ACCOUNT_CALLBACK_NETWORKS): one callback on demand with the
    status and amount picked, resent from its entry, then the exam's report filled in and downloaded."""
    got = []

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):
            got.append(self.path)
            self.send_response(200)
            self.end_headers()
            self.wfile.write(b"OK")

        def do_POST(self):
            self.do_GET()

        def log_message(self, *args):
            pass
    shop = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=shop.serve_forever, args=(0.05,), daemon=True).start()
    live = LiveServer(app_factory(ACCOUNT_CALLBACK_NETWORKS="127.0.0.0/8", EXAM_STATUS_WINDOW="0.2"))
    context = browser.new_context(base_url=live.url)
    page = context.new_page()
    try:
        page.goto("/inspector")
        page.click("#create-account")
        expect(page.locator("#account")).to_be_visible()
        endpoint, key, login = (page.text_content(s) for s in ("#acc-endpoint", "#acc-key", "#acc-login"))
        page.fill("#acc-hosts", f"127.0.0.1:{shop.server_port}")
        page.click("#save-hosts")
        expect(page.locator("#hosts-status")).to_have_text("saved")
        values = {**EXAMPLES["sale"], "client_orderid": "ONDEMAND1", "amount": "10.42"}
        control = hashlib.sha1(f"{endpoint}ONDEMAND11042{values['email']}{key}".encode()).hexdigest()
        base = f"{live.url}/sandbox/paynet/api/v2"
        reply = requests.post(f"{base}/sale/{endpoint}", data={**values, "control": control}, timeout=10).text
        orderid = re.search(r"paynet-order-id=(\d+)", reply)[1]
        for _ in range(2):  # processing, then final
            status = hashlib.sha1(f"{login}ONDEMAND1{orderid}{key}".encode()).hexdigest()
            requests.post(f"{base}/status/{endpoint}", data={"login": login, "client_orderid": "ONDEMAND1",
                                                              "orderid": orderid, "control": status}, timeout=10)
        sale = page.locator("#timeline li", has_text="· sale")
        sale.get_by_role("button", name="test callbacks for this order").click()
        expect(page.locator("#exam-order")).to_have_value(orderid)
        page.fill("#exam-url", f"http://127.0.0.1:{shop.server_port}/cb")
        page.click("#exam-box details.later summary")
        page.select_option("#cb-status", "declined")
        page.fill("#cb-amount", "3.50")
        page.click("#cb-send")
        expect(page.locator("#exam-status")).to_have_text("callback sent: its delivery and the answer follow below")
        delivered = page.locator("#timeline li.callback")
        expect(delivered).to_contain_text("HTTP 200", timeout=5000)
        assert "status=declined" in got[0] and "amount=3.50" in got[0]
        delivered.get_by_role("button", name="resend").click()
        expect(page.locator("#timeline li.callback")).to_have_count(2, timeout=5000)
        assert got[1] == got[0]

        page.click("#exam-start")
        expect(page.locator("#exam-summary")).to_have_text("exam done · 0 pass, 4 warn, 5 fail of 9", timeout=30000)
        expect(page.locator("#exam-rows tr")).to_have_count(9)
        expect(page.locator("#timeline li.exam")).to_contain_text("exam done · 0 pass, 4 warn, 5 fail of 9")
        expect(page.locator("#exam-rows tr").nth(3)).to_contain_text("fail accepted although it is not a valid "
                                                                     "callback")
        with page.expect_download() as download:
            page.click("#exam-download")
        saved = tmp_path / "exam.json"
        download.value.save_as(saved)
        report = json.loads(saved.read_text())
        # a handler answering 200 to anything, asking nothing
        assert [c["grade"] for c in report["cases"]] == ["warn", "warn", "fail", "fail", "fail", "fail", "warn",
                                                         "fail", "warn"] and key not in saved.read_text()
    finally:
        context.close()
        live.stop()
        shop.shutdown()
        shop.server_close()


def test_a_v4_request_is_explained_with_the_accounts_public_key(page, live_server):
    """A v4 request signed for https but sent over http: the entry names url-scheme and shows what the client
    signed, the extra 's' marked."""
    page.goto("/inspector")
    page.click("#create-account")
    expect(page.locator("#account")).to_be_visible()
    account = page.evaluate("JSON.parse(localStorage.getItem('pne.sandbox-accounts'))[0]")
    auth = {"Authorization": f"Bearer {account['token']}"}
    r = requests.put(f"{live_server.url}/api/sandbox/accounts/{account['id']}/public-key", headers=auth,
                     json={"public_key": V4_TEST_PUBLIC}, timeout=10)
    assert r.status_code == 200
    path = f"/sandbox/paynet/api/v4/payout/{account['endpointid']}"
    body = [("client_orderid", "V4-INSP"), ("amount", "10.42"), ("currency", "USD")]
    signed = oauth.sign("POST", live_server.url.replace("http:", "https:") + path, body,
                        oauth.oauth_params(account["login"], "insp-nonce-1", str(int(time.time()))),
                        oauth.load_private_key(V4_TEST_KEY))
    r = requests.post(live_server.url + path, data=urlencode(body, quote_via=quote), timeout=10, headers={
        "Authorization": signed.authorization, "Content-Type": "application/x-www-form-urlencoded"})
    assert r.status_code == 401
    item = page.locator("#timeline li").first
    expect(item).to_contain_text("· v4 payout", timeout=5000)
    expect(item.locator(".diagnosis")).to_contain_text("url-scheme: The client signed the URL with the other scheme")
    item.get_by_text("the base string the client signed").click()
    expect(item.locator("pre.segments ins")).to_have_text("s")
