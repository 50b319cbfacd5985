"""Whether the key a check uses is the merchant's, by fingerprint (debugger/fingerprints.py)."""

from debugger.fingerprints import compare

DOC_KEY = "B17F59B4-A7DC-41B4-8FF9-37D986B43D20"


def test_same_key():
    assert compare(f" {DOC_KEY} ", "f2e7e74d") == {
        "merchant": "f2e7e74d", "yours": "f2e7e74d", "same": True,
        "message": "Same key as the merchant's: both fingerprints are f2e7e74d."}


def test_a_different_key_names_both_fingerprints():
    assert compare(DOC_KEY, "3fbffb70") == {
        "merchant": "3fbffb70", "yours": "f2e7e74d", "same": False,
        "message": "You are checking with a different key than the merchant's: its fingerprint is 3fbffb70, yours "
                   "is f2e7e74d."}


def test_a_fingerprint_alone_cannot_check_the_signature():
    assert compare("  ", "3fbffb70") == {
        "merchant": "3fbffb70", "yours": None, "same": None,
        "message": "The signature cannot be checked without a key: the fingerprint 3fbffb70 tells which key the "
                   "merchant uses, not the key itself. Type the key to check the control."}


def test_no_fingerprint_no_check():
    assert compare(DOC_KEY, "") is None
