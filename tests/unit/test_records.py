"""The store's named records (store/records.py): built from rows, given back as the rows they came from, and
the enums the database and the JSON keep as plain strings and numbers."""

from types import SimpleNamespace

import pytest
from sqlalchemy import text

import forms
from paynet.command import Command, TransactionKind
from store.records import CardRef, Delivery, Finished, Order, ThreeDS, Transaction
from store.store import Store
from tests.helpers import DEMO_CARD, Clock

ORDER_ROW = {"id": 42, "client_orderid": "R-1", "command": "preauth", "kind": "preauth", "amount": "25.50",
             "currency": "USD", "form_token": "ab" * 16, "redirect_url": "https://shop.example/back",
             "callback_url": "https://shop.example/cb", "notify_url": "", "bin": "400000", "last4": "3220",
             "holder": "A B", "exp_month": "12", "exp_year": "2099", "threeds": 1, "paid": 0, "created": 1000.5,
             "account": "123456"}
TXN_ROW = {"id": 7, "order_id": 42, "type": "capture", "amount": "20.00", "final_status": "approved", "ready": 1,
           "created": 1001.0}
DELIVERY_ROW = {"id": 3, "order_id": 42, "url": "https://shop.example/cb", "outcome": "HTTP 200 (listed)",
                "request": "GET https://shop.example/cb?status=approved", "created": 1002.0, "inbox": None}


@pytest.fixture
def store(database_url):
    store = Store(database_url, DEMO_CARD, clock=Clock())
    yield store
    store.close()


def test_the_enums_are_the_strings_and_numbers_the_database_keeps():
    assert [int(s) for s in (ThreeDS.NONE, ThreeDS.PENDING, ThreeDS.DONE)] == [0, 1, 2]
    assert ThreeDS(1) is ThreeDS.PENDING and ThreeDS.DONE == 2
    assert [k.value for k in TransactionKind] == ["sale", "preauth", "verify", "capture", "return", "void",
                                                   "card-ref", "card-info", "status", "3ds-result", "payout",
                                                   "transfer"]
    assert TransactionKind.RETURN == "return" and TransactionKind("3ds-result") is TransactionKind.THREEDS_RESULT
    assert f"{TransactionKind.CARD_REF}" == "card-ref" and {"void": 1}[TransactionKind.VOID] == 1


def test_every_command_does_a_known_kind_and_the_registry_refuses_another():
    # v2's commands do every kind but the two only v4 commands do (forms/v4/: payout, transfer)
    assert {c.command.transaction for c in forms.load_registry().values()} == set(TransactionKind) - {
        TransactionKind.PAYOUT, TransactionKind.TRANSFER}
    refund = SimpleNamespace(command=Command("refund", recipe=("client_orderid",), transaction="refund"))
    with pytest.raises(forms.RegistryError, match="^command 'refund' has unknown transaction 'refund'$"):
        forms._check(refund, {})


def test_an_order_from_its_row_and_back():
    order = Order.from_row(ORDER_ROW)
    assert (order.kind, order.threeds, order.paid, order.paynet_order_id) == (
        TransactionKind.PREAUTH, ThreeDS.PENDING, False, 7000042)
    assert type(order.kind) is TransactionKind and type(order.threeds) is ThreeDS
    assert order.to_dict() == {
        "id": 42, "client_orderid": "R-1", "command": "preauth", "kind": "preauth", "amount": "25.50",
        "currency": "USD", "form_token": "abababababababababababababababab",
        "redirect_url": "https://shop.example/back", "callback_url": "https://shop.example/cb", "notify_url": "",
        "bin": "400000", "last4": "3220", "holder": "A B", "exp_month": "12", "exp_year": "2099", "threeds": 1,
        "paid": 0, "created": 1000.5, "account": "123456"}
    row = order.to_dict()  # plain values, not enums that merely compare equal
    assert (type(row["kind"]), type(row["threeds"]), type(row["paid"])) == (str, int, int)


def test_a_column_a_newer_schema_adds_is_left_out():
    assert Order.from_row(ORDER_ROW | {"later": "x"}) == Order.from_row(ORDER_ROW)


def test_a_transaction_from_its_row_and_back():
    txn = Transaction.from_row(TXN_ROW)
    assert (txn.type, txn.ready, txn.paynet_order_id) == (TransactionKind.CAPTURE, True, 7000042)
    assert txn.to_dict() == {"id": 7, "order_id": 42, "type": "capture", "amount": "20.00",
                             "final_status": "approved", "ready": 1, "created": 1001.0}


def test_a_delivery_as_the_json_lists_it():
    assert Delivery.from_row(DELIVERY_ROW).to_dict() == {
        "id": 3, "order_id": 42, "url": "https://shop.example/cb", "outcome": "HTTP 200 (listed)",
        "request": "GET https://shop.example/cb?status=approved", "created": 1002.0, "inbox": None,
        "paynet_order_id": 7000042}


@pytest.mark.parametrize("initial, callback_url, notify_url, heard_at", [
    (True, "https://shop/cb", "https://shop/n", "https://shop/cb"),
    (False, "https://shop/cb", "https://shop/n", "https://shop/n"),
    (True, "", "https://shop/n", "https://shop/n"),
    (True, None, None, ""),
    (False, "https://shop/cb", "", ""),
])
def test_a_finished_transaction_is_heard_of_at_one_url(initial, callback_url, notify_url, heard_at):
    done = Finished(Transaction.from_row(TXN_ROW), "R-1", "USD", callback_url, notify_url, "", initial)
    assert done.callback_to == heard_at


def test_the_store_keeps_plain_values_and_gives_records_back(store):
    with store.transaction() as tx:
        order_id = tx.add_order(client_orderid="R-2", command="sale", kind=TransactionKind.SALE, amount="10.00",
                                currency="USD", form_token="t" * 32, threeds=ThreeDS.PENDING, paid=False,
                                bin="400000", last4="3220", holder="A B", exp_month="12", exp_year="2099")
        first = tx.add_transaction(order_id, TransactionKind.SALE, "10.00", "approved")
        stored = dict(tx.db.execute(text("SELECT kind, threeds, paid FROM orders WHERE id = :id"),
                                    {"id": order_id}).mappings().one())
        assert (stored, [type(v) for v in stored.values()]) == ({"kind": "sale", "threeds": 1, "paid": 0},
                                                                [str, int, int])
        tx.complete_payment(order_id, first, "10.00", "approved")
        done = tx.finish(first)
        order, [txn] = tx.order(order_id), tx.transactions(order_id)
        ref = tx.card_ref(tx.add_card_ref(order))
    assert (order.id, order.kind, order.threeds, order.paid, order.created) == (
        1, TransactionKind.SALE, ThreeDS.DONE, True, 1_000_000.0)
    assert (txn.type, txn.ready, done.txn, done.initial, done.client_orderid) == (
        TransactionKind.SALE, True, txn, True, "R-2")
    assert ref == CardRef(2000001, 1, "400000", "3220", "A B", "12", "2099", "")
    with store.reading() as tx:
        assert tx.order(99) is None and tx.latest_order("R-2") == order and tx.order_by_token("t" * 32) == order
        assert tx.card_ref(DEMO_CARD["id"]) == CardRef(1461665, None, "453897", "6732", "CARD HOLDER", "12", "2099")
