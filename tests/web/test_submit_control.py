"""POST /api/<command>/submit the key-free way: the page's control + the string it signed without the key."""

import pytest

from tests.helpers import DEMO

PAGE = {k: v for k, v in DEMO.items() if k != "merchant_control"}
REBILL = {**PAGE, "client_orderid": "R1", "amount": "10.00"}
# sha1("demoR114616651000USD" + the docs' key), as in test_submit's body-byte test
CONTROL = "cc74e6430e0bc4300fe2f36e901b747b2539adb3"
STRING = "demoR114616651000USD"


def submit(client, **payload):
    return client.post("/api/make-rebill-sale/submit", json=payload)


def test_page_control_matching_string_is_sent_and_accepted(client):
    r = submit(client, **REBILL, control=CONTROL, string_to_sign=STRING)
    assert r.status_code == 200
    data = r.get_json()
    assert data["error"] is None
    assert data["request"]["body"] == ("login=demo&client_orderid=R1&cardrefid=1461665&amount=10.00&currency=USD"
                                       "&ipaddress=127.0.0.1&order_desc=Demo+order"
                                       "&control=cc74e6430e0bc4300fe2f36e901b747b2539adb3")
    assert data["response"]["type"] == "async-response"  # the sandbox checked the signature and took it
    assert data["signature"]["string_to_sign"] == "demoR114616651000USD"
    assert data["signature"]["signature"] == CONTROL


def test_page_string_differing_from_server_refused_with_both(client):
    r = submit(client, **REBILL, control=CONTROL, string_to_sign="demoR11461665100USD")
    assert r.status_code == 400
    assert r.get_json() == {
        "error": {"kind": "string-mismatch",
                  "message": "The page signed 'demoR11461665100USD' (key part left out) but the server builds "
                             "'demoR114616651000USD' from the same values; nothing was sent."},
        "string_to_sign": {"page": "demoR11461665100USD", "server": "demoR114616651000USD"}}


def test_neither_key_nor_control_refused(client):
    r = submit(client, **REBILL)
    assert r.status_code == 400
    data = r.get_json()
    assert data["error"] == {"kind": "invalid", "message": "Some fields need attention; nothing was sent."}
    assert data["errors"] == {"merchant_control": ["merchant_control (the control key) is needed to sign."]}


@pytest.mark.parametrize(("extra", "message"), [
    ({"control": CONTROL}, "string_to_sign is required with control: the string the page signed, "
                           "with the key part left out."),
    ({"control": "abc", "string_to_sign": STRING},
     "control must be 40 hexadecimal digits: the SHA-1 the page computed."),
    ({"string_to_sign": STRING}, "control must be 40 hexadecimal digits: the SHA-1 the page computed."),
    ({"control": CONTROL, "string_to_sign": STRING, "merchant_control": "B17F"},
     "Send either merchant_control or control with string_to_sign, not both."),
    ({"control": 7, "string_to_sign": STRING}, "control must be a string."),
])
def test_page_control_malformed_refused(client, extra, message):
    r = submit(client, **REBILL, **extra)
    assert r.status_code == 400
    assert r.get_json() == {"error": {"kind": "invalid", "message": message}}


def test_page_control_with_field_errors_sends_nothing(client):
    r = submit(client, **{**REBILL, "amount": "1,5"}, control=CONTROL, string_to_sign=STRING)
    assert r.status_code == 400
    assert r.get_json()["errors"] == {"amount": ["amount must use '.' as the decimal delimiter, not ',' (got '1,5')."]}


def test_script_key_way_still_works(client):
    r = submit(client, **REBILL, merchant_control=DEMO["merchant_control"])
    assert r.status_code == 200
    assert r.get_json()["request"]["body"].endswith("&control=cc74e6430e0bc4300fe2f36e901b747b2539adb3")


def test_string_mismatch_masks_card_data_it_echoes(client):
    r = submit(client, **REBILL, control=CONTROL, string_to_sign="demo4111111111111111")
    assert r.status_code == 400
    assert r.get_json()["string_to_sign"] == {"page": "demo411111******1111", "server": "demoR114616651000USD"}
    assert "4111111111111111" not in r.get_data(as_text=True)
