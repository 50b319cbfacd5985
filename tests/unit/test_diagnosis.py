"""The debugger's diagnosis record: what diagnose() builds into it, and its one masking step, to_dict."""

from dataclasses import replace

from debugger import diagnose, paste
from debugger.diagnosis import Diagnosis, Mistake, PartRow, Prefill, Target, Verdict
from paynet.command import Command
from paynet.signing import KEY, MINOR_AMOUNT, as_part
from tests.conftest import DOC_KEY

SECRET = "SeCrEtKeY-1234"
CARD = "4538977399606732"  # Luhn-valid: masked as a card wherever it is not exact
CONTROL = CARD + "abcdefabcdefabcdefabcdef"  # a control whose leading digits look like a card
REBILL = Command("make-rebill-sale", recipe=tuple(as_part(p) for p in ("login", "client_orderid", "cardrefid",
                                                                       MINOR_AMOUNT, "currency", KEY)))


def a_mismatch() -> Diagnosis:
    return Diagnosis(
        "status", "url", Target("endpoint", "1111"),
        {"login": "demo", "credit_card_number": CARD, "cvv2": "123", "order_desc": f"typed {SECRET}"},
        "0" * 40, "1" * 40, f"demoR1{SECRET}", "demoR1***",
        [PartRow("login", "demo", "demo", 4, False), PartRow("merchant_control", None, "***", 14, False)],
        Verdict.MISMATCH, [], [f"pasted next to {SECRET}"], Prefill("status", {"login": "demo", "endpointid": "1111"}),
        [Mistake("key-whitespace", "The key was signed untrimmed.", f"demoR1 {SECRET}", "demoR1 ***")])


def test_a_mismatch_masked_for_a_reply():
    assert a_mismatch().to_dict(False, (SECRET,)) == {
        "command": "status", "detected_by": "url", "target": {"kind": "endpoint", "id": "1111"},
        "fields": {"login": "demo", "credit_card_number": "453897******6732", "cvv2": "***", "order_desc": "typed ***"},
        "received_control": "0" * 40, "expected_control": "1" * 40, "string_to_sign": "demoR1***",
        "parts": [{"name": "login", "received": "demo", "signed": "demo", "bytes": 4, "left_out": False},
                  {"name": "merchant_control", "received": None, "signed": "***", "bytes": 14, "left_out": False}],
        "match": False, "verdict": "mismatch",
        "diagnosis": [{"id": "key-whitespace", "message": "The key was signed untrimmed.",
                       "string_to_sign": "demoR1 ***"}],
        "lint": [], "notes": ["pasted next to ***"], "explanation": None,
        "builder": {"command": "status", "values": {"login": "demo", "endpointid": "1111"}}}


def test_a_mismatch_revealed_shows_the_key_and_the_card():
    data = a_mismatch().to_dict(True, (SECRET,))
    assert data["string_to_sign"] == "demoR1SeCrEtKeY-1234"
    assert data["diagnosis"][0]["string_to_sign"] == "demoR1 SeCrEtKeY-1234"
    assert data["fields"]["credit_card_number"] == "4538977399606732"
    assert data["notes"] == ["pasted next to SeCrEtKeY-1234"]


def test_the_strings_signed_with_the_key_stay_out_of_the_records_repr():
    record = replace(a_mismatch(), fields={}, notes=[])  # the paste's own text may hold anything
    assert SECRET in record.string_to_sign and SECRET not in repr(record)


def test_what_the_page_hashes_stays_exact_and_the_rest_is_masked():
    hypotheses = {"texts": ["demo", CARD], "expected": {"id": "expected", "segments": [0, 1, None]},
                  "candidates": [], "received": CONTROL, "none_found": f"Tried: {CARD}."}
    record = Diagnosis("status", "parameters", None, {"client_orderid": CARD}, CONTROL, None, "demo" + CARD,
                       "demo" + CARD, [], Verdict.NO_KEY, [], [], Prefill("status", {"client_orderid": CARD}),
                       hypotheses=hypotheses)
    data = record.to_dict(False, ())
    assert data["hypotheses"] == {
        "texts": ["demo", "4538977399606732"], "expected": {"id": "expected", "segments": [0, 1, None]},
        "candidates": [], "received": "4538977399606732abcdefabcdefabcdefabcdef",
        "none_found": "Tried: 453897******6732."}
    assert data["received_control"] == "453897******6732abcdefabcdefabcdefabcdef"
    assert data["string_to_sign"] == "demo453897******6732"
    assert data["builder"] == {"command": "status", "values": {"client_orderid": "453897******6732"}}
    assert list(data) == ["command", "detected_by", "target", "fields", "received_control", "expected_control",
                          "string_to_sign", "parts", "match", "verdict", "diagnosis", "lint", "notes", "hypotheses",
                          "builder"]
    assert (data["target"], data["match"]) == (None, None)
    assert hypotheses["none_found"] == f"Tried: {CARD}."  # the record itself is left as it was


def diagnosed(body: str, key: str = DOC_KEY) -> Diagnosis:
    pasted = paste.parse(f"POST /paynet/api/v2/make-rebill-sale/1111 HTTP/1.1\n\n{body}")
    return diagnose.diagnose(pasted, diagnose.detect(pasted, {"make-rebill-sale": REBILL}), key)


def test_diagnose_builds_the_builders_values_with_the_eaten_currency_restored():
    # The paste lost '&currency=' to an HTML entity; the control was made with USD (sha1 worked by hand).
    record = diagnosed("login=demo&client_orderid=R1&cardrefid=1461665&amount=1.15\n¤cy=USD\n"
                       f"&credit_card_number={CARD}&cvv2=123&control=6feda405a0a687e7725df5e4b68ca49ae3554a4a")
    assert record.builder == Prefill("make-rebill-sale", {"login": "demo", "client_orderid": "R1",
                                                          "cardrefid": "1461665", "amount": "1.15",
                                                          "currency": "USD", "endpointid": "1111"})
    assert (record.verdict, record.match, record.explanation) == ("mismatch", False, None)
    assert [m.id for m in record.diagnosis] == ["currency-eaten"]
    assert record.diagnosis[0].masked_string == "demoR11461665115USD***"
    assert record.diagnosis[0].string_to_sign == "demoR11461665115USD" + DOC_KEY
    assert record.to_dict()["fields"]["credit_card_number"] == "453897******6732"


def test_a_match_has_neither_hypotheses_nor_explanation():
    record = diagnosed("login=demo&client_orderid=R1&cardrefid=1461665&amount=1.15&currency=USD"
                       "&control=6feda405a0a687e7725df5e4b68ca49ae3554a4a")
    assert (record.verdict, record.match, record.diagnosis) == (Verdict.MATCH, True, [])
    assert record.masked_string == "demoR11461665115USD***"
    assert "hypotheses" not in record.to_dict() and "explanation" not in record.to_dict()


def test_without_the_key_the_record_holds_the_page_templates():
    record = diagnosed("login=demo&client_orderid=R1&cardrefid=1461665&amount=1.15&currency=USD"
                       "&control=6feda405a0a687e7725df5e4b68ca49ae3554a4a", key="")
    assert (record.verdict, record.expected_control) == ("no-key", None)
    assert record.hypotheses["received"] == "6feda405a0a687e7725df5e4b68ca49ae3554a4a"
    assert record.hypotheses["texts"][:5] == ["demo", "R1", "1461665", "115", "USD"]
    assert record.hypotheses["expected"]["segments"] == [0, 1, 2, 3, 4, None]  # None: the key's slot
    assert "explanation" not in record.to_dict()
