"""Payer-facing links and inbox URLs use the address users reach the tool at; Host and X-Forwarded-* are
trusted only as configured (TRUSTED_HOSTS, PROXY_FIX)."""

import io
import re
import uuid

import pytest
import requests

from config import ConfigError
from tests.conftest import DOC_KEY, LiveServer

FORM_LINK = re.compile(r"(?P<root>.*)/sandbox/paynet/form/[0-9a-f]{32}")
SALE_FORM = {"endpointid": "1111", "merchant_control": DOC_KEY, "client_orderid": "PL-1", "order_desc": "Order",
             "first_name": "Ann", "last_name": "Lee", "phone": "12345678",
             "amount": "10.00", "currency": "USD", "address1": "1 Main St", "city": "Riga", "zip_code": "1010",
             "country": "LV", "email": "payer@example.com", "ipaddress": "10.0.0.1",
             "redirect_url": "https://shop.example.com/back"}
SANDBOX_SALE_FORM = ("login=demo&client_orderid=PL-2&order_desc=Order&amount=10.00&currency=USD&address1=1+Main+St"
                     "&city=Riga&first_name=Ann&last_name=Lee&phone=12345678&zip_code=1010&country=LV&email=payer%40example.com&ipaddress=10.0.0.1"
                     "&redirect_url=https%3A%2F%2Fshop.example.com%2Fback"
                     "&control=f025bae55e2f12bad972af8ed1bd1372aa8af4a9")


def form_root(reply: dict) -> str:
    """The root of the hosted form link a submit reply carries (the part before /sandbox/paynet/form/)."""
    assert reply["error"] is None, reply["error"]
    link = reply["response"]["fields"]["redirect-url"]
    assert FORM_LINK.fullmatch(link), link
    return FORM_LINK.fullmatch(link)["root"]


def test_local_send_links_use_the_users_host(client):
    reply = client.post("/api/sale-form/submit", json=SALE_FORM).get_json()
    assert form_root(reply) == "http://localhost"
    assert reply["request"]["url"] == "http://localhost/sandbox/paynet/api/v2/sale-form/1111"


def test_a_form_link_never_holds_a_card_shaped_run(client, monkeypatch):
    """uuid4's hex once began with a Luhn-valid run of 16 digits: the shown reply masked it and the hosted form
    link broke (1 form order in a few hundred). The sandbox draws again until no 13 digits stand in a row."""
    drawn = iter(["4111111111111111abcdefabcdefabcd", "12345678901234ab5cdef0123456789a",
                  "0123456789ab0123456789abcdef0123"])
    monkeypatch.setattr("sandbox.actions.uuid.uuid4", lambda: uuid.UUID(next(drawn)))
    reply = client.post("/api/sale-form/submit", json=SALE_FORM).get_json()
    assert reply["response"]["fields"]["redirect-url"] == \
        "http://localhost/sandbox/paynet/form/0123456789ab0123456789abcdef0123"


def test_public_url_is_used_for_every_payer_link(app_factory):
    client = app_factory(PUBLIC_URL="https://tools.example.com/builder/").test_client()
    assert form_root(client.post("/api/sale-form/submit", json=SALE_FORM).get_json()) == \
        "https://tools.example.com/builder"
    sale = {k: v for k, v in SALE_FORM.items() if k != "redirect_url"} | {
        "client_orderid": "PL-3DS", "credit_card_number": "4000000000003220", "card_printed_name": "A B",
        "expire_month": "12", "expire_year": "2099", "cvv2": "123"}
    fields = client.post("/api/sale/submit", json=sale).get_json()["response"]["fields"]
    status = {"login": "demo", "client_orderid": "PL-3DS", "orderid": fields["paynet-order-id"],
              "endpointid": "1111", "merchant_control": DOC_KEY}
    link = client.post("/api/status/submit", json=status).get_json()["response"]["fields"]["redirect-to"]
    assert re.fullmatch(r"https://tools\.example\.com/builder/sandbox/paynet/3ds/[0-9a-f]{32}", link)
    local = client.get("/api/environments").get_json()["environments"][0]
    assert local["base_url"] == "https://tools.example.com/builder/sandbox/paynet"
    inbox = client.post("/api/inboxes", json={}).get_json()
    assert inbox["url"] == "https://tools.example.com/builder/callbacks/inbox/" + inbox["token"]


def test_direct_sandbox_caller_gets_links_from_its_own_host(client):
    r = client.post("/sandbox/paynet/api/v2/sale-form/1111", data=SANDBOX_SALE_FORM,
                    headers={"Host": "merchant-facing.example", "Content-Type": "application/x-www-form-urlencoded"})
    assert "\nredirect-url=http%3A%2F%2Fmerchant-facing.example%2Fsandbox%2Fpaynet%2Fform%2F" in "\n" + \
        r.get_data(as_text=True).replace("&", "\n")


@pytest.mark.parametrize("proxies, expected", [(0, "http://localhost"), (1, "https://tools.example.com")])
def test_forwarded_headers_trusted_only_with_proxy_fix(proxies, expected, app_factory):
    client = app_factory(PROXY_FIX=proxies).test_client()
    reply = client.post("/api/sale-form/submit", json=SALE_FORM,
                        headers={"X-Forwarded-Proto": "https", "X-Forwarded-Host": "tools.example.com",
                                 "X-Forwarded-For": "203.0.113.9"}).get_json()
    assert form_root(reply) == expected


BAD_HOST = "Host 'evil.example' is not trusted. Reach the tool at one of its TRUSTED_HOSTS."


@pytest.mark.parametrize("method, path, content_type, body", [
    ("GET", "/api/health", "application/json",
     '{"error":{"kind":"bad-host","message":"' + BAD_HOST + '"}}\n'),
    ("GET", "/sale", "text/html;charset=utf-8", "<!doctype html><title>400 Bad Request</title><h1>400 Bad "
     "Request</h1><p>Host &#39;evil.example&#39; is not trusted. Reach the tool at one of its TRUSTED_HOSTS.</p>\n"),
    ("POST", "/sandbox/paynet/api/v2/sale/1111", "text/plain;charset=utf-8", BAD_HOST + "\n"),
])
def test_untrusted_host_is_a_400_in_the_routes_shape(method, path, content_type, body, app_factory):
    client = app_factory(TRUSTED_HOSTS="tools.example.com, .example.org").test_client()
    r = client.open(path, method=method, headers={"Host": "evil.example"})
    assert (r.status_code, r.content_type, r.get_data(as_text=True)) == (400, content_type, body)


def test_trusted_hosts_let_the_local_send_through_in_process(app_factory):
    client = app_factory(TRUSTED_HOSTS="tools.example.com,.example.org").test_client()
    assert client.get("/api/health", headers={"Host": "a.example.org"}).status_code == 200
    reply = client.post("/api/sale-form/submit", json=SALE_FORM, headers={"Host": "tools.example.com:8443"}).get_json()
    assert form_root(reply) == "http://tools.example.com:8443"


@pytest.mark.parametrize("setting, value, message", [
    ("PUBLIC_URL", "tools.example.com", "PUBLIC_URL must be an absolute http:// or https:// URL without "
     "credentials, query or fragment (https://tools.example.com or https://example.com/builder), got "
     "'tools.example.com'."),
    ("PUBLIC_URL", "https://u:p@tools.example.com", "PUBLIC_URL must be an absolute http:// or https:// URL "
     "without credentials, query or fragment (https://tools.example.com or https://example.com/builder), got "
     "'https://u:p@tools.example.com'."),
    ("TRUSTED_HOSTS", "https://tools.example.com", "TRUSTED_HOSTS takes host names without scheme or port "
     "(tools.example.com,.example.org), got 'https://tools.example.com'."),
    ("PROXY_FIX", "yes", "PROXY_FIX must be the number of reverse proxies in front of the tool (0 to 10), "
     "got 'yes'."),
])
def test_bad_public_settings_stop_startup(setting, value, message, app_factory):
    with pytest.raises(ConfigError) as exc:
        app_factory(**{setting: value})
    assert str(exc.value) == message


def test_link_opens_through_another_instance_and_after_a_restart(app_factory):
    """Two instances on one database behind one public address; the first stops, a new one starts."""
    first, second = (LiveServer(app_factory(PUBLIC_URL="https://pay-tools.example.test")) for _ in "ab")
    try:
        reply = requests.post(first.url + "/api/sale-form/submit", json=SALE_FORM, timeout=10).json()
        assert form_root(reply) == "https://pay-tools.example.test"
        path = reply["response"]["fields"]["redirect-url"].removeprefix("https://pay-tools.example.test")
        assert "PL-1" in requests.get(second.url + path, timeout=5).text
    finally:
        first.stop()
    third = LiveServer(app_factory(PUBLIC_URL="https://pay-tools.example.test"))
    try:
        page = requests.get(third.url + path, timeout=5)
        assert (page.status_code, "PL-1" in page.text) == (200, True)
    finally:
        second.stop()
        third.stop()


def test_no_request_is_exempt_from_trusted_hosts_and_the_local_send_passes_as_the_users_host(app_factory):
    """The app on a real port: its own 127.0.0.1 address is refused like any other untrusted Host, on the
    sandbox's routes too, while a send from a trusted Host reaches the sandbox in process under that Host."""
    server = LiveServer(app_factory(TRUSTED_HOSTS="tools.example.com"))
    try:
        direct = requests.post(server.url + "/sandbox/paynet/api/v2/sale-form/1111", data=SANDBOX_SALE_FORM,
                               headers={"Content-Type": "application/x-www-form-urlencoded"}, timeout=10)
        assert (direct.status_code, direct.text) == (400, f"Host '127.0.0.1:{server.server.server_port}' is not "
                                                          "trusted. Reach the tool at one of its TRUSTED_HOSTS.\n")
        reply = requests.post(server.url + "/api/sale-form/submit", json=SALE_FORM,
                              headers={"Host": "tools.example.com"}, timeout=10).json()
        assert form_root(reply) == "http://tools.example.com"
        assert reply["request"]["headers"][0] == ["Host", "tools.example.com"]
    finally:
        server.stop()


def test_a_local_sends_exchange_is_byte_for_byte_what_the_app_received(app, client):
    """What the sandbox route was handed, written back as the HTTP/1.1 request it stands for, is the exchange's raw
    request (sale-form carries no card data, so nothing in it is masked)."""
    received = []
    handler = app.wsgi_app

    def recorder(environ, start_response):
        if environ["PATH_INFO"].startswith("/sandbox/"):
            body = environ["wsgi.input"].read()
            environ["wsgi.input"] = io.BytesIO(body)
            received.append((environ, body))
        return handler(environ, start_response)

    app.wsgi_app = recorder
    reply = client.post("/api/sale-form/submit", json=SALE_FORM).get_json()
    [(environ, body)] = received
    headers = [(k.removeprefix("HTTP_").replace("_", "-").title(), v) for k, v in environ.items()
               if k.startswith("HTTP_") and k != "HTTP_HOST" or k in ("CONTENT_TYPE", "CONTENT_LENGTH")]
    as_sent = (f"{environ['REQUEST_METHOD']} {environ['SCRIPT_NAME']}{environ['PATH_INFO']} "
               f"{environ['SERVER_PROTOCOL']}\r\nHost: {environ['HTTP_HOST']}\r\n"
               + "".join(f"{k}: {v}\r\n" for k, v in headers) + "\r\n" + body.decode())
    assert reply["request"]["raw"] == as_sent
    assert as_sent == (
        "POST /sandbox/paynet/api/v2/sale-form/1111 HTTP/1.1\r\nHost: localhost\r\n"
        f"User-Agent: {requests.utils.default_user_agent()}\r\nAccept-Encoding: identity\r\nAccept: */*\r\n"
        "Connection: keep-alive\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 305\r\n\r\n"
        "client_orderid=PL-1&order_desc=Order&first_name=Ann&last_name=Lee&address1=1+Main+St&city=Riga"
        "&zip_code=1010&country=LV&amount=10.00&currency=USD&phone=12345678&email=payer%40example.com"
        "&ipaddress=10.0.0.1&redirect_url=https%3A%2F%2Fshop.example.com%2Fback"
        "&control=85de1432e5f51267764125030788fedf3fa01c1f")
    assert (environ["wsgi.url_scheme"], environ["SERVER_NAME"], environ["SERVER_PORT"]) == ("http", "localhost", "80")


@pytest.mark.parametrize("trusted", ["tools.example.com", ".example.com", "a.example.org,TOOLS.example.com"])
def test_public_url_with_trusted_hosts_that_list_its_host(trusted, app_factory):
    client = app_factory(PUBLIC_URL="https://tools.example.com/builder", TRUSTED_HOSTS=trusted).test_client()
    reply = client.post("/api/sale-form/submit", json=SALE_FORM, headers={"Host": "tools.example.com"}).get_json()
    assert form_root(reply) == "https://tools.example.com/builder"
    assert reply["request"]["url"] == "https://tools.example.com/builder/sandbox/paynet/api/v2/sale-form/1111"


@pytest.mark.parametrize("trusted, listed", [("example.com", "example.com"),
                                             ("A.example.org,.example.net", "a.example.org, .example.net")])
def test_public_url_whose_host_trusted_hosts_refuses_stops_startup(trusted, listed, app_factory):
    with pytest.raises(ConfigError) as exc:
        app_factory(PUBLIC_URL="https://Tools.Example.com/builder", TRUSTED_HOSTS=trusted)
    assert str(exc.value) == (
        f"PUBLIC_URL's host tools.example.com is not one of TRUSTED_HOSTS ({listed}): the tool sends to its own "
        "sandbox and inboxes at PUBLIC_URL, and TRUSTED_HOSTS refuses any other host; add tools.example.com to "
        "TRUSTED_HOSTS or change PUBLIC_URL.")
