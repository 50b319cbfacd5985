"""A workbench that remembers: the history survives a reload and a new tab (which offers to continue the last
session), bounded; a request saved by name round-trips through its collection file, and a bad file is refused
with a message naming the problem."""

import json
import re

import pytest
from playwright.sync_api import expect

from tests.browser.steps import DEMO_KEY, SIGNATURE, send_with_demo, use_demo

pytestmark = pytest.mark.browser
BOUNDS = """async () => {
  const { bounded } = await import("/static/history.js");
  const entries = Array.from({ length: 300 }, (_, i) => ({ id: `e${i}`, time: new Date(1e12 + i * 1000).toISOString(),
    orderid: String(7000000 + (i % 60)), data: {} }));
  const kept = bounded([...entries, entries[299]]);  // the newest twice: kept once
  const big = bounded(Array.from({ length: 5 },
    (_, i) => ({ id: `b${i}`, time: String(i), data: "x".repeat(900000) })));
  return [kept.length, new Set(kept.map((e) => e.orderid)).size, kept[0].id, big.map((e) => e.id)];
}"""


def test_history_survives_a_reload_and_a_new_tab(browser, live_server):
    context = browser.new_context(base_url=live_server.url)
    page = context.new_page()
    assert send_with_demo(page, "sale").startswith("async-response")
    page.reload()
    expect(page.locator("#timeline button.entry")).to_have_count(1)
    other = context.new_page()  # a new tab: no session of its own, so it is offered the last one
    other.goto("/status")
    expect(other.locator("#continue-text")).to_have_text("This browser kept 1 exchanges of an earlier session.")
    other.click("#continue-session")
    expect(other.locator("#timeline button.entry")).to_have_count(1)
    expect(other.locator("#timeline button.entry")).to_contain_text("sale · async-response")
    expect(other.locator("#f-target")).to_have_value("1111")  # the session's target came along
    # ... and its choice of the demo account, which fills the demo's published key again (no key is kept)
    expect(other.locator("#f-merchant_control")).to_have_value(DEMO_KEY)
    stored = other.evaluate("localStorage.getItem('pne.history.all')")
    assert DEMO_KEY not in stored and "4538977399606732" not in stored  # never the key; card data masked
    other.reload()
    expect(other.locator("#continue-box")).to_be_hidden()  # this tab has its session now: asked once
    assert other.evaluate(BOUNDS) == [200, 50, "e299", ["b4", "b3"]]
    other.goto("/")
    expect(other.locator("#history-note")).to_have_text("History on this browser: 1 exchanges.")
    other.click("#clear-history")
    expect(other.locator("#history-note")).to_have_text("History on this browser: 0 exchanges.")
    context.close()


def test_a_collection_round_trips_through_its_file(page, tmp_path):
    page.goto("/sale")
    use_demo(page)
    page.fill("#f-client_orderid", "COLL-1")
    expect(page.locator("#signature")).to_have_text(SIGNATURE)
    page.click("#save-box > summary")
    page.fill("#request-name", "my sale")
    page.click("#save-request")
    expect(page.locator("#save-status")).to_have_text("Saved as my sale: open it from the commands page.")
    page.goto("/")
    expect(page.locator("#saved-requests li")).to_have_count(1)
    with page.expect_download() as download:
        page.click("#export-collection")
    path = tmp_path / "collection.json"
    download.value.save_as(path)
    saved = json.loads(path.read_text())
    assert (saved["format"], saved["version"], len(saved["requests"])) == ("pne-collection", 1, 1)
    request = saved["requests"][0]
    assert (request["name"], request["command"], request["values"]["client_orderid"]) == ("my sale", "sale", "COLL-1")
    assert not {"merchant_control", "credit_card_number", "cvv2"} & set(request["values"])
    page.evaluate("localStorage.removeItem('pne.collection')")
    page.reload()
    expect(page.locator("#collection-empty")).to_be_visible()
    page.set_input_files("#import-collection", path)
    expect(page.locator("#collection-status")).to_have_text("Imported 1 requests.")
    for doc, message in [
        ("{not json", re.compile(r"^The file is not JSON: ")),
        ({"format": "pne-collection", "version": 2, "requests": []},
         "Version 2 is not one this tool reads (it reads version 1)."),
        ({"format": "pne-collection", "version": 1, "requests": [{"name": "x", "command": "nope", "values": {}}]},
         "Request 1: command nope is not a command of this tool."),
        ({"format": "other"}, 'Not a collection of this tool: "format" must be "pne-collection".'),
    ]:
        bad = tmp_path / "bad.json"
        bad.write_text(doc if isinstance(doc, str) else json.dumps(doc))
        page.set_input_files("#import-collection", bad)
        expect(page.locator("#collection-status.err")).to_have_text(message)
    expect(page.locator("#saved-requests li")).to_have_count(1)  # a refused file adds nothing
    page.click("#saved-requests button.open-request")
    page.wait_for_url("**/sale")
    expect(page.locator("#f-client_orderid")).to_have_value("COLL-1")
    expect(page.locator("#f-target")).to_have_value("1111")
