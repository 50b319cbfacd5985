"""The store's private inboxes (the tool's own callback receivers, one per browser) and the count of failed token
checks behind TOKEN_FAILURE_RATE, kept through the store it is built with. Every inbox entry carries its stored bytes
(`size`), so the byte budgets are sums over an index, enforced in the transaction that inserts."""

import json
import math
import re
import secrets
from dataclasses import dataclass

from sqlalchemy import case, delete, func, insert, select, update

from store import tables as t

# Header names that carry credentials: replaced by DROPPED before anything is stored.
CREDENTIAL_HEADER = re.compile(r"cookie|authorization|.*-key|.*-token|.*-secret|.*auth.*", re.IGNORECASE)
DROPPED = "[dropped]"
ENTRY_OVERHEAD = 1024  # bytes of an entry besides its target, headers and body: the method, notes and relay report
RELAY_BODY = 512  # bytes kept of a relay report's body: with the method (16) and the notes (< 250), within the above
REPLY_BYTES = 1024 * 1024  # of JSON per listing (at least one entry, so the cursor always moves)
FAILURES_KEPT = 100_000  # failed token checks remembered in all, whatever the number of addresses


@dataclass(frozen=True)
class InboxLimits:
    """The bounds of the private inboxes (config: INBOX_*, INBOXES_MAX_BYTES)."""

    body: int = 64 * 1024  # bytes kept of a received body (and of its request target, and of its headers)
    entries: int = 200  # per inbox; the oldest are dropped
    ttl: float = 24 * 3600.0  # seconds: older entries, and inboxes idle that long, are dropped
    inboxes: int = 1000  # in all; the least recently used one makes room
    rate: int = 10  # inboxes issued per client address per minute
    bytes: int = 4 * 1024 * 1024  # stored per inbox; the oldest entries are dropped
    total: int = 256 * 1024 * 1024  # stored in all; the oldest entries of the least recently used inboxes go

    def max_entry(self) -> int:
        """The most one entry can store: target, headers and body each cut at `body` bytes."""
        return 3 * self.body + ENTRY_OVERHEAD


class RateLimited(Exception):
    def __init__(self, retry_after: int):
        super().__init__(f"retry after {retry_after} s")
        self.retry_after = retry_after


def stored_bytes(*texts) -> int:
    """The bytes these texts take in the database (UTF-8; NUL is stored as U+FFFD, see tables.Str)."""
    return sum(len(t.replace("\x00", "\ufffd").encode("utf-8", "replace")) for t in texts if t)


def keep_newest(rows, count: int, budget: int) -> int | None:
    """`rows` (id, size) newest first: the id from which older ones go so that at most `count` rows and `budget`
    bytes stay (the newest always stays), or None when all fit."""
    used = 0
    for n, row in enumerate(rows):
        used += row["size"]
        if n >= count or (n and used > budget):
            return row["id"]
    return None


def _wait(times: list[float], rate: int, now: float, window: float = 60.0) -> int:
    """Seconds until fewer than `rate` of `times` (ascending) fall in the window; 0 when already so."""
    if len(times) < rate:
        return 0
    return max(1, math.ceil(times[len(times) - rate] + window - now))


class Inboxes:
    """The inboxes' part of the store: reads and writes through `store`'s transactions, clock and limits."""

    def __init__(self, store):
        self.store = store

    def issue_inbox(self, client: str) -> str:
        """A new inbox for `client` (an address), or RateLimited; the least recently used one makes room."""
        now, limits = self.store.clock(), self.store.limits
        with self.store.transaction() as tx:
            tx.serialise("inboxes")  # the rate and the count hold across instances
            tx.purge(now - limits.ttl)
            i = t.inboxes.c
            recent = tx.db.execute(select(i.created).where(i.client == client, i.created > now - 60)
                                   .order_by(i.created)).scalars().all()
            if len(recent) >= limits.rate:
                raise RateLimited(max(1, math.ceil(recent[0] + 60 - now)))
            extra = tx.db.execute(select(func.count()).select_from(t.inboxes)).scalar_one() - limits.inboxes + 1
            for token in tx.db.execute(select(i.token).order_by(i.seen, i.created).limit(max(extra, 0))).scalars():
                tx.drop_inbox(token)
            token = secrets.token_urlsafe(24)  # 192 bits
            tx.db.execute(insert(t.inboxes).values(token=token, client=client, created=now, seen=now))
        return token

    def inbox_known(self, token: str) -> bool:
        """Whether the inbox exists (and is not idle past the TTL); a use keeps it alive."""
        now = self.store.clock()
        with self.store.reading() as tx:
            row = tx.row(select(t.inboxes.c.seen).where(t.inboxes.c.token == token))
        if row is None or row["seen"] <= now - self.store.limits.ttl:
            return False
        if row["seen"] < now - 60:  # written at most once a minute: polls stay reads
            with self.store.transaction() as tx:
                i = t.inboxes.c
                tx.db.execute(update(t.inboxes).where(i.token == token, i.seen < now).values(seen=now))
        return True

    def receive(self, token: str, method: str, target: str, headers: list, body: str) -> int | None:
        """Keep a received request in its inbox: credentials dropped, target, headers and body cut to the limit,
        the inbox and the server kept within their byte budgets; None when there is no such inbox."""
        now, limits = self.store.clock(), self.store.limits
        headers = [(k, DROPPED if CREDENTIAL_HEADER.fullmatch(k) else v) for k, v in headers]
        target, target_note = _cut(target, limits.body, "The request target")
        body, body_note = _cut(body, limits.body, "The body")
        headers, headers_note = _cut_headers(headers, limits.body)
        method, head = method[:16], json.dumps(headers)
        note = " ".join(filter(None, (target_note, headers_note, body_note))) or None
        with self.store.transaction() as tx:
            tx.serialise("inboxes")  # trimming to the bounds holds across instances
            tx.purge(now - limits.ttl)
            if tx.db.execute(update(t.inboxes).where(t.inboxes.c.token == token).values(seen=now)).rowcount == 0:
                return None
            # raw is not stored: it is the other columns put together (inbox_entries), half the bytes.
            e = t.inbox.c
            entry = tx.db.execute(insert(t.inbox).values(
                token=token, method=method, url=target, headers=head, body=body, note=note, created=now,
                size=stored_bytes(method, target, head, body, note)).returning(e.id)).scalar_one()
            self._trim(tx, token)
        return entry

    def _trim(self, tx, token: str) -> None:
        """The inbox, then the server, back within their bounds after an entry grew or arrived."""
        e = t.inbox.c
        rows = tx.rows(select(e.id, e.size).where(e.token == token).order_by(e.id.desc()))
        cutoff = keep_newest(rows, self.store.limits.entries, self.store.limits.bytes)
        if cutoff is not None:
            tx.db.execute(delete(t.inbox).where(e.token == token, e.id <= cutoff))
        self._trim_server(tx, token)

    def _trim_server(self, tx, token: str) -> None:
        """Over INBOXES_MAX_BYTES: the oldest entries of the least recently used inboxes go first (the receiving
        one last; it is within its own budget, which the server's is not smaller than)."""
        e, i = t.inbox.c, t.inboxes.c
        excess = (tx.db.execute(select(func.sum(e.size))).scalar() or 0) - self.store.limits.total
        if excess <= 0:
            return
        for other in tx.db.execute(select(i.token).order_by(case((i.token == token, 1), else_=0), i.seen, i.created)
                                   ).scalars().all():
            last = None
            for row in tx.rows(select(e.id, e.size).where(e.token == other).order_by(e.id)):
                if excess <= 0:
                    break
                excess, last = excess - row["size"], row["id"]
            if last is not None:
                tx.db.execute(delete(t.inbox).where(e.token == other, e.id <= last))
            if excess <= 0:
                return

    def newest_entry(self, token: str) -> int:
        """The id of the inbox's newest entry (0: none): what arrives later has a greater one."""
        with self.store.reading() as tx:
            return tx.db.execute(select(func.max(t.inbox.c.id)).where(t.inbox.c.token == token)).scalar() or 0

    def inbox_entries(self, token: str, after: int = 0) -> tuple[list[dict], bool]:
        """What one inbox received after entry `after`, oldest first, at most REPLY_BYTES of JSON (but at least
        one entry); (entries, whether more are waiting)."""
        since = self.store.clock() - self.store.limits.ttl
        with self.store.reading() as tx:
            e = t.inbox.c
            sizes = tx.rows(select(e.id, e.size).where(e.token == token, e.id > after, e.created > since)
                            .order_by(e.id).limit(self.store.limits.entries))
            if not sizes:
                return [], False
            used, last = 0, sizes[0]["id"]
            for row in sizes[1:]:  # the stored bytes: what is worth reading at all
                used += row["size"]
                if used > REPLY_BYTES:
                    break
                last = row["id"]
            rows = tx.rows(select(e.id, e.method, e.url, e.headers, e.body, e.raw, e.note, e.created)
                           .where(e.token == token, e.id > after, e.id <= last, e.created > since).order_by(e.id))
        entries, used = [], 0
        for row in rows:
            headers = json.loads(row["headers"])
            entry = dict(row) | {"headers": headers, "raw": row["raw"] or _raw(row, headers)}
            used += len(json.dumps(entry))  # escaped as a reply escapes it (ensure_ascii)
            if entries and used > REPLY_BYTES:
                return entries, True
            entries.append(entry)
        return entries, bool(entries) and entries[-1]["id"] != sizes[-1]["id"]  # ([]: dropped meanwhile)

    # -- relay reports: what the merchant's local handler answered when relay.py replayed an entry there ---------

    def relay_report(self, token: str, entry_id: int, status: int | None, body: str) -> dict | None:
        """Keep relay.py's report with its entry, replacing an earlier one: the local handler's HTTP status (None:
        no answer, and `body` says why) and its body cut to RELAY_BODY bytes; None when the inbox has no such
        entry. The entry's size counts the report, and the budgets hold as when an entry arrives."""
        now = self.store.clock()
        body = _cut(body, RELAY_BODY, "")[0]
        with self.store.transaction() as tx:
            # Serial numbers are taken and committed in one order, so the listing's cursor (relays) skips none.
            tx.serialise("inboxes")
            e = t.inbox.c
            row = tx.row(select(e.size, e.relay_body).where(e.token == token, e.id == entry_id,
                                                            e.created > now - self.store.limits.ttl))
            if row is None:
                return None
            size = row["size"] - stored_bytes(row["relay_body"]) + stored_bytes(body)
            tx.db.execute(update(t.inbox).where(e.id == entry_id).values(
                relay_status=status, relay_body=body, relay_serial=tx.backend.next_serial(tx.db, now), size=size))
            self._trim(tx, token)
        return {"status": status, "body": body}

    def relayed(self, token: str, entry_id: int) -> dict | None:
        """An entry's relay report, {"status", "body"}, or None (no such entry, or not relayed yet)."""
        found = self.relays(token, entry=entry_id)
        return {"status": found[0]["status"], "body": found[0]["body"]} if found else None

    def relays(self, token: str, after: int = 0, entry: int | None = None) -> list[dict]:
        """The inbox's relay reports made after report `after` (their serial numbers), oldest first: {"id" (the
        entry's), "status", "body", "serial"}; at most one per entry, so at most INBOX_MAX_ENTRIES."""
        since = self.store.clock() - self.store.limits.ttl
        e = t.inbox.c
        query = select(e.id, e.relay_status.label("status"), e.relay_body.label("body"), e.relay_serial.label(
            "serial")).where(e.token == token, e.relay_serial > after, e.created > since)
        with self.store.reading() as tx:
            rows = tx.rows((query if entry is None else query.where(e.id == entry)).order_by(e.relay_serial)
                           .limit(self.store.limits.entries))
        return [dict(row) for row in rows]

    # -- failed token checks (inspector Bearer tokens, inbox tokens), per client address -----------------

    def token_wait(self, client: str, rate: int) -> int:
        """Seconds `client` must wait before a token of theirs is checked again (0: go ahead); a read."""
        now = self.store.clock()
        with self.store.reading() as tx:
            return _wait(self._failures(tx, client, now), rate, now)

    def token_failed(self, client: str, rate: int) -> int:
        """Count a failed token check of `client`; when they were already at `rate` a minute it is not counted and
        the wait is returned instead (0: counted)."""
        now = self.store.clock()
        with self.store.transaction() as tx:
            tx.serialise("tokens")  # the count holds across instances
            f = t.token_failures.c
            tx.db.execute(delete(t.token_failures).where(f.at <= now - 60))
            newest = select(func.max(f.id)).scalar_subquery()
            tx.db.execute(delete(t.token_failures).where(f.id <= newest - FAILURES_KEPT))
            wait = _wait(self._failures(tx, client, now), rate, now)
            if not wait:
                tx.db.execute(insert(t.token_failures).values(client=client, at=now))
        return wait

    @staticmethod
    def _failures(tx, client: str, now: float) -> list[float]:
        f = t.token_failures.c
        return list(tx.db.execute(select(f.at).where(f.client == client, f.at > now - 60).order_by(f.at)).scalars())


def _cut(text: str, limit: int, what: str) -> tuple[str, str]:
    data = text.encode("utf-8", "replace")
    if len(data) <= limit:
        return data.decode("utf-8"), ""
    kept = data[:limit].decode("utf-8", "ignore")  # never half a character
    return kept, f"{what} was cut to its first {limit} bytes of {len(data)}."


def _cut_headers(headers: list, limit: int) -> tuple[list, str]:
    """The first headers whose JSON (as stored) fits in `limit` bytes."""
    used = 2  # []
    for n, pair in enumerate(headers):
        used += len(json.dumps(pair)) + 2 * bool(n)  # ", " between two
        if used > limit:
            return headers[:n], f"The headers were cut to the first {n} of {len(headers)} ({limit} bytes)."
    return headers, ""


def _raw(row, headers: list) -> str:
    """The request as received, put together from what is stored (NUL kept as U+FFFD, as in the other columns)."""
    lines = [f"{row['method']} {row['url']} HTTP/1.1", *(f"{k}: {v}" for k, v in headers), "", row["body"]]
    return "\r\n".join(lines).replace("\x00", "\ufffd")
