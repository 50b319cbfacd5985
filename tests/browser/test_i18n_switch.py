"""The en · ru switch in a real browser: one click turns the page Russian, the choice follows to the next page
(the `lang` cookie), and wins over the browser's own Accept-Language both ways."""

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


def switch_to(page, lang: str) -> None:
    page.locator(".lang-switch").get_by_role("link", name=lang, exact=True).click()
    expect(page.locator("html")).to_have_attribute("lang", lang)


def cookie(context) -> str | None:
    return next((c["value"] for c in context.cookies() if c["name"] == "lang"), None)


def test_switch_to_russian_persists_then_back_to_english(browser, live_server):
    context = browser.new_context(base_url=live_server.url, locale="en-US")
    page = context.new_page()
    try:
        page.goto("/sale")
        expect(page.locator("html")).to_have_attribute("lang", "en")
        expect(page.locator("#send-button")).to_have_text("Send")
        switch_to(page, "ru")
        assert page.url == f"{live_server.url}/sale?lang=ru"
        expect(page.locator("#send-button")).to_have_text("Отправить")
        expect(page.locator(".lang-switch strong")).to_have_text("ru")
        assert cookie(context) == "ru"
        page.get_by_role("link", name="Отладчик").click()  # the nav, now Russian, to the next page
        expect(page).to_have_url(f"{live_server.url}/debug")
        expect(page.locator("html")).to_have_attribute("lang", "ru")
        expect(page.locator("header.top nav")).to_contain_text("Обратные вызовы")
        page.goto("/callbacks")  # typed, not clicked: the cookie alone carries the choice
        expect(page.locator("html")).to_have_attribute("lang", "ru")
        switch_to(page, "en")
        expect(page.locator("header.top nav")).to_contain_text("Callbacks")
        assert cookie(context) == "en"
        page.get_by_role("link", name="Commands").click()
        expect(page.locator("html")).to_have_attribute("lang", "en")
        expect(page.locator(".lang-switch strong")).to_have_text("en")
    finally:
        context.close()


def test_switch_wins_over_a_russian_browser(browser, live_server):
    context = browser.new_context(base_url=live_server.url, locale="ru-RU")
    page = context.new_page()
    try:
        page.goto("/")
        expect(page.locator("html")).to_have_attribute("lang", "ru")  # Accept-Language alone, no cookie yet
        expect(page.locator(".brand")).to_have_text("Конструктор запросов PaynetEasy")
        assert cookie(context) is None
        switch_to(page, "en")
        expect(page.locator(".brand")).to_have_text("PaynetEasy request builder")
        page.goto("/debug")
        expect(page.locator("html")).to_have_attribute("lang", "en")
        page.reload()
        expect(page.locator("html")).to_have_attribute("lang", "en")
        switch_to(page, "ru")
        page.goto("/")
        expect(page.locator(".brand")).to_have_text("Конструктор запросов PaynetEasy")
    finally:
        context.close()
