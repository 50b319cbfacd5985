"""The built-in sandbox's memory: orders, their transactions, card references, callbacks. SQLite through
the standard library, so several worker processes share it."""

import json
import sqlite3
import time
from contextlib import closing, contextmanager

ORDER_OFFSET = 7_000_000  # paynet-order-id = row id + offset: gateway-looking, increasing
CARD_REF_START = 2_000_000

SCHEMA = """
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
"""


class Store:
    def __init__(self, path: str, demo_card: dict):
        self.path = path
        with self.db() as db:
            db.executescript(SCHEMA)
            db.execute("INSERT OR IGNORE INTO card_refs (id, bin, last4, holder, exp_month, exp_year) "
                       "VALUES (:id, :bin, :last4, :holder, :exp_month, :exp_year)", demo_card)

    @contextmanager
    def db(self):
        with closing(sqlite3.connect(self.path, timeout=10, isolation_level=None)) as db:
            db.execute("PRAGMA journal_mode=WAL")
            db.row_factory = sqlite3.Row
            yield db

    @contextmanager
    def transaction(self):
        """One writer at a time across processes (BEGIN IMMEDIATE), so status moves exactly once."""
        with self.db() as db:
            db.execute("BEGIN IMMEDIATE")
            try:
                yield db
                db.execute("COMMIT")
            except BaseException:
                db.execute("ROLLBACK")
                raise

    def serial(self, db) -> str:
        n = db.execute("INSERT INTO serials (at) VALUES (?)", (time.time(),)).lastrowid
        return f"00000000-0000-0000-0000-{n:012x}"

    @staticmethod
    def add_order(db, **order) -> int:
        order.setdefault("created", time.time())
        names = ", ".join(order)
        marks = ", ".join(f":{k}" for k in order)
        return db.execute(f"INSERT INTO orders ({names}) VALUES ({marks})", order).lastrowid

    @staticmethod
    def add_transaction(db, order_id: int, type_: str, amount: str, final_status: str, ready: int = 0) -> int:
        return db.execute("INSERT INTO transactions (order_id, type, amount, final_status, ready, created) "
                          "VALUES (?, ?, ?, ?, ?, ?)", (order_id, type_, amount, final_status, ready,
                                                         time.time())).lastrowid

    @staticmethod
    def transactions(db, order_id: int) -> list[sqlite3.Row]:
        return db.execute("SELECT * FROM transactions WHERE order_id = ? ORDER BY id", (order_id,)).fetchall()

    @staticmethod
    def add_card_ref(db, order) -> int:
        last = db.execute("SELECT MAX(id) FROM card_refs").fetchone()[0] or 0
        ref = max(last, CARD_REF_START) + 1
        db.execute("INSERT INTO card_refs (id, order_id, bin, last4, holder, exp_month, exp_year) VALUES "
                   "(?, ?, ?, ?, ?, ?, ?)", (ref, order["id"], order["bin"], order["last4"], order["holder"],
                                             order["exp_month"], order["exp_year"]))
        return ref

    def record_delivery(self, order_id: int, url: str, outcome: str, request: str = "") -> None:
        with self.db() as db:
            db.execute("INSERT INTO deliveries (order_id, url, outcome, request, created) VALUES (?, ?, ?, ?, ?)",
                       (order_id, url, outcome, request, time.time()))

    def deliveries(self, limit: int = 50) -> list[dict]:
        with self.db() as db:
            rows = db.execute("SELECT * FROM deliveries ORDER BY id DESC LIMIT ?", (limit,)).fetchall()
        return [dict(r) | {"paynet_order_id": r["order_id"] + ORDER_OFFSET} for r in rows]

    def receive(self, method: str, url: str, headers: list, body: str, raw: str) -> int:
        with self.db() as db:
            return db.execute("INSERT INTO inbox (method, url, headers, body, raw, created) VALUES (?, ?, ?, ?, ?, ?)",
                              (method, url, json.dumps(headers), body, raw, time.time())).lastrowid

    def inbox(self, after: int = 0, limit: int = 100, budget: int = 1024 * 1024) -> list[dict]:
        """The newest callbacks first: at most `limit`, and no more than `budget` characters as JSON."""
        entries, size = [], 0
        with self.db() as db:
            for row in db.execute("SELECT * FROM inbox WHERE id > ? ORDER BY id DESC LIMIT ?", (after, limit)):
                entry = dict(row) | {"headers": json.loads(row["headers"])}
                size += len(json.dumps(entry))
                if entries and size > budget:
                    break
                entries.append(entry)
        return entries
