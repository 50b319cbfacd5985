import pytest

from paynet import amounts
from paynet.amounts import AmountError, iso_exponent, to_iso_minor, to_minor


@pytest.mark.parametrize("text, minor", [
    ("5.00", "500"), ("10.5", "1050"), ("69", "6900"), ("1.15", "115"), ("10.42", "1042"),
    ("0.29", "29"), ("19.99", "1999"), ("1234567.89", "123456789"), ("05.00", "500"),
    ("0", "0"), (" 8.2 ", "820"),
])
def test_to_minor_exact_x100(text, minor):
    assert to_minor(text) == minor


@pytest.mark.parametrize("text, message", [
    ("1.005", "has more than 2 decimals (got '1.005'); the control string carries cents"),
    ("-5", "must not be negative (got '-5')"),
    ("5,00", "must use '.' as the decimal delimiter, not ',' (got '5,00')"),
    ("1e3", "must be plain digits, not exponent notation (got '1e3')"),
    ("ten", "must be a number in major units like 10.42 (got 'ten')"),
    (".5", "must be a number in major units like 10.42 (got '.5')"),
    ("5.", "must be a number in major units like 10.42 (got '5.')"),
    ("", "is empty"),
])
def test_to_minor_rejects(text, message):
    with pytest.raises(AmountError) as exc:
        to_minor(text)
    assert str(exc.value) == message


@pytest.mark.parametrize("text, limit, message", [
    ("0.30000000000000004", 10, "must be at most 10 characters (got 19); has more than 2 decimals (got "
                                "'0.30000000000000004'); the control string carries cents"),
    ("-1,5", 10, "must not be negative (got '-1,5'); must use '.' as the decimal delimiter, not ',' (got '-1,5')"),
    ("-0.305", 10, "must not be negative (got '-0.305'); has more than 2 decimals (got '-0.305'); the control "
                   "string carries cents"),
    ("12345678901", 10, "must be at most 10 characters (got 11)"),
    ("x" * 70, 10, "must be at most 10 characters (got 70); must be a number in major units like 10.42 (got '"
                   + "x" * 64 + "…')"),
])
def test_a_refusal_names_every_rule_the_amount_breaks(text, limit, message):
    with pytest.raises(AmountError) as exc:
        amounts.parse_amount(text, limit)
    assert str(exc.value) == message


@pytest.mark.parametrize("code, exponent", [
    ("USD", 2), ("JPY", 0), ("KWD", 3), ("usd", 2), ("XAU", None), ("ZZZ", None)])
def test_iso_exponent_from_iso4217(code, exponent):
    assert iso_exponent(code) == exponent


@pytest.mark.parametrize("text, exponent, minor", [("1000", 0, "1000"), ("1.5", 3, "1500"), ("10.42", 0, "10.42")])
def test_to_iso_minor(text, exponent, minor):
    assert to_iso_minor(text, exponent) == minor


def test_to_minor_is_exact_beyond_28_digits():
    assert to_minor("1234567890123456789012345678901.23") == "123456789012345678901234567890123"


def test_to_iso_minor_is_exact_beyond_28_digits():
    assert to_iso_minor("1234567890123456789012345678901.23", 3) == "1234567890123456789012345678901230"


@pytest.mark.parametrize("text", ["١٢", "٣.٥٠", "1²", "１２"])
def test_only_ascii_digits_make_an_amount(text):
    with pytest.raises(AmountError) as exc:
        to_minor(text)
    assert str(exc.value) == f"must be a number in major units like 10.42 (got {text!r})"


def test_amounts_over_64_characters_are_not_read():
    assert to_minor("9" * 64) == "9" * 64 + "00"
    with pytest.raises(AmountError) as exc:
        to_minor("9" * 65)
    assert str(exc.value) == "must be at most 64 characters (got 65)"


@pytest.mark.parametrize("text, rounding, cents", [
    ("10.005", "ROUND_DOWN", "1000"), ("10.005", "ROUND_HALF_UP", "1001"), ("10.005", "ROUND_HALF_EVEN", "1000"),
    ("10.015", "ROUND_HALF_EVEN", "1002"), ("0.30000000000000004", "ROUND_HALF_EVEN", "30"),
    ("9" * 60 + ".995", "ROUND_HALF_UP", "1" + "0" * 62),  # exact at the read limit, never rounded by precision
])
def test_cents_of_an_amount_with_more_decimals(text, rounding, cents):
    assert amounts.cents(amounts.read_decimals(text), rounding) == cents


@pytest.mark.parametrize("text, artifact", [
    ("0.30000000000000004", True), ("4.3499999999999996", True), ("1.1500000000000001", True),
    ("10.005", False), ("0.30000001", False), ("10.00", False), ("1e5", False), ("-0.30000000000000004", False),
])
def test_float_artifact(text, artifact):
    assert amounts.is_float_artifact(text) is artifact


def test_read_decimals_refuses_what_is_not_plain_or_too_long():
    assert (amounts.read_decimals("1,5"), amounts.read_decimals("1" * 65), amounts.read_decimals("²")) == (
        None, None, None)
