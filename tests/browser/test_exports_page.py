"""The builder's export panel in Chromium: the page fills in the control it computed; the key never leaves it."""

import pytest
from playwright.sync_api import expect

from tests.conftest import DOC_KEY

pytestmark = pytest.mark.browser
# sha1("demo" "902B4FF5" "6937030" DOC_KEY), computed once with `printf '%s' ... | sha1sum`
CONTROL = "ff89b6027cef75c8ee56beb027660d970b41dad7"


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
    page.click("#export-show")
    expect(page.locator("#export-code")).to_contain_text("--data-urlencode control=CONTROL_FROM_PAGE")
    expect(page.locator("#export-note")).to_contain_text("Type the key to fill in control")


def test_export_postman_collection_and_flow_links(page):
    fill_capture(page)
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
    page.select_option("#export-language", "node")
    page.click("#export-show")
    # the docs' worked example: sha1("1111902B4FF51042john.smith@gmail.com" + key)
    expect(page.locator("#export-code")).to_contain_text(
        'fields.push(["control", "c6bdd88a78834ef4b863b088827a459f039e8257"]);')
    assert DOC_KEY not in page.locator("#export-code").text_content()
