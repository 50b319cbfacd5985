"""The database behind the store: SQLAlchemy's engine and connection pool over SQLite (the zero-setup default) or
PostgreSQL through psycopg 3 (several instances on one database). Every query is written once, with the tables
of store/tables.py; what still differs between the engines is in `Engine` below and nowhere else: how a write
transaction begins, the advisory locks, and where serial numbers and card reference ids come from."""

import os
import re
import time
from contextlib import contextmanager
from urllib.parse import urlsplit

from sqlalchemy import create_engine, delete, event, func, insert, select
from sqlalchemy.exc import OperationalError

from store import tables as t

# Keys of PostgreSQL's transaction-level advisory locks: the schema, the inbox bookkeeping (issue rate, count,
# trimming), the accounts' and the failed token checks'; SQLite serialises them by having one writer.
LOCKS = {"schema": 16_000_001, "inboxes": 16_000_002, "accounts": 16_000_003, "tokens": 16_000_004}
# Tests only, by hand (docs/architecture.md: the store's locks): STORE_TEST_UNLOCK=inboxes,rows removes those locks
# so the test that needs each can be seen failing. "rows": SELECT ... FOR UPDATE; "immediate": SQLite's BEGIN
# IMMEDIATE (a plain deferred BEGIN instead).
UNLOCKED = frozenset(filter(None, os.environ.get("STORE_TEST_UNLOCK", "").split(",")))
_PASSWORD_PARAM = re.compile(r"(password=)[^&\s]*", re.IGNORECASE)


class BackendError(RuntimeError):
    """The database cannot be reached or named; the message says which (password hidden) and why."""


def is_postgres(url: str | None) -> bool:
    return bool(url) and url.split(":", 1)[0].lower() in ("postgresql", "postgres")


def sqlite_path(url: str) -> str:
    """`sqlite:///relative.db` and `sqlite:////absolute.db` (SQLAlchemy's spelling), or a plain path."""
    return url[len("sqlite:///"):] if url.startswith("sqlite:///") else url


def display(url: str) -> str:
    """The URL as it may be shown or logged: any password replaced by ***."""
    parts = urlsplit(url)
    if parts.password is not None:
        host = parts.netloc.rpartition("@")[2]
        url = parts._replace(netloc=f"{parts.username or ''}:***@{host}").geturl()
    return _PASSWORD_PARAM.sub(r"\1***", url)


class Engine:
    """`url`: a SQLite path (or sqlite:///path) or a postgresql:// URL; `pool_size`: PostgreSQL connections."""

    def __init__(self, url: str, pool_size: int = 4, wait: float = 10.0):
        self.postgres = is_postgres(url)
        self.kind = "postgresql" if self.postgres else "sqlite"
        if self.postgres:
            self.path, self.name = None, display(url)
            # pre_ping: a connection the server dropped (a restart, a failover) is replaced before use.
            self.engine = create_engine("postgresql+psycopg://" + url.split("://", 1)[1], pool_size=pool_size,
                                        max_overflow=0, pool_timeout=30, pool_pre_ping=True)
            self._reachable(wait)
        else:
            self.path = self.name = sqlite_path(url)
            self.engine = create_engine(f"sqlite:///{self.path}", connect_args={"timeout": 10})
            event.listen(self.engine, "connect", _driver_begins_nothing)
            event.listen(self.engine, "begin", _sqlite_begin)

    def _reachable(self, wait: float) -> None:
        deadline = time.monotonic() + wait
        while True:
            try:
                with self.engine.connect():
                    return
            except OperationalError:
                if time.monotonic() > deadline:
                    self.engine.dispose()
                    raise BackendError(f"Cannot connect to the database {self.name} within {wait:g} s: check "
                                       "DATABASE_URL, that the server runs and that it accepts this host.") from None
                time.sleep(0.2)

    @contextmanager
    def reading(self):
        """A connection whose statements share one snapshot; nothing it does is committed."""
        with self.engine.connect() as conn:
            yield conn

    @contextmanager
    def transaction(self):
        """A write. SQLite: BEGIN IMMEDIATE, the only writer across processes from the start (a deferred BEGIN
        would fail, not wait, when two readers both try to write). PostgreSQL: READ COMMITTED; the writes lock
        what they change (rows FOR UPDATE, `serialise`)."""
        with self.engine.connect() as conn:
            if "immediate" not in UNLOCKED:
                conn = conn.execution_options(sqlite_begin="BEGIN IMMEDIATE")
            with conn.begin():
                yield conn

    def serialise(self, conn, what: str) -> None:
        """Held until the transaction ends: one such transaction at a time across every instance (SQLite: the
        transaction already holds the only write lock)."""
        if self.postgres and what not in UNLOCKED:
            conn.execute(select(func.pg_advisory_xact_lock(LOCKS[what])))

    @property
    def locks_rows(self) -> bool:
        return "rows" not in UNLOCKED  # SQLite ignores FOR UPDATE: its writer holds the whole file

    def prepare(self, patience: float = 10.0) -> None:
        """SQLite: readers never wait for the writer (WAL; kept in the file). Switching waits for no busy handler,
        so a fresh database opened by several processes at once is retried here."""
        if self.postgres:
            return
        deadline = time.monotonic() + patience
        while True:
            try:
                with self.engine.connect() as conn:  # outside any transaction: SQLite refuses the switch within one
                    conn.execution_options(sqlite_begin="").exec_driver_sql("PRAGMA journal_mode=WAL")
                return
            except OperationalError as exc:
                if "locked" not in str(exc) or time.monotonic() > deadline:
                    raise
                time.sleep(0.02)

    def next_serial(self, conn, at: float) -> int:
        if self.postgres:
            return conn.execute(t.serial_numbers.next_value()).scalar_one()
        return conn.execute(insert(t.serials).values(at=at).returning(t.serials.c.n)).scalar_one()

    def next_card_ref(self, conn) -> int:
        if self.postgres:
            return conn.execute(t.card_ref_ids.next_value()).scalar_one()
        last = conn.execute(select(func.max(t.card_refs.c.id))).scalar() or 0
        return max(last, t.CARD_REF_START) + 1

    def prune_serials(self, conn, before: float) -> None:
        if not self.postgres:  # AUTOINCREMENT: numbers are never reused; PostgreSQL's sequence stores nothing
            conn.execute(delete(t.serials).where(t.serials.c.at <= before))

    def close(self) -> None:
        self.engine.dispose()


def _driver_begins_nothing(dbapi_connection, record) -> None:
    dbapi_connection.isolation_level = None  # the "begin" event below says how a transaction begins


def _sqlite_begin(conn) -> None:
    begin = conn.get_execution_options().get("sqlite_begin", "BEGIN")
    if begin:
        conn.exec_driver_sql(begin)
