"""Everything the tool remembers (orders, transactions, card references, deliveries, inboxes) behind one
interface, and the numbered schema migrations applied at start-up (the inboxes: inboxes.py). SQLite (one
file several worker processes share) or PostgreSQL (several instances); every query of the tool lives here,
written once for both: what differs between the engines is in backends.py, the schema in schema.py."""

import time
from contextlib import contextmanager

from store import backends as store_backends
from store.inboxes import CREDENTIAL_HEADER, DROPPED, Inboxes, InboxLimits, RateLimited  # noqa: F401 - their home
from store.records import CardRef, Delivery, Finished, Order, ThreeDS, Transaction, stored
from store.schema import SQLITE_MIGRATIONS

CARD_REF_START = store_backends.CARD_REF_START

MIGRATIONS = SQLITE_MIGRATIONS  # the name the tests and older notes use
LATEST = max(MIGRATIONS)
ORDER_TTL = 30 * 24 * 3600.0  # seconds an order (and what hangs on it) is kept: the sandbox's history is bounded
PRUNE_EVERY = 256  # orders between two prunings (a scan of the orders table)
LIST_BUDGET = 256 * 1024  # characters of stored text per listing: JSON escaping at most ~6x, under 2 MiB


class StoreError(RuntimeError):
    """The database cannot be used by this version of the tool; the message says why and what to do."""


def statements(script: str) -> list[str]:
    # One execute() per statement: executescript() would COMMIT the migration's transaction half-way.
    return [s.strip() for s in script.split(";") if s.strip()]


class Store:
    """`url`: a SQLite path (or sqlite:///path), or a postgresql:// URL; `pool_size`: PostgreSQL connections."""

    def __init__(self, url: str, demo_card: dict, clock=time.time, limits: InboxLimits | None = None,
                 pool_size: int = 4):
        self.clock, self.limits = clock, limits or InboxLimits()
        self.inboxes = Inboxes(self)
        self.backend = store_backends.open_backend(url, pool_size)
        self.path, self.name = self.backend.path, self.backend.name  # name: the password hidden
        try:
            self.version = self.migrate()
            with self.transaction() as tx:
                tx.db.execute("INSERT INTO card_refs (id, bin, last4, holder, exp_month, exp_year) "
                              "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING",
                              [demo_card[k] for k in ("id", "bin", "last4", "holder", "exp_month", "exp_year")])
        except BaseException:
            self.close()
            raise

    # The private inboxes and the failed token checks (store/inboxes.py), through this one interface.
    def issue_inbox(self, client: str) -> str:
        return self.inboxes.issue_inbox(client)

    def inbox_known(self, token: str) -> bool:
        return self.inboxes.inbox_known(token)

    def receive(self, token: str, method: str, target: str, headers: list, body: str) -> int | None:
        return self.inboxes.receive(token, method, target, headers, body)

    def inbox_entries(self, token: str, after: int = 0) -> tuple[list[dict], bool]:
        return self.inboxes.inbox_entries(token, after)

    def token_wait(self, client: str, rate: int) -> int:
        return self.inboxes.token_wait(client, rate)

    def token_failed(self, client: str, rate: int) -> int:
        return self.inboxes.token_failed(client, rate)

    def close(self) -> None:
        """Give back the connections (PostgreSQL's pool); SQLite opens one per transaction."""
        self.backend.close()

    @contextmanager
    def transaction(self):
        """A write: on SQLite the only writer (BEGIN IMMEDIATE); on PostgreSQL the orders it reads are locked
        (SELECT ... FOR UPDATE) until it ends. Either way a status moves exactly once."""
        with self.backend.transaction() as db:
            yield Tx(db, self.clock, self.backend, writing=True)

    @contextmanager
    def reading(self):
        """A read without the write lock."""
        with self.backend.reading() as db:
            yield Tx(db, self.clock, self.backend)

    def migrate(self) -> int:
        """Apply the missing migrations in one transaction; instances starting at once wait for each other
        (BEGIN IMMEDIATE; an advisory lock on PostgreSQL), and the later ones find the versions applied."""
        self.backend.prepare()
        with self.transaction() as tx:
            db = tx.db
            tx.serialise("schema")
            db.execute(self.backend.version_table)
            current = db.execute("SELECT MAX(version) AS v FROM schema_version").fetchone()["v"] or 0
            if current > LATEST:
                raise StoreError(
                    f"The database {self.name} has schema version {current}, but this version of the tool knows "
                    f"versions up to {LATEST}: a newer release upgraded it. Run that release, or point "
                    "DATABASE_URL at another database.")
            migrations = self.backend.migrations
            for version in sorted(v for v in migrations if v > current):
                for statement in statements(migrations[version]):
                    db.execute(statement)
                db.execute("INSERT INTO schema_version (version, applied) VALUES (?, ?)", (version, self.clock()))
        return LATEST

    def applied_versions(self) -> list[int]:
        with self.reading() as tx:
            return [r["version"] for r in tx.db.execute("SELECT version FROM schema_version ORDER BY version")]

    # -- deliveries: the callbacks the sandbox sent or refused, part of each order's record ------------

    def record_delivery(self, order_id: int, url: str, outcome: str, request: str = "", inbox: str | None = None):
        """`inbox`: the token when the callback was addressed to one of the tool's inboxes."""
        with self.transaction() as tx:
            tx.db.execute("INSERT INTO deliveries (order_id, url, outcome, request, inbox, created) "
                          "VALUES (?, ?, ?, ?, ?, ?)", (order_id, url, outcome, request, inbox, self.clock()))

    def order_deliveries(self, order_id: int) -> list[Delivery]:
        """Every callback of one order, oldest first."""
        with self.reading() as tx:
            rows = tx.db.execute("SELECT * FROM deliveries WHERE order_id = ? ORDER BY id", (order_id,)).fetchall()
        return [Delivery.from_row(r) for r in rows]

    def inbox_deliveries(self, token: str, limit: int = 50) -> list[Delivery]:
        """The sandbox's deliveries and refusals addressed to one inbox, newest first."""
        with self.reading() as tx:
            rows = tx.db.execute("SELECT * FROM deliveries WHERE inbox = ? AND created > ? ORDER BY id DESC LIMIT ?",
                                 (token, self.clock() - self.limits.ttl, limit)).fetchall()
        return [Delivery.from_row(r) for r in rows]


class Tx:
    """The sandbox's reads and writes inside one transaction; its rows come back as records (store/records.py),
    the schema's own ones (schema_version, inboxes, accounts) as dicts through `db`. In a write, the order rows
    it reads are locked until the transaction ends (PostgreSQL; SQLite has one writer anyway)."""

    def __init__(self, db, clock, backend, writing: bool = False):
        self.db, self.clock, self.backend = db, clock, backend
        self.lock = backend.for_update if writing else ""

    def _one(self, sql: str, args=()) -> dict | None:
        return self.db.execute(sql, args).fetchone()

    def serialise(self, what: str) -> None:
        """One such transaction at a time, across every instance (`what`: "schema" or "inboxes")."""
        self.backend.serialise(self.db, what)

    def serial(self) -> str:
        n = self.backend.next_serial(self.db, self.clock())
        return f"00000000-0000-0000-0000-{n:012x}"

    def add_order(self, **order) -> int:
        order.setdefault("created", self.clock())
        names, marks = ", ".join(order), ", ".join("?" for _ in order)
        order_id = self.db.execute(f"INSERT INTO orders ({names}) VALUES ({marks}) RETURNING id",
                                   [stored(v) for v in order.values()]).fetchone()["id"]
        if order_id % PRUNE_EVERY == 0:
            self.prune_orders(order["created"] - ORDER_TTL)
        return order_id

    def prune_orders(self, before: float) -> None:
        """Drop orders created before `before` with their transactions, deliveries and card references (the
        newest card reference stays: SQLite numbers the next one after it), and the serials issued then."""
        old = "SELECT id FROM orders WHERE created <= ?"
        self.db.execute(f"DELETE FROM transactions WHERE order_id IN ({old})", (before,))
        self.db.execute(f"DELETE FROM deliveries WHERE order_id IN ({old})", (before,))
        self.db.execute(f"DELETE FROM card_refs WHERE order_id IN ({old}) "
                        "AND id < (SELECT MAX(id) FROM card_refs)", (before,))
        self.db.execute("DELETE FROM orders WHERE created <= ?", (before,))
        self.backend.prune_serials(self.db, before)

    def _order(self, where: str, args) -> Order | None:
        row = self._one(f"SELECT * FROM orders WHERE {where}{self.lock}", args)
        return None if row is None else Order.from_row(row)

    def order(self, order_id: int) -> Order | None:
        return self._order("id = ?", (order_id,))

    def latest_order(self, client_orderid: str, account: str = "") -> Order | None:
        """The newest order with this client_orderid among the account's own ("": the demo account)."""
        return self._order("client_orderid = ? AND account = ? ORDER BY id DESC LIMIT 1", (client_orderid, account))

    def order_by_token(self, token: str) -> Order | None:
        return self._order("form_token = ?", (token,))

    def add_transaction(self, order_id: int, type_: str, amount: str, final_status: str, ready: int = 0) -> int:
        return self.db.execute("INSERT INTO transactions (order_id, type, amount, final_status, ready, created) "
                               "VALUES (?, ?, ?, ?, ?, ?) RETURNING id",
                               (order_id, stored(type_), amount, final_status, stored(ready),
                                self.clock())).fetchone()["id"]

    def transactions(self, order_id: int) -> list[Transaction]:
        rows = self.db.execute("SELECT * FROM transactions WHERE order_id = ? ORDER BY id", (order_id,)).fetchall()
        return [Transaction.from_row(r) for r in rows]

    def finish(self, txn_id: int) -> Finished:
        """Mark the transaction final; returns it with what its callback needs from the order."""
        self.db.execute("UPDATE transactions SET ready = 1 WHERE id = ?", (txn_id,))
        row = self._one("SELECT t.*, o.client_orderid, o.currency, o.callback_url, o.notify_url, o.account, "
                        "(SELECT MIN(id) FROM transactions WHERE order_id = o.id) AS first_id FROM transactions t "
                        "JOIN orders o ON o.id = t.order_id WHERE t.id = ?", (txn_id,))
        return Finished(Transaction.from_row(row), row["client_orderid"], row["currency"], row["callback_url"],
                        row["notify_url"], row["account"], initial=row["first_id"] == row["id"])

    def complete_payment(self, order_id: int, txn_id: int, amount: str, status: str) -> None:
        """The payer paid on the hosted form or answered the 3-D Secure challenge (pending -> done; the status
        says whether it was authenticated)."""
        self.db.execute("UPDATE orders SET amount = ?, paid = 1, threeds = CASE WHEN threeds = ? THEN ? ELSE ? END "
                        "WHERE id = ?", (amount, *map(stored, (ThreeDS.NONE, ThreeDS.NONE, ThreeDS.DONE)), order_id))
        self.db.execute("UPDATE transactions SET amount = ?, final_status = ? WHERE id = ?", (amount, status, txn_id))

    def purge(self, before: float) -> None:
        """Drop inbox entries older than `before`, and inboxes idle since then with theirs."""
        for row in self.db.execute("SELECT token FROM inboxes WHERE seen <= ?", (before,)).fetchall():
            self.drop_inbox(row["token"])
        self.db.execute("DELETE FROM inbox WHERE created <= ?", (before,))

    def drop_inbox(self, token: str) -> None:
        self.db.execute("DELETE FROM inbox WHERE token = ?", (token,))
        self.db.execute("DELETE FROM inboxes WHERE token = ?", (token,))

    def card_ref(self, ref: int) -> CardRef | None:
        row = self._one("SELECT * FROM card_refs WHERE id = ?", (ref,))
        return None if row is None else CardRef.from_row(row)

    def add_card_ref(self, order: Order) -> int:
        ref = self.backend.next_card_ref(self.db)  # a sequence on PostgreSQL: never the same one twice
        self.db.execute("INSERT INTO card_refs (id, order_id, bin, last4, holder, exp_month, exp_year, account) "
                        "VALUES (?, ?, ?, ?, ?, ?, ?, ?)", (ref, order.id, order.bin, order.last4, order.holder,
                                                           order.exp_month, order.exp_year, order.account))
        return ref
