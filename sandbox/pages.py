"""The built-in sandbox's payer pages: the hosted payment form and the 3-D Secure challenge, and the
signed final redirect."""

from dataclasses import dataclass

from debugger import callbacks
from sandbox.rules import order_money
from store.records import Order, Transaction


@dataclass(frozen=True)
class Payment:
    """What the payer's pages show: the order and its initial transaction, the one the payer completes."""

    order: Order
    txn: Transaction


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
