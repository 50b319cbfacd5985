"""paynet.masking: the one way keys and card data are hidden."""

import pytest

from paynet.masking import CARD_SECRETS, luhn, mask_card, mask_fields, mask_text

KEY = "CANARY-KEY-7f3e9a1c-do-not-leak"


def test_mask_card_shapes():
    assert mask_card("4111111111111111") == "411111******1111"
    assert mask_card("987") == "***"
    assert mask_card("411111******1111") == "411111******1111"  # masking twice changes nothing


def test_mask_fields_key_and_card_data_unless_reveal():
    fields = {"merchant_control": KEY, "credit_card_number": "4111111111111111", "cvv2": "987",
              "card_printed_name": "A B", "expire_month": "12", "amount": "1.00"}
    assert mask_fields(fields) == {"merchant_control": "***", "credit_card_number": "411111******1111",
                                   "cvv2": "***", "card_printed_name": "A B", "expire_month": "12", "amount": "1.00"}
    assert mask_fields(fields, reveal=True) == fields


@pytest.mark.parametrize("text, masked", [
    ("a=1&credit_card_number=4111111111111111&cvv2=987&b=2", "a=1&credit_card_number=411111******1111&cvv2=***&b=2"),
    ('{"cvv2": "987", "merchant_control": "K-1"}', '{"cvv2": "***", "merchant_control": "***"}'),
    ("type=x\n&credit-card-number=4111111111111111\n&CVV2=987\n",
     "type=x\n&credit-card-number=411111******1111\n&CVV2=***\n"),
    ("pan 4111111111111111 and order 4111111111111112", "pan 411111******1111 and order 4111111111111112"),
    ("orderid=7000001&cvv2=", "orderid=7000001&cvv2="),
])
def test_mask_text_by_name_and_luhn(text, masked):
    assert mask_text(text) == masked


def test_mask_text_given_secrets_plain_and_url_encoded():
    assert mask_text(f"X-Key: {KEY}; q=a%2Bb%2Fc", (KEY, "a+b/c")) == "X-Key: ***; q=***"


def test_luhn():
    assert luhn("4111111111111111") and luhn("4538977399606732") and not luhn("4111111111111112")


def test_card_secrets_are_the_fields_the_forms_declare_card():
    from forms import load_registry
    declared = {p.name for cls in load_registry().values() for p in cls.command.params if p.card}
    assert declared == set(CARD_SECRETS)


def test_mask_text_leaves_prose_after_a_name():
    text = "Literal spaces in credit_card_number: The client must URL-encode values"
    assert mask_text(text) == text
    assert mask_text("cvv2: 987, merchant_control: 'K-1'") == "cvv2: ***, merchant_control: '***'"


@pytest.mark.parametrize("text, shown", [
    # A 3-D Secure link's hex token once held a Luhn-valid run: masking it broke the payer's link.
    ("http://localhost/sandbox/paynet/3ds/5c04111111111111111abc9d", "http://localhost/sandbox/paynet/3ds/5c04111111111111111abc9d"),
    ("pan%3D4111111111111111&x=1", "pan%3D411111******1111&x=1"),
    ("demo4111111111111111", "demo411111******1111"),
    ("card 4111111111111111.", "card 411111******1111."),
])
def test_digit_runs_inside_words_are_not_card_numbers(text, shown):
    assert mask_text(text) == shown


@pytest.mark.parametrize("text, masked", [
    # A gateway echoing the request inside another field's URL-encoded value (the finding of issue 19).
    ("type=error&error-message=bad+request%3A+credit_card_number%3D4111111111111111%26cvv2%3D987%26amount%3D1",
     "type=error&error-message=bad+request%3A+credit_card_number%3D411111******1111%26cvv2%3D***%26amount%3D1"),
    # Encoded twice, and a lower-case escape.
    ("echo=cvv2%253D987%2526credit_card_number%253d4111111111111111",
     "echo=cvv2%253D***%2526credit_card_number%253d411111******1111"),
    # JSON-escaped inside a JSON string, and that string URL-encoded inside a value.
    ('{"raw": "{\\"cvv2\\":\\"987\\",\\"merchant_control\\":\\"K-1\\"}"}',
     '{"raw": "{\\"cvv2\\":\\"***\\",\\"merchant_control\\":\\"***\\"}"}'),
    ("d=%7B%22cvv2%22%3A%22987%22%7D", "d=%7B%22cvv2%22%3A%22***%22%7D"),
    # The key's value ends at an encoded delimiter and keeps escapes that are part of it.
    ("x=merchant_control%3DK%2B1%26endpointid%3D1", "x=merchant_control%3D***%26endpointid%3D1"),
    # HTML-escaped quotes, as a page that echoes the body would carry them.
    ("&quot;cvv2&quot;: &quot;987&quot;", "&quot;cvv2&quot;: &quot;***&quot;"),
])
def test_mask_text_finds_echoes(text, masked):
    assert mask_text(text) == masked


@pytest.mark.parametrize("text, masked", [
    # A card glued to an expiry or a CVV, or after an id: the brand's window at either end is masked.
    ("n=41111111111111111230", "n=411111******11111230"),
    ("n=12345678904111111111111111", "n=1234567890411111******1111"),
    ("n=5555555555554444987", "n=555555******4444987"),
    ("n=378282246310005123", "n=378282*****0005123"),  # an Amex card and 123: 18 digits, not Luhn-valid
    # `%20` before the card: its digits are an escape, not part of the run.
    ("note=paid%204111111111111111", "note=paid%20411111******1111"),
    ("note=paid%25204111111111111111", "note=paid%2520411111******1111"),
    # Ids that look like cards are spared: a value named as an id is never searched inside ...
    ("orderid=41111111111111111230", "orderid=41111111111111111230"),
    ("paynet-order-id=12345678904111111111111111", "paynet-order-id=12345678904111111111111111"),
    ('{"client_orderid": "41111111111111111230"}', '{"client_orderid": "41111111111111111230"}'),
    ("serial-number%3D41111111111111111230", "serial-number%3D41111111111111111230"),
    # ... and a longer run whose ends do not start like a brand's card of that length stays whole,
    # although it holds Luhn-valid windows (digits 2-17 here: 0000000000000000... is one).
    ("n=90000000000000000009", "n=90000000000000000009"),
    ("n=12345678901234567890", "n=12345678901234567890"),
])
def test_cards_inside_longer_digit_runs(text, masked):
    assert mask_text(text) == masked
