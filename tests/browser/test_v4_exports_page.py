"""The v4 page's export box (static/v4exports.js) in Chromium: code that reads the key file, following the page's
edits while open, card data from a variable until "with card data"; the key the page holds is in no request."""

import pytest
from playwright.sync_api import expect

from sandbox import demo_keys

pytestmark = pytest.mark.browser


def test_the_export_box_follows_the_page_and_never_carries_the_key(page):
    requests = []
    page.on("request", lambda r: requests.append(f"{r.url}\n{r.post_data or ''}\n{r.headers}"))
    page.goto("/v4/payout")
    page.click("#use-demo")  # loads the demo private key into the page
    expect(page.locator("#key-status")).to_contain_text("private key is loaded")
    page.fill("#f-client_orderid", "V4-EXPORT")
    page.click("#optional > summary")
    page.fill("#f-credit_card_number", "4111111111111111")
    page.click("#export-box > summary")
    page.select_option("#export-language", "python")
    code = page.locator("#export-code")
    expect(code).to_contain_text("    ('client_orderid', 'V4-EXPORT'),\n")
    expect(code).to_contain_text("    ('credit_card_number', card('PAYNET_CARD_NUMBER', ")
    expect(code).to_contain_text('    path = os.environ.get("PAYNET_PRIVATE_KEY_FILE", "")\n')
    expect(page.locator("#export-note")).to_contain_text(
        "Set PAYNET_PRIVATE_KEY_FILE to the path of your private key file: the snippet signs with it when it runs. "
        "Card data masked (credit_card_number): the snippet reads it from PAYNET_CARD_NUMBER;")
    page.fill("#f-amount", "11.00")  # the box follows the page's edits while open
    expect(code).to_contain_text("    ('amount', '11.00'),\n")
    page.check("#export-cards")
    expect(code).to_contain_text("    ('credit_card_number', '4111111111111111'),\n")
    page.select_option("#export-language", "java")
    expect(code).to_contain_text("    //   openssl pkcs8 -topk8 -nocrypt -in rsa-private.pem -out private.pem\n")
    key_line = demo_keys.PRIVATE_PEM.splitlines()[1]
    assert key_line not in code.text_content()
    assert [r for r in requests if "/export" in r]
    assert not [r for r in requests if key_line in r or "PRIVATE KEY" in r]
