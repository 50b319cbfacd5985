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
