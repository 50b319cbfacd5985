"""One schema on both engines.

SQLite gets the indexes PostgreSQL had (orders by client_orderid and by form token,
transactions by order) and NOT NULL on card_refs.id (its first tables left it out; the table is rebuilt with its
rows); PostgreSQL gets the serials table (it takes serial numbers from a sequence and leaves the table empty, but
the tables are the same wherever the tool runs)."""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    conn = op.get_bind()
    if conn.dialect.name == "postgresql":
        op.create_table("serials", sa.Column("n", sa.BigInteger, sa.Identity(always=True), primary_key=True),
                        sa.Column("at", sa.Double))  # PostgreSQL's name for SQLite's REAL
    else:
        op.create_index("orders_client", "orders", ["client_orderid", "id"])
        op.create_index("orders_token", "orders", ["form_token"])
        op.create_index("transactions_order", "transactions", ["order_id", "id"])
        with op.batch_alter_table("card_refs") as batch:
            batch.alter_column("id", existing_type=sa.Integer, nullable=False)
