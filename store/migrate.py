"""The store's migrations through Alembic's command API: upgrade (what start-up runs), current and history (what
`flask store ...` and `make migrate` show operators). The revisions live in store/migrations/versions/."""

import io
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import inspect, text

LEGACY_LATEST = 4  # the hand-written migrations' last version: revision 0001 takes a database from any of them


class StoreError(RuntimeError):
    """The database cannot be used by this version of the tool; the message says why and what to do."""


def config(conn=None, out=None) -> Config:
    cfg = Config(stdout=out or io.StringIO())
    cfg.set_main_option("script_location", str(Path(__file__).parent / "migrations"))
    cfg.attributes["connection"] = conn
    return cfg


def head() -> str:
    return ScriptDirectory.from_config(config()).get_current_head()


def revision(conn) -> str | None:
    return MigrationContext.configure(conn).get_current_revision()


def upgrade(engine, name: str) -> str:
    """Bring the database to the newest revision in one transaction; processes starting at once wait for each
    other (SQLite's one writer; an advisory lock on PostgreSQL) and the later ones find nothing to do."""
    engine.prepare()
    with engine.transaction() as conn:
        engine.serialise(conn, "schema")
        _refuse_newer(conn, name)
        if revision(conn) != head():
            command.upgrade(config(conn), "head")
    return head()


def _refuse_newer(conn, name: str) -> None:
    known = {s.revision for s in ScriptDirectory.from_config(config()).walk_revisions()}
    found = revision(conn)
    if found is None and "schema_version" in inspect(conn).get_table_names():
        legacy = conn.execute(text("SELECT MAX(version) FROM schema_version")).scalar() or 0
        found = str(legacy) if legacy > LEGACY_LATEST else None
    if found is not None and found not in known:
        raise StoreError(f"The database {name} has schema version {found}, but this version of the tool knows "
                         f"versions up to {head()}: a newer release upgraded it. Run that release, or point "
                         "DATABASE_URL at another database.")


def current(engine) -> str:
    """Alembic's `current`: the revision the database stands at."""
    out = io.StringIO()
    with engine.reading() as conn:
        command.current(config(conn, out), verbose=False)
    return out.getvalue()


def history() -> str:
    """Alembic's `history`: every revision, newest first."""
    out = io.StringIO()
    command.history(config(out=out), verbose=False)
    return out.getvalue()
