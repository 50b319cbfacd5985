"""Where requests may go: the built-in sandbox, the brands' gates, and custom TOML entries."""

import tomllib
from dataclasses import asdict, dataclass
from urllib.parse import urlsplit

from paynet.i18n import N_, _, translate

LOCAL = "local"
LOCAL_PATH = "/sandbox/paynet"
BRANDS = (("payneteasy", "Payneteasy", "payneteasy.com"), ("connpay", "ConnPay", "connpay.com"),
          ("solidpayments", "Solid Payments", "solidpayments.com"))


class EnvironmentsError(ValueError):
    """A custom environments file that cannot be used; the message says which entry and why."""


@dataclass(frozen=True)
class Environment:
    id: str
    name: str
    base_url: str  # everything before /api/v2/; empty for local, whose URL comes from the request
    production: bool = False
    custom: bool = False
    brand: str = ""  # a built-in gate's brand: its name is written in the reader's language

    def shown_name(self) -> str:
        """The built-in names in the request's language; a configured name stays as its operator wrote it."""
        if self.id == LOCAL:
            return translate(self.name)
        if self.brand:
            return (_("%(brand)s production", brand=self.brand) if self.production
                    else _("%(brand)s sandbox", brand=self.brand))
        return self.name

    def url(self, path: str, local_base: str = "") -> str:
        return (local_base if self.id == LOCAL else self.base_url).rstrip("/") + path

    def to_dict(self, enabled: bool, local_base: str) -> dict:
        data = asdict(self)
        data.pop("custom")
        data.pop("brand")
        data["name"] = self.shown_name()
        data["base_url"] = local_base if self.id == LOCAL else self.base_url
        data["enabled"] = enabled
        return data


def builtin() -> list[Environment]:
    envs = [Environment(LOCAL, N_("Built-in sandbox (offline)"), "")]
    for key, name, domain in BRANDS:
        envs.append(Environment(f"{key}-sandbox", f"{name} sandbox", f"https://sandbox.{domain}/paynet", brand=name))
    for key, name, domain in BRANDS:
        envs.append(Environment(f"{key}-production", f"{name} production",
                                f"https://gate.{domain}/paynet", production=True, brand=name))
    return envs


def load(path: str | None) -> list[Environment]:
    """The built-in environments plus those of a TOML file of [[environment]] tables."""
    envs = builtin()
    if not path:
        return envs
    try:
        with open(path, "rb") as fh:
            data = tomllib.load(fh)
    except OSError as exc:
        raise EnvironmentsError(f"environments file {path}: cannot be read ({exc.strerror}).") from None
    except tomllib.TOMLDecodeError as exc:
        raise EnvironmentsError(f"environments file {path}: not valid TOML ({exc}).") from None
    tables = data.get("environment", [])
    if not isinstance(tables, list):
        raise EnvironmentsError(f"environments file {path}: use [[environment]] tables.")
    taken = {e.id for e in envs}
    for i, table in enumerate(tables, 1):
        env = _custom(table, f"environments file {path}, entry {i}")
        if env.id in taken:
            raise EnvironmentsError(f"environments file {path}, entry {i}: id {env.id!r} is "
                                    "already taken (built-in or repeated).")
        taken.add(env.id)
        envs.append(env)
    return envs


def _custom(table, where: str) -> Environment:
    if not isinstance(table, dict):
        raise EnvironmentsError(f"{where}: not a table.")
    for key in ("id", "name", "base_url"):
        if not isinstance(table.get(key), str) or not table[key].strip():
            raise EnvironmentsError(f"{where}: {key} is required and must be a non-empty string.")
    production = table.get("production", False)
    if not isinstance(production, bool):
        raise EnvironmentsError(f"{where}: production must be true or false.")
    url = urlsplit(table["base_url"])
    if url.scheme not in ("http", "https") or not url.hostname:
        raise EnvironmentsError(f"{where}: base_url must be an http:// or https:// URL with a host, "
                                f"got {table['base_url']!r}.")
    if url.query or url.fragment:
        raise EnvironmentsError(f"{where}: base_url must not carry a query or fragment.")
    return Environment(table["id"].strip(), table["name"].strip(), table["base_url"].rstrip("/"),
                       production, custom=True)
