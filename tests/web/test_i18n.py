"""The page language: Accept-Language, the `lang` cookie, the ?lang= switch; odd values never 500."""

import pytest


def test_accept_language_ru_renders_russian_html(client):
    page = client.get("/", headers={"Accept-Language": "ru-RU,ru;q=0.9,en;q=0.5"})
    assert page.status_code == 200
    assert '<html lang="ru">' in page.text


def test_default_is_english(client):
    assert '<html lang="en">' in client.get("/").text


def test_cookie_wins_over_accept_language(client):
    client.set_cookie("lang", "en")
    assert '<html lang="en">' in client.get("/", headers={"Accept-Language": "ru"}).text
    client.set_cookie("lang", "ru")
    assert '<html lang="ru">' in client.get("/", headers={"Accept-Language": "en"}).text


def test_switch_sets_the_cookie_and_it_persists(client):
    page = client.get("/callbacks?lang=ru")
    assert '<html lang="ru">' in page.text
    assert "lang=ru; " in page.headers["Set-Cookie"]
    assert "SameSite=Lax" in page.headers["Set-Cookie"]
    assert '<html lang="ru">' in client.get("/").text
    assert "Set-Cookie" not in client.get("/").headers
    assert page.headers["Vary"] == "Accept-Language, Cookie"


def test_only_pages_vary_by_language(client):
    assert "Vary" not in client.get("/api/commands", headers={"Accept-Language": "ru"}).headers


def test_switch_links_on_every_page_point_to_the_same_page(client):
    page = client.get("/make-rebill-sale?foo=bar", headers={"Accept-Language": "ru"})
    assert '<a href="/make-rebill-sale?lang=en" hreflang="en" lang="en">en</a>' in page.text
    assert "<strong>ru</strong>" in page.text


@pytest.mark.parametrize("header", ["xx", "*", "ru;q=abc", ";;;,", "ru-RU;q=0", "\u00e9", "en;q=2, ru;q=-1"])
def test_odd_accept_language_never_500s(client, header):
    page = client.get("/", headers={"Accept-Language": header})
    assert page.status_code == 200
    assert page.text.count("<html lang=") == 1


@pytest.mark.parametrize("value", ["", "xx", "RU", "ru\x00", "../en", "ru;en", "<script>"])
def test_odd_cookie_or_switch_value_falls_back_to_english(client, value):
    client.set_cookie("lang", value)
    assert '<html lang="en">' in client.get("/").text
    page = client.get("/", query_string={"lang": value})
    assert page.status_code == 200
    assert '<html lang="en">' in page.text
    assert "Set-Cookie" not in page.headers
