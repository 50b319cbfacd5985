"""Security headers on every kind of reply, and the session cookie's attributes (web/headers.py).

A route added later joins REPLIES below."""

import logging
import re
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from flask import g

from tests.conftest import DOC_KEY
from tests.helpers import order_ids
from web import headers

CSP = ("default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; "
       "form-action 'self'; frame-ancestors 'none'; base-uri 'none'; object-src 'none'")
COMMON = {
    "Content-Security-Policy": CSP,
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "no-referrer",
}
SIGN = {"endpointid": "1111", "merchant_control": DOC_KEY, "login": "demo"}

# (kind, method, path, request keyword arguments, expected status); {form} and {3ds} are filled with
# the hosted payer pages of real sandbox orders, {inbox} with a private inbox's token.
REPLIES = [
    ("index page", "GET", "/", {}, 200),
    ("builder page", "GET", "/sale", {}, 200),
    ("debugger page", "GET", "/debug", {}, 200),
    ("callbacks page", "GET", "/callbacks", {}, 200),
    ("json commands", "GET", "/api/commands", {}, 200),
    ("json environments", "GET", "/api/environments", {}, 200),
    ("json health", "GET", "/api/health", {}, 200),
    ("json sign", "POST", "/api/sale/sign", {"json": SIGN}, 200),
    ("json inbox", "GET", "/api/callbacks?token={inbox}", {}, 200),
    ("json new inbox", "POST", "/api/inboxes", {"json": {}}, 201),
    ("json verify", "POST", "/api/callback/verify", {"json": {"raw": "status=approved"}}, 200),
    ("json 415", "POST", "/api/sale/sign", {"data": "x"}, 415),
    ("json 404", "POST", "/api/no-such-command/sign", {"json": {}}, 404),
    ("json 405", "GET", "/api/sale/sign", {}, 405),
    ("json 413", "POST", "/api/sale/sign", {"json": {"x": "a" * (1024 * 1024)}}, 413),
    ("sandbox api", "POST", "/sandbox/paynet/api/v2/sale/1111", {"data": "login=demo"}, 200),
    ("sandbox api 404", "POST", "/sandbox/paynet/api/v2/sale", {}, 404),
    ("hosted form", "GET", "{form}", {}, 200),
    ("3ds page", "GET", "{3ds}", {}, 200),
    ("hosted form 404", "GET", "/sandbox/paynet/form/no-such-token", {}, 404),
    ("inbox callback", "GET", "/callbacks/inbox/{inbox}?status=approved", {}, 200),
    ("inbox redirect", "POST", "/callbacks/inbox/{inbox}", {"data": {"status": "approved"}}, 200),
    ("old shared inbox", "GET", "/callbacks/inbox", {}, 410),
    ("page 404", "GET", "/no/such/page", {}, 404),
    ("page 405", "DELETE", "/debug", {}, 405),
    ("csrf error", "POST", "/sale", {"data": {"login": "demo"}}, 400),
    ("page 413", "POST", "/debug", {"data": {"raw": "a" * (1024 * 1024)}}, 413),
    ("static 404", "GET", "/static/no-such-file.css", {}, 404),
]


@pytest.fixture
def hosted(client, ops):
    """The hosted form of a sale-form order and the 3-D Secure page of a sale, both waiting for the payer."""
    form = ops.submit("sale-form", client_orderid="H1", amount="10.00")
    sale = ops.submit("sale", client_orderid="H2", amount="10.00", credit_card_number="4000000000003220")
    three_ds = ops.submit("status", **order_ids(sale))["redirect-to"]
    return {"form": urlsplit(form["redirect-url"]).path, "3ds": urlsplit(three_ds).path,
            "inbox": client.post("/api/inboxes", json={}).get_json()["token"]}


def token(client, path):
    return re.search(r'name="csrf_token" value="([^"]+)"', client.get(path).get_data(as_text=True))[1]


@pytest.mark.parametrize("kind, method, path, kwargs, status", REPLIES, ids=[r[0] for r in REPLIES])
def test_every_reply_has_security_headers(request, client, kind, method, path, kwargs, status):
    if "{" in path:  # the hosted pages need sandbox orders, the inbox routes a token
        path = path.format(**request.getfixturevalue("hosted"))
    r = client.open(path, method=method, **kwargs)
    assert r.status_code == status
    assert {name: r.headers.get(name) for name in COMMON} == COMMON
    assert r.headers["Cache-Control"] == "no-store"


@pytest.mark.parametrize("target, path, message", [
    ("web.pages.status_command", "/sale", "Something went wrong; the details are in the server log."),
    ("web.api.environment_list", "/api/environments", "Unexpected server error; the details are in the server log."),
])
def test_unexpected_error_reply_has_security_headers(client, monkeypatch, target, path, message):
    def boom():
        raise RuntimeError("boom")

    monkeypatch.setattr(target, boom)
    r = client.get(path)
    assert r.status_code == 500
    assert message in r.get_data(as_text=True)
    assert {name: r.headers.get(name) for name in COMMON} == COMMON
    assert r.headers["Cache-Control"] == "no-store"


@pytest.mark.parametrize("path", ["/static/style.css", "/static/builder.js", "/static/vendor/noble-hashes/sha2.js"])
def test_static_file_has_security_headers_and_stays_cacheable(client, path):
    r = client.get(path)
    assert r.status_code == 200
    # Only nosniff on a script or stylesheet: browsers read CSP, framing and referrer rules from the document.
    assert {name: r.headers.get(name) for name in COMMON} == {name: None for name in COMMON} | {
        "X-Content-Type-Options": "nosniff"}
    assert (r.headers.get("Content-Disposition"), r.headers.get("Accept-Ranges")) == (None, None)
    assert r.headers["Cache-Control"] == "no-cache"  # Flask's default: revalidated with the ETag
    r.close()


def test_the_docs_say_what_the_headers_are():
    """docs/deploying.md's *Security headers* section and the replies above cannot drift apart again."""
    with open(Path(__file__).parents[2] / "docs" / "deploying.md", encoding="utf-8") as f:
        section = " ".join(f.read().split("## Security headers", 1)[1].split("\n## ", 1)[0].split())
    assert f"`Content-Security-Policy: {CSP}`" in section
    assert "static files other than scripts and stylesheets" in section
    assert "Static scripts and stylesheets carry only `nosniff`" in section
    for name, value in COMMON.items():
        if name != "Content-Security-Policy":
            assert f"`{name}: {value}`" in section, name


def test_final_redirect_page_allows_posting_to_the_merchant_origin_only(client, ops):
    fields = ops.submit("sale-form", client_orderid="H3", amount="10.00",
                    redirect_url="https://shop.example:8443/return?from=pay")
    page = urlsplit(fields["redirect-url"]).path
    r = client.post(page, data={"csrf_token": token(client, page)})
    assert 'action="https://shop.example:8443/return?from=pay"' in r.get_data(as_text=True)
    assert r.headers["Content-Security-Policy"] == CSP.replace(
        "form-action 'self'", "form-action 'self' https://shop.example:8443")
    # The paid page keeps its return form on reload; every other reply keeps form-action 'self'.
    assert client.get(page).headers["Content-Security-Policy"] == CSP.replace(
        "form-action 'self'", "form-action 'self' https://shop.example:8443")
    assert client.get("/").headers["Content-Security-Policy"] == CSP


@pytest.mark.parametrize("url, origin", [
    ("https://shop.example/return", "https://shop.example"),
    ("HTTP://user:pw@127.0.0.1:5001/cb", "http://127.0.0.1:5001"),
    ("http://[::1]:8080/x", "http://[::1]:8080"),
    ("javascript:alert(1)", None),
    ("data:text/html,x", None),
    ("//shop.example/return", None),
    ("https://shop.example;script-src */", None),
    ("https://shop example/", None),
    ("https://'self'/", None),
    ("http://[::1/", None),
    ("", None),
])
def test_form_action_only_for_an_absolute_http_url(app, url, origin):
    with app.test_request_context("/"):
        headers.allow_form_action(url)
        assert g.get("form_action") == origin


def test_session_cookie_lax_and_http_only_not_secure_over_http(client):
    r = client.get("/sale")
    cookie = r.headers["Set-Cookie"]
    assert cookie.startswith("session=")
    assert cookie.split("; ")[1:] == ["HttpOnly", "Path=/", "SameSite=Lax"]


def test_session_cookie_secure_over_https(client):
    r = client.get("/sale", base_url="https://tool.example")
    assert r.headers["Set-Cookie"].split("; ")[1:] == ["Secure", "HttpOnly", "Path=/", "SameSite=Lax"]


def test_session_cookie_secure_forced_by_setting(app_factory):

    app = app_factory(SESSION_COOKIE_SECURE="yes")
    r = app.test_client().get("/sale")
    assert r.headers["Set-Cookie"].split("; ")[1:] == ["Secure", "HttpOnly", "Path=/", "SameSite=Lax"]


def test_access_log_drops_query_strings_and_tokens(app, caplog):
    caplog.set_level(logging.INFO, logger="werkzeug")
    log = logging.getLogger("werkzeug")
    log.info('"%s" %s %s', "GET /callbacks/inbox/AbCdEfGhIjKlMnOpQrStUvWxYz012345?status=approved&control=ab"
             " HTTP/1.1", "200", "-")
    log.info('"%s" %s %s', "\x1b[33mGET /sale?lang=ru HTTP/1.1\x1b[0m", "200", "-")
    log.info('"%s" %s %s', "GET /sandbox/paynet/form/0123456789abcdef0123456789abcdef HTTP/1.1", "200", "-")
    log.info('"%s" %s %s', "POST /sandbox/paynet/3ds/fedcba9876543210fedcba9876543210 HTTP/1.1", "200", "-")
    assert caplog.messages == ['"GET /callbacks/inbox/…?… HTTP/1.1" 200 -',
                               '"\x1b[33mGET /sale?… HTTP/1.1\x1b[0m" 200 -',
                               '"GET /sandbox/paynet/form/… HTTP/1.1" 200 -',
                               '"POST /sandbox/paynet/3ds/… HTTP/1.1" 200 -']
