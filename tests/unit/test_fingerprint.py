"""A key's fingerprint: the values the documented one-liner gives, the gateway's trimming, the field's rule."""

import pytest

from paynet.fingerprint import fingerprint, read

DOC_KEY = "B17F59B4-A7DC-41B4-8FF9-37D986B43D20"
OTHER_KEY = "5ab9c31e-0b5a-4d52-9c1e-7f3a2d6e8b40"


def test_fingerprints_equal_the_shell_one_liner():
    # printf %s "paynet-key:$KEY" | sha256sum | cut -c1-8, run by hand on each key
    assert fingerprint(DOC_KEY) == "f2e7e74d"
    assert fingerprint(OTHER_KEY) == "3fbffb70"


def test_the_key_is_trimmed_as_the_gateway_trims_it_and_its_case_kept():
    assert fingerprint(f"  {OTHER_KEY}\t\n") == "3fbffb70"  # the one-liner on the untrimmed text gives 6e1d13a1
    assert fingerprint(DOC_KEY.lower()) == "541fd210"
    assert fingerprint("\u00a0" + DOC_KEY) != "f2e7e74d"  # a no-break space is not trimmed by Java's trim()


def test_no_key_has_no_fingerprint():
    assert (fingerprint(""), fingerprint(" \t"), fingerprint(None)) == ("", "", "")


def test_read_accepts_either_case_and_normalises_to_lower():
    assert (read("F2E7E74D"), read(" 3fbffb70 "), read(""), read(None), read("  ")) == (
        "f2e7e74d", "3fbffb70", "", "", "")


@pytest.mark.parametrize("value", ["f2e7e74", "f2e7e74d0", "g2e7e74d", "f2e7 e74d", DOC_KEY, 12345678, ["f2e7e74d"]])
def test_read_refuses_anything_but_8_hex_digits_naming_the_field(value):
    with pytest.raises(ValueError) as caught:
        read(value, "fingerprint")
    assert str(caught.value) == ("fingerprint must be 8 hexadecimal digits (0-9, a-f, either case): the key "
                                 "fingerprint the tool shows next to a key.")
