"""The answer first: on every page with a result, the element marked data-result is inside the screen after its
action, with no scrolling by the user (the page may bring it there itself), at 1280x800 and 390x844 in both
languages; no paragraph in the first screen runs longer than two sentences; no console error on the way.

- /debug after Check: a mismatch the debugger explains (the verdict and the mistake inside the element);
- /sale, /preauth-form after Send; /status after Send (opened from the sale's "open in the status builder");
- at 390 px, the first signed field on the first screen once the demo account filled environment, target and key;
- /callbacks after a callback arrives in its inbox, with the key typed;
- /inspector after a request from the merchant's own code arrives.
"""

import re

import pytest
import requests
from playwright.sync_api import expect

from tests.browser.steps import DEMO_KEY, SIGNATURE, send_with_demo, use_demo
from tests.conftest import DOC_KEY
from tests.samples import REBILL, http

pytestmark = pytest.mark.browser
SCREENS = [("en", 1280, 800), ("ru", 1280, 800), ("en", 390, 844), ("ru", 390, 844)]
EXPLAINED = http("make-rebill-sale/1111", REBILL + "&control=ea8c37ee29285271f18749dc92d41bfab2499e57")
# The visible paragraphs (and intro-like blocks) that start inside the first screen, as the reader sees them; a
# field's description drawn as one line cut with an ellipsis (opened on focus or a click) is one short line.
FIRST_SCREEN_TEXTS = """() => [...document.querySelectorAll("main p, main li, main .verdict")]
  .filter((e) => e.checkVisibility() && e.getBoundingClientRect().top < innerHeight && e.innerText.trim())
  .filter((e) => getComputedStyle(e).textOverflow !== "ellipsis" || getComputedStyle(e).whiteSpace !== "nowrap")
  .map((e) => e.innerText.trim())"""
# A sentence ends at . ! ? followed by a space and a capital (or the end); "e.g." and "3.11" do not end one.
SENTENCE_END = re.compile(r"[.!?…](?=\s+[A-ZА-ЯЁ«\"(]|\s*$)")


def sentences(text: str) -> int:
    return len(SENTENCE_END.findall(text)) or 1


def on_screen(page, selector: str) -> None:
    """The element is inside the viewport, whole, as the page left it (the test never scrolls); a page that
    scrolls it into view aligns it to an edge at a fraction of a pixel, so a pixel is allowed."""
    element = page.locator(selector)
    expect(element).to_be_visible()
    box, height = element.bounding_box(), page.viewport_size["height"]
    assert box["y"] >= -1 and box["y"] + box["height"] <= height + 1, (page.url, selector, box, height)


def calm(page) -> None:
    long = [text for text in page.evaluate(FIRST_SCREEN_TEXTS) if sentences(text) > 2]
    assert long == [], page.url


@pytest.fixture(params=SCREENS, ids=[f"{lang}-{w}" for lang, w, _ in SCREENS])
def context(request, browser, live_server):
    lang, width, height = request.param
    context = browser.new_context(base_url=live_server.url, locale="ru-RU" if lang == "ru" else "en-US",
                                  viewport={"width": width, "height": height})
    errors = []
    context.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    context.on("weberror", lambda exc: errors.append(f"uncaught: {exc.error}"))
    yield context
    context.close()
    assert errors == []


def test_the_result_is_on_the_first_screen(context):
    page = context.new_page()
    page.goto("/debug")
    calm(page)
    page.fill("#raw", EXPLAINED)
    page.fill("#debug-key", DOC_KEY)
    page.click("#check")
    expect(page.locator("#debug-result")).to_have_attribute("data-computed", "mismatch")
    expect(page.locator("[data-result] #diagnosis li code")).to_have_text(["key-missing"])
    on_screen(page, "[data-result]")

    inbox_page = context.new_page()  # the callbacks page open while the sale's callback arrives
    inbox_page.goto("/callbacks")
    calm(inbox_page)
    expect(inbox_page.locator("#inbox-url")).to_have_text(re.compile("^http"))
    inbox_page.fill("#cb-key", DEMO_KEY)
    page.bring_to_front()  # a tab in the background has its timers slowed (and the inbox stops polling)

    page.goto("/sale")
    use_demo(page)
    if page.viewport_size["width"] < 900:  # environment, target and key folded to one line once the demo filled them
        expect(page.locator("#setup-summary")).to_have_text(re.compile(r" 1111 · "))
        first = page.locator(".field.signed input").first.bounding_box()
        assert first["y"] + first["height"] <= page.viewport_size["height"], first
        page.click("#setup-summary")  # a tap opens them again
        expect(page.locator("#f-target")).to_be_visible()

    for command in ("preauth-form", "sale"):
        send_with_demo(page, command)
        calm(page)
        expect(page.locator("#verdict")).to_have_text(re.compile("^async"))
        on_screen(page, "#result-summary[data-result]")
    page.click("#open-status")  # the sale's status
    page.wait_for_url("**/status")
    use_demo(page)  # the key; the order's ids stay as the sale carried them
    expect(page.locator("#signature")).to_have_text(SIGNATURE)
    page.click("#send-button")
    expect(page.locator("#verdict")).to_have_text(re.compile("^status-response"))
    on_screen(page, "#result-summary[data-result]")
    calm(page)

    inbox_page.bring_to_front()  # polling again, it finds the sale's callback
    expect(inbox_page.locator("#inbox li[data-result] .verdict.ok")).to_be_visible()
    on_screen(inbox_page, "#inbox li[data-result]")

    page.bring_to_front()
    page.goto("/inspector")
    page.click("#create-account")
    expect(page.locator("#account")).to_be_visible()
    calm(page)
    base, endpoint = page.text_content("#acc-base"), page.text_content("#acc-endpoint")
    reply = requests.post(f"{base}/api/v2/status/{endpoint}", data={"login": "x", "control": "0" * 40}, timeout=10)
    assert reply.status_code == 200
    expect(page.locator("#timeline li[data-result]")).to_contain_text("status")
    on_screen(page, "#timeline li[data-result]")
