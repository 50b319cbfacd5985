"""The builder's export panel in Chromium: the page fills in the control it computed; the key never leaves it.
What Copy as curl and the export box copy for a card command runs as it is, once the card variables are set."""

import os
import subprocess

import pytest
from playwright.sync_api import expect

from tests.browser.steps import SIGNATURE, copy_by_click, use_demo
from tests.conftest import DOC_KEY

pytestmark = pytest.mark.browser
# sha1("demo" "902B4FF5" "6937030" DOC_KEY), computed once with `printf '%s' ... | sha1sum`
CONTROL = "ff89b6027cef75c8ee56beb027660d970b41dad7"
CARD_VARIABLES = {"PAYNET_CARD_NUMBER": "4538977399606732", "PAYNET_CVV2": "123"}


def fill_capture(page):
    page.goto("/capture")
    page.fill("#f-target", "1111")
    page.fill("#f-merchant_control", DOC_KEY)
    for name, value in {"login": "demo", "client_orderid": "902B4FF5", "orderid": "6937030"}.items():
        page.fill(f"#f-{name}", value)


def test_export_shows_the_page_control_never_the_key(page):
    posted = []
    page.on("request", lambda r: posted.append(r.post_data or "") if "/export" in r.url else None)
    fill_capture(page)
    page.click("#export-box > summary")  # folded by default
    page.select_option("#export-language", "python")
    page.click("#export-show")
    code = page.locator("#export-code")
    expect(code).to_contain_text(f"fields[\"control\"] = '{CONTROL}'")
    expect(code).to_contain_text("'orderid': '6937030'")
    page.select_option("#export-language", "java")
    expect(code).to_contain_text(f'fields.put("control", "{CONTROL}");')
    page.check("#export-env")
    expect(code).to_contain_text('System.getenv("MERCHANT_CONTROL")')
    assert DOC_KEY not in code.text_content()
    assert posted and not any(DOC_KEY in body for body in posted)


def test_export_without_key_keeps_the_placeholder(page):
    fill_capture(page)
    page.fill("#f-merchant_control", "")
    page.click("#export-box > summary")  # folded by default
    page.click("#export-show")
    expect(page.locator("#export-code")).to_contain_text("--data-urlencode control=CONTROL_FROM_PAGE")
    expect(page.locator("#export-note")).to_contain_text("Type the key to fill in control")


def test_export_postman_collection_and_flow_links(page):
    fill_capture(page)
    page.click("#export-box > summary")  # folded by default
    page.select_option("#export-language", "postman")
    page.click("#export-show")
    code = page.locator("#export-code")
    expect(code).to_contain_text('"schema": "https://schema.getpostman.com/json/collection/v2.1.0/collection.json"')
    expect(code).to_contain_text('"raw": "{{base_url}}/api/v2/capture/{{endpointid}}"')
    assert DOC_KEY not in code.text_content()
    expect(page.locator("#export-flows a")).to_have_text(["sale-return", "preauth-capture", "card-ref-rebill"])


def test_debugger_verdict_exports_the_corrected_request(page):
    paste = ("POST /paynet/api/v2/sale/1111 HTTP/1.1\nHost: h\n\nclient_orderid=902B4FF5&amount=10.42"
             "&email=john.smith@gmail.com&control=0000000000000000000000000000000000000000")
    page.goto("/debug")
    page.fill("#raw", paste)
    page.fill("#debug-key", DOC_KEY)
    page.click("#check")
    expect(page.locator("#verdict")).to_have_text("Mismatch: the control is wrong.")
    page.click("#export-box > summary")  # folded by default
    page.select_option("#export-language", "node")
    page.click("#export-show")
    # the docs' worked example: sha1("1111902B4FF51042john.smith@gmail.com" + key)
    expect(page.locator("#export-code")).to_contain_text(
        'fields.push(["control", "c6bdd88a78834ef4b863b088827a459f039e8257"]);')
    assert DOC_KEY not in page.locator("#export-code").text_content()


def run_copy(text: str, cards: bool) -> subprocess.CompletedProcess:
    """The copied text as a user pastes it into bash, with the card variables set or not."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("PAYNET_")}
    return subprocess.run(["bash", "-c", text], env={**env, **(CARD_VARIABLES if cards else {})},
                          capture_output=True, text=True, timeout=60)


def test_copies_of_a_sale_run_with_the_card_variables(browser, live_server):
    context = browser.new_context(base_url=live_server.url)
    context.grant_permissions(["clipboard-read", "clipboard-write"])
    page = context.new_page()
    page.goto("/sale")
    use_demo(page)
    page.fill("#f-client_orderid", "COPY-1")
    expect(page.locator("#signature")).to_have_text(SIGNATURE)
    expect(page.locator("#body")).to_contain_text("client_orderid=COPY-1&")  # the server's reply is in
    expect(page.locator("#masked-note")).to_contain_text("set PAYNET_CARD_NUMBER, PAYNET_CVV2 to a test card")
    copied = copy_by_click(page, "[data-copy=curl]")
    assert copied.startswith(': "${PAYNET_CARD_NUMBER:?set PAYNET_CARD_NUMBER to a test card number, '
                             'e.g. 4538977399606732}" \\\n')
    assert '  --data-urlencode "credit_card_number=${PAYNET_CARD_NUMBER}" \\\n' in copied
    assert copied.endswith(f"  --data-urlencode control={page.text_content('#signature')}")
    missing = run_copy(copied, cards=False)
    assert missing.returncode != 0 and missing.stdout == ""  # stopped before curl: nothing sent
    assert missing.stderr.endswith("PAYNET_CARD_NUMBER: set PAYNET_CARD_NUMBER to a test card number, "
                                   "e.g. 4538977399606732\n")
    sent = run_copy(copied, cards=True)
    assert "type=async-response" in sent.stdout, sent.stdout + sent.stderr
    # the export box's curl, control filled in by the page, for a second order
    page.fill("#f-client_orderid", "COPY-2")
    page.click("#export-box > summary")  # folded by default
    page.click("#export-show")
    code = page.locator("#export-code")
    expect(code).to_contain_text("client_orderid=COPY-2")
    expect(code).not_to_contain_text("CONTROL_FROM_PAGE")
    expect(page.locator("#export-note")).to_contain_text(
        "Card data masked (credit_card_number, cvv2): the snippet reads it from PAYNET_CARD_NUMBER, PAYNET_CVV2;")
    exported = copy_by_click(page, "#export-copy")
    assert exported == code.text_content()
    sent = run_copy(exported, cards=True)
    assert "type=async-response" in sent.stdout, sent.stdout + sent.stderr
    context.close()
