"""The built-in sandbox: a local gateway emulator with real signature checks and remembered orders.

Framework-free: the app hands it each command's recipe and validator as plain data, and serves
`handle()` at /sandbox/paynet/api/v2/... . Orders live in SQLite so several workers share them.
"""

import sqlite3
import time
import uuid
from contextlib import closing
from dataclasses import dataclass, field
from urllib.parse import parse_qsl

from . import signing, wire
from .signing import JAVA_TRIM
from .spec import CommandSpec

ORDER_OFFSET = 7_000_000  # paynet-order-id = row id + offset: gateway-looking, increasing
# Cents of the amount choose the final status; anything else is approved (README table).
MAGIC = {"01": ("declined", "302", "Insufficient funds (sandbox: amount ending in .01)"),
         "02": ("filtered", "8876", "Filtered by fraud control (sandbox: amount ending in .02)"),
         "03": ("error", "500", "Processor error (sandbox: amount ending in .03)")}
CREATES_ORDER = ("async-response", "async-form-response")


def final_status(amount: str) -> str:
    """The status an order ends in, chosen by the amount's cents (the magic amounts)."""
    cents = amount.partition(".")[2][:2].ljust(2, "0")
    return MAGIC[cents][0] if cents in MAGIC else "approved"


@dataclass(frozen=True)
class DemoAccount:
    """The sandbox's only merchant. Its key is public: it is the docs' worked-example key."""

    login: str = "demo"
    endpointid: str = "1111"
    groupid: str = "2222"
    merchant_control: str = "B17F59B4-A7DC-41B4-8FF9-37D986B43D20"
    currency: str = "USD"
    cardrefid: str = "1461665"
    group_currencies: tuple = ("USD", "EUR")

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


SCHEMA = """
CREATE TABLE IF NOT EXISTS orders (
    id INTEGER PRIMARY KEY AUTOINCREMENT, client_orderid TEXT NOT NULL, command TEXT NOT NULL,
    amount TEXT NOT NULL, currency TEXT NOT NULL, final_status TEXT NOT NULL, ready INTEGER NOT NULL,
    form_token TEXT, redirect_url TEXT, created REAL NOT NULL);
CREATE TABLE IF NOT EXISTS serials (n INTEGER PRIMARY KEY AUTOINCREMENT, at REAL);
"""


class Sandbox:
    def __init__(self, db_path: str, specs: dict[str, CommandSpec], demo: DemoAccount | None = None):
        self.db_path, self.specs, self.demo = db_path, specs, demo or DemoAccount()
        with closing(self._connect()) as db, db:
            db.executescript(SCHEMA)

    def _connect(self) -> sqlite3.Connection:
        db = sqlite3.connect(self.db_path, timeout=10, isolation_level=None)
        db.execute("PRAGMA journal_mode=WAL")
        db.row_factory = sqlite3.Row
        return db

    def _serial(self, db) -> str:
        n = db.execute("INSERT INTO serials (at) VALUES (?)", (time.time(),)).lastrowid
        return f"00000000-0000-0000-0000-{n:012x}"

    def handle(self, command: str, kind: str, target_id: str, body: bytes, form_base: str) -> Reply:
        """One API request -> the gateway's answer. `form_base` prefixes hosted-form URLs."""
        spec = self.specs.get(command)
        if spec is None:
            return Reply([], status=404, content_type="text/plain;charset=utf-8",
                         extra={"text": f"Unknown command {command}\n"})
        values = {k: v.strip(JAVA_TRIM) for k, v in parse_qsl(body.decode("utf-8", "replace"), keep_blank_values=True)}
        with closing(self._connect()) as db:
            serial = self._serial(db)
            head = [("type", ""), ("serial-number", serial)]
            if values.get("client_orderid"):
                head.append(("merchant-order-id", values["client_orderid"]))
            try:
                self._check(spec, kind, target_id.strip(JAVA_TRIM), values)
                pairs = self._act(db, spec, values, form_base)
            except Refusal as refusal:
                head[0] = ("type", refusal.kind)
                return Reply(head + [("error-message", refusal.message), ("error-code", refusal.code)])
        head[0] = ("type", spec.response)
        return Reply(head + pairs)

    def _check(self, spec: CommandSpec, kind: str, target_id: str, values: dict) -> None:
        demo = self.demo
        if kind == "group" and target_id != demo.groupid:
            raise Refusal("3", f"End point group with id {target_id} not found")
        if kind != "group" and target_id != demo.endpointid:
            raise Refusal("3", f"End point with id {target_id} not found")
        problems = spec.validate(values)
        if problems:
            raise Refusal("1", " ".join(m for msgs in problems.values() for m in msgs))
        if "login" in values and values["login"] != demo.login:
            raise Refusal("1", f"Login {values['login']} is not valid for this end point")
        self._check_control(spec, target_id, values)
        currency = values.get("currency")
        accepted = demo.group_currencies if kind == "group" else (demo.currency,)
        if currency and currency not in accepted:
            raise Refusal("16", f"Project with currency {accepted[0]} does not apply request with currency {currency}")
        if values.get("cardrefid") and values["cardrefid"] != demo.cardrefid:
            raise Refusal("1", f"Card reference {values['cardrefid']} not found")

    def _check_control(self, spec: CommandSpec, target_id: str, values: dict) -> None:
        received = values.get("control", "")
        if not received:
            raise Refusal("1", "Parameter control is required.")
        expected = signing.trace(spec.recipe, values, target_id, self.demo.merchant_control)
        # Exact, lower-case hex: the gateway's comparison is undocumented, and the official clients send
        # lower-case; the debugger calls an upper-case control the `uppercase-hex` mistake.
        if not signing.same_control(received, expected.signature):
            raise Refusal("2", "INVALID_CONTROL_CODE: the control code is wrong. Built-in sandbox: it "
                               f"expected SHA-1 of '{expected.masked_string()}'")

    def _act(self, db, spec: CommandSpec, values: dict, form_base: str) -> list[tuple[str, str]]:
        if spec.response == "status-response":
            return self._status(db, values)
        if spec.response not in CREATES_ORDER:
            raise Refusal("1", f"{spec.name} is not played by the built-in sandbox", kind="error")
        amount = values.get("amount", "")
        final = final_status(amount)
        form = spec.response == "async-form-response"
        token = uuid.uuid4().hex if form else None
        cur = db.execute(
            "INSERT INTO orders (client_orderid, command, amount, currency, final_status, ready, form_token,"
            " redirect_url, created) VALUES (?, ?, ?, ?, ?, 0, ?, ?, ?)",
            (values["client_orderid"], spec.name, amount, values.get("currency", ""), final, token,
             values.get("redirect_url") or values.get("redirect_success_url") or "", time.time()))
        order_id = str(cur.lastrowid + ORDER_OFFSET)
        if form:
            return [("paynet-order-id", order_id), ("redirect-url", f"{form_base}/form/{token}")]
        return [("paynet-order-id", order_id), ("end-point-id", self.demo.endpointid)]

    def _find(self, db, values: dict):
        orderid, client = values.get("orderid", ""), values.get("client_orderid", "")
        if orderid:
            row = db.execute("SELECT * FROM orders WHERE id = ?",
                             (int(orderid) - ORDER_OFFSET if orderid.isdigit() else -1,)).fetchone()
            if row is None or row["client_orderid"] != client:
                raise Refusal("1", f"Order {orderid} with client_orderid {client} not found")
            return row
        row = db.execute("SELECT * FROM orders WHERE client_orderid = ? ORDER BY id DESC", (client,)).fetchone()
        if row is None:
            raise Refusal("1", f"Order with client_orderid {client} not found")
        return row

    def _status(self, db, values: dict) -> list[tuple[str, str]]:
        """First query: processing; the next ones: the final status (forms: once the payer paid)."""
        db.execute("BEGIN IMMEDIATE")
        try:
            row = self._find(db, values)
            pairs = [("paynet-order-id", str(row["id"] + ORDER_OFFSET))]
            if not row["ready"]:
                if not row["form_token"]:
                    db.execute("UPDATE orders SET ready = 1 WHERE id = ?", (row["id"],))
                status = "processing"
            else:
                status = row["final_status"]
            db.execute("COMMIT")
        except BaseException:
            db.execute("ROLLBACK")
            raise
        pairs += [("status", status), ("amount", row["amount"]), ("currency", row["currency"])]
        if status in ("declined", "filtered", "error"):
            _, code, message = next(m for m in MAGIC.values() if m[0] == status)
            pairs += [("error-message", message), ("error-code", code)]
        return pairs

    def form_order(self, token: str) -> dict | None:
        """The order behind a hosted payment form, for the page that shows it."""
        with closing(self._connect()) as db:
            row = db.execute("SELECT * FROM orders WHERE form_token = ?", (token,)).fetchone()
        return dict(row) | {"paynet_order_id": row["id"] + ORDER_OFFSET} if row else None

    def pay(self, token: str, amount: str = "") -> dict | None:
        """The payer submits the hosted form: the order becomes final at the next status query."""
        with closing(self._connect()) as db:
            row = db.execute("SELECT * FROM orders WHERE form_token = ?", (token,)).fetchone()
            if row is None:
                return None
            amount = row["amount"] or amount
            db.execute("UPDATE orders SET ready = 1, amount = ?, final_status = ? WHERE id = ?",
                       (amount, final_status(amount), row["id"]))
        return self.form_order(token)
