"""The v4 page signs by itself (static/oauth.js and WebCrypto in Chromium): the literal base string and RSA-SHA256
signature of tests/unit/test_oauth.py's full vector from a PKCS#1 PEM typed into its key box, Send through the
server to a local mirror; page and server agree on random inputs; the key is in no request and no storage."""

import json
import random

import pytest
from cryptography.hazmat.primitives import serialization
from playwright.sync_api import expect

from forms.v4 import load_v4_registry
from tests import servers
from tests.samples import V4_FULL_BASE as FULL_BASE
from tests.samples import V4_FULL_HEADER as FULL_HEADER
from tests.samples import V4_FULL_SIGNATURE as FULL_SIGNATURE
from tests.samples import V4_TEST_KEY as TEST_KEY

pytestmark = pytest.mark.browser
# TEST_KEY as PKCS#1 (-----BEGIN RSA PRIVATE KEY-----): the page wraps it into PKCS#8 itself.
PKCS1 = serialization.load_pem_private_key(TEST_KEY.encode(), None).private_bytes(
    serialization.Encoding.PEM, serialization.PrivateFormat.TraditionalOpenSSL, serialization.NoEncryption()).decode()
# A line of each PEM's Base64: neither may appear in any request or storage.
KEY_LINES = [TEST_KEY.splitlines()[5], PKCS1.splitlines()[5], "PRIVATE KEY"]


@pytest.fixture
def mirror():
    server = servers.RawServer(servers.echo_ok)
    yield server
    server.stop()


@pytest.fixture
def app(app_factory, mirror):
    return app_factory(envs='[[environment]]\nid = "example"\nname = "Example"\nbase_url = '
                            '"https://gateway.example/paynet"\n\n[[environment]]\nid = "mirror"\nname = "Mirror"\n'
                            f'base_url = "{mirror.url}/paynet"\n')


def test_the_page_signs_the_full_vector_and_sends_without_the_key(page, mirror):
    requests = []
    page.on("request", lambda r: requests.append(f"{r.url}\n{r.post_data or ''}\n{r.headers}"))
    page.goto("/v4/payout")
    page.select_option("#environment", "example")
    page.fill("#f-target", "1111")
    page.click("#optional > summary")
    for name, value in [("client_orderid", "v4-1"), ("amount", "10.42"), ("currency", "USD"),
                        ("order_desc", "John Smith!"), ("oauth_consumer_key", "demo"),
                        ("oauth_nonce", "0123456789abcdef0123456789abcdef"), ("oauth_timestamp", "1764806400")]:
        page.fill(f"#f-{name}", value)
    page.fill("#private-key", PKCS1)
    expect(page.locator("#key-status")).to_have_text(
        "A 2048-bit private key is loaded (not extractable); paste another to replace it.")
    assert page.input_value("#private-key") == ""  # imported, then cleared: the PEM is kept nowhere
    expect(page.locator("#base-string")).to_have_text(FULL_BASE)
    expect(page.locator("#signature")).to_have_text(FULL_SIGNATURE)
    expect(page.locator("#normalized")).to_have_text(
        "amount=10.42&client_orderid=v4-1&currency=USD&oauth_consumer_key=demo&oauth_nonce=0123456789abcdef0123456789"
        "abcdef&oauth_signature_method=RSA-SHA256&oauth_timestamp=1764806400&oauth_version=1.0&order_desc=John%20Smit"
        "h%21")
    assert page.text_content("#authorization") == FULL_HEADER
    # Send through the server to the mirror: the header the page computed goes out as it is.
    page.select_option("#environment", "mirror")
    expect(page.locator("#base-string")).to_contain_text("127.0.0.1")
    expect(page.locator("#signature")).not_to_have_text(FULL_SIGNATURE)
    page.click("#send-button")
    expect(page.locator("#raw-request")).to_contain_text("Authorization: OAuth oauth_consumer_key=\"demo\"")
    sent = mirror.received[0].decode()
    assert sent.endswith("\r\n\r\nclient_orderid=v4-1&amount=10.42&currency=USD&order_desc=John+Smith%21")
    assert f"Authorization: {page.text_content('#authorization')}\r\n" in sent
    expect(page.locator("#fields-table")).to_contain_text("paynet-order-id")
    storage = page.evaluate("() => JSON.stringify([{...localStorage}, {...sessionStorage}])")
    for line in KEY_LINES:
        assert line not in storage
        assert not [r for r in requests if line in r], line
    assert len(requests) >= 3


TEXTS = ["John Smith", "!'()*", "a+b=c&d", "Zürich", "東京 €1", "100%", "~._-", "😀", "tab\there", "x"]


def cases(count=60, seed=26):
    rng = random.Random(seed)
    registry = load_v4_registry()
    out = []
    for i in range(count):
        name = list(registry)[i % len(registry)]
        params = registry[name].param_names()
        values = {p: rng.choice(TEXTS) for p in rng.sample(params, min(len(params), rng.randint(1, 5)))}
        out.append({"command": name, "values": values, "consumer": rng.choice(["demo", "login é", "a b"]),
                    "url": f"https://gateway.example/paynet/api/v4/{name}/1111"})
    return out


AGREE = """async (cases) => {
  const o = await import("/static/oauth.js");
  return cases.map((c) => o.baseString("POST", c.url, [...Object.entries(c.values),
    ...Object.entries(o.oauthParams(c.consumer, "nonce1234", "1764806400"))]));
}"""


def test_page_and_server_agree_on_random_inputs(page, app):
    page.goto("/v4/status")
    generated = cases()
    ours = page.evaluate(AGREE, generated)
    client = app.test_client()
    for case, mine in zip(generated, ours, strict=True):
        reply = client.post(f"/api/v4/{case['command']}/sign", json={
            **case["values"], "endpointid": "1111", "environment": "example", "reveal": True,
            "oauth_consumer_key": case["consumer"], "oauth_nonce": "nonce1234", "oauth_timestamp": "1764806400"})
        assert mine == reply.get_json()["base_string"], json.dumps(case, ensure_ascii=True)


def test_signed_in_the_page_the_built_in_sandbox_accepts_the_demo_key_and_explains_another(page):
    """A v4 payout and its status, signed in the page with the demo key pair, accepted by the built-in sandbox (in
    process); signed with another key, refused with a 401 that says why."""
    page.goto("/v4/payout")
    page.click("#use-demo")
    expect(page.locator("#key-status")).to_have_text(
        "A 2048-bit private key is loaded (not extractable); paste another to replace it.")
    for name, value in [("client_orderid", "V4-E2E"), ("amount", "10.42"), ("currency", "USD")]:
        page.fill(f"#f-{name}", value)
    expect(page.locator("#base-string")).to_contain_text("%2Fsandbox%2Fpaynet%2Fapi%2Fv4%2Fpayout%2F1111")
    page.click("#send-button")
    expect(page.locator("#fields-table")).to_contain_text("async-response")
    orderid = page.text_content("#fields-table tr:has(th:text-is('paynet-order-id')) td")
    page.goto("/v4/status")
    page.click("#use-demo")
    expect(page.locator("#key-status")).to_contain_text("private key is loaded")
    page.fill("#f-client_orderid", "V4-E2E")
    page.fill("#f-orderid", orderid)
    page.click("#send-button")
    expect(page.locator("#fields-table")).to_contain_text("status-response")
    expect(page.locator("#fields-table tr:has(th:text-is('status')) td")).to_have_text("processing")
    # Another key pair: the sandbox verifies with the demo account's public key and says so.
    page.fill("#private-key", TEST_KEY)
    expect(page.locator("#key-status")).to_contain_text("private key is loaded")
    page.click("#new-nonce")  # a nonce is used once
    page.click("#send-button")
    expect(page.locator("#raw-response")).to_contain_text("HTTP/1.1 401")
    expect(page.locator("#raw-response")).to_contain_text("the signature does not verify with")


def test_an_invalid_send_is_refused_in_the_page_and_the_next_one_goes_out_on_a_phone(page):
    """At 390 px: a bad amount is named in the error summary and nothing is posted (no 400 in the console); once
    fixed, the same button sends."""
    page.set_viewport_size({"width": 390, "height": 844})
    posts, console = [], []
    page.on("request", lambda r: posts.append(r.url) if r.url.endswith("/submit") else None)
    page.on("console", lambda m: console.append(m.text) if m.type == "error" else None)
    page.goto("/v4/payout")
    page.click("#use-demo")
    expect(page.locator("#key-status")).to_contain_text("private key is loaded")
    for name, value in [("client_orderid", "V4-PHONE"), ("amount", "1.234"), ("currency", "USD")]:
        page.fill(f"#f-{name}", value)
    page.click("#send-button")
    expect(page.locator("#verdict")).to_have_text("Some fields need attention; nothing was sent.")
    expect(page.locator("#error-summary a[href='#f-amount']")).to_be_visible()
    assert posts == []
    page.fill("#f-amount", "10.42")
    page.click("#send-button")
    expect(page.locator("#fields-table")).to_contain_text("async-response")
    assert len(posts) == 1
    assert console == []
