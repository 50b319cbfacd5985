"""Sandbox accounts in the store: the sealed key, the token, idle expiry, the account cap, the log's bounds; on
SQLite and on PostgreSQL (the `database_url` fixture)."""

import pytest

from sandbox.accounts import AccountLimits, Accounts, KeyBox, token_hash
from sandbox.rules import FALLBACK_CARD
from store.store import RateLimited, Store


class Clock:
    def __init__(self):
        self.now = 1_000_000.0

    def __call__(self):
        return self.now


@pytest.fixture
def clock():
    return Clock()


@pytest.fixture
def store(database_url, clock):
    store = Store(database_url, {"id": 1461665, **FALLBACK_CARD}, clock=clock)
    yield store
    store.close()


def accounts(store, **limits) -> Accounts:
    return Accounts(store, KeyBox("secret"), AccountLimits(**limits))


def test_key_sealed_and_opened_only_with_the_same_secret():
    sealed = KeyBox("secret").seal("B17F59B4-A7DC-41B4-8FF9-37D986B43D20")
    assert "B17F59B4" not in sealed
    assert KeyBox("secret").open(sealed) == "B17F59B4-A7DC-41B4-8FF9-37D986B43D20"
    assert KeyBox("another").open(sealed) is None


def test_token_hash_is_sha256_hex():
    assert token_hash("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"


def test_account_found_by_id_and_token_only(store, clock):
    book = accounts(store)
    account, token = book.create("10.0.0.1")
    assert book.by_token(account.id, token) == account
    assert book.by_token(account.id, token + "x") is None
    assert book.by_token("999999", token) is None
    with book.store.reading() as tx:
        assert book.by_target(account.groupid, tx) == account


def test_idle_account_expires_a_use_keeps_it(store, clock):
    book = accounts(store, idle=100.0)
    account, token = book.create("10.0.0.1")
    clock.now += 99
    assert book.by_token(account.id, token) is not None  # used: idle counts from here
    clock.now += 99
    assert book.by_token(account.id, token) is not None
    clock.now += 100
    assert book.by_token(account.id, token) is None


def test_the_least_recently_used_account_makes_room(store, clock):
    book = accounts(store, accounts=2, rate=100)
    first, token1 = book.create("a")
    clock.now += 1
    second, token2 = book.create("b")
    clock.now += 1
    book.create("c")
    assert book.by_token(first.id, token1) is None and book.by_token(second.id, token2) is not None


def test_creation_rate_per_address(store, clock):
    book = accounts(store, rate=2)
    book.create("a")
    book.create("a")
    book.create("b")
    with pytest.raises(RateLimited) as exc:
        book.create("a")
    assert exc.value.retry_after == 60
    clock.now += 60
    book.create("a")


def test_log_keeps_the_newest_entries_for_the_ttl(store, clock):
    book = accounts(store, entries=2, ttl=50.0)
    account, _ = book.create("a")
    for n in range(3):
        book.record(account.id, {"kind": "request", "n": n})
    assert [e["n"] for e in book.entries(account.id)[0]] == [2, 1]
    clock.now += 50
    assert book.entries(account.id) == ([], False)
