"""Read anything a customer pastes: raw HTTP, a curl command, a URL, a bare body, a log line.

Never raises for bad input: what it cannot read goes into `problems`, with the line.
"""

import re
import shlex
from dataclasses import dataclass, field
from urllib.parse import quote_plus, unquote_plus, urlsplit

from paynet.i18n import _
from paynet.masking import SECRET_NAMES

_REQUEST_LINE = re.compile(r"\b(POST|GET|PUT|PATCH)\s+(\S+)\s+HTTP/[0-9](?:\.[0-9])?\s*$", re.I)
_URL = re.compile(r"https?://[^\s'\"<>]+", re.I)
# /api/v2/... and the 3-D Secure uploads' /api/3ds/v1/...: any versioned API path (the debugger matches the
# commands' declared prefixes against it).
_API_PATH = re.compile(r"/api/(?:[A-Za-z0-9-]+/)*v[0-9]+/[^\s'\"<>?#]+")
_PAIRS = re.compile(r"(?:^|(?<=[\s'\"&?]))&?[A-Za-z_][\w\-¤]*=[^\s'\"]*(?:&[A-Za-z_][\w\-¤]*=[^\s'\"]*)*")
_PAIR_START = re.compile(r"&?[A-Za-z_¤][\w\-¤]*=")
_ARG_FLAGS = {"-u", "--user", "-A", "--user-agent", "-e", "--referer", "-o", "--output", "-m", "--max-time",
              "--connect-timeout", "-x", "--proxy", "-b", "--cookie", "-c", "--cookie-jar", "--cacert", "--cert",
              "-E", "--key", "-w", "--write-out", "--retry", "-T", "--upload-file", "--resolve"}
_DATA_FLAGS = {"-d", "--data", "--data-raw", "--data-binary", "--data-ascii"}
# A URL read by hand when urlsplit refuses it (a bracketed host that is not an IPv6 address, unbalanced brackets):
# every part optional, so any text matches.
_URL_PARTS = re.compile(r"(?:[A-Za-z][\w+.-]*:)?(?://(?P<netloc>[^/?#]*))?(?P<path>[^?#]*)(?:\?(?P<query>[^#]*))?(?:#.*)?",
                        re.S)


@dataclass
class Pasted:
    """What was read: where it came from, the URL path, headers, the body and its fields."""

    source: str = "body"  # "http" | "curl" | "url" | "body" | "log"
    method: str = "POST"
    path: str = ""
    headers: list[tuple[str, str]] = field(default_factory=list)
    body: str = ""  # as received: urlencoded text
    pairs: list[tuple[str, str, str]] = field(default_factory=list)  # (name, decoded value, raw value)
    fragments: list[str] = field(default_factory=list)  # chunks without '=' (a '&' inside a value)
    problems: list[str] = field(default_factory=list)

    @property
    def fields(self) -> dict[str, str]:
        return {name: value for name, value, _ in self.pairs}

    def builder_values(self) -> dict[str, str]:
        """The fields the builder takes back: no control, key, card number or CVV2 (the holder's name and the expiry
        go along, shown as on a receipt); and '¤cy' (an HTML page read '&curren' in '&currency=' as the entity '¤')
        as the currency it was meant to be."""
        values = {k: v for k, v in self.fields.items() if k not in ("control", *SECRET_NAMES)}
        if "¤cy" in values:
            values["currency"] = values.pop("¤cy")
        return values

    def header(self, name: str) -> str | None:
        return next((v for k, v in self.headers if k.lower() == name.lower()), None)


def split_url(url: str, pasted: Pasted) -> tuple[str, str, str]:
    """(host and port, path, query) of a pasted URL; one urlsplit cannot read is read by hand, with a problem."""
    try:
        parts = urlsplit(url)
        return parts.netloc, parts.path, parts.query
    except ValueError:
        m = _URL_PARTS.fullmatch(url)
        pasted.problems.append(_("The URL's host %(host)s cannot be read (a host in [brackets] must be an IPv6 "
                                 "address, and brackets must pair); the path and query were read without it.",
                                 host=repr(m["netloc"][:80])))
        return m["netloc"] or "", m["path"], m["query"] or ""


def join_body_lines(lines: list[str]) -> str:
    """Docs-style bodies put one parameter per line, most lines starting with '&'."""
    out = ""
    for line in (ln.rstrip("\r") for ln in lines):
        if not line.strip():
            continue
        out += line if not out or line.startswith("&") else "&" + line
    return out


def split_pairs(body: str, pasted: Pasted) -> None:
    """Split like the gateway: on '&', then '=', then form-decode ('+' is a space)."""
    label = re.match(r"[A-Za-z_]+=(?=[A-Za-z_][\w-]*=)", body)
    if label and pasted.source == "log":  # "body=login=...&..." in a log line: the label is not a field
        body = body[label.end():]
    for chunk in body.split("&"):
        if not chunk.strip():
            continue
        name, sep, raw = chunk.partition("=")
        if not sep:
            pasted.fragments.append(chunk)
            continue
        pasted.pairs.append((unquote_plus(name.strip()), unquote_plus(raw), raw))


def parse(text: str) -> Pasted:
    """Try the specific shapes first (curl, raw HTTP), then a URL, then any name=value run."""
    text = text.replace("\r\n", "\n")
    for reader in (_curl, _http, _url, _bare):
        pasted = reader(text)
        if pasted is not None:
            return pasted
    return Pasted(source="unknown", problems=[_("No request found: expected raw HTTP, a curl command, a URL "
                                                "with a query string, or a name=value&... body.")])


def _http(text: str) -> Pasted | None:
    lines = text.split("\n")
    for i, line in enumerate(lines):
        m = _REQUEST_LINE.search(line)
        if not m:
            continue
        pasted = Pasted(source="http", method=m[1].upper())
        target = m[2]
        rest = lines[i + 1:]
        end = next((j for j, ln in enumerate(rest) if _ends_headers(ln)), len(rest))
        for n, ln in enumerate(rest[:end], start=i + 2):
            name, sep, value = ln.partition(":")
            if not sep or not name.strip() or " " in name.strip():
                pasted.problems.append(_("line %(line)s: not a header, ignored: %(text)r", line=n,
                                         text=ln.strip()[:80]))
                continue
            pasted.headers.append((name.strip(), value.strip()))
        absolute = target if "://" in target else ("http://host" if target.startswith("/") else "http://") + target
        _host, pasted.path, query = split_url(absolute, pasted)
        pasted.body = join_body_lines(rest[end + (0 if rest[end:end + 1] and rest[end].strip() else 1):])
        split_pairs(query, pasted) if query and not pasted.body else None
        split_pairs(pasted.body, pasted)
        return pasted
    return None


def _ends_headers(line: str) -> bool:
    """A blank line, or (docs pages that lost it) the first body line: '&name=' or 'name=value'."""
    stripped = line.strip()
    return not stripped or stripped.startswith("&") or ("=" in stripped and ":" not in stripped.split("=")[0])


def _curl(text: str) -> Pasted | None:
    m = re.search(r"(?:^|\s|['\"])curl\s", text)
    if not m:
        return None
    command = re.sub(r"\\\n", " ", text[m.start():].lstrip("'\" \t"))
    try:
        args = shlex.split(command, comments=False)
    except ValueError as exc:
        try:
            args = shlex.split(command + ("'" if command.count("'") % 2 else '"'))
        except ValueError:
            return Pasted(source="curl", problems=[_("The curl command cannot be split into arguments "
                                                     "(%(error)s).", error=exc)])
        problem = _("The curl command has an unclosed quote (%(error)s); read as if it were closed.", error=exc)
    else:
        problem = None
    pasted = Pasted(source="curl")
    if problem:
        pasted.problems.append(problem)
    data, url, get = [], "", False
    # Short flags with their value attached (`-dlogin=x`, `-XPOST`, `-H'Host: x'`) read as curl reads them.
    args = [part for arg in args[1:] for part in (
        (arg[:2], arg[2:]) if len(arg) > 2 and arg[:2] in ("-d", "-X", "-H") else (arg,))]
    i = 0
    while i < len(args):
        arg, value = args[i], args[i + 1] if i + 1 < len(args) else None
        if arg in _DATA_FLAGS or arg.startswith(("--data=", "--data-raw=")):
            data.append(arg.split("=", 1)[1] if "=" in arg and arg.startswith("--") else value or "")
            i += 1 if "=" in arg and arg.startswith("--") else 2
        elif arg == "--data-urlencode":
            data.append(_urlencode_arg(value or "", pasted))
            i += 2
        elif arg in ("-H", "--header"):
            name, _sep, hvalue = (value or "").partition(":")
            pasted.headers.append((name.strip(), hvalue.strip()))
            i += 2
        elif arg in ("-X", "--request"):
            pasted.method = (value or "POST").upper()
            i += 2
        elif arg == "--url":
            url = value or ""
            i += 2
        elif arg in ("-G", "--get"):
            get = True
            i += 1
        elif arg in _ARG_FLAGS:
            i += 2
        elif arg.startswith("-"):
            i += 1
        else:
            url = url or arg
            i += 1
    netloc, pasted.path, query = split_url(url, pasted)
    if netloc:
        pasted.headers.insert(0, ("Host", netloc))
    pasted.body = "&".join(d for d in data if d)
    if data and not get and not any(k.lower() == "content-type" for k, _ in pasted.headers):
        pasted.headers.append(("Content-Type", "application/x-www-form-urlencoded"))  # curl's default for -d
    split_pairs(query, pasted)
    split_pairs(pasted.body, pasted)
    if not url:
        pasted.problems.append(_("The curl command has no URL."))
    return pasted


def _urlencode_arg(value: str, pasted: Pasted) -> str:
    """curl's --data-urlencode forms: name=content, =content, content, name@file."""
    if "=" in value:
        name, _sep, content = value.partition("=")
        encoded = quote_plus(content, errors="replace")
        return f"{name}={encoded}" if name else encoded
    if "@" in value:
        pasted.problems.append(_("--data-urlencode %(value)r reads a file, which is not in the paste.", value=value))
        return ""
    return quote_plus(value, errors="replace")  # a lone surrogate, which a JSON string can carry


def _url(text: str) -> Pasted | None:
    for m in _URL.finditer(text):
        pasted = Pasted(source="url", method="GET")
        netloc, pasted.path, query = split_url(m.group(0), pasted)
        if not query and not _API_PATH.search(pasted.path):
            continue
        pasted.headers = [("Host", netloc)]
        split_pairs(query, pasted)
        body = _PAIRS.search(text[m.end():])
        if body:  # a log line: the URL, then the body
            pasted.source, pasted.method, pasted.body = "log", "POST", body.group(0).lstrip("&")
            split_pairs(pasted.body, pasted)
        return pasted
    return None


def _bare(text: str) -> Pasted | None:
    lines = [ln for ln in text.split("\n") if ln.strip()]
    source = "body"
    if lines and all(_PAIR_START.match(ln.strip()) for ln in lines):
        body = join_body_lines([ln.strip() for ln in lines])
    else:
        source = "log"
        runs = _PAIRS.findall(text)
        if not runs:
            return None
        body = max(runs, key=len).lstrip("&")
    path = _API_PATH.search(text)
    pasted = Pasted(source=source, path=path.group(0) if path else "", body=body)
    split_pairs(body, pasted)
    return pasted if pasted.pairs else None
