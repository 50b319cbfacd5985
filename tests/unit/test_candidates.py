"""Hypotheses as key-free templates: segments with a slot for the key, filled and hashed only with the key.
Expected digests are sha1/hmac of strings written out by hand, computed once and written down."""

from debugger import candidates, hypotheses
from debugger.candidates import Candidate, digest, fill, masked, segments, to_data
from paynet.signing import KEY, MINOR_AMOUNT, as_part

DOC_KEY = "B17F59B4-A7DC-41B4-8FF9-37D986B43D20"
REBILL = tuple(as_part(p) for p in ("login", "client_orderid", "cardrefid", MINOR_AMOUNT, "currency", KEY))
VALUES = {"login": "demo", "client_orderid": "R1", "cardrefid": "1461665", "amount": "1.15", "currency": "USD"}
CALLBACK = tuple(as_part(p) for p in ("status", "orderid", "merchant_order", KEY))


def case(recipe=REBILL, values=VALUES):
    return hypotheses.Case(recipe, values, "endpoint", "1111")


def by_id(found, hid):
    return [c for c in found if c.id == hid]


def test_segments_have_a_slot_where_the_key_goes():
    assert segments(REBILL, VALUES) == ("demo", "R1", "1461665", "115", "USD", None)
    assert segments(REBILL, {**VALUES, "login": " demo "}, trim=False)[0] == " demo "


def test_the_key_is_filled_in_trimmed_as_the_gateway_reads_it():
    expected = case().expected()
    assert fill(expected, f" {DOC_KEY}\n") == "demoR11461665115USD" + DOC_KEY
    assert masked(expected) == "demoR11461665115USD***"
    assert digest(expected, f"\t{DOC_KEY} ") == "6feda405a0a687e7725df5e4b68ca49ae3554a4a"


def test_key_mistakes_are_templates_around_the_slot():
    found = hypotheses.candidates(case())
    spaced = by_id(found, "key-whitespace")
    assert [c.segments[-2:] for c in spaced] == [(None, " "), (" ", None), (None, "\n"),
                                                (None, "\r\n"), ("\t", None)]
    assert [digest(c, DOC_KEY) for c in spaced] == [
        "d8531d808acbfc8b278d8c187319bab973c39166", "04d56ac6120a1a34d8a897c98e66bbcc0e4c81da",
        "a9d02ab237d86eca8ecb6ef60944093b15f7d401", "37b20e4b9d21f5879f803ac4416b490d0ca345f8",
        "48558c588d9a1936b7d0dd294aa9b22596797254"]
    missing = by_id(found, "key-missing")[0]
    assert (missing.key, fill(missing, DOC_KEY), masked(missing)) == ("left-out", "demoR11461665115USD",
                                                                       "demoR11461665115USD")
    assert digest(missing, DOC_KEY) == "ea8c37ee29285271f18749dc92d41bfab2499e57"


def test_wrong_algorithm_and_case_are_data():
    found = hypotheses.candidates(case())
    assert [(c.algorithm, c.key, None in c.segments) for c in by_id(found, "wrong-algorithm")] == [
        ("sha256", "trimmed", True), ("md5", "trimmed", True), ("hmac-sha1", "trimmed", False)]
    assert digest(by_id(found, "wrong-algorithm")[2], DOC_KEY) == "1d2956632f2142b3d1084e5960e0c6bb6de39d5b"
    upper = by_id(found, "uppercase-hex")[0]
    assert digest(upper, DOC_KEY) == "6FEDA405A0A687E7725DF5E4B68CA49AE3554A4A"
    assert candidates.matches(upper, DOC_KEY, "6FEDA405A0A687E7725DF5E4B68CA49AE3554A4A")
    assert not candidates.matches(upper, DOC_KEY, "6feda405a0a687e7725df5e4b68ca49ae3554a4a")


def test_wrong_order_moves_the_key_too_and_drops_the_right_order():
    found = by_id(hypotheses.candidates(case(CALLBACK, {"status": "approved", "orderid": "7000001",
                                                        "merchant_order": "R1"})), "wrong-order")
    assert len(found) == 23  # 4! orders, the documented one left out
    moved = next(c for c in found if c.segments == ("approved", "7000001", None, "R1"))
    assert masked(moved) == "approved7000001***R1"
    one_value_twice = hypotheses.candidates(case(CALLBACK, {"status": "7", "orderid": "7", "merchant_order": "R1"}))
    assert len(by_id(one_value_twice, "wrong-order")) == 11  # orders that sign the same string count once


def test_explain_fills_the_key_into_the_same_templates():
    found = hypotheses.explain(hypotheses.candidates(case()), DOC_KEY, "059544b115078381dd9e31f2efef226ca52b787d")
    assert [(c.id, masked(c)) for c in found] == [("wrong-order", "demoR1***1461665115USD")]


def test_to_data_lists_each_text_once():
    expected = Candidate("expected", "", ("a", "b", None))
    data = to_data(expected, [Candidate("x", "m", ("b", None, "a"), algorithm="md5")])
    assert data == {"texts": ["a", "b"],
                    "expected": {"id": "expected", "message": "", "segments": [0, 1, None], "key": "trimmed",
                                 "algorithm": "sha1", "hex": "lower"},
                    "candidates": [{"id": "x", "message": "m", "segments": [1, None, 0], "key": "trimmed",
                                    "algorithm": "md5", "hex": "lower"}]}
