"""The store: the sandbox's orders, callback inboxes, accounts and rate tables behind one interface, on
SQLite or PostgreSQL (backends), with the schema's migrations; every table bounded in count, age and bytes."""
