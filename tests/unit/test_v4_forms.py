"""The v4 declarations: their own namespace, and a prepared request's base string (literal, from the research
file's rules: the body and the oauth parameters, sorted, every value encoded twice)."""

from forms import load_registry
from forms.v4 import load_v4_registry

PAYOUT = {"client_orderid": "v4-1", "amount": "10.42", "currency": "USD", "order_desc": "John Smith!"}


def test_v4_commands_live_in_their_own_namespace():
    v4 = load_v4_registry()
    assert list(v4) == ["tokenize/create-ephemeral-ticket", "sale", "payout", "payout-pay", "transfer-by-ref",
                        "transfer-form", "status"]
    assert {"sale", "status"} <= set(load_registry())  # v2's, untouched
    assert v4["status"].command.path("group", "2222") == "/api/v4/status/group/2222"
    assert v4["tokenize/create-ephemeral-ticket"].command.path(target_id="1111") == (
        "/api/v4/tokenize/create-ephemeral-ticket/1111")
    assert "login" not in v4["transfer-by-ref"].param_names()  # oauth_consumer_key only, as its docs say
    assert "login" in v4["payout-pay"].param_names() and "login" in v4["status"].param_names()


def test_a_prepared_payout_has_the_base_string_the_page_signs():
    form = load_v4_registry()["payout"].from_values(PAYOUT)
    prepared = form.prepare("endpoint", "1111", "https://gateway.example/paynet/", "demo",
                            "0123456789abcdef0123456789abcdef", "1764806400")
    assert prepared.errors == {}
    assert prepared.url == "https://gateway.example/paynet/api/v4/payout/1111"
    assert prepared.base_string == (
        "POST&https%3A%2F%2Fgateway.example%2Fpaynet%2Fapi%2Fv4%2Fpayout%2F1111&amount%3D10.42%26client_orderid%3D"
        "v4-1%26currency%3DUSD%26oauth_consumer_key%3Ddemo%26oauth_nonce%3D0123456789abcdef0123456789abcdef%26"
        "oauth_signature_method%3DRSA-SHA256%26oauth_timestamp%3D1764806400%26oauth_version%3D1.0%26order_desc"
        "%3DJohn%2520Smith%2521")
    assert [k for k, _v in prepared.sorted_params] == [
        "amount", "client_orderid", "currency", "oauth_consumer_key", "oauth_nonce", "oauth_signature_method",
        "oauth_timestamp", "oauth_version", "order_desc"]
    assert prepared.encoded_body() == "client_orderid=v4-1&amount=10.42&currency=USD&order_desc=John+Smith%21"


def test_errors_name_the_field_and_the_rule():
    form = load_v4_registry()["transfer-by-ref"].from_values({"client_orderid": "x", "amount": "1.234"})
    prepared = form.prepare("endpoint", "", "https://gateway.example/paynet", "", "short", "12a")
    assert prepared.errors == {
        "amount": ["amount has more than 2 decimals (got '1.234'); the control string carries cents."],
        "currency": ["currency is required."],
        "destination-card-no": ["Give destination-card-no or destination-card-ref-id: the card to deposit to."],
        "target": ["endpointid is required: give exactly one of endpointid or groupid."],
        "oauth_consumer_key": ["oauth_consumer_key (the merchant's login) is required."],
        "oauth_nonce": ["oauth_nonce must be 8 to 64 letters, digits, '-' or '_' (the tool makes 32 hex digits)."],
        "oauth_timestamp": ["oauth_timestamp must be Unix seconds: digits only."]}
