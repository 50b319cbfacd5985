"""What differs between the engines: URLs shown without their password, SQLite's spellings, and a PostgreSQL
server that cannot be reached stopping start-up with a message that names it (password hidden)."""

import logging

import pytest

from store import engines as store_backends
from store.engines import BackendError, Engine, display, sqlite_path
from tests.servers import closed_port


@pytest.mark.parametrize("url, shown", [
    ("postgresql://app:s3cret@db.example.com:5432/paynet", "postgresql://app:***@db.example.com:5432/paynet"),
    ("postgres://app:s3:cr@t@db.example.com/paynet", "postgres://app:***@db.example.com/paynet"),
    ("postgresql://db.example.com/paynet?sslmode=require&password=s3cret",
     "postgresql://db.example.com/paynet?sslmode=require&password=***"),
    ("postgresql://app@db.example.com/paynet", "postgresql://app@db.example.com/paynet"),
    ("/var/lib/paynet/sandbox.db", "/var/lib/paynet/sandbox.db"),
])
def test_display_hides_the_password(url, shown):
    assert display(url) == shown


@pytest.mark.parametrize("url, path", [("sqlite:////var/lib/x.db", "/var/lib/x.db"), ("sqlite:///x.db", "x.db"),
                                       ("instance/sandbox.db", "instance/sandbox.db")])
def test_sqlite_spellings(url, path):
    assert sqlite_path(url) == path


@pytest.mark.parametrize("url, postgres", [("postgresql://h/db", True), ("POSTGRES://h/db", True),
                                           ("sqlite:///x.db", False), ("postgresql.db", False), (None, False)])
def test_which_engine(url, postgres):
    assert store_backends.is_postgres(url) is postgres


def test_unreachable_server_named_without_its_password(caplog):
    caplog.set_level(logging.DEBUG)
    port = closed_port()
    with pytest.raises(BackendError) as err:
        Engine(f"postgresql://app:s3cret@127.0.0.1:{port}/paynet?connect_timeout=1", wait=1)
    assert str(err.value) == (
        f"Cannot connect to the database postgresql://app:***@127.0.0.1:{port}/paynet?connect_timeout=1 within 1 s: "
        "check DATABASE_URL, that the server runs and that it accepts this host.")
    assert "s3cret" not in caplog.text


def test_connections_dropped_by_a_server_restart_are_replaced(postgres):
    from store.store import Store
    from tests.helpers import DEMO_CARD

    store = Store(postgres.create_database(), DEMO_CARD, pool_size=2)
    try:
        token = store.issue_inbox("10.0.0.1")
        postgres.restart()
        assert store.inbox_known(token) is True  # the pooled connection is dead: a fresh one answers
        assert store.receive(token, "GET", "/cb", [], "") == 1
    finally:
        store.close()
