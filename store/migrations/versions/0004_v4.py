"""v4 in the sandbox: an account's public key, the nonces seen and the hosted fields' tickets and tokens.

A nullable `public_key` on `accounts` (the SPKI PEM a sandbox account registers to sign v4 requests); `v4_nonces`
(consumer key, nonce, time: a nonce used again within the timestamp window is a replay); `v4_tokens` (the
single-use ephemeral tickets and hosted-fields tokens, a token with the card's first six and last four only)."""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")
TIME = sa.Double().with_variant(sa.REAL(), "sqlite")


def _id() -> sa.Column:
    return sa.Column("id", ID, sa.Identity(always=True), primary_key=True)


def upgrade() -> None:
    op.add_column("accounts", sa.Column("public_key", sa.Text))
    op.create_table("v4_nonces", _id(), sa.Column("consumer", sa.Text, nullable=False),
                    sa.Column("nonce", sa.Text, nullable=False), sa.Column("created", TIME, nullable=False),
                    sqlite_autoincrement=True)
    op.create_index("v4_nonces_key", "v4_nonces", ["consumer", "nonce"], unique=True)
    op.create_index("v4_nonces_created", "v4_nonces", ["created"])
    op.create_table("v4_tokens", _id(), sa.Column("token", sa.Text, nullable=False),
                    sa.Column("kind", sa.Text, nullable=False), sa.Column("account", sa.Text, nullable=False),
                    sa.Column("created", TIME, nullable=False),
                    sa.Column("used", sa.Integer, nullable=False, server_default=sa.text("0")),
                    *(sa.Column(name, sa.Text) for name in ("bin", "last4", "holder", "exp_month", "exp_year")),
                    sa.Column("threeds", sa.Integer, nullable=False, server_default=sa.text("0")),
                    sqlite_autoincrement=True)
    op.create_index("v4_tokens_token", "v4_tokens", ["token"], unique=True)
    op.create_index("v4_tokens_created", "v4_tokens", ["created"])
