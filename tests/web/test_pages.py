"""Registry-wide: every command page renders, every required field and max length is enforced."""

import re

import pytest

from forms import load_registry
from tests.conftest import CANARY_KEY
from tests.helpers import valid_payload

REGISTRY = load_registry()
PARAMS = [(name, f) for name, cls in REGISTRY.items() for f in cls.from_values({}).params()]



@pytest.mark.parametrize("command", REGISTRY)
def test_page_renders_every_field(client, command):
    html = client.get(f"/{command}").get_data(as_text=True)
    for field in REGISTRY[command].from_values({}).params():
        assert f'name="{field.name}"' in html
    assert 'name="merchant_control" type="password"' in html
    assert re.search(r'name="merchant_control"[^>]*value=', html) is None


@pytest.mark.parametrize("command", REGISTRY)
def test_valid_payload_has_no_errors(client, command):
    data = client.post(f"/api/{command}/sign", json=valid_payload(REGISTRY[command])).get_json()
    assert data["errors"] == {}
    assert re.fullmatch(r"[0-9a-f]{40}", data["signature"])


@pytest.mark.parametrize("command, field", [(c, f) for c, f in PARAMS if f.necessity == "required"],
                         ids=lambda x: getattr(x, "name", x))
def test_required_field_enforced(client, command, field):
    payload = {**valid_payload(REGISTRY[command]), field.name: "   "}
    data = client.post(f"/api/{command}/sign", json=payload).get_json()
    assert data["errors"] == {field.name: [f"{field.name} is required."]}


@pytest.mark.parametrize("command, field", [(c, f) for c, f in PARAMS if f.max_length],
                         ids=lambda x: getattr(x, "name", x))
def test_max_length_enforced(client, command, field):
    payload = {**valid_payload(REGISTRY[command]), field.name: "1" * (field.max_length + 1)}
    data = client.post(f"/api/{command}/sign", json=payload).get_json()
    expected = f"{field.name} must be at most {field.max_length} characters (got {field.max_length + 1})."
    assert expected in data["errors"][field.name]


def test_index_lists_commands_grouped(client):
    html = client.get("/").get_data(as_text=True)
    for group in ("Payment forms", "Recurring", "Status and verification"):
        assert f"<h2>{group}</h2>" in html
    assert 'href="/make-rebill-sale"' in html


def test_unknown_page_404(client):
    r = client.get("/no-such-command")
    assert r.status_code == 404
    assert "404" in r.get_data(as_text=True)


def test_page_signed_fields_marked_with_position(client):
    html = client.get("/preauth-form").get_data(as_text=True)
    assert "#2 in control" in html and "#4 in control" in html
    signed = html.index("<legend>Signed fields</legend>")
    assert signed < html.index('name="client_orderid"') < html.index("<legend>Required</legend>")


@pytest.fixture
def csrf_client(app_factory):
    app = app_factory(WTF_CSRF_ENABLED=True)
    return app.test_client()


def test_page_post_without_csrf_token_refused(csrf_client):
    r = csrf_client.post("/status", data={"login": "x"})
    assert r.status_code == 400
    assert "CSRF" in r.get_data(as_text=True)


def test_page_post_signs_without_javascript(csrf_client):
    html = csrf_client.get("/status").get_data(as_text=True)
    token = re.search(r'name="csrf_token" value="([^"]+)"', html)[1]
    r = csrf_client.post("/status", data={
        "csrf_token": token, "target": "endpoint", "target_id": "1111", "login": "demo",
        "client_orderid": "902B4FF5", "orderid": "6937030", "merchant_control": CANARY_KEY})
    html = r.get_data(as_text=True)
    assert r.status_code == 200
    assert "demo902B4FF56937030***" in html
    assert CANARY_KEY not in html
    assert 'value="902B4FF5"' in html


def test_page_post_shows_field_errors(csrf_client):
    html = csrf_client.get("/status").get_data(as_text=True)
    token = re.search(r'name="csrf_token" value="([^"]+)"', html)[1]
    html = csrf_client.post("/status", data={"csrf_token": token, "target": "endpoint",
                                             "target_id": "", "login": "x" * 21}).get_data(as_text=True)
    assert "login must be at most 20 characters (got 21)." in html
    assert "client_orderid is required." in html
    assert "endpointid is required: give exactly one of endpointid or groupid." in html


@pytest.mark.parametrize("command", REGISTRY)
def test_demo_account_fills_every_required_field(client, command):
    """What "Use demo account" does: demo values by name, the docs' examples for the rest."""
    demo = client.get("/api/environments").get_json()["demo"]
    payload = {"endpointid": demo["endpointid"], "merchant_control": demo["merchant_control"]}
    for field in REGISTRY[command].from_values({}).params():
        value = demo.get(field.name) or field.example
        if value:
            payload[field.name] = value
    data = client.post(f"/api/{command}/sign", json=payload).get_json()
    assert data["errors"] == {}
