"""The one URL policy for what a user's input can make the server fetch (the sandbox's callbacks): the URL
is parsed once, by the HTTP client's own parser; the host is resolved once and every address checked; the
connection goes to the checked address."""

import ipaddress
import re
import socket
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from urllib.parse import urlencode

from urllib3.exceptions import LocationParseError
from urllib3.util import parse_url

from paynet.i18n import N_, _, translate

# What refuses a URL, by name: a delivery records the English text, pages read it back in their language.
SPACE = N_("the URL holds a space, a control character or a backslash")
UNREADABLE = N_("the URL cannot be read as an http(s) URL")
SCHEME = N_("only http and https URLs are fetched")
NO_HOST = N_("the URL has no host")
USERINFO = N_("the URL carries user information (user@host), which is never sent")
PORT_ZERO = N_("port 0 is not a port to connect to")
ZONE_ID = N_("an IPv6 zone id (%) in the URL is not allowed")
ODD_IP = N_("%(host)s is an IP address in an unusual notation: write it as four decimal numbers without "
            "leading zeros (127.0.0.1)")
BAD_NAME = N_("%(host)s is not a valid host name")
NOT_LISTED = N_("not allowed by CALLBACK_HOSTS: %(host)s is not listed (by default callbacks go only to the "
                "tool's own inboxes)")
NOT_PUBLIC = N_("not allowed by CALLBACK_HOSTS: %(host)s resolves to %(ip)s, which is not a public address (list "
                "a loopback or private address by the address itself)")
NOT_THE_ACCOUNTS = N_("not in the account's callback hosts: %(host)s is not listed there (add it in the inspector, "
                      "/inspector, or with PUT /api/sandbox/accounts/<id>/callback-hosts) nor in the operator's "
                      "CALLBACK_HOSTS")
ACCOUNT_IP = N_("not allowed for a sandbox account: %(ip)s is not a public address (%(rule)s)")
ACCOUNT_NAME = N_("not allowed for a sandbox account: %(host)s resolves to an address that is not public (%(rule)s)")
UNRESOLVED = N_("the host name %(host)s could not be resolved")
REFUSALS = (SPACE, UNREADABLE, SCHEME, NO_HOST, USERINFO, PORT_ZERO, ZONE_ID, ODD_IP, BAD_NAME, NOT_LISTED, NOT_PUBLIC,
            NOT_THE_ACCOUNTS, ACCOUNT_IP, ACCOUNT_NAME, UNRESOLVED)

DEFAULT_PORTS = {"http": 80, "https": 443}
LOCALHOST = "localhost"
# Characters that parsers read differently (a backslash ends the authority for browsers, not for urllib3).
_AMBIGUOUS = re.compile(r"[\x00-\x20\x7f\\]")
_AUTHORITY = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*://([^/?#]*)")
# As in the WHATWG URL standard: a host whose last label is a number is an IPv4 address, in any notation.
_NUMERIC_LABEL = re.compile(r"0x[0-9a-f]*|[0-9]+")
_NAME_LABEL = re.compile(r"(?!-)[a-z0-9_-]{1,63}(?<!-)")
_NAT64 = ipaddress.ip_network("64:ff9b::/96")

IP = ipaddress.IPv4Address | ipaddress.IPv6Address


class Refused(ValueError):
    """The URL may not be fetched; the message names the rule and says nothing about reachability."""


class Unresolved(OSError):
    """A listed host name did not resolve."""


@dataclass(frozen=True)
class Parsed:
    """A URL as the HTTP client reads it: host lower case, default port filled in."""

    url: str
    scheme: str
    host: str  # a name, or an IP address in its canonical form (IPv6 without brackets)
    ip: IP | None
    port: int
    explicit_port: bool
    path: str
    query: str


@dataclass(frozen=True)
class Target:
    """Where a request goes: the socket connects to `address`; Host, SNI and certificate use `host`."""

    url: str  # as the user gave it, for the record
    scheme: str
    host: str
    port: int
    address: str
    request_uri: str
    # The tool's own inbox: (url, timeout, method, body) -> status, delivered by the app in process instead of over
    # a socket.
    in_process: Callable[[str, float, str, bytes], int] | None = field(default=None, compare=False, repr=False)

    @property
    def host_header(self) -> str:
        return _bracketed(self.host) if self.port == DEFAULT_PORTS[self.scheme] else netloc(self.host, self.port)

    def with_query(self, pairs: list[tuple]) -> "Target":
        sep = "&" if "?" in self.request_uri else "?"
        return replace(self, url=self.url + ("&" if "?" in self.url else "?") + urlencode(pairs),
                       request_uri=self.request_uri + sep + urlencode(pairs))


def _bracketed(host: str) -> str:
    return f"[{host}]" if ":" in host else host


def netloc(host: str, port: int) -> str:
    return f"{_bracketed(host)}:{port}"


def parse(url: str) -> Parsed:
    """Read `url` once, as urllib3 (and so requests) reads it; refuse what another parser could read otherwise."""
    if _AMBIGUOUS.search(url):
        raise Refused(_(SPACE))
    try:
        parts = parse_url(url)
    except LocationParseError:
        raise Refused(_(UNREADABLE)) from None
    scheme = (parts.scheme or "").lower()
    if scheme not in DEFAULT_PORTS:
        raise Refused(_(SCHEME))
    authority = _AUTHORITY.match(url)
    if not parts.host or authority is None:
        raise Refused(_(NO_HOST))
    if parts.auth is not None or "@" in authority[1]:  # urllib3 reads "http://@host" as having none
        raise Refused(_(USERINFO))
    if parts.port == 0:
        raise Refused(_(PORT_ZERO))
    ip = _host_ip(parts.host)
    host = str(ip) if ip else parts.host.rstrip(".")
    return Parsed(url, scheme, host, ip, parts.port or DEFAULT_PORTS[scheme], parts.port is not None,
                  parts.path or "/", parts.query or "")


def _host_ip(host: str) -> IP | None:
    """The host's IP address when it is one; IPs only in their one canonical notation."""
    if host.startswith("["):
        if "%" in host:
            raise Refused(_(ZONE_ID))
        return ipaddress.IPv6Address(host[1:-1])
    labels = host[:-1].split(".") if host.endswith(".") else host.split(".")
    if _NUMERIC_LABEL.fullmatch(labels[-1]):
        try:
            ip = ipaddress.IPv4Address(host)
        except ValueError:
            ip = None
        if ip is None or str(ip) != host:
            raise Refused(_(ODD_IP, host=host))
        return ip
    if len(host) > 253 or not all(_NAME_LABEL.fullmatch(label) for label in labels):
        raise Refused(_(BAD_NAME, host=host))
    return None


def _embedded(ip: IP) -> IP:
    """The IPv4 address an IPv6 one carries (mapped, 6to4, NAT64): that is where the packets go."""
    if ip.version == 6:
        if ip.ipv4_mapped or ip.sixtofour:
            return ip.ipv4_mapped or ip.sixtofour
        if ip in _NAT64:
            return ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)
    return ip


def is_public(ip: IP) -> bool:
    """Globally reachable unicast: not loopback, private, link-local, unique-local, carrier-grade NAT, multicast,
    reserved (every IPv6 range outside 2000::/3, so IPv4-compatible and local-use NAT64 ones too) or unspecified;
    an IPv6 address that carries an IPv4 one is judged by that."""
    inner = _embedded(ip)
    if inner.version != ip.version:
        return is_public(inner)
    return ip.is_global and not (ip.is_multicast or ip.is_reserved or ip.version == 6 and ip.teredo)


def parse_entries(entries) -> frozenset[tuple[str, int | None]]:
    """CALLBACK_HOSTS entries (`host` or `host:port`) -> (host, port or None for any port); ValueError names
    the entry and the rule."""
    found = set()
    for entry in (e.strip() for e in entries):
        if not entry:
            continue
        try:
            parsed = parse(f"http://{entry}")
        except Refused as exc:
            raise ValueError(_("CALLBACK_HOSTS entry %(entry)r: %(problem)s", entry=entry, problem=exc)) from None
        if parsed.path != "/" or parsed.query or "/" in entry:
            raise ValueError(_("CALLBACK_HOSTS entry %(entry)r: write host or host:port, without a scheme or path",
                               entry=entry))
        if parsed.ip and (parsed.ip.is_unspecified or parsed.ip.is_multicast):
            raise ValueError(_("CALLBACK_HOSTS entry %(entry)r: %(ip)s is not an address to deliver to", entry=entry,
                               ip=parsed.ip))
        found.add((parsed.host, parsed.port if parsed.explicit_port else None))
    return frozenset(found)


class Policy:
    """CALLBACK_HOSTS (the operator's), ACCOUNT_CALLBACK_NETWORKS (what sandbox accounts' own hosts may reach
    besides public addresses) and a resolver (injectable: tests have no public DNS)."""

    def __init__(self, entries=(), resolver=socket.getaddrinfo, account_networks=()):
        self.entries = parse_entries(entries)
        self.resolver = resolver
        self.account_networks = tuple(ipaddress.ip_network(n) for n in account_networks)

    def listed(self, parsed: Parsed) -> bool:
        """Whether the operator lists the URL's host:port: then the operator's rule applies, whoever sends."""
        return _listed(parsed, self.entries)

    def covers(self, host: str, port: int | None) -> bool:
        """Whether every port an entry (host, port or None) allows is listed by the operator."""
        return (host, None) in self.entries or port is not None and (host, port) in self.entries

    def check(self, parsed: Parsed) -> Target:
        """A Target pinned to the checked address, or Refused. Unlisted hosts are never resolved."""
        if not self.listed(parsed):
            raise Refused(_(NOT_LISTED, host=netloc(parsed.host, parsed.port)))
        addresses = [parsed.ip] if parsed.ip else self._resolve(parsed)
        for ip in addresses:
            if not self._acceptable(parsed, ip):
                raise Refused(_(NOT_PUBLIC, host=parsed.host, ip=ip))
        return _pinned(parsed, addresses)

    def check_account(self, parsed: Parsed, entries: frozenset) -> Target:
        """A sandbox account's callback to a host only the account lists (`entries`, from parse_entries): the
        account rule (account_addresses), the connection pinned to the checked address."""
        if not _listed(parsed, entries):
            # The account's own list first: its holder can change it; CALLBACK_HOSTS is the operator's.
            raise Refused(_(NOT_THE_ACCOUNTS, host=netloc(parsed.host, parsed.port)))
        return _pinned(parsed, self.account_addresses(parsed))

    def account_addresses(self, parsed: Parsed) -> list[IP]:
        """The addresses an account's host resolves to, each public or inside ACCOUNT_CALLBACK_NETWORKS, or
        Refused. No operator privilege: an address listed by itself gets the same rule; a name's refusal does
        not say where it resolves (an account holder may not map the server's network by name)."""
        addresses = [parsed.ip] if parsed.ip else self._resolve(parsed)
        for ip in addresses:
            if is_public(ip) or any(a in net for a in {ip, _embedded(ip)} for net in self.account_networks):
                continue
            if parsed.ip:
                raise Refused(_(ACCOUNT_IP, ip=ip, rule=translate(ACCOUNT_RULE)))
            raise Refused(_(ACCOUNT_NAME, host=parsed.host, rule=translate(ACCOUNT_RULE)))
        return addresses

    def check_account_entries(self, entries) -> None:
        """An account's hosts as it lists them: ValueError naming the first entry refused. Entries the operator
        lists for every port they allow are left to the operator's rule, as their deliveries are."""
        parse_entries(entries)
        for entry in (e.strip() for e in entries if e.strip()):
            parsed = parse(f"http://{entry}")
            if self.covers(parsed.host, parsed.port if parsed.explicit_port else None):
                continue
            try:
                self.account_addresses(parsed)
            except (Refused, Unresolved) as exc:
                raise ValueError(_("%(entry)r: %(problem)s", entry=entry, problem=exc)) from None

    def _resolve(self, parsed: Parsed) -> list[IP]:
        try:
            infos = self.resolver(parsed.host, parsed.port, 0, socket.SOCK_STREAM)
        except (OSError, UnicodeError):
            infos = []
        addresses = list(dict.fromkeys(ipaddress.ip_address(info[4][0]) for info in infos))
        if not addresses:
            raise Unresolved(_(UNRESOLVED, host=parsed.host))
        return addresses

    @staticmethod
    def _acceptable(parsed: Parsed, ip: IP) -> bool:
        if parsed.ip:  # listed by the address itself: the operator chose it
            return True
        if parsed.host == LOCALHOST:
            return _embedded(ip).is_loopback
        return is_public(ip)


ACCOUNT_RULE = N_("a sandbox account's callback hosts must resolve only to public addresses; the operator of this "
                  "server can allow networks for accounts with ACCOUNT_CALLBACK_NETWORKS")


def _listed(parsed: Parsed, entries: frozenset) -> bool:
    return bool({(parsed.host, None), (parsed.host, parsed.port)} & entries)


def _pinned(parsed: Parsed, addresses: list[IP]) -> Target:
    return Target(parsed.url, parsed.scheme, parsed.host, parsed.port, str(addresses[0]),
                  parsed.path + (f"?{parsed.query}" if parsed.query else ""))


def in_process(url: str, deliver: Callable[[str, float, str, bytes], int]) -> Target:
    """A Target for a URL the tool built itself at its own root, which `deliver` hands to the app in process:
    no policy applies, since no socket is opened."""
    parsed = parse(url)
    query = f"?{parsed.query}" if parsed.query else ""
    return Target(url, parsed.scheme, parsed.host, parsed.port, "", parsed.path + query, deliver)
