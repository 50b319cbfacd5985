"""The field mistakes (debugger/field_mistakes.py) and the callback recipe used for the other kind, named by the
core: each control below was made by hand, `printf %s '<string><key>' | sha1sum`, with the string in the comment."""

import pytest

from debugger import callbacks, diagnose, paste
from paynet.command import Command
from paynet.signing import KEY, MINOR_AMOUNT, if_sent
from tests.conftest import DOC_KEY

RECIPES = {  # as the builder's commands declare them (forms/commands)
    "status": ("login", "client_orderid", "orderid", KEY),
    "capture": ("login", "client_orderid", "orderid", if_sent(MINOR_AMOUNT), if_sent("currency", "amount"), KEY),
    "return": ("login", "client_orderid", "orderid", if_sent(MINOR_AMOUNT), if_sent("currency"), KEY),
    "make-rebill-sale": ("login", "client_orderid", "cardrefid", if_sent(MINOR_AMOUNT), "currency", KEY),
}
SPECS = {name: Command(name, recipe=recipe) for name, recipe in RECIPES.items()}
UPLOAD = Command("upload-cres-result", recipe=("login", "client-order-id", "orderid", KEY), prefix="/api/3ds/v1",
                 group_segment=False)
STATUS = "login=demo&client_orderid=R1&orderid=7000001"
REBILL = "login=demo&client_orderid=R1&cardrefid=1461665&amount=1.15&currency=USD"


def named(path: str, body: str, specs=SPECS, **meant) -> list[str]:
    pasted = paste.parse(f"POST /paynet{path} HTTP/1.1\nHost: h\n\n{body}")
    result = diagnose.diagnose(pasted, diagnose.detect(pasted, specs), DOC_KEY, **meant)
    assert result.verdict == "mismatch"
    return [(m.id, m.masked_string) for m in result.diagnosis]


@pytest.mark.parametrize("path, body, meant, found", [
    # "demoR1R1": client_orderid's value in orderid's place.
    ("/api/v2/status/1111", STATUS + "&control=d577c89e833c1c85f53993060ba7c045dc67ddcb", {},
     [("client-orderid-for-orderid", "demoR1R1***")]),
    # "demo70000017000001": orderid's value in client_orderid's place.
    ("/api/v2/status/1111", STATUS + "&control=8d786288ccc75fdd620f2ebc24fd6f540187f7aa", {},
     [("orderid-for-client-orderid", "demo70000017000001***")]),
    # "demoC17000001nullnull": a Java client's null amount and currency (the gateway signs neither when unsent).
    ("/api/v2/capture/1111", "login=demo&client_orderid=C1&orderid=7000001"
     "&control=fe2d035d4122ee97400ffe2efddb8466f5acdbcc", {},
     [("null-signed-for-empty", "demoC17000001nullnull***")]),
    # "demoR11461665115": the currency sent, left out of the string.
    ("/api/v2/make-rebill-sale/1111", REBILL + "&control=830a215c7b64edd5a8f79caf350c0e60713db12d", {},
     [("field-sent-not-signed", "demoR11461665115***")]),
    # "demoR170000011000USD": the currency the merchant meant, signed but not sent.
    ("/api/v2/return/1111", STATUS + "&amount=10.00&control=187561e6cf6ff319983b41f0a4adde6c96d2fea3",
     {"meant_currency": "USD"}, [("field-signed-not-sent", "demoR170000011000USD***")]),
])
def test_field_mistakes_are_named(path, body, meant, found):
    assert named(path, body, **meant) == found


def test_a_field_sent_under_another_name_is_signed_but_not_sent():
    # "demoM17000001": upload-cres-result's client-order-id sent as client_orderid, its value signed.
    body = "cRes=e30&orderid=7000001&login=demo&client_orderid=M1&control=b568121c2d8a61a4b1aeeeae1dcd07c41d53e8f9"
    found = named("/api/3ds/v1/upload-cres-result/2222", body, {"upload-cres-result": UPLOAD})
    assert found == [("field-signed-not-sent", "demoM17000001***")]


def test_the_messages_name_the_fields():
    pasted = paste.parse("POST /paynet/api/v2/capture/1111 HTTP/1.1\n\nlogin=demo&client_orderid=C1&orderid=7000001"
                         "&control=fe2d035d4122ee97400ffe2efddb8466f5acdbcc")
    result = diagnose.diagnose(pasted, diagnose.detect(pasted, SPECS), DOC_KEY)
    assert [m.message for m in result.diagnosis] == [
        "'null' was signed for what was empty or not sent (amount, currency): the client wrote a null value into "
        "the string, where the gateway signs nothing."]


CALLBACK = "status=approved&orderid=7000001&merchant_order={}&client_orderid={}&control={}"


@pytest.mark.parametrize("raw, kind, found", [
    # "approvedR1R1": client_orderid's value in orderid's place.
    (CALLBACK.format("R1", "R1", "62606750f1f3b52042047be7f34a9631b9c3a95f"), "callback",
     [("client-orderid-for-orderid", "approvedR1R1***")]),
    # "approved70000017000001": orderid's value in merchant_order's place.
    (CALLBACK.format("R1", "R1", "23574031dc87deb1bcfb2612a279d1598e618a77"), "callback",
     [("orderid-for-client-orderid", "approved70000017000001***")]),
    # "approved7000001None": a Python client's absent merchant_order.
    ("status=approved&orderid=7000001&control=823e7f4c01aa2ae7830f61e8f6d388631a961b76", "callback",
     [("null-signed-for-empty", "approved7000001None***")]),
    # "approved7000001C9": the final redirect's recipe for a callback (the kind chosen).
    (CALLBACK.format("M1", "C9", "0362cb386efc4648dc06d5510a97233b336e7f9a"), "callback",
     [("redirect-formula-for-callback", "approved7000001C9***")]),
    # "approved7000001M1": the callback's recipe for a final redirect (the kind chosen) ...
    (CALLBACK.format("M1", "C9", "15f1d0d277eca2113b8479856686948d2c14feb8"), "redirect",
     [("callback-formula-for-redirect", "approved7000001M1***")]),
    # ... or said by the method: the payer's browser POSTs a final redirect.
    ("POST /return HTTP/1.1\nHost: shop.example\n\n" + CALLBACK.format("M1", "C9", "15f1d0d277eca2113b8479856686948d2c"
                                                                       "14feb8"), None,
     [("callback-formula-for-redirect", "approved7000001M1***")]),
])
def test_callback_mistakes_are_named(raw, kind, found):
    result = callbacks.verify(raw, DOC_KEY, kind)
    assert (result["kind"], result["match"], result["kinds"]) == (kind or "redirect", False, [])
    assert [(d["id"], d["string_to_sign"]) for d in result["diagnosis"]] == found


def test_without_a_kind_or_method_the_other_recipe_still_matches():
    result = callbacks.verify(CALLBACK.format("M1", "C9", "15f1d0d277eca2113b8479856686948d2c14feb8"), DOC_KEY)
    assert (result["kind"], result["match"], result["kinds"], result["diagnosis"]) == (
        "callback", True, ["callback"], [])
