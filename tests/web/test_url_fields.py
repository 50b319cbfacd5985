"""URL-typed parameters take only absolute http(s) URLs, everywhere: builder, JSON API, sandbox, debugger;
and no page renders an unchecked URL (a stored order's redirect_url, a gateway's redirect-url) as one."""

import re
from urllib.parse import urlencode

import pytest

from forms import load_registry
from tests import servers
from tests.conftest import DOC_KEY
from tests.helpers import custom_env, store_old_order, valid_payload

REGISTRY = load_registry()
URL_PARAMS = [(name, f.name) for name, cls in REGISTRY.items() for f in cls.from_values({}).params() if f.url]
REBILL = {"endpointid": "1111", "merchant_control": DOC_KEY, "login": "demo", "client_orderid": "R1",
          "cardrefid": "1461665", "amount": "10.00", "currency": "USD", "ipaddress": "127.0.0.1",
          "order_desc": "Demo order"}
SALE_FORM = {"client_orderid": "F1", "order_desc": "x", "amount": "10.00", "currency": "USD", "address1": "a",
             "city": "c", "zip_code": "1", "country": "DE", "phone": "1", "email": "e@x.y",
             "ipaddress": "127.0.0.1", "first_name": "J", "last_name": "S"}


def test_url_parameters_declared():
    names = {name for _, name in URL_PARAMS}
    assert names == {"redirect_url", "redirect_success_url", "redirect_fail_url", "server_callback_url",
                     "notify_url", "site_url"}
    # every parameter the docs describe as a URL is declared as one
    for cls in REGISTRY.values():
        for f in cls.from_values({}).params():
            assert f.url == f.name.endswith("_url"), (cls.command.name, f.name)


@pytest.mark.parametrize("command, name", URL_PARAMS)
def test_every_url_parameter_refuses_javascript(client, command, name):
    payload = {**valid_payload(REGISTRY[command]), name: "javascript:alert(1)"}
    data = client.post(f"/api/{command}/sign", json=payload).get_json()
    assert data["errors"] == {name: [f"{name} must be an absolute http:// or https:// URL."]}


@pytest.mark.parametrize("value", ["javascript:alert(1)", " JAVA\tSCRIPT:alert(1)", "data:text/html,x",
                                   "//evil.example/", "/return", "ftp://example.com/", "http://",
                                   "https://exa mple.com/"])
def test_sign_field_error_for_non_web_url(client, value):
    data = client.post("/api/make-rebill-sale/sign", json={**REBILL, "redirect_url": value}).get_json()
    assert data["errors"] == {"redirect_url": ["redirect_url must be an absolute http:// or https:// URL."]}


def test_sign_accepts_web_url_trimmed(client):
    data = client.post("/api/make-rebill-sale/sign",
                       json={**REBILL, "redirect_url": " https://shop.example/return?x=1 "}).get_json()
    assert data["errors"] == {}
    assert "&redirect_url=https%3A%2F%2Fshop.example%2Freturn%3Fx%3D1&" in data["body"]


def test_submit_refuses_non_web_url_and_sends_nothing(client):
    r = client.post("/api/make-rebill-sale/submit", json={**REBILL, "server_callback_url": "javascript:alert(1)"})
    assert r.status_code == 400
    assert r.get_json() == {
        "error": {"kind": "invalid", "message": "Some fields need attention; nothing was sent."},
        "errors": {"server_callback_url": ["server_callback_url must be an absolute http:// or https:// URL."]}}


def post_page(client, path: str, **data) -> str:
    """A page post with the CSRF token its own GET hands out."""
    token = re.search(r'name="csrf_token" value="([^"]+)"', client.get(path).get_data(as_text=True))[1]
    return client.post(path, data={"csrf_token": token, **data}).get_data(as_text=True)


def test_page_post_shows_url_error(client):
    html = post_page(client, "/make-rebill-sale", target="endpoint", target_id="1111",
                     redirect_url="javascript:alert(1)")
    assert "redirect_url must be an absolute http:// or https:// URL." in html


def test_sandbox_answers_validation_error_naming_the_field(client):
    body = urlencode({**SALE_FORM, "redirect_url": "javascript:alert(1)", "control": "0" * 40})
    r = client.post("/sandbox/paynet/api/v2/sale-form/1111", data=body,
                    content_type="application/x-www-form-urlencoded")
    assert r.status_code == 200
    assert r.get_data(as_text=True) == (
        "type=validation-error\n&serial-number=00000000-0000-0000-0000-000000000001\n&merchant-order-id=F1\n"
        "&error-message=redirect_url+must+be+an+absolute+http%3A%2F%2F+or+https%3A%2F%2F+URL.\n&error-code=1\n")


def test_debugger_lints_non_web_url(client):
    raw = ("POST /paynet/api/v2/sale-form/1111 HTTP/1.1\nHost: sandbox.example.com\n"
           "Content-Type: application/x-www-form-urlencoded\n\n"
           + urlencode({**SALE_FORM, "redirect_url": "javascript:alert(1)", "site_url": "https://shop.example/"}))
    lint = client.post("/api/debug", json={"raw": raw}).get_json()["lint"]
    assert [f for f in lint if f["code"] == "not-web-url"] == [{
        "severity": "error", "field": "redirect_url", "code": "not-web-url",
        "message": "redirect_url must be an absolute http:// or https:// URL (a scheme, ://, a host); a relative, "
                   "javascript: or data: URL is refused."}]


# -- pages never render an unchecked URL -----------------------------------------------------------------



@pytest.mark.parametrize("page, button", [("form", {}), ("3ds", {"result": "authenticated"})])
def test_stored_javascript_redirect_shown_as_text(app, client, page, button):
    token = store_old_order(app.extensions["sandbox"], "javascript:alert(1)", threeds=page == "3ds")
    html = post_page(client, f"/sandbox/paynet/{page}/{token}", **button)
    assert "The order is now <strong>approved</strong>" in html
    assert "javascript:" not in re.sub(r"<code>javascript:alert\(1\)</code>", "", html)
    assert 'id="final-redirect"' not in html
    assert ("The order's redirect_url, <code>javascript:alert(1)</code>, is not an absolute http:// or "
            "https:// URL, so the payer is not sent there (shown as text only).") in html


def test_stored_web_redirect_is_the_form_action(app, client):
    token = store_old_order(app.extensions["sandbox"], "https://shop.example/return")
    html = post_page(client, f"/sandbox/paynet/form/{token}")
    assert '<form method="post" action="https://shop.example/return" id="final-redirect">' in html


def test_submit_reply_links_only_checked_urls(app_factory):
    body = b"type=async-form-response\n&paynet-order-id=1\n&redirect-url=javascript%3Aalert%281%29\n"
    gateway = servers.RawServer(servers.answers("200 OK", body))
    try:
        client = app_factory(custom_env(gateway.url)).test_client()
        status = {"environment": "custom", "endpointid": "1", "merchant_control": "k", "login": "demo",
                  "client_orderid": "A1"}
        response = client.post("/api/status/submit", json=status).get_json()["response"]
    finally:
        gateway.stop()
    assert response["fields"]["redirect-url"] == "javascript:alert(1)"
    assert response["links"] == {}


def test_submit_reply_links_sandbox_form(client):
    payload = {**SALE_FORM, "endpointid": "1111", "merchant_control": DOC_KEY}
    response = client.post("/api/sale-form/submit", json=payload).get_json()["response"]
    assert re.fullmatch(r"http://localhost/sandbox/paynet/form/[0-9a-f]{32}", response["links"]["redirect-url"])
    assert response["links"] == {"redirect-url": response["fields"]["redirect-url"]}
