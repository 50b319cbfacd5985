"""Logs never keep what users typed: a route that raises with a canary in its request writes, through a real
handler on the root logger, a message and a traceback with the card masked, the CVV and the key masked, and the
inbox token, payer token and query string cut (web/logs.py masks each record when it is made)."""

import io
import logging

import pytest

from debugger import diagnose
from tests.conftest import CANARY_KEY

CARD, CVV = "4111111111111111", "cvv2=918"
PAYER = "0123456789abcdeffedcba9876543210"


@pytest.fixture
def written(tmp_path):
    """Everything the logging system writes while the test runs, formatted as a production handler formats it."""
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root = logging.getLogger()
    root.addHandler(handler)
    try:
        yield stream
    finally:
        root.removeHandler(handler)


@pytest.fixture
def client(app_factory):
    app = app_factory()
    return app.test_client()


def test_a_debugger_crash_logs_the_paste_masked(client, written, monkeypatch):
    def crash(pasted, *args):
        raise ValueError(f"cannot detect {pasted.body}")

    monkeypatch.setattr(diagnose, "detect", crash)
    raw = (f"POST /paynet/api/v2/sale/1111?credit_card_number={CARD} HTTP/1.1\n\n"
           f"login=demo&credit_card_number={CARD}&{CVV}&merchant_control={CANARY_KEY}")
    r = client.post("/api/debug", json={"raw": raw, "merchant_control": CANARY_KEY})
    assert r.status_code == 500
    text = written.getvalue()
    assert "ERROR app: unexpected error on /api/debug\nTraceback (most recent call last):" in text
    assert ("ValueError: cannot detect login=demo&credit_card_number=411111******1111&cvv2=***&"
            "merchant_control=***") in text
    for canary in (CARD, CVV, CANARY_KEY):
        assert canary not in text


def test_an_inbox_crash_logs_neither_token_nor_query(client, written, monkeypatch):
    store = client.application.extensions["sandbox"].store

    def crash(token, method, target, headers, body):
        raise RuntimeError(f"store refused {method} {target}")

    token = client.post("/api/inboxes", json={}).get_json()["token"]
    monkeypatch.setattr(store, "receive", crash)
    r = client.get(f"/callbacks/inbox/{token}?status=approved&credit_card_number={CARD}")
    assert r.status_code == 500
    text = written.getvalue()
    assert "unexpected error on /callbacks/inbox/…" in text
    assert "RuntimeError: store refused GET /callbacks/inbox/…?…\n" in text
    assert token not in text and CARD not in text and "status=approved" not in text


def test_a_relay_report_crash_logs_no_token(client, written, monkeypatch):
    store = client.application.extensions["sandbox"].store

    def crash(token, entry_id, status, body):
        raise RuntimeError(f"store refused the report on /api/inboxes/{token}/entries/{entry_id}/relayed")

    token = client.post("/api/inboxes", json={}).get_json()["token"]
    monkeypatch.setattr(store, "relay_report", crash)
    r = client.post(f"/api/inboxes/{token}/entries/1/relayed", json={"status": 200, "body": "OK"})
    assert r.status_code == 500
    text = written.getvalue()
    assert "unexpected error on /api/inboxes/…/entries/1/relayed" in text
    assert "RuntimeError: store refused the report on /api/inboxes/…/entries/1/relayed\n" in text
    assert token not in text


def test_a_payer_page_crash_logs_no_payer_token(client, written, monkeypatch):
    sandbox = client.application.extensions["sandbox"]

    def crash(token):
        raise LookupError(f"no order for /sandbox/paynet/form/{token}")

    monkeypatch.setattr(sandbox.pages, "page_order", crash)
    assert client.get(f"/sandbox/paynet/form/{PAYER}").status_code == 500
    text = written.getvalue()
    assert "unexpected error on /sandbox/paynet/form/…" in text
    assert "LookupError: 'no order for /sandbox/paynet/form/…'" in text or \
        "LookupError: no order for /sandbox/paynet/form/…" in text
    assert PAYER not in text


def test_bearer_tokens_and_stack_info_are_masked(written):
    token = "".join(reversed("nekot-terces"))  # not written out, so the stack's source lines cannot show it
    logging.getLogger("anything.at.all").warning("headers: Authorization: Bearer %s; card %s", token, CARD,
                                                 stack_info=True)
    text = written.getvalue()
    assert ("WARNING anything.at.all: headers: Authorization: Bearer …; card 411111******1111\n"
            "Stack (most recent") in text
    assert token not in text and CARD not in text
