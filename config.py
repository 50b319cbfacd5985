"""Configuration: defaults, then FLASK_* environment variables, then the test override."""

import os
import secrets
from pathlib import Path

DEFAULTS = {
    "ALLOW_PRODUCTION": False,
    "SEND_TIMEOUT": 30.0,
    "SEND_DEADLINE": 60.0,
    "ENVIRONMENTS_FILE": None,
    "SANDBOX_DATABASE": None,
    "MAX_CONTENT_LENGTH": 1024 * 1024,
    "WTF_CSRF_TIME_LIMIT": None,
    "CALLBACK_HOSTS": (),  # hosts besides loopback the built-in sandbox may send callbacks to
    # The private inboxes' bounds (README, Callbacks).
    "INBOX_BODY_LIMIT": 64 * 1024,  # bytes kept of each received body
    "INBOX_MAX_ENTRIES": 200,  # per inbox, the oldest dropped
    "INBOX_TTL": 24 * 3600.0,  # seconds: older entries and inboxes idle that long are dropped
    "INBOX_MAX": 1000,  # inboxes in all, the least recently used makes room
    "INBOX_RATE": 10,  # inboxes issued per client address per minute
}
BOOLEANS = ("ALLOW_PRODUCTION", "TESTING", "DEBUG", "WTF_CSRF_ENABLED")
FLOATS = ("SEND_TIMEOUT", "SEND_DEADLINE", "INBOX_TTL")
INTS = ("INBOX_BODY_LIMIT", "INBOX_MAX_ENTRIES", "INBOX_MAX", "INBOX_RATE")
_TRUE, _FALSE = {"1", "true", "yes", "on"}, {"0", "false", "no", "off"}


class ConfigError(RuntimeError):
    """A setting that stops start-up; the message names it and the rule."""


def parse_bool(name: str, value) -> bool:
    text = str(value).strip().lower()
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    raise ConfigError(f"{name} must be one of 1/true/yes/on or 0/false/no/off, got {value!r}.")


def normalise(config) -> None:
    """Check and convert the typed settings in place (from_prefixed_env leaves 'yes' a string)."""
    hosts = config.get("CALLBACK_HOSTS") or ()
    config["CALLBACK_HOSTS"] = tuple(h.strip() for h in (hosts.split(",") if isinstance(hosts, str) else hosts))
    for name in BOOLEANS:
        if name in config:
            config[name] = parse_bool(name, config[name])
    for name in FLOATS:
        try:
            config[name] = float(config[name])
        except (TypeError, ValueError):
            raise ConfigError(f"{name} must be a number of seconds, got {config[name]!r}.") from None
        if config[name] <= 0:
            raise ConfigError(f"{name} must be more than 0 seconds, got {config[name]!r}.")
    for name in INTS:
        config[name] = parse_count(name, config[name])


def parse_count(name: str, value) -> int:
    text = str(value).strip()
    if isinstance(value, bool) or not (text.isascii() and text.isdigit() and 0 < int(text) < 10**9):
        raise ConfigError(f"{name} must be a whole number from 1 to 999999999, got {value!r}.")
    return int(text)


def secret_key(instance_path: str) -> str:
    """Generated once and kept in the instance folder, so several workers share it."""
    path = Path(instance_path) / "secret_key"
    if path.exists():
        return path.read_text().strip()
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".secret_key.{os.getpid()}.{secrets.token_hex(4)}")
    tmp.write_text(secrets.token_hex(32))
    tmp.chmod(0o600)
    try:
        os.link(tmp, path)  # atomic: the first worker's key wins, the others read it
    except FileExistsError:
        pass
    finally:
        tmp.unlink()
    return path.read_text().strip()
