"""The store: numbered migrations applied at start-up, an old database upgraded in place, concurrent starts.

tests/fixtures/sandbox-v1.db was made by the schema from before versioning (commit d851224): create_app with
SANDBOX_DATABASE pointing at a new file, then through the submit API with the demo account: sale FIX-SALE-1
10.00 with server_callback_url http://tool.example.org/callbacks/inbox, status twice (approved; the callback
reached the shared inbox), preauth FIX-PRE-1 25.50, status twice, capture 20.00, create-card-ref on
FIX-SALE-1; then PRAGMA wal_checkpoint(TRUNCATE) so the one file holds everything.
"""

import multiprocessing
import shutil
import sqlite3
import threading
from pathlib import Path

import pytest

from gateway import sandbox_store
from gateway.sandbox_store import Store, StoreError

FIXTURE = Path(__file__).parent.parent / "fixtures" / "sandbox-v1.db"
DEMO_CARD = {"id": 1461665, "bin": "453897", "last4": "6732", "holder": "CARD HOLDER", "exp_month": "12",
             "exp_year": "2099"}
CALLBACK = ("/callbacks/inbox?status=approved&orderid=7000001&merchant_order=FIX-SALE-1&client_orderid=FIX-SALE-1"
            "&amount=10.00&currency=USD&type=sale&control=6e620a4db9bb1583d0f8c0ab1f4638b12f22b3a1")


@pytest.fixture
def old_db(tmp_path):
    path = tmp_path / "sandbox.db"
    shutil.copy(FIXTURE, path)
    return str(path)


def test_fixture_has_no_version_table(tmp_path):
    path = shutil.copy(FIXTURE, tmp_path / "copy.db")  # opening it would leave -wal/-shm files by the fixture
    with sqlite3.connect(path) as db:
        names = {r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    assert "schema_version" not in names and "orders" in names


def test_upgrade_keeps_every_order_transaction_and_card_ref(old_db):
    store = Store(old_db, DEMO_CARD)
    assert store.applied_versions() == list(range(1, sandbox_store.LATEST + 1))
    with store.reading() as tx:
        sale, pre = tx.order(1), tx.latest_order("FIX-PRE-1")
        assert (sale["client_orderid"], sale["command"], sale["amount"], sale["callback_url"]) == (
            "FIX-SALE-1", "sale", "10.00", "http://tool.example.org/callbacks/inbox")
        assert (pre["id"], pre["command"], pre["amount"]) == (2, "preauth", "25.50")
        assert [(t["type"], t["amount"], t["final_status"], t["ready"]) for t in tx.transactions(2)] == [
            ("preauth", "25.50", "approved", 1), ("capture", "20.00", "approved", 0)]
        assert (tx.card_ref(2000001)["order_id"], tx.card_ref(2000001)["last4"]) == (1, "6732")
        assert tx.card_ref(1461665)["holder"] == "CARD HOLDER"
        assert tx.serial() == "00000000-0000-0000-0000-000000000009"  # the sequence goes on
    assert [(d["paynet_order_id"], d["url"]) for d in store.order_deliveries(1)] == [
        (7000001, "http://tool.example.org/callbacks/inbox")]


def test_upgrade_keeps_the_inbox_entry(old_db):
    Store(old_db, DEMO_CARD)
    with sqlite3.connect(old_db) as db:
        rows = db.execute("SELECT id, method, url, body FROM inbox").fetchall()
    assert rows == [(1, "GET", CALLBACK, "")]


def test_second_start_applies_nothing(tmp_path):
    path = str(tmp_path / "s.db")
    Store(path, DEMO_CARD)
    with sqlite3.connect(path) as db:
        first = db.execute("SELECT version, applied FROM schema_version").fetchall()
    Store(path, DEMO_CARD, clock=lambda: 5.0)
    with sqlite3.connect(path) as db:
        assert db.execute("SELECT version, applied FROM schema_version").fetchall() == first


def test_newer_database_stops_with_a_clear_message(tmp_path):
    path = str(tmp_path / "s.db")
    Store(path, DEMO_CARD)
    with sqlite3.connect(path) as db:
        db.execute("INSERT INTO schema_version (version, applied) VALUES (99, 0)")
    with pytest.raises(StoreError) as err:
        Store(path, DEMO_CARD)
    assert str(err.value) == (
        f"The database {path} has schema version 99, but this version of the tool knows versions up to "
        f"{sandbox_store.LATEST}: a newer release upgraded it. Run that release, or point SANDBOX_DATABASE at "
        "another file.")


def test_failed_migration_leaves_the_database_as_it_was(old_db, monkeypatch):
    monkeypatch.setitem(sandbox_store.MIGRATIONS, 99, "CREATE TABLE half (x); INSERT INTO nowhere VALUES (1)")
    monkeypatch.setattr(sandbox_store, "LATEST", 99)
    with pytest.raises(sqlite3.OperationalError, match="no such table: nowhere"):
        Store(old_db, DEMO_CARD)
    with sqlite3.connect(old_db) as db:
        names = {r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        assert "half" not in names and "schema_version" not in names
        assert db.execute("SELECT COUNT(*) FROM orders").fetchone()[0] == 2


def _open(path, barrier):
    barrier.wait()
    Store(path, DEMO_CARD)


def _versions(path) -> list[tuple]:
    with sqlite3.connect(path) as db:
        return db.execute("SELECT version, COUNT(*) FROM schema_version GROUP BY version").fetchall()


def test_processes_starting_at_once_apply_each_migration_once(tmp_path):
    path, ctx = str(tmp_path / "fresh.db"), multiprocessing.get_context("spawn")
    barrier = ctx.Barrier(6)
    workers = [ctx.Process(target=_open, args=(path, barrier)) for _ in range(6)]
    for w in workers:
        w.start()
    for w in workers:
        w.join(60)
    assert [w.exitcode for w in workers] == [0] * 6
    assert _versions(path) == [(v, 1) for v in range(1, sandbox_store.LATEST + 1)]


def test_threads_starting_at_once_on_an_old_database(old_db):
    barrier, errors = threading.Barrier(8), []

    def start():
        try:
            _open(old_db, barrier)
        except Exception as exc:  # collected: the assertion below names it
            errors.append(exc)

    threads = [threading.Thread(target=start) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    assert errors == []
    assert _versions(old_db) == [(v, 1) for v in range(1, sandbox_store.LATEST + 1)]
    with Store(old_db, DEMO_CARD).reading() as tx:
        assert tx.order(1)["client_orderid"] == "FIX-SALE-1"
