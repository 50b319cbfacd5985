"""The built-in sandbox's callbacks: signed, sent through the URL policy on the delivery pool, retried for
accounts, and each attempt shown on the account's inspector."""

from debugger import callbacks
from paynet.i18n import english
from sandbox import inspector
from sandbox.deliveries import Pool
from sandbox.rules import CALLBACK_TYPES, error_pairs, order_money
from store.records import ORDER_OFFSET, Finished, Order

QUEUE_FULL = f"refused: {callbacks.QUEUE_FULL}"
NO_POLICY = f"refused: {callbacks.NO_POLICY}"


class CallbackSender:
    # A failed callback of a sandbox account is sent again after these many seconds: the gateway's growing
    # intervals, compressed (docs/sandbox.md, Sandbox accounts). The demo account sends once.
    retry_delays = (1.0, 2.0, 4.0, 8.0)

    def __init__(self, store, accounts, account_by_id, callback_target, inbox_of, pool: Pool):
        self.store, self.accounts, self.account_by_id = store, accounts, account_by_id
        # (url, the account's own callback hosts) -> (url to request or None, why): the app's policy (own
        # inbox in process, CALLBACK_HOSTS, the account's hosts).
        self.callback_target = callback_target
        self.inbox_of, self.pool = inbox_of, pool

    def send_finished(self, finished: list[Finished]) -> None:
        for done in finished:
            txn, account = done.txn, self.account_by_id(done.account)
            pairs = callbacks.params(
                "callback", txn.final_status, str(txn.paynet_order_id), done.client_orderid, account.merchant_control,
                [*order_money(txn.amount, done.currency), ("type", CALLBACK_TYPES.get(txn.type, str(txn.type)))] + [
                    (k.replace("-", "_"), v) for k, v in error_pairs(txn.final_status)])
            self.send_callback(account, txn.order_id, done.callback_to, pairs)

    def send_callback(self, account, order_id: int, callback_url: str, pairs: list, retry: bool = True) -> None:
        hosts = (account.callback_hosts,) if account.id else ()  # an account's own hosts, under the account rule
        with english():  # `why` is stored with the delivery: a record, kept in English like the gateway's texts
            url, why = self.callback_target(callback_url, *hosts)
        delays = tuple(self.retry_delays) if account.id and retry else ()
        if url is None or not self.pool.submit(
                lambda: self._deliver(account, order_id, callback_url, url, why, pairs, delays)):
            why = why if url is None else QUEUE_FULL
            self.store.record_delivery(order_id, callback_url, why, inbox=self.inbox_of(callback_url))
            self._attempt(account, order_id, callback_url, pairs, why, None)

    def _deliver(self, account, order_id, callback_url, url, why, pairs, delays) -> None:
        """Send once; a connection error or a non-2xx answer is queued again after the next of `delays`."""
        outcome, request, answer = callbacks.deliver(url, pairs)
        self.store.record_delivery(order_id, callback_url, f"{outcome} ({why})", request,
                                   inbox=self.inbox_of(callback_url))
        retry = not outcome.startswith("HTTP 2") and delays
        if retry and not self.pool.submit(
                lambda: self._deliver(account, order_id, callback_url, url, why, pairs, delays[1:]), delays[0]):
            outcome, retry = f"{outcome}; {QUEUE_FULL}", ()
        self._attempt(account, order_id, callback_url, pairs, outcome, delays[0] if retry else None, answer)

    def _attempt(self, account, order_id: int, callback_url: str, pairs: list, outcome: str, retry_in,
                 answer: str = "") -> None:
        """Each attempt is an entry of the account's inspector, so the timeline shows it as it happens."""
        if account.id:
            self.accounts.record(account.id, inspector.callback_entry(
                callback_url, str(order_id + ORDER_OFFSET), pairs, outcome, retry_in, answer))

    def on_demand(self, account, order: Order, url: str, status: str = "", type_: str = "", amount: str = "",
                  currency: str = "") -> list[tuple]:
        """A callback for `order` sent now, once, to `url`: any status, type and amount asked for, the order's own
        for what is not (its newest final transaction's). The pairs sent, `control` signed with the account's key."""
        txns = self.store_transactions(order.id)
        txn = next((t for t in reversed(txns) if t.ready), txns[0] if txns else None)
        status = status or (txn.final_status if txn else "processing")
        type_ = type_ or (CALLBACK_TYPES.get(txn.type, str(txn.type)) if txn else str(order.kind))
        money = order_money(amount or (txn.amount if txn else "") or order.amount, currency or order.currency)
        pairs = callbacks.params("callback", status, str(order.paynet_order_id), order.client_orderid,
                                 account.merchant_control, [*money, ("type", type_)] + [
                                     (k.replace("-", "_"), v) for k, v in error_pairs(status)])
        self.send_callback(account, order.id, url, pairs, retry=False)
        return pairs

    def store_transactions(self, order_id: int) -> list:
        with self.store.reading() as db:
            return db.transactions(order_id)

    def resend(self, account, entry_id: int) -> bool:
        """Send one of the account's callbacks again, once; False when there is no such callback."""
        entry = self.accounts.entry(account.id, entry_id)
        if entry is None or entry["kind"] != "callback":
            return False
        self.send_callback(account, int(entry["order"]) - ORDER_OFFSET, entry["path"],
                           [tuple(p) for p in entry["params"]], retry=False)
        return True
