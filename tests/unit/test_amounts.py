import pytest

from gateway.amounts import AmountError, iso_exponent, to_iso_minor, to_minor


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
