"""The builder page's workbench parts as HTML: folded optionals, labelled controls, docs links, the next steps'
declared order states, and no research-note citations in any intro."""

import html
import json
import re

import pytest

from forms import load_registry


def follow_ups(page: str) -> dict:
    raw = re.search(r'data-follow-ups="([^"]*)"', page)[1]
    return {s["name"]: s["needs_status"] for s in json.loads(html.unescape(raw))}


def test_preauth_page_declares_the_states_of_its_next_steps(client):
    page = client.get("/preauth").get_data(as_text=True)
    steps = follow_ups(page)
    assert steps["capture"] == ["approved"]
    assert steps["return"] == ["approved"]
    assert steps["create-card-ref"] == ["approved"]
    assert steps["upload-cres-result"] == ["processing"]
    assert steps["upload-pares-result"] == ["processing"]


def test_builder_folds_optionals_and_labels_its_controls(client):
    page = client.get("/make-rebill-sale").get_data(as_text=True)
    assert "<summary>11 optional parameters</summary>" in page
    assert 'id="optional-filter"' in page
    assert 'aria-labelledby="environment-legend"' in page
    assert 'aria-labelledby="target-legend"' in page and 'aria-labelledby="key-legend"' in page
    for label in ("Copy signature", "Copy string to sign", "Copy body", "Copy as curl"):
        assert f'aria-label="{label}"' in page
    assert 'id="exports"' in page


def test_builder_links_the_brands_docs(client):
    page = client.get("/make-rebill-preauth").get_data(as_text=True)
    assert ('<a href="https://doc.payneteasy.eu/integration/API_commands/api_v2_make-rebill-preauth.html" '
            'target="_blank" rel="noreferrer">Payneteasy</a>') in page
    assert '<span class="muted">Solid Payments (no public page known)</span>' in page


@pytest.mark.parametrize("command", load_registry())
def test_no_intro_cites_the_research_notes(client, command):
    assert "api-notes" not in client.get(f"/{command}").get_data(as_text=True)


@pytest.mark.parametrize(("command", "names"), [("sale", "PAYNET_CARD_NUMBER, PAYNET_CVV2"),
                                                ("make-rebill-sale", "PAYNET_CVV2")])
def test_masked_note_names_the_card_variables_the_copies_read(client, command, names):
    note = re.search(r'<p class="help" id="masked-note" hidden>\s*(.*?)</p>', client.get(f"/{command}").text, re.S)[1]
    assert " ".join(note.split()) == (
        "Card data is masked (<code>***</code>) in this preview and in Copy body. Copy as curl and the exports read "
        f"it from variables instead: set <code>{names}</code> to a test card before you run the copy (it stops and "
        "names the one missing). \"reveal card data\" shows the typed test values and copies the request "
        "exactly as it would be sent.")
    russian = client.get(f"/{command}", headers={"Accept-Language": "ru"}).text
    assert f"задайте переменным <code>{names}</code> значения тестовой карты" in russian
