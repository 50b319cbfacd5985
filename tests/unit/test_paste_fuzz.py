"""The paste parser over its grammar (tests/paste_grammar.py): it never raises; what it cannot read is a problem
in plain words. The bracketed host that once raised from urlsplit is read without its host."""

from hypothesis import HealthCheck, given, settings

from debugger import paste
from tests.paste_grammar import PASTES

BOUNDED = settings(max_examples=300, deadline=None, derandomize=True, suppress_health_check=list(HealthCheck))


@BOUNDED
@given(raw=PASTES)
def test_any_paste_is_read_without_raising(raw):
    pasted = paste.parse(raw)
    assert isinstance(pasted.problems, list) and all(isinstance(p, str) for p in pasted.problems)


def test_a_card_number_in_brackets_as_the_host_is_a_problem_not_a_crash():
    pasted = paste.parse("POST [4111111111111111]/paynet/api/v2/sale/1111 HTTP/1.1\n\nlogin=demo&cvv2=987")
    assert (pasted.source, pasted.path, pasted.fields) == ("http", "/paynet/api/v2/sale/1111",
                                                           {"login": "demo", "cvv2": "987"})
    assert pasted.problems == ["The URL's host '[4111111111111111]' cannot be read (a host in [brackets] must be an "
                               "IPv6 address, and brackets must pair); the path and query were read without it."]


def test_unbalanced_brackets_in_a_curl_url_and_a_log_line():
    curl = paste.parse("curl 'https://[::1/paynet/api/v2/status/1111' -d login=demo")
    assert (curl.path, curl.fields, curl.headers[0]) == ("/paynet/api/v2/status/1111", {"login": "demo"},
                                                        ("Host", "[::1"))
    log = paste.parse("POST https://gate]/paynet/api/v2/sale/1?login=demo")
    assert (log.source, log.path, log.fields) == ("url", "/paynet/api/v2/sale/1", {"login": "demo"})
