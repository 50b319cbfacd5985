"""The known ways a v4 client signs something other than what the gateway rebuilds, each a change to a Reading
(what the signer put in its base string, and how the signature was read from the header). The RSA public key
proves which one happened: only the base string the client really signed verifies. The traps are the official
examples' (../shared/research/v4-and-other-schemes.md §1.2–1.4)."""

import functools
from collections.abc import Callable
from dataclasses import dataclass, replace
from urllib.parse import quote, quote_plus, urlsplit, urlunsplit

from paynet import oauth
from paynet.i18n import N_

DEFAULT_PORTS = {"https": "443", "http": "80"}


def rfc3986_order(pairs: list[tuple[str, str]], encode) -> list[tuple[str, str]]:
    """The gateway's order: by the encoded name's bytes, then the encoded value's."""
    return sorted(pairs, key=lambda p: (encode(p[0]), encode(p[1])))


def _php_compare(a: str, b: str) -> int:
    """PHP 8's ksort (SORT_REGULAR): two integer-like keys compare as numbers ('9' before '10'); anything else
    as strings."""
    if a.isdigit() and b.isdigit() and a.isascii() and b.isascii():
        return (int(a) > int(b)) - (int(a) < int(b))
    return (a > b) - (a < b)


def php_ksort_order(pairs: list[tuple[str, str]], encode) -> list[tuple[str, str]]:
    return sorted(pairs, key=functools.cmp_to_key(lambda p, q: _php_compare(p[0], q[0])))


def form_encode_js(text: str) -> str:
    """encodeURIComponent with '+' for a space: !'()* stay as they are."""
    return quote(text.encode("utf-8"), safe="-._~!'()*").replace("%20", "+")


def form_encode_java(text: str) -> str:
    """Java's URLEncoder and the WHATWG form encoder: '+' for a space, '*' kept, '~' encoded."""
    return quote(text.encode("utf-8"), safe="-._*").replace("~", "%7E").replace("%20", "+")


def form_encode_python(text: str) -> str:
    """Python's quote_plus and urlencode (PHP's urlencode too, but for '~'): '+' for a space."""
    return quote_plus(text.encode("utf-8"), safe="")


@dataclass(frozen=True)
class Reading:
    """One way of building the base string and of reading the signature from the header."""

    url: str
    body: tuple[tuple[str, str], ...]  # the form parameters the signer signed
    oauth: tuple[tuple[str, str], ...]  # the oauth parameters but the signature
    header_signature: str  # oauth_signature as written in the header
    encode: Callable[[str], str] = oauth.encode
    order: Callable = rfc3986_order
    decode: Callable[[str], str] = oauth.decode_header_value

    def base(self, memo: dict | None = None) -> str:
        """The base string; `memo` keeps the encoded parameters of one search, which most variants (the URL's)
        leave as they are: a 64 KiB paste is then encoded a few times, not once per variant."""
        key = (self.body, self.oauth, self.encode, self.order)
        params = memo.get(key) if memo is not None else None
        if params is None:
            pairs = self.order(list(self.body) + list(self.oauth), self.encode)
            params = self.encode("&".join(f"{self.encode(k)}={self.encode(v)}" for k, v in pairs))
            if memo is not None:
                memo[key] = params
        return "&".join(("POST", self.encode(self.url), params))

    def signature(self) -> str:
        return self.decode(self.header_signature)


@dataclass(frozen=True)
class Variant:
    id: str
    part: str  # two variants of one part never combine (they would undo each other)
    message: str  # English, N_(); formatted with the request's words
    apply: Callable[[Reading, dict], list[Reading]]


def _form_encoding(r: Reading, ctx: dict) -> list[Reading]:
    return [replace(r, encode=encoder) for encoder in (form_encode_js, form_encode_java, form_encode_python)]


def _numeric_sort(r: Reading, ctx: dict) -> list[Reading]:
    return [replace(r, order=php_ksort_order)] if any(k.isdigit() for k, _v in r.body) else []


def _empty_dropped(r: Reading, ctx: dict) -> list[Reading]:
    kept = tuple(p for p in r.body if p[1] != "")
    return [replace(r, body=kept)] if kept != r.body else []


def _oauth_in_body(r: Reading, ctx: dict) -> list[Reading]:
    kept = tuple(p for p in r.body if not p[0].startswith("oauth_"))
    return [replace(r, body=kept)] if kept != r.body else []


def _login_signed(r: Reading, ctx: dict) -> list[Reading]:
    if any(k == "login" for k, _v in r.body):
        return [replace(r, body=tuple(p for p in r.body if p[0] != "login"))]
    return [replace(r, body=r.body + (("login", ctx["consumer_key"]),))]


def _unencoded(r: Reading, ctx: dict) -> list[Reading]:
    return [replace(r, decode=str)] if "+" in r.header_signature else []


def _double_encoded(r: Reading, ctx: dict) -> list[Reading]:
    twice = replace(r, decode=lambda text: oauth.decode_header_value(oauth.decode_header_value(text)))
    return [twice] if "%25" in r.header_signature.upper() else []


def _with_url(r: Reading, **parts) -> Reading:
    return replace(r, url=urlunsplit(urlsplit(r.url)._replace(**parts)))


def _explicit_port(r: Reading, ctx: dict) -> list[Reading]:
    split = urlsplit(r.url)
    default = DEFAULT_PORTS.get(split.scheme, "")
    host, _sep, port = split.netloc.rpartition(":") if not split.netloc.endswith("]") else ("", "", "")
    if port == default and host:
        return [_with_url(r, netloc=host)]
    if ":" not in split.netloc.rsplit("]", 1)[-1] and default:
        return [_with_url(r, netloc=f"{split.netloc}:{default}")]
    return []


def _host_case(r: Reading, ctx: dict) -> list[Reading]:
    netloc = urlsplit(r.url).netloc
    return [_with_url(r, netloc=cased) for cased in dict.fromkeys((netloc.lower(), netloc.upper())) if cased != netloc]


def _trailing_slash(r: Reading, ctx: dict) -> list[Reading]:
    path = urlsplit(r.url).path
    return [_with_url(r, path=path[:-1] if path.endswith("/") else path + "/")]


def _scheme(r: Reading, ctx: dict) -> list[Reading]:
    scheme = urlsplit(r.url).scheme
    return [_with_url(r, scheme="http" if scheme == "https" else "https")]


def _group_path(r: Reading, ctx: dict) -> list[Reading]:
    path = urlsplit(r.url).path.rstrip("/")
    head, _sep, target = path.rpartition("/")
    if not head:
        return []
    if head.endswith("/group"):
        return [_with_url(r, path=head[:-len("/group")] + "/" + target)]
    return [_with_url(r, path=f"{head}/group/{target}")]


VARIANTS = (
    Variant("form-encoding", "encoding", N_(
        "The client built its base string with a form encoder (a space as '+', or !'()* left as they are) instead "
        "of RFC 3986 percent-encoding (a space is %%20; only A-Z a-z 0-9 - . _ ~ stay as they are). Use "
        "rawurlencode, encodeURIComponent plus !'()*, or the oauth library's own encoder."), _form_encoding),
    Variant("numeric-sort", "order", N_(
        "The client sorted the parameters with numeric names as numbers ('9' before '10'), as PHP's ksort does by "
        "default. The gateway sorts by the encoded names' bytes ('10' before '9'): use ksort($params, SORT_STRING) "
        "or strcmp."), _numeric_sort),
    Variant("empty-dropped", "body", N_(
        "The client left the empty parameters out of its base string, but sent them. An empty parameter is still "
        "signed, as name= . Sign every parameter the body carries, or leave the empty ones out of the body too."),
        _empty_dropped),
    Variant("oauth-in-body", "body", N_(
        "The body carries oauth_ parameters as well as the header, so the gateway signs them twice; the client "
        "signed them once. Send the oauth parameters in the Authorization header only."), _oauth_in_body),
    Variant("login-in-body-signed", "login", N_(
        "The client signed a login parameter that the body does not carry, or the body carries one that was not "
        "signed. Sign exactly the parameters the body sends."), _login_signed),
    Variant("header-unencoded", "header", N_(
        "The signature's Base64 was put in the Authorization header without percent-encoding: its '+' reads as a "
        "space, so the gateway sees another signature. Percent-encode it (+ as %%2B, / as %%2F, = as %%3D)."),
        _unencoded),
    Variant("header-double-encoded", "header", N_(
        "The signature in the Authorization header was percent-encoded twice (%%252B for '+'). Encode it once."),
        _double_encoded),
    Variant("url-explicit-port", "port", N_(
        "The client signed the URL with its default port written out (:443 for https, :80 for http), or the other "
        "way round. Sign the URL exactly as the request addresses it, without a default port."), _explicit_port),
    Variant("url-host-case", "host", N_(
        "The client signed the host in another case than the request was sent to. Sign the URL as it is sent."),
        _host_case),
    Variant("url-trailing-slash", "slash", N_(
        "The URL the client signed and the one it sent differ by a trailing slash. Sign the URL as it is sent."),
        _trailing_slash),
    Variant("url-scheme", "scheme", N_(
        "The client signed the URL with the other scheme (http for https or the reverse): a proxy in between, or a "
        "configured base URL that differs from the one used. Sign the URL as it is sent."), _scheme),
    Variant("url-group-path", "group", N_(
        "The client signed the end point path (/api/v4/<command>/<id>) and sent to the end point group's "
        "(/api/v4/<command>/group/<id>), or the reverse. Sign the path the request goes to."), _group_path),
)
IDS = tuple(v.id for v in VARIANTS)
