"""What each kind of transaction does in the built-in sandbox: new orders, status, follow-ups (capture,
return, void), card references, 3-D Secure results. Every action reads one call: the request's database
transaction, command, values and account, and where the sandbox's pages live."""

import re
import uuid
from dataclasses import dataclass, field
from decimal import Decimal

from paynet import threeds
from paynet.command import Command, TransactionKind
from sandbox.rules import (
    FALLBACK_CARD,
    THREEDS_CARD,
    Refusal,
    card_type,
    error_pairs,
    final_status,
    order_money,
    row_id,
)
from store.records import ORDER_OFFSET, Finished, Order, ThreeDS, Transaction

CARD_SHAPED = re.compile(r"[0-9]{13}")


def link_token() -> str:
    """The payer pages' token: hex without 13 digits in a row. A card-shaped run would be masked in the reply
    the builder shows (paynet.masking masks any Luhn-valid run) and the hosted form link would break."""
    while CARD_SHAPED.search(token := uuid.uuid4().hex):
        pass
    return token


@dataclass
class Call:
    db: object  # the store's transaction the request runs in
    spec: Command
    values: dict
    account: object  # the sandbox account, or the demo account
    base: str = ""  # the sandbox's public root: its payer pages' links start with it
    finished: list[Finished] = field(default_factory=list)  # made final: their callbacks follow the commit


class Actions:
    def context(self, db, values: dict, account) -> dict:
        """The order a follow-up acts on, as the sandbox knows it: what the debugger may compare with."""
        order = self.find(db, values, account)
        return {"amount": order.amount, "currency": order.currency} if order else {}

    def find(self, db, values: dict, account) -> Order | None:
        """The account's order that orderid / client_orderid name, or None."""
        try:
            return self._order(db, values, account) if values.get("orderid") or values.get("client_orderid") else None
        except Refusal:
            return None

    def act(self, call: Call) -> list[tuple[str, str]]:
        kind = TransactionKind
        action = {kind.STATUS: self._status, kind.CARD_REF: self._card_ref, kind.CARD_INFO: self._card_info,
                  kind.CAPTURE: self._follow_up, kind.RETURN: self._follow_up, kind.VOID: self._follow_up,
                  kind.THREEDS_RESULT: self._upload_3ds, kind.SALE: self._new_order, kind.PREAUTH: self._new_order,
                  kind.VERIFY: self._new_order}.get(call.spec.transaction)
        if action:
            return action(call)
        raise Refusal("1", f"{call.spec.name} is not played by the built-in sandbox", kind="error")

    def _card(self, db, values: dict, account) -> dict:
        if values.get("cardrefid"):
            ref = db.card_ref(row_id(values["cardrefid"]))
            if ref is None or ref.account != account.id:
                raise Refusal("1", f"Card reference {values['cardrefid']} not found")
            return {k: getattr(ref, k) for k in FALLBACK_CARD}
        number = values.get("credit_card_number", "")
        if not number:
            return dict(FALLBACK_CARD)  # form orders: the payer's card is "typed" on the hosted page
        # Only what a receipt shows is kept: never the full number or the CVV2.
        return {"bin": number[:6], "last4": number[-4:], "holder": values.get("card_printed_name", ""),
                "exp_month": values.get("expire_month", ""), "exp_year": values.get("expire_year", "")}

    def _new_order(self, call: Call) -> list[tuple[str, str]]:
        db, spec, values, account = call.db, call.spec, call.values, call.account
        form = spec.response == "async-form-response"
        amount = values.get("amount", "")
        token = link_token()
        challenge = ThreeDS.PENDING if values.get("credit_card_number") == THREEDS_CARD else ThreeDS.NONE
        order_id = db.add_order(
            client_orderid=values["client_orderid"], command=spec.name, kind=spec.transaction, amount=amount,
            currency=values.get("currency", ""), form_token=token,
            redirect_url=values.get("redirect_url") or values.get("redirect_success_url") or "",
            callback_url=values.get("server_callback_url", ""), notify_url=values.get("notify_url", ""),
            paid=not form, threeds=challenge, account=account.id, **self._card(db, values, account))
        txn = db.add_transaction(order_id, spec.transaction, amount, final_status(amount))
        orderid = str(order_id + ORDER_OFFSET)
        if spec.response == "status-response":  # synchronous verification: final at once
            self.finish(db, txn, call.finished)
            order = db.order(order_id)
            ref = db.add_card_ref(order)
            return [("paynet-order-id", orderid), ("status", "approved"), *self._verified(values, order, ref)]
        if form:
            return [("paynet-order-id", orderid), ("redirect-url", f"{call.base}/form/{token}")]
        return [("paynet-order-id", orderid), ("end-point-id", account.endpointid)]

    @staticmethod
    def _verified(values: dict, order: Order, ref: int) -> list[tuple[str, str]]:
        """What the PHP library's SyncAccountVerificationQuery requires in the reply (api-notes 4.12). phone is
        the one sent (left out when none was: nothing to echo); card-hash-id is the sandbox's own stable id for
        the card (bin + last four); card-type is read from the bin's first digit."""
        card_hash = uuid.uuid5(uuid.NAMESPACE_OID, f"{order.bin}{order.last4}").hex
        pairs = [("phone", values.get("phone", "")), ("email", values.get("email", "")),
                 ("last-four-digits", order.last4), ("bin", order.bin), ("cardholder-name", order.holder),
                 ("card-exp-month", order.exp_month), ("card-exp-year", order.exp_year),
                 ("card-ref-id", str(ref)), ("card-hash-id", card_hash), ("card-type", card_type(order.bin))]
        return [(k, v) for k, v in pairs if v]

    def named(self, db, values: dict, account) -> Order:
        """The order orderid / client_orderid name among the account's own, or Refusal (v4's follow-ups)."""
        return self._order(db, values, account)

    def _order(self, db, values: dict, account) -> Order:
        """The order named, among the account's own: another account's is "not found", as an unknown one."""
        orderid = values.get("orderid", "")
        client = values.get("client_orderid") or values.get("client-order-id", "")
        if orderid:
            order = db.order(row_id(orderid, ORDER_OFFSET))
            if order is None or order.client_orderid != client or order.account != account.id:
                raise Refusal("1", f"Order {orderid} with client_orderid {client} not found")
            return order
        order = db.latest_order(client, account.id)
        if order is None:
            raise Refusal("1", f"Order with client_orderid {client} not found")
        return order

    def _status(self, call: Call) -> list[tuple[str, str]]:
        """First query: processing; the next: final. Forms wait for the payer, 3DS for the challenge."""
        db, values, account = call.db, call.values, call.account
        order = self._order(db, values, account)
        txn = db.transactions(order.id)[-1]
        pairs = [("paynet-order-id", str(order.paynet_order_id))]
        status = txn.final_status if txn.ready else "processing"
        if not txn.ready and order.threeds == ThreeDS.PENDING:
            acs = f"{call.base}/3ds/{order.form_token}"
            html = (f'<form method="get" action="{acs}"></form><script>document.forms[0].submit()</script>')
            pairs += [("status", status), *order_money(txn.amount, order.currency),
                      ("html", html), ("redirect-to", acs)]
            return pairs
        if not txn.ready and order.paid:
            self.finish(db, txn.id, call.finished)
        pairs += [("status", status), *order_money(txn.amount, order.currency)]
        return pairs + (error_pairs(status) if txn.ready else [])

    def _follow_up(self, call: Call) -> list[tuple[str, str]]:
        db, spec, values, account = call.db, call.spec, call.values, call.account
        order = self._order(db, values, account)
        txns = db.transactions(order.id)
        amount = self._follow_up_amount(spec.transaction, order, txns, values.get("amount", ""))
        if values.get("currency") and values["currency"] != order.currency:
            raise Refusal("1", f"Currency {values['currency']} differs from the order's {order.currency}")
        db.add_transaction(order.id, spec.transaction, amount, "approved")
        return [("paynet-order-id", str(order.paynet_order_id)), ("end-point-id", account.endpointid)]

    @staticmethod
    def _follow_up_amount(action: str, order: Order, txns: list[Transaction], asked: str) -> str:
        """Check the flow rules and return the amount the new transaction moves."""
        kind, first = TransactionKind, txns[0]
        if not (first.ready and first.final_status == "approved"):
            state = first.final_status if first.ready else "processing"
            raise Refusal("1", f"The {first.type} of this order is not approved ({state}): cannot {action}")
        done = {t: sum((Decimal(x.amount or "0") for x in txns[1:] if x.type == t and x.final_status == "approved"),
                       Decimal(0)) for t in (kind.CAPTURE, kind.RETURN, kind.VOID)}
        if done[kind.VOID]:
            raise Refusal("1", "This order was voided")
        preauth = order.kind == kind.PREAUTH
        if action == kind.CAPTURE:
            if not preauth:
                raise Refusal("1", "Only a preauth can be captured")
            left = Decimal(first.amount) - done[kind.CAPTURE] - done[kind.RETURN]
        elif action == kind.RETURN:
            base = done[kind.CAPTURE] if preauth and done[kind.CAPTURE] else Decimal(first.amount or 0)
            left = base - done[kind.RETURN]
        else:  # void: an approved sale or capture, whole, before any return
            if preauth and not done[kind.CAPTURE] or order.kind == kind.VERIFY or done[kind.RETURN]:
                raise Refusal("1", "Only an approved sale or capture without returns can be voided")
            left = done[kind.CAPTURE] or Decimal(first.amount)
        amount = Decimal(asked) if asked else left
        if amount <= 0 and asked:
            raise Refusal("1", f"The {action} amount must be more than 0 (got {asked})")
        if amount > left or left <= 0:
            raise Refusal("1", f"The {action} amount {amount:.2f} exceeds the amount left, {left:.2f}")
        return f"{amount:.2f}"

    def _upload_3ds(self, call: Call) -> list[tuple[str, str]]:
        """The merchant uploads the cRes / PaRes its notification URL received: the order becomes final as
        when the payer presses a button on the challenge page."""
        db, spec, values = call.db, call.spec, call.values
        order = self._order(db, values, call.account)
        txn = db.transactions(order.id)[0]
        if order.threeds != ThreeDS.PENDING or txn.ready:
            raise Refusal("1", f"Order {order.paynet_order_id} is not waiting for 3-D Secure authentication")
        field = next(p.name for p in spec.params if p.name in threeds.RESULT_FIELDS)
        try:
            authenticated = threeds.decode(field, values.get(field, ""), order.form_token)
        except threeds.Unreadable as exc:
            raise Refusal("1", str(exc)) from None
        self.complete(db, order, txn, "", authenticated, call.finished)
        return [("paynet-order-id", str(order.paynet_order_id))]

    def _card_ref(self, call: Call) -> list[tuple[str, str]]:
        db = call.db
        order = self._order(db, call.values, call.account)
        first = db.transactions(order.id)[0]
        if not (first.ready and first.final_status == "approved"):
            raise Refusal("1", "A card reference needs an approved initial payment in a final status")
        ref = db.add_card_ref(order)
        return [("paynet-order-id", str(order.paynet_order_id)), ("status", "approved"),
                ("card-ref-id", str(ref))]

    def _card_info(self, call: Call) -> list[tuple[str, str]]:
        card = self._card(call.db, call.values, call.account)
        return [("card-printed-name", card["holder"]), ("bin", card["bin"]), ("last-four-digits", card["last4"]),
                ("expire-year", card["exp_year"]), ("expire-month", card["exp_month"])]

    # -- reaching a final status, and the callback -----------------------------------------------

    def complete(self, db, order: Order, txn: Transaction, amount: str, authenticated: bool, finished: list) -> None:
        """The payer completed the hosted form or the 3-D Secure challenge (or the merchant uploaded its result)."""
        amount = order.amount or amount
        db.complete_payment(order.id, txn.id, amount, final_status(amount) if authenticated else "declined")
        self.finish(db, txn.id, finished)

    def finish(self, db, txn_id: int, finished: list) -> None:
        """The transaction is final: its callback follows the commit when the order asked for one."""
        done = db.finish(txn_id)
        if done.callback_to:
            finished.append(done)
