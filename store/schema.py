"""The store's schema, one numbered list of migrations per engine. Both lists have the same versions: version N
means the same tables on SQLite and on PostgreSQL. Never edit a released version: add the next one."""

# Version 1 is the schema from before versioning, verbatim: IF NOT EXISTS makes it a no-op on such a
# database, so it upgrades in place. Never edit a released version: add the next one.
SQLITE_MIGRATIONS = {
    1: """
CREATE TABLE IF NOT EXISTS orders (
    id INTEGER PRIMARY KEY AUTOINCREMENT, client_orderid TEXT NOT NULL, command TEXT NOT NULL,
    kind TEXT NOT NULL, amount TEXT NOT NULL, currency TEXT NOT NULL, form_token TEXT, redirect_url TEXT,
    callback_url TEXT, notify_url TEXT, bin TEXT, last4 TEXT, holder TEXT, exp_month TEXT, exp_year TEXT,
    threeds INTEGER NOT NULL DEFAULT 0, paid INTEGER NOT NULL DEFAULT 1, created REAL NOT NULL);
CREATE TABLE IF NOT EXISTS transactions (
    id INTEGER PRIMARY KEY AUTOINCREMENT, order_id INTEGER NOT NULL, type TEXT NOT NULL, amount TEXT NOT NULL,
    final_status TEXT NOT NULL, ready INTEGER NOT NULL DEFAULT 0, created REAL NOT NULL);
CREATE TABLE IF NOT EXISTS card_refs (
    id INTEGER PRIMARY KEY, order_id INTEGER, bin TEXT, last4 TEXT, holder TEXT, exp_month TEXT, exp_year TEXT);
CREATE TABLE IF NOT EXISTS serials (n INTEGER PRIMARY KEY AUTOINCREMENT, at REAL);
CREATE TABLE IF NOT EXISTS deliveries (
    id INTEGER PRIMARY KEY AUTOINCREMENT, order_id INTEGER, url TEXT NOT NULL, outcome TEXT NOT NULL,
    request TEXT, created REAL NOT NULL);
CREATE TABLE IF NOT EXISTS inbox (
    id INTEGER PRIMARY KEY AUTOINCREMENT, method TEXT, url TEXT, headers TEXT, body TEXT, raw TEXT,
    created REAL NOT NULL);
""",
    2: """
CREATE TABLE inboxes (token TEXT PRIMARY KEY, client TEXT NOT NULL, created REAL NOT NULL, seen REAL NOT NULL);
CREATE INDEX inboxes_seen ON inboxes (seen);
CREATE INDEX inboxes_client ON inboxes (client, created);
ALTER TABLE inbox ADD COLUMN token TEXT;
ALTER TABLE inbox ADD COLUMN note TEXT;
CREATE INDEX inbox_token ON inbox (token, id);
CREATE INDEX inbox_created ON inbox (created);
ALTER TABLE deliveries ADD COLUMN inbox TEXT;
CREATE INDEX deliveries_inbox ON deliveries (inbox, id);
CREATE INDEX deliveries_order ON deliveries (order_id, id);
""",
    3: """
CREATE TABLE accounts (
    id TEXT PRIMARY KEY, token_hash TEXT NOT NULL, login TEXT NOT NULL, endpointid TEXT NOT NULL UNIQUE,
    groupid TEXT NOT NULL UNIQUE, sealed_key TEXT NOT NULL, callback_hosts TEXT NOT NULL, client TEXT NOT NULL,
    created REAL NOT NULL, seen REAL NOT NULL);
CREATE INDEX accounts_seen ON accounts (seen);
CREATE INDEX accounts_client ON accounts (client, created);
CREATE TABLE inspector (
    id INTEGER PRIMARY KEY AUTOINCREMENT, account TEXT NOT NULL, kind TEXT NOT NULL, entry TEXT NOT NULL,
    created REAL NOT NULL);
CREATE INDEX inspector_account ON inspector (account, id);
CREATE INDEX inspector_created ON inspector (created);
ALTER TABLE orders ADD COLUMN account TEXT NOT NULL DEFAULT '';
ALTER TABLE card_refs ADD COLUMN account TEXT NOT NULL DEFAULT '';
CREATE INDEX orders_account ON orders (account, client_orderid, id);
""",
    4: """
ALTER TABLE inbox ADD COLUMN size INTEGER NOT NULL DEFAULT 0;
UPDATE inbox SET size = LENGTH(CAST(COALESCE(method, '') AS BLOB)) + LENGTH(CAST(COALESCE(url, '') AS BLOB))
    + LENGTH(CAST(COALESCE(headers, '') AS BLOB)) + LENGTH(CAST(COALESCE(body, '') AS BLOB))
    + LENGTH(CAST(COALESCE(raw, '') AS BLOB)) + LENGTH(CAST(COALESCE(note, '') AS BLOB));
CREATE INDEX inbox_bytes ON inbox (token, id, size, created);
DROP INDEX inbox_token;
ALTER TABLE inspector ADD COLUMN size INTEGER NOT NULL DEFAULT 0;
UPDATE inspector SET size = LENGTH(CAST(kind AS BLOB)) + LENGTH(CAST(entry AS BLOB));
CREATE INDEX inspector_bytes ON inspector (account, id, size, created);
DROP INDEX inspector_account;
CREATE TABLE token_failures (id INTEGER PRIMARY KEY AUTOINCREMENT, client TEXT NOT NULL, at REAL NOT NULL);
CREATE INDEX token_failures_client ON token_failures (client, at);
CREATE INDEX token_failures_at ON token_failures (at);
""",
}
# The same tables on PostgreSQL. Ids come from identity columns and sequences (increasing, never handed out
# twice, whatever the number of instances); the indexes serve the follow-up lookups and the row locks.
# Version 4: each inbox and inspector entry's stored bytes (`size`, in an index with the id so a byte budget is
# a SUM over the index, never a read of the bodies), and the failed token checks behind TOKEN_FAILURE_RATE.
POSTGRES_MIGRATIONS = {
    1: """
CREATE TABLE orders (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY, client_orderid TEXT NOT NULL, command TEXT NOT NULL,
    kind TEXT NOT NULL, amount TEXT NOT NULL, currency TEXT NOT NULL, form_token TEXT, redirect_url TEXT,
    callback_url TEXT, notify_url TEXT, bin TEXT, last4 TEXT, holder TEXT, exp_month TEXT, exp_year TEXT,
    threeds INTEGER NOT NULL DEFAULT 0, paid INTEGER NOT NULL DEFAULT 1, created DOUBLE PRECISION NOT NULL);
CREATE INDEX orders_client ON orders (client_orderid, id);
CREATE INDEX orders_token ON orders (form_token);
CREATE TABLE transactions (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY, order_id BIGINT NOT NULL, type TEXT NOT NULL,
    amount TEXT NOT NULL, final_status TEXT NOT NULL, ready INTEGER NOT NULL DEFAULT 0,
    created DOUBLE PRECISION NOT NULL);
CREATE INDEX transactions_order ON transactions (order_id, id);
CREATE TABLE card_refs (
    id BIGINT PRIMARY KEY, order_id BIGINT, bin TEXT, last4 TEXT, holder TEXT, exp_month TEXT, exp_year TEXT);
CREATE SEQUENCE card_ref_ids START 2000001;
CREATE SEQUENCE serial_numbers;
CREATE TABLE deliveries (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY, order_id BIGINT, url TEXT NOT NULL, outcome TEXT NOT NULL,
    request TEXT, created DOUBLE PRECISION NOT NULL);
CREATE TABLE inbox (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY, method TEXT, url TEXT, headers TEXT, body TEXT, raw TEXT,
    created DOUBLE PRECISION NOT NULL);
""",
    2: """
CREATE TABLE inboxes (token TEXT PRIMARY KEY, client TEXT NOT NULL, created DOUBLE PRECISION NOT NULL,
    seen DOUBLE PRECISION NOT NULL);
CREATE INDEX inboxes_seen ON inboxes (seen);
CREATE INDEX inboxes_client ON inboxes (client, created);
ALTER TABLE inbox ADD COLUMN token TEXT;
ALTER TABLE inbox ADD COLUMN note TEXT;
CREATE INDEX inbox_token ON inbox (token, id);
CREATE INDEX inbox_created ON inbox (created);
ALTER TABLE deliveries ADD COLUMN inbox TEXT;
CREATE INDEX deliveries_inbox ON deliveries (inbox, id);
CREATE INDEX deliveries_order ON deliveries (order_id, id);
""",
    3: """
CREATE TABLE accounts (
    id TEXT PRIMARY KEY, token_hash TEXT NOT NULL, login TEXT NOT NULL, endpointid TEXT NOT NULL UNIQUE,
    groupid TEXT NOT NULL UNIQUE, sealed_key TEXT NOT NULL, callback_hosts TEXT NOT NULL, client TEXT NOT NULL,
    created DOUBLE PRECISION NOT NULL, seen DOUBLE PRECISION NOT NULL);
CREATE INDEX accounts_seen ON accounts (seen);
CREATE INDEX accounts_client ON accounts (client, created);
CREATE TABLE inspector (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY, account TEXT NOT NULL, kind TEXT NOT NULL,
    entry TEXT NOT NULL, created DOUBLE PRECISION NOT NULL);
CREATE INDEX inspector_account ON inspector (account, id);
CREATE INDEX inspector_created ON inspector (created);
ALTER TABLE orders ADD COLUMN account TEXT NOT NULL DEFAULT '';
ALTER TABLE card_refs ADD COLUMN account TEXT NOT NULL DEFAULT '';
CREATE INDEX orders_account ON orders (account, client_orderid, id);
""",
    4: """
ALTER TABLE inbox ADD COLUMN size BIGINT NOT NULL DEFAULT 0;
UPDATE inbox SET size = octet_length(COALESCE(method, '')) + octet_length(COALESCE(url, ''))
    + octet_length(COALESCE(headers, '')) + octet_length(COALESCE(body, '')) + octet_length(COALESCE(raw, ''))
    + octet_length(COALESCE(note, ''));
CREATE INDEX inbox_bytes ON inbox (token, id, size, created);
DROP INDEX inbox_token;
ALTER TABLE inspector ADD COLUMN size BIGINT NOT NULL DEFAULT 0;
UPDATE inspector SET size = octet_length(kind) + octet_length(entry);
CREATE INDEX inspector_bytes ON inspector (account, id, size, created);
DROP INDEX inspector_account;
CREATE TABLE token_failures (id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY, client TEXT NOT NULL,
    at DOUBLE PRECISION NOT NULL);
CREATE INDEX token_failures_client ON token_failures (client, at);
CREATE INDEX token_failures_at ON token_failures (at);
""",
}
assert POSTGRES_MIGRATIONS.keys() == SQLITE_MIGRATIONS.keys(), "a version must exist for both engines"
