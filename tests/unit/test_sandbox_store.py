"""The store: Alembic's revisions applied at start-up, an old database upgraded in place, concurrent starts;
the same tests on SQLite and on PostgreSQL (the `database_url` fixture) wherever they do not read the file.

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
from sqlalchemy import text

from store import inboxes as store_inboxes
from store import migrate
from store import store as sandbox_store
from store.store import Store, StoreError
from tests.helpers import DEMO_CARD, FIXTURE, Clock

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
    assert store.revision() == "0004"
    with store.reading() as tx:
        sale, pre = tx.order(1), tx.latest_order("FIX-PRE-1")
        assert (sale.client_orderid, sale.command, sale.amount, sale.callback_url) == (
            "FIX-SALE-1", "sale", "10.00", "http://tool.example.org/callbacks/inbox")
        assert (pre.id, pre.command, pre.amount) == (2, "preauth", "25.50")
        assert [(t.type, t.amount, t.final_status, t.ready) for t in tx.transactions(2)] == [
            ("preauth", "25.50", "approved", True), ("capture", "20.00", "approved", False)]
        assert (tx.card_ref(2000001).order_id, tx.card_ref(2000001).last4) == (1, "6732")
        assert tx.card_ref(1461665).holder == "CARD HOLDER"
        assert tx.serial() == "00000000-0000-0000-0000-000000000009"  # the sequence goes on
    assert [(d.paynet_order_id, d.url) for d in store.order_deliveries(1)] == [
        (7000001, "http://tool.example.org/callbacks/inbox")]


def test_upgrade_keeps_the_inbox_entry(old_db):
    Store(old_db, DEMO_CARD)
    with sqlite3.connect(old_db) as db:
        rows = db.execute("SELECT id, method, url, body FROM inbox").fetchall()
        size = db.execute("SELECT size FROM inbox").fetchone()[0]
    assert rows == [(1, "GET", CALLBACK, "")]
    assert size == 676  # its bytes as stored, the raw request (330) among them: counted by the upgrade


def _rows(url: str, sql: str) -> list[dict]:
    store = Store(url, DEMO_CARD)
    try:
        with store.reading() as tx:
            return [dict(r) for r in tx.db.execute(text(sql)).mappings()]
    finally:
        store.close()


def test_second_start_applies_nothing(database_url, monkeypatch):
    Store(database_url, DEMO_CARD).close()
    monkeypatch.setattr(migrate.command, "upgrade", lambda *args: pytest.fail("upgraded a second time"))
    Store(database_url, DEMO_CARD).close()
    assert _rows(database_url, "SELECT version_num FROM alembic_version") == [{"version_num": "0004"}]


def test_newer_database_stops_with_a_clear_message(database_url):
    store = Store(database_url, DEMO_CARD)
    with store.transaction() as tx:
        tx.db.execute(text("UPDATE alembic_version SET version_num = '0099'"))
    store.close()
    with pytest.raises(StoreError) as err:
        Store(database_url, DEMO_CARD)
    assert str(err.value) == (
        f"The database {database_url} has schema version 0099, but this version of the tool knows versions up to "
        "0004: a newer release upgraded it. Run that release, or point DATABASE_URL at another database.")


def test_a_database_a_newer_hand_migrating_release_left_stops_too(old_db):
    with sqlite3.connect(old_db) as db:
        db.execute("CREATE TABLE schema_version (version INTEGER PRIMARY KEY, applied REAL)")
        db.execute("INSERT INTO schema_version VALUES (5, 0)")
    with pytest.raises(StoreError, match="has schema version 5, but this version of the tool knows versions up to "
                                         "0004"):
        Store(old_db, DEMO_CARD)


FAILING = '''
import sqlalchemy as sa
from alembic import op

revision, down_revision, branch_labels, depends_on = "0005", "0004", None, None


def upgrade():
    op.create_table("half", sa.Column("x", sa.Integer))
    op.execute("INSERT INTO nowhere VALUES (1)")
'''


def add_failing_revision(tmp_path, monkeypatch) -> None:
    """The store's revisions with one more that fails half-way (its table made, then a statement refused)."""
    scripts = tmp_path / "migrations"
    shutil.copytree(Path(migrate.__file__).parent / "migrations", scripts)
    (scripts / "versions" / "0005_fails.py").write_text(FAILING)
    real = migrate.config

    def config(conn=None, out=None):
        cfg = real(conn, out)
        cfg.set_main_option("script_location", str(scripts))
        return cfg
    monkeypatch.setattr(migrate, "config", config)


@pytest.fixture
def failing_revision(tmp_path, monkeypatch):
    add_failing_revision(tmp_path, monkeypatch)


def test_failed_migration_on_postgresql_leaves_the_database_as_it_was(postgres, monkeypatch, tmp_path):
    url = postgres.create_database()
    store = Store(url, DEMO_CARD)
    with store.transaction() as tx:
        tx.add_order(client_orderid="KEEP", command="sale", kind="sale", amount="1.00", currency="USD")
    store.close()
    add_failing_revision(tmp_path, monkeypatch)
    with pytest.raises(Exception, match='relation "nowhere" does not exist'):
        Store(url, DEMO_CARD)
    monkeypatch.undo()
    assert _rows(url, "SELECT to_regclass('half') AS half, (SELECT version_num FROM alembic_version) AS v, "
                      "(SELECT COUNT(*) FROM orders) AS orders") == [{"half": None, "v": "0004", "orders": 1}]


def test_failed_migration_leaves_the_database_as_it_was(old_db, failing_revision):
    with pytest.raises(Exception, match="no such table: nowhere"):
        Store(old_db, DEMO_CARD)
    with sqlite3.connect(old_db) as db:
        names = {r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        assert "half" not in names and "alembic_version" not in names and "inboxes" not in names
        assert db.execute("SELECT COUNT(*) FROM orders").fetchone()[0] == 2


def _open(path, barrier):
    barrier.wait()
    Store(path, DEMO_CARD).close()


def _versions(url) -> list[dict]:
    return _rows(url, "SELECT version_num FROM alembic_version")


def test_processes_starting_at_once_apply_each_migration_once(database_url):
    """A revision run twice would fail (its tables exist): every process starts, and one revision is recorded."""
    path, ctx = database_url, multiprocessing.get_context("spawn")
    barrier = ctx.Barrier(6)
    workers = [ctx.Process(target=_open, args=(path, barrier)) for _ in range(6)]
    for w in workers:
        w.start()
    for w in workers:
        w.join(60)
    assert [w.exitcode for w in workers] == [0] * 6
    assert _versions(path) == [{"version_num": "0004"}]


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
    assert _versions(old_db) == [{"version_num": "0004"}]
    with Store(old_db, DEMO_CARD).reading() as tx:
        assert tx.order(1).client_orderid == "FIX-SALE-1"


# -- private inboxes ---------------------------------------------------------------------------------------


@pytest.fixture
def clock():
    return Clock()


@pytest.fixture
def store(database_url, clock):
    store = Store(database_url, DEMO_CARD, clock=clock)
    yield store
    store.close()


def ids(store, token, after=0) -> list[int]:
    return [e["id"] for e in store.inbox_entries(token, after)[0]]


def test_inbox_tokens_are_long_and_distinct(store):
    tokens = {store.issue_inbox(f"10.0.0.{n}") for n in range(5)}
    assert len(tokens) == 5 and all(len(t) == 32 for t in tokens)


def test_inboxes_are_isolated(store):
    a, b = store.issue_inbox("10.0.0.1"), store.issue_inbox("10.0.0.2")
    store.receive(a, "GET", f"/callbacks/inbox/{a}?status=approved", [("Host", "tool")], "")
    store.record_delivery(1, f"http://tool/callbacks/inbox/{a}", "HTTP 200", "GET ...", inbox=a)
    assert [(e["id"], e["url"]) for e in store.inbox_entries(a)[0]] == [(1, f"/callbacks/inbox/{a}?status=approved")]
    assert store.inbox_entries(b) == ([], False)
    assert [d.outcome for d in store.inbox_deliveries(a)] == ["HTTP 200"]
    assert store.inbox_deliveries(b) == []


def test_unknown_inbox_receives_nothing(store):
    assert store.receive("A" * 32, "GET", "/x", [], "") is None
    assert store.inbox_known("A" * 32) is False


def test_listing_after_an_id(store):
    token = store.issue_inbox("10.0.0.1")
    for n in range(3):
        store.receive(token, "GET", f"/cb?n={n}", [], "")
    assert ids(store, token) == [1, 2, 3]
    assert ids(store, token, after=2) == [3]
    assert ids(store, token, after=3) == []


def test_body_cut_at_64_kib_with_a_note(store):
    token = store.issue_inbox("10.0.0.1")
    store.receive(token, "POST", "/cb", [], "a" * 70_000)
    store.receive(token, "POST", "/cb", [], "é" * 40_000)  # 80,000 bytes: never half a character
    first, second = store.inbox_entries(token)[0]
    assert (len(first["body"]), first["note"]) == (65_536, "The body was cut to its first 65536 bytes of 70000.")
    assert first["raw"] == "POST /cb HTTP/1.1\r\n\r\n" + "a" * 65_536
    assert (second["body"], second["note"]) == ("é" * 32_768, "The body was cut to its first 65536 bytes of 80000.")


def test_nul_in_a_body_is_kept_as_a_replacement_character(store):
    token = store.issue_inbox("10.0.0.1")
    store.receive(token, "POST", "/cb?a=%00", [("X-Odd", "x\x00y")], "a\x00b")
    entry = store.inbox_entries(token)[0][0]
    assert (entry["body"], entry["headers"], entry["url"]) == (
        "a\ufffdb", [["X-Odd", "x\x00y"]], "/cb?a=%00")  # the headers are kept as JSON text: \u0000


def test_body_within_the_limit_has_no_note(store):
    token = store.issue_inbox("10.0.0.1")
    store.receive(token, "POST", "/cb", [], "a" * 65_536)
    entry = store.inbox_entries(token)[0][0]
    assert (len(entry["body"]), entry["note"]) == (65_536, None)


def test_at_most_200_entries_oldest_dropped(store):
    token = store.issue_inbox("10.0.0.1")
    for n in range(205):
        store.receive(token, "GET", f"/cb?n={n}", [], "")
    assert ids(store, token) == list(range(6, 206))


def test_a_listing_stays_within_a_mebibyte_and_says_more(store):
    token = store.issue_inbox("10.0.0.1")
    for _ in range(20):
        store.receive(token, "POST", "/cb", [], "b" * 65_536)  # as JSON, body and raw: about 131,200 bytes
    entries, more = store.inbox_entries(token)
    assert ([e["id"] for e in entries], more) == ([1, 2, 3, 4, 5, 6, 7], True)  # 8 would be over 1,048,576
    assert store.inbox_entries(token, after=7)[1] is True
    assert (ids(store, token, after=7), ids(store, token, after=14)) == (
        [8, 9, 10, 11, 12, 13, 14], [15, 16, 17, 18, 19, 20])
    assert store.inbox_entries(token, after=14)[1] is False


def test_a_listing_has_at_least_one_entry_so_the_cursor_moves(store, monkeypatch):
    monkeypatch.setattr(store_inboxes, "REPLY_BYTES", 1000)
    token = store.issue_inbox("10.0.0.1")
    for _ in range(2):
        store.receive(token, "POST", "/cb", [], "b" * 5_000)
    assert ([e["id"] for e in store.inbox_entries(token)[0]], store.inbox_entries(token)[1]) == ([1], True)
    assert store.inbox_entries(token, after=1) == (store.inbox_entries(token, after=1)[0], False)
    assert ids(store, token, after=1) == [2]


def test_entries_older_than_24_hours_dropped(store, clock):
    token = store.issue_inbox("10.0.0.1")
    store.receive(token, "GET", "/cb?old", [], "")
    clock.now += 80_000
    store.receive(token, "GET", "/cb?new", [], "")
    clock.now += 6_399  # the first is 86,399 s old
    assert ids(store, token) == [1, 2]
    clock.now += 2
    assert [e["url"] for e in store.inbox_entries(token)[0]] == ["/cb?new"]
    assert store.inbox_known(token) is True  # used 6,401 s ago


def test_idle_inbox_dropped_after_24_hours(store, clock):
    idle, used = store.issue_inbox("10.0.0.1"), store.issue_inbox("10.0.0.1")
    clock.now += 86_000
    assert store.inbox_known(used) is True
    clock.now += 401
    assert (store.inbox_known(idle), store.inbox_known(used)) == (False, True)
    assert store.receive(idle, "GET", "/cb", [], "") is None


def test_inbox_limits_default_to_the_documented_bounds():
    assert sandbox_store.InboxLimits() == sandbox_store.InboxLimits(
        body=65_536, entries=200, ttl=86_400.0, inboxes=1000, rate=10, bytes=4_194_304, total=268_435_456)


def test_at_most_n_inboxes_least_recently_used_makes_room(database_url, clock):
    # 1,000 by default; 20 here, the same code path (each issue is a durable transaction: ~10 ms).
    store = Store(database_url, DEMO_CARD, clock=clock, limits=sandbox_store.InboxLimits(inboxes=20))
    tokens = []
    for n in range(20):
        clock.now += 1
        tokens.append(store.issue_inbox(f"10.0.0.{n}"))
    clock.now += 100
    store.receive(tokens[0], "GET", "/cb", [], "")  # the first is in use: the second is the oldest now
    newest = store.issue_inbox("10.9.9.9")
    assert (store.inbox_known(tokens[0]), store.inbox_known(tokens[1]), store.inbox_known(newest)) == (
        True, False, True)
    assert [store.inbox_known(t) for t in tokens[2:]] == [True] * 18
    with store.reading() as tx:
        assert tx.db.execute(text("SELECT COUNT(*) FROM inboxes")).scalar() == 20
    store.close()


def test_issuing_rate_limited_per_address(store, clock):
    for _ in range(10):
        store.issue_inbox("10.0.0.1")
    with pytest.raises(sandbox_store.RateLimited) as err:
        store.issue_inbox("10.0.0.1")
    assert err.value.retry_after == 60
    store.issue_inbox("10.0.0.2")  # another address has its own allowance
    clock.now += 59.5
    with pytest.raises(sandbox_store.RateLimited) as err:
        store.issue_inbox("10.0.0.1")
    assert err.value.retry_after == 1
    clock.now += 0.5
    assert len(store.issue_inbox("10.0.0.1")) == 32


CREDENTIALS = [("Cookie", "session=COOKIE-SECRET"), ("Authorization", "Bearer AUTH-SECRET"),
               ("Proxy-Authorization", "Basic PROXY-SECRET"), ("X-Api-Key", "APIKEY-SECRET"),
               ("X-Auth-Token", "TOKEN-SECRET"), ("X-Client-Secret", "CLIENT-SECRET"),
               ("X-Upstream-Auth", "UPSTREAM-SECRET")]


def test_credential_headers_dropped_never_stored(store):
    token = store.issue_inbox("10.0.0.1")
    store.receive(token, "GET", "/cb", [("Host", "tool"), *CREDENTIALS, ("X-Request-Id", "r1")], "")
    entry = store.inbox_entries(token)[0][0]
    assert entry["headers"] == [["Host", "tool"], ["Cookie", "[dropped]"], ["Authorization", "[dropped]"],
                                ["Proxy-Authorization", "[dropped]"], ["X-Api-Key", "[dropped]"],
                                ["X-Auth-Token", "[dropped]"], ["X-Client-Secret", "[dropped]"],
                                ["X-Upstream-Auth", "[dropped]"], ["X-Request-Id", "r1"]]
    assert entry["raw"] == ("GET /cb HTTP/1.1\r\nHost: tool\r\nCookie: [dropped]\r\nAuthorization: [dropped]\r\n"
                            "Proxy-Authorization: [dropped]\r\nX-Api-Key: [dropped]\r\nX-Auth-Token: [dropped]\r\n"
                            "X-Client-Secret: [dropped]\r\nX-Upstream-Auth: [dropped]\r\nX-Request-Id: r1\r\n\r\n")
    assert [v for _, v in CREDENTIALS if v in stored_text(store)] == []


def stored_text(store) -> str:
    """Everything the database holds: the SQLite file's bytes, or every row of PostgreSQL's tables as text."""
    if store.path:
        with sqlite3.connect(store.path) as db:
            db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        return Path(store.path).read_bytes().decode("latin-1")
    with store.reading() as tx:
        names = list(tx.db.execute(text("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")).scalars())
        assert {"inbox", "inboxes", "deliveries", "orders"} <= set(names)
        return "\n".join(r for n in names for r in tx.db.execute(text(f"SELECT t::text FROM {n} t")).scalars())


def test_deliveries_are_part_of_the_order_record(store):
    store.record_delivery(1, "http://shop/cb", "refused: not allowed", "", inbox=None)
    store.record_delivery(2, "http://shop/other", "HTTP 200", "GET http://shop/other?x")
    store.record_delivery(1, "http://shop/cb", "HTTP 500", "GET http://shop/cb?x")
    assert [(d.paynet_order_id, d.outcome) for d in store.order_deliveries(1)] == [
        (7000001, "refused: not allowed"), (7000001, "HTTP 500")]


def test_orders_older_than_30_days_are_dropped_with_what_hangs_on_them(database_url, monkeypatch):
    monkeypatch.setattr(sandbox_store, "PRUNE_EVERY", 2)
    now = [0.0]
    store = Store(database_url, DEMO_CARD, clock=lambda: now[0])
    order = {"command": "sale", "kind": "sale", "amount": "10.00", "currency": "USD", "bin": "453897",
             "last4": "6732", "holder": "A B", "exp_month": "12", "exp_year": "2099"}
    try:
        with store.transaction() as tx:
            old = tx.add_order(client_orderid="OLD", **order)
            tx.add_transaction(old, "sale", "10.00", "approved", ready=1)
            ref = tx.add_card_ref(tx.order(old))
            tx.serial()
        store.record_delivery(old, "http://x/cb", "HTTP 200")
        now[0] = 31 * 24 * 3600.0
        with store.transaction() as tx:
            new = tx.add_order(client_orderid="NEW", **order)  # the second order: pruning runs
            assert (old, new) == (1, 2)
            assert tx.order(old) is None and tx.transactions(old) == []
            assert tx.order(new).client_orderid == "NEW"
            assert tx.card_ref(ref) is not None  # the newest card reference stays: the next one follows it
            assert tx.card_ref(DEMO_CARD["id"]) is not None
        assert store.order_deliveries(old) == []
    finally:
        store.close()
