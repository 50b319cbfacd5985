"""Who signed a v4 request, and whether it may pass: the Authorization header read, the consumer key's public key
found, the timestamp within the window, the RSA-SHA256 signature checked over the base string rebuilt from the URL
the client addressed, and the nonce not seen before. Each refusal is a 401 whose text names its cause (our
decisions: docs/decisions.md)."""

from dataclasses import dataclass
from urllib.parse import parse_qsl

from sqlalchemy import delete, insert
from sqlalchemy.exc import IntegrityError

from debugger import v4 as v4_debugger
from debugger.v4_paste import V4Paste
from paynet import oauth
from paynet.masking import mask_card, mask_text
from store import tables as t

WINDOW = oauth.TIMESTAMP_WINDOW  # oauth_timestamp within this of the sandbox's clock; a nonce is kept as long
MAX_NONCES = 100_000  # nonces remembered in all; the oldest go first
DEMO_LOGIN = "demo"
MAX_NAME = 128  # characters of a consumer key or a nonce the sandbox reads
MAX_PROVED = 500  # parameters the 401 is explained for (each variant rebuilds the base string), as the debugger
# Values the 401 text shows masked in its base string: the card numbers first six / last four, the CVV never.
CARD_VALUES = ("credit_card_number", "destination-card-no", "destination_card_no")
HIDDEN_VALUES = ("cvv2",)
USUAL_CAUSES = ("Usual causes: a private key that is not the pair of the registered public key; a URL that differs "
                "from the one signed (http or https, host, port, a trailing slash); a form encoder used instead of "
                "RFC 3986 (a space as '+', !'()* left as they are); a parameter changed after signing.")


def proved(authorization: str, url: str, pairs: list[tuple[str, str]], key) -> str:
    """What the v4 debugger proves with the public key (debugger/v4.py), in the 401's words; the usual causes when
    nothing known explains the signature."""
    if len(pairs) > MAX_PROVED:
        return USUAL_CAUSES
    found = v4_debugger.explain(V4Paste(url=url, authorization=authorization, pairs=pairs), key, {}, 0.0)
    named = [d for d in found["diagnosis"] if d["id"] != "unexplained"]
    if not named:
        return USUAL_CAUSES
    return "\n".join(f"Proved with the public key ({d['id']}): {d['message']} The client signed: "
                     f"{d['base_string']}" if d["base_string"] != found["base_string"] else
                     f"Proved with the public key ({d['id']}): {d['message']}" for d in named)


class Unauthorised(Exception):
    """A v4 request refused before its command runs: 401 with this text (and the account, when one was named)."""

    def __init__(self, message: str, account=None, cause: str = ""):
        super().__init__(message)
        self.message, self.account, self.cause = mask_text(message), account, cause


@dataclass(frozen=True)
class Signer:
    account: object  # the demo account or a sandbox account
    consumer: str
    nonce: str


def body_pairs(body: bytes) -> list[tuple[str, str]]:
    """The form body's pairs as sent (in order, untrimmed, '+' a space): what the base string covers."""
    return parse_qsl(body.decode("utf-8", "replace"), keep_blank_values=True)


def shown(pairs: list[tuple[str, str]]) -> list[tuple[str, str]]:
    return [(k, mask_card(v) if k in CARD_VALUES else "***" if k in HIDDEN_VALUES else v) for k, v in pairs]


class Verifier:
    """`keys(consumer, tx)`: (account, public key PEM or "") for a consumer key, or None when no account has it."""

    def __init__(self, store, keys):
        self.store, self.keys = store, keys

    def check(self, authorization: str | None, url: str, pairs: list[tuple[str, str]], tx) -> Signer:
        """The request's signer, or Unauthorised naming why not. The nonce is remembered apart (remember())."""
        params = self._params(authorization)
        consumer = params["oauth_consumer_key"]
        found = self.keys(consumer, tx) if len(consumer) <= MAX_NAME else None
        if found is None:
            raise Unauthorised(f"unknown oauth_consumer_key {consumer!r}: it is the merchant's login, {DEMO_LOGIN} for "
                               "the demo account or a sandbox account's own login (sandbox-NNNNNN).")
        account, pem = found
        if not pem:
            raise Unauthorised(f"sandbox account {consumer} has no public key: register its SPKI PEM with PUT "
                               f"/api/sandbox/accounts/{account.id}/public-key first.", account)
        self._timestamp(params["oauth_timestamp"], account)
        base = oauth.base_string("POST", url, oauth.signed_params(pairs, params))
        key = oauth.load_public_key(pem)
        if not oauth.verify_rsa(base, params["oauth_signature"], key):
            base_shown = oauth.base_string("POST", url, oauth.signed_params(shown(pairs), params))
            raise Unauthorised(f"the signature does not verify with {consumer}'s public key: the base string we "
                               f"built was {base_shown}\n{proved(authorization, url, pairs, key)}", account)
        return Signer(account, consumer, params["oauth_nonce"])

    def _params(self, authorization: str | None) -> dict[str, str]:
        if not (authorization or "").strip():
            raise Unauthorised("no Authorization header: every v4 request is signed with OAuth 1.0a RSA-SHA256 and "
                               'carries Authorization: OAuth oauth_consumer_key="<login>", oauth_nonce, '
                               "oauth_signature, oauth_signature_method, oauth_timestamp, oauth_version.")
        try:
            params = oauth.parse_header(authorization)
        except ValueError as exc:
            raise Unauthorised(f"{exc}.") from None
        missing = [n for n in (*oauth.SIGNED_OAUTH, "oauth_signature") if n not in params]
        if missing:
            raise Unauthorised(f"the Authorization header lacks {', '.join(missing)}: a v4 request carries all six "
                               "oauth parameters.")
        method = params["oauth_signature_method"]
        if method != oauth.RSA_SHA256:
            raise Unauthorised(f"oauth_signature_method is {method[:MAX_NAME]!r}: the v4 API takes RSA-SHA256 only.")
        if len(params["oauth_nonce"]) > MAX_NAME or not params["oauth_nonce"]:
            raise Unauthorised(f"oauth_nonce must be 1 to {MAX_NAME} characters, unique for each request.")
        return params

    def _timestamp(self, text: str, account) -> None:
        if not (text.isascii() and text.isdigit() and len(text) <= 12):
            raise Unauthorised(f"oauth_timestamp must be Unix seconds, digits only (got {text[:20]!r}).", account)
        now = self.store.clock()
        age = now - int(text)
        if age > WINDOW:
            raise Unauthorised(f"timestamp {int(age // 60)} min old: did you edit it? The sandbox takes "
                               f"oauth_timestamp within {WINDOW // 60} minutes of its clock ({int(now)}); sign each "
                               "request when it is sent.", account)
        if -age > WINDOW:
            raise Unauthorised(f"timestamp {int(-age // 60)} min in the future: is the signing machine's clock "
                               f"right? The sandbox takes oauth_timestamp within {WINDOW // 60} minutes of its "
                               f"clock ({int(now)}).", account)

    def remember(self, signer: Signer) -> None:
        """Keep the nonce for the window; Unauthorised when the consumer key used it within the window (a replay)."""
        now = self.store.clock()
        try:
            with self.store.transaction() as tx:
                n = t.v4_nonces.c
                tx.db.execute(delete(t.v4_nonces).where(n.created <= now - WINDOW))
                new = tx.db.execute(insert(t.v4_nonces).values(consumer=signer.consumer, nonce=signer.nonce,
                                                               created=now).returning(n.id)).scalar_one()
                tx.db.execute(delete(t.v4_nonces).where(n.id <= new - MAX_NONCES))
        except IntegrityError:  # the unique index holds across instances too
            raise Unauthorised(f"nonce {signer.nonce!r} was already used by {signer.consumer} within the last "
                               f"{WINDOW // 60} minutes: a replayed request? Make a new oauth_nonce for each request.",
                               signer.account, "nonce-reused") from None
