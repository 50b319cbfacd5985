"""Expected digests were computed once by hand (sha1 of the written-out string) and written down."""

from paynet.signing import KEY, MINOR_AMOUNT, TARGET, if_sent, same_control, trace

KEY_TEXT = "B17F59B4-A7DC-41B4-8FF9-37D986B43D20"
FORM = (TARGET, "client_orderid", if_sent(MINOR_AMOUNT), "email", KEY)
REBILL = ("login", "client_orderid", "cardrefid", if_sent(MINOR_AMOUNT), "currency", KEY)
DOC_VALUES = {"client_orderid": "902B4FF5", "amount": "10.42", "email": "john.smith@gmail.com"}


def test_trace_docs_worked_example():
    t = trace(FORM, DOC_VALUES, "1111", KEY_TEXT)
    assert t.string_to_sign == "1111902B4FF51042john.smith@gmail.comB17F59B4-A7DC-41B4-8FF9-37D986B43D20"
    assert t.signature == "c6bdd88a78834ef4b863b088827a459f039e8257"
    assert t.parts == [("target", "1111"), ("client_orderid", "902B4FF5"), ("amount", "1042"),
                       ("email", "john.smith@gmail.com"), ("merchant_control", KEY_TEXT)]


def test_trace_group_id_first():
    t = trace(FORM, DOC_VALUES, "39539", KEY_TEXT)
    assert t.signature == "eca5b66aa6f3dc48bf31da886b9f62e38598b077"


def test_trace_if_sent_amount_left_out_not_zero():
    t = trace(FORM, {**DOC_VALUES, "amount": "  "}, "1111", KEY_TEXT)
    assert t.string_to_sign == "1111902B4FF5john.smith@gmail.com" + KEY_TEXT
    assert t.signature == "fd763f1c92340a0c73a345459053df6d759ef29f"


def test_trace_rebill_recipe():
    values = {"login": "login", "client_orderid": "902B4FF5", "cardrefid": "1461665",
              "amount": "5.00", "currency": "USD"}
    assert trace(REBILL, values, "", KEY_TEXT).signature == "47292a32899d142810fc11f1989aa17efe038059"
    values["amount"] = "1.15"
    assert trace(REBILL, values, "", KEY_TEXT).signature == "136c83550ca9c740199af5299bfc1e6a67ab8887"


def test_trace_trims_and_untrimmed_differs():
    values = {**DOC_VALUES, "client_orderid": " 902B4FF5 "}
    assert trace(FORM, values, "1111", KEY_TEXT).signature == "c6bdd88a78834ef4b863b088827a459f039e8257"
    assert trace(FORM, values, "1111", KEY_TEXT, trim=False).signature == \
        "683f20e1392b5981170dbb8efa6e5f0b8f343541"


def test_trace_without_key_has_no_signature():
    t = trace(FORM, DOC_VALUES, "1111", "")
    assert t.signature is None
    assert t.string_to_sign == "1111902B4FF51042john.smith@gmail.com"


def test_trace_masks_key_unless_revealed():
    t = trace(FORM, DOC_VALUES, "1111", KEY_TEXT)
    masked = t.to_dict()
    assert masked["string_to_sign"] == "1111902B4FF51042john.smith@gmail.com***"
    assert masked["parts"][-1] == {"name": "merchant_control", "value": "***"}
    assert KEY_TEXT not in str(masked)
    assert t.to_dict(reveal=True)["string_to_sign"].endswith(KEY_TEXT)


def test_same_control():
    assert same_control("c6bdd88a78834ef4b863b088827a459f039e8257", "c6bdd88a78834ef4b863b088827a459f039e8257")
    assert not same_control("C6BDD88A78834EF4B863B088827A459F039E8257", "c6bdd88a78834ef4b863b088827a459f039e8257")
