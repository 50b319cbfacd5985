"""The built-in sandbox's payer pages: the hosted payment form and the 3-D Secure challenge, and the
signed final redirect."""

from dataclasses import dataclass

from debugger import callbacks
from paynet.signing import same_control
from paynet.wire import JAVA_TRIM
from sandbox.rules import order_money
from store.records import ORDER_OFFSET, Order, Transaction


@dataclass(frozen=True)
class Payment:
    """What the payer's pages show: the order and its initial transaction, the one the payer completes."""

    order: Order
    txn: Transaction


@dataclass(frozen=True)
class Returned:
    """A final redirect a payer's browser brought to one of the tool's inboxes, checked against the order."""

    status: str
    orderid: str
    client_orderid: str
    order: Order | None  # None: no such order in the built-in sandbox (another gateway's, or a typed URL)
    verified: bool | None  # whether control is the one the sandbox signs; None: not the sandbox's order


class PayerPages:
    def __init__(self, store, actions, callbacks_sender, account_by_id):
        self.store, self.actions, self.callbacks, self.account_by_id = store, actions, callbacks_sender, account_by_id

    def page_order(self, token: str) -> Payment | None:
        with self.store.reading() as db:
            order = db.order_by_token(token)
            if order is None:
                return None
            return Payment(order, db.transactions(order.id)[0])

    def complete(self, token: str, amount: str = "", authenticated: bool = True) -> Payment | None:
        """The payer submits the hosted form, or finishes the 3DS challenge: the payment becomes final."""
        finished = []
        with self.store.transaction() as db:
            order = db.order_by_token(token)
            if order is None:
                return None
            txn = db.transactions(order.id)[0]
            if not txn.ready:
                self.actions.complete(db, order, txn, amount, authenticated, finished)
        self.callbacks.send_finished(finished)
        return self.page_order(token)

    def final_redirect(self, payment: Payment) -> list[tuple[str, str]]:
        """What the payer's browser posts to redirect_url once the payment is final (signed)."""
        order, txn = payment.order, payment.txn
        key = self.account_by_id(order.account).merchant_control
        return callbacks.params("redirect", txn.final_status, str(order.paynet_order_id), order.client_orderid,
                                key, order_money(txn.amount, ""))

    def returned(self, fields: dict) -> Returned:
        """The redirect's fields read as the merchant's page would read them, and its control checked with the
        key of the order's account (the sandbox holds it: the demo key, or the sandbox account's)."""
        status, orderid, control = (str(fields.get(n, "")).strip(JAVA_TRIM)[:64]
                                    for n in ("status", "orderid", "control"))
        client_orderid = str(fields.get("client_orderid") or fields.get("merchant_order") or "").strip(JAVA_TRIM)[:128]
        order = None
        if orderid.isascii() and orderid.isdigit() and len(orderid) <= 18 and int(orderid) > ORDER_OFFSET:
            with self.store.reading() as db:
                order = db.order(int(orderid) - ORDER_OFFSET)
        if order is None or order.client_orderid != client_orderid:
            return Returned(status, orderid, client_orderid, None, None)
        key = self.account_by_id(order.account).merchant_control  # an account's orders go when it goes
        expected = callbacks.params("redirect", status, orderid, client_orderid, key, [])[-1][1]
        return Returned(status, orderid, client_orderid, order, same_control(control, expected))
