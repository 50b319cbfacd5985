"""Alembic's environment for the store: always online, on the connection store/migrate.py hands over, inside the
transaction it holds (one transaction for every pending revision: a failed one leaves the database as it was)."""

from alembic import context

from store.tables import metadata

context.configure(connection=context.config.attributes["connection"], target_metadata=metadata)
with context.begin_transaction():
    context.run_migrations()
