"""Bytes bound every store: each inbox (INBOX_MAX_BYTES), all of them (INBOXES_MAX_BYTES: the oldest entries of the
least recently used inboxes go first), each account's inspector (INSPECTOR_MAX_BYTES); and failed token checks
counted per client address (TOKEN_FAILURE_RATE). On SQLite and on PostgreSQL; small budgets keep it fast."""

import threading

import pytest
from sqlalchemy import text

from sandbox import accounts as accounts_module
from sandbox.accounts import AccountLimits, Accounts, KeyBox
from store.store import InboxLimits, Store
from tests.helpers import DEMO_CARD, Clock

# 256 bytes an entry: POST (4) + /cb/NN (6) + [] (2) + a body of 244.
LIMITS = InboxLimits(body=256, bytes=4096, total=10_240)
REAL = {"sqlite": "LENGTH(CAST(COALESCE({}, '') AS BLOB))", "postgresql": "octet_length(COALESCE({}, ''))"}


@pytest.fixture
def clock():
    return Clock()


@pytest.fixture
def store(database_url, clock):
    store = Store(database_url, DEMO_CARD, clock=clock, limits=LIMITS)
    yield store
    store.close()


def receive(store, clock, token, n):
    clock.now += 1  # each one later: the least recently used inbox is plain
    assert store.receive(token, "POST", f"/cb/{n:02}", [], "x" * 244) is not None


def kept(store, token) -> list[int]:
    with store.reading() as tx:
        return list(tx.db.execute(text("SELECT id FROM inbox WHERE token = :token ORDER BY id"), {"token": token})
                    .scalars())


def stored(store, table: str, columns: tuple) -> tuple[int, int]:
    """(the sizes the store counts, the bytes its columns really hold)."""
    real = " + ".join(REAL[store.backend.kind].format(c) for c in columns)
    with store.reading() as tx:
        row = tx.db.execute(text(f"SELECT COALESCE(SUM(size), 0) AS counted, COALESCE(SUM({real}), 0) AS real "
                                 f"FROM {table}")).mappings().one()
    return row["counted"], row["real"]


def inbox_bytes(store) -> tuple[int, int]:
    return stored(store, "inbox", ("method", "url", "headers", "body", "raw", "note", "relay_body"))


def test_an_inbox_keeps_its_newest_entries_within_its_bytes(store, clock):
    token = store.issue_inbox("10.0.0.1")
    for n in range(20):
        receive(store, clock, token, n)
    assert kept(store, token) == list(range(5, 21))  # 16 x 256 = 4,096
    assert inbox_bytes(store) == (4096, 4096)


def test_the_server_drops_the_oldest_entries_of_the_least_recently_used_inbox_first(store, clock):
    a, b, c = (store.issue_inbox(f"10.0.0.{n}") for n in range(3))
    for n in range(16):
        receive(store, clock, a, n)  # ids 1-16: 4,096 bytes
    for n in range(16):
        receive(store, clock, b, n)  # ids 17-32: 8,192 in all
    for n in range(10):
        receive(store, clock, c, n)  # ids 33-42: the 9th and 10th would make 10,496 and 10,752
    assert (kept(store, a), kept(store, b), kept(store, c)) == (
        list(range(3, 17)), list(range(17, 33)), list(range(33, 43)))
    assert inbox_bytes(store) == (10_240, 10_240)
    receive(store, clock, a, 99)  # id 43: now b is the least recently used
    assert (kept(store, a), kept(store, b), kept(store, c)) == (
        [*range(3, 17), 43], list(range(18, 33)), list(range(33, 43)))
    assert inbox_bytes(store) == (10_240, 10_240)


def test_a_relay_report_counts_in_its_entry_and_the_inbox_stays_within_its_bytes(store, clock):
    token = store.issue_inbox("10.0.0.1")
    for n in range(16):
        receive(store, clock, token, n)  # ids 1-16: 4,096 bytes, the whole budget
    assert store.relay_report(token, 16, 200, "é" * 300) == {"status": 200, "body": "é" * 256}  # 512 bytes kept
    assert kept(store, token) == list(range(3, 17))  # 13 x 256 + 768 = 4,096
    assert inbox_bytes(store) == (4096, 4096)
    assert store.relay_report(token, 16, None, "no answer within 10 s") == {"status": None,
                                                                           "body": "no answer within 10 s"}
    assert store.relayed(token, 16) == {"status": None, "body": "no answer within 10 s"}  # the later one replaced it
    assert inbox_bytes(store) == (3605, 3605)  # 13 x 256 + 256 + 21
    assert store.relays(token) == [{"id": 16, "status": None, "body": "no answer within 10 s", "serial": 2}]
    assert store.relays(token, after=2) == []


def test_a_relay_report_needs_an_entry_of_that_inbox(store, clock):
    token, other = store.issue_inbox("10.0.0.1"), store.issue_inbox("10.0.0.2")
    receive(store, clock, token, 1)
    assert store.relay_report(other, 1, 200, "OK") is None
    assert store.relay_report(token, 2, 200, "OK") is None
    assert (store.relayed(token, 1), store.relays(token), store.relays(other)) == (None, [], [])


def test_cut_headers_and_notes_count_and_stay_within(store, clock):
    token = store.issue_inbox("10.0.0.1")
    headers = [(f"X-H{n}", "v" * 40) for n in range(20)]  # 20 x 56 bytes of JSON: cut to the first 4
    store.receive(token, "POST", "/cb/" + "t" * 400, headers, "é" * 200)
    [entry] = store.inbox_entries(token)[0]
    assert entry["note"] == ("The request target was cut to its first 256 bytes of 404. The headers were cut to the "
                             "first 4 of 20 (256 bytes). The body was cut to its first 256 bytes of 400.")
    assert entry["raw"] == (f"POST /cb/{'t' * 252} HTTP/1.1\r\n" + "".join(f"X-H{n}: {'v' * 40}\r\n" for n in range(4))
                            + "\r\n" + "é" * 128)
    counted, real = inbox_bytes(store)
    assert counted == real <= LIMITS.max_entry() == 1792


def record(accounts, account, n: int, pad: int = 985) -> int:
    # {"kind": "callback", "n": N, "pad": "..."} as JSON is 39 + pad bytes, and "callback" 8: 1,032.
    return accounts.record(account.id, {"kind": "callback", "n": n % 10, "pad": "x" * pad})


def test_an_accounts_inspector_keeps_its_newest_entries_within_its_bytes(store, clock):
    accounts = Accounts(store, KeyBox("test"), AccountLimits(bytes=4200))
    account, _token = accounts.create("10.0.0.1")
    other, _token = accounts.create("10.0.0.2")
    for n in range(6):
        record(accounts, account, n)
    record(accounts, other, 0)
    assert [e["n"] for e in accounts.entries(account.id)[0]] == [5, 4, 3, 2]  # 4 x 1,032 = 4,128
    assert stored(store, "inspector", ("kind", "entry")) == (5160, 5160)  # and the other account's one


def test_an_inspector_entry_larger_than_the_budget_keeps_its_summary(store, clock):
    accounts = Accounts(store, KeyBox("test"), AccountLimits(bytes=4200))
    account, _token = accounts.create("10.0.0.1")
    record(accounts, account, 1)
    record(accounts, account, 2, pad=5000)
    newest, older = accounts.entries(account.id)[0]
    assert (newest["kind"], "pad" in newest, older["n"]) == ("callback", False, 1)
    assert newest["note"] == ("This entry took 5047 bytes, more than INSPECTOR_MAX_BYTES (4200) allows for the whole "
                              "account: only its summary is kept.")
    counted, real = stored(store, "inspector", ("kind", "entry"))
    assert counted == real <= 4200


def test_failed_token_checks_limited_per_address(store, clock):
    assert [store.token_failed("10.0.0.1", 3) for _ in range(3)] == [0, 0, 0]
    assert (store.token_wait("10.0.0.1", 3), store.token_failed("10.0.0.1", 3)) == (60, 60)
    assert store.token_wait("10.0.0.2", 3) == 0  # another address has its own count
    clock.now += 59.5
    assert store.token_wait("10.0.0.1", 3) == 1
    clock.now += 0.5
    assert store.token_wait("10.0.0.1", 3) == 0
    with store.reading() as tx:  # the refused one was not counted; the count of a minute ago is dropped next
        assert tx.db.execute(text("SELECT COUNT(*) FROM token_failures")).scalar() == 3
    store.token_failed("10.0.0.3", 3)
    with store.reading() as tx:
        assert tx.db.execute(text("SELECT client FROM token_failures")).scalars().all() == ["10.0.0.3"]


def test_an_inspector_listing_cut_short_holds_the_oldest_and_says_more(store, monkeypatch):
    monkeypatch.setattr(accounts_module, "REPLY_BYTES", 2500)  # two entries of 1,024 bytes of JSON
    accounts = Accounts(store, KeyBox("test"))
    account, _token = accounts.create("10.0.0.1")
    ids = [record(accounts, account, n) for n in range(5)]
    entries, more = accounts.entries(account.id)
    assert ([e["n"] for e in entries], more) == ([1, 0], True)  # newest first within the reply
    assert [[e["n"] for e in accounts.entries(account.id, ids[1])[0]], accounts.entries(account.id, ids[3])] == [
        [3, 2], ([{"kind": "callback", "n": 4, "pad": "x" * 985, "id": ids[4], "time": 1_000_000.0}], False)]


def test_two_instances_receiving_at_once_end_within_the_bounds(postgres):
    """Two instances on one PostgreSQL database filling the same inboxes at once. (The trims take the inboxes'
    advisory lock; without it the overshoot needs an interleaving this run seldom hits, so it guards the sums and
    the errors, not the lock.)"""
    url = postgres.create_database()
    stores = [Store(url, DEMO_CARD, limits=LIMITS) for _ in range(2)]
    try:
        tokens = [stores[0].issue_inbox(f"10.0.0.{n}") for n in range(3)]
        barrier, errors = threading.Barrier(6), []

        def fill(store, token):
            try:
                barrier.wait()
                for n in range(20):
                    store.receive(token, "POST", f"/cb/{n:02}", [], "x" * 244)
            except Exception as exc:  # noqa: BLE001 - reported below
                errors.append(exc)

        threads = [threading.Thread(target=fill, args=(s, t)) for s in stores for t in tokens]
        for t in threads:
            t.start()
        for t in threads:
            t.join(60)
        assert errors == []
        with stores[1].reading() as tx:
            per_inbox = list(tx.db.execute(text("SELECT SUM(size) FROM inbox GROUP BY token")).scalars())
        assert max(per_inbox) <= 4096 and sum(per_inbox) == inbox_bytes(stores[1])[0] == 10_240
    finally:
        for s in stores:
            s.close()


def at_once(postgres, act, n: int = 8) -> list:
    """`act(store)` from n threads over two instances (stores) on one PostgreSQL database, released together by a
    barrier; what each returned or raised."""
    url = postgres.create_database()
    stores = [Store(url, DEMO_CARD, clock=Clock()) for _ in range(2)]  # one still moment: waits are whole minutes
    try:
        barrier, results = threading.Barrier(n), []

        def run(store):
            barrier.wait()
            try:
                results.append(act(store))
            except Exception as exc:  # noqa: BLE001 - compared below
                results.append(type(exc).__name__)

        threads = [threading.Thread(target=run, args=(stores[i % 2],)) for i in range(n)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(60)
        return results
    finally:
        for s in stores:
            s.close()


def test_accounts_created_at_once_by_two_instances_keep_the_rate(postgres):
    """The accounts' advisory lock: without it (STORE_TEST_UNLOCK=accounts) transactions at READ COMMITTED each
    count the same two earlier accounts and more than three are made."""
    results = at_once(postgres, lambda store: Accounts(store, KeyBox("k"), AccountLimits(rate=3)).create("10.0.0.9")
                      and "made")
    assert sorted(results) == ["RateLimited"] * 5 + ["made"] * 3


def test_failed_token_checks_at_once_on_two_instances_keep_the_count(postgres):
    """The failed token checks' advisory lock: without it (STORE_TEST_UNLOCK=tokens) more than three are counted."""
    results = at_once(postgres, lambda store: store.token_failed("10.0.0.9", 3))
    assert sorted(results) == [0, 0, 0, 60, 60, 60, 60, 60]
