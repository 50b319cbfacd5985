"""Read a pasted v4 request: raw HTTP, a curl command with -H 'Authorization: OAuth ...', or a log pair (the URL,
the Authorization header, the body, on lines of their own). The v2 reader (paste.py) finds the body and the path;
this one adds what a v4 signature also covers: the Authorization header and the whole URL, scheme and host too."""

import re
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from debugger import paste
from paynet.i18n import _

# "Authorization: OAuth ..." (or "Authorization=OAuth ..." in a log) up to the end of its line.
_AUTHORIZATION = re.compile(r"^.*?\bAuthorization\s*[:=]\s*(OAuth\b[^\r\n]*)$", re.I | re.M)
_ABSOLUTE = re.compile(r"""\b(https?)://([^/\s'"<>?#]+)([^\s'"<>?#]*)""", re.I)


@dataclass
class V4Paste:
    source: str = "unknown"  # http, curl, log
    url: str = ""  # scheme://host[:port]/path as the request addressed it, no query
    scheme_assumed: bool = False  # no scheme in the paste: https was assumed
    authorization: str = ""
    content_type: str = ""
    body: str = ""
    pairs: list[tuple[str, str]] = field(default_factory=list)  # the form body, decoded as the gateway does
    problems: list[str] = field(default_factory=list)

    @property
    def path(self) -> str:
        return urlsplit(self.url).path if self.url else ""

    @property
    def json_body(self) -> bool:
        return "json" in self.content_type.lower() or self.body.lstrip().startswith(("{", "["))


def read(text: str) -> V4Paste:
    """Never raises: what cannot be read is said in `problems`."""
    text = text.replace("\r\n", "\n")
    pasted = paste.parse(text)
    found = V4Paste(source=pasted.source)
    if pasted.source != "curl":  # a header line read as a body line would add oauth_*= pairs: read without it
        line = _AUTHORIZATION.search(text)
        if line:
            found.authorization = line[1].strip().rstrip("\\").strip()
            pasted = paste.parse(text[:line.start()] + text[line.end() + 1:])  # its newline too
            found.source = "http" if pasted.source == "http" else "log"
    found.authorization = found.authorization or (pasted.header("Authorization") or "").strip()
    found.content_type = pasted.header("Content-Type") or ""
    found.body = pasted.body
    found.pairs = [] if found.json_body else [(name, value) for name, value, _raw in pasted.pairs]
    # v2's "no request found" speaks of query strings and bare bodies; the v4 problems below say what is missing
    found.problems = list(pasted.problems) if pasted.source != "unknown" else []
    _locate(text, pasted, found)
    if not found.authorization:
        found.problems.append(_("No Authorization header found: a v4 request carries Authorization: OAuth "
                                'oauth_consumer_key="...", ..., oauth_signature="...". Paste it with the request.'))
    return found


def _locate(text: str, pasted: paste.Pasted, found: V4Paste) -> None:
    """The URL the request was sent to: the first absolute URL in the paste, else the Host header and the path."""
    absolute = next((m for m in _ABSOLUTE.finditer(text) if "/api/" in m[3] or not pasted.path), None)
    if absolute:
        found.url = f"{absolute[1].lower()}://{absolute[2]}{absolute[3]}"
        return
    host = (pasted.header("Host") or "").strip()
    if host and pasted.path:
        found.url, found.scheme_assumed = f"https://{host}{pasted.path}", True
        return
    found.problems.append(_("No URL found: the base string covers the URL the request was sent to. Paste the full "
                            "URL (https://host/paynet/api/v4/...) or the request line with its Host header."))
