"""The DAPI page signs by itself in Chromium (WebCrypto's HMAC, or the shipped SHA-1 without it): the vector of
tests/samples.py typed in, both check-transfer variants, the key's and the fields' messages; the control key is in
no request the page makes and in no storage."""

import pytest
from playwright.sync_api import expect

from tests.browser.steps import violations
from tests.samples import (
    DAPI_CARDS,
    DAPI_CHECK,
    DAPI_CHECK_CARDS,
    DAPI_CHECK_CARDS_SIGNATURE,
    DAPI_CHECK_SIGNATURE,
    DAPI_FIELDS,
    DAPI_INITIATE,
    DAPI_INITIATE_SIGNATURE,
    DAPI_KEY,
)

pytestmark = pytest.mark.browser
SECTIONS = ("#sig-initiate-transfer", "#sig-check-transfer-code", "#sig-check-transfer-swagger")
# The key as typed, without its dashes, in lower case: none may be in a request or in storage.
KEY_FORMS = (DAPI_KEY, DAPI_KEY.replace("-", ""), DAPI_KEY.lower(), DAPI_KEY.replace("-", "").lower())
STORAGE = """async () => JSON.stringify([{...localStorage}, {...sessionStorage}, document.cookie,
  (await indexedDB.databases()).map((d) => d.name), location.href])"""


def fill(page, values: dict) -> None:
    for name, value in values.items():
        page.fill(f"#f-{name}", value)


def expect_signed(page, strings, signatures) -> None:
    for section, string, signature in zip(SECTIONS, strings, signatures, strict=True):
        expect(page.locator(f"{section} [data-string]")).to_have_text(string)
        expect(page.locator(f"{section} [data-signature]")).to_have_text(signature)


def test_the_page_signs_the_vector_and_the_key_goes_nowhere(watched):
    page = watched
    requests = []
    page.on("request", lambda r: requests.append(f"{r.url}\n{r.post_data or ''}\n{r.headers}"))
    page.goto("/dapi")
    fill(page, DAPI_FIELDS)
    expect(page.locator(f"{SECTIONS[0]} [data-signature]")).to_have_text("— type the control key to sign")
    page.fill("#f-control_key", DAPI_KEY)
    expect_signed(page, [DAPI_INITIATE, DAPI_CHECK, DAPI_CHECK],
                  [DAPI_INITIATE_SIGNATURE, DAPI_CHECK_SIGNATURE, DAPI_CHECK_SIGNATURE])
    expect(page.locator("#key-status")).to_have_text("A 16-byte key, decoded in this page.")
    expect(page.locator("#agreement")).to_have_text("The two check-transfer variants agree: no card id is given.")

    fill(page, DAPI_CARDS)
    expect_signed(page, [DAPI_INITIATE, DAPI_CHECK, DAPI_CHECK_CARDS],
                  [DAPI_INITIATE_SIGNATURE, DAPI_CHECK_SIGNATURE, DAPI_CHECK_CARDS_SIGNATURE])
    expect(page.locator("#agreement")).to_have_text(
        "The check-transfer variants differ: the swagger variant signs the card ids, the proxy's code does not.")

    page.fill("#f-amountCentis", "10.42")  # the server's message for the field; nothing signed meanwhile
    expect(page.locator('[data-messages-for="amountCentis"] li.error')).to_have_text(
        "amountCentis is an integer in minor units (1.00 EUR = 100): 10.42 is 1042.")
    expect(page.locator(f"{SECTIONS[1]} [data-signature]")).to_have_text("— not signed: amountCentis need attention")
    page.fill("#f-amountCentis", "1042")
    expect(page.locator('[data-messages-for="amountCentis"] li')).to_have_count(0)
    expect(page.locator(f"{SECTIONS[0]} [data-signature]")).to_have_text(DAPI_INITIATE_SIGNATURE)

    page.fill("#f-control_key", DAPI_KEY[:-1])
    expect(page.locator('[data-messages-for="control_key"] li.error')).to_have_text(
        "control_key has an odd number of hex digits (31) once its dashes are removed: each byte is two digits.")
    expect(page.locator(f"{SECTIONS[0]} [data-signature]")).to_have_text(
        "— not signed: the control key cannot be used")
    page.fill("#f-control_key", DAPI_KEY.lower())
    expect(page.locator('[data-messages-for="control_key"] li.warning')).to_contain_text("lower-case hex digits")
    expect(page.locator(f"{SECTIONS[0]} [data-signature]")).to_have_text(DAPI_INITIATE_SIGNATURE)

    expect(page.locator("#server-check")).to_have_text("")  # the server builds the page's strings
    assert page.evaluate("window.__dapi.checks") >= len(DAPI_FIELDS)
    assert [r for r in requests if "/api/dapi/sign" in r]  # the page did ask the server, with the fields
    assert [r for r in requests if any(k in r for k in KEY_FORMS)] == []
    storage = page.evaluate(STORAGE)
    assert [k for k in KEY_FORMS if k in storage] == [] and page.context.cookies() == []
    assert page.get_attribute("#f-control_key", "value") is None  # never written back into the HTML
    assert violations(page) == [] and page.errors == []


def test_without_webcrypto_in_russian_the_page_signs_the_same(browser, live_server):
    """Plain http away from localhost has no crypto.subtle: the page's own SHA-1 makes the same HMAC."""
    context = browser.new_context(base_url=live_server.url, locale="ru-RU")
    context.add_init_script("Object.defineProperty(Crypto.prototype, 'subtle', { get: () => undefined });")
    page = context.new_page()
    try:
        page.goto("/dapi")
        assert page.evaluate("crypto.subtle === undefined")
        expect(page.locator(f"{SECTIONS[0]} [data-signature]")).to_have_text(
            "— введите контрольный ключ, чтобы подписать")
        fill(page, {**DAPI_FIELDS, **DAPI_CARDS, "control_key": DAPI_KEY})
        expect_signed(page, [DAPI_INITIATE, DAPI_CHECK, DAPI_CHECK_CARDS],
                      [DAPI_INITIATE_SIGNATURE, DAPI_CHECK_SIGNATURE, DAPI_CHECK_CARDS_SIGNATURE])
        expect(page.locator("#key-status")).to_have_text("Ключ из 16 байт, декодирован на этой странице.")
    finally:
        context.close()
