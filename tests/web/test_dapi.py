"""The DAPI tool's page (/dapi) and JSON API (POST /api/dapi/sign): the vector of tests/samples.py, the key masked
unless revealed, every refusal a 400 naming its field, both languages."""

import logging
import re

import pytest

from tests.conftest import CANARY_KEY
from tests.helpers import make_app
from tests.samples import (
    DAPI_CARDS,
    DAPI_CHECK,
    DAPI_CHECK_CARDS_SIGNATURE,
    DAPI_CHECK_SIGNATURE,
    DAPI_FIELDS,
    DAPI_INITIATE,
    DAPI_INITIATE_SIGNATURE,
    DAPI_KEY,
)

RU = {"Accept-Language": "ru"}


@pytest.fixture(scope="module")
def client(tmp_path_factory):
    """One app for the module: the tool keeps nothing of these requests, so no test sees another's."""
    return make_app(tmp_path_factory.mktemp("dapi")).test_client()


def sign(client, headers=None, **data):
    return client.post("/api/dapi/sign", json=data, headers=headers)


def test_the_vector_through_the_api(client):
    r = sign(client, **DAPI_FIELDS, control_key=DAPI_KEY)
    assert r.status_code == 200
    data = r.get_json()
    assert [(s["name"], s["variant"], s["field"], s["string_to_sign"], s["signature"]) for s in data["signatures"]] == [
        ("initiate-transfer", None, "session.signature", DAPI_INITIATE, DAPI_INITIATE_SIGNATURE),
        ("check-transfer", "code", "session.checkSignature", DAPI_CHECK, DAPI_CHECK_SIGNATURE),
        ("check-transfer", "swagger", "session.checkSignature", DAPI_CHECK, DAPI_CHECK_SIGNATURE)]
    assert data["signatures"][1]["source"] == "the reference proxy's code (checkTransfer)"
    assert data["signatures"][0]["parts"][5] == {"name": "amountCentis", "value": "1042"}
    assert (data["check_variants_agree"], data["key_bytes"], data["errors"], data["warnings"]) == (True, 16, {}, [])
    assert (data["control_key"], data["masked"]) == ("***", ["control_key"])
    assert DAPI_KEY not in r.get_data(as_text=True) and DAPI_KEY.replace("-", "") not in r.get_data(as_text=True)


def test_reveal_shows_the_key_only_when_true(client):
    assert sign(client, **DAPI_FIELDS, control_key=DAPI_KEY, reveal=True).get_json()["control_key"] == DAPI_KEY
    assert sign(client, **DAPI_FIELDS, control_key=DAPI_KEY, reveal="true").get_json()["control_key"] == "***"


def test_the_key_is_never_logged(client, caplog):
    caplog.set_level(logging.DEBUG)
    for reveal in (False, True):
        sign(client, **DAPI_FIELDS, control_key=DAPI_KEY, reveal=reveal)
    sign(client, **DAPI_FIELDS, control_key=DAPI_KEY + "G")
    assert DAPI_KEY.replace("-", "")[:8] not in caplog.text


def test_amount_centis_as_a_json_integer_and_the_card_ids(client):
    data = sign(client, **{**DAPI_FIELDS, "amountCentis": 1042, "endpointId": 1111}, **DAPI_CARDS,
                control_key=DAPI_KEY).get_json()
    assert data["signatures"][0]["signature"] == DAPI_INITIATE_SIGNATURE
    assert [s["signature"] for s in data["signatures"][1:]] == [DAPI_CHECK_SIGNATURE, DAPI_CHECK_CARDS_SIGNATURE]
    assert data["check_variants_agree"] is False


def test_without_a_key_the_strings_come_back_unsigned(client):
    data = sign(client, **DAPI_FIELDS).get_json()
    assert [s["signature"] for s in data["signatures"]] == [None, None, None]
    assert data["signatures"][0]["string_to_sign"] == DAPI_INITIATE
    assert (data["control_key"], data["masked"], data["key_bytes"]) == ("", [], None)


@pytest.mark.parametrize(("change", "errors"), [
    ({"amountCentis": "10.42"}, {"amountCentis": [
        "amountCentis is an integer in minor units (1.00 EUR = 100): 10.42 is 1042."]}),
    ({"amountCentis": 10.42}, {"amountCentis": [
        "amountCentis must be a string or an integer, not a number with a fraction."]}),
    ({"nonce": ["a"]}, {"nonce": ["nonce must be a string."]}),
    ({"currency": True}, {"currency": ["currency must be a string."]}),
    ({"serialNumber": "\ud800"}, {"serialNumber": [
        "serialNumber is not valid text: it holds a lone surrogate (a \\ud800-\\udfff escape) that cannot be "
        "encoded as UTF-8."]}),
    ({"control_key": "B17F59B4-A7D"}, {"control_key": [
        "control_key has an odd number of hex digits (11) once its dashes are removed: each byte is two digits."]}),
    ({"control_key": 171}, {"control_key": [
        "control_key has an odd number of hex digits (3) once its dashes are removed: each byte is two digits."]}),
    ({"control_key": {"a": 1}}, {"control_key": ["control_key must be a string."]}),
])
def test_refusals_are_400s_naming_the_field(client, change, errors):
    r = sign(client, **{**DAPI_FIELDS, "control_key": DAPI_KEY, **change})
    assert r.status_code == 400
    data = r.get_json()
    assert data["error"]["kind"] == "invalid"
    assert data["error"]["message"] == f"Some fields need attention: {', '.join(errors)}; nothing was signed."
    assert data["errors"] == errors
    assert "signatures" not in data and DAPI_KEY not in r.get_data(as_text=True)


def test_a_bad_key_is_never_echoed_even_revealed(client):
    r = sign(client, **DAPI_FIELDS, control_key=CANARY_KEY, reveal=True)
    assert r.status_code == 400
    assert r.get_json()["errors"] == {"control_key": [
        "control_key has characters that are neither hex digits (0-9, A-F) nor dashes: 11, the first at position 3."]}
    assert CANARY_KEY not in r.get_data(as_text=True)


def test_unknown_fields_are_warnings_naming_them(client):
    data = sign(client, **DAPI_FIELDS, merchant_control=CANARY_KEY, **{"x" * 60: 1}).get_json()
    assert [w["field"] for w in data["warnings"]] == ["merchant_control", "x" * 40]
    assert data["warnings"][0]["message"] == (
        "merchant_control is not a DAPI field; ignored. The fields: accessToken, serialNumber, endpointId, nonce, "
        "invoiceId, amountCentis, currency, destinationServerCardId, sourceServerCardId.")
    assert CANARY_KEY not in str(data)


@pytest.mark.parametrize(("body", "kind", "status"), [
    ("[]", "not-an-object", 400), ("{", "malformed-json", 400), ('"x"', "not-an-object", 400)])
def test_bodies_that_are_not_objects(client, body, kind, status):
    r = client.post("/api/dapi/sign", data=body, content_type="application/json")
    assert (r.status_code, r.get_json()["error"]["kind"]) == (status, kind)
    assert client.post("/api/dapi/sign", data="a=1").status_code == 415


def test_messages_in_russian(client):
    r = sign(client, RU, **{**DAPI_FIELDS, "amountCentis": "0100"}, control_key="B17F59B4-A7D")
    data = r.get_json()
    assert data["error"]["message"] == (
        "Некоторые поля требуют внимания: amountCentis, control_key; ничего не подписано.")
    assert data["errors"] == {
        "amountCentis": ["amountCentis с ведущими нулями: прокси подписывает число так, как его печатает Java, — 100."],
        "control_key": ["В control_key нечётное число шестнадцатеричных цифр (11) после удаления дефисов: каждый "
                        "байт — две цифры."]}
    ok = sign(client, RU, **DAPI_FIELDS).get_json()
    assert ok["signatures"][1]["source"] == "код эталонного прокси (checkTransfer)"


def test_the_page_has_every_field_and_no_way_to_post_the_key(client):
    html = client.get("/dapi").get_data(as_text=True)
    for name in ("accessToken", "serialNumber", "endpointId", "nonce", "invoiceId", "amountCentis", "currency",
                 "destinationServerCardId", "sourceServerCardId"):
        assert f'id="f-{name}"' in html and f'data-param="{name}"' in html
    assert "<form" not in html and " name=" not in html.split("<main>")[1]
    assert re.search(r'<input id="f-control_key" type="password" autocomplete="off"[^>]*>', html)
    assert 'data-sign="/api/dapi/sign"' in html
    assert '<a class="help-link" href="/docs/dapi/" hreflang="en">Help</a>' in html
    assert html.count('class="result dapi-signature"') == 3
    assert ("<code>serialNumber</code> + <code>nonce</code> + <code>destinationServerCardId</code> "
            '<span class="muted">(if present)</span> + <code>endpointId</code>') in html


def test_the_page_in_russian(client):
    html = client.get("/dapi", headers=RU).get_data(as_text=True)
    assert '<html lang="ru">' in html
    assert "<h1>Подписи DAPI" in html
    assert "код эталонного прокси (checkTransfer)" in html


def test_the_index_and_the_navigation_link_the_page(client):
    html = client.get("/").get_data(as_text=True)
    assert html.count('href="/dapi"') == 2  # the navigation and the index's entry
