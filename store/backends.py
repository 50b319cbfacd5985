"""The SQL engines behind the store: SQLite (the zero-setup default) and PostgreSQL (several instances on one
database). Each backend holds what differs between them — connecting, placeholders, locks, sequences and the
schema's DDL — so store.py writes every query once."""

import re
import sqlite3
import time
from contextlib import closing, contextmanager
from urllib.parse import urlsplit

from store.schema import POSTGRES_MIGRATIONS, SQLITE_MIGRATIONS

CARD_REF_START = 2_000_000
# Keys of PostgreSQL's transaction-level advisory locks: the whole schema, and the inbox bookkeeping (issue
# rate, count, trimming), which SQLite serialises by having one writer.
LOCKS = {"schema": 16_000_001, "inboxes": 16_000_002, "accounts": 16_000_003, "tokens": 16_000_004}
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


def open_backend(url: str, pool_size: int = 4):
    return Postgres(url, pool_size) if is_postgres(url) else SQLite(sqlite_path(url))


def _dict_row(cursor, row) -> dict:
    return {d[0]: v for d, v in zip(cursor.description, row, strict=True)}


class Db:
    """A connection inside one transaction: `?` placeholders everywhere, rows as dicts."""

    def __init__(self, conn, placeholder: str = "?"):
        self.conn, self.placeholder = conn, placeholder

    def execute(self, sql: str, args=()):
        if self.placeholder != "?":
            sql = sql.replace("?", self.placeholder)  # no query has a literal '?' (tests: both backends)
        # PostgreSQL's text cannot hold NUL: a received body with one is kept with U+FFFD, on both engines.
        args = [a.replace("\x00", "\ufffd") if isinstance(a, str) else a for a in args]
        return self.conn.execute(sql, args)


class SQLite:
    """One file; BEGIN IMMEDIATE makes every write transaction the only writer, across processes."""

    kind, for_update, migrations = "sqlite", "", SQLITE_MIGRATIONS
    version_table = "CREATE TABLE IF NOT EXISTS schema_version (version INTEGER PRIMARY KEY, applied REAL)"

    def __init__(self, path: str):
        self.path = self.name = path

    @contextmanager
    def reading(self):
        with closing(sqlite3.connect(self.path, timeout=10, isolation_level=None)) as conn:
            conn.row_factory = _dict_row
            yield Db(conn)

    @contextmanager
    def transaction(self):
        with self.reading() as db:
            db.execute("BEGIN IMMEDIATE")
            try:
                yield db
                db.execute("COMMIT")
            except BaseException:
                db.execute("ROLLBACK")
                raise

    def serialise(self, db, what: str) -> None:
        """Nothing to do: the transaction already holds the only write lock."""

    def prepare(self, patience: float = 10.0) -> None:
        """Readers never wait for the writer (WAL; kept in the file). Switching waits for no busy handler,
        so a fresh database opened by several workers at once is retried here."""
        deadline = time.monotonic() + patience
        while True:
            try:
                with self.reading() as db:
                    db.execute("PRAGMA journal_mode=WAL")
                return
            except sqlite3.OperationalError as exc:
                if "locked" not in str(exc) or time.monotonic() > deadline:
                    raise
                time.sleep(0.02)

    def next_serial(self, db, at: float) -> int:
        return db.execute("INSERT INTO serials (at) VALUES (?) RETURNING n", (at,)).fetchone()["n"]

    def next_card_ref(self, db) -> int:
        last = db.execute("SELECT MAX(id) AS id FROM card_refs").fetchone()["id"] or 0
        return max(last, CARD_REF_START) + 1

    def prune_serials(self, db, before: float) -> None:
        db.execute("DELETE FROM serials WHERE at <= ?", (before,))  # AUTOINCREMENT: numbers are never reused

    def close(self) -> None:
        pass


class Postgres:
    """A psycopg 3 connection pool. Writers lock what they change: the order row (SELECT ... FOR UPDATE),
    or an advisory lock for the schema and the inboxes; ids come from sequences."""

    kind, for_update, migrations = "postgresql", " FOR UPDATE", POSTGRES_MIGRATIONS
    version_table = ("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER PRIMARY KEY, "
                     "applied DOUBLE PRECISION)")

    def __init__(self, url: str, pool_size: int = 4, wait: float = 10.0):
        from psycopg.rows import dict_row  # imported here: SQLite users need no driver
        from psycopg_pool import ConnectionPool, PoolTimeout

        self.path, self.name = None, display(url)
        # check: a connection the server dropped (a restart, a failover) is replaced before use, not failed on.
        self.pool = ConnectionPool(url, min_size=1, max_size=pool_size, kwargs={"row_factory": dict_row},
                                   open=True, timeout=30, name="sandbox-store", check=ConnectionPool.check_connection)
        try:
            self.pool.wait(timeout=wait)
        except PoolTimeout:
            self.pool.close()
            raise BackendError(f"Cannot connect to the database {self.name} within {wait:g} s: check "
                               "DATABASE_URL, that the server runs and that it accepts this host.") from None

    @contextmanager
    def reading(self):
        with self.pool.connection() as conn, conn.transaction():
            yield Db(conn, "%s")

    transaction = reading  # READ COMMITTED; the locks below make the writes safe

    def serialise(self, db, what: str) -> None:
        """Held until the transaction ends: one such transaction at a time across every instance."""
        db.execute("SELECT pg_advisory_xact_lock(?)", (LOCKS[what],))

    def prepare(self) -> None:
        pass

    def next_serial(self, db, at: float) -> int:
        return db.execute("SELECT nextval('serial_numbers') AS n").fetchone()["n"]

    def next_card_ref(self, db) -> int:
        return db.execute("SELECT nextval('card_ref_ids') AS n").fetchone()["n"]

    def prune_serials(self, db, before: float) -> None:
        pass  # a sequence: nothing stored per number

    def close(self) -> None:
        self.pool.close()
