"""paynet/dapi.py: the DAPI key from the control key, the transfer's strings in both check-transfer variants, and
HMAC-SHA1 in upper-case hex, against a vector of our own computed with openssl (tests/samples.py)."""

import pytest

from paynet import dapi
from tests.samples import (
    DAPI_CARDS,
    DAPI_CHECK,
    DAPI_CHECK_CARDS,
    DAPI_CHECK_CARDS_SIGNATURE,
    DAPI_CHECK_SIGNATURE,
    DAPI_FIELDS,
    DAPI_INITIATE,
    DAPI_INITIATE_SIGNATURE,
    DAPI_KEY,
    DAPI_NONCE,
)


def traces(result) -> list[tuple]:
    return [(s.recipe.name, s.recipe.variant, s.string_to_sign, s.signature) for s in result.signatures]


def test_the_vector_signs_every_string():
    result = dapi.sign(DAPI_FIELDS, DAPI_KEY)
    assert (result.errors, result.warnings, result.key_bytes) == ({}, [], 16)
    assert traces(result) == [
        ("initiate-transfer", "", DAPI_INITIATE, DAPI_INITIATE_SIGNATURE),
        ("check-transfer", "code", DAPI_CHECK, DAPI_CHECK_SIGNATURE),
        ("check-transfer", "swagger", DAPI_CHECK, DAPI_CHECK_SIGNATURE),
    ]
    assert result.check_variants_agree


def test_the_check_variants_differ_by_the_card_ids():
    result = dapi.sign({**DAPI_FIELDS, **DAPI_CARDS}, DAPI_KEY)
    assert traces(result)[1:] == [("check-transfer", "code", DAPI_CHECK, DAPI_CHECK_SIGNATURE),
                                  ("check-transfer", "swagger", DAPI_CHECK_CARDS, DAPI_CHECK_CARDS_SIGNATURE)]
    assert [n for n, _v in result.signatures[2].parts] == [
        "serialNumber", "nonce", "destinationServerCardId", "endpointId", "invoiceId", "sourceServerCardId"]
    assert not result.check_variants_agree


def test_one_card_id_alone_goes_where_the_swagger_puts_it():
    result = dapi.sign({**DAPI_FIELDS, "sourceServerCardId": "815"}, DAPI_KEY)
    assert result.signatures[2].string_to_sign == DAPI_CHECK + "815"


def test_the_string_is_utf8():
    # printf %s 'Смартфон-1<nonce>11118b1f3c2e-4d5a-4e6f-9a7b-0c1d2e3f4a5b' |
    #   openssl dgst -sha1 -mac HMAC -macopt hexkey:B17F59B4A7DC41B48FF937D986B43D20
    result = dapi.sign({**DAPI_FIELDS, "serialNumber": "Смартфон-1"}, DAPI_KEY)
    assert result.signatures[1].string_to_sign == "Смартфон-1" + DAPI_NONCE + "11118b1f3c2e-4d5a-4e6f-9a7b-0c1d2e3f4a5b"
    assert result.signatures[1].signature == "7DFA09E9F0D8A52AA4C9E5FB427A6B8079510BB0"


def test_the_key_is_the_control_key_without_dashes_hex_decoded():
    assert dapi.derive_key(DAPI_KEY) == bytes.fromhex("B17F59B4A7DC41B48FF937D986B43D20")
    assert dapi.derive_key("ab-CD") == b"\xab\xcd"


def test_without_a_key_the_strings_are_built_and_nothing_is_signed():
    result = dapi.sign(DAPI_FIELDS)
    assert [s.signature for s in result.signatures] == [None, None, None]
    assert result.signatures[0].string_to_sign == DAPI_INITIATE and result.key_bytes is None
    assert result.to_dict()["control_key"] == "" and result.to_dict()["masked"] == []


def test_nothing_is_trimmed():
    result = dapi.sign({**DAPI_FIELDS, "currency": " EUR"}, DAPI_KEY)
    assert result.signatures[0].string_to_sign == DAPI_INITIATE[:-3] + " EUR"
    assert result.warnings == [{"field": "currency", "code": "whitespace", "message": (
        "currency has leading or trailing whitespace: signed as typed (the reference proxy trims nothing).")},
        {"field": "currency", "code": "currency", "message": (
            "currency should be three upper-case letters (the ISO 4217 alpha code): signed as typed.")}]


@pytest.mark.parametrize(("key", "problems"), [
    ("", ["control_key is empty: type the control key the gateway issued."]),
    ("B17F59B4-A7DC-41B4-8FF9-37D986B43D2", ["control_key has an odd number of hex digits (31) once its dashes are "
                                            "removed: each byte is two digits."]),
    ("B17F59B4-A7DC-41B4-8FF9-37D986B43D2G", ["control_key has characters that are neither hex digits (0-9, A-F) "
                                             "nor dashes: 1, the first at position 36."]),
    ("CANARY-KEY-7f3e9a1c-do-not-leak", ["control_key has characters that are neither hex digits (0-9, A-F) nor "
                                         "dashes: 11, the first at position 3."]),
    (DAPI_KEY + "\n", ["control_key has spaces or line breaks: remove them (only dashes are removed before "
                       "decoding)."]),
    (" x" + DAPI_KEY, ["control_key has spaces or line breaks: remove them (only dashes are removed before "
                       "decoding).", "control_key has characters that are neither hex digits (0-9, A-F) nor "
                       "dashes: 1, the first at position 2."]),
    ("----", ["control_key has no hex digits, only dashes."]),
])
def test_key_problems_are_named_and_never_show_the_key(key, problems):
    assert dapi.key_problems(key) == problems
    with pytest.raises(dapi.KeyProblem):
        dapi.derive_key(key)


def test_a_bad_key_signs_nothing_and_names_the_field():
    result = dapi.sign(DAPI_FIELDS, "B17F59B4-A7D")
    assert result.errors == {"control_key": ["control_key has an odd number of hex digits (11) once its dashes are "
                                             "removed: each byte is two digits."]}
    assert [s.signature for s in result.signatures] == [None, None, None]


def test_lower_case_and_short_keys_sign_with_warnings():
    result = dapi.sign(DAPI_FIELDS, DAPI_KEY.lower())
    assert result.signatures[0].signature == DAPI_INITIATE_SIGNATURE  # the same bytes
    assert [w["code"] for w in result.warnings] == ["lowercase-hex"]
    assert result.warnings[0]["message"] == (
        "control_key has lower-case hex digits: decoded here as the same bytes, but the reference proxy (Guava's "
        "base16) refuses lower case; the gateway issues keys in upper case.")
    short = dapi.sign(DAPI_FIELDS, "ABCD")
    assert short.key_bytes == 2 and short.warnings == [{"field": "control_key", "code": "key-length", "message": (
        "control_key has 4 hex digits; the gateway's control keys have 32 (a UUID): is it whole?")}]


def test_the_key_is_masked_unless_revealed():
    result = dapi.sign(DAPI_FIELDS, DAPI_KEY)
    assert (result.to_dict()["control_key"], result.to_dict()["masked"]) == ("***", ["control_key"])
    assert (result.to_dict(reveal=True)["control_key"], result.to_dict(reveal=True)["masked"]) == (DAPI_KEY, [])
    assert DAPI_KEY not in repr(result)


@pytest.mark.parametrize(("amount", "message"), [
    ("10.42", "amountCentis is an integer in minor units (1.00 EUR = 100): 10.42 is 1042."),
    ("0100", "amountCentis has leading zeros: the proxy signs the number as Java prints it, 100."),
    ("-5", "amountCentis must not be negative."),
    ("9223372036854775808", "amountCentis must fit a Java long (at most 9223372036854775807)."),
    ("9" * 400, "amountCentis must fit a Java long (at most 9223372036854775807)."),
    ("10,42", "amountCentis must be a whole number of minor units in ASCII digits, like 1042 (got '10,42')."),
    ("١٢", "amountCentis must be a whole number of minor units in ASCII digits, like 1042 (got '١٢')."),
    ("1.005", "amountCentis must be a whole number of minor units in ASCII digits, like 1042 (got '1.005')."),
])
def test_amount_centis_is_a_java_long_in_minor_units(amount, message):
    result = dapi.sign({**DAPI_FIELDS, "amountCentis": amount}, DAPI_KEY)
    assert result.errors == {"amountCentis": [message]}
    assert [s.signature for s in result.signatures] == [None, None, None]


def test_amount_centis_limits_pass():
    for amount in ("0", "9223372036854775807"):
        assert dapi.sign({**DAPI_FIELDS, "amountCentis": amount}, DAPI_KEY).errors == {}


def test_lengths_the_docs_give_are_warnings_and_a_long_value_an_error():
    result = dapi.sign({**DAPI_FIELDS, "nonce": "n1", "serialNumber": "s" * 51}, DAPI_KEY)
    assert [(w["field"], w["message"]) for w in result.warnings] == [
        ("serialNumber", "serialNumber has 51 characters; the docs give 1 to 50."),
        ("nonce", "nonce has 2 characters; the docs give 32 to 128.")]
    assert result.errors == {}
    long = dapi.sign({**DAPI_FIELDS, "invoiceId": "i" * 1001}, DAPI_KEY)
    assert long.errors == {"invoiceId": ["invoiceId is 1001 characters long; at most 1000 are read here."]}
