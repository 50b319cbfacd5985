"""The pages' scripts in Russian, in Chromium: a Russian builder sends to the built-in sandbox and every text the
scripts make is Russian (wire values stay), and it signs exactly as the English page does."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.steps import use_demo

pytestmark = pytest.mark.browser
DEMO_KEY = "B17F59B4-A7DC-41B4-8FF9-37D986B43D20"
ORDER = "902B4FF5"
# preauth with the demo account and client_orderid 902B4FF5 (the docs' example; SHA-1 computed once with hashlib,
# the same as tests/web/test_api_sign.py's).
STRING = "1111902B4FF51042john.smith@gmail.com"
CONTROL = "c6bdd88a78834ef4b863b088827a459f039e8257"


def demo_preauth(browser, live_server, locale):
    """A preauth builder in `locale` with the demo account and a fixed client_orderid; returns the page."""
    context = browser.new_context(base_url=live_server.url, locale=locale)
    context.grant_permissions(["clipboard-read", "clipboard-write"])
    page = context.new_page()
    page.goto("/preauth")
    use_demo(page)
    page.fill("#f-client_orderid", ORDER)
    expect(page.locator("#signature")).to_have_text(re.compile("^[0-9a-f]{40}$"))
    return page


def signed(page):
    page.check("#reveal-key")
    return page.text_content("#string-to-sign"), page.text_content("#signature")


def test_russian_builder_sends_with_russian_script_texts_and_the_english_signature(browser, live_server):
    english = demo_preauth(browser, live_server, "en-US")
    assert english.get_attribute("html", "lang") == "en"
    page = demo_preauth(browser, live_server, "ru-RU")
    assert page.get_attribute("html", "lang") == "ru"
    assert signed(page) == signed(english) == (STRING + DEMO_KEY, CONTROL)
    english.context.close()

    expect(page.locator("#theme-toggle")).to_have_text("Тема: авто")
    expect(page.locator("#parts li").first).to_contain_text(" 4 Б")
    inbox = page.locator("button.inbox-fill").first
    expect(inbox).to_have_text("мой приёмник")
    expect(inbox).to_have_attribute("aria-label", "подставить мой приёмник в redirect_url")
    page.click("[data-copy=signature]")
    expect(page.locator("#copy-status")).to_have_text(re.compile("^Скопировано: "))
    page.fill("#f-amount", "10,5")
    expect(page.locator("#signature")).to_have_text(
        "— отправить нельзя: amount — десятичным разделителем должна быть '.', а не ','")
    expect(page.locator("#bar-signature")).to_have_text("пока нельзя отправить")
    page.fill("#f-amount", "10.00")

    page.click("#send-button")
    expect(page.locator("#verdict")).to_have_text("async-response")  # the gateway's type stays
    capture = page.locator("button.next-step[data-command=capture]")
    expect(capture).to_be_disabled()
    expect(page.locator("#later-steps")).to_contain_text("Списание нужен статус approved; запросите статус")
    page.click("#poll-status")
    expect(page.locator("#verdict")).to_have_text("status-response · статус approved")
    expect(capture).to_be_enabled()
    entries = page.locator("#timeline button.entry")
    expect(entries).to_have_count(3)
    assert re.fullmatch(r"\d\d:\d\d:\d\d preauth · async-response · \d+ мс · отпечаток ключа f2e7e74d",
                        entries.nth(2).text_content())
    expect(page.locator("#timeline .lifecycle")).to_have_text(re.compile(
        r"^заказ \d+: preauth → processing → approved"))
    page.context.close()


def test_russian_verdicts_and_self_check(browser, live_server):
    context = browser.new_context(base_url=live_server.url, locale="ru-RU")
    page = context.new_page()
    page.goto("/vectors")
    expect(page.locator("#self-check")).to_have_text(re.compile(
        r"^Самопроверка: все векторы, подписанные на этой странице \(\d+\), совпадают с контрольными суммами "
        r"сервера\.$"))
    expect(page.locator("[data-check]").first).to_have_text("страница и сервер совпадают")
    page.goto("/callbacks")
    page.fill("#cb-key", DEMO_KEY)
    page.fill("#cb-raw", "status=approved&orderid=1&merchant_order=2&client_orderid=2&control=" + "1" * 40)
    page.select_option("#cb-kind", "callback")
    page.click("#cb-verify")
    expect(page.locator("#cb-result .verdict")).to_have_text(
        "Не совпадает: как обратный вызов это подписано не этим ключом.")
    expect(page.locator("#cb-result pre")).to_contain_text("строка для подписи: approved12***\nожидается: ")
    context.close()
