"""The built-in sandbox: a local gateway emulator with real signature checks and whole flows.

Framework-free: the app hands it each command as a CommandSpec (recipe, validator, transaction kind) and
serves `handle()` at /sandbox/paynet/<each command's prefix>/... . Orders live in the store (SQLite or
PostgreSQL: sandbox_store) so several workers and hosts share them. A transaction reaches its final
status at the first status query (or when the payer completes the hosted form or the 3DS page:
sandbox_pages); the sandbox then sends the callback, if one was asked for (sandbox_callbacks).
"""

import difflib
import uuid
from dataclasses import dataclass, field
from decimal import Decimal

from . import inspector, signing, threeds, wire
from .accounts import AccountLimits, Accounts, KeyBox
from .i18n import english
from .sandbox_callbacks import CallbackSender
from .sandbox_pages import PayerPages
from .sandbox_rules import (
    FALLBACK_CARD,
    THREEDS_CARD,
    card_type,
    error_pairs,
    final_status,
    order_money,
    row_id,
)
from .sandbox_store import ORDER_OFFSET, Store
from .spec import CommandSpec
from .wire import JAVA_TRIM


@dataclass(frozen=True)
class DemoAccount:
    """The sandbox's shared merchant. Its key is public: it is the docs' worked-example key."""

    id: str = ""  # sandbox accounts (gateway.accounts.Account) have one; the demo account has no inspector
    login: str = "demo"
    endpointid: str = "1111"
    groupid: str = "2222"
    merchant_control: str = "B17F59B4-A7DC-41B4-8FF9-37D986B43D20"
    currency: str = "USD"
    cardrefid: str = "1461665"
    group_currencies: tuple = ("USD", "EUR")
    callback_hosts: tuple = ()

    def public(self) -> dict:
        return {k: getattr(self, k) for k in
                ("login", "endpointid", "groupid", "merchant_control", "currency", "cardrefid")}


@dataclass
class Reply:
    pairs: list[tuple[str, str]]
    status: int = 200
    content_type: str = "text/html;charset=utf-8"
    extra: dict = field(default_factory=dict)

    @property
    def body(self) -> str:
        return wire.encode_response(self.pairs)


class Refusal(Exception):
    def __init__(self, code: str, message: str, kind: str = "validation-error"):
        super().__init__(message)
        self.code, self.message, self.kind = code, message, kind


class Sandbox(CallbackSender, PayerPages):
    # A failed callback of a sandbox account is sent again after these many seconds: the gateway's growing
    # intervals, compressed (README, Sandbox accounts). The demo account sends once.
    retry_delays = (1.0, 2.0, 4.0, 8.0)

    def __init__(self, db_path: str, specs: dict[str, CommandSpec], demo: DemoAccount | None = None,
                 callback_target=None, inbox_of=None, secret: str = "", account_limits: AccountLimits | None = None,
                 **store_options):
        self.specs, self.demo = specs, demo or DemoAccount()
        self.store = Store(db_path, {"id": int(self.demo.cardrefid), **FALLBACK_CARD}, **store_options)
        self.accounts = Accounts(self.store, KeyBox(secret or "no secret"), account_limits or AccountLimits())
        # url -> the token of the tool's inbox it addresses, or None: its deliveries are listed there.
        self.inbox_of = inbox_of or (lambda url: None)
        # (url, the account's own callback hosts) -> (url to request or None, why): the app's policy (own
        # inbox, loopback, CALLBACK_HOSTS).
        self.callback_target = callback_target or (lambda url, hosts=(): (None, "refused: no callback policy"))

    def account(self, target_id: str, db=None):
        """The account an end point or group id belongs to: a sandbox account's, else the demo account."""
        target_id = target_id.strip(JAVA_TRIM)
        if target_id in (self.demo.endpointid, self.demo.groupid) or not (target_id.isascii() and target_id.isdigit()):
            return self.demo
        if db is None:
            with self.store.reading() as db:
                return self.accounts.by_target(target_id, db) or self.demo
        return self.accounts.by_target(target_id, db) or self.demo

    def account_by_id(self, account_id: str | None):
        return (self.accounts.by_id(account_id) if account_id else None) or self.demo

    def handle(self, command: str, kind: str, target_id: str, body: bytes, base: str,
               prefix: str = "/api/v2") -> Reply:
        """One API request -> the gateway's answer. `base` prefixes the sandbox's own page URLs; `prefix` is
        the API path the command came under (/api/v2, /api/3ds/v1). A sandbox account's requests are kept,
        explained, in its inspector."""
        seen = inspector.Seen(f"{prefix}/{command}", command, body, kind=kind, target_id=target_id)
        with english():  # the gateway answers in English; the inspector keeps its records in English too
            return self._handle(seen, base, prefix)

    def _inspect(self, account, seen: inspector.Seen, reply: Reply, db=None) -> None:
        """Keep the explained request in the account's inspector (in the request's own transaction: one write)."""
        if account.id:
            entry = inspector.request_entry(seen, account, reply.status, reply.extra.get("text") or reply.body,
                                            self.accounts.limits.body)
            self.accounts.record(account.id, entry, db)

    def _handle(self, seen: inspector.Seen, base: str, prefix: str) -> Reply:
        spec = seen.spec = self.specs.get(seen.command)
        if spec is None or spec.prefix != prefix:
            account = self.account(seen.target_id)
            seen.spec, seen.stage = None, "unknown-command"
            seen.message = self.unknown(prefix, seen.command).strip()
            reply = Reply([], status=404, content_type="text/plain;charset=utf-8", extra={"text": seen.message + "\n"})
            self._inspect(account, seen, reply)
            return reply
        values, not_utf8 = wire.decode_form(seen.body)
        seen.values = values
        finished = []
        with self.store.transaction() as db:
            account = self.account(seen.target_id, db)
            head = [("type", spec.response), ("serial-number", db.serial())]
            client = values.get("client_orderid") or values.get("client-order-id")
            if client:
                head.append(("merchant-order-id", client))
            try:
                seen.stage = "parameters"
                if not_utf8:
                    raise Refusal("1", " ".join(f"{name} is not valid UTF-8 text." for name in not_utf8))
                self._check(spec, seen, account, db)
                seen.stage = "flow"
                pairs = self._act(db, spec, values, base, finished, account)
                seen.stage = ""
            except Refusal as refusal:
                seen.message = refusal.message
                head[0] = ("type", refusal.kind)
                pairs = [("error-message", refusal.message), ("error-code", refusal.code)]
            reply = Reply(head + pairs)
            self._inspect(account, seen, reply, db)
        self._send_callbacks(finished)
        return reply

    def unknown(self, prefix: str, command: str) -> str:
        """The 404 text for a command the sandbox does not know, naming the closest current one."""
        close = difflib.get_close_matches(command, self.specs, n=1, cutoff=0.6)  # by name, under any prefix
        spec = self.specs[close[0]] if close else None
        hint = f" The closest current command is {spec.name}: {spec.route}/ENDPOINTID." if spec else ""
        return f"Unknown command {prefix}/{command}.{hint}\n"

    # -- checks every request passes -------------------------------------------------------------

    def _check(self, spec: CommandSpec, seen: inspector.Seen, account, db) -> None:
        seen.stage = "target"
        kind, target_id, values = seen.kind, seen.target_id.strip(JAVA_TRIM), seen.values
        demo = account
        if not spec.group_segment:  # no /group/ in the URL: the id itself says which it is
            if kind == "group":
                raise Refusal("3", f"{spec.name} takes the end point or group id straight after the command "
                                   f"({spec.route}/ENDPOINTGROUPID), not /group/{target_id}")
            kind = "group" if target_id == demo.groupid else "endpoint"
        if kind not in spec.targets:
            raise Refusal("3", f"{spec.name} takes an end point id only ({spec.route}/ENDPOINTID), not "
                               f"/group/{target_id}")
        if kind == "group" and target_id != demo.groupid:
            raise Refusal("3", f"End point group with id {target_id} not found")
        if kind != "group" and target_id != demo.endpointid:
            raise Refusal("3", f"End point with id {target_id} not found")
        seen.stage = "parameters"
        problems = spec.validate(values)
        if problems:
            raise Refusal("1", " ".join(m for msgs in problems.values() for m in msgs))
        if "login" in values and values["login"] != demo.login:
            raise Refusal("1", f"Login {values['login']} is not valid for this end point")
        received = values.get("control", "")
        if not received:
            raise Refusal("1", "Parameter control is required.")
        expected = signing.trace(spec.recipe, values, target_id, demo.merchant_control)
        seen.stage = "control"
        # Exact, lower-case hex: the gateway's comparison is undocumented, and the official clients send
        # lower-case; the debugger calls an upper-case control the `uppercase-hex` mistake.
        if not signing.same_control(received, expected.signature):
            seen.context = self._context(db, values, account)
            raise Refusal("2", "INVALID_CONTROL_CODE: the control code is wrong. Built-in sandbox: it "
                               f"expected SHA-1 of '{expected.masked_string()}'")
        seen.stage = "parameters"
        currency = values.get("currency")
        accepted = self.demo.group_currencies if kind == "group" else (self.demo.currency,)
        if currency and currency not in accepted:
            raise Refusal("16", f"Project with currency {accepted[0]} does not apply request with currency {currency}")

    # -- what each kind of transaction does ------------------------------------------------------

    def _context(self, db, values: dict, account) -> dict:
        """The order a follow-up acts on, as the sandbox knows it: what the debugger may compare with."""
        try:
            order = self._order(db, values, account) if values.get("orderid") or values.get("client_orderid") else None
        except Refusal:
            order = None
        return {"amount": order["amount"], "currency": order["currency"]} if order else {}

    def _act(self, db, spec: CommandSpec, values: dict, base: str, finished: list, account) -> list[tuple[str, str]]:
        action = {"status": self._status, "card-ref": self._card_ref, "card-info": self._card_info,
                  "capture": self._follow_up, "return": self._follow_up, "void": self._follow_up,
                  "3ds-result": self._upload_3ds}.get(spec.transaction)
        if action:
            return action(db, spec, values, base, finished, account)
        if spec.transaction in ("sale", "preauth", "verify"):
            return self._new_order(db, spec, values, base, finished, account)
        raise Refusal("1", f"{spec.name} is not played by the built-in sandbox", kind="error")

    def _card(self, db, values: dict, account) -> dict:
        if values.get("cardrefid"):
            row = db.card_ref(row_id(values["cardrefid"]))
            if row is None or row["account"] != account.id:
                raise Refusal("1", f"Card reference {values['cardrefid']} not found")
            return {k: row[k] for k in FALLBACK_CARD}
        number = values.get("credit_card_number", "")
        if not number:
            return dict(FALLBACK_CARD)  # form orders: the payer's card is "typed" on the hosted page
        # Only what a receipt shows is kept: never the full number or the CVV2.
        return {"bin": number[:6], "last4": number[-4:], "holder": values.get("card_printed_name", ""),
                "exp_month": values.get("expire_month", ""), "exp_year": values.get("expire_year", "")}

    def _new_order(self, db, spec, values, base, finished, account) -> list[tuple[str, str]]:
        form = spec.response == "async-form-response"
        amount = values.get("amount", "")
        token = uuid.uuid4().hex
        order_id = db.add_order(
            client_orderid=values["client_orderid"], command=spec.name, kind=spec.transaction, amount=amount,
            currency=values.get("currency", ""), form_token=token,
            redirect_url=values.get("redirect_url") or values.get("redirect_success_url") or "",
            callback_url=values.get("server_callback_url", ""), notify_url=values.get("notify_url", ""),
            paid=0 if form else 1,
            threeds=1 if values.get("credit_card_number") == THREEDS_CARD else 0, account=account.id,
            **self._card(db, values, account))
        txn = db.add_transaction(order_id, spec.transaction, amount, final_status(amount))
        orderid = str(order_id + ORDER_OFFSET)
        if spec.response == "status-response":  # synchronous verification: final at once
            self._finish(db, txn, finished)
            order = db.order(order_id)
            ref = db.add_card_ref(order)
            return [("paynet-order-id", orderid), ("status", "approved"), *self._verified(values, order, ref)]
        if form:
            return [("paynet-order-id", orderid), ("redirect-url", f"{base}/form/{token}")]
        return [("paynet-order-id", orderid), ("end-point-id", account.endpointid)]

    @staticmethod
    def _verified(values: dict, order: dict, ref: int) -> list[tuple[str, str]]:
        """What the PHP library's SyncAccountVerificationQuery requires in the reply (api-notes 4.12). phone is
        the one sent (left out when none was: nothing to echo); card-hash-id is the sandbox's own stable id for
        the card (bin + last four); card-type is read from the bin's first digit."""
        card_hash = uuid.uuid5(uuid.NAMESPACE_OID, f"{order['bin']}{order['last4']}").hex
        pairs = [("phone", values.get("phone", "")), ("email", values.get("email", "")),
                 ("last-four-digits", order["last4"]), ("bin", order["bin"]), ("cardholder-name", order["holder"]),
                 ("card-exp-month", order["exp_month"]), ("card-exp-year", order["exp_year"]),
                 ("card-ref-id", str(ref)), ("card-hash-id", card_hash), ("card-type", card_type(order["bin"]))]
        return [(k, v) for k, v in pairs if v]

    def _order(self, db, values: dict, account):
        """The order named, among the account's own: another account's is "not found", as an unknown one."""
        orderid = values.get("orderid", "")
        client = values.get("client_orderid") or values.get("client-order-id", "")
        if orderid:
            row = db.order(row_id(orderid, ORDER_OFFSET))
            if row is None or row["client_orderid"] != client or row["account"] != account.id:
                raise Refusal("1", f"Order {orderid} with client_orderid {client} not found")
            return row
        row = db.latest_order(client, account.id)
        if row is None:
            raise Refusal("1", f"Order with client_orderid {client} not found")
        return row

    def _status(self, db, spec, values, base, finished, account) -> list[tuple[str, str]]:
        """First query: processing; the next: final. Forms wait for the payer, 3DS for the challenge."""
        order = self._order(db, values, account)
        txn = db.transactions(order["id"])[-1]
        pairs = [("paynet-order-id", str(order["id"] + ORDER_OFFSET))]
        status = txn["final_status"] if txn["ready"] else "processing"
        if not txn["ready"] and order["threeds"] == 1:
            acs = f"{base}/3ds/{order['form_token']}"
            html = (f'<form method="get" action="{acs}"></form><script>document.forms[0].submit()</script>')
            pairs += [("status", status), *order_money(txn["amount"], order["currency"]),
                      ("html", html), ("redirect-to", acs)]
            return pairs
        if not txn["ready"] and order["paid"]:
            self._finish(db, txn["id"], finished)
        pairs += [("status", status), *order_money(txn["amount"], order["currency"])]
        return pairs + (error_pairs(status) if txn["ready"] else [])

    def _follow_up(self, db, spec, values, base, finished, account) -> list[tuple[str, str]]:
        order = self._order(db, values, account)
        txns = db.transactions(order["id"])
        amount = self._follow_up_amount(spec.transaction, order, txns, values.get("amount", ""))
        if values.get("currency") and values["currency"] != order["currency"]:
            raise Refusal("1", f"Currency {values['currency']} differs from the order's {order['currency']}")
        db.add_transaction(order["id"], spec.transaction, amount, "approved")
        return [("paynet-order-id", str(order["id"] + ORDER_OFFSET)), ("end-point-id", account.endpointid)]

    @staticmethod
    def _follow_up_amount(action: str, order, txns, asked: str) -> str:
        """Check the flow rules and return the amount the new transaction moves."""
        first = txns[0]
        if not (first["ready"] and first["final_status"] == "approved"):
            state = first["final_status"] if first["ready"] else "processing"
            raise Refusal("1", f"The {first['type']} of this order is not approved ({state}): cannot {action}")
        done = {t: sum((Decimal(x["amount"] or "0") for x in txns[1:] if x["type"] == t and x["final_status"] ==
                        "approved"), Decimal(0)) for t in ("capture", "return", "void")}
        if done["void"]:
            raise Refusal("1", "This order was voided")
        if action == "capture":
            if order["kind"] != "preauth":
                raise Refusal("1", "Only a preauth can be captured")
            left = Decimal(first["amount"]) - done["capture"] - done["return"]
        elif action == "return":
            base = done["capture"] if order["kind"] == "preauth" and done["capture"] else Decimal(first["amount"] or 0)
            left = base - done["return"]
        else:  # void: an approved sale or capture, whole, before any return
            if order["kind"] == "preauth" and not done["capture"] or order["kind"] == "verify" or done["return"]:
                raise Refusal("1", "Only an approved sale or capture without returns can be voided")
            left = done["capture"] or Decimal(first["amount"])
        amount = Decimal(asked) if asked else left
        if amount <= 0 and asked:
            raise Refusal("1", f"The {action} amount must be more than 0 (got {asked})")
        if amount > left or left <= 0:
            raise Refusal("1", f"The {action} amount {amount:.2f} exceeds the amount left, {left:.2f}")
        return f"{amount:.2f}"

    def _upload_3ds(self, db, spec, values, base, finished, account) -> list[tuple[str, str]]:
        """The merchant uploads the cRes / PaRes its notification URL received: the order becomes final as
        when the payer presses a button on the challenge page."""
        order = self._order(db, values, account)
        txn = db.transactions(order["id"])[0]
        if order["threeds"] != 1 or txn["ready"]:
            raise Refusal("1", f"Order {order['id'] + ORDER_OFFSET} is not waiting for 3-D Secure authentication")
        field = next(p.name for p in spec.params if p.name in threeds.RESULT_FIELDS)
        try:
            authenticated = threeds.decode(field, values.get(field, ""), order["form_token"])
        except threeds.Unreadable as exc:
            raise Refusal("1", str(exc)) from None
        self._complete(db, order, txn, "", authenticated, finished)
        return [("paynet-order-id", str(order["id"] + ORDER_OFFSET))]

    def _card_ref(self, db, spec, values, base, finished, account) -> list[tuple[str, str]]:
        order = self._order(db, values, account)
        first = db.transactions(order["id"])[0]
        if not (first["ready"] and first["final_status"] == "approved"):
            raise Refusal("1", "A card reference needs an approved initial payment in a final status")
        ref = db.add_card_ref(order)
        return [("paynet-order-id", str(order["id"] + ORDER_OFFSET)), ("status", "approved"),
                ("card-ref-id", str(ref))]

    def _card_info(self, db, spec, values, base, finished, account) -> list[tuple[str, str]]:
        card = self._card(db, values, account)
        return [("card-printed-name", card["holder"]), ("bin", card["bin"]), ("last-four-digits", card["last4"]),
                ("expire-year", card["exp_year"]), ("expire-month", card["exp_month"])]

    # -- reaching a final status, and the callback -----------------------------------------------

    def _finish(self, db, txn_id: int, finished: list) -> None:
        """The transaction is final. server_callback_url hears of the initial one; notify_url of every one."""
        row = db.finish(txn_id)
        url = row["callback_url"] if row["first_id"] == txn_id and row["callback_url"] else row["notify_url"]
        if url:
            finished.append(row | {"callback_url": url})
