"""Every page and state in Russian at 1280 px and 390 px: no sideways scroll, nothing sticking out of the screen,
no box cutting its text. Russian strings are longer; much of the page is still English while the catalogue
grows, so each state is checked again with every text node lengthened by Russian words (a pseudo-translation)."""

import re
from urllib.parse import urlsplit

import pytest
import requests
from playwright.sync_api import expect

from tests.browser.steps import check_status_until, use_demo
from tests.helpers import EXAMPLES, STOPWORDS, UI_WORDS, v4_paste
from tests.samples import V4_TEST_PUBLIC

pytestmark = pytest.mark.browser
DEMO_KEY = "B17F59B4-A7DC-41B4-8FF9-37D986B43D20"
CURL = ("curl -X POST 'http://127.0.0.1/paynet/api/v2/make-rebill-sale/1111' -d login=demo -d client_orderid=R1 "
        "-d cardrefid=1461665 -d amount=1.15 -d currency=USD -d ipaddress=1.2.3.4 -d order_desc=x "
        "-d control=ee9ee8534654f12d0f12b7d127e0f0041925c49b")
CALLBACK = ("status=approved&merchant_order=R1&client_orderid=R1&orderid=7000001&amount=10.42&"
            "control=0123456789abcdef0123456789abcdef01234567")

# Every text node grows by ~40% (at least one word): long Russian words, as the real translations bring.
LENGTHEN = """() => {
  const words = ["Присоединяющейся", "контрольной", "суммы", "перенаправления", "Плательщика"];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT, {acceptNode: (n) =>
    n.parentElement.closest("script, style, textarea") || !n.data.trim()
      ? NodeFilter.FILTER_REJECT : NodeFilter.FILTER_ACCEPT});
  const nodes = [];
  while (walker.nextNode()) nodes.push(walker.currentNode);
  let i = 0;
  for (const node of nodes) {
    const extra = [];
    while (extra.join(" ").length < Math.max(1, node.data.trim().length * 0.4)) extra.push(words[i++ % words.length]);
    node.data = node.data.replace(/\\s*$/, (end) => " " + extra.join(" ") + end);
  }
  return nodes.length;
}"""

# What a reader would see as broken: the page scrolls sideways, an element reaches past the screen's edge
# (outside a box that scrolls), a box clips its text without an ellipsis, or a box scrolls sideways that is
# not meant to (only raw dumps and wide tables may: they hold wire data, not prose).
PROBLEMS = """() => {
  const WIDE_OK = "pre, .scroll-x";
  const width = document.documentElement.clientWidth, out = [];
  const describe = (el) => el.tagName.toLowerCase() + (el.id ? "#" + el.id : "") +
    (typeof el.className === "string" && el.className.trim() ? "." + el.className.trim().split(/\\s+/).join(".") : "");
  const scrolls = (el) => /auto|scroll/.test(getComputedStyle(el).overflowX);
  const inScroller = (el) => { for (let p = el.parentElement; p && p !== document.body; p = p.parentElement)
    if (scrolls(p)) return true; return false; };
  if (document.documentElement.scrollWidth > width)
    out.push(`page scrolls sideways: ${document.documentElement.scrollWidth} > ${width}`);
  for (const el of document.body.querySelectorAll("*")) {
    if (!el.checkVisibility() || el.closest(".visually-hidden, input, select, textarea")) continue;
    const box = el.getBoundingClientRect(), style = getComputedStyle(el);
    if (box.width === 0 || box.height === 0) continue;
    if ((box.right + scrollX > width + 1 || box.left + scrollX < -1) && !inScroller(el))
      out.push(`${describe(el)} sticks out: ${Math.round(box.left)}..${Math.round(box.right)} of ${width}`);
    const clips = /hidden|clip/.test(style.overflowX + style.overflowY) && style.textOverflow !== "ellipsis";
    if (clips && (el.scrollWidth > el.clientWidth + 1 || el.scrollHeight > el.clientHeight + 1))
      out.push(`${describe(el)} cuts its content: ${el.scrollWidth}x${el.scrollHeight} in ${el.clientWidth}x` +
        el.clientHeight);
    if (scrolls(el) && !el.matches(WIDE_OK) && el.scrollWidth > el.clientWidth + 1)
      out.push(`${describe(el)} scrolls sideways: ${el.scrollWidth} > ${el.clientWidth}`);
  }
  return out;
}"""


# What a reader sees in the state as it is (what scripts wrote included): visible text outside code and raw
# exchanges and the gateway's own words (translate="no"), and the attributes a browser shows or speaks.
# English prose in it is a missed translation.
SHOWN = """() => {
  const CODE = "script, style, code, kbd, pre, samp, var, textarea, [translate=no]", out = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const node = walker.currentNode, parent = node.parentElement;
    if (node.data.trim() && !parent.closest(CODE) && parent.checkVisibility()) out.push(node.data.trim());
  }
  for (const el of document.body.querySelectorAll("[title], [placeholder], [aria-label], [alt]")) {
    if (el.closest(CODE) && !el.matches("textarea")) continue;
    for (const name of ["title", "placeholder", "aria-label", "alt"]) {
      if (el.getAttribute(name)) out.push(el.getAttribute(name));
    }
  }
  return out;
}"""


def check(page, found: dict, name: str) -> None:
    """The state as it is, then pseudo-long: the second pass leaves the page unusable, so it comes last. After a
    click that navigates, an element can be visible before the stylesheet is applied (a script's layout does not
    wait for it; CI once measured the paid hosted form unstyled): the load event comes after the stylesheets."""
    page.wait_for_load_state("load")
    found[name] = page.evaluate(PROBLEMS)
    found[name + " (English shown)"] = sorted({text[:120] for text in page.evaluate(SHOWN)
                                               if STOPWORDS.search(text) or UI_WORDS.search(text)})
    assert page.evaluate(LENGTHEN) > 0
    found[name + " (lengthened)"] = page.evaluate(PROBLEMS)


def challenge_path(base: str) -> str:
    """A 3-D Secure sale waiting for the payer: its challenge page's path, through the JSON API."""
    sale = {**EXAMPLES["sale"], "endpointid": "1111", "merchant_control": DEMO_KEY,
            "credit_card_number": "4000000000003220"}
    fields = requests.post(f"{base}/api/sale/submit", json=sale, timeout=10).json()["response"]["fields"]
    status = {**EXAMPLES["status"], "login": "demo", "endpointid": "1111", "merchant_control": DEMO_KEY,
              "client_orderid": fields["merchant-order-id"], "orderid": fields["paynet-order-id"]}
    reply = requests.post(f"{base}/api/status/submit", json=status, timeout=10).json()
    return urlsplit(reply["response"]["fields"]["redirect-to"]).path



def visit_states(page, base: str, found: dict) -> None:
    """Every page, and the states with the most text: a verdict, a debugger result, an inspector entry."""
    for path in ("/", "/sale", "/make-rebill-sale", "/debug", "/callbacks", "/vectors", "/no-such-page", "/dapi"):
        page.goto(path)
        assert page.evaluate("document.documentElement.lang") == "ru", path
        check(page, found, path)
    page.goto("/debug")
    page.fill("#raw", CURL)
    page.click("#check")
    expect(page.locator("#verdict.info")).to_be_visible()
    check(page, found, "/debug with a result")
    page.goto("/debug/v4")
    page.fill("#raw", v4_paste())
    page.fill("#public-key", V4_TEST_PUBLIC)
    page.click("#check")
    expect(page.locator("#diagnosis")).to_be_visible()
    check(page, found, "/debug/v4 with a result")
    page.goto("/dapi")
    for name in ("accessToken", "serialNumber", "endpointId", "nonce", "invoiceId", "currency",
                 "destinationServerCardId", "sourceServerCardId"):
        page.fill(f"#f-{name}", "ЖжЖж" * 40)  # long, unbroken values in every string
    page.fill("#f-amountCentis", "0100")
    page.fill("#f-control_key", DEMO_KEY.lower() + "-")
    expect(page.locator('[data-messages-for="amountCentis"] li.error')).to_have_count(1)
    expect(page.locator("#sig-initiate-transfer [data-signature]")).to_contain_text("amountCentis")
    check(page, found, "/dapi with messages")
    page.goto("/callbacks")
    page.fill("#cb-raw", CALLBACK)
    page.click("#cb-verify")
    expect(page.locator("#cb-result")).not_to_be_empty()
    check(page, found, "/callbacks with a result")
    page.goto("/sale")
    use_demo(page)
    expect(page.locator("#signature")).to_have_text(re.compile(r"^[0-9a-f]{40}$"))
    page.locator("#send-button").click()
    expect(page.locator("#verdict")).to_have_text("async-response")
    check_status_until(page, "approved")
    expect(page.locator("#next-steps")).to_be_visible()
    page.click("#tab-response")
    check(page, found, "/sale approved, next steps and timeline")
    page.goto("/sale")
    page.click("#tab-request")
    page.keyboard.press("?")
    expect(page.locator("#shortcuts")).to_be_visible()
    check(page, found, "/sale shortcuts, last exchange kept")
    page.goto("/sale-form")
    use_demo(page)
    expect(page.locator("#signature")).to_have_text(re.compile(r"^[0-9a-f]{40}$"))
    page.locator("#send-button").click()
    expect(page.locator("#verdict")).to_have_text("async-form-response")
    page.click("#optional summary")
    hosted = page.get_attribute("#redirect-link", "href")
    check(page, found, "/sale-form after Send")
    page.goto(hosted)
    check(page, found, "hosted form")
    page.goto(hosted)
    page.click("#pay")
    expect(page.locator("#paid")).to_be_visible()
    check(page, found, "hosted form, paid")
    page.goto(challenge_path(base))
    check(page, found, "3-D Secure page")
    page.goto("/inspector")
    page.click("#create-account")
    expect(page.locator("#account")).to_be_visible()
    endpoint = page.text_content("#acc-endpoint")
    values = {**EXAMPLES["sale"], "client_orderid": "LONG1", "amount": "10.42", "control": "0" * 40}
    requests.post(f"{base}/sandbox/paynet/api/v2/sale/{endpoint}", data=values, timeout=10)
    expect(page.locator("#timeline li").first).to_contain_text("· sale", timeout=5000)
    check(page, found, "/inspector with an entry")


@pytest.mark.parametrize("width", [1280, 390])
def test_no_overflow_in_russian(browser, live_server, width):
    context = browser.new_context(base_url=live_server.url, locale="ru-RU",
                                  viewport={"width": width, "height": 800})
    try:
        found = {}
        visit_states(context.new_page(), live_server.url, found)
        assert {k: v[:5] for k, v in found.items() if v} == {}
    finally:
        context.close()
