"""Version 4: the schema as the hand-written migrations left it.

Written once for both engines. A new database is built the way those migrations built it; a
database they made (a `schema_version` table, or a SQLite file from before versioning: their version 1) is
brought from where it stands to version 4 with every row kept, and `schema_version` goes: Alembic's
`alembic_version` says where a database stands from now on. The one difference the old migrations left between
the engines (SQLite lacked three indexes, PostgreSQL the serials table) is revision 0002's to remove."""

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")
TIME = sa.Double().with_variant(sa.REAL(), "sqlite")  # REAL: what SQLite's first tables declared


def _id() -> sa.Column:
    return sa.Column("id", ID, sa.Identity(always=True), primary_key=True)


def _auto(name: str, *columns) -> None:
    op.create_table(name, _id(), *columns, sqlite_autoincrement=True)


def _text(name: str, nullable: bool = True) -> sa.Column:
    return sa.Column(name, sa.Text, nullable=nullable)


def _time(name: str, nullable: bool = False) -> sa.Column:
    return sa.Column(name, TIME, nullable=nullable)


def _zero(name: str, type_=sa.Integer) -> sa.Column:
    return sa.Column(name, type_, nullable=False, server_default=sa.text("0"))


def version_1(postgres: bool) -> None:
    _auto("orders", *(_text(n, False) for n in ("client_orderid", "command", "kind", "amount", "currency")),
          *map(_text, ("form_token", "redirect_url", "callback_url", "notify_url", "bin", "last4", "holder",
                       "exp_month", "exp_year")),
          _zero("threeds"), sa.Column("paid", sa.Integer, nullable=False, server_default=sa.text("1")),
          _time("created"))
    _auto("transactions", sa.Column("order_id", ID, nullable=False),
          *(_text(n, False) for n in ("type", "amount", "final_status")), _zero("ready"), _time("created"))
    op.create_table("card_refs", sa.Column("id", ID, primary_key=True, autoincrement=False),
                    sa.Column("order_id", ID), *map(_text, ("bin", "last4", "holder", "exp_month", "exp_year")))
    _auto("deliveries", sa.Column("order_id", ID), _text("url", False), _text("outcome", False), _text("request"),
          _time("created"))
    _auto("inbox", *map(_text, ("method", "url", "headers", "body", "raw")), _time("created"))
    if postgres:  # ids from sequences; the follow-up lookups' indexes
        op.execute(sa.schema.CreateSequence(sa.Sequence("card_ref_ids", start=2000001)))
        op.execute(sa.schema.CreateSequence(sa.Sequence("serial_numbers")))
        op.create_index("orders_client", "orders", ["client_orderid", "id"])
        op.create_index("orders_token", "orders", ["form_token"])
        op.create_index("transactions_order", "transactions", ["order_id", "id"])
    else:
        op.create_table("serials", sa.Column("n", ID, primary_key=True), _time("at", nullable=True),
                        sqlite_autoincrement=True)


def version_2() -> None:
    op.create_table("inboxes", sa.Column("token", sa.Text, primary_key=True), _text("client", False),
                    _time("created"), _time("seen"))
    op.create_index("inboxes_seen", "inboxes", ["seen"])
    op.create_index("inboxes_client", "inboxes", ["client", "created"])
    op.add_column("inbox", _text("token"))
    op.add_column("inbox", _text("note"))
    op.create_index("inbox_token", "inbox", ["token", "id"])  # version 4 replaces it
    op.create_index("inbox_created", "inbox", ["created"])
    op.add_column("deliveries", _text("inbox"))
    op.create_index("deliveries_inbox", "deliveries", ["inbox", "id"])
    op.create_index("deliveries_order", "deliveries", ["order_id", "id"])


def version_3() -> None:
    op.create_table("accounts", sa.Column("id", sa.Text, primary_key=True),
                    *(_text(n, False) for n in ("token_hash", "login")),
                    sa.Column("endpointid", sa.Text, nullable=False, unique=True),
                    sa.Column("groupid", sa.Text, nullable=False, unique=True),
                    *(_text(n, False) for n in ("sealed_key", "callback_hosts", "client")),
                    _time("created"), _time("seen"))
    op.create_index("accounts_seen", "accounts", ["seen"])
    op.create_index("accounts_client", "accounts", ["client", "created"])
    _auto("inspector", *(_text(n, False) for n in ("account", "kind", "entry")), _time("created"))
    op.create_index("inspector_account", "inspector", ["account", "id"])  # version 4 replaces it
    op.create_index("inspector_created", "inspector", ["created"])
    for table in ("orders", "card_refs"):
        op.add_column(table, sa.Column("account", sa.Text, nullable=False, server_default=sa.text("''")))
    op.create_index("orders_account", "orders", ["account", "client_orderid", "id"])


def _utf8(*texts) -> int:
    return sum(len(text.encode("utf-8", "replace")) for text in texts if text)


def version_4() -> None:
    """Each inbox and inspector entry's stored bytes, counted for the rows already there (in UTF-8, as the old SQL
    counted them), and the failed token checks."""
    op.add_column("inbox", _zero("size", ID))
    op.add_column("inspector", _zero("size", ID))
    conn = op.get_bind()
    for table, columns in (("inbox", ("method", "url", "headers", "body", "raw", "note")),
                           ("inspector", ("kind", "entry"))):
        rows = conn.execute(sa.text(f"SELECT id, {', '.join(columns)} FROM {table}")).mappings().all()
        for row in rows:
            conn.execute(sa.text(f"UPDATE {table} SET size = :size WHERE id = :id"),
                         {"size": _utf8(*(row[c] for c in columns)), "id": row["id"]})
    op.create_index("inbox_bytes", "inbox", ["token", "id", "size", "created"])
    op.drop_index("inbox_token", "inbox")
    op.create_index("inspector_bytes", "inspector", ["account", "id", "size", "created"])
    op.drop_index("inspector_account", "inspector")
    _auto("token_failures", _text("client", False), _time("at"))
    op.create_index("token_failures_client", "token_failures", ["client", "at"])
    op.create_index("token_failures_at", "token_failures", ["at"])


STEPS = {2: version_2, 3: version_3, 4: version_4}


def upgrade() -> None:
    conn = op.get_bind()
    names = set(sa.inspect(conn).get_table_names())
    postgres = conn.dialect.name == "postgresql"
    if "schema_version" in names:
        current = conn.execute(sa.text("SELECT MAX(version) FROM schema_version")).scalar() or 0
    else:
        current = 1 if "orders" in names else 0  # a SQLite file from before versioning: version 1
    if current == 0:
        version_1(postgres)
        current = 1
    for version in range(current + 1, 5):
        STEPS[version]()
    if "schema_version" in names:
        op.drop_table("schema_version")
