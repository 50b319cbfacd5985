"""Sandbox accounts: credentials the tool issues to a merchant's own integration, their inspector log, and the
key kept encrypted (Fernet, its key derived from SECRET_KEY by HKDF): the sandbox needs the key itself to
check controls, since the key is appended to the string to sign and a hash of it cannot serve."""

import base64
import hashlib
import hmac
import json
import math
import secrets
import uuid
from dataclasses import dataclass

from cryptography.fernet import Fernet, InvalidToken
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from sqlalchemy import delete, func, insert, or_, select, update

from store import tables as t
from store.inboxes import REPLY_BYTES, keep_newest, stored_bytes
from store.store import RateLimited, Store


@dataclass(frozen=True)
class AccountLimits:
    """The bounds of sandbox accounts and their inspector logs (config: SANDBOX_ACCOUNT_*, INSPECTOR_*)."""

    idle: float = 7 * 24 * 3600.0  # seconds idle before an account is dropped
    accounts: int = 1000  # in all; the least recently used one makes room
    rate: int = 5  # accounts created per client address per minute
    entries: int = 500  # inspector entries per account; the oldest are dropped
    ttl: float = 24 * 3600.0  # seconds an inspector entry is kept
    body: int = 64 * 1024  # bytes kept of a request's or response's body
    bytes: int = 4 * 1024 * 1024  # stored per account; the oldest entries are dropped


@dataclass(frozen=True)
class Account:
    """What the sandbox needs to play one merchant (the demo account has id "")."""

    id: str
    login: str
    endpointid: str
    groupid: str
    merchant_control: str
    callback_hosts: tuple = ()
    public_key: str = ""  # v4: the SPKI PEM it registered ("" until then)


class KeyBox:
    """Encrypts account keys with a key derived from the app's SECRET_KEY (a changed SECRET_KEY makes the
    stored accounts unreadable: they are then treated as gone)."""

    def __init__(self, secret: str):
        derived = HKDF(algorithm=hashes.SHA256(), length=32, salt=None,
                       info=b"paynet-tool sandbox account keys v1").derive(secret.encode())
        self.fernet = Fernet(base64.urlsafe_b64encode(derived))

    def seal(self, key: str) -> str:
        return self.fernet.encrypt(key.encode()).decode()

    def open(self, sealed: str) -> str | None:
        try:
            return self.fernet.decrypt(sealed.encode()).decode()
        except InvalidToken:
            return None


def token_hash(token: str) -> str:
    """Only a hash of the account token is stored: the database alone does not open an inspector."""
    return hashlib.sha256(token.encode("utf-8", "replace")).hexdigest()


class Accounts:
    """Accounts and their inspector logs in the shared store (so every worker sees the same timeline)."""

    def __init__(self, store: Store, keybox: KeyBox, limits: AccountLimits = AccountLimits()):
        self.store, self.keybox, self.limits = store, keybox, limits

    def create(self, client: str) -> tuple[Account, str]:
        """A fresh account and its token, or RateLimited; the least recently used account makes room."""
        now, limits = self.store.clock(), self.limits
        key, token = str(uuid.uuid4()).upper(), secrets.token_urlsafe(32)  # 256 bits, unrelated to the key
        with self.store.transaction() as tx:
            tx.serialise("accounts")  # the rate and the count hold across instances
            self._purge(tx.db, now)
            a = t.accounts.c
            recent = tx.db.execute(select(a.created).where(a.client == client, a.created > now - 60)
                                   .order_by(a.created)).scalars().all()
            if len(recent) >= limits.rate:
                raise RateLimited(max(1, math.ceil(recent[0] + 60 - now)))
            extra = tx.db.execute(select(func.count()).select_from(t.accounts)).scalar_one() - limits.accounts + 1
            for account_id in tx.db.execute(select(a.id).order_by(a.seen).limit(max(extra, 0))).scalars().all():
                self._drop(tx.db, account_id)
            while True:  # six-digit ids, never the demo's four-digit ones
                endpointid, groupid = str(secrets.randbelow(900_000) + 100_000), str(secrets.randbelow(900_000)
                                                                                     + 100_000)
                ids = (endpointid, groupid)
                taken = tx.db.execute(select(a.id).where(or_(a.endpointid.in_(ids), a.groupid.in_(ids)))).first()
                if endpointid != groupid and not taken:
                    break
            account = Account(endpointid, f"sandbox-{endpointid}", endpointid, groupid, key)
            tx.db.execute(insert(t.accounts).values(
                id=account.id, token_hash=token_hash(token), login=account.login, endpointid=endpointid,
                groupid=groupid, sealed_key=self.keybox.seal(key), callback_hosts="[]", client=client, created=now,
                seen=now))
        return account, token

    def by_target(self, target_id: str, tx) -> Account | None:
        """The account whose end point or group id this is (and which is not idle past its limit), read in the
        request's own transaction."""
        a = t.accounts.c
        row = tx.row(select(t.accounts).where(or_(a.endpointid == target_id, a.groupid == target_id)))
        return self._live(row, tx)

    def by_id(self, account_id: str) -> Account | None:
        with self.store.reading() as tx:
            row = tx.row(select(t.accounts).where(t.accounts.c.id == account_id))
        return self._live(row)

    def by_token(self, account_id: str, token: str) -> Account | None:
        """The account when `token` is its token; None for a wrong token or an unknown account alike."""
        with self.store.reading() as tx:
            row = tx.row(select(t.accounts).where(t.accounts.c.id == account_id))
        if row is None or not hmac.compare_digest(row["token_hash"], token_hash(token)):
            return None
        return self._live(row)

    def _live(self, row, tx=None) -> Account | None:
        now = self.store.clock()
        if row is None or row["seen"] <= now - self.limits.idle:
            return None
        key = self.keybox.open(row["sealed_key"])
        if key is None:
            return None
        a = t.accounts.c
        seen = update(t.accounts).where(a.id == row["id"], a.seen < now).values(seen=now)
        if row["seen"] < now - 60 and tx is not None:  # a request's transaction: at most once a minute
            tx.db.execute(seen)
        elif row["seen"] < now - 60:
            with self.store.transaction() as write:
                write.db.execute(seen)
        return Account(row["id"], row["login"], row["endpointid"], row["groupid"], key,
                       tuple(json.loads(row["callback_hosts"])), row["public_key"] or "")

    def by_login(self, login: str, tx) -> Account | None:
        """The account whose login this is (a v4 request's oauth_consumer_key), in the request's transaction."""
        return self._live(tx.row(select(t.accounts).where(t.accounts.c.login == login)), tx)

    def set_public_key(self, account_id: str, pem: str) -> None:
        """The v4 public key (an SPKI PEM the caller has checked): the account's v4 requests verify with it."""
        with self.store.transaction() as tx:
            tx.db.execute(update(t.accounts).where(t.accounts.c.id == account_id).values(public_key=pem))

    def set_callback_hosts(self, account_id: str, hosts: list[str]) -> None:
        with self.store.transaction() as tx:
            tx.db.execute(update(t.accounts).where(t.accounts.c.id == account_id)
                          .values(callback_hosts=json.dumps(hosts)))

    # -- the inspector log ----------------------------------------------------------------------

    def record(self, account_id: str, entry: dict, tx=None) -> int:
        """Keep one inspector entry (already masked and cut), in `tx` when given (the request's own
        transaction); the oldest beyond the limits are dropped."""
        if tx is None:
            with self.store.transaction() as tx:
                return self.record(account_id, entry, tx)
        now, limits = self.store.clock(), self.limits
        text = json.dumps(entry)
        if stored_bytes(entry["kind"], text) > limits.bytes:
            text = json.dumps(_summary(entry, stored_bytes(entry["kind"], text), limits.bytes))
        self.lock(account_id, tx)  # two instances recording at once keep the account within its bounds
        i = t.inspector.c
        entry_id = tx.db.execute(insert(t.inspector).values(
            account=account_id, kind=entry["kind"], entry=text, created=now,
            size=stored_bytes(entry["kind"], text)).returning(i.id)).scalar_one()
        rows = tx.rows(select(i.id, i.size).where(i.account == account_id).order_by(i.id.desc()))
        cutoff = keep_newest(rows, limits.entries, limits.bytes)
        tx.db.execute(delete(t.inspector).where(i.account == account_id, or_(
            i.created <= now - limits.ttl, i.id <= (0 if cutoff is None else cutoff))))
        return entry_id

    def lock(self, account_id: str, tx) -> None:
        """The account's row locked until `tx` ends: two instances acting for one account take turns."""
        tx.db.execute(tx.locked(select(t.accounts.c.id).where(t.accounts.c.id == account_id)))

    def update(self, account_id: str, entry_id: int, entry: dict) -> None:
        """Rewrite one entry as it grows (a running exam's report: of bounded size, nine cases with cut bodies)."""
        text = json.dumps(entry)
        with self.store.transaction() as tx:
            i = t.inspector.c
            tx.db.execute(update(t.inspector).where(i.account == account_id, i.id == entry_id)
                          .values(entry=text, size=stored_bytes(entry["kind"], text)))

    def kinds_since(self, account_id: str, kind: str, since: float, tx=None) -> list[dict]:
        """The account's entries of one kind created after `since` (a time), oldest first."""
        if tx is None:
            with self.store.reading() as tx:
                return self.kinds_since(account_id, kind, since, tx)
        i = t.inspector.c
        rows = tx.rows(select(i.id, i.entry, i.created).where(i.account == account_id, i.kind == kind,
                                                              i.created > since).order_by(i.id))
        return [json.loads(r["entry"]) | {"id": r["id"], "time": r["created"]} for r in rows]

    def newest_id(self, account_id: str) -> int:
        with self.store.reading() as tx:
            return tx.db.execute(select(func.max(t.inspector.c.id)).where(t.inspector.c.account == account_id)
                                 ).scalar() or 0

    def requests_after(self, account_id: str, after: int) -> list[dict]:
        """The account's request entries after entry `after`: what the merchant sent the sandbox since then."""
        with self.store.reading() as tx:
            i = t.inspector.c
            rows = tx.rows(select(i.entry).where(i.account == account_id, i.kind == "request", i.id > after)
                           .order_by(i.id).limit(self.limits.entries))
        return [json.loads(r["entry"]) for r in rows]

    def entry(self, account_id: str, entry_id: int) -> dict | None:
        with self.store.reading() as tx:
            i = t.inspector.c
            row = tx.row(select(i.id, i.entry, i.created).where(i.account == account_id, i.id == entry_id))
        return None if row is None else json.loads(row["entry"]) | {"id": row["id"], "time": row["created"]}

    def entries(self, account_id: str, after: int = 0) -> tuple[list[dict], bool]:
        """The account's entries after `after` (an id), newest first; at most REPLY_BYTES of them (at least one):
        then the oldest after `after`, and `more` says newer ones wait (ask again after the newest id)."""
        with self.store.reading() as tx:
            i = t.inspector.c
            rows = tx.rows(select(i.id, i.entry, i.created).where(
                i.account == account_id, i.id > after, i.created > self.store.clock() - self.limits.ttl)
                .order_by(i.id).limit(self.limits.entries))
            found, used, more = [], 0, False
            for row in rows:
                used += len(row["entry"])  # stored as JSON, escaped as a reply escapes it
                if found and used > REPLY_BYTES:
                    more = True
                    break
                found.append(json.loads(row["entry"]) | {"id": row["id"], "time": row["created"]})
        return found[::-1], more

    def _purge(self, db, now: float) -> None:
        for account_id in db.execute(select(t.accounts.c.id).where(t.accounts.c.seen <= now - self.limits.idle)
                                     ).scalars().all():
            self._drop(db, account_id)
        db.execute(delete(t.inspector).where(t.inspector.c.created <= now - self.limits.ttl))

    @staticmethod
    def _drop(db, account_id: str) -> None:
        """An account goes with its log, orders, transactions, card references and deliveries."""
        orders = select(t.orders.c.id).where(t.orders.c.account == account_id).scalar_subquery()
        for table in (t.transactions, t.deliveries):
            db.execute(delete(table).where(table.c.order_id.in_(orders)))
        db.execute(delete(t.card_refs).where(t.card_refs.c.account == account_id))
        db.execute(delete(t.orders).where(t.orders.c.account == account_id))
        db.execute(delete(t.inspector).where(t.inspector.c.account == account_id))
        db.execute(delete(t.accounts).where(t.accounts.c.id == account_id))


def _summary(entry: dict, size: int, budget: int) -> dict:
    """What is kept of an entry larger than the account's whole budget: where it went and how it was answered."""
    verdict = entry.get("verdict") or {}
    note = (f"This entry took {size} bytes, more than INSPECTOR_MAX_BYTES ({budget}) allows for the whole account: "
            "only its summary is kept.")
    kept = {k: entry[k] for k in ("order", "params", "retry_in") if k in entry}  # a callback's: small, resendable
    return kept | {"kind": entry["kind"], "method": entry.get("method"), "path": str(entry.get("path"))[:1024],
            "command": entry.get("command"), "answer": entry.get("answer"), "note": note,
            "verdict": {"outcome": verdict.get("outcome"), "stage": verdict.get("stage"),
                        "message": str(verdict.get("message", ""))[:1024], "diagnosis": [], "lint": [],
                        "explanation": note}}
