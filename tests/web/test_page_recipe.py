"""The builder page carries its recipe (and the status check's) as data for static/recipe.js, and says
that only the no-JavaScript Sign post carries the key."""

import html
import json
import re


def data_attr(page: str, name: str):
    return json.loads(html.unescape(re.search(rf'{name}="([^"]*)"', page)[1]))


def part(name, source="field", minor_units=False, when=None):
    return {"name": name, "source": source, "minor_units": minor_units, "when": when}


def test_builder_page_holds_recipe_as_data(client):
    page = client.get("/capture").get_data(as_text=True)
    assert data_attr(page, "data-recipe") == [
        part("login"), part("client_orderid"), part("orderid"), part("amount", minor_units=True, when="amount"),
        part("currency", when="amount"), part("merchant_control", source="key")]
    assert data_attr(page, "data-status-recipe") == [
        part("login"), part("client_orderid"), part("orderid"), part("merchant_control", source="key")]


def test_form_command_recipe_starts_with_target(client):
    page = client.get("/sale-form").get_data(as_text=True)
    assert data_attr(page, "data-recipe")[0] == part("target", source="target")


def test_sign_button_says_it_posts_the_key(client):
    page = client.get("/sale").get_data(as_text=True)
    note = re.search(r'<span id="sign-note">(.*?)</span>', page, re.S)[1]
    assert " ".join(note.split()) == ("Sign is for browsers without JavaScript; it posts the form, key included, "
                                      "to this tool's server, which signs and forgets it.")
