"""POST /api/<command>/export: every language in both forms, never the key, card data masked unless asked."""

from tests.conftest import DOC_KEY
from tests.helpers import EXAMPLES

SALE = {**EXAMPLES["sale"], "endpointid": "1111"}
LANGUAGES = ["curl", "httpie", "java", "node", "php", "postman", "python"]


def test_export_lists_every_language_in_both_forms(client):
    data = client.post("/api/sale/export", json=SALE).get_json()
    assert sorted(data["exports"]) == LANGUAGES
    assert data["exports"]["java"]["label"] == "Java (java.net.http)"
    assert data["placeholder"] == "CONTROL_FROM_PAGE"
    assert data["url"] == "http://localhost/sandbox/paynet/api/v2/sale/1111"
    assert data["masked"] == ["credit_card_number", "cvv2"]
    assert "'credit_card_number': '453897******6732'" in data["exports"]["python"]["control"]


def test_export_refuses_the_key(client):
    r = client.post("/api/sale/export", json={**SALE, "merchant_control": DOC_KEY})
    assert r.status_code == 400
    assert r.get_json()["error"]["message"] == ("merchant_control is never part of an export: send the fields "
                                                "without it (and control, if you have computed it).")
    assert DOC_KEY not in r.get_data(as_text=True)


def test_export_fills_a_given_control(client):
    control = "8E5F6070EA9EE070D1701D975C5FDE08D613457D"
    data = client.post("/api/sale/export", json={**SALE, "control": control}).get_json()
    assert data["exports"]["node"]["control"].count("8e5f6070ea9ee070d1701d975c5fde08d613457d") == 1
    assert "CONTROL_FROM_PAGE" not in data["exports"]["curl"]["control"]


def test_export_bad_control_is_named(client):
    r = client.post("/api/sale/export", json={**SALE, "control": "xyz"})
    assert (r.status_code, r.get_json()["error"]["message"]) == (
        400, "control must be 40 hexadecimal digits: the SHA-1 the page computed.")


def test_export_reports_field_errors(client):
    data = client.post("/api/sale/export", json={"endpointid": "1111"}).get_json()
    assert data["errors"]["amount"] == ["amount is required."]
