"""Whether the key a check uses is the merchant's: its fingerprint against the one the merchant shared."""

from paynet.fingerprint import fingerprint
from paynet.i18n import N_, _

SAME = N_("Same key as the merchant's: both fingerprints are %(merchant)s.")
DIFFERENT = N_("You are checking with a different key than the merchant's: its fingerprint is %(merchant)s, yours is "
               "%(yours)s.")
NO_KEY = N_("The signature cannot be checked without a key: the fingerprint %(merchant)s tells which key the "
            "merchant uses, not the key itself. Type the key to check the control.")


def compare(key: str, merchant: str) -> dict | None:
    """`merchant`: a fingerprint already read (paynet.fingerprint.read), or "" for none -> None.
    Else {merchant, yours (or None without a key), same (None without a key), message}."""
    if not merchant:
        return None
    yours = fingerprint(key) or None
    if yours is None:
        same, message = None, _(NO_KEY, merchant=merchant)
    elif yours == merchant:
        same, message = True, _(SAME, merchant=merchant)
    else:
        same, message = False, _(DIFFERENT, merchant=merchant, yours=yours)
    return {"merchant": merchant, "yours": yours, "same": same, "message": message}
