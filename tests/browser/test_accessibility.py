"""axe-core (from npm, node_modules: never served to users) on every page and state, in both themes and both
languages: no critical, serious or moderate violation. Injected with page.evaluate, which the CSP does not govern."""

import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.browser.steps import use_demo
from tests.helpers import v4_paste
from tests.samples import V4_TEST_PUBLIC

pytestmark = pytest.mark.browser
AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
CURL = ("curl -X POST 'http://127.0.0.1/paynet/api/v2/make-rebill-sale/1111' -d login=demo -d client_orderid=R1 "
        "-d cardrefid=1461665 -d amount=1.15 -d currency=USD -d ipaddress=1.2.3.4 -d order_desc=x "
        "-d control=ee9ee8534654f12d0f12b7d127e0f0041925c49b")
RUN = ("axe.run(document, {resultTypes: ['violations']}).then(r => r.violations"
       ".filter(v => v.impact !== 'minor').map(v => `${v.id} (${v.impact}): ${v.nodes[0].target.join(' ')}`))")


def violations(page):
    page.wait_for_load_state("load")  # contrast needs the stylesheet, applied by the load event (test_overflow_i18n)
    if not page.evaluate("typeof axe !== 'undefined'"):
        page.evaluate(AXE.read_text())
    return page.evaluate(RUN)


@pytest.fixture(params=["en", "ru"])
def lang_page(request, browser, live_server):
    """A page in each language: Chromium with locale ru-RU sends Accept-Language: ru-RU."""
    options = {"locale": "ru-RU"} if request.param == "ru" else {}
    context = browser.new_context(base_url=live_server.url, **options)
    yield request.param, context.new_page()
    context.close()


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_no_violations_on_any_page_or_state(lang_page, scheme):
    if not AXE.exists():
        pytest.fail("axe-core is missing: run 'make static/vendor/.installed' (npm ci)")
    lang, page = lang_page
    page.emulate_media(color_scheme=scheme)
    found = {}
    for path in ("/", "/sale", "/v4/payout", "/callbacks", "/debug", "/debug/v4", "/inspector", "/vectors",
                 "/no-such-page"):
        page.goto(path)
        assert page.evaluate("document.documentElement.lang") == lang
        found[path] = violations(page)
    page.goto("/dapi")
    page.fill("#f-amountCentis", "10.42")
    page.fill("#f-control_key", "B17F59B4-A7DC-41B4-8FF9-37D986B43D2")
    expect(page.locator('[data-messages-for="amountCentis"] li.error')).to_have_count(1)
    expect(page.locator('[data-messages-for="control_key"] li.error')).to_have_count(1)
    found["/dapi with messages"] = violations(page)
    page.goto("/debug")
    page.fill("#raw", CURL)
    page.click("#check")
    if lang == "en":
        expect(page.locator("#verdict")).to_have_text("No key given: the expected control is unknown.")
    expect(page.locator("#verdict.info")).to_be_visible()  # no key: the same state in either language
    found["/debug with a result"] = violations(page)
    page.goto("/debug/v4")
    page.fill("#raw", v4_paste())
    page.fill("#public-key", V4_TEST_PUBLIC)
    page.click("#check")
    expect(page.locator("#diagnosis")).to_be_visible()
    found["/debug/v4 with a result"] = violations(page)
    page.goto("/sale-form")
    use_demo(page)
    expect(page.locator("#signature")).to_have_text(re.compile(r"^[0-9a-f]{40}$"))
    page.locator("#send-button").click()
    expect(page.locator("#verdict")).to_have_text("async-form-response")
    page.click("#optional summary")
    found["/sale-form after Send"] = violations(page)
    page.click("#tab-response")
    page.keyboard.press("?")
    found["/sale-form shortcuts"] = violations(page)
    page.keyboard.press("Escape")
    page.goto(page.get_attribute("#redirect-link", "href"))
    found["hosted page"] = violations(page)
    assert {k: v for k, v in found.items() if v} == {}


def test_theme_toggle_cycles_and_is_kept(page):
    page.goto("/")
    assert page.text_content("#theme-toggle") == "Theme: auto"
    page.click("#theme-toggle")
    assert page.evaluate("document.documentElement.className") == "dark"
    page.goto("/callbacks")
    assert page.text_content("#theme-toggle") == "Theme: dark"
    assert page.evaluate("getComputedStyle(document.documentElement).backgroundColor") == "rgb(17, 21, 32)"
    page.click("#theme-toggle")
    assert page.evaluate("document.documentElement.className") == "light"
