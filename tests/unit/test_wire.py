import pytest

from paynet.wire import UnparseableResponse, decode_form, encode_body, encode_response, parse_pairs

DOC_SUCCESS = """&type=async-response
&serial-number=00000000-0000-0000-0000-000002e0d498
&merchant-order-id=902B4FF5
&paynet-order-id=6937030
&end-point-id=46750
"""


def test_parse_pairs_docs_example_one_per_line():
    assert parse_pairs(DOC_SUCCESS) == {
        "type": "async-response", "serial-number": "00000000-0000-0000-0000-000002e0d498",
        "merchant-order-id": "902B4FF5", "paynet-order-id": "6937030", "end-point-id": "46750"}


def test_parse_pairs_strips_newline_and_decodes():
    body = "type=validation-error\n&error-message=End+point+with+id+99999+not+found\n&error-code=3\n"
    assert parse_pairs(body) == {"type": "validation-error",
                                 "error-message": "End point with id 99999 not found", "error-code": "3"}


def test_parse_pairs_keeps_encoded_newlines_inside_values():
    assert parse_pairs("html=%3Cp%3E%0Ahi%3C%2Fp%3E\n")["html"] == "<p>\nhi</p>"


@pytest.mark.parametrize("text", ["", "<html><body>oops</body></html>", "just words", "\n\n"])
def test_parse_pairs_rejects_garbage(text):
    with pytest.raises(UnparseableResponse):
        parse_pairs(text)


def test_encode_body_order_and_escaping():
    assert encode_body([("order_desc", "A & B + C"), ("email", "a@b.c")]) == \
        "order_desc=A+%26+B+%2B+C&email=a%40b.c"


def test_encode_response_newline_after_each_value():
    assert encode_response([("type", "async-response"), ("error-message", "a b")]) == \
        "type=async-response\n&error-message=a+b\n"


def test_decode_form_names_values_that_are_not_utf8():
    assert decode_form(b"a=%C3%A9+x&b=%FF%FE&c=%20ok%0A&d") == ({"a": "é x", "b": "", "c": "ok", "d": ""}, ["b"])
