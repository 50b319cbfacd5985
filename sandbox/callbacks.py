"""The built-in sandbox's callbacks: signed, sent through the URL policy, retried for accounts, and
each attempt shown on the account's inspector. A mixin of Sandbox (it uses its store and accounts)."""

import threading
import time

from debugger import callbacks
from paynet.i18n import english
from sandbox import inspector
from sandbox.rules import CALLBACK_TYPES, error_pairs, order_money
from store.store import ORDER_OFFSET


class CallbackSender:
    def _send_callbacks(self, finished: list) -> None:
        for txn in finished:
            account = self.account_by_id(txn.get("account"))
            pairs = callbacks.params(
                "callback", txn["final_status"], str(txn["order_id"] + ORDER_OFFSET), txn["client_orderid"],
                account.merchant_control,
                [*order_money(txn["amount"], txn["currency"]),
                 ("type", CALLBACK_TYPES.get(txn["type"], txn["type"]))] + [
                    (k.replace("-", "_"), v) for k, v in error_pairs(txn["final_status"])])
            self.send_callback(account, txn["order_id"], txn["callback_url"], pairs)

    def send_callback(self, account, order_id: int, callback_url: str, pairs: list, retry: bool = True) -> None:
        hosts = (account.callback_hosts,) if account.id else ()  # an account's own hosts, under the account rule
        with english():  # `why` is stored with the delivery: a record, kept in English like the gateway's texts
            url, why = self.callback_target(callback_url, *hosts)
        if url is None:
            self.store.record_delivery(order_id, callback_url, why, inbox=self.inbox_of(callback_url))
            self._attempt(account, order_id, callback_url, pairs, why, None)
            return
        delays = self.retry_delays if account.id and retry else ()
        threading.Thread(target=self._deliver, args=(account, order_id, callback_url, url, why, pairs, delays),
                         daemon=True).start()

    def _deliver(self, account, order_id, callback_url, url, why, pairs, delays) -> None:
        """Send; a connection error or a non-2xx answer is tried again after each of `delays` seconds."""
        for delay in (*delays, None):
            outcome, request = callbacks.deliver(url, pairs)
            self.store.record_delivery(order_id, callback_url, f"{outcome} ({why})", request,
                                       inbox=self.inbox_of(callback_url))
            done = outcome.startswith("HTTP 2") or delay is None
            self._attempt(account, order_id, callback_url, pairs, outcome, None if done else delay)
            if done:
                return
            time.sleep(delay)

    def _attempt(self, account, order_id: int, callback_url: str, pairs: list, outcome: str, retry_in) -> None:
        """Each attempt is an entry of the account's inspector, so the timeline shows it as it happens."""
        if account.id:
            self.accounts.record(account.id, inspector.callback_entry(
                callback_url, str(order_id + ORDER_OFFSET), pairs, outcome, retry_in))

    def resend(self, account, entry_id: int) -> bool:
        """Send one of the account's callbacks again, once; False when there is no such callback."""
        entry = self.accounts.entry(account.id, entry_id)
        if entry is None or entry["kind"] != "callback":
            return False
        self.send_callback(account, int(entry["order"]) - ORDER_OFFSET, entry["path"],
                           [tuple(p) for p in entry["params"]], retry=False)
        return True
