"""The v4 debugger page in Chromium: a private key typed in the key box becomes its public key in the page (the
literal SPKI PEM of tests/samples.py), only that public key goes to the server, and the verdict names the mistake
with the difference marked."""

import pytest
from cryptography.hazmat.primitives import serialization
from playwright.sync_api import expect

from tests.helpers import v4_paste
from tests.samples import V4_TEST_KEY, V4_TEST_PUBLIC

pytestmark = pytest.mark.browser
PKCS1 = serialization.load_pem_private_key(V4_TEST_KEY.encode(), None).private_bytes(
    serialization.Encoding.PEM, serialization.PrivateFormat.TraditionalOpenSSL, serialization.NoEncryption()).decode()


@pytest.mark.parametrize("private", [V4_TEST_KEY, PKCS1], ids=["pkcs8", "pkcs1"])
def test_a_private_key_becomes_its_public_key_in_the_page_and_the_variant_is_named(page, private):
    sent = []
    page.on("request", lambda r: sent.append(f"{r.url}\n{r.post_data or ''}"))
    page.goto("/debug/v4")
    page.fill("#raw", v4_paste())
    page.fill("#public-key", private)
    expect(page.locator("#public-key")).to_have_value(V4_TEST_PUBLIC)
    expect(page.locator("#key-status")).to_have_text(
        "The public key was derived from the private key in this page; only the public key is sent.")
    page.click("#check")
    expect(page.locator("#verdict")).to_have_text("Mismatch: the signature does not verify with this public key.")
    expect(page.locator("#diagnosis li[data-id='url-trailing-slash'] pre.segments ins.client")).to_have_text("%2F")
    wire = "\n".join(sent)
    for line in (private.splitlines()[3], "PRIVATE KEY"):
        assert line not in wire
    assert "BEGIN+PUBLIC+KEY" in wire or "BEGIN PUBLIC KEY" in wire
    storage = page.evaluate("() => JSON.stringify([{...localStorage}, {...sessionStorage}])")
    assert private.splitlines()[3] not in storage


def test_a_broken_private_key_is_said_in_words_and_kept_nowhere(page):
    page.goto("/debug/v4")
    broken = V4_TEST_KEY.replace(V4_TEST_KEY.splitlines()[3], "AAAA" * 16)
    page.fill("#public-key", broken)
    expect(page.locator("#key-status")).to_have_text(
        "The key cannot be used: the PEM block does not hold a readable RSA private key (cut, changed, or another "
        "kind of key)")
    expect(page.locator("#public-key")).to_have_value("")
