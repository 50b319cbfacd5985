"""The URL policy: one parse, every resolved address checked, the connection to the checked address.
The resolver is injected (no public DNS here) and a listener on loopback counts the hits."""

import socket
import ssl

import pytest
import trustme

from outbound import fetch, urlpolicy
from outbound.urlpolicy import Policy, Refused, Unresolved, parse, parse_entries
from tests import servers

ODD = ("is an IP address in an unusual notation: write it as four decimal numbers without leading zeros "
       "(127.0.0.1)")
NOT_LISTED = "is not listed (by default callbacks go only to the tool's own inboxes)"
NOT_PUBLIC = "which is not a public address (list a loopback or private address by the address itself)"


def resolver(table: dict):
    """getaddrinfo's shape, answering from `table`; counts the lookups."""
    def resolve(host, port, family=0, type=0):
        resolve.calls.append(host)
        if host not in table:
            raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")
        return [(socket.AF_INET6 if ":" in a else socket.AF_INET, socket.SOCK_STREAM, 6, "", (a, port))
                for a in table[host]]
    resolve.calls = []
    return resolve


@pytest.mark.parametrize("url, message", [
    ("http://0.0.0.0:5106\\@127.0.0.1:5107/x", "the URL holds a space, a control character or a backslash"),
    ("http://shop.test/a b", "the URL holds a space, a control character or a backslash"),
    ("http://shop.test/\r\nX-Injected: 1", "the URL holds a space, a control character or a backslash"),
    ("http://user:pass@shop.test/cb", "the URL carries user information (user@host), which is never sent"),
    ("http://@shop.test/cb", "the URL carries user information (user@host), which is never sent"),
    ("http://127.0.0.1:80@shop.test/cb", "the URL carries user information (user@host), which is never sent"),
    ("ftp://127.0.0.1/cb", "only http and https URLs are fetched"),
    ("file:///etc/passwd", "only http and https URLs are fetched"),
    ("gopher://127.0.0.1:6379/_INFO", "only http and https URLs are fetched"),
    ("//shop.test/cb", "only http and https URLs are fetched"),
    ("http:/shop.test/cb", "the URL has no host"),
    ("http://shop.test:99999/", "the URL cannot be read as an http(s) URL"),
    ("http://shop.test:0/", "port 0 is not a port to connect to"),
    ("http://2130706433/", f"2130706433 {ODD}"),
    ("http://0177.0.0.1/", f"0177.0.0.1 {ODD}"),
    ("http://0x7f.1/", f"0x7f.1 {ODD}"),
    ("http://0x7f000001/", f"0x7f000001 {ODD}"),
    ("http://127.1/", f"127.1 {ODD}"),
    ("http://127.000.000.001/", f"127.000.000.001 {ODD}"),
    ("http://127.0.0.1./", f"127.0.0.1. {ODD}"),
    ("http://shop.0x10/", f"shop.0x10 {ODD}"),
    ("http://[::1%25lo]:8000/", "an IPv6 zone id (%) in the URL is not allowed"),
    ("http://[fe80::1%eth0]/", "an IPv6 zone id (%) in the URL is not allowed"),
    ("http://shop..test/", "shop..test is not a valid host name"),
    ("http://-shop.test/", "-shop.test is not a valid host name"),
])
def test_parse_refuses(url, message):
    with pytest.raises(Refused) as exc:
        parse(url)
    assert str(exc.value) == message


def test_parse_reads_as_the_http_client_does():
    got = parse("HTTPS://Shop.Example.COM./a/../cb?x=1#frag")
    assert (got.scheme, got.host, got.ip, got.port, got.path, got.query) == (
        "https", "shop.example.com", None, 443, "/cb", "x=1")
    assert str(parse("http://[::1]:8000").ip) == "::1"
    assert parse("http://[::ffff:127.0.0.1]/").host == "::ffff:7f00:1"


@pytest.mark.parametrize("entry, message", [
    ("http://shop.test", "CALLBACK_HOSTS entry 'http://shop.test': write host or host:port, without a scheme or path"),
    ("shop.test/cb", "CALLBACK_HOSTS entry 'shop.test/cb': write host or host:port, without a scheme or path"),
    ("user@shop.test", "CALLBACK_HOSTS entry 'user@shop.test': the URL carries user information (user@host), "
                       "which is never sent"),
    ("0177.0.0.1", f"CALLBACK_HOSTS entry '0177.0.0.1': 0177.0.0.1 {ODD}"),
    ("0.0.0.0:8000", "CALLBACK_HOSTS entry '0.0.0.0:8000': 0.0.0.0 is not an address to deliver to"),
    ("[::]", "CALLBACK_HOSTS entry '[::]': :: is not an address to deliver to"),
])
def test_bad_entries_named(entry, message):
    with pytest.raises(ValueError) as exc:
        parse_entries([entry])
    assert str(exc.value) == message


def test_entries_read():
    assert parse_entries(["Shop.Test", "localhost:8000", " [::1]:9000 ", "", "10.0.0.5"]) == {
        ("shop.test", None), ("localhost", 8000), ("::1", 9000), ("10.0.0.5", None)}


def check(url, entries=(), table=None):
    return Policy(entries, resolver(table or {})).check(parse(url))


def test_unlisted_hosts_refused_and_never_resolved():
    resolve = resolver({"shop.test": ["93.184.216.34"]})
    policy = Policy(["other.test"], resolve)
    for url, shown in [("http://shop.test/cb", "shop.test:80"), ("https://127.0.0.1:8000/cb", "127.0.0.1:8000"),
                       ("http://localhost/cb", "localhost:80"), ("http://[::1]:8000/", "[::1]:8000"),
                       ("http://169.254.169.254/latest/meta-data", "169.254.169.254:80")]:
        with pytest.raises(Refused) as exc:
            policy.check(parse(url))
        assert str(exc.value) == f"not allowed by CALLBACK_HOSTS: {shown} {NOT_LISTED}"
    assert resolve.calls == []


def test_listed_port_only_that_port():
    assert check("https://shop.test:8443/cb", ["shop.test:8443"], {"shop.test": ["93.184.216.34"]}).port == 8443
    with pytest.raises(Refused) as exc:
        check("https://shop.test/cb", ["shop.test:8443"], {"shop.test": ["93.184.216.34"]})
    assert str(exc.value) == f"not allowed by CALLBACK_HOSTS: shop.test:443 {NOT_LISTED}"


def test_listed_public_name_pinned_to_its_first_address():
    target = check("https://SHOP.test/cb?x=1", ["shop.test"], {"shop.test": ["93.184.216.34", "2606:4700::1"]})
    assert (target.address, target.host, target.host_header, target.request_uri) == (
        "93.184.216.34", "shop.test", "shop.test", "/cb?x=1")


@pytest.mark.parametrize("name, addresses, bad", [
    ("127.0.0.1.nip.io", ["127.0.0.1"], "127.0.0.1"),  # resolves, and to loopback: refused for that
    ("shop.test", ["93.184.216.34", "10.0.0.5"], "10.0.0.5"),  # one private address among public ones
    ("shop.test", ["169.254.169.254"], "169.254.169.254"),
    ("shop.test", ["100.64.0.1"], "100.64.0.1"),
    ("shop.test", ["0.0.0.0"], "0.0.0.0"),
    ("shop.test", ["224.0.0.1"], "224.0.0.1"),
    ("shop.test", ["::1"], "::1"),
    ("shop.test", ["::ffff:127.0.0.1"], "::ffff:7f00:1"),
    ("shop.test", ["64:ff9b::a00:5"], "64:ff9b::a00:5"),  # NAT64 of 10.0.0.5
    ("shop.test", ["2002:7f00:1::"], "2002:7f00:1::"),  # 6to4 of 127.0.0.1
    ("shop.test", ["fd00::1"], "fd00::1"),
])
def test_listed_name_refused_for_what_it_resolves_to(name, addresses, bad):
    with pytest.raises(Refused) as exc:
        check(f"http://{name}:8000/cb", [name], {name: addresses})
    assert str(exc.value) == f"not allowed by CALLBACK_HOSTS: {name} resolves to {bad}, {NOT_PUBLIC}"


def test_localhost_must_resolve_to_loopback():
    assert check("http://localhost:8000/cb", ["localhost:8000"], {"localhost": ["127.0.0.1", "::1"]}).address == \
        "127.0.0.1"
    with pytest.raises(Refused) as exc:
        check("http://localhost:8000/cb", ["localhost:8000"], {"localhost": ["10.0.0.1"]})
    assert str(exc.value) == f"not allowed by CALLBACK_HOSTS: localhost resolves to 10.0.0.1, {NOT_PUBLIC}"


def test_listed_address_allowed_without_resolving():
    resolve = resolver({})
    target = Policy(["10.0.0.5", "[::1]:9000"], resolve).check(parse("http://10.0.0.5:8080/cb"))
    assert (target.address, target.host_header) == ("10.0.0.5", "10.0.0.5:8080")
    assert Policy(["[::1]:9000"], resolve).check(parse("http://[::1]:9000/")).host_header == "[::1]:9000"
    assert resolve.calls == []


def test_listed_name_that_does_not_resolve():
    with pytest.raises(Unresolved) as exc:
        check("http://shop.test/cb", ["shop.test"], {})
    assert str(exc.value) == "the host name shop.test could not be resolved"


# -- the connection goes where the check said, and nowhere else ------------------------------------------------

def test_get_connects_to_the_checked_address_once_resolved():
    first = servers.RawServer(servers.echo_ok, host="127.0.0.1")
    second = servers.RawServer(servers.echo_ok, host="127.0.0.2", port=first.port)
    answers = iter([["127.0.0.1"], ["127.0.0.2"]])  # DNS rebinding: a different answer the second time
    calls = []

    def rebinding(host, port, family=0, type=0):
        calls.append(host)
        return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", (a, port)) for a in next(answers)]
    try:
        target = Policy([f"localhost:{first.port}"], rebinding).check(parse(f"http://localhost:{first.port}/cb?a=1"))
        assert fetch.fetch(target.with_query([("status", "approved")]), timeout=5).status == 200
        assert (len(first.received), len(second.received), calls) == (1, 0, ["localhost"])
        head = first.received[0].split(b"\r\n")
        assert head[0] == b"GET /cb?a=1&status=approved HTTP/1.1"
        assert f"Host: localhost:{first.port}".encode() in head
    finally:
        first.stop()
        second.stop()


def test_get_ignores_proxy_environment(monkeypatch):
    shop, proxy = servers.RawServer(servers.echo_ok), servers.RawServer(servers.echo_ok)
    for name in ("HTTP_PROXY", "http_proxy", "HTTPS_PROXY", "https_proxy", "ALL_PROXY", "all_proxy"):
        monkeypatch.setenv(name, proxy.url)
    monkeypatch.delenv("NO_PROXY", raising=False)
    monkeypatch.delenv("no_proxy", raising=False)
    try:
        target = Policy([f"127.0.0.1:{shop.port}"]).check(parse(f"{shop.url}/cb"))
        assert fetch.fetch(target, timeout=5).status == 200
        assert (len(shop.received), len(proxy.received)) == (1, 0)
    finally:
        shop.stop()
        proxy.stop()


def test_get_does_not_follow_redirects():
    shop = servers.RawServer(servers.answers("302 Found", b"", "Location: http://127.0.0.1:9/x\r\n"))
    try:
        target = Policy([f"127.0.0.1:{shop.port}"]).check(parse(f"{shop.url}/cb"))
        assert fetch.fetch(target, timeout=5).status == 302
        assert len(shop.received) == 1
    finally:
        shop.stop()


def tls_server(ca: trustme.CA, name: str, seen: list):
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    ca.issue_cert(name).configure_cert(context)
    context.sni_callback = lambda sock, server_name, ctx: seen.append(server_name)
    return servers.RawServer(servers.echo_ok, tls_context=context)


def https_target(port, ca):
    context = ssl.create_default_context()
    ca.configure_trust(context)
    target = Policy([f"localhost:{port}"], resolver({"localhost": ["127.0.0.1"]})).check(
        parse(f"https://localhost:{port}/cb"))
    return target, context


def test_https_sni_and_certificate_by_host_name_connection_to_the_address():
    ca, seen = trustme.CA(), []
    shop = tls_server(ca, "localhost", seen)
    try:
        target, context = https_target(shop.port, ca)
        assert target.address == "127.0.0.1"
        assert fetch.fetch(target, timeout=5, ssl_context=context).status == 200
        assert seen == ["localhost"]  # SNI: the name, though the socket went to the address
        assert f"Host: localhost:{shop.port}".encode() in shop.received[0].split(b"\r\n")
    finally:
        shop.stop()


def test_https_certificate_for_another_name_refused_before_any_request():
    ca, seen = trustme.CA(), []
    shop = tls_server(ca, "other.test", seen)
    try:
        target, context = https_target(shop.port, ca)
        assert fetch.fetch(target, timeout=5, ssl_context=context).failure == "tls"
        # With TLS 1.3 the server may finish its side of the handshake and read an empty request.
        assert (seen, b"".join(shop.received)) == (["localhost"], b"")
    finally:
        shop.stop()


# -- a sandbox account's own hosts: public addresses only, unless ACCOUNT_CALLBACK_NETWORKS ------------------

ACCOUNT_RULE = ("a sandbox account's callback hosts must resolve only to public addresses; the operator of this "
                "server can allow networks for accounts with ACCOUNT_CALLBACK_NETWORKS")


@pytest.mark.parametrize("address", ["::127.0.0.1", "64:ff9b:1::a00:5", "4000::1"])
def test_reserved_ipv6_is_not_public(address):
    # IPv4-compatible (::a.b.c.d), local-use NAT64 (64:ff9b:1::/48), unassigned: never a public destination
    assert urlpolicy.is_public(urlpolicy.ipaddress.ip_address(address)) is False


@pytest.mark.parametrize("host, shown", [
    ("127.0.0.1", "127.0.0.1"), ("10.0.0.1", "10.0.0.1"), ("169.254.169.254", "169.254.169.254"),
    ("100.64.0.1", "100.64.0.1"), ("192.168.1.1", "192.168.1.1"), ("224.0.0.1", "224.0.0.1"),
    ("240.0.0.1", "240.0.0.1"), ("0.0.0.0", "0.0.0.0"), ("[::1]", "::1"), ("[fd00::1]", "fd00::1"),
    ("[fe80::1]", "fe80::1"), ("[::ffff:127.0.0.1]", "::ffff:7f00:1"), ("[::127.0.0.1]", "::7f00:1"),
    ("[2002:7f00:1::]", "2002:7f00:1::"), ("[64:ff9b::a00:5]", "64:ff9b::a00:5"),
    ("[64:ff9b:1::a00:5]", "64:ff9b:1::a00:5"), ("[2001:0:4136:e378:8000:63bf:3fff:fdd2]",
                                                   "2001:0:4136:e378:8000:63bf:3fff:fdd2"),
])
def test_account_address_must_be_public_whoever_lists_it(host, shown):
    resolve = resolver({})
    policy = Policy([], resolve)
    parsed = parse(f"http://{host}:5306/x")
    with pytest.raises(Refused) as exc:
        policy.check_account(parsed, frozenset({(parsed.host, None)}))  # as if listed before this rule
    assert str(exc.value) == f"not allowed for a sandbox account: {shown} is not a public address ({ACCOUNT_RULE})"
    assert resolve.calls == []


@pytest.mark.parametrize("name, addresses", [
    ("localhost", ["127.0.0.1", "::1"]), ("shop.test", ["93.184.216.34", "10.0.0.5"]),
    ("shop.test", ["::ffff:169.254.169.254"]), ("shop.test", ["64:ff9b::7f00:1"]),
])
def test_account_name_must_resolve_only_to_public_addresses(name, addresses):
    with pytest.raises(Refused) as exc:
        Policy([], resolver({name: addresses})).check_account(parse(f"http://{name}:5306/x"), parse_entries([name]))
    # where it resolves is not said: an account holder may not map the server's network by name
    assert str(exc.value) == (f"not allowed for a sandbox account: {name} resolves to an address that is not public "
                              f"({ACCOUNT_RULE})")


def test_account_name_checked_again_at_each_delivery_and_pinned():
    answers = iter([["93.184.216.34"], ["127.0.0.1"]])  # public when first asked, loopback the next time
    calls = []

    def rebinding(host, port, family=0, type=0):
        calls.append(host)
        return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", (a, port)) for a in next(answers)]
    policy, entries = Policy([], rebinding), parse_entries(["shop.test"])
    assert policy.check_account(parse("https://shop.test/cb?a=1"), entries).address == "93.184.216.34"
    with pytest.raises(Refused) as exc:
        policy.check_account(parse("https://shop.test/cb?a=1"), entries)
    assert str(exc.value) == (f"not allowed for a sandbox account: shop.test resolves to an address that is not public "
                              f"({ACCOUNT_RULE})")
    assert calls == ["shop.test", "shop.test"]


def test_account_host_not_listed_names_both_lists():
    with pytest.raises(Refused) as exc:
        Policy(["other.test"], resolver({})).check_account(parse("http://127.0.0.1:22/x"), parse_entries(["shop.test"]))
    assert str(exc.value) == ("not in the account's callback hosts: 127.0.0.1:22 is not listed there (add it in the "
                              "inspector, /inspector, or with PUT /api/sandbox/accounts/<id>/callback-hosts) nor in "
                              "the operator's CALLBACK_HOSTS")


def test_account_callback_networks_allow_what_the_operator_says():
    policy = Policy([], resolver({"shop.test": ["127.0.0.1"], "db.test": ["10.0.0.5"]}),
                    account_networks=["127.0.0.0/8", "fd00::/8"])
    entries = parse_entries(["shop.test", "db.test", "[::ffff:127.0.0.2]", "[fd00::1]", "10.0.0.5"])
    assert policy.check_account(parse("http://shop.test:8000/cb"), entries).address == "127.0.0.1"
    assert policy.check_account(parse("http://[::ffff:127.0.0.2]:8000/cb"), entries).address == "::ffff:7f00:2"
    assert policy.check_account(parse("http://[fd00::1]/cb"), entries).address == "fd00::1"
    for url, message in [("http://db.test/cb", "db.test resolves to an address that is not public"),
                         ("http://10.0.0.5/cb", "10.0.0.5 is not a public address")]:
        with pytest.raises(Refused) as exc:
            policy.check_account(parse(url), entries)
        assert str(exc.value) == f"not allowed for a sandbox account: {message} ({ACCOUNT_RULE})"


def test_account_entries_checked_when_listed():
    resolve = resolver({"shop.test": ["93.184.216.34"], "localhost": ["127.0.0.1"]})
    policy = Policy(["localhost:8000", "10.0.0.5"], resolve)
    policy.check_account_entries(["shop.test:8443", "localhost:8000", "10.0.0.5:9000", " 10.0.0.5 "])
    assert resolve.calls == ["shop.test"]  # entries the operator lists keep the operator's rule
    for entries, message in [
        (["shop.test", "localhost"], "'localhost': not allowed for a sandbox account: localhost resolves to an "
                                     f"address that is not public ({ACCOUNT_RULE})"),
        (["localhost:8001"], "'localhost:8001': not allowed for a sandbox account: localhost resolves to an address "
                             f"that is not public ({ACCOUNT_RULE})"),
        (["nowhere.test"], "'nowhere.test': the host name nowhere.test could not be resolved"),
        (["shop.test/cb"], "CALLBACK_HOSTS entry 'shop.test/cb': write host or host:port, without a scheme or path"),
    ]:
        with pytest.raises(ValueError) as exc:
            policy.check_account_entries(entries)
        assert str(exc.value) == message
