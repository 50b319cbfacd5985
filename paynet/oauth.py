"""OAuth 1.0a as the gateway's second generation (v4) uses it: two-legged, RSA-SHA256 over a base string built
from the form body and the oauth parameters (../shared/research/v4-and-other-schemes.md §1), and HMAC-SHA1, the
docs' older OAuth helper (key: the control key and '&'). Framework-free; the page computes the same base string
(static/oauth.js) and signs it with WebCrypto, so the private key never leaves the browser."""

import base64
import hashlib
import hmac
import re
from dataclasses import dataclass
from urllib.parse import quote, unquote, unquote_plus

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding, rsa

from paynet.i18n import _

RSA_SHA256, HMAC_SHA1 = "RSA-SHA256", "HMAC-SHA1"
METHODS = (RSA_SHA256, HMAC_SHA1)
VERSION = "1.0"
# The oauth parameters a v4 request carries, in the header only; oauth_signature is never signed.
SIGNED_OAUTH = ("oauth_consumer_key", "oauth_nonce", "oauth_signature_method", "oauth_timestamp", "oauth_version")
# Seconds an oauth_timestamp may be off the clock: the sandbox's window (our decision: docs/decisions.md; the
# gateway's is not documented), which the debugger's timestamp-skew lint names too.
TIMESTAMP_WINDOW = 15 * 60
MIN_BITS = 2048  # "The strength of this RSA key must be at least 2048 bits" (the official v4 example)
_HEADER_PAIR = re.compile(r'\s*([^=,\s]+)\s*=\s*"([^"]*)"\s*(?:,|$)')


def encode(text: str) -> str:
    """RFC 3986: the UTF-8 bytes, unreserved characters kept, every other byte %XX in upper-case hex. A space is
    %20 and !'()* are encoded: a form encoder here gives a signature the gateway refuses."""
    return quote(text.encode("utf-8"), safe="-._~")


def normalize(params: list[tuple[str, str]]) -> str:
    """name=value pairs, each part encoded, sorted by the encoded name's bytes (then its value), joined by '&'."""
    pairs = sorted((encode(k), encode(v)) for k, v in params)
    return "&".join(f"{k}={v}" for k, v in pairs)


def base_string(method: str, url: str, params: list[tuple[str, str]]) -> str:
    """METHOD&enc(url)&enc(normalized): every value encoded twice. The URL as it was addressed, without query."""
    return "&".join((method.upper(), encode(url), encode(normalize(params))))


def signed_params(body: list[tuple[str, str]], oauth: dict[str, str]) -> list[tuple[str, str]]:
    """The form body and the oauth parameters but the signature: what the base string covers (realm never)."""
    return list(body) + [(k, v) for k, v in oauth.items() if k.startswith("oauth_") and k != "oauth_signature"]


def oauth_params(consumer_key: str, nonce: str, timestamp: str, method: str = RSA_SHA256) -> dict[str, str]:
    return {"oauth_consumer_key": consumer_key, "oauth_nonce": nonce, "oauth_signature_method": method,
            "oauth_timestamp": timestamp, "oauth_version": VERSION}


def header(oauth: dict[str, str]) -> str:
    """Authorization: OAuth k="enc(v)", ... in name order (the signature's Base64 percent-encoded too)."""
    return "OAuth " + ", ".join(f'{encode(k)}="{encode(v)}"' for k, v in sorted(oauth.items()))


def parse_header_raw(value: str) -> dict[str, str]:
    """An Authorization header's parameters as written (not decoded), realm included. ValueError naming what is
    wrong."""
    scheme, _sep, rest = value.strip().partition(" ")
    if scheme.lower() != "oauth":
        raise ValueError(_("the Authorization header does not start with 'OAuth '"))
    found, pos = {}, 0
    rest = rest.strip()
    while pos < len(rest):
        match = _HEADER_PAIR.match(rest, pos)
        if not match:
            raise ValueError(_('the Authorization header cannot be read from %(text)s: each parameter is '
                               'name="value", separated by commas', text=repr(rest[pos:pos + 40])))
        name = unquote(match[1])
        if name in found:
            raise ValueError(_("the Authorization header gives %(name)s twice", name=name))
        found[name] = match[2]
        pos = match.end()
    return found


def decode_header_value(text: str) -> str:
    """A header value percent-decoded as a form decoder (a Java servlet's) does: '+' is a space. So a Base64
    signature sent without percent-encoding loses its '+' and does not verify, as the official examples warn (our
    decision: docs/decisions.md)."""
    return unquote_plus(text)


def parse_header(value: str) -> dict[str, str]:
    """An Authorization header's OAuth parameters, decoded; `realm` dropped (RFC 5849 leaves it out of the base
    string). ValueError naming what is wrong."""
    found = {name: decode_header_value(text) for name, text in parse_header_raw(value).items()}
    found.pop("realm", None)
    return found


@dataclass(frozen=True)
class Signed:
    """What signing produced: the base string, the Base64 signature and the Authorization header."""

    base: str
    signature: str
    authorization: str


def load_private_key(pem: str) -> rsa.RSAPrivateKey:
    """A PEM private key, PKCS#8 or PKCS#1; ValueError in words for anything else or a key under MIN_BITS."""
    try:
        key = serialization.load_pem_private_key(pem.strip().encode(), password=None)
    except (ValueError, TypeError) as exc:
        raise ValueError(_("not a PEM RSA private key without a passphrase (%(problem)s)", problem=exc)) from None
    if not isinstance(key, rsa.RSAPrivateKey):
        raise ValueError(_("not an RSA private key"))
    if key.key_size < MIN_BITS:
        raise ValueError(_("the key has %(bits)s bits; v4 needs at least %(min)s", bits=key.key_size, min=MIN_BITS))
    return key


def load_public_key(pem: str) -> rsa.RSAPublicKey:
    """An SPKI PEM public key (-----BEGIN PUBLIC KEY-----) of at least MIN_BITS; ValueError in words."""
    text = pem.strip()
    if not text.startswith("-----BEGIN PUBLIC KEY-----"):
        raise ValueError(_("public_key must be an SPKI PEM block starting with -----BEGIN PUBLIC KEY----- (openssl "
                           "rsa -in private.pem -pubout)"))
    try:
        key = serialization.load_pem_public_key(text.encode())
    except (ValueError, TypeError):
        raise ValueError(_("public_key is not a readable PEM public key")) from None
    if not isinstance(key, rsa.RSAPublicKey):
        raise ValueError(_("public_key must be an RSA key"))
    if key.key_size < MIN_BITS:
        raise ValueError(_("public_key has %(bits)s bits; v4 needs at least %(min)s", bits=key.key_size,
                           min=MIN_BITS))
    return key


def sign_rsa(base: str, private_key: rsa.RSAPrivateKey) -> str:
    """RSASSA-PKCS1-v1_5 with SHA-256 over the base string's UTF-8 bytes, standard Base64."""
    return base64.b64encode(private_key.sign(base.encode("utf-8"), padding.PKCS1v15(), hashes.SHA256())).decode()


def verify_rsa(base: str, signature: str, public_key: rsa.RSAPublicKey) -> bool:
    try:
        raw = base64.b64decode(signature, validate=True)
        public_key.verify(raw, base.encode("utf-8"), padding.PKCS1v15(), hashes.SHA256())
        return True
    except (InvalidSignature, ValueError):
        return False


def sign_hmac_sha1(base: str, control_key: str) -> str:
    """The docs' OAuth helper: HMAC-SHA1 keyed with the control key and '&' (no token secret), Base64."""
    mac = hmac.new(f"{encode(control_key)}&".encode(), base.encode("utf-8"), hashlib.sha1)
    return base64.b64encode(mac.digest()).decode()


def sign(method: str, url: str, body: list[tuple[str, str]], oauth: dict[str, str], private_key) -> Signed:
    """Sign a request with RSA-SHA256 (`private_key` an RSA key) or HMAC-SHA1 (`private_key` the control key)."""
    base = base_string(method, url, signed_params(body, oauth))
    if oauth["oauth_signature_method"] == HMAC_SHA1:
        signature = sign_hmac_sha1(base, private_key)
    else:
        signature = sign_rsa(base, private_key)
    return Signed(base, signature, header({**oauth, "oauth_signature": signature}))
