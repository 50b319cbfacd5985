"""The built-in sandbox: a local gateway emulator with real signature checks and whole flows.

Framework-free: the app hands it each command as a Command (recipe, validator, transaction kind) and
serves `handle()` at /sandbox/paynet/<each command's prefix>/... . Orders live in the store (SQLite or
PostgreSQL: store/) so several workers and hosts share them. A transaction reaches its final
status at the first status query (or when the payer completes the hosted form or the 3DS page:
pages.py); the sandbox then sends the callback, if one was asked for (callbacks.py). What each
kind of transaction does is actions.py.
"""

import difflib
from dataclasses import dataclass, field

from paynet import signing, wire
from paynet.command import Command
from paynet.i18n import english
from paynet.wire import JAVA_TRIM
from sandbox import inspector
from sandbox.accounts import AccountLimits, Accounts, KeyBox
from sandbox.actions import Actions, Call
from sandbox.callbacks import NO_POLICY, CallbackSender
from sandbox.deliveries import Pool
from sandbox.pages import PayerPages
from sandbox.rules import FALLBACK_CARD, Refusal
from sandbox.v4 import V4Gateway
from store.records import ORDER_OFFSET, Order
from store.store import Store


@dataclass(frozen=True)
class DemoAccount:
    """The sandbox's shared merchant. Its key is public: it is the docs' worked-example key."""

    id: str = ""  # sandbox accounts (sandbox.accounts.Account) have one; the demo account has no inspector
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


class Sandbox:
    def __init__(self, db_path: str, specs: dict[str, Command], demo: DemoAccount | None = None,
                 callback_target=None, inbox_of=None, secret: str = "", account_limits: AccountLimits | None = None,
                 callback_pool: Pool | None = None, v4_specs: dict | None = None, **store_options):
        self.specs, self.demo = specs, demo or DemoAccount()
        self.store = Store(db_path, {"id": int(self.demo.cardrefid), **FALLBACK_CARD}, **store_options)
        self.accounts = Accounts(self.store, KeyBox(secret or "no secret"), account_limits or AccountLimits())
        # url -> the token of the tool's inbox it addresses, or None: its deliveries are listed there.
        self.inbox_of = inbox_of or (lambda url: None)
        self.callbacks = CallbackSender(
            self.store, self.accounts, self.account_by_id,
            callback_target or (lambda url, hosts=None: (None, NO_POLICY)), self.inbox_of,
            callback_pool or Pool())
        self.actions = Actions()
        self.pages = PayerPages(self.store, self.actions, self.callbacks, self.account_by_id)
        self.v4 = V4Gateway(self, v4_specs or {})  # /api/v4/...: OAuth RSA-SHA256, the same orders

    def resend(self, account, entry_id: int) -> bool:
        """Send one of the account's callbacks again, once; False when there is no such callback."""
        return self.callbacks.resend(account, entry_id)

    def account(self, target_id: str, db=None):
        """The account an end point or group id belongs to: a sandbox account's, else the demo account."""
        target_id = target_id.strip(JAVA_TRIM)
        if target_id in (self.demo.endpointid, self.demo.groupid) or not (target_id.isascii() and target_id.isdigit()):
            return self.demo
        if db is None:
            with self.store.reading() as db:
                return self.accounts.by_target(target_id, db) or self.demo
        return self.accounts.by_target(target_id, db) or self.demo

    def order_context(self, target_id: str, values: dict) -> dict:
        """The amount and currency of the order a pasted follow-up names, when this sandbox holds it under the
        target's account (the debugger checks an unsent amount against it); {} otherwise."""
        with self.store.reading() as db:
            return self.actions.context(db, values, self.account(target_id, db))

    def order_deliveries(self, target_id: str, values: dict) -> list:
        """The callbacks, sent or refused, of the order `values` name under the target's account."""
        with self.store.reading() as db:
            order = self.actions.find(db, values, self.account(target_id, db))
        return self.store.order_deliveries(order.id) if order else []

    def account_order(self, account, orderid: str) -> Order | None:
        """The order with this gateway orderid when it is `account`'s (the demo account's orders have account "")."""
        if not (orderid.isascii() and orderid.isdigit() and 0 < len(orderid) <= 18):
            return None
        with self.store.reading() as db:
            order = db.order(int(orderid) - ORDER_OFFSET)
        return order if order and order.account == account.id else None

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
                pairs = self.actions.act(Call(db, spec, values, account, base, finished))
                seen.stage = ""
            except Refusal as refusal:
                seen.message = refusal.message
                head[0] = ("type", refusal.kind)
                pairs = [("error-message", refusal.message), ("error-code", refusal.code)]
            reply = Reply(head + pairs)
            self._inspect(account, seen, reply, db)
        self.callbacks.send_finished(finished)
        return reply

    def unknown(self, prefix: str, command: str) -> str:
        """The 404 text for a command the sandbox does not know, naming the closest current one."""
        close = difflib.get_close_matches(command, self.specs, n=1, cutoff=0.6)  # by name, under any prefix
        spec = self.specs[close[0]] if close else None
        hint = f" The closest current command is {spec.name}: {spec.route}/ENDPOINTID." if spec else ""
        return f"Unknown command {prefix}/{command}.{hint}\n"

    # -- checks every request passes -------------------------------------------------------------

    def _check(self, spec: Command, seen: inspector.Seen, account, db) -> None:
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
        expected = signing.trace(spec.parts, values, target_id, demo.merchant_control)
        seen.stage = "control"
        # Exact, lower-case hex: the gateway's comparison is undocumented, and the official clients send
        # lower-case; the debugger calls an upper-case control the `uppercase-hex` mistake.
        if not signing.same_control(received, expected.signature):
            seen.context = self.actions.context(db, values, account)
            raise Refusal("2", "INVALID_CONTROL_CODE: the control code is wrong. Built-in sandbox: it "
                               f"expected SHA-1 of '{expected.masked_string()}'")
        seen.stage = "parameters"
        currency = values.get("currency")
        accepted = self.demo.group_currencies if kind == "group" else (self.demo.currency,)
        if currency and currency not in accepted:
            raise Refusal("16", f"Project with currency {accepted[0]} does not apply request with currency {currency}")
