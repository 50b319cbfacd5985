"""Everything the tool remembers (orders, transactions, card references, deliveries, inboxes) behind one
interface, and the numbered schema migrations applied at start-up. SQLite through the standard library, so
several worker processes share it; every SQL statement of the tool lives in this module."""

import json
import math
import re
import secrets
import sqlite3
import time
from contextlib import closing, contextmanager
from dataclasses import dataclass

ORDER_OFFSET = 7_000_000  # paynet-order-id = row id + offset: gateway-looking, increasing
CARD_REF_START = 2_000_000

# Version 1 is the schema from before versioning, verbatim: IF NOT EXISTS makes it a no-op on such a
# database, so it upgrades in place. Never edit a released version: add the next one.
MIGRATIONS = {
    1: """
CREATE TABLE IF NOT EXISTS orders (
    id INTEGER PRIMARY KEY AUTOINCREMENT, client_orderid TEXT NOT NULL, command TEXT NOT NULL,
    kind TEXT NOT NULL, amount TEXT NOT NULL, currency TEXT NOT NULL, form_token TEXT, redirect_url TEXT,
    callback_url TEXT, notify_url TEXT, bin TEXT, last4 TEXT, holder TEXT, exp_month TEXT, exp_year TEXT,
    threeds INTEGER NOT NULL DEFAULT 0, paid INTEGER NOT NULL DEFAULT 1, created REAL NOT NULL);
CREATE TABLE IF NOT EXISTS transactions (
    id INTEGER PRIMARY KEY AUTOINCREMENT, order_id INTEGER NOT NULL, type TEXT NOT NULL, amount TEXT NOT NULL,
    final_status TEXT NOT NULL, ready INTEGER NOT NULL DEFAULT 0, created REAL NOT NULL);
CREATE TABLE IF NOT EXISTS card_refs (
    id INTEGER PRIMARY KEY, order_id INTEGER, bin TEXT, last4 TEXT, holder TEXT, exp_month TEXT, exp_year TEXT);
CREATE TABLE IF NOT EXISTS serials (n INTEGER PRIMARY KEY AUTOINCREMENT, at REAL);
CREATE TABLE IF NOT EXISTS deliveries (
    id INTEGER PRIMARY KEY AUTOINCREMENT, order_id INTEGER, url TEXT NOT NULL, outcome TEXT NOT NULL,
    request TEXT, created REAL NOT NULL);
CREATE TABLE IF NOT EXISTS inbox (
    id INTEGER PRIMARY KEY AUTOINCREMENT, method TEXT, url TEXT, headers TEXT, body TEXT, raw TEXT,
    created REAL NOT NULL);
""",
    2: """
CREATE TABLE inboxes (token TEXT PRIMARY KEY, client TEXT NOT NULL, created REAL NOT NULL, seen REAL NOT NULL);
CREATE INDEX inboxes_seen ON inboxes (seen);
CREATE INDEX inboxes_client ON inboxes (client, created);
ALTER TABLE inbox ADD COLUMN token TEXT;
ALTER TABLE inbox ADD COLUMN note TEXT;
CREATE INDEX inbox_token ON inbox (token, id);
CREATE INDEX inbox_created ON inbox (created);
ALTER TABLE deliveries ADD COLUMN inbox TEXT;
CREATE INDEX deliveries_inbox ON deliveries (inbox, id);
CREATE INDEX deliveries_order ON deliveries (order_id, id);
""",
    3: """
CREATE TABLE accounts (
    id TEXT PRIMARY KEY, token_hash TEXT NOT NULL, login TEXT NOT NULL, endpointid TEXT NOT NULL UNIQUE,
    groupid TEXT NOT NULL UNIQUE, sealed_key TEXT NOT NULL, callback_hosts TEXT NOT NULL, client TEXT NOT NULL,
    created REAL NOT NULL, seen REAL NOT NULL);
CREATE INDEX accounts_seen ON accounts (seen);
CREATE INDEX accounts_client ON accounts (client, created);
CREATE TABLE inspector (
    id INTEGER PRIMARY KEY AUTOINCREMENT, account TEXT NOT NULL, kind TEXT NOT NULL, entry TEXT NOT NULL,
    created REAL NOT NULL);
CREATE INDEX inspector_account ON inspector (account, id);
CREATE INDEX inspector_created ON inspector (created);
ALTER TABLE orders ADD COLUMN account TEXT;
ALTER TABLE card_refs ADD COLUMN account TEXT;
CREATE INDEX orders_account ON orders (account, client_orderid);
""",
}
LATEST = max(MIGRATIONS)
# Header names that carry credentials: replaced by DROPPED before anything is stored.
CREDENTIAL_HEADER = re.compile(r"cookie|authorization|.*-key|.*-token|.*-secret|.*auth.*", re.IGNORECASE)
DROPPED = "[dropped]"
LIST_BUDGET = 256 * 1024  # characters of stored text per listing: JSON escaping at most ~6x, under 2 MiB


@dataclass(frozen=True)
class InboxLimits:
    """The bounds of the private inboxes (config: INBOX_*)."""

    body: int = 64 * 1024  # bytes kept of a received body (and of its request target)
    entries: int = 200  # per inbox; the oldest are dropped
    ttl: float = 24 * 3600.0  # seconds: older entries, and inboxes idle that long, are dropped
    inboxes: int = 1000  # in all; the least recently used one makes room
    rate: int = 10  # inboxes issued per client address per minute


class RateLimited(Exception):
    def __init__(self, retry_after: int):
        super().__init__(f"retry after {retry_after} s")
        self.retry_after = retry_after


class StoreError(RuntimeError):
    """The database cannot be used by this version of the tool; the message says why and what to do."""


def statements(script: str) -> list[str]:
    # One execute() per statement: executescript() would COMMIT the migration's transaction half-way.
    return [s.strip() for s in script.split(";") if s.strip()]


class Store:
    def __init__(self, path: str, demo_card: dict, clock=time.time, limits: InboxLimits = InboxLimits()):
        self.path, self.clock, self.limits = path, clock, limits
        self.version = self.migrate()
        with self.transaction() as tx:
            tx.db.execute("INSERT OR IGNORE INTO card_refs (id, bin, last4, holder, exp_month, exp_year) "
                          "VALUES (:id, :bin, :last4, :holder, :exp_month, :exp_year)", demo_card)

    @contextmanager
    def _connect(self):
        with closing(sqlite3.connect(self.path, timeout=10, isolation_level=None)) as db:
            db.row_factory = sqlite3.Row
            yield db

    @contextmanager
    def transaction(self):
        """One writer at a time across processes (BEGIN IMMEDIATE), so status moves exactly once."""
        with self._connect() as db:
            db.execute("BEGIN IMMEDIATE")
            try:
                yield Tx(db, self.clock)
                db.execute("COMMIT")
            except BaseException:
                db.execute("ROLLBACK")
                raise

    @contextmanager
    def reading(self):
        """A read without the write lock."""
        with self._connect() as db:
            yield Tx(db, self.clock)

    def migrate(self) -> int:
        """Apply the missing migrations in one transaction; workers starting at once wait for each other
        (BEGIN IMMEDIATE), and the later ones find the versions already applied."""
        self._write_ahead_log()
        with self.transaction() as tx:
            db = tx.db
            db.execute("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER PRIMARY KEY, applied REAL)")
            current = db.execute("SELECT MAX(version) FROM schema_version").fetchone()[0] or 0
            if current > LATEST:
                raise StoreError(
                    f"The database {self.path} has schema version {current}, but this version of the tool knows "
                    f"versions up to {LATEST}: a newer release upgraded it. Run that release, or point "
                    "SANDBOX_DATABASE at another file.")
            for version in sorted(v for v in MIGRATIONS if v > current):
                for statement in statements(MIGRATIONS[version]):
                    db.execute(statement)
                db.execute("INSERT INTO schema_version (version, applied) VALUES (?, ?)", (version, self.clock()))
        return LATEST

    def _write_ahead_log(self, patience: float = 10.0) -> None:
        """Readers never wait for the writer (WAL; kept in the file). Switching waits for no busy handler,
        so a fresh database opened by several workers at once is retried here."""
        deadline = time.monotonic() + patience
        while True:
            try:
                with self._connect() as db:
                    db.execute("PRAGMA journal_mode=WAL")
                return
            except sqlite3.OperationalError as exc:
                if "locked" not in str(exc) or time.monotonic() > deadline:
                    raise
                time.sleep(0.02)

    def applied_versions(self) -> list[int]:
        with self._connect() as db:
            return [r[0] for r in db.execute("SELECT version FROM schema_version ORDER BY version")]

    # -- deliveries: the callbacks the sandbox sent or refused, part of each order's record ------------

    def record_delivery(self, order_id: int, url: str, outcome: str, request: str = "", inbox: str | None = None):
        """`inbox`: the token when the callback was addressed to one of the tool's inboxes."""
        with self.transaction() as tx:
            tx.db.execute("INSERT INTO deliveries (order_id, url, outcome, request, inbox, created) "
                          "VALUES (?, ?, ?, ?, ?, ?)", (order_id, url, outcome, request, inbox, self.clock()))

    def order_deliveries(self, order_id: int) -> list[dict]:
        """Every callback of one order, oldest first."""
        with self._connect() as db:
            rows = db.execute("SELECT * FROM deliveries WHERE order_id = ? ORDER BY id", (order_id,)).fetchall()
        return [_delivery(r) for r in rows]

    def inbox_deliveries(self, token: str, limit: int = 50) -> list[dict]:
        """The sandbox's deliveries and refusals addressed to one inbox, newest first."""
        with self._connect() as db:
            rows = db.execute("SELECT * FROM deliveries WHERE inbox = ? AND created > ? ORDER BY id DESC LIMIT ?",
                              (token, self.clock() - self.limits.ttl, limit)).fetchall()
        return [_delivery(r) for r in rows]

    # -- private inboxes: the tool's own callback receivers, one per browser ---------------------------

    def issue_inbox(self, client: str) -> str:
        """A new inbox for `client` (an address), or RateLimited; the least recently used one makes room."""
        now, limits = self.clock(), self.limits
        with self.transaction() as tx:
            tx.purge(now - limits.ttl)
            recent = [r[0] for r in tx.db.execute("SELECT created FROM inboxes WHERE client = ? AND created > ? "
                                                  "ORDER BY created", (client, now - 60))]
            if len(recent) >= limits.rate:
                raise RateLimited(max(1, math.ceil(recent[0] + 60 - now)))
            extra = tx.db.execute("SELECT COUNT(*) FROM inboxes").fetchone()[0] - limits.inboxes + 1
            for (old,) in tx.db.execute("SELECT token FROM inboxes ORDER BY seen, created LIMIT MAX(?, 0)",
                                        (extra,)).fetchall():
                tx.drop_inbox(old)
            token = secrets.token_urlsafe(24)  # 192 bits
            tx.db.execute("INSERT INTO inboxes (token, client, created, seen) VALUES (?, ?, ?, ?)",
                          (token, client, now, now))
        return token

    def inbox_known(self, token: str) -> bool:
        """Whether the inbox exists (and is not idle past the TTL); a use keeps it alive."""
        now = self.clock()
        with self._connect() as db:
            row = db.execute("SELECT seen FROM inboxes WHERE token = ?", (token,)).fetchone()
        if row is None or row["seen"] <= now - self.limits.ttl:
            return False
        if row["seen"] < now - 60:  # written at most once a minute: polls stay reads
            with self.transaction() as tx:
                tx.db.execute("UPDATE inboxes SET seen = MAX(seen, ?) WHERE token = ?", (now, token))
        return True

    def receive(self, token: str, method: str, target: str, headers: list, body: str) -> int | None:
        """Keep a received request in its inbox: credentials dropped, body and target cut to the limit;
        None when there is no such inbox."""
        now, limits = self.clock(), self.limits
        headers = [(k, DROPPED if CREDENTIAL_HEADER.fullmatch(k) else v) for k, v in headers]
        target, target_note = _cut(target, limits.body, "The request target")
        body, body_note = _cut(body, limits.body, "The body")
        raw = "\r\n".join([f"{method} {target} HTTP/1.1", *(f"{k}: {v}" for k, v in headers), "", body])
        with self.transaction() as tx:
            tx.purge(now - limits.ttl)
            if tx.db.execute("UPDATE inboxes SET seen = ? WHERE token = ?", (now, token)).rowcount == 0:
                return None
            entry = tx.db.execute("INSERT INTO inbox (token, method, url, headers, body, raw, note, created) "
                                  "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                                  (token, method, target, json.dumps(headers), body, raw,
                                   " ".join(filter(None, (target_note, body_note))) or None, now)).lastrowid
            tx.db.execute("DELETE FROM inbox WHERE token = ? AND id <= (SELECT id FROM inbox WHERE token = ? "
                          "ORDER BY id DESC LIMIT 1 OFFSET ?)", (token, token, limits.entries))
        return entry

    def inbox_entries(self, token: str, after: int = 0) -> tuple[list[dict], bool]:
        """What one inbox received after entry `after`, oldest first, as much as a reply may carry;
        (entries, whether more are waiting)."""
        with self._connect() as db:
            rows = db.execute("SELECT id, method, url, headers, body, raw, note, created FROM inbox "
                              "WHERE token = ? AND id > ? AND created > ? ORDER BY id LIMIT ?",
                              (token, after, self.clock() - self.limits.ttl, self.limits.entries))
            entries, used = [], 0
            for row in rows:
                used += len(row["url"]) + len(row["body"]) + len(row["raw"]) + len(row["headers"])
                if entries and used > LIST_BUDGET:
                    return entries, True
                entries.append(dict(row) | {"headers": json.loads(row["headers"])})
        return entries, False


def _cut(text: str, limit: int, what: str) -> tuple[str, str]:
    data = text.encode("utf-8", "replace")
    if len(data) <= limit:
        return data.decode("utf-8"), ""
    kept = data[:limit].decode("utf-8", "ignore")  # never half a character
    return kept, f"{what} was cut to its first {limit} bytes of {len(data)}."


def _delivery(row) -> dict:
    return dict(row) | {"paynet_order_id": row["order_id"] + ORDER_OFFSET}


class Tx:
    """The sandbox's reads and writes inside one transaction; rows come back as plain dicts."""

    def __init__(self, db, clock):
        self.db, self.clock = db, clock

    def _one(self, sql: str, args=()) -> dict | None:
        row = self.db.execute(sql, args).fetchone()
        return None if row is None else dict(row)

    def serial(self) -> str:
        n = self.db.execute("INSERT INTO serials (at) VALUES (?)", (self.clock(),)).lastrowid
        return f"00000000-0000-0000-0000-{n:012x}"

    def add_order(self, **order) -> int:
        order.setdefault("created", self.clock())
        names = ", ".join(order)
        marks = ", ".join(f":{k}" for k in order)
        return self.db.execute(f"INSERT INTO orders ({names}) VALUES ({marks})", order).lastrowid

    def order(self, order_id: int) -> dict | None:
        return self._one("SELECT * FROM orders WHERE id = ?", (order_id,))

    def latest_order(self, client_orderid: str, account: str | None = None) -> dict | None:
        """The newest order with this client_orderid among the account's own (None: the demo account)."""
        return self._one("SELECT * FROM orders WHERE client_orderid = ? AND account IS ? ORDER BY id DESC",
                         (client_orderid, account))

    def order_by_token(self, token: str) -> dict | None:
        return self._one("SELECT * FROM orders WHERE form_token = ?", (token,))

    def add_transaction(self, order_id: int, type_: str, amount: str, final_status: str, ready: int = 0) -> int:
        return self.db.execute("INSERT INTO transactions (order_id, type, amount, final_status, ready, created) "
                               "VALUES (?, ?, ?, ?, ?, ?)",
                               (order_id, type_, amount, final_status, ready, self.clock())).lastrowid

    def transactions(self, order_id: int) -> list[dict]:
        rows = self.db.execute("SELECT * FROM transactions WHERE order_id = ? ORDER BY id", (order_id,))
        return [dict(r) for r in rows]

    def finish(self, txn_id: int) -> dict:
        """Mark the transaction final; returns it with what its callback needs from the order."""
        self.db.execute("UPDATE transactions SET ready = 1 WHERE id = ?", (txn_id,))
        return self._one("SELECT t.*, o.client_orderid, o.currency, o.callback_url, o.notify_url, o.account, "
                         "(SELECT MIN(id) FROM transactions WHERE order_id = o.id) AS first_id FROM transactions t "
                         "JOIN orders o ON o.id = t.order_id WHERE t.id = ?", (txn_id,))

    def complete_payment(self, order_id: int, txn_id: int, amount: str, status: str) -> None:
        """The payer paid on the hosted form or passed 3-D Secure (threeds 1 -> 2: authenticated)."""
        self.db.execute("UPDATE orders SET amount = ?, paid = 1, threeds = MIN(threeds * 2, 2) WHERE id = ?",
                        (amount, order_id))
        self.db.execute("UPDATE transactions SET amount = ?, final_status = ? WHERE id = ?", (amount, status, txn_id))

    def purge(self, before: float) -> None:
        """Drop inbox entries older than `before`, and inboxes idle since then with theirs."""
        for (token,) in self.db.execute("SELECT token FROM inboxes WHERE seen <= ?", (before,)).fetchall():
            self.drop_inbox(token)
        self.db.execute("DELETE FROM inbox WHERE created <= ?", (before,))

    def drop_inbox(self, token: str) -> None:
        self.db.execute("DELETE FROM inbox WHERE token = ?", (token,))
        self.db.execute("DELETE FROM inboxes WHERE token = ?", (token,))

    def card_ref(self, ref: int) -> dict | None:
        return self._one("SELECT * FROM card_refs WHERE id = ?", (ref,))

    def add_card_ref(self, order: dict) -> int:
        last = self.db.execute("SELECT MAX(id) FROM card_refs").fetchone()[0] or 0
        ref = max(last, CARD_REF_START) + 1
        self.db.execute("INSERT INTO card_refs (id, order_id, bin, last4, holder, exp_month, exp_year, account) "
                        "VALUES (?, ?, ?, ?, ?, ?, ?, ?)", (ref, order["id"], order["bin"], order["last4"],
                                                           order["holder"], order["exp_month"], order["exp_year"],
                                                           order.get("account")))
        return ref
