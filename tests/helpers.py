"""The tests' shared vocabulary (issue 21): what several test modules say the same way, so that no test module
imports another. `Ops` (the `ops` fixture) acts through one client: `submit` a command with its docs example
values and the demo account, ask for an order's `final` status, get an `approved` order, `issue_inbox` and read
its `listing`, a `sale_with_callback` made final; `order_ids` reads an answer. Apps (`make_app`, behind the
`app_factory` fixture, with `custom_env` environments), a settable `Clock`, valid values for every field, the
demo data, an order stored the old way, the catalogue's paths and the prose detectors of the i18n checks."""

import base64
import os
import re
import uuid
from pathlib import Path
from urllib.parse import quote

from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding

from app import create_app
from forms import load_registry
from forms._validators import CurrencyCode
from tests.conftest import DOC_KEY
from tests.samples import V4_TEST_KEY

# Each command's docs example values, by command name.
EXAMPLES = {name: {f.name: f.example for f in cls.from_values({}).params() if f.example}
            for name, cls in load_registry().items()}


def order_ids(fields):
    return {"client_orderid": fields["merchant-order-id"], "orderid": fields["paynet-order-id"]}


class Ops:
    """What a test does through one client, like flaskr's AuthActions: send a command with its docs example
    values to the built-in sandbox, walk an order to its end, open and read a private inbox."""

    def __init__(self, client):
        self.client = client

    def submit(self, command, **values) -> dict:
        """The command sent with the docs' example values (demo login, end point 1111); the response fields."""
        payload = {**EXAMPLES[command], "endpointid": "1111", "merchant_control": DOC_KEY, **values}
        if "login" in payload:
            payload["login"] = "demo"
        r = self.client.post(f"/api/{command}/submit", json=payload)
        assert r.status_code == 200, r.get_json()
        data = r.get_json()
        assert data["error"] is None, data["error"]
        return data["response"]["fields"]

    def final(self, ids) -> dict:
        """Status twice: the sandbox answers processing first, then the order's final status."""
        first = self.submit("status", **ids)
        assert first["status"] == "processing"
        return self.submit("status", **ids)

    def approved(self, command, client_orderid, **values) -> dict:
        fields = self.submit(command, client_orderid=client_orderid, **values)
        assert fields["type"] == "async-response"
        ids = order_ids(fields)
        assert self.final(ids)["status"] == "approved"
        return ids

    def issue_inbox(self) -> str:
        r = self.client.post("/api/inboxes", json={})
        assert r.status_code == 201, r.get_json()
        return r.get_json()["token"]

    def listing(self, token, after=0) -> dict:
        r = self.client.get(f"/api/callbacks?token={token}&after={after}")
        assert r.status_code == 200, r.get_json()
        return r.get_json()

    def sale_with_callback(self, client_orderid, url, amount="10.00") -> dict:
        fields = self.submit("sale", client_orderid=client_orderid, amount=amount, server_callback_url=url)
        ids = order_ids(fields)
        self.submit("status", **ids)  # processing; the transaction becomes final now
        return ids


FIXTURE = Path(__file__).parent / "fixtures" / "sandbox-v1.db"  # a database as version 1 left it

DEMO_CARD = {"id": 1461665, "bin": "453897", "last4": "6732", "holder": "CARD HOLDER", "exp_month": "12",
             "exp_year": "2099"}


class Clock:
    def __init__(self, now: float = 1_000_000.0):
        self.now = now

    def __call__(self) -> float:
        return self.now

DEMO = {"endpointid": "1111", "merchant_control": DOC_KEY, "login": "demo", "cardrefid": "1461665",
        "currency": "USD", "ipaddress": "127.0.0.1", "order_desc": "Demo order"}


def make_app(tmp_path, env_toml="", **config):
    settings = {"TESTING": True, "SECRET_KEY": "test", "SANDBOX_DATABASE": str(tmp_path / "sandbox.db"), **config}
    if env_toml:
        tmp_path.mkdir(parents=True, exist_ok=True)
        (tmp_path / "envs.toml").write_text(env_toml)
        settings["ENVIRONMENTS_FILE"] = str(tmp_path / "envs.toml")
    return create_app(settings)


def custom_env(url, production=False):
    flag = "true" if production else "false"
    return f'[[environment]]\nid = "custom"\nname = "Custom"\nbase_url = "{url}"\nproduction = {flag}\n'


def valid_value(field) -> str:
    """A value that satisfies the field's own rules, derived from its declaration."""
    if field.example:
        return field.example
    if field.choices:
        return field.choices[0]
    if field.amount:
        return "10.00"
    if field.url:
        return "https://merchant.example/return"
    if any(isinstance(v, CurrencyCode) for v in field.validators):
        return "USD"
    if field.doc_type in ("Numeric", "Int", "Long"):
        return "123"
    return "x"


def valid_payload(cls) -> dict:
    data = {f.name: valid_value(f) for f in cls.from_values({}).params()}
    return {**data, "endpointid": "1111", "merchant_control": DOC_KEY}


def store_old_order(sandbox, redirect_url: str, threeds: bool = False) -> str:
    """An order as stored before URLs were checked: straight into the store, past the validation."""
    token = uuid.uuid4().hex
    with sandbox.store.transaction() as db:
        order_id = db.add_order(
            client_orderid="OLD1", command="sale" if threeds else "sale-form", kind="sale", amount="10.00",
            currency="USD", form_token=token, redirect_url=redirect_url, callback_url="", notify_url="",
            paid=1 if threeds else 0, threeds=1 if threeds else 0, bin="453897", last4="6732",
            holder="CARD HOLDER", exp_month="12", exp_year="2099")
        db.add_transaction(order_id, "sale", "10.00", "approved")
    return token

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))  # the repository

PO = os.path.join(ROOT, "translations", "ru", "LC_MESSAGES", "messages.po")


# English prose on a Russian page: a function word (never a parameter, command or wire value) or a button's verb.
STOPWORDS = re.compile(r"(?<![\w.$/-])(?:the|and|of|to|is|are|this|that|with|from|for|not|your|you|it|its|be|"
                       r"has|have|was|were|will|can|only|when|which|what|there|here|then|than|into|by|or|"
                       r"an|a|on|in|at|as|no|yes|all|each|every|any|both|also|but|if|one|more)(?![\w.$/-])", re.I)


# A button's verb or a panel's name, whole (not inside Accept-Language or a parameter name).
UI_WORDS = re.compile(r"(?<![\w-])(?:Copy|Save|Open|Send|Check|Close|Show|Hide|Download|Export|Clear|Reset|Poll|Verify|"
                      r"Resend|Sign|Generate|Filter|Use|Paste|Diagnose|Explain|Load|Run|Start|Stop|Pay|Authenticate|"
                      r"Cancel|Back|Next|Required|Optional|Request|Response|Signature|Status|Amount|Card|Order|"
                      r"Callback|Callbacks|Inbox|Debugger|Inspector|Vectors|Timeline|Theme|Language|Error|Warning)(?![\w-])")


# A v4 request whose client signed the URL with a trailing slash (the v4 debugger's url-trailing-slash), signed
# with tests/samples.py's V4_TEST_KEY: the v4 debugger's pages show their fullest result with it.
V4_SLASH_SIGNED = ("POST&https%3A%2F%2Fgw.example%2Fpaynet%2Fapi%2Fv4%2Fpayout%2F1111%2F&client_orderid%3DA1%26"
                   "oauth_consumer_key%3Ddemo%26oauth_nonce%3Dn1%26oauth_signature_method%3DRSA-SHA256%26"
                   "oauth_timestamp%3D1764806400%26oauth_version%3D1.0")


def v4_paste(signed: str = V4_SLASH_SIGNED, body: str = "client_orderid=A1") -> str:
    """A log pair (URL, Authorization header, body) to https://gw.example/paynet/api/v4/payout/1111 whose signature
    is V4_TEST_KEY's over `signed`."""
    key = serialization.load_pem_private_key(V4_TEST_KEY.encode(), None)
    signature = base64.b64encode(key.sign(signed.encode(), padding.PKCS1v15(), hashes.SHA256())).decode()
    return ("POST https://gw.example/paynet/api/v4/payout/1111\nAuthorization: OAuth oauth_consumer_key=\"demo\", "
            f'oauth_nonce="n1", oauth_signature="{quote(signature, safe="")}", oauth_signature_method="RSA-SHA256", '
            f'oauth_timestamp="1764806400", oauth_version="1.0"\n{body}')
