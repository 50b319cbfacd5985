"""The store's schema, once for SQLite and PostgreSQL: SQLAlchemy Core tables. The migrations (store/migrations/)
build exactly these; tests/unit/test_store_migrations.py fails when the two disagree (Alembic's autogenerate)."""

from sqlalchemy import (
    REAL,
    BigInteger,
    Column,
    Double,
    Identity,
    Index,
    Integer,
    MetaData,
    Sequence,
    Table,
    Text,
    TypeDecorator,
    text,
)

CARD_REF_START = 2_000_000


class Str(TypeDecorator):
    """TEXT that stores NUL as U+FFFD: PostgreSQL's text cannot hold NUL, and both engines keep the same bytes."""

    impl = Text
    cache_ok = True

    def process_bind_param(self, value, dialect):
        return value.replace("\x00", "\ufffd") if isinstance(value, str) else value


# Ids: INTEGER PRIMARY KEY AUTOINCREMENT on SQLite (never reused), an identity column on PostgreSQL. Times: seconds
# since the epoch, REAL as SQLite's first tables declared them (DOUBLE would be the same storage, another name).
ID = BigInteger().with_variant(Integer(), "sqlite")
TIME = Double().with_variant(REAL(), "sqlite")
metadata = MetaData()


def _id() -> Column:
    return Column("id", ID, Identity(always=True), primary_key=True)


def _auto(name: str, *columns, **kw) -> Table:
    return Table(name, metadata, _id(), *columns, sqlite_autoincrement=True, **kw)


def _zero() -> object:
    return text("0")


orders = _auto(
    "orders",
    Column("client_orderid", Str, nullable=False), Column("command", Str, nullable=False),
    Column("kind", Str, nullable=False), Column("amount", Str, nullable=False), Column("currency", Str, nullable=False),
    Column("form_token", Str), Column("redirect_url", Str), Column("callback_url", Str), Column("notify_url", Str),
    Column("bin", Str), Column("last4", Str), Column("holder", Str), Column("exp_month", Str), Column("exp_year", Str),
    Column("threeds", Integer, nullable=False, server_default=_zero()),
    Column("paid", Integer, nullable=False, server_default=text("1")),
    Column("created", TIME, nullable=False),
    Column("account", Str, nullable=False, server_default=text("''")),
    Index("orders_client", "client_orderid", "id"), Index("orders_token", "form_token"),
    Index("orders_account", "account", "client_orderid", "id"))
transactions = _auto(
    "transactions",
    Column("order_id", ID, nullable=False), Column("type", Str, nullable=False), Column("amount", Str, nullable=False),
    Column("final_status", Str, nullable=False), Column("ready", Integer, nullable=False, server_default=_zero()),
    Column("created", TIME, nullable=False),
    Index("transactions_order", "order_id", "id"))
card_refs = Table(
    "card_refs", metadata,
    Column("id", ID, primary_key=True, autoincrement=False), Column("order_id", ID), Column("bin", Str),
    Column("last4", Str), Column("holder", Str), Column("exp_month", Str), Column("exp_year", Str),
    Column("account", Str, nullable=False, server_default=text("''")))
deliveries = _auto(
    "deliveries",
    Column("order_id", ID), Column("url", Str, nullable=False), Column("outcome", Str, nullable=False),
    Column("request", Str), Column("created", TIME, nullable=False), Column("inbox", Str),
    Index("deliveries_inbox", "inbox", "id"), Index("deliveries_order", "order_id", "id"))
inbox = _auto(
    "inbox",
    Column("method", Str), Column("url", Str), Column("headers", Str), Column("body", Str), Column("raw", Str),
    Column("created", TIME, nullable=False), Column("token", Str), Column("note", Str),
    Column("size", ID, nullable=False, server_default=_zero()),
    # relay.py's report: the merchant's local handler's answer to the replayed entry (store/inboxes.py).
    Column("relay_status", Integer), Column("relay_body", Str), Column("relay_serial", ID),
    Index("inbox_created", "created"), Index("inbox_bytes", "token", "id", "size", "created"))
inboxes = Table(
    "inboxes", metadata,
    Column("token", Str, primary_key=True), Column("client", Str, nullable=False),
    Column("created", TIME, nullable=False), Column("seen", TIME, nullable=False),
    Index("inboxes_seen", "seen"), Index("inboxes_client", "client", "created"))
accounts = Table(
    "accounts", metadata,
    Column("id", Str, primary_key=True), Column("token_hash", Str, nullable=False),
    Column("login", Str, nullable=False),
    Column("endpointid", Str, nullable=False, unique=True), Column("groupid", Str, nullable=False, unique=True),
    Column("sealed_key", Str, nullable=False), Column("callback_hosts", Str, nullable=False),
    Column("client", Str, nullable=False), Column("created", TIME, nullable=False),
    Column("seen", TIME, nullable=False),
    Column("public_key", Str),  # v4: the SPKI PEM the account registered (PUT .../public-key), or NULL
    Index("accounts_seen", "seen"), Index("accounts_client", "client", "created"))
inspector = _auto(
    "inspector",
    Column("account", Str, nullable=False), Column("kind", Str, nullable=False), Column("entry", Str, nullable=False),
    Column("created", TIME, nullable=False), Column("size", ID, nullable=False, server_default=_zero()),
    Index("inspector_created", "created"), Index("inspector_bytes", "account", "id", "size", "created"))
# v4 (sandbox/v4.py): the nonces of verified requests within the timestamp window (a repeat is a replay), and the
# hosted fields' single-use ephemeral tickets and tokens (a token keeps the card's first six and last four only).
v4_nonces = _auto(
    "v4_nonces",
    Column("consumer", Str, nullable=False), Column("nonce", Str, nullable=False),
    Column("created", TIME, nullable=False),
    Index("v4_nonces_key", "consumer", "nonce", unique=True), Index("v4_nonces_created", "created"))
v4_tokens = _auto(
    "v4_tokens",
    Column("token", Str, nullable=False), Column("kind", Str, nullable=False), Column("account", Str, nullable=False),
    Column("created", TIME, nullable=False), Column("used", Integer, nullable=False, server_default=_zero()),
    Column("bin", Str), Column("last4", Str), Column("holder", Str), Column("exp_month", Str), Column("exp_year", Str),
    Column("threeds", Integer, nullable=False, server_default=_zero()),
    Index("v4_tokens_token", "token", unique=True), Index("v4_tokens_created", "created"))
token_failures = _auto(
    "token_failures",
    Column("client", Str, nullable=False), Column("at", TIME, nullable=False),
    Index("token_failures_client", "client", "at"), Index("token_failures_at", "at"))
# Serial numbers: SQLite numbers them in this table (AUTOINCREMENT: never reused, old rows pruned); PostgreSQL
# takes them from the sequence, and the table stays empty there.
serials = Table("serials", metadata, Column("n", ID, Identity(always=True), primary_key=True), Column("at", TIME),
                sqlite_autoincrement=True)
serial_numbers = Sequence("serial_numbers", metadata=metadata)
card_ref_ids = Sequence("card_ref_ids", start=CARD_REF_START + 1, metadata=metadata)
