"""The debugger's and the callback verifier's verdicts computed in the page (static/verdict.js, the key filled
into the server's key-less templates) equal the server's with the key, on the whole hypothesis test set; and
no request from /debug or /callbacks carries the key."""

import re
from urllib.parse import quote, quote_plus

import pytest
from playwright.sync_api import expect

from tests.conftest import CANARY_KEY, DOC_KEY
from tests.samples import CALLBACK, CASES, FINAL_REDIRECT, GOOD, PHP_CAPTURE, REBILL, UPLOAD, docs_request, http

pytestmark = pytest.mark.browser

IN_PAGE = """async ([url, cases]) => {
  const verdict = await import("/static/verdict.js");
  const out = [];
  for (const c of cases) {
    const resp = await fetch(url, { method: "POST", headers: { "Content-Type": "application/json" },
                                    body: JSON.stringify(c.request) });
    const data = await resp.json();
    const found = url === "/api/debug" ? verdict.debugVerdict(data, c.key) : verdict.callbackVerdict(data, c.key);
    out.push({ sent: JSON.stringify(c.request), found });
  }
  return out;
}"""

DEBUG_CASES = [(http(path, f"{body}&control={control}"), DOC_KEY, {}) for _, path, body, control in CASES] + [
    (http("make-rebill-sale/1111", REBILL + "&control=6feda405a0a687e7725df5e4b68ca49ae3554a4a"), DOC_KEY, {}),
    (http("make-rebill-sale/1111", REBILL + "&control=" + "1" * 40), DOC_KEY, {}),  # nothing explains it
    (http("make-rebill-sale/1111", REBILL + "&control=6feda405a0a687e7725df5e4b68ca49ae3554a4a"), "OTHER", {}),
    (http("make-rebill-sale/1111", REBILL + "&control=a9d02ab237d86eca8ecb6ef60944093b15f7d401"),
     " " + DOC_KEY + "\n", {}),  # a key typed with whitespace is trimmed on both sides
    (http("make-rebill-sale/1111", REBILL.replace("1.15&currency=USD", "1000&currency=JPY")
          + "&control=a6851ae95ed17acad93289b682d2d6eea39d1ac8"), DOC_KEY, {}),
    ("login=demo&client_orderid=R1&cardrefid=1461665&amount=0.30000000000000004&currency=USD&ipaddress=1.2.3.4"
     "&order_desc=x&control=cdeaf75765a6f027b43b3e020eff07cdd8269073", DOC_KEY, {"command": "make-rebill-sale"}),
    (http("preauth-form/1111", "client_orderid=F1&amount=10.00&email=e%40x.y&control=9bc0914570bb0668b0ed5d3645a77e11b"
          "aa2fa07"), DOC_KEY, {"endpointid": "1111", "groupid": "2222"}),
    (docs_request("preauth-form.connpay.en.txt"), DOC_KEY, {}),
    (docs_request("make-rebill-sale.connpay.ru.txt"), DOC_KEY, {}),
    (http("capture/1111", PHP_CAPTURE), DOC_KEY, {"amount": "99.1", "currency": "EUR"}),  # amount-signed-not-sent
    (http("capture/1111", PHP_CAPTURE), DOC_KEY, {}),  # nothing explains it: what to give, what was tried
    (http("make-rebill/1111", REBILL + "&control=6feda405a0a687e7725df5e4b68ca49ae3554a4a"), DOC_KEY, {}),  # legacy
    (f"POST /paynet/api/3ds/v1/upload-cres-result/2222 HTTP/1.1\nHost: h\n\n{UPLOAD}", DOC_KEY, {}),
]

CALLBACK_CASES = [
    (CALLBACK.format(GOOD), DOC_KEY, {}),
    (CALLBACK.format(GOOD).replace("amount=10.00", "amount=99999.00"), DOC_KEY, {}),
    (CALLBACK.format(GOOD), "ANOTHER-KEY", {}),
    (CALLBACK.format("eff4157e9d5f2c62c6268880119ac98574cb93f2").replace("orderid=7000001", "orderid=7000001+", 1),
     DOC_KEY, {}),
    ("status=approved&orderid=7000001&merchant_order=M1&client_orderid=C9&control="
     "0362cb386efc4648dc06d5510a97233b336e7f9a", DOC_KEY, {}),
    ("status=approved&orderid=7000001&merchant_order=M1&client_orderid=C9&control="
     "0362cb386efc4648dc06d5510a97233b336e7f9a", DOC_KEY, {"kind": "callback"}),
    (CALLBACK.format(GOOD.upper()), DOC_KEY, {"kind": "redirect"}),
    # By hand: sha1("approvedR1R1" + key), client_orderid's value in orderid's place; sha1("approved7000001None" +
    # key), a Python client's absent merchant_order; sha1("approved7000001M1" + key), a POST (a final redirect)
    # signed with the callback's recipe.
    (CALLBACK.format("62606750f1f3b52042047be7f34a9631b9c3a95f"), DOC_KEY, {"kind": "callback"}),
    ("status=approved&orderid=7000001&control=823e7f4c01aa2ae7830f61e8f6d388631a961b76", DOC_KEY, {"kind": "callback"}),
    ("POST /return HTTP/1.1\nHost: shop.example\n\nstatus=approved&orderid=7000001&merchant_order=M1&client_orderid=C9"
     "&control=15f1d0d277eca2113b8479856686948d2c14feb8", DOC_KEY, {}),
    # Written out by hand: sha1("approved7000001R1"), sha1("7000001approvedR1" + key) and
    # sha1("approved7000001" + key + "R1"): the key left out, the parts in another order, the key moved.
    (CALLBACK.format("cb1e73a7b628ea143a6968fa984f8327296ce9c9"), DOC_KEY, {}),
    (CALLBACK.format("0b29560ff4b5509c0d596677642edde4bceb130a"), DOC_KEY, {}),
    (CALLBACK.format("325165c3f7288329fae2194160423aebffbcd838"), DOC_KEY, {"kind": "callback"}),
    (FINAL_REDIRECT, DOC_KEY, {}),  # a POST both recipes match: the final redirect
    ("https://shop.example/cb?" + CALLBACK.format(GOOD), DOC_KEY, {}),  # a GET: the callback
]


def in_page(page, url: str, cases) -> list[dict]:
    page.goto("/debug")
    requests = [{"request": {"raw": raw, **extra}, "key": key} for raw, key, extra in cases]
    return [r["found"] for r in page.evaluate(IN_PAGE, [url, requests])]


def test_debugger_verdicts_in_the_page_equal_the_servers(page, client):
    found = in_page(page, "/api/debug", DEBUG_CASES)
    for (raw, key, extra), mine in zip(DEBUG_CASES, found, strict=True):
        server = client.post("/api/debug", json={"raw": raw, "merchant_control": key, **extra}).get_json()
        assert mine is not None, raw
        assert (mine["verdict"], mine["match"], mine["expected_control"], mine["explanation"]) == (
            server["verdict"], server["match"], server["expected_control"], server.get("explanation")), raw
        assert mine["diagnosis"] == server["diagnosis"], raw
    verdicts = [m["verdict"] for m in found]
    assert verdicts.count("match") == 4 and verdicts.count("mismatch") == len(DEBUG_CASES) - 4
    ids = {d["id"] for m in found for d in m["diagnosis"]}
    # every mistake of the catalog was found in the page
    assert ids == {mistake for mistake, *_ in CASES} | {"amount-signed-not-sent"}
    assert found[-3]["explanation"].endswith(
        " Hypotheses tried: uppercase-hex, amount-zero-when-absent, orderid-for-client-orderid, "
        "client-orderid-for-orderid, null-signed-for-empty, field-sent-not-signed, wrong-order, "
        "sale-recipe-for-return, key-whitespace, key-missing, wrong-algorithm.")


def test_callback_verdicts_in_the_page_equal_the_servers(page, client):
    found = in_page(page, "/api/callback/verify", CALLBACK_CASES)
    for (raw, key, extra), mine in zip(CALLBACK_CASES, found, strict=True):
        server = client.post("/api/callback/verify", json={"raw": raw, "merchant_control": key, **extra}).get_json()
        assert {k: server[k] for k in mine} == mine, raw
    assert [(m["kind"], m["match"]) for m in found] == [
        ("callback", True), ("callback", True), ("callback", False), ("callback", False), ("redirect", True),
        ("callback", False), ("redirect", False), ("callback", False), ("callback", False), ("redirect", False),
        ("callback", False), ("callback", False), ("callback", False), ("redirect", True), ("callback", True)]
    assert [m["kinds"] for m in found] == [["callback", "redirect"], ["callback", "redirect"], [], [], ["redirect"],
                                           [], [], [], [], [], [], [], [], ["redirect"], ["callback"]]
    assert [[d["id"] for d in m["diagnosis"]] for m in found] == [
        [], [], [], ["untrimmed-whitespace"], [], ["redirect-formula-for-callback"], ["uppercase-hex"],
        ["client-orderid-for-orderid"], ["null-signed-for-empty"], ["callback-formula-for-redirect"], ["key-missing"],
        ["wrong-order"], ["wrong-order"], [], []]
    assert found[-3]["diagnosis"][0]["string_to_sign"] == "approved7000001***R1"


def test_the_debugger_page_computes_the_verdict_and_keeps_following_the_key(page):
    page.goto("/debug")
    page.fill("#raw", http("make-rebill-sale/1111", REBILL + "&control=ea8c37ee29285271f18749dc92d41bfab2499e57"))
    page.fill("#debug-key", DOC_KEY)
    page.click("#check")
    expect(page.locator("#debug-result")).to_have_attribute("data-computed", "mismatch")
    expect(page.locator("#verdict")).to_have_text("Mismatch: the control is wrong.")
    expect(page.locator("#diagnosis li code")).to_have_text(["key-missing"])
    expect(page.locator("#expected-control")).to_have_text("6feda405a0a687e7725df5e4b68ca49ae3554a4a")
    expect(page.locator("#part-key td")).to_have_text(["merchant_control", "—", "***", "36"])
    page.route("**/*", lambda route: route.abort())  # from here on the key alone changes the verdict
    page.fill("#debug-key", "")  # no key: the server's key-less verdict again
    expect(page.locator("#verdict")).to_have_text("No key given: the expected control is unknown.")
    page.fill("#debug-key", "ANOTHER")  # key-missing needs no key; the expected control follows the key
    expect(page.locator("#expected-control")).to_have_text("71817c2d34f3918596205956c720273d3ff9c8c2")
    expect(page.locator("#diagnosis li code")).to_have_text(["key-missing"])


def test_the_debugger_page_takes_the_amount_the_merchant_meant(page):
    page.goto("/debug")
    page.fill("#raw", http("capture/1111", PHP_CAPTURE))
    page.fill("#debug-key", DOC_KEY)
    page.click("#more-inputs > summary")  # folded: the debugger detects what it can
    page.fill("#debug-amount", "99.1")
    page.fill("#debug-currency", "EUR")
    page.click("#check")
    expect(page.locator("#debug-result")).to_have_attribute("data-computed", "mismatch")
    expect(page.locator("#diagnosis li code")).to_have_text(["amount-signed-not-sent"])
    expect(page.locator("#diagnosis li pre")).to_have_text(["demoC170000019910EUR***"])
    page.fill("#debug-amount", "")
    page.click("#check")
    expect(page.locator("#explanation")).to_contain_text("give the amount the merchant meant to test that. "
                                                         "Hypotheses tried: uppercase-hex, amount-zero-when-absent,")


def _carries(request, needles) -> list[str]:
    texts = [request.url, request.post_data or "", *request.headers.values()]
    return [n for n in needles for t in texts if n in t]


def test_no_request_from_the_debugger_or_callbacks_page_carries_the_key(page, live_server):
    needles = {CANARY_KEY, quote(CANARY_KEY, safe=""), quote_plus(CANARY_KEY)}
    seen = []
    page.on("request", lambda request: seen.append(request))
    page.goto("/debug")
    page.fill("#raw", http("make-rebill-sale/1111", REBILL + "&control=" + "2" * 40))
    page.type("#debug-key", CANARY_KEY)
    page.click("#check")
    expect(page.locator("#verdict")).to_have_text("Mismatch: the control is wrong.")
    page.goto("/callbacks")
    expect(page.locator("#inbox-url")).to_have_text(re.compile("^http"))
    page.type("#cb-key", CANARY_KEY)
    page.fill("#cb-raw", CALLBACK.format(GOOD))
    page.click("#cb-verify")
    expect(page.locator("#cb-result .verdict")).to_have_text("Mismatch: not signed with this key as a callback.")
    page.request.get(page.text_content("#inbox-url") + "?" + CALLBACK.format(GOOD))  # an entry arrives
    expect(page.locator("#inbox li .verdict")).to_have_text("Mismatch: not signed with this key as a callback.")
    assert len(seen) > 5
    assert [(r.url, _carries(r, needles)) for r in seen if _carries(r, needles)] == []
    expect(page.locator("#cb-result div")).to_have_attribute("data-computed", "1")  # hashed in the page


NO_KEY_YET = ("No key yet: type the merchant's control key above to check this control (the page computes the expected "
              "signature and names the mistake if they differ; the key never leaves this page).")


def test_the_callbacks_page_judges_as_the_key_and_the_paste_are_typed(page, live_server):
    """No Verify click, no change event: the verifier and every inbox entry react on input; without a key they say
    what a key would check instead of `expected: null`."""
    page.goto("/callbacks")
    expect(page.locator("#inbox-url")).to_have_text(re.compile("^http"))
    page.fill("#cb-raw", CALLBACK.format(GOOD))
    expect(page.locator("#cb-result .verdict")).to_have_text(NO_KEY_YET)
    expect(page.locator("#cb-result pre")).to_have_text(
        "string to sign: approved7000001R1\nexpected: (type the key to compute it)\nreceived: " + GOOD)
    page.request.get(page.text_content("#inbox-url") + "?" + CALLBACK.format(GOOD))  # an entry arrives
    expect(page.locator("#inbox li .verdict")).to_have_text(NO_KEY_YET)
    page.locator("#cb-key").press_sequentially(DOC_KEY[:-1])
    expect(page.locator("#inbox li .verdict")).to_have_text("Mismatch: not signed with this key as a callback.")
    page.locator("#cb-key").press_sequentially(DOC_KEY[-1])
    expect(page.locator("#inbox li .verdict")).to_have_text("Match: a valid callback.")
    expect(page.locator("#cb-result .verdict")).to_have_text(
        "Match: a valid callback or final redirect (the paste shows no HTTP method: a GET is a callback, a POST a "
        "final redirect).")
    expect(page.locator("#cb-result pre")).to_contain_text("expected: " + GOOD)
    page.fill("#cb-raw", CALLBACK.format("0" * 40))  # the paste edited: checked again
    expect(page.locator("#cb-result .verdict")).to_have_text("Mismatch: not signed with this key as a callback.")
    page.fill("#cb-raw", "status=approved&orderid=1&client_orderid=R1")
    expect(page.locator("#cb-result .verdict")).to_have_text("No control in it: there is nothing to check.")
