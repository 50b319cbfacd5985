"""V4Form: one v4 command declared as data. No recipe: the OAuth base string covers the whole form body and the
oauth parameters, so preparing a request is building the body, the signed URL and the base string; the page signs
that with its private key (WebCrypto) and the server never sees the key."""

import re
from dataclasses import dataclass, field

from paynet import oauth, wire
from paynet.i18n import _
from paynet.masking import mask_card
from paynet.signing import JAVA_TRIM
from paynet.v4 import V4Command

from .._base import DeclaredForm, target_errors

NONCE = re.compile(r"[A-Za-z0-9_-]{8,64}")  # the sources send 32 hex or alphanumeric characters
TIMESTAMP = re.compile(r"[0-9]{1,12}")


@dataclass
class V4Prepared:
    """A v4 request as the builder would send it: its URL, body, oauth parameters and base string."""

    command: V4Command
    target_kind: str
    target_id: str
    url: str
    body: list[tuple[str, str]]
    oauth: dict[str, str]
    base_string: str
    errors: dict[str, list[str]] = field(default_factory=dict)
    card_fields: tuple[str, ...] = ()

    @property
    def path(self) -> str:
        return self.command.path(self.target_kind, self.target_id)

    @property
    def sorted_params(self) -> list[tuple[str, str]]:
        """The signed parameters in the base string's order, card data masked: what the page lists."""
        pairs = sorted((oauth.encode(k), oauth.encode(v), k, v) for k, v in oauth.signed_params(self.body, self.oauth))
        return [(k, mask_card(v) if k in self.card_fields else v) for _ek, _ev, k, v in pairs]

    def encoded_body(self, mask_cards: bool = True) -> str:
        return "&".join(f"{k}={mask_card(v)}" if mask_cards and k in self.card_fields else wire.encode_body([(k, v)])
                        for k, v in self.body)

    def authorization(self, signature: str) -> str:
        return oauth.header({**self.oauth, "oauth_signature": signature})


class V4Form(DeclaredForm):
    """Base of every v4 command form: the class docstring is the page intro."""

    command: V4Command

    def values(self) -> dict[str, str]:
        return {f.name: f.value for f in self.params()}

    def prepare(self, target_kind: str, target_id: str, base_url: str, consumer_key: str, nonce: str,
                timestamp: str) -> V4Prepared:
        """Validate and build the body, the URL the signature covers and the base string; never raises."""
        self.validate()
        errors = {f.name: list(f.errors) for f in self.params() if f.errors} | self.rules()
        errors.update(target_errors(self.command, target_kind, target_id))
        consumer_key, nonce, timestamp = (v.strip(JAVA_TRIM) for v in (consumer_key, nonce, timestamp))
        if not consumer_key:
            errors["oauth_consumer_key"] = [_("oauth_consumer_key (the merchant's login) is required.")]
        if not NONCE.fullmatch(nonce):
            errors["oauth_nonce"] = [_("oauth_nonce must be 8 to 64 letters, digits, '-' or '_' (the tool makes 32 "
                                       "hex digits).")]
        if not TIMESTAMP.fullmatch(timestamp):
            errors["oauth_timestamp"] = [_("oauth_timestamp must be Unix seconds: digits only.")]
        body = [(f.name, f.value.strip(JAVA_TRIM)) for f in self.params() if f.value.strip(JAVA_TRIM)]
        url = base_url.rstrip("/") + self.command.path(target_kind, target_id)
        params = oauth.oauth_params(consumer_key, nonce, timestamp)
        base = oauth.base_string("POST", url, oauth.signed_params(body, params))
        return V4Prepared(self.command, target_kind, target_id.strip(JAVA_TRIM), url, body, params, base, errors,
                          tuple(f.name for f in self.params() if f.card))

    @classmethod
    def describe(cls) -> dict:
        form, cmd = cls.from_values({}), cls.command
        return {"name": cmd.name, "title": cmd.title, "path": cmd.path(), "response": cmd.response,
                "targets": list(cmd.targets), "description": " ".join((cls.__doc__ or "").split()),
                "fields": [{"name": f.name, "necessity": f.necessity, "type": f.doc_type, "max_length": f.max_length,
                            "length": f.length, "description": f.description} for f in form.params()]}
