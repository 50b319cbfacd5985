"""The 3-D Secure results the sandbox's challenge page would post, and reading them back when a merchant
uploads one (upload-cres-result, upload-pares-result).

The encodings are the protocols' own: a CRes (EMV 3-D Secure 2) is base64url JSON whose `transStatus` is
`Y` (authenticated) or `N` (not authenticated); a PaRes (3-D Secure 1.0.2) is base64 of zlib-deflated XML
whose `<TX><status>` is `Y` or `N`. Each names the order in its transaction id, so a value from another
order is refused.
"""

import base64
import binascii
import json
import re
import uuid
import zlib

RESULT_FIELDS = ("cRes", "paRes")  # the upload commands' tables: cRes (4096), paRes (10240)
STATUS = {True: "Y", False: "N"}
_INFLATE_LIMIT = 64 * 1024  # a PaRes is a few KiB: a "zip bomb" is cut here, and then refused


class Unreadable(ValueError):
    """The uploaded value is not a result of this order; the message names the field and the rule."""


def trans_id(token: str) -> str:
    """The order's transaction id in both messages: its payer-page token as a UUID."""
    return str(uuid.UUID(hex=token))


def encode(field: str, token: str, authenticated: bool) -> str:
    """The value the challenge page would post to the merchant, for `field` (cRes or paRes)."""
    status = STATUS[authenticated]
    if field == "cRes":
        message = {"messageType": "CRes", "messageVersion": "2.1.0", "threeDSServerTransID": trans_id(token),
                   "acsTransID": trans_id(token), "challengeCompletionInd": "Y", "transStatus": status}
        return base64.urlsafe_b64encode(json.dumps(message, separators=(",", ":")).encode()).decode().rstrip("=")
    xml = (f'<ThreeDSecure><Message id="{trans_id(token)}"><PARes id="{trans_id(token)}"><version>1.0.2</version>'
           f"<TX><status>{status}</status></TX></PARes></Message></ThreeDSecure>")
    return base64.b64encode(zlib.compress(xml.encode())).decode()


def decode(field: str, value: str, token: str) -> bool:
    """True for an authenticated result of this order, False for a failed one; Unreadable otherwise."""
    raw = _unbase64(field, value)
    if field == "cRes":
        try:
            message = json.loads(raw)
        except (UnicodeDecodeError, ValueError, RecursionError):  # 3,000 "[" fit in 4096 characters
            raise Unreadable("cRes must be base64url JSON (a CRes message), as the ACS posts it.") from None
        if not isinstance(message, dict) or message.get("messageType") != "CRes":
            raise Unreadable("cRes must hold a CRes message (messageType CRes).")
        owner, status = message.get("threeDSServerTransID"), message.get("transStatus")
    else:
        text = _inflate(raw)
        owner = (re.search(r'<Message id="([^"]*)"', text) or [None, None])[1]
        status = (re.search(r"<TX>.*?<status>([^<]*)</status>", text, re.S) or [None, None])[1]
    if owner != trans_id(token):
        raise Unreadable(f"{field} belongs to another order (its transaction id is not this order's).")
    if status not in STATUS.values():
        raise Unreadable(f"{field} must say Y (authenticated) or N (not authenticated); got {status!r}.")
    return status == "Y"


def _unbase64(field: str, value: str) -> bytes:
    text = value.strip().replace("-", "+").replace("_", "/")
    try:
        return base64.b64decode(text + "=" * (-len(text) % 4), validate=True)
    except (binascii.Error, ValueError):
        raise Unreadable(f"{field} must be base64, as the ACS posts it.") from None


def _inflate(raw: bytes) -> str:
    try:
        inflater = zlib.decompressobj()
        text = inflater.decompress(raw, _INFLATE_LIMIT)
        if inflater.unconsumed_tail:
            raise Unreadable(f"paRes inflates to more than {_INFLATE_LIMIT} bytes.")
        return text.decode()
    except (zlib.error, UnicodeDecodeError):
        raise Unreadable("paRes must be base64 of deflated XML (a PARes message), as the ACS posts it.") from None
