"""Every page works under the Content-Security-Policy in real Chromium, and the policy is really enforced.

The CSP is never turned off here (no bypass_csp): helpers go in with page.evaluate, and waits use
expect() or evaluate(), because Playwright's wait_for_function needs eval, which the policy refuses.
A page added later joins test_every_page_works_under_the_policy."""

import re
from urllib.parse import urlsplit

import pytest
import requests
from playwright.sync_api import expect

from forms import load_registry
from tests.browser.steps import use_demo, violations
from tests.conftest import DOC_KEY, LiveServer

pytestmark = pytest.mark.browser

REGISTRY = load_registry()
EXAMPLES = {name: {f.name: f.example for f in cls.from_values({}).params() if f.example}
            for name, cls in REGISTRY.items()}
SIGNATURE = re.compile(r"^[0-9a-f]{40}$")
CURL = ("curl -X POST 'http://127.0.0.1/paynet/api/v2/make-rebill-sale/1111' \\\n"
        "  -d login=demo -d client_orderid=R1 -d cardrefid=1461665 -d amount=1.15 -d currency=USD \\\n"
        "  -d control=ee9ee8534654f12d0f12b7d127e0f0041925c49b")



def api_submit(page, live_server, command, **values):
    payload = {**EXAMPLES[command], "endpointid": "1111", "merchant_control": DOC_KEY, "login": "demo", **values}
    reply = page.request.post(f"{live_server.url}/api/{command}/submit", data=payload)
    assert reply.status == 200, reply.text()
    return reply.json()["response"]["fields"]


def three_ds_page(page, live_server) -> str:
    """The 3-D Secure page of a sale with the sandbox's 3DS test card, created through the JSON API."""
    sale = api_submit(page, live_server, "sale", client_orderid="C3", credit_card_number="4000000000003220")
    status = api_submit(page, live_server, "status", client_orderid=sale["merchant-order-id"],
                        orderid=sale["paynet-order-id"])
    return status["redirect-to"]


def test_every_page_works_under_the_policy(watched, live_server):
    page = watched
    page.goto("/")
    expect(page.locator("h1")).to_have_text("Commands")
    for command in REGISTRY:  # every builder: the live signature needs script-src and connect-src
        page.goto(f"/{command}")
        use_demo(page)
        expect(page.locator("#signature")).to_have_text(SIGNATURE)
    page.goto("/sale-form")
    use_demo(page)
    inbox = requests.post(live_server.url + "/api/inboxes", json={}, timeout=5).json()["url"]
    page.fill("#f-redirect_url", inbox)
    expect(page.locator("#signature")).to_have_text(SIGNATURE)
    page.click("#send-button")
    expect(page.locator("#verdict")).to_have_text("async-form-response")
    page.goto(page.get_attribute("#redirect-link", "href"))  # the hosted payment form
    page.click("#pay")
    expect(page.locator("#paid")).to_contain_text("approved")
    page.click("#final-redirect button")  # back to the merchant: here the tool's own inbox, its landing page
    expect(page.locator("#landing-verdict")).to_contain_text("control verified")
    page.goto(three_ds_page(page, live_server))
    page.click("#authenticate")
    expect(page.locator("#paid")).to_contain_text("approved")
    page.goto("/debug")
    page.fill("#raw", CURL)
    page.click("#check")  # debug.js swaps the server-rendered verdict in with innerHTML
    expect(page.locator("#verdict")).to_have_text("No key given: the expected control is unknown.")
    page.goto("/callbacks")
    page.fill("#cb-raw", "status=approved&orderid=1&merchant_order=A1&control=0")
    page.fill("#cb-key", DOC_KEY)
    page.click("#cb-verify")
    expect(page.locator("#cb-result .verdict")).to_have_text("Mismatch: not signed with this key as a callback.")
    page.goto("/dapi")  # WebCrypto's HMAC, and the server's field check (connect-src)
    page.fill("#f-serialNumber", "R1")
    page.fill("#f-control_key", DOC_KEY)
    expect(page.locator("#sig-check-transfer-code [data-signature]")).to_have_text(re.compile(r"^[0-9A-F]{40}$"))
    expect(page.locator("#server-check")).to_have_text("")
    page.goto("/no/such/page")
    expect(page.locator("h1")).to_have_text("404 Not Found")
    assert violations(page) == []
    assert page.errors == []


def test_final_redirect_posts_to_the_merchant_on_another_origin(watched, live_server):
    """form-action names the merchant's origin on the paid page, so the return POST is allowed."""
    def merchant(environ, start_response):
        start_response("200 OK", [("Content-Type", "text/plain")])
        return [b"merchant got " + environ["REQUEST_METHOD"].encode()]

    shop = LiveServer(merchant)
    try:
        fields = api_submit(watched, live_server, "sale-form", client_orderid="M1", redirect_url=shop.url + "/return")
        watched.goto(fields["redirect-url"])
        watched.click("#pay")
        watched.click("#final-redirect button")
        expect(watched.locator("body")).to_have_text("merchant got POST")
        assert watched.url == shop.url + "/return"
        assert violations(watched) == []
    finally:
        shop.stop()


def test_policy_is_enforced_inline_script_and_style_refused(watched):
    page = watched
    page.goto("/")
    outcome = page.evaluate("""() => new Promise((done) => {
      const seen = [];
      document.addEventListener("securitypolicyviolation", (e) => seen.push(e.violatedDirective));
      const script = document.createElement("script");
      script.textContent = "window.__inlineRan = 1";
      document.body.append(script);
      const h1 = document.querySelector("h1");
      h1.setAttribute("style", "color: rgb(255, 0, 0)");
      // Violation events are queued as tasks: read them on the next one.
      setTimeout(() => done({ ran: window.__inlineRan ?? null, color: getComputedStyle(h1).color, seen }), 50);
    })""")
    assert outcome["ran"] is None
    assert outcome["color"] != "rgb(255, 0, 0)"
    assert sorted(outcome["seen"]) == ["script-src-elem", "style-src-attr"]
    assert len(violations(page)) == 2  # the console listener does see violations: its silence above counts


def test_pages_cannot_be_framed(watched, live_server):
    """A decoy on another origin frames a builder, the debugger and a hosted form: every frame is refused."""
    hosted = api_submit(watched, live_server, "sale-form", client_orderid="F1")["redirect-url"]
    urls = [live_server.url + "/sale", live_server.url + "/debug", hosted]
    html = "".join(f'<iframe src="{url}"></iframe>' for url in urls).encode()

    def decoy(environ, start_response):
        start_response("200 OK", [("Content-Type", "text/html")])
        return [html]

    site = LiveServer(decoy)
    try:
        watched.goto(site.url)
        assert [frame.url for frame in watched.frames[1:]] == ["chrome-error://chromewebdata/"] * 3
        message = ("Framing '{}/' violates the following Content Security Policy directive: "
                   "\"frame-ancestors 'none'\". The request has been blocked.\n")
        # The hosted form is the sandbox's, at the address the pages were opened at.
        origins = [live_server.url, live_server.url, "http://" + urlsplit(hosted).netloc]
        assert sorted(watched.console_texts) == sorted(message.format(origin) for origin in origins)
    finally:
        site.stop()
