"""`flask store upgrade | current | history`: the store's schema for operators, over Alembic's command API
(store/migrate.py). Start-up upgrades by itself; these say where a database stands, or upgrade it ahead of a
start (`make migrate`)."""

import click
from flask import current_app
from flask.cli import AppGroup

from store import migrate

group = AppGroup("store", help="The store's schema (Alembic revisions): upgrade, current, history.")


def _store():
    return current_app.extensions["sandbox"].store


@group.command("upgrade")
def upgrade() -> None:
    """Bring the database to the newest revision (start-up does the same)."""
    store = _store()
    revision = migrate.upgrade(store.backend, store.name)
    click.echo(f"{store.name} is at {revision} (head).")


@group.command("current")
def current() -> None:
    """The revision the database stands at."""
    click.echo(migrate.current(_store().backend), nl=False)


@group.command("history")
def history() -> None:
    """Every revision, newest first."""
    click.echo(migrate.history(), nl=False)
