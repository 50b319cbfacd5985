"""Relay reports: an inbox entry keeps what the merchant's local handler answered when relay.py replayed it there.

Three nullable columns on `inbox`: the handler's HTTP status (none when it gave no answer), its body cut to
RELAY_BODY bytes (or why there was no answer), and the report's serial number, the listing's cursor for reports
that arrive after their entry was listed."""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade() -> None:
    op.add_column("inbox", sa.Column("relay_status", sa.Integer))
    op.add_column("inbox", sa.Column("relay_body", sa.Text))
    op.add_column("inbox", sa.Column("relay_serial", ID))
