"""The URL rule: an absolute http(s) URL with a host, or nothing a page may link to."""

import pytest

from paynet.urls import is_web_url, web_links

ACCEPTED = [
    "https://example.com/ok",
    "http://127.0.0.1:5000/x",
    "HTTPS://EXAMPLE.COM/Return?a=1&b=2#top",
    "  https://example.com/padded \n",  # Java's trim, as for every value
    "http://[::1]:8080/x",
    "https://user:pw@example.com/",  # userinfo is odd, but still a URL that parses
    "https://пример.рф/оплата",
    "http://https://doc.connpay.com/",  # the docs' doubled scheme: a host named "https"
]
REFUSED = [
    "javascript:alert(1)",
    "JAVASCRIPT:alert(1)",
    " java\tscript:alert(1)",
    "java\nscript:alert(1)",
    "javascript://example.com/%0aalert(1)",
    "data:text/html,<script>alert(1)</script>",
    "vbscript:msgbox(1)",
    "//example.com/x",
    "/path",
    "path/only",
    "example.com",
    "http:/x",
    "http:example.com",
    "https:///path",
    "ftp://example.com/x",
    "file:///etc/passwd",
    "http://",
    "https://exa mple.com/",
    "https://example.com/a\tb",
    "https://example.com/a\u00a0b",
    "https://exa\u200bmple.com/",
    "https://good.example\\@evil.example/",
    "http://[::1/",
    "http://example.com:99999/",
    "https://example.com:abc/",
    "http://:80/",
    "",
    "   ",
    None,
]


@pytest.mark.parametrize("text", ACCEPTED)
def test_web_url_accepted(text):
    assert is_web_url(text) is True


@pytest.mark.parametrize("text", REFUSED)
def test_non_web_url_refused(text):
    assert is_web_url(text) is False


def test_web_links_keeps_only_checked_payer_urls_trimmed():
    fields = {"type": "async-form-response", "redirect-url": " https://gate.example/form/abc\n",
              "redirect-to": "javascript:alert(1)", "site": "https://not-a-payer-url.example/"}
    assert web_links(fields) == {"redirect-url": "https://gate.example/form/abc"}


def test_web_links_empty_without_urls():
    assert web_links({"type": "async-response", "paynet-order-id": "1"}) == {}
