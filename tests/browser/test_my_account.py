"""A merchant's own sandbox account in the builder: created on /inspector, then used on /preauth by the button or
by typing its end point and key; status and the capture that follows carry the account's login, not the demo's.
"Use demo account" puts right what is broken and draws a new client_orderid each time."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.steps import SIGNATURE, check_status_until, use_demo

pytestmark = pytest.mark.browser


def create_account(page, remember: bool = True) -> dict:
    page.goto("/inspector")
    page.click("#create-account")
    expect(page.locator("#account")).to_be_visible()
    if remember:
        page.check("#remember-key")
    return {"endpoint": page.text_content("#acc-endpoint"), "login": page.text_content("#acc-login"),
            "key": page.text_content("#acc-key")}


def stored(page) -> dict:
    """The current account as this browser keeps it (the first of its list)."""
    return page.evaluate("JSON.parse(localStorage.getItem('pne.sandbox-accounts'))[0]")


def test_the_key_is_kept_only_when_remembered_and_old_records_keep_theirs(page, live_server):
    account = create_account(page, remember=False)
    kept = stored(page)
    assert {"merchant_control", "snippets"}.isdisjoint(kept) and account["key"] not in str(kept)
    assert (kept["login"], kept["endpointid"], kept["remember"], len(kept["token"])) == (
        account["login"], account["endpoint"], False, 43)
    page.reload()
    expect(page.locator("#acc-key")).to_have_text("not kept on this browser (it was shown once, when the account "
                                                  "was created)")
    expect(page.locator("#remember-key")).to_be_disabled()
    page.goto("/preauth")
    page.click("#use-account")
    expect(page.locator("#f-target")).to_have_value(account["endpoint"])
    expect(page.locator("#f-merchant_control")).to_have_value("")  # typed by the merchant: it was never kept
    # A record from before the rule (the whole creation reply): it keeps its key, ticked.
    page.evaluate("""() => { const a = JSON.parse(localStorage.getItem('pne.sandbox-accounts'))[0];
      delete a.version; delete a.remember; a.merchant_control = 'OLD-KEY';
      localStorage.removeItem('pne.sandbox-accounts');
      localStorage.setItem('pne.sandbox-account', JSON.stringify(a)); }""")
    page.goto("/inspector")
    expect(page.locator("#acc-key")).to_have_text("OLD-KEY")
    expect(page.locator("#remember-key")).to_be_checked()
    assert (stored(page)["version"], stored(page)["remember"]) == (2, True)
    page.uncheck("#remember-key")  # forgotten on request
    assert "merchant_control" not in stored(page)


def send(page) -> str:
    expect(page.locator("#builder")).not_to_have_attribute("aria-busy", "true")
    expect(page.locator("#signature")).to_have_text(SIGNATURE)
    page.click("#send-button")
    expect(page.locator("#verdict")).to_have_text(re.compile("^async-response"))
    return page.text_content("#verdict")


def test_the_account_s_login_goes_with_status_and_the_capture(page, live_server):
    account = create_account(page)
    assert re.fullmatch(r"sandbox-[0-9]{6}", account["login"])
    page.goto("/preauth")
    page.click("#use-account")
    expect(page.locator("#f-target")).to_have_value(account["endpoint"])
    expect(page.locator("#f-merchant_control")).to_have_value(account["key"])
    send(page)
    expect(page.locator("#follow-up-login")).to_have_text(f"Status and the next steps send login {account['login']}.")
    check_status_until(page, "approved")  # with login=demo the account's sandbox refuses it ("not valid")
    page.click("button.next-step[data-command=capture]")
    page.wait_for_url("**/capture")
    expect(page.locator("#f-login")).to_have_value(account["login"])
    send(page)
    check_status_until(page, "approved")


def test_an_end_point_typed_by_hand_brings_its_account_s_login(page, live_server):
    account = create_account(page)
    page.goto("/preauth")
    use_demo(page)  # the demo's values, then the account's end point and key typed over them
    page.fill("#f-target", account["endpoint"])
    page.fill("#f-merchant_control", account["key"])
    send(page)
    expect(page.locator("#follow-up-login")).to_have_text(f"Status and the next steps send login {account['login']}.")
    check_status_until(page, "approved")


def test_use_demo_account_resets_what_is_broken_and_draws_a_new_id(page, live_server):
    page.goto("/sale")
    use_demo(page)
    first = page.input_value("#f-client_orderid")
    page.fill("#f-amount", "10,42")
    use_demo(page)
    assert page.input_value("#f-amount") == page.get_attribute("#f-amount", "data-example")
    second = page.input_value("#f-client_orderid")
    page.goto("/sale")
    use_demo(page)
    assert len({first, second, page.input_value("#f-client_orderid")}) == 3
    expect(page.locator("#signature")).to_have_text(SIGNATURE)
    assert page.input_value("#f-notify_url") == page.input_value("#f-server_callback_url")  # both the tab's inbox
    assert "/callbacks/inbox/" in page.input_value("#f-notify_url")


def test_the_accounts_this_browser_created_are_listed_and_chosen(page, live_server):
    first = create_account(page)
    page.click("#new-account")
    page.click("#create-account")
    expect(page.locator("#acc-endpoint")).not_to_have_text(first["endpoint"])
    page.check("#remember-key")
    second = {"endpoint": page.text_content("#acc-endpoint"), "login": page.text_content("#acc-login")}
    expect(page.locator("#acc-choose option")).to_have_text([f"{second['login']} ({second['endpoint']})",
                                                             f"{first['login']} ({first['endpoint']})"])
    page.select_option("#acc-choose", first["endpoint"])  # the inspector switches to the first one
    expect(page.locator("#acc-endpoint")).to_have_text(first["endpoint"])
    page.goto("/preauth")
    page.select_option("#my-account", second["endpoint"])
    page.click("#use-account")
    expect(page.locator("#f-target")).to_have_value(second["endpoint"])
    page.fill("#f-target", first["endpoint"])  # typed by hand: that account's login goes with status
    page.fill("#f-merchant_control", first["key"])
    send(page)
    expect(page.locator("#follow-up-login")).to_have_text(f"Status and the next steps send login {first['login']}.")
    check_status_until(page, "approved")
