"""Declarations follow the real docs tables (shared/research/docs-tables.json): for the part of each table
that was seen, the order, necessity, type and length the docs give; the rest keep their order after it."""

import pytest

from forms import load_registry
from tests.conftest import DOC_KEY

REGISTRY = load_registry()
R, OPT, C = "required", "optional", "conditional"

# (name, necessity, type, length) as the tables give them, written out from docs-tables.json.
SEEN = {
    "sale": [("client_orderid", R, "String", "128"), ("order_desc", R, "String", "64k"),
             ("amount", R, "Numeric", "10"), ("currency", R, "String", "3"), ("address1", R, "String", "50"),
             ("city", R, "String", "50"), ("zip_code", R, "String", "10"), ("country", R, "String", "2"),
             ("phone", R, "String", "15"), ("email", R, "String", "50"), ("ipaddress", R, "String", "45")],
    "preauth": [("client_orderid", R, "String", "128"), ("order_desc", R, "String", "125"),
                ("amount", R, "Numeric", "10"), ("currency", R, "String", "3"), ("address1", R, "String", "50"),
                ("city", R, "String", "50"), ("zip_code", R, "String", "10"), ("country", R, "String", "2"),
                ("phone", R, "String", "15"), ("email", R, "String", "50"), ("ipaddress", R, "String", "45")],
    "sale-form": [("client_orderid", R, "String", "128"), ("order_desc", R, "String", "64k"),
                  ("first_name", R, "String", "50"), ("last_name", R, "String", "50"), ("ssn", OPT, "Numeric", "32"),
                  ("birthday", OPT, "Numeric", "8"), ("address1", R, "String", "50"), ("city", R, "String", "50"),
                  ("state", C, "String", "2"), ("zip_code", R, "String", "10"), ("country", R, "String", "2")],
    "account-verification": [("client_orderid", R, "String", "128"), ("order_desc", R, "String", "64k"),
                             ("address1", R, "String", "50"), ("city", R, "String", "50"),
                             ("zip_code", R, "String", "10"), ("country", R, "String", "2"),
                             ("email", R, "String", "50"), ("cvv2", R, "Numeric", "3-4"),
                             ("ipaddress", R, "String", "45")],
    "account-verification-form": [("client_orderid", R, "String", "128"), ("order_desc", R, "String", "64k"),
                                  ("address1", R, "String", "50"), ("city", R, "String", "50"),
                                  ("zip_code", R, "String", "10"), ("country", R, "String", "2"),
                                  ("email", R, "String", "50"), ("ipaddress", R, "String", "45"),
                                  ("first_name", OPT, "String", "50"), ("last_name", OPT, "String", "50")],
    "sync-account-verification": [("client_orderid", R, "String", "128"), ("order_desc", R, "String", "64k"),
                                  ("card_printed_name", R, "String", "128")],
    "upload-cres-result": [("cRes", R, "String", "4096"), ("orderid", R, "String", "128"),
                           ("login", R, "String", "20"), ("client-order-id", R, "String", "128")],
    "upload-pares-result": [("paRes", R, "String", "10240"), ("orderid", R, "String", "128"),
                            ("login", R, "String", "20"), ("client-order-id", R, "String", "128")],
}


@pytest.mark.parametrize("command", SEEN)
def test_seen_part_of_the_table_comes_first_as_the_docs_give_it(command):
    fields = REGISTRY[command].from_values({}).params()
    got = [(f.name, f.necessity, f.doc_type, f.length) for f in fields[:len(SEEN[command])]]
    assert got == SEEN[command]


def test_sale_rest_keeps_its_order_after_the_seen_part():
    assert REGISTRY["sale"].param_names()[11:] == (
        "card_printed_name", "first_name", "last_name", "ssn", "birthday", "state", "cell_phone",
        "credit_card_number", "expire_month", "expire_year", "cvv2", "site_url", "purpose", "redirect_url",
        "redirect_success_url", "redirect_fail_url", "server_callback_url", "notify_url", "merchant_data")


def test_preauth_ends_with_the_optional_3ds2_browser_fields():
    fields = REGISTRY["preauth"].from_values({}).params()[-4:]
    assert [(f.name, f.necessity, f.doc_type, f.length) for f in fields] == [
        ("customer_browser_accept_header", OPT, "String", "2048"),
        ("customer_browser_javascript_enabled", OPT, "Boolean", None),
        ("customer_browser_accept_language", OPT, "String", "8"),
        ("customer_browser_user_agent", OPT, "String", None)]


def test_preauth_javascript_enabled_is_true_or_false(client):
    payload = {"endpointid": "1111", "merchant_control": DOC_KEY, "customer_browser_javascript_enabled": "yes"}
    errors = client.post("/api/preauth/sign", json=payload).get_json()["errors"]
    assert errors["customer_browser_javascript_enabled"] == [
        "customer_browser_javascript_enabled must be one of true, false."]
    payload["customer_browser_javascript_enabled"] = "true"
    errors = client.post("/api/preauth/sign", json=payload).get_json()["errors"]
    assert "customer_browser_javascript_enabled" not in errors


def test_preauth_order_desc_is_125_but_sale_keeps_64k(client):
    payload = {"endpointid": "1111", "merchant_control": DOC_KEY, "order_desc": "x" * 126}
    assert "order_desc" in client.post("/api/preauth/sign", json=payload).get_json()["errors"]
    assert "order_desc" not in client.post("/api/sale/sign", json=payload).get_json()["errors"]
