"""Everything the tool remembers (orders, transactions, card references, deliveries, inboxes) behind one
interface. SQLite (one file several processes share) or PostgreSQL (several instances): every query is written
once with SQLAlchemy Core over store/tables.py; what differs between the engines is in engines.py, the schema's
history in migrate.py (Alembic)."""

import time
from contextlib import contextmanager

from sqlalchemy import case, delete, func, insert, select, update

from store import engines, migrate
from store import tables as t
from store.inboxes import CREDENTIAL_HEADER, DROPPED, Inboxes, InboxLimits, RateLimited  # noqa: F401 - their home
from store.migrate import StoreError  # noqa: F401 - its home for the app and the tests
from store.records import CardRef, Delivery, Finished, Order, ThreeDS, Transaction, stored

CARD_REF_START = t.CARD_REF_START
ORDER_TTL = 30 * 24 * 3600.0  # seconds an order (and what hangs on it) is kept: the sandbox's history is bounded
PRUNE_EVERY = 256  # orders between two prunings (a scan of the orders table)
LIST_BUDGET = 256 * 1024  # characters of stored text per listing: JSON escaping at most ~6x, under 2 MiB


class Store:
    """`url`: a SQLite path (or sqlite:///path), or a postgresql:// URL; `pool_size`: PostgreSQL connections."""

    def __init__(self, url: str, demo_card: dict, clock=time.time, limits: InboxLimits | None = None,
                 pool_size: int = 4):
        self.clock, self.limits = clock, limits or InboxLimits()
        self.inboxes = Inboxes(self)
        self.backend = engines.Engine(url, pool_size)
        self.path, self.name = self.backend.path, self.backend.name  # name: the password hidden
        try:
            self.version = migrate.upgrade(self.backend, self.name)
            with self.transaction() as tx:
                card = {k: demo_card[k] for k in ("id", "bin", "last4", "holder", "exp_month", "exp_year")}
                if tx.db.execute(select(t.card_refs.c.id).where(t.card_refs.c.id == card["id"])).first() is None:
                    tx.db.execute(insert(t.card_refs).values(card))
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

    def newest_entry(self, token: str) -> int:
        return self.inboxes.newest_entry(token)

    def relay_report(self, token: str, entry_id: int, status: int | None, body: str) -> dict | None:
        return self.inboxes.relay_report(token, entry_id, status, body)

    def relayed(self, token: str, entry_id: int) -> dict | None:
        return self.inboxes.relayed(token, entry_id)

    def relays(self, token: str, after: int = 0) -> list[dict]:
        return self.inboxes.relays(token, after)

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
        with self.backend.transaction() as conn:
            yield Tx(conn, self.clock, self.backend, writing=True)

    @contextmanager
    def reading(self):
        """A read without the write lock."""
        with self.backend.reading() as conn:
            yield Tx(conn, self.clock, self.backend)

    def revision(self) -> str | None:
        """The schema revision the database stands at (Alembic's)."""
        with self.backend.reading() as conn:
            return migrate.revision(conn)

    # -- deliveries: the callbacks the sandbox sent or refused, part of each order's record ------------

    def record_delivery(self, order_id: int, url: str, outcome: str, request: str = "", inbox: str | None = None):
        """`inbox`: the token when the callback was addressed to one of the tool's inboxes."""
        with self.transaction() as tx:
            tx.db.execute(insert(t.deliveries).values(order_id=order_id, url=url, outcome=outcome, request=request,
                                                      inbox=inbox, created=self.clock()))

    def order_deliveries(self, order_id: int) -> list[Delivery]:
        """Every callback of one order, oldest first."""
        with self.reading() as tx:
            rows = tx.rows(select(t.deliveries).where(t.deliveries.c.order_id == order_id).order_by(t.deliveries.c.id))
        return [Delivery.from_row(r) for r in rows]

    def inbox_deliveries(self, token: str, limit: int = 50) -> list[Delivery]:
        """The sandbox's deliveries and refusals addressed to one inbox, newest first."""
        with self.reading() as tx:
            d = t.deliveries.c
            rows = tx.rows(select(t.deliveries).where(d.inbox == token, d.created > self.clock() - self.limits.ttl)
                           .order_by(d.id.desc()).limit(limit))
        return [Delivery.from_row(r) for r in rows]


class Tx:
    """The sandbox's reads and writes inside one transaction; its rows come back as records (store/records.py),
    the schema's own ones (inboxes, accounts) as mappings through `rows`/`row`. In a write, the order rows it
    reads are locked until the transaction ends (PostgreSQL; SQLite has one writer anyway)."""

    def __init__(self, conn, clock, backend, writing: bool = False):
        self.db, self.clock, self.backend = conn, clock, backend
        self.writing = writing

    def rows(self, query) -> list:
        return self.db.execute(query).mappings().all()

    def row(self, query):
        return self.db.execute(query).mappings().first()

    def locked(self, query):
        """`query` with FOR UPDATE in a write (SQLite renders nothing: its writer holds the whole file)."""
        return query.with_for_update() if self.writing and self.backend.locks_rows else query

    def serialise(self, what: str) -> None:
        """One such transaction at a time, across every instance (`what`: "schema", "inboxes", ...)."""
        self.backend.serialise(self.db, what)

    def serial(self) -> str:
        n = self.backend.next_serial(self.db, self.clock())
        return f"00000000-0000-0000-0000-{n:012x}"

    def add_order(self, **order) -> int:
        order.setdefault("created", self.clock())
        order_id = self.db.execute(insert(t.orders).values({k: stored(v) for k, v in order.items()})
                                   .returning(t.orders.c.id)).scalar_one()
        if order_id % PRUNE_EVERY == 0:
            self.prune_orders(order["created"] - ORDER_TTL)
        return order_id

    def prune_orders(self, before: float) -> None:
        """Drop orders created before `before` with their transactions, deliveries and card references (the
        newest card reference stays: SQLite numbers the next one after it), and the serials issued then."""
        old = select(t.orders.c.id).where(t.orders.c.created <= before).scalar_subquery()
        self.db.execute(delete(t.transactions).where(t.transactions.c.order_id.in_(old)))
        self.db.execute(delete(t.deliveries).where(t.deliveries.c.order_id.in_(old)))
        newest = select(func.max(t.card_refs.c.id)).scalar_subquery()
        self.db.execute(delete(t.card_refs).where(t.card_refs.c.order_id.in_(old), t.card_refs.c.id < newest))
        self.db.execute(delete(t.orders).where(t.orders.c.created <= before))
        self.backend.prune_serials(self.db, before)

    def _order(self, *where, newest: bool = False) -> Order | None:
        query = select(t.orders).where(*where)
        if newest:
            query = query.order_by(t.orders.c.id.desc()).limit(1)
        row = self.row(self.locked(query))
        return None if row is None else Order.from_row(row)

    def order(self, order_id: int) -> Order | None:
        return self._order(t.orders.c.id == order_id)

    def latest_order(self, client_orderid: str, account: str = "") -> Order | None:
        """The newest order with this client_orderid among the account's own ("": the demo account)."""
        return self._order(t.orders.c.client_orderid == client_orderid, t.orders.c.account == account, newest=True)

    def order_by_token(self, token: str) -> Order | None:
        return self._order(t.orders.c.form_token == token)

    def add_transaction(self, order_id: int, type_: str, amount: str, final_status: str, ready: int = 0) -> int:
        return self.db.execute(insert(t.transactions).values(
            order_id=order_id, type=stored(type_), amount=amount, final_status=final_status, ready=stored(ready),
            created=self.clock()).returning(t.transactions.c.id)).scalar_one()

    def transactions(self, order_id: int) -> list[Transaction]:
        c = t.transactions.c
        return [Transaction.from_row(r) for r in self.rows(select(t.transactions).where(c.order_id == order_id)
                                                           .order_by(c.id))]

    def finish(self, txn_id: int) -> Finished:
        """Mark the transaction final; returns it with what its callback needs from the order."""
        txn, o = t.transactions, t.orders
        self.db.execute(update(txn).where(txn.c.id == txn_id).values(ready=1))
        others = txn.alias("others")
        first = select(func.min(others.c.id)).where(others.c.order_id == o.c.id).scalar_subquery()
        row = self.row(select(txn, o.c.client_orderid, o.c.currency, o.c.callback_url, o.c.notify_url, o.c.account,
                              first.label("first_id")).join(o, o.c.id == txn.c.order_id).where(txn.c.id == txn_id))
        return Finished(Transaction.from_row(row), row["client_orderid"], row["currency"], row["callback_url"],
                        row["notify_url"], row["account"], initial=row["first_id"] == row["id"])

    def complete_payment(self, order_id: int, txn_id: int, amount: str, status: str) -> None:
        """The payer paid on the hosted form or answered the 3-D Secure challenge (pending -> done; the status
        says whether it was authenticated)."""
        o = t.orders.c
        self.db.execute(update(t.orders).where(o.id == order_id).values(
            amount=amount, paid=1,
            threeds=case((o.threeds == stored(ThreeDS.NONE), stored(ThreeDS.NONE)), else_=stored(ThreeDS.DONE))))
        self.db.execute(update(t.transactions).where(t.transactions.c.id == txn_id)
                        .values(amount=amount, final_status=status))

    def purge(self, before: float) -> None:
        """Drop inbox entries older than `before`, and inboxes idle since then with theirs."""
        for row in self.rows(select(t.inboxes.c.token).where(t.inboxes.c.seen <= before)):
            self.drop_inbox(row["token"])
        self.db.execute(delete(t.inbox).where(t.inbox.c.created <= before))

    def drop_inbox(self, token: str) -> None:
        self.db.execute(delete(t.inbox).where(t.inbox.c.token == token))
        self.db.execute(delete(t.inboxes).where(t.inboxes.c.token == token))

    def card_ref(self, ref: int) -> CardRef | None:
        row = self.row(select(t.card_refs).where(t.card_refs.c.id == ref))
        return None if row is None else CardRef.from_row(row)

    def add_card_ref(self, order: Order) -> int:
        ref = self.backend.next_card_ref(self.db)  # a sequence on PostgreSQL: never the same one twice
        self.db.execute(insert(t.card_refs).values(
            id=ref, order_id=order.id, bin=order.bin, last4=order.last4, holder=order.holder,
            exp_month=order.exp_month, exp_year=order.exp_year, account=order.account))
        return ref
