"""Property-based fuzzing of every route: malformed input never gets a 5xx, and every reply has the shape of
its route's kind.

Kinds and shapes:
- json (/api/...): application/json; a 4xx is {"error": {"kind", "message"}} (+ "errors");
- page: text/html; a 4xx is the error page with its message;
- sandbox (the emulated gateway's API): the gateway's name=value pairs with a `type`, or a 404 text for a path
  that names no command;
- inbox: "OK" or a 4xx text;
- static: a file or a 404.

ROUTES lists every rule of app.url_map with its kind, and test_every_route_is_fuzzed fails when a rule is
missing: a route added later joins this suite (ROUTES, and a targeted test when it takes input) in the same
change. Examples are bounded and derandomized, so the suite is quick and repeatable.
"""

import itertools
import json
import re
import time
from urllib.parse import parse_qsl, quote, urlsplit

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app import create_app
from forms import load_registry
from forms.v4 import load_v4_registry
from paynet import oauth
from paynet.wire import UnparseableResponse, parse_pairs
from sandbox import demo_keys
from tests.helpers import Ops
from tests.paste_grammar import PASTES
from tests.samples import V4_TEST_PUBLIC

ROUTES = {
    "/static/<path:filename>": "static",
    "/api/commands": "json",
    "/api/<command>/sign": "json",
    "/api/health": "json",
    "/api/environments": "json",
    "/api/<command>/submit": "json",
    "/api/<command>/export": "json",
    "/api/v4/<path:command>/sign": "json",
    "/api/v4/<path:command>/submit": "json",
    "/v4/<path:command>": "page",
    "/api/vectors": "json",
    "/api/openapi.json": "json",
    "/vectors": "page",
    "/api/postman/<flow>": "json",
    "/api/debug": "json",
    "/api/debug/v4": "json",
    "/debug/v4": "page",
    "/callbacks/inbox": "inbox",
    "/callbacks/inbox/<token>": "inbox",
    "/api/inboxes/<token>/entries/<entry_id>/relayed": "json",
    "/relay.py": "static",
    "/api/inboxes": "json",
    "/callbacks": "page",
    "/api/callbacks": "json",
    "/api/callback/verify": "json",
    "/sandbox/paynet/api/v2/<path:rest>": "sandbox",
    "/sandbox/paynet/api/3ds/v1/<path:rest>": "sandbox",
    "/sandbox/paynet/api/v4/<path:rest>": "sandbox-v4",
    "/sandbox/paynet/api/v4/tokenize/hosted-fields": "json",
    "/sandbox/paynet/form/<token>": "page",
    "/sandbox/paynet/3ds/<token>": "page",
    "/": "page",
    "/<command>": "page",
    "/debug": "page",
    "/inspector": "page",
    "/api/sandbox/accounts": "json",
    "/api/sandbox/accounts/<account_id>/requests": "json",
    "/api/sandbox/accounts/<account_id>/callback-hosts": "json",
    "/api/sandbox/accounts/<account_id>/public-key": "json",
    "/api/sandbox/accounts/<account_id>/requests/<int:entry_id>/resend": "json",
    "/api/sandbox/accounts/<account_id>/orders/<orderid>/callbacks": "json",
    "/api/sandbox/demo/orders/<orderid>/callbacks": "json",
    "/api/sandbox/accounts/<account_id>/exams": "json",
    "/api/sandbox/accounts/<account_id>/exams/<int:exam_id>": "json",
    "/docs/": "page",
    "/docs/<path:path>": "page",
    "/api/v4/<path:command>/export": "json",
    "/api/dapi/sign": "json",
    "/dapi": "page",
}
FUZZ = settings(max_examples=150, deadline=None, derandomize=True, database=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
COMMANDS = sorted(load_registry())
PARAMS = sorted({n for cls in load_registry().values() for n in cls.param_names()})
RESERVED = ["endpointid", "groupid", "merchant_control", "reveal", "environment", "confirm", "raw", "command",
            "public_key",
            "kind", "after", "control", "fingerprint", "relays_after", "status", "body"]
# The fields whose values are parsed (numbers, amounts, ids, digits): drawn more often than the rest.
HOT = ["amount", "expire_month", "expire_year", "endpointid", "groupid", "orderid", "cardrefid", "client_orderid",
       "login", "currency", "credit_card_number", "control", "merchant_control", "raw", "after", "target_id",
       "fingerprint"]
DEMO_KEY = oauth.load_private_key(demo_keys.PRIVATE_PEM)
SURROGATE = "\udcff-SURROGATE"  # replaced by a JSON \ud800 escape once the body is serialised

odd_text = st.one_of(
    st.text(max_size=30),
    st.sampled_from(["²", "٣", "١٢.٥٠", "１２", "\u00a0 1 ", "9" * 400, "9" * 5000, "1e400", "-1",
                     "0.30000000000000004", "", " ", "\x00", "%ff%fe", "&amp;", "javascript:alert(1)",
                     "<script>x</script>", "¤cy=USD", "10.42", "1111", "2222", "demo", "USD", "4538977399606732",
                     "12", "F2E7E74D", SURROGATE]),
    st.text(min_size=200, max_size=3000),
)
scalars = st.one_of(st.none(), st.booleans(), st.integers(), st.integers(min_value=10 ** 300, max_value=10 ** 4000),
                    st.floats(), odd_text)
json_values = st.recursive(scalars, lambda inner: st.lists(inner, max_size=3) |
                           st.dictionaries(st.text(max_size=8), inner, max_size=3), max_leaves=6)
names = st.sampled_from(HOT) | st.sampled_from(PARAMS + RESERVED) | st.text(max_size=12)
json_objects = st.dictionaries(names, json_values, max_size=10)


def serialise(payload) -> str:
    return json.dumps(payload, allow_nan=True).replace(json.dumps(SURROGATE)[1:-1], "\\ud800")


json_bodies = st.one_of(
    json_objects.map(serialise),
    json_values.map(serialise),
    st.integers(1, 100_000).map(lambda n: "[" * n),
    st.integers(1, 5_000).map(lambda n: '{"a":' * n + "1" + "}" * n),
    st.sampled_from(['{"a": 1', "{}", "[]", "null", "1" * 5000, '{"raw": "\\ud800"}', "\ufeff{}", '{"a": NaN}',
                     '{"a": 1e999}', "{'a': 1}", '{"a": "\\x"}']),
    st.binary(max_size=200).map(lambda b: b.decode("latin-1")),
)
form_pairs = st.lists(st.tuples(names | st.sampled_from(["result", "target"]),
                                odd_text.filter(lambda t: SURROGATE not in t)), max_size=12)
form_bodies = st.one_of(
    form_pairs.map(lambda pairs: "&".join(f"{quote(k)}={quote(v)}" for k, v in pairs).encode()),
    st.binary(max_size=300),
    st.sampled_from([b"a=%ff%fe&b=%", b"%%%", b"=&=&", b"amount=" + b"9" * 5000, b"login=\xff\xfe"]),
)
segments = st.one_of(st.sampled_from(COMMANDS + ["debug", "callbacks", "..", "%2e%2e", "x" * 300]),
                     st.text(min_size=1, max_size=20))
queries = st.dictionaries(st.sampled_from(["after", "after", "command", "raw", "reveal"]) | st.text(max_size=6),
                          odd_text.filter(lambda t: SURROGATE not in t), max_size=4)


@pytest.fixture(scope="module")
def fuzz(tmp_path_factory):
    """One app for the module (CSRF off, so page posts reach their views), with real hosted-page tokens."""
    app = create_app({"TESTING": True, "SECRET_KEY": "fuzz", "WTF_CSRF_ENABLED": False, "SEND_TIMEOUT": 2.0,
                      "SEND_DEADLINE": 3.0, "SANDBOX_ACCOUNT_RATE": 10**6,
                      "SANDBOX_DATABASE": str(tmp_path_factory.mktemp("fuzz") / "s.db")})
    client = app.test_client()
    ops = Ops(client)
    form = ops.submit("preauth-form", client_orderid="FZ1", amount="")["redirect-url"]
    sale = ops.submit("sale", client_orderid="FZ2", amount="10.00", credit_card_number="4000000000003220")
    ids = {"client_orderid": "FZ2", "orderid": sale["paynet-order-id"]}
    threeds = ops.submit("status", **ids)["redirect-to"]
    tokens = [urlsplit(form).path.rsplit("/", 1)[1], urlsplit(threeds).path.rsplit("/", 1)[1],
              client.post("/api/inboxes", json={}).get_json()["token"]]  # hosted form, 3DS page, an inbox
    return app, client, tokens


def check(kind: str, r, method: str = "GET") -> None:
    """The shape of a reply of this kind; never a 5xx."""
    try:
        _check(kind, r, method)
    finally:
        r.close()  # a static file is streamed from an open file


def _check(kind: str, r, method: str) -> None:
    assert r.status_code < 500, (r.status_code, r.get_data()[:300])
    if method in ("HEAD", "OPTIONS") or 300 <= r.status_code < 400:
        return  # no body to judge; routing's redirects (merged slashes) are Werkzeug's
    if kind == "json":
        assert r.mimetype == "application/json"
        data = r.get_json()
        assert isinstance(data, dict)
        if r.status_code >= 400:
            error = data["error"]
            assert isinstance(error["kind"], str) and error["kind"] and isinstance(error["message"], str)
    elif kind == "page":
        assert r.mimetype == "text/html"
        if r.status_code >= 400:
            assert 'class="error-text"' in r.get_data(as_text=True)
    elif kind == "sandbox":
        check_sandbox(r)
    elif kind == "sandbox-v4":
        check_sandbox_v4(r)
    elif kind == "inbox":  # a person's browser posting (the payer's return) gets the landing page
        assert r.get_data() == b"OK\n" or r.mimetype == "text/html" if r.status_code == 200 else \
            r.mimetype.startswith("text/")
    else:
        assert r.status_code in (200, 304, 404, 405)


def check_sandbox(r) -> None:
    if r.status_code == 200:
        try:
            fields = parse_pairs(r.get_data(as_text=True))
        except UnparseableResponse as exc:
            pytest.fail(f"the sandbox answered something that is not gateway pairs: {exc}")
        assert fields["type"] in ("validation-error", "error", "async-response", "async-form-response",
                                  "status-response", "create-card-ref-response", "get-card-info-response",
                                  "sync-response"), fields
        if fields["type"] in ("validation-error", "error"):
            assert fields["error-message"] and fields["error-code"]
    else:  # a path that names no command, or HTTP's own refusals: plain text, never a page
        assert r.status_code in (404, 405, 413) and r.mimetype == "text/plain", (r.status_code, r.mimetype)


def check_sandbox_v4(r) -> None:
    """v4: the gateway's pairs (or the ticket's JSON) when signed; a refused signature is a 401 in plain text."""
    if r.status_code == 200 and r.mimetype == "application/json":
        assert list(r.get_json()) == ["ephemeralTicket"]
    elif r.status_code == 200 and r.mimetype == "application/vnd.pay+json":  # Accept: application/vnd.pay+json
        fields = r.get_json()
        assert fields["type"] in ("validation-error", "error", "async-response", "async-form-response",
                                  "status-response"), fields
        assert fields["type"] not in ("validation-error", "error") or fields["error-message"] and fields["error-code"]
    elif r.status_code == 200:
        check_sandbox(r)
    else:
        assert r.status_code in (401, 404, 405, 413) and r.mimetype == "text/plain", (r.status_code, r.mimetype)


def fill(rule: str, segment: str) -> str:
    """A URL for the rule, each variable replaced by the (quoted) segment."""
    return re.sub(r"<[^>]+>", lambda m: quote(segment, safe="/" if "path:" in m[0] else ""), rule)


def test_every_route_is_fuzzed(fuzz):
    app, _, _ = fuzz
    assert sorted(r.rule for r in app.url_map.iter_rules()) == sorted(ROUTES)


@FUZZ
@given(rule=st.sampled_from(sorted(ROUTES)), segment=segments, query=queries,
       method=st.sampled_from(["GET", "POST", "PUT", "DELETE", "HEAD", "OPTIONS"]), body=st.binary(max_size=100),
       content_type=st.sampled_from(["application/json", "application/x-www-form-urlencoded", "text/plain", ""]))
def test_any_route_any_method(fuzz, rule, segment, query, method, body, content_type):
    _, client, _ = fuzz
    r = client.open(fill(rule, segment), method=method, query_string=query, data=body,
                    content_type=content_type or None)
    check(ROUTES[rule], r, method)


@FUZZ
@given(path=st.sampled_from(["/api/{}/sign", "/api/{}/submit", "/api/{}/export", "/api/debug", "/api/callback/verify",
                             "/api/inboxes", "/api/sandbox/accounts", "/api/sandbox/demo/orders/7000001/callbacks",
                             "/sandbox/paynet/api/v4/tokenize/hosted-fields",
                             "/api/sandbox/demo/orders/{}/callbacks"]),
       command=st.sampled_from(COMMANDS) | segments, body=json_bodies)
def test_json_posts(fuzz, path, command, body):
    _, client, _ = fuzz
    r = client.post(fill(path.replace("{}", "<command>"), command), data=body.encode("utf-8", "surrogatepass"),
                    content_type="application/json")
    check("json", r, "POST")


V4_COMMANDS = sorted(load_v4_registry())
V4_PARAMS = sorted({n for cls in load_v4_registry().values() for n in cls.param_names()})
V4_RESERVED = ["endpointid", "groupid", "environment", "oauth_consumer_key", "oauth_nonce", "oauth_timestamp",
               "authorization", "base_string", "json", "reveal", "confirm", "private_key"]
v4_objects = st.dictionaries(st.sampled_from(V4_PARAMS + V4_RESERVED) | names, json_values, max_size=10)


@FUZZ
@given(path=st.sampled_from(["/api/v4/{}/sign", "/api/v4/{}/submit", "/api/v4/{}/export"]),
       command=st.sampled_from(V4_COMMANDS) | segments, body=v4_objects.map(serialise) | json_bodies)
def test_v4_json_posts(fuzz, path, command, body):
    _, client, _ = fuzz
    r = client.post(path.replace("{}", quote(command, safe="/")), data=body.encode("utf-8", "surrogatepass"),
                    content_type="application/json")
    check("json", r, "POST")


@pytest.fixture(scope="module")
def account(fuzz):
    """A sandbox account with one request and one refused callback in its inspector."""
    _, client, _ = fuzz
    data = client.post("/api/sandbox/accounts", json={}).get_json()
    client.post(f"/sandbox/paynet/api/v2/status/{data['endpointid']}", data={"client_orderid": "FZ"})
    return data


@FUZZ
@given(which=st.integers(0, 3), path=st.sampled_from(["requests", "callback-hosts", "public-key", "requests/1/resend",
                                                        "requests/99999999999999999999/resend", "exams", "exams/1",
                                                        "exams/99999999999999999999", "orders/7000001/callbacks",
                                                        "orders/x%00/callbacks"]),
       method=st.sampled_from(["GET", "PUT", "POST"]), query=queries, body=json_bodies,
       token=st.sampled_from(["", "Bearer", "Bearer x", "Basic abc"]) | st.text(
           st.characters(min_codepoint=32, max_codepoint=255), max_size=300).map(lambda t: "Bearer " + t))
def test_sandbox_accounts(fuzz, account, which, path, method, query, body, token):
    _, client, _ = fuzz
    # The right id and token, the right id and a fuzzed token, a fuzzed id, the token of another id.
    auth = [f"Bearer {account['token']}", token, f"Bearer {account['token']}", token][which]
    account_id = account["id"] if which < 2 else quote(str(query.get("after", "9")), safe="") or "x"
    r = client.open(f"/api/sandbox/accounts/{account_id}/{path}", method=method, query_string=query,
                    data=body.encode("utf-8", "surrogatepass"), content_type="application/json",
                    headers={"Authorization": auth})
    check("json", r, method)


V4_COMMANDS = sorted(load_v4_registry())
V4_NONCES = itertools.count()
header_text = st.text(st.characters(min_codepoint=32, max_codepoint=255), max_size=200)
v4_headers = st.one_of(header_text, st.sampled_from(["OAuth", "OAuth a", 'OAuth a="1", a="2"', "Bearer x",
                                                     'OAuth oauth_consumer_key="demo"']))


@FUZZ
@given(command=st.sampled_from(V4_COMMANDS) | segments, target=st.sampled_from(["1111", "group/2222", "9", "x"]),
       body=form_bodies, signed=st.booleans(), header=v4_headers,
       timestamp=st.sampled_from([0, -1000, 10**13]) | st.integers(-10**6, 10**6), json=st.booleans())
def test_sandbox_v4(fuzz, command, target, body, signed, header, timestamp, json):
    """Signed with the demo key (any body reaches its command) or a fuzzed Authorization header."""
    _, client, _ = fuzz
    path = f"/sandbox/paynet/api/v4/{quote(command, safe='/')}/{target}"
    if signed:
        pairs = parse_qsl(body.decode("utf-8", "replace"), keep_blank_values=True)
        params = oauth.oauth_params("demo", f"fuzz-{next(V4_NONCES)}", str(int(time.time()) + timestamp % 1200))
        header = oauth.sign("POST", "http://localhost" + path, pairs, params, DEMO_KEY).authorization
    r = client.post(path, data=body, content_type="application/x-www-form-urlencoded",
                    headers={"Authorization": header, "Accept": "application/vnd.pay+json" if json else "*/*"})
    check("sandbox-v4", r, "POST")


@FUZZ
@given(path=st.sampled_from(["/api/commands", "/api/health", "/api/environments", "/api/callbacks", "/api/vectors",
                             "/api/openapi.json", "/api/postman/sale-return"]),
       query=queries)
def test_json_gets(fuzz, path, query):
    _, client, _ = fuzz
    check("json", client.get(path, query_string=query))


@FUZZ
@given(raw=PASTES, key=st.sampled_from(["", "B17F59B4-A7DC-41B4-8FF9-37D986B43D20"]), page=st.booleans())
def test_pastes_by_the_grammar(fuzz, raw, key, page):
    """The debugger's input by its grammar (tests/paste_grammar.py), to the JSON API and the page."""
    _app, client, _tokens = fuzz
    if page:
        check("page", client.post("/debug", data={"raw": raw, "merchant_control": key}), "POST")
    else:
        check("json", client.post("/api/debug", json={"raw": raw, "merchant_control": key}), "POST")


# v4 pastes: a request line or URL, an Authorization header whose parameters are drawn (some missing, some odd),
# a body; with the test public key, so the variant search runs on them.
header_values = st.sampled_from(["demo", "n1", "RSA-SHA256", "HMAC-SHA1", "1764806400", "1764806400000", "1.0",
                                 "abc%3D", "%252B", "a+b/c=", "", '"', "\\"]) | st.text(max_size=20)
v4_headers = st.dictionaries(st.sampled_from([*oauth.SIGNED_OAUTH, "oauth_signature", "realm"]) | st.text(max_size=6),
                             header_values, max_size=8).map(
    lambda d: "OAuth " + ", ".join(f'{k}="{v}"' for k, v in d.items()))
v4_pastes = st.tuples(
    st.sampled_from(["POST https://gw.example/paynet/api/v4/payout/1111", "POST /paynet/api/v4/sale/group/2222 HTTP/1.1"
                     "\nHost: GW.example:443", "curl -X POST 'http://h/api/v4/status/1/'", "", "https://x"]),
    v4_headers, st.sampled_from(["client_orderid=A1&amount=10.42", "9=a&10=b&login=demo&oauth_nonce=n1", "",
                                 '{"a": 1}', "a=&b=%ZZ"]) | st.text(max_size=40),
    st.sampled_from(["\nAuthorization: ", " -H 'Authorization: ", "\n"])).map(
    lambda t: f"{t[0]}{t[3]}{t[1]}{chr(39) if chr(39) in t[3] else ''}\n\n{t[2]}")


@FUZZ
@given(raw=v4_pastes | PASTES, key=st.sampled_from([V4_TEST_PUBLIC, "", "-----BEGIN PUBLIC KEY-----\nAA\n"]),
       page=st.booleans())
def test_v4_pastes(fuzz, raw, key, page):
    """The v4 debugger's input: drawn requests to the JSON API and the page; a 200 has a verdict."""
    _app, client, _tokens = fuzz
    if page:
        check("page", client.post("/debug/v4", data={"raw": raw, "public_key": key}), "POST")
        return
    r = client.post("/api/debug/v4", json={"raw": raw, "public_key": key})
    check("json", r, "POST")
    assert r.status_code != 200 or r.get_json()["verdict"] in ("match", "mismatch", "unreadable")


@FUZZ
@given(path=st.sampled_from(["/debug", "/"]) | st.sampled_from(COMMANDS).map(lambda c: "/" + c), body=form_bodies)
def test_page_posts(fuzz, path, body):
    _, client, _ = fuzz
    r = client.post(path, data=body, content_type="application/x-www-form-urlencoded",
                    headers={"X-Fragment": "1"} if path == "/debug" and len(body) % 2 else {})
    check("page", r, "POST")


@FUZZ
@given(path=st.sampled_from(COMMANDS).map(lambda c: f"{c}/1111") | st.sampled_from(COMMANDS).map(
    lambda c: f"{c}/group/2222") | segments.map(lambda s: f"{quote(s, safe='')}/{quote(s, safe='')}")
       | st.sampled_from(["sync/account-verification/1111", "status/٣", "status/99999999999999999999999"]),
       prefix=st.sampled_from(["api/v2", "api/3ds/v1"]), body=form_bodies)
def test_sandbox_api(fuzz, account, path, prefix, body):
    _, client, _ = fuzz
    r = client.post(f"/sandbox/paynet/{prefix}/{path}", data=body, content_type="application/x-www-form-urlencoded")
    check("sandbox", r, "POST")
    # The same at a sandbox account's ids: its inspector explains whatever arrives.
    mine = path.replace("1111", account["endpointid"]).replace("2222", account["groupid"])
    r = client.post(f"/sandbox/paynet/{prefix}/{mine}", data=body, content_type="application/x-www-form-urlencoded")
    check("sandbox", r, "POST")


@FUZZ
@given(page=st.sampled_from(["form", "3ds"]), token=st.integers(0, 1) | segments, method=st.sampled_from(["GET",
                                                                                                        "POST"]),
       body=form_bodies)
def test_hosted_pages(fuzz, page, token, method, body):
    _, client, tokens = fuzz
    token = tokens[token] if isinstance(token, int) else quote(token, safe="")
    r = client.open(f"/sandbox/paynet/{page}/{token}", method=method, data=body,
                    content_type="application/x-www-form-urlencoded")
    check("page", r, method)


@FUZZ
@given(method=st.sampled_from(["GET", "POST"]), query=queries, body=st.binary(max_size=300),
       headers=st.dictionaries(st.sampled_from(["X-Odd", "Cookie", "Authorization", "Content-Type", "Sec-Fetch-Mode",
                                                "Accept"]),
                               st.text(st.characters(min_codepoint=32, max_codepoint=255), max_size=30), max_size=3))
def test_inbox(fuzz, method, query, body, headers):
    _, client, tokens = fuzz
    # The live inbox, an unknown token and the old shared inbox (410), in turn.
    path = ["/callbacks/inbox/" + tokens[2], "/callbacks/inbox/" + "Q" * 32, "/callbacks/inbox"][len(body) % 3]
    r = client.open(path, method=method, query_string=query, data=body, headers=headers)
    check("inbox", r, method)


@pytest.fixture(scope="module")
def inbox_entry(fuzz):
    """The live inbox with one entry (its id), for relay reports."""
    app, client, tokens = fuzz
    client.get(f"/callbacks/inbox/{tokens[2]}?status=approved")
    return app.extensions["sandbox"].store.inbox_entries(tokens[2])[0][-1]["id"]


@FUZZ
@given(which=st.integers(0, 2), entry_id=st.integers(0, 2) | segments, body=json_bodies,
       content_type=st.sampled_from(["application/json", "text/plain"]))
def test_relay_reports(fuzz, inbox_entry, which, entry_id, body, content_type):
    _, client, tokens = fuzz
    # The live inbox's entry, another id there, an unknown token.
    token = tokens[2] if which < 2 else "Q" * 32
    entry = inbox_entry if which == 0 else quote(str(entry_id), safe="")
    r = client.post(f"/api/inboxes/{token}/entries/{entry or 'x'}/relayed",
                    data=body.encode("utf-8", "surrogatepass"), content_type=content_type)
    check("json", r, "POST")


@FUZZ
@given(path=st.sampled_from(["/", "/callbacks", "/debug", "/inspector", "/vectors", "/static/style.css"])
       | segments.map(lambda s: "/" + quote(s, safe=""))
       | segments.map(lambda s: "/static/" + quote(s, safe="/")), query=queries)
def test_gets_with_odd_query_strings(fuzz, path, query):
    _, client, _ = fuzz
    check("static" if path.startswith("/static/") else "page", client.get(path, query_string=query))


DAPI_NAMES = ["accessToken", "serialNumber", "endpointId", "nonce", "invoiceId", "amountCentis", "currency",
              "destinationServerCardId", "sourceServerCardId", "control_key", "reveal"]
dapi_values = json_values | st.sampled_from(["B17F59B4-A7DC-41B4-8FF9-37D986B43D20", "b17f59b4", "ABC", "----",
                                             "0100", "10.42", "9223372036854775808", "-5", 1042, 10.42, True])
dapi_objects = st.dictionaries(st.sampled_from(DAPI_NAMES) | names, dapi_values, max_size=10)


@settings(FUZZ, max_examples=60)  # one route, one kind of body: fewer examples than the shared routes get
@given(body=dapi_objects.map(serialise) | json_bodies)
def test_dapi_json_posts(fuzz, body):
    _, client, _ = fuzz
    r = client.post("/api/dapi/sign", data=body.encode("utf-8", "surrogatepass"), content_type="application/json")
    check("json", r, "POST")
