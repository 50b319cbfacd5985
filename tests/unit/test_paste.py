"""Reading what customers paste: every docs example, curl forms, URLs, log lines, garbage."""


import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from debugger.paste import parse
from tests.samples import docs_request

REBILL_FIELDS = {"login": "login", "client_orderid": "902B4FF5", "cardrefid": "1461665", "amount": "5.00",
                 "currency": "USD", "ipaddress": "34.129.65.12", "comment": "Information abount Rebill",
                 "order_desc": "Rebill order description", "control": "a37f4972233b4a5dbfb4dcaae149ce7feed01ef9"}



@pytest.mark.parametrize("name, cvv2", [("make-rebill-preauth.payneteasy.en.txt", "321"),
                                        ("make-rebill-preauth.connpay.en.txt", "321"),
                                        ("make-rebill-sale.connpay.ru.txt", "123")])
def test_docs_rebill_examples_parse(name, cvv2):
    pasted = parse(docs_request(name))
    assert pasted.source == "http" and pasted.path.startswith("/paynet/api/v2/make-rebill-")
    assert pasted.fields == {**REBILL_FIELDS, "cvv2": cvv2}
    assert pasted.header("Host").startswith("https://sandbox.")


def test_docs_solid_example_currency_eaten():
    pasted = parse(docs_request("make-rebill-preauth.solidpayments.en.txt"))
    fields = pasted.fields
    assert "currency" not in fields and fields["¤cy"] == "USD"
    assert fields["control"] == "a37f4972233b4a5dbfb4dcaae149ce7feed01ef9"


def test_docs_preauth_form_example():
    pasted = parse(docs_request("preauth-form.connpay.en.txt"))
    assert pasted.path == "/paynet/api/v2/preauth-form/39539"
    fields = pasted.fields
    assert (fields["ssn"], fields["birthday"]) == ("1267", "19820115")
    assert fields["phone"] == " 12063582043"  # an unencoded '+' is a space to the gateway
    assert fields["merchant_form_data"] == "testparam=test1&mynewparam=test2"
    assert fields["control"] == "b7ba0b0ce36fda192c3772e045520c7a9cb5e442"
    assert len(fields) == 30


def test_curl_with_repeated_flags_and_quoting():
    pasted = parse("curl -X POST 'https://sandbox.connpay.com/paynet/api/v2/status/group/2222' \\\n"
                   "  -H 'Content-Type: application/x-www-form-urlencoded' -H \"X-Trace: 1\" \\\n"
                   "  --data-urlencode 'login=demo' --data-urlencode \"order_desc=A & B\" \\\n"
                   "  -d client_orderid=R1 --data 'orderid=7000001&control=abc'")
    assert (pasted.source, pasted.path) == ("curl", "/paynet/api/v2/status/group/2222")
    assert pasted.fields == {"login": "demo", "order_desc": "A & B", "client_orderid": "R1", "orderid": "7000001",
                             "control": "abc"}
    assert pasted.header("X-Trace") == "1" and pasted.header("Host") == "sandbox.connpay.com"


def test_curl_data_urlencode_file_is_a_problem():
    pasted = parse("curl https://h/paynet/api/v2/status/1 --data-urlencode login@body.txt -d client_orderid=1")
    assert pasted.problems == ["--data-urlencode 'login@body.txt' reads a file, which is not in the paste."]


def test_curl_short_flags_with_their_value_attached():
    pasted = parse("curl -XPUT -H'X-Trace: 1' -dlogin=demo -d'client_orderid=R1' https://h/paynet/api/v2/status/1")
    assert (pasted.method, pasted.fields) == ("PUT", {"login": "demo", "client_orderid": "R1"})
    assert pasted.header("X-Trace") == "1"


def test_curl_data_urlencode_with_a_lone_surrogate_is_read_not_raised():
    # A JSON string can carry one (the routes refuse it first; the core must not raise on it either).
    pasted = parse("curl https://h/paynet/api/v2/status/1 --data-urlencode 'order_desc=a\ud800b'")
    assert pasted.fields == {"order_desc": "a?b"}


def test_url_with_query():
    pasted = parse("https://sandbox.payneteasy.com/paynet/api/v2/status/1111?login=demo&client_orderid=R1")
    assert (pasted.source, pasted.path, pasted.fields) == ("url", "/paynet/api/v2/status/1111",
                                                            {"login": "demo", "client_orderid": "R1"})


def test_log_line_with_url_and_body():
    pasted = parse("2026-11-20 10:00:01 INFO PaymentClient - POST https://gate.x.com/paynet/api/v2/status/1111 "
                   "body=login=demo&client_orderid=R1&orderid=7000001&control=abc (took 120 ms)")
    assert pasted.source == "log" and pasted.path == "/paynet/api/v2/status/1111"
    assert pasted.fields == {"login": "demo", "client_orderid": "R1", "orderid": "7000001", "control": "abc"}


def test_bare_body_one_per_line():
    pasted = parse("login=demo\n&client_orderid=R1\n&orderid=7000001\n")
    assert (pasted.source, pasted.fields) == ("body", {"login": "demo", "client_orderid": "R1", "orderid": "7000001"})


def test_unencoded_ampersand_leaves_a_fragment():
    assert parse("login=demo&order_desc=A & B&client_orderid=1").fragments == [" B"]


def test_header_problem_names_the_line():
    pasted = parse("POST /paynet/api/v2/status/1 HTTP/1.1\nHost: h\nthis is not a header\n\nlogin=a")
    assert pasted.problems == ["line 3: not a header, ignored: 'this is not a header'"]


@pytest.mark.parametrize("text", ["", "hello world", "{}", "curl", "curl '", "POST", "=&=&", "\x00\xff"])
def test_garbage_does_not_crash(text):
    parse(text)


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_fuzzed_input_never_crashes(text):
    parse(text)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(["curl ", "POST ", "/api/v2/", "status/", "group/", "1", "&", "=", "login", "'", '"',
                                 "\\\n", "\n", " -d ", " -H ", "HTTP/1.1", "?", "https://", "%", "+", "¤cy"])))
def test_fuzzed_shaped_input_never_crashes(chunks):
    parse("".join(chunks))
