"""The callbacks page in Chromium: each browser its own inbox, kept across visits, invisible to others."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.steps import check_status_until, send_with_demo

pytestmark = pytest.mark.browser


def own_inbox_url(page) -> str:
    page.goto("/callbacks")
    # expect(), not wait_for_function: that one needs eval, which the CSP refuses
    expect(page.locator("#inbox-url")).to_have_text(re.compile(r"^http"))
    return page.text_content("#inbox-url")


def polled(page, times: int = 2):
    for _ in range(100):
        if page.evaluate("Number(document.getElementById('inbox').dataset.polls || 0)") >= times:
            return
        page.wait_for_timeout(100)
    raise AssertionError(f"the page did not poll {times} times in 10 s")


def test_each_browser_sees_only_its_own_inbox(browser, live_server):
    mine = browser.new_context(base_url=live_server.url)
    theirs = browser.new_context(base_url=live_server.url)
    try:
        page, other = mine.new_page(), theirs.new_page()
        url = own_inbox_url(page)
        assert re.fullmatch(re.escape(live_server.url) + r"/callbacks/inbox/[A-Za-z0-9_-]{32}", url)
        assert own_inbox_url(page) == url  # kept in local storage: the same inbox on the next visit
        other_url = own_inbox_url(other)
        assert other_url != url

        assert send_with_demo(page, "sale") == "async-response"
        assert page.input_value("#f-server_callback_url") == url
        check_status_until(page, "approved")
        page.goto("/callbacks")
        page.locator("#inbox li").first.wait_for()
        assert "GET /callbacks/inbox/" + url.rsplit("/", 1)[1] + "?status=approved&" in page.text_content("#inbox")
        page.locator("#deliveries li").first.wait_for()
        assert "HTTP 200" in page.text_content("#deliveries")
        assert page.text_content("#relay-command") == f"python3 relay.py {url} http://localhost:8000/cb"
        # relay.py's report on the entry already shown arrives with a later poll and shows beside it.
        store, token = live_server.server.app.extensions["sandbox"].store, url.rsplit("/", 1)[1]
        store.relay_report(token, store.inbox_entries(token)[0][0]["id"], 200, "OK")
        expect(page.locator("#inbox li .relayed")).to_have_text("relayed to localhost: HTTP 200 — OK")

        other.reload()
        polled(other)
        assert (other.locator("#inbox li").count(), other.locator("#deliveries li").count()) == (0, 0)
        assert other.text_content("#inbox-url") == other_url
    finally:
        mine.close()
        theirs.close()


def test_a_forgotten_inbox_is_replaced(page, live_server):
    url = own_inbox_url(page)
    store = live_server.server.app.extensions["sandbox"].store
    with store.transaction() as tx:
        tx.drop_inbox(url.rsplit("/", 1)[1])
    page.reload()
    expect(page.locator("#inbox-url")).not_to_have_text(url)
    expect(page.locator("#inbox-url")).to_have_text(re.compile(r"^http"))
    assert page.text_content("#inbox-url").startswith(live_server.url + "/callbacks/inbox/")


def test_polling_pauses_while_hidden(page):
    own_inbox_url(page)
    polled(page, 1)
    polls = []
    page.on("request", lambda r: polls.append(r.url) if "/api/callbacks?" in r.url else None)
    page.evaluate("""Object.defineProperty(document, 'hidden', {configurable: true, get: () => true});
                     document.dispatchEvent(new Event('visibilitychange'))""")
    page.wait_for_timeout(3200)  # two poll intervals (1.5 s): at most the one already scheduled runs
    assert len(polls) <= 1
    page.evaluate("""Object.defineProperty(document, 'hidden', {configurable: true, get: () => false});
                     document.dispatchEvent(new Event('visibilitychange'))""")
    page.wait_for_event("request", lambda r: "/api/callbacks?" in r.url, timeout=3000)  # polling again
