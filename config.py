"""Configuration: defaults, then FLASK_* environment variables, then the test override."""

import ipaddress
import os
import re
import secrets
from pathlib import Path
from urllib.parse import urlsplit

from outbound import urlpolicy
from store import engines as store_backends
from store.inboxes import ENTRY_OVERHEAD

INSPECTOR_OVERHEAD = 16 * 1024  # bytes of an inspector entry besides its two bodies (verdicts, builder values)

DEFAULTS = {
    "ALLOW_PRODUCTION": False,
    "SEND_TIMEOUT": 30.0,
    "SEND_DEADLINE": 60.0,
    "ENVIRONMENTS_FILE": None,
    "DATABASE_URL": None,  # sqlite:///path or a path (default: instance/sandbox.db), or postgresql://...
    "SANDBOX_DATABASE": None,  # the older name of DATABASE_URL, still accepted
    "DATABASE_POOL_SIZE": 4,  # PostgreSQL connections per app process (shared by its threads)
    "MAX_CONTENT_LENGTH": 1024 * 1024,
    "WTF_CSRF_TIME_LIMIT": None,
    "SESSION_COOKIE_SAMESITE": "Lax",  # and Secure over https: web/headers.py
    "RESPONSE_BODY_LIMIT": 1024 * 1024,  # bytes of a gateway's response body read at most
    "CALLBACK_HOSTS": (),  # host or host:port the built-in sandbox may send callbacks to, besides its inboxes
    "ACCOUNT_CALLBACK_NETWORKS": (),  # CIDRs a sandbox account's own callback hosts may reach besides public ones
    "PUBLIC_URL": None,  # the address users reach the tool at; payer links and inbox URLs start with it
    "TRUSTED_HOSTS": None,  # Flask's Host header check: comma-separated names, ".example.com" for subdomains
    "PROXY_FIX": 0,  # the number of reverse proxies whose X-Forwarded-* headers are trusted
    # The private inboxes' bounds (docs/callbacks.md).
    "INBOX_BODY_LIMIT": 64 * 1024,  # bytes kept of each received body
    "INBOX_MAX_ENTRIES": 200,  # per inbox, the oldest dropped
    "INBOX_TTL": 24 * 3600.0,  # seconds: older entries and inboxes idle that long are dropped
    "INBOX_MAX": 1000,  # inboxes in all, the least recently used makes room
    "INBOX_RATE": 10,  # inboxes issued per client address per minute
    "INBOX_MAX_BYTES": 4 * 1024 * 1024,  # stored per inbox, the oldest entries dropped
    "INBOXES_MAX_BYTES": 256 * 1024 * 1024,  # stored by all inboxes: the least recently used lose their oldest
    "TOKEN_FAILURE_RATE": 30,  # failed inbox or account token checks per client address per minute, then 429
    # Sandbox accounts and their inspector (docs/sandbox.md: Sandbox accounts).
    "SANDBOX_ACCOUNT_DAYS": 7.0,  # days idle before an account is dropped
    "SANDBOX_ACCOUNT_MAX": 1000,  # accounts in all, the least recently used makes room
    "SANDBOX_ACCOUNT_RATE": 5,  # accounts created per client address per minute
    "SANDBOX_ACCOUNTS": "open",  # who may create accounts: open, closed, or token (SANDBOX_ACCOUNT_TOKEN)
    "SANDBOX_ACCOUNT_TOKEN": None,  # the Bearer token creating an account needs with SANDBOX_ACCOUNTS=token
    "INSPECTOR_MAX_ENTRIES": 500,  # per account, the oldest dropped
    "INSPECTOR_TTL": 24 * 3600.0,  # seconds an inspector entry is kept
    "INSPECTOR_BODY_LIMIT": 64 * 1024,  # bytes kept of each request and response body
    "INSPECTOR_MAX_BYTES": 4 * 1024 * 1024,  # stored per account, the oldest entries dropped
    # The sandbox's callback deliveries: one bounded pool per process (docs/sandbox.md).
    "CALLBACK_WORKERS": 4,  # threads sending callbacks
    "CALLBACK_QUEUE": 1000,  # deliveries waiting (retries included); beyond, a callback is refused at once
    # The callback-handler exam (docs/callbacks.md: The handler exam).
    "EXAM_STATUS_WINDOW": 10.0,  # seconds a case waits for the merchant's status request
    "EXAM_TIMEOUT": 5.0,  # seconds each read of a handler's answer may wait (the whole answer: twice that)
    "EXAM_RATE": 10,  # exams per sandbox account per hour
    "EXAM_WORKERS": 4,  # exams running at once in one process
}
BOOLEANS = ("ALLOW_PRODUCTION", "TESTING", "DEBUG", "WTF_CSRF_ENABLED", "SESSION_COOKIE_SECURE")
FLOATS = ("SEND_TIMEOUT", "SEND_DEADLINE", "INBOX_TTL", "SANDBOX_ACCOUNT_DAYS", "INSPECTOR_TTL", "EXAM_STATUS_WINDOW",
          "EXAM_TIMEOUT")
SIZES = ("RESPONSE_BODY_LIMIT", "INBOX_MAX_BYTES", "INBOXES_MAX_BYTES", "INSPECTOR_MAX_BYTES")
INTS = ("INBOX_BODY_LIMIT", "INBOX_MAX_ENTRIES", "INBOX_MAX", "INBOX_RATE", "DATABASE_POOL_SIZE", "SANDBOX_ACCOUNT_MAX",
        "SANDBOX_ACCOUNT_RATE", "INSPECTOR_MAX_ENTRIES", "INSPECTOR_BODY_LIMIT", "TOKEN_FAILURE_RATE",
        "CALLBACK_WORKERS", "CALLBACK_QUEUE", "EXAM_RATE", "EXAM_WORKERS")
TOKEN = re.compile(r"[!-~]{16,200}")  # what an Authorization header carries unchanged
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
    try:
        urlpolicy.parse_entries(config["CALLBACK_HOSTS"])
    except ValueError as exc:
        raise ConfigError(str(exc)) from None
    config["ACCOUNT_CALLBACK_NETWORKS"] = networks(config.get("ACCOUNT_CALLBACK_NETWORKS"))
    config["SANDBOX_ACCOUNTS"], config["SANDBOX_ACCOUNT_TOKEN"] = account_creation(
        config.get("SANDBOX_ACCOUNTS"), config.get("SANDBOX_ACCOUNT_TOKEN"))
    config["PUBLIC_URL"] = public_url(config.get("PUBLIC_URL"))
    config["DATABASE_URL"] = database_url(config.get("DATABASE_URL"), config.get("SANDBOX_DATABASE"))
    config["TRUSTED_HOSTS"] = trusted_hosts(config.get("TRUSTED_HOSTS"))
    config["PROXY_FIX"] = proxy_count(config.get("PROXY_FIX"))
    public_host_trusted(config["PUBLIC_URL"], config["TRUSTED_HOSTS"])
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
    for name in SIZES:
        config[name] = parse_size(name, config[name])
    budgets(config)


def budgets(config) -> None:
    """A byte budget holds at least one whole entry: each entry's parts are cut at its *_BODY_LIMIT."""
    inbox = 3 * config["INBOX_BODY_LIMIT"] + ENTRY_OVERHEAD
    if config["INBOX_MAX_BYTES"] < inbox:
        raise ConfigError(f"INBOX_MAX_BYTES must hold at least one whole entry (its target, headers and body, each "
                          f"cut at INBOX_BODY_LIMIT): 3 x {config['INBOX_BODY_LIMIT']} + {ENTRY_OVERHEAD} = {inbox} "
                          f"bytes or more, got {config['INBOX_MAX_BYTES']}.")
    if config["INBOXES_MAX_BYTES"] < config["INBOX_MAX_BYTES"]:
        raise ConfigError(f"INBOXES_MAX_BYTES (all inboxes) must be at least INBOX_MAX_BYTES (one inbox), "
                          f"{config['INBOX_MAX_BYTES']}, got {config['INBOXES_MAX_BYTES']}.")
    inspector = 4 * config["INSPECTOR_BODY_LIMIT"] + INSPECTOR_OVERHEAD
    if config["INSPECTOR_MAX_BYTES"] < inspector:
        raise ConfigError(f"INSPECTOR_MAX_BYTES must hold at least one whole entry (a request and its response, each "
                          f"cut at INSPECTOR_BODY_LIMIT, and its verdicts): 4 x {config['INSPECTOR_BODY_LIMIT']} + "
                          f"{INSPECTOR_OVERHEAD} = {inspector} bytes or more, got {config['INSPECTOR_MAX_BYTES']}.")


def parse_count(name: str, value) -> int:
    text = str(value).strip()
    if isinstance(value, bool) or not (text.isascii() and text.isdigit() and 0 < int(text) < 10**9):
        raise ConfigError(f"{name} must be a whole number from 1 to 999999999, got {value!r}.")
    return int(text)


def parse_size(name: str, value) -> int:
    text = str(value).strip()
    if not (text.isascii() and text.isdigit()) or int(text) <= 0 or len(text) > 12:
        raise ConfigError(f"{name} must be a whole number of bytes more than 0, got {value!r}.")
    return int(text)


def networks(value) -> tuple[str, ...]:
    """ACCOUNT_CALLBACK_NETWORKS: comma-separated CIDRs (a list is fine too), each in its canonical form."""
    entries = value.split(",") if isinstance(value, str) else value or ()
    found = []
    for entry in (str(e).strip() for e in entries):
        if not entry:
            continue
        try:
            found.append(str(ipaddress.ip_network(entry)))
        except ValueError as exc:
            raise ConfigError(f"ACCOUNT_CALLBACK_NETWORKS entry {entry!r}: {exc}; write networks in CIDR notation, "
                              "comma-separated (10.0.0.0/8,fd00::/8).") from None
    return tuple(found)


def account_creation(mode, token) -> tuple[str, str | None]:
    """SANDBOX_ACCOUNTS (open, closed or token) and the token it needs (a number from the environment read as
    its digits); the token is never echoed."""
    text = str(mode if mode is not None else "open").strip().lower()
    if text not in ("open", "closed", "token"):
        raise ConfigError(f"SANDBOX_ACCOUNTS must be open, closed or token, got {mode!r}.")
    if text == "token" and not (isinstance(token, str | int) and not isinstance(token, bool)
                                and TOKEN.fullmatch(str(token))):
        raise ConfigError("SANDBOX_ACCOUNTS=token needs SANDBOX_ACCOUNT_TOKEN: at least 16 characters, printable "
                          "ASCII without spaces (python3 -c 'import secrets; print(secrets.token_urlsafe(32))').")
    return text, str(token) if text == "token" else None


def public_url(value) -> str | None:
    """An absolute http(s) URL with no query, fragment or credentials; kept without its trailing '/'."""
    if not value:
        return None
    text = str(value).strip()
    try:
        parts = urlsplit(text)
        parts.port  # noqa: B018 - raises on a port that is not a number
    except ValueError:
        parts = None
    if (parts is None or parts.scheme not in ("http", "https") or not parts.hostname or parts.query
            or parts.fragment or "@" in parts.netloc):
        raise ConfigError("PUBLIC_URL must be an absolute http:// or https:// URL without credentials, query "
                          f"or fragment (https://tools.example.com or https://example.com/builder), got {value!r}.")
    return text.rstrip("/")


def database_url(value, synonym=None) -> str | None:
    """DATABASE_URL (or SANDBOX_DATABASE, its older name): sqlite:///path or a plain path, or postgresql://...;
    None for the default file. Messages show the URL with its password hidden."""
    given = [str(v).strip() for v in (value, synonym) if v is not None and str(v).strip()]
    if len(set(given)) > 1:
        raise ConfigError("DATABASE_URL and SANDBOX_DATABASE (its older name) name different databases, "
                          f"{store_backends.display(given[0])!r} and {store_backends.display(given[1])!r}: set one.")
    if not given:
        return None
    text = given[0]
    scheme, _, rest = text.partition("://")
    if not rest:  # a plain path
        return text
    if scheme.lower() in ("postgresql", "postgres") or scheme == "sqlite" and rest.startswith("/") and rest != "/":
        return text
    raise ConfigError("DATABASE_URL must be sqlite:///path (or a file path) or postgresql://user:password@host/"
                      f"database, got {store_backends.display(text)!r}.")


def trusted_hosts(value) -> list[str] | None:
    """Comma-separated host names (a list from JSON is fine too); empty means any Host is accepted."""
    if not value:
        return None
    names = value.split(",") if isinstance(value, str) else value
    if not isinstance(names, list | tuple) or not all(isinstance(n, str) for n in names):
        raise ConfigError(f"TRUSTED_HOSTS must be comma-separated host names, got {value!r}.")
    names = [n.strip().lower() for n in names if n.strip()]
    if any("/" in n or ":" in n or " " in n for n in names):
        raise ConfigError(f"TRUSTED_HOSTS takes host names without scheme or port "
                          f"(tools.example.com,.example.org), got {value!r}.")
    return names or None


def _ascii_host(name: str) -> str:
    try:
        return name.encode("idna").decode("ascii")  # as the Host header carries it, and as Werkzeug compares
    except UnicodeError:
        return name


def public_host_trusted(public: str | None, trusted: list[str] | None) -> None:
    """The app's requests to itself (a local send, a callback to its own inbox) are addressed to PUBLIC_URL
    when it is set, and TRUSTED_HOSTS checks them like any other request: its host must be one of them."""
    if not (public and trusted):
        return
    host = _ascii_host(urlsplit(public).hostname)
    names = [(_ascii_host(n.lstrip(".")), n.startswith(".")) for n in trusted]  # ".example.org": it and below
    if not any(host == name or subdomains and host.endswith("." + name) for name, subdomains in names):
        raise ConfigError(f"PUBLIC_URL's host {host} is not one of TRUSTED_HOSTS ({', '.join(trusted)}): the tool "
                          f"sends to its own sandbox and inboxes at PUBLIC_URL, and TRUSTED_HOSTS refuses any other "
                          f"host; add {host} to TRUSTED_HOSTS or change PUBLIC_URL.")


def proxy_count(value) -> int:
    text = str(value if value is not None else 0).strip()
    if not text.isdigit() or int(text) > 10:
        raise ConfigError(f"PROXY_FIX must be the number of reverse proxies in front of the tool (0 to 10), "
                          f"got {value!r}.")
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
