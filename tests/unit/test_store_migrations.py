"""The store's schema has one definition (store/tables.py) and one history (store/migrations/): on both engines the
revisions build exactly the tables, and the operators' commands show where a database stands."""

import sqlite3

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext

from store import migrate
from store.store import Store
from store.tables import metadata
from tests.helpers import DEMO_CARD


def schema_diff(url: str) -> list:
    """What Alembic's autogenerate would add or change in the database at `url`, once the store started on it."""
    store = Store(url, DEMO_CARD)
    try:
        with store.backend.reading() as conn:
            return compare_metadata(MigrationContext.configure(conn, opts={"compare_type": True}), metadata)
    finally:
        store.close()


def test_the_revisions_build_exactly_the_tables(database_url):
    """Alembic's autogenerate, run against a database the revisions made, finds nothing to add or change."""
    assert schema_diff(database_url) == []


def test_an_old_database_upgraded_has_exactly_the_tables(tmp_path):
    import shutil

    from tests.helpers import FIXTURE

    path = shutil.copy(FIXTURE, tmp_path / "old.db")
    assert schema_diff(str(path)) == []
    with sqlite3.connect(path) as db:
        names = {r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    assert "schema_version" not in names and "alembic_version" in names


def test_the_history_lists_the_revisions():
    assert migrate.history() == ("0003 -> 0004 (head), v4 in the sandbox: an account's public key, the nonces seen "
                                 "and the hosted fields' tickets and tokens.\n"
                                 "0002 -> 0003, Relay reports: an inbox entry keeps what the merchant's "
                                 "local handler answered when relay.py replayed it there.\n"
                                 "0001 -> 0002, One schema on both engines.\n"
                                 "<base> -> 0001, Version 4: the schema as the hand-written migrations left it.\n")


def test_flask_store_commands(app_factory, tmp_path):
    runner = app_factory(home="cli").test_cli_runner()
    assert runner.invoke(args=["store", "current"]).output == "0004 (head)\n"
    assert runner.invoke(args=["store", "upgrade"]).output == f"{tmp_path / 'cli' / 'sandbox.db'} is at 0004 (head).\n"
    history = runner.invoke(args=["store", "history"]).output
    assert history.startswith("0003 -> 0004 (head), v4 in the sandbox:")
