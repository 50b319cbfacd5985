"""POST /api/v4/<command>/export: every language, signing when it runs with the key file a variable names; no key
in (refused by name, never echoed) or out; card data from variables unless revealed; field errors named."""

import json

from sandbox import demo_keys
from tests.samples import V4_PAYOUT

PAYOUT = {**V4_PAYOUT, "endpointid": "1111", "oauth_consumer_key": "demo"}
CARD = "4111111111111111"


def test_export_lists_every_language(client):
    data = client.post("/api/v4/payout/export", json=PAYOUT).get_json()
    assert sorted(data["exports"]) == ["curl", "java", "node", "php", "python"]
    assert data["exports"]["curl"]["label"] == "curl + openssl (bash)"
    assert (data["command"], data["url"]) == ("payout", "http://localhost/sandbox/paynet/api/v4/payout/1111")
    assert (data["errors"], data["warnings"], data["masked"], data["variables"]) == ({}, [], [], {})
    assert data["key_file"] == "PAYNET_PRIVATE_KEY_FILE"
    python = data["exports"]["python"]["code"]
    assert ("url = 'http://localhost/sandbox/paynet/api/v4/payout/1111'\nconsumer_key = 'demo'\n"
            "fields = [  # as sent, in order\n    ('client_orderid', 'v4-1'),\n    ('amount', '10.42'),\n"
            "    ('currency', 'USD'),\n    ('order_desc', 'John Smith!'),\n]\n") in python


def test_export_follows_the_environment_and_the_group(app_factory):
    app = app_factory(envs='[[environment]]\nid = "example"\nname = "Example"\nbase_url = '
                           '"https://gateway.example/paynet"\nproduction = false\n')
    data = app.test_client().post("/api/v4/status/export", json={
        "client_orderid": "v4-1", "orderid": "7000001", "login": "demo", "groupid": "2222",
        "oauth_consumer_key": "demo", "environment": "example"}).get_json()
    assert data["url"] == "https://gateway.example/paynet/api/v4/status/group/2222"
    node = data["exports"]["node"]["code"]
    assert 'const url = "https://gateway.example/paynet/api/v4/status/group/2222";\n' in node


def test_the_pages_nonce_and_timestamp_are_not_in_the_snippets(client):
    """Each snippet makes its own when it runs: a copy run twice is two requests, never a replay."""
    data = client.post("/api/v4/payout/export", json={**PAYOUT, "oauth_nonce": "fedcba9876543210fedcba9876543210",
                                                      "oauth_timestamp": "1764806400"}).get_json()
    assert data["errors"] == {}
    text = json.dumps(data["exports"])
    assert "fedcba9876543210" not in text and "1764806400" not in text


def test_masked_card_data_is_read_from_a_variable_and_reveal_carries_it(client):
    masked = client.post("/api/v4/payout/export", json={**PAYOUT, "credit_card_number": CARD}).get_json()
    assert (masked["masked"], masked["variables"]) == (["credit_card_number"], {"credit_card_number":
                                                                                "PAYNET_CARD_NUMBER"})
    assert '  credit_card_number "${PAYNET_CARD_NUMBER}"\n' in masked["exports"]["curl"]["code"]
    assert CARD not in json.dumps(masked) and "411111" not in json.dumps(masked)
    deposit = client.post("/api/v4/transfer-by-ref/export", json={
        "client_orderid": "d1", "amount": "1.00", "currency": "USD", "destination-card-no": CARD,
        "endpointid": "1111", "oauth_consumer_key": "demo"}).get_json()
    assert deposit["variables"] == {"destination-card-no": "PAYNET_CARD_NUMBER"}
    revealed = client.post("/api/v4/payout/export", json={**PAYOUT, "credit_card_number": CARD,
                                                          "reveal": True}).get_json()
    assert (revealed["masked"], revealed["variables"]) == ([], {})
    assert "    ('credit_card_number', '4111111111111111'),\n" in revealed["exports"]["python"]["code"]
    assert "PAYNET_CARD_NUMBER" not in json.dumps(revealed["exports"])


def test_a_private_key_is_refused_by_name_and_never_echoed(client):
    line = demo_keys.PRIVATE_PEM.splitlines()[3]
    for name in ("private_key", "order_desc", "pem"):
        r = client.post("/api/v4/payout/export", json={**PAYOUT, name: demo_keys.PRIVATE_PEM})
        assert (r.status_code, r.get_json()["error"]["kind"]) == (400, "private-key-refused")
        assert r.get_json()["errors"] == {name: ["no private key is accepted here"]}
        assert line not in r.get_data(as_text=True)


def test_no_export_carries_a_key(client):
    data = client.post("/api/v4/payout/export", json=PAYOUT).get_json()
    for forms in data["exports"].values():
        assert "MII" not in forms["code"] and "PRIVATE KEY-----\n" not in forms["code"]
        assert "PAYNET_PRIVATE_KEY_FILE" in forms["code"]


def test_field_errors_are_named_and_the_snippets_still_come(client):
    data = client.post("/api/v4/payout/export", json={"endpointid": "1111", "amount": 10.42}).get_json()
    assert data["errors"] == {
        "amount": ['amount must be a string (send amounts as strings, "10.42", so no precision is lost).'],
        "client_orderid": ["client_orderid is required."], "currency": ["currency is required."],
        "oauth_consumer_key": ["oauth_consumer_key (the merchant's login) is required."]}
    assert "consumer_key=''\n" in data["exports"]["curl"]["code"]


def test_unknown_command_and_environment_are_named(client):
    r = client.post("/api/v4/nope/export", json=PAYOUT)
    assert (r.status_code, r.get_json()["error"]["kind"]) == (404, "unknown-command")
    r = client.post("/api/v4/payout/export", json={**PAYOUT, "environment": "mars"})
    assert (r.status_code, r.get_json()["error"]["kind"]) == (404, "unknown-environment")


def test_the_v4_page_links_its_exports_guide(client, site_built):
    page = client.get("/v4/payout").get_data(as_text=True)
    assert 'data-api="/api/v4/payout/export"' in page
    assert '<a href="/docs/v4/#exports" hreflang="en">How to run them</a>' in page
    guide = client.get("/docs/v4/")
    assert 'id="exports"' in guide.get_data(as_text=True)
    guide.close()
