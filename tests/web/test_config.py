import pytest

from app import create_app
from config import ConfigError, secret_key


@pytest.mark.parametrize("value, expected", [("1", True), ("yes", True), ("on", True), ("true", True),
                                             ("0", False), ("no", False), ("off", False), ("false", False)])
def test_boolean_settings_from_env(monkeypatch, value, expected):
    monkeypatch.setenv("FLASK_ALLOW_PRODUCTION", value)
    assert create_app({"SECRET_KEY": "x"}).config["ALLOW_PRODUCTION"] is expected


def test_bad_boolean_stops_startup(monkeypatch):
    monkeypatch.setenv("FLASK_ALLOW_PRODUCTION", "maybe")
    with pytest.raises(ConfigError) as exc:
        create_app({"SECRET_KEY": "x"})
    assert str(exc.value) == "ALLOW_PRODUCTION must be one of 1/true/yes/on or 0/false/no/off, got 'maybe'."


def test_bad_timeout_stops_startup():
    with pytest.raises(ConfigError) as exc:
        create_app({"SECRET_KEY": "x", "SEND_TIMEOUT": "soon"})
    assert str(exc.value) == "SEND_TIMEOUT must be a number of seconds, got 'soon'."


def test_test_config_overrides_env(monkeypatch):
    monkeypatch.setenv("FLASK_SEND_TIMEOUT", "5")
    assert create_app({"SECRET_KEY": "x"}).config["SEND_TIMEOUT"] == 5.0
    assert create_app({"SECRET_KEY": "x", "SEND_TIMEOUT": 2}).config["SEND_TIMEOUT"] == 2.0


def test_secret_key_generated_once_and_shared(tmp_path):
    first = secret_key(str(tmp_path / "instance"))
    assert len(first) == 64
    assert secret_key(str(tmp_path / "instance")) == first
    assert (tmp_path / "instance" / "secret_key").stat().st_mode & 0o777 == 0o600


def test_bad_callback_host_stops_startup(monkeypatch):
    monkeypatch.setenv("FLASK_CALLBACK_HOSTS", "shop.example.com, https://localhost:8000")
    with pytest.raises(ConfigError) as exc:
        create_app({"SECRET_KEY": "x"})
    assert str(exc.value) == ("CALLBACK_HOSTS entry 'https://localhost:8000': write host or host:port, without a "
                              "scheme or path")


def test_callback_hosts_from_env(monkeypatch):
    monkeypatch.setenv("FLASK_CALLBACK_HOSTS", "shop.example.com, localhost:8000")
    app = create_app({"SECRET_KEY": "x"})
    assert app.extensions["callback_policy"].entries == {("shop.example.com", None), ("localhost", 8000)}


def test_response_body_limit_setting(monkeypatch):
    monkeypatch.setenv("FLASK_RESPONSE_BODY_LIMIT", "2048")
    assert create_app({"SECRET_KEY": "x"}).config["RESPONSE_BODY_LIMIT"] == 2048
    with pytest.raises(ConfigError) as exc:
        create_app({"SECRET_KEY": "x", "RESPONSE_BODY_LIMIT": "1 MB"})
    assert str(exc.value) == "RESPONSE_BODY_LIMIT must be a whole number of bytes more than 0, got '1 MB'."


# -- the database: DATABASE_URL, its older name SANDBOX_DATABASE, the pool, the instance folder -------------

def test_database_url_sqlite_spelling(tmp_path):
    app = create_app({"SECRET_KEY": "x", "DATABASE_URL": f"sqlite:///{tmp_path}/team.db"})
    assert app.extensions["sandbox"].store.path == f"{tmp_path}/team.db"
    assert (tmp_path / "team.db").exists()


def test_sandbox_database_is_a_synonym(tmp_path, monkeypatch):
    monkeypatch.setenv("FLASK_SANDBOX_DATABASE", str(tmp_path / "old-name.db"))
    assert create_app({"SECRET_KEY": "x"}).extensions["sandbox"].store.path == str(tmp_path / "old-name.db")


def test_instance_path_moves_the_default_database(tmp_path, monkeypatch):
    monkeypatch.setenv("FLASK_INSTANCE_PATH", str(tmp_path / "one"))
    app = create_app({"SECRET_KEY": "x"})
    assert (app.instance_path, app.extensions["sandbox"].store.path) == (
        str(tmp_path / "one"), str(tmp_path / "one" / "sandbox.db"))


@pytest.mark.parametrize("settings, message", [
    ({"DATABASE_URL": "mysql://app:s3cret@db/paynet"},
     "DATABASE_URL must be sqlite:///path (or a file path) or postgresql://user:password@host/database, got "
     "'mysql://app:***@db/paynet'."),
    ({"DATABASE_URL": "sqlite://x.db"},
     "DATABASE_URL must be sqlite:///path (or a file path) or postgresql://user:password@host/database, got "
     "'sqlite://x.db'."),
    ({"DATABASE_URL": "postgresql://app:s3cret@db/paynet", "SANDBOX_DATABASE": "/tmp/x.db"},
     "DATABASE_URL and SANDBOX_DATABASE (its older name) name different databases, "
     "'postgresql://app:***@db/paynet' and '/tmp/x.db': set one."),
    ({"DATABASE_POOL_SIZE": "0"}, "DATABASE_POOL_SIZE must be a whole number from 1 to 999999999, got '0'."),
    ({"CALLBACK_WORKERS": "0"}, "CALLBACK_WORKERS must be a whole number from 1 to 999999999, got '0'."),
    ({"CALLBACK_QUEUE": "many"}, "CALLBACK_QUEUE must be a whole number from 1 to 999999999, got 'many'."),
])
def test_bad_database_settings_stop_startup(settings, message):
    with pytest.raises(ConfigError) as exc:
        create_app({"SECRET_KEY": "x", **settings})
    assert str(exc.value) == message


def test_postgresql_pool_size_from_settings(postgres):
    app = create_app({"SECRET_KEY": "x", "DATABASE_URL": postgres.create_database(), "DATABASE_POOL_SIZE": "3"})
    store = app.extensions["sandbox"].store
    try:
        assert (store.path, store.backend.engine.pool.size()) == (None, 3)
    finally:
        store.close()
