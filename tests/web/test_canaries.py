"""Canaries on every route: the merchant control key and card data never come back, are never
logged and never stored, unless a reply was asked to reveal them (then only in that reply).

Every rule of app.url_map must be listed in ROUTES with the methods it answers: a route added
later fails test_every_route_is_covered until it joins ROUTES here, with a case that sends the
canaries wherever it takes input (JSON fields, form posts, pastes, bodies, query strings).
"""

import hashlib
import logging
import re
import time
from dataclasses import dataclass
from urllib.parse import quote, urlencode, urlsplit

import pytest

from paynet import oauth
from sandbox import demo_keys
from tests import servers
from tests.conftest import CANARY_KEY, DOC_KEY
from tests.helpers import EXAMPLES, Ops
from tests.samples import DAPI_FIELDS, V4_TEST_KEY, V4_TEST_PUBLIC

CARD, CVV = "4111111111111111", "987"  # a Luhn-valid test card
SECRETS = {"merchant_control": CANARY_KEY, "credit_card_number": CARD, "cvv2": CVV}
QUERY = "?" + urlencode(SECRETS)
SALE = {**EXAMPLES["sale"], "endpointid": "1111", "credit_card_number": CARD, "cvv2": CVV}
# A private key typed where a public key goes: it holds the key canary, which leaks() looks for.
PRIVATE_CANARY = f"-----BEGIN PRIVATE KEY-----\n{CANARY_KEY}\n-----END PRIVATE KEY-----\n"
OTHER_PRIVATE = V4_TEST_KEY  # a key that is not the demo account's
EXAMPLES_V4_PAYOUT = [("client_orderid", "c1"), ("amount", "10.42"), ("currency", "USD")]
_CVV_SHOWN = re.compile(r"cvv2(?:[\W_]|t[dhr])*987(?![0-9])")


def leaks(text: str) -> list[str]:
    """Which canaries `text` shows in full."""
    found = [s for s in (CANARY_KEY, CARD) if s in text]
    return found + (["cvv2=987"] if _CVV_SHOWN.search(text) else [])


def mirror(conn, server):
    """A gateway that echoes every parameter it received, card data included."""
    request = servers.read_request(conn)
    echoed = request.partition(b"\r\n\r\n")[2].replace(b"&", b"\n&")
    conn.sendall(servers.response("200 OK", b"type=async-response\n&paynet-order-id=1\n&" + echoed + b"\n"))


@dataclass
class Ctx:
    app: object
    client: object
    mirror_url: str


def get(path):
    return lambda ctx: [(ctx.client.get(path + QUERY), False)]


def sign(ctx):
    preview = ctx.client.post("/api/sale/sign", json={**SALE, "merchant_control": CANARY_KEY})
    assert "411111******1111" in preview.get_data(as_text=True)
    assert '--data-urlencode "credit_card_number=${PAYNET_CARD_NUMBER}"' in preview.get_json()["curl"]
    revealed = ctx.client.post("/api/sale/sign", json={**SALE, "merchant_control": CANARY_KEY, "reveal": True})
    form = ctx.client.post("/api/preauth-form/sign", json={**EXAMPLES["preauth-form"], **SECRETS, "endpointid": "1"})
    return [(preview, False), (revealed, True), (form, False)]


def export(ctx):
    masked = ctx.client.post("/api/sale/export", json=SALE)  # the copies read card data from variables
    assert masked.get_json()["variables"] == {"credit_card_number": "PAYNET_CARD_NUMBER", "cvv2": "PAYNET_CVV2"}
    refused = ctx.client.post("/api/sale/export", json={**SALE, "merchant_control": CANARY_KEY})
    assert refused.status_code == 400
    misplaced = ctx.client.post("/api/sale/export", json={**SALE, "fingerprint": CANARY_KEY})  # the key typed there
    assert misplaced.status_code == 400
    return [(masked, False), (refused, False), (misplaced, False)]


def submit(ctx):
    local = ctx.client.post("/api/sale/submit", json={**SALE, "merchant_control": CANARY_KEY})
    accepted = ctx.client.post("/api/sale/submit", json={**SALE, "merchant_control": DOC_KEY})
    assert accepted.get_json()["response"]["fields"]["type"] == "async-response"
    echoed = ctx.client.post("/api/sale/submit", json={**SALE, "merchant_control": CANARY_KEY, "environment": "mirror"})
    assert echoed.get_json()["response"]["fields"]["credit_card_number"] == "411111******1111"
    return [(local, False), (accepted, False), (echoed, False)]


PASTE = ("POST /paynet/api/v2/sale/1111 HTTP/1.1\nHost: h\n\n" + urlencode({**SALE, "merchant_control": CANARY_KEY})
         + "&control=abc")


def debug_api(ctx):
    masked = ctx.client.post("/api/debug", json={"raw": PASTE, "merchant_control": CANARY_KEY})
    assert masked.get_json()["fields"]["credit_card_number"] == "411111******1111"
    revealed = ctx.client.post("/api/debug", json={"raw": PASTE, "merchant_control": CANARY_KEY, "reveal": True})
    compared = ctx.client.post("/api/debug", json={"raw": PASTE, "merchant_control": CANARY_KEY,
                                                   "fingerprint": "f2e7e74d"})
    assert compared.get_json()["fingerprint"]["yours"] == "2218aa4c"
    misplaced = ctx.client.post("/api/debug", json={"raw": PASTE, "fingerprint": CANARY_KEY})
    return [(masked, False), (revealed, True), (compared, False), (misplaced, False)]


def debug_page(ctx):
    page = ctx.client.post("/debug", data={"raw": PASTE, "merchant_control": CANARY_KEY})
    fragment = ctx.client.post("/debug", data={"raw": PASTE, "merchant_control": CANARY_KEY},
                               headers={"X-Fragment": "1"})
    misplaced = ctx.client.post("/debug", data={"raw": PASTE, "fingerprint": CANARY_KEY})  # the key typed there
    return [(ctx.client.get("/debug" + QUERY), False), (page, False), (fragment, False), (misplaced, False)]


CALLBACK = urlencode({"status": "approved", "orderid": "7000001", "merchant_order": "R1", **SECRETS, "control": "x"})


def issue(ctx):
    r = ctx.client.post("/api/inboxes", json={"merchant_control": CANARY_KEY, **SECRETS})
    assert r.status_code == 201
    return r


def inbox(ctx):
    token = issue(ctx).get_json()["token"]
    return [(ctx.client.get(f"/callbacks/inbox/{token}?" + CALLBACK), False),
            (ctx.client.post(f"/callbacks/inbox/{token}" + QUERY, data=CALLBACK,
                             content_type="application/x-www-form-urlencoded"), False),
            (ctx.client.post(f"/callbacks/inbox/{token}", data=CALLBACK,  # the payer's return: the landing page
                             content_type="application/x-www-form-urlencoded",
                             headers={"Sec-Fetch-Mode": "navigate"}), False)], token


def old_inbox(ctx):
    return [(ctx.client.get("/callbacks/inbox?" + CALLBACK), False),
            (ctx.client.post("/callbacks/inbox" + QUERY, data=CALLBACK,
                             content_type="application/x-www-form-urlencoded"), False)]


def private_inbox(ctx):
    return inbox(ctx)[0]


def inboxes(ctx):
    return [(issue(ctx), False)]


def callbacks_list(ctx):
    replies, token = inbox(ctx)
    listed = ctx.client.get(f"/api/callbacks?token={token}&merchant_control={quote(CANARY_KEY)}")
    assert len(listed.get_json()["received"]) == 3
    return replies + [(listed, False)]


def relay_report(ctx):
    """A local handler that echoed the callback, key and card data in its body, reported by relay.py."""
    replies, token = inbox(ctx)
    path = f"/api/inboxes/{token}/entries/1/relayed"
    reported = ctx.client.post(path + QUERY, json={"status": 200, "body": CALLBACK})
    assert reported.status_code == 200
    refused = ctx.client.post(path, json={"status": 200, "body": CALLBACK, **SECRETS})  # unknown fields
    assert refused.status_code == 400
    listed = ctx.client.get(f"/api/callbacks?token={token}&relays_after=0")
    assert listed.get_json()["relays"][0]["status"] == 200
    return replies + [(reported, False), (refused, False), (listed, False)]


def verify(ctx):
    masked = ctx.client.post("/api/callback/verify", json={"raw": CALLBACK, "merchant_control": CANARY_KEY})
    assert masked.get_json()["fields"]["merchant_control"] == "***"
    revealed = ctx.client.post("/api/callback/verify", json={"raw": CALLBACK, "merchant_control": CANARY_KEY,
                                                             "reveal": True})
    compared = ctx.client.post("/api/callback/verify", json={"raw": CALLBACK, "merchant_control": CANARY_KEY,
                                                             "fingerprint": "f2e7e74d"})
    misplaced = ctx.client.post("/api/callback/verify", json={"raw": CALLBACK, "fingerprint": CANARY_KEY})
    assert misplaced.status_code == 400
    return [(masked, False), (revealed, True), (compared, False), (misplaced, False)]


def sandbox_control(values: dict) -> str:
    minor = values["amount"].replace(".", "")
    return hashlib.sha1(f"1111{values['client_orderid']}{minor}{values['email']}{DOC_KEY}".encode()).hexdigest()


def sandbox_api(ctx):
    values = {k: v for k, v in SALE.items() if k != "endpointid"}
    good = {**values, "control": sandbox_control(values)}
    url = "/sandbox/paynet/api/v2/sale/1111"
    return [(ctx.client.post(url, data=urlencode(good), content_type="application/x-www-form-urlencoded"), False),
            (ctx.client.post(url, data=urlencode({**good, "merchant_control": CANARY_KEY}),
                             content_type="application/x-www-form-urlencoded"), False),
            (ctx.client.post(url + QUERY, data=urlencode(values), content_type="text/plain"), False)]


def hosted_form(ctx):
    fields = {**EXAMPLES["preauth-form"], "endpointid": "1111", "merchant_control": DOC_KEY, "amount": ""}
    url = ctx.client.post("/api/preauth-form/submit", json=fields).get_json()["response"]["fields"]["redirect-url"]
    path = urlsplit(url).path
    return [(ctx.client.get(path + QUERY), False),
            (ctx.client.post(path + QUERY, data={**SECRETS, "amount": CARD + ".001"}), False),
            (ctx.client.post(path, data={**SECRETS, "amount": "5.00"}), False)]


def challenge(ctx) -> tuple[dict, str]:
    """A 3-D Secure sale waiting for its challenge: its ids and the challenge page's path."""
    sale = {**SALE, "merchant_control": DOC_KEY, "credit_card_number": "4000000000003220"}
    fields = ctx.client.post("/api/sale/submit", json=sale).get_json()["response"]["fields"]
    ids = {"client_orderid": fields["merchant-order-id"], "orderid": fields["paynet-order-id"]}
    status = {**EXAMPLES["status"], **ids, "login": "demo", "endpointid": "1111", "merchant_control": DOC_KEY}
    path = urlsplit(ctx.client.post("/api/status/submit", json=status).get_json()["response"]["fields"]
                    ["redirect-to"]).path
    return ids, path


def sandbox_upload(ctx):
    ids, path = challenge(ctx)
    cres = re.search(r'id="cRes-authenticated">([^<]+)<', ctx.client.get(path).get_data(as_text=True))[1]
    values = {"cRes": cres, "orderid": ids["orderid"], "login": "demo", "client-order-id": ids["client_orderid"]}
    control = hashlib.sha1(f"demo{ids['client_orderid']}{ids['orderid']}{DOC_KEY}".encode()).hexdigest()
    url = "/sandbox/paynet/api/3ds/v1/upload-cres-result/1111"
    good = ctx.client.post(url, data=urlencode({**values, "control": control}),
                           content_type="application/x-www-form-urlencoded")
    assert "type=async-response" in good.get_data(as_text=True)
    bad = ctx.client.post(url, data=urlencode({**values, "control": control, **SECRETS}),
                          content_type="application/x-www-form-urlencoded")
    return [(bad, False), (good, False),
            (ctx.client.post(url + QUERY, data=urlencode(values), content_type="text/plain"), False)]


def three_ds(ctx):
    _, path = challenge(ctx)
    return [(ctx.client.get(path + QUERY), False),
            (ctx.client.post(path, data={**SECRETS, "result": "authenticated"}), False)]


def builder_page(ctx):
    post = ctx.client.post("/sale", data={**SALE, "merchant_control": CANARY_KEY, "target_id": "1111"})
    assert "411111******1111" in post.get_data(as_text=True)
    return [(ctx.client.get("/sale" + QUERY), False), (post, False),
            (ctx.client.post("/preauth-form", data={**EXAMPLES["preauth-form"], **SECRETS}), False)]


# A private key typed into the v4 page: the page never posts it; posted anyway, it is refused, never echoed.
PEM_CANARY = "-----BEGIN RSA PRIVATE KEY-----\nCANARYPEM7f3e9a1cdonotleak\n-----END RSA PRIVATE KEY-----"
V4 = {"client_orderid": "c1", "amount": "1.00", "currency": "USD", "endpointid": "1111",
      "oauth_consumer_key": "demo", "oauth_nonce": "0123456789abcdef", "oauth_timestamp": "1764806400",
      "credit_card_number": CARD}


def no_pem(replies):
    for resp, _revealed in replies:
        assert "CANARYPEM7f3e9a1cdonotleak" not in resp.get_data(as_text=True)
    return replies


def v4_sign(ctx):
    masked = ctx.client.post("/api/v4/payout/sign", json={**V4, "order_desc": CANARY_KEY})
    assert "453897" not in masked.get_data(as_text=True) and "411111******1111" in masked.get_json()["body"]
    refused = [ctx.client.post("/api/v4/payout/sign", json={**V4, name: PEM_CANARY})
               for name in ("private_key", "order_desc", "oauth_consumer_key")]
    assert {r.status_code for r in refused} == {400}
    return no_pem([(ctx.client.post("/api/v4/payout/sign", json=V4), False)] + [(r, False) for r in refused])


def v4_submit(ctx):
    header = 'OAuth oauth_consumer_key="demo", oauth_signature="abc%3D"'
    refused = [ctx.client.post("/api/v4/payout/submit", json={**V4, "authorization": header, "pem": PEM_CANARY}),
               ctx.client.post("/api/v4/payout/submit", json={**V4, "authorization": PEM_CANARY}),
               ctx.client.post("/api/v4/payout/submit", json={**V4, "environment": "mirror", "authorization": header})]
    return no_pem([(r, False) for r in refused])


def v4_export(ctx):
    """The snippets read the card from PAYNET_CARD_NUMBER and the key from the file PAYNET_PRIVATE_KEY_FILE names: a
    typed card is in none of them, and a key sent anyway is refused, never echoed."""
    masked = ctx.client.post("/api/v4/payout/export", json=V4)
    assert masked.get_json()["variables"] == {"credit_card_number": "PAYNET_CARD_NUMBER"}
    assert demo_keys.PRIVATE_PEM.splitlines()[1] not in masked.get_data(as_text=True)
    refused = [ctx.client.post("/api/v4/payout/export", json={**V4, name: PEM_CANARY})
               for name in ("private_key", "order_desc", "oauth_consumer_key")]
    assert {r.status_code for r in refused} == {400}
    return no_pem([(masked, False)] + [(r, False) for r in refused])


def v4_page(ctx):
    return no_pem([(ctx.client.get("/v4/payout?" + urlencode({**SECRETS, "private_key": PEM_CANARY})), False)])


V4_PASTE = ("POST https://gw.example/paynet/api/v4/payout/1111\nAuthorization: OAuth oauth_consumer_key=\"demo\", "
            'oauth_nonce="n1", oauth_signature="abc%3D", oauth_signature_method="RSA-SHA256", oauth_timestamp='
            '"1764806400", oauth_version="1.0"\n' + urlencode({**SECRETS, "client_orderid": "c1"}))


def v4_debug_api(ctx):
    explained = ctx.client.post("/api/debug/v4", json={"raw": V4_PASTE, "public_key": V4_TEST_PUBLIC})
    assert explained.get_json()["verdict"] == "mismatch"
    assert "411111%252A%252A%252A%252A%252A%252A1111" in explained.get_json()["base_string"]
    refused = ctx.client.post("/api/debug/v4", json={"raw": V4_PASTE, "public_key": PEM_CANARY})
    assert refused.status_code == 400
    return no_pem([(explained, False), (refused, False)])


def v4_debug_page(ctx):
    page = ctx.client.post("/debug/v4", data={"raw": V4_PASTE, "public_key": V4_TEST_PUBLIC})
    refused = ctx.client.post("/debug/v4", data={"raw": V4_PASTE, "public_key": PEM_CANARY},
                              headers={"X-Fragment": "1"})
    return no_pem([(ctx.client.get("/debug/v4" + QUERY), False), (page, False), (refused, False)])


DAPI_HEX_KEY = "CA11A4E7-0000-4D0E-8000-DEADBEEF7F3E"  # a control key DAPI can decode: CANARY_KEY cannot


def dapi_sign(ctx):
    fields = {**DAPI_FIELDS, "control_key": DAPI_HEX_KEY, "merchant_control": CANARY_KEY}
    masked = ctx.client.post("/api/dapi/sign", json=fields)
    revealed = ctx.client.post("/api/dapi/sign", json={**fields, "reveal": True})
    refused = ctx.client.post("/api/dapi/sign", json={**DAPI_FIELDS, "control_key": CANARY_KEY, "reveal": True})
    assert (masked.status_code, revealed.status_code, refused.status_code) == (200, 200, 400)
    assert DAPI_HEX_KEY not in masked.get_data(as_text=True) and "CA11A4E7" not in masked.get_data(as_text=True)
    assert revealed.get_json()["control_key"] == DAPI_HEX_KEY  # asked for, and only in that reply
    return [(masked, False), (revealed, False), (refused, False)]


def dapi_page(ctx):
    return [(ctx.client.get("/dapi" + QUERY), False)]


def sandbox_account(ctx) -> dict:
    r = ctx.client.post("/api/sandbox/accounts", json={"merchant_control": CANARY_KEY, **SECRETS})
    assert r.status_code == 201
    return r.get_json()


def accounts(ctx):
    r = ctx.client.post("/api/sandbox/accounts", json={"merchant_control": CANARY_KEY, **SECRETS})
    return [(r, False)]


def account_requests(ctx):
    account = sandbox_account(ctx)
    values = {k: v for k, v in SALE.items() if k != "endpointid"}
    url = f"/sandbox/paynet/api/v2/sale/{account['endpointid']}"
    sent = [ctx.client.post(url, data=urlencode({**values, "merchant_control": CANARY_KEY, "control": "0" * 40}),
                            content_type="application/x-www-form-urlencoded"),
            ctx.client.post(url + QUERY, data=urlencode({**values, "note": f"{CARD} cvv2={CVV}"}),
                            content_type="application/x-www-form-urlencoded")]
    listed = ctx.client.get(f"/api/sandbox/accounts/{account['id']}/requests" + QUERY,
                            headers={"Authorization": f"Bearer {account['token']}"})
    assert len(listed.get_json()["entries"]) == 2
    assert "411111******1111" in listed.get_data(as_text=True)
    return [(r, False) for r in (*sent, listed)]


def account_hosts(ctx):
    account = sandbox_account(ctx)
    auth = {"Authorization": f"Bearer {account['token']}"}
    path = f"/api/sandbox/accounts/{account['id']}/callback-hosts"
    return [(ctx.client.put(path + QUERY, json={"hosts": [CANARY_KEY, CARD]}, headers=auth), False),
            (ctx.client.put(path, json={"hosts": ["127.0.0.1"], **SECRETS}, headers=auth), False)]


def v4_send(ctx, path, body, key, consumer="demo", nonce="canary-1"):
    url = f"http://localhost/sandbox/paynet/api/v4/{path}"
    signed = oauth.sign("POST", url, body, oauth.oauth_params(consumer, nonce, str(int(time.time()))), key)
    return ctx.client.post(url, data=urlencode(body), headers={"Authorization": signed.authorization},
                           content_type="application/x-www-form-urlencoded")


def sandbox_v4(ctx):
    """Card data in a v4 body: a refused signature shows its base string masked; an accepted request, a hosted
    sale refused for its card fields and an account's inspector entry never show the card either."""
    demo, other = oauth.load_private_key(demo_keys.PRIVATE_PEM), oauth.load_private_key(OTHER_PRIVATE)
    payout = [*EXAMPLES_V4_PAYOUT, ("credit_card_number", CARD), ("cvv2", CVV)]
    account = sandbox_account(ctx)
    ctx.client.put(f"/api/sandbox/accounts/{account['id']}/public-key", json={"public_key": demo_keys.PUBLIC_PEM},
                   headers={"Authorization": f"Bearer {account['token']}"})
    sale = [("client_orderid", "c1"), ("order_desc", "x"), ("amount", "1.00"), ("currency", "USD"),
            ("hosted_fields_token", "hft_x"), ("credit_card_number", CARD), ("cvv2", CVV)]
    return [(v4_send(ctx, "payout/1111", payout, other), False), (v4_send(ctx, "payout/1111", payout, demo), False),
            (v4_send(ctx, "sale/1111", sale, demo, nonce="canary-2"), False),
            (v4_send(ctx, f"payout/{account['endpointid']}", payout, other, account["login"]), False),
            (ctx.client.post("/sandbox/paynet/api/v4/payout/1111" + QUERY, data=urlencode(payout),
                             headers={"Authorization": f'OAuth oauth_signature="{CANARY_KEY}"'}), False)]


def hosted_fields(ctx):
    url = "/sandbox/paynet/api/v4/tokenize/hosted-fields"
    card = {"credit_card_number": CARD, "expire_month": "12", "expire_year": "2099", "cvv2": CVV}
    return [(ctx.client.post(url + QUERY, json={"ticket": CANARY_KEY, **card}), False),
            (ctx.client.post(url, json={"ticket": "eph_x", **card, "expire_month": CARD}), False),
            (ctx.client.post(url, json={"ticket": "eph_x", **card, "cvv2": CARD}), False)]


def account_public_key(ctx):
    account = sandbox_account(ctx)
    auth = {"Authorization": f"Bearer {account['token']}"}
    path = f"/api/sandbox/accounts/{account['id']}/public-key"
    return [(ctx.client.put(path + QUERY, json={"public_key": PRIVATE_CANARY}, headers=auth), False),
            (ctx.client.put(path, json={"public_key": f"-----BEGIN PUBLIC KEY-----\n{CANARY_KEY}\n"
                                                      "-----END PUBLIC KEY-----\n"}, headers=auth), False),
            (ctx.client.put(path, json={"public_key": demo_keys.PUBLIC_PEM, **SECRETS}, headers=auth), False)]


def account_resend(ctx):
    account = sandbox_account(ctx)
    path = f"/api/sandbox/accounts/{account['id']}/requests/1/resend"
    return [(ctx.client.post(path + QUERY, json=SECRETS, headers={"Authorization": f"Bearer {account['token']}"}),
             False)]


def order_callbacks(ctx):
    """Callbacks on demand: a demo order's to an inbox (its params in the reply), an account's unknown order."""
    token = ctx.client.post("/api/inboxes", json={}).get_json()["token"]
    orderid = Ops(ctx.client).approved("sale", "CANARY-CB")["orderid"]
    demo = ctx.client.post(f"/api/sandbox/demo/orders/{orderid}/callbacks" + QUERY,
                           json={"inbox": token, "amount": CARD, **SECRETS})
    fine = ctx.client.post(f"/api/sandbox/demo/orders/{orderid}/callbacks", json={"inbox": token, **SECRETS})
    assert fine.status_code == 202
    account = sandbox_account(ctx)
    theirs = ctx.client.post(f"/api/sandbox/accounts/{account['id']}/orders/{orderid}/callbacks" + QUERY,
                             json={"url": f"http://{CARD}.example/?k={CANARY_KEY}", **SECRETS},
                             headers={"Authorization": f"Bearer {account['token']}"})
    return [(demo, False), (fine, False), (theirs, False)]


def exams(ctx):
    account = sandbox_account(ctx)
    auth = {"Authorization": f"Bearer {account['token']}"}
    path = f"/api/sandbox/accounts/{account['id']}/exams"
    return [(ctx.client.post(path + QUERY, json={"url": f"http://x.example/{CARD}", "orderid": CARD, **SECRETS},
                             headers=auth), False),
            (ctx.client.post(path, json={"url": f"http://x.example/?k={CANARY_KEY}", "orderid": "7000001"},
                             headers=auth), False),
            (ctx.client.get(f"{path}/1" + QUERY, headers=auth), False)]


ROUTES = {
    "/static/<path:filename>": ({"GET"}, get("/static/style.css")),
    "/api/commands": ({"GET"}, get("/api/commands")),
    "/api/health": ({"GET"}, get("/api/health")),
    "/api/environments": ({"GET"}, get("/api/environments")),
    "/api/<command>/sign": ({"POST"}, sign),
    "/api/<command>/submit": ({"POST"}, submit),
    "/api/<command>/export": ({"POST"}, export),
    "/api/v4/<path:command>/sign": ({"POST"}, v4_sign),
    "/api/v4/<path:command>/submit": ({"POST"}, v4_submit),
    "/v4/<path:command>": ({"GET"}, v4_page),
    "/api/vectors": ({"GET"}, get("/api/vectors")),
    "/api/openapi.json": ({"GET"}, get("/api/openapi.json")),
    "/vectors": ({"GET"}, get("/vectors")),
    "/api/postman/<flow>": ({"GET"}, get("/api/postman/sale-return")),
    "/api/debug": ({"POST"}, debug_api),
    "/api/debug/v4": ({"POST"}, v4_debug_api),
    "/debug/v4": ({"GET", "POST"}, v4_debug_page),
    "/callbacks/inbox": ({"GET", "POST"}, old_inbox),
    "/callbacks/inbox/<token>": ({"GET", "POST"}, private_inbox),
    "/api/inboxes/<token>/entries/<entry_id>/relayed": ({"POST"}, relay_report),
    "/relay.py": ({"GET"}, get("/relay.py")),
    "/api/inboxes": ({"POST"}, inboxes),
    "/callbacks": ({"GET"}, get("/callbacks")),
    "/api/callbacks": ({"GET"}, callbacks_list),
    "/api/callback/verify": ({"POST"}, verify),
    "/sandbox/paynet/api/v2/<path:rest>": ({"POST"}, sandbox_api),
    "/sandbox/paynet/api/3ds/v1/<path:rest>": ({"POST"}, sandbox_upload),
    "/sandbox/paynet/api/v4/<path:rest>": ({"POST"}, sandbox_v4),
    "/sandbox/paynet/api/v4/tokenize/hosted-fields": ({"POST"}, hosted_fields),
    "/sandbox/paynet/form/<token>": ({"GET", "POST"}, hosted_form),
    "/sandbox/paynet/3ds/<token>": ({"GET", "POST"}, three_ds),
    "/": ({"GET"}, get("/")),
    "/<command>": ({"GET", "POST"}, builder_page),
    "/debug": ({"GET", "POST"}, debug_page),
    "/inspector": ({"GET"}, get("/inspector")),
    "/api/sandbox/accounts": ({"POST"}, accounts),
    "/api/sandbox/accounts/<account_id>/requests": ({"GET"}, account_requests),
    "/api/sandbox/accounts/<account_id>/callback-hosts": ({"PUT"}, account_hosts),
    "/api/sandbox/accounts/<account_id>/public-key": ({"PUT"}, account_public_key),
    "/api/sandbox/accounts/<account_id>/requests/<int:entry_id>/resend": ({"POST"}, account_resend),
    "/api/sandbox/accounts/<account_id>/orders/<orderid>/callbacks": ({"POST"}, order_callbacks),
    "/api/sandbox/demo/orders/<orderid>/callbacks": ({"POST"}, order_callbacks),
    "/api/sandbox/accounts/<account_id>/exams": ({"POST"}, exams),
    "/api/sandbox/accounts/<account_id>/exams/<int:exam_id>": ({"GET"}, exams),
    "/docs/": ({"GET"}, get("/docs/")),
    # Not /docs/builder/: its text shows the masking rules with a test card glued to other digits.
    "/docs/<path:path>": ({"GET"}, get("/docs/debugger/")),
    "/api/v4/<path:command>/export": ({"POST"}, v4_export),
    "/api/dapi/sign": ({"POST"}, dapi_sign),
    "/dapi": ({"GET"}, dapi_page),
}


@pytest.fixture(scope="module")
def mirror_gateway():
    server = servers.RawServer(mirror)
    yield server.url
    server.stop()


@pytest.fixture
def ctx(tmp_path, mirror_gateway, app_factory):
    envs = tmp_path / "envs.toml"
    envs.write_text(f'[[environment]]\nid = "mirror"\nname = "Mirror"\nbase_url = "{mirror_gateway}"\n'
                    "production = false\n")
    app = app_factory(ENVIRONMENTS_FILE=str(envs), WTF_CSRF_ENABLED=False)
    return Ctx(app, app.test_client(), mirror_gateway)


def test_every_route_is_covered(ctx):
    rules = {r.rule: r.methods - {"HEAD", "OPTIONS"} for r in ctx.app.url_map.iter_rules()}
    assert set(rules) == set(ROUTES), "every route must join ROUTES in this module"
    for rule, methods in rules.items():
        assert methods <= ROUTES[rule][0], f"{rule}: the canary case must send {sorted(methods)}"


def reply_text(app, resp) -> str:
    """Body, headers, and the session cookie decoded (a signed cookie is only base64)."""
    text = resp.get_data(as_text=True) + "\n" + str(resp.headers)
    serializer = app.session_interface.get_signing_serializer(app)
    for cookie in resp.headers.getlist("Set-Cookie"):
        name, _, value = cookie.split(";")[0].partition("=")
        if name == app.config["SESSION_COOKIE_NAME"]:
            text += str(serializer.loads(value))
    resp.close()
    return text


@pytest.mark.parametrize("rule", list(ROUTES))
def test_canaries_never_leak(ctx, rule, caplog, tmp_path):
    caplog.set_level(logging.DEBUG)
    replies = ROUTES[rule][1](ctx)
    for resp, revealed in replies:
        assert resp.status_code < 500, (rule, resp.status_code)
        text = reply_text(ctx.app, resp)
        if revealed:
            assert CANARY_KEY in text  # asked for, and only in this reply
        else:
            assert leaks(text) == [], (rule, resp.request.path)
    assert leaks(caplog.text) == []
    for path in tmp_path.glob("sandbox.db*"):  # the database, its WAL and shared memory
        assert leaks(path.read_bytes().decode("latin-1")) == [], path.name
