"""For random valid inputs, /sign follows the recipes exactly. The oracle is written out here."""

import hashlib
from decimal import Decimal

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.conftest import DOC_KEY

text = st.text(st.characters(min_codepoint=33, max_codepoint=0x2FF, exclude_characters="\x7f"), min_size=1,
               max_size=12)
pad = st.sampled_from(["", " ", "  ", "\t"])
amount = st.builds(lambda units, cents: f"{units}.{cents:02d}", st.integers(0, 9_999_999), st.integers(0, 99))
ids = st.integers(1, 99_999_999).map(str)


def trim(value: str) -> str:
    """Java's String.trim(): strips characters up to U+0020 only."""
    return value.strip("".join(chr(c) for c in range(33)))


def cents(value: str) -> str:
    units, _, fraction = value.strip().partition(".")
    return str(int(units) * 100 + int((fraction + "00")[:2]))


def sha1(s: str) -> str:
    return hashlib.sha1(s.encode("utf-8")).hexdigest()


SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


@SETTINGS
@given(login=text, order=text, card=ids, value=amount, left=pad, right=pad, target=ids, group=st.booleans())
def test_rebill_recipe(client, login, order, card, value, left, right, target, group):
    payload = {"login": left + login[:20] + right, "client_orderid": order, "cardrefid": card, "amount": value,
               "currency": "EUR", "ipaddress": "1.2.3.4", "order_desc": "d", "merchant_control": DOC_KEY,
               "reveal": True, ("groupid" if group else "endpointid"): target}
    data = client.post("/api/make-rebill-sale/sign", json=payload).get_json()
    expected = trim(login[:20]) + trim(order) + card + cents(value) + "EUR" + DOC_KEY
    assert data["string_to_sign"] == expected
    assert data["signature"] == sha1(expected)
    assert str(Decimal(value) * 100).split(".")[0] == cents(value)


@SETTINGS
@given(order=text, value=st.one_of(st.just(""), amount), email=text, target=ids, group=st.booleans(), left=pad)
def test_preauth_form_recipe(client, order, value, email, target, group, left):
    payload = {"client_orderid": left + order, "amount": value, "email": email[:50], "merchant_control": DOC_KEY,
               "reveal": True, ("groupid" if group else "endpointid"): target}
    data = client.post("/api/preauth-form/sign", json=payload).get_json()
    expected = target + trim(order) + (cents(value) if value else "") + trim(email[:50]) + DOC_KEY
    assert data["string_to_sign"] == expected
    assert data["signature"] == sha1(expected)
    assert data["path"] == (f"/api/v2/preauth-form/group/{target}" if group else f"/api/v2/preauth-form/{target}")


json_values = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False), st.text(max_size=30),
                        st.lists(st.integers(), max_size=2))


@SETTINGS
@given(command=st.sampled_from(["sale", "capture", "preauth-form", "sync-account-verification", "get-card-info"]),
       data=st.dictionaries(st.sampled_from(["endpointid", "groupid", "merchant_control", "amount", "currency",
                                             "client_orderid", "login", "email", "credit_card_number", "state",
                                             "country", "reveal", "environment", "x"]), json_values, max_size=8))
def test_fuzzed_sign_never_500(client, command, data):
    r = client.post(f"/api/{command}/sign", json=data)
    assert r.status_code in (200, 404)
    assert "error" not in r.get_json() or r.get_json()["error"]["kind"] == "unknown-environment"
