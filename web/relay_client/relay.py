#!/usr/bin/env python3
"""Relay a PaynetEasy request builder inbox to a callback handler on this machine.

    python3 relay.py https://tool.example.org/callbacks/inbox/<token> http://localhost:8000/cb

It polls the inbox (the listing the tool's /callbacks page reads), replays each new callback to the local URL with
the same method, query string, headers and body, and reports the handler's HTTP status and body back to the
inbox, where the /callbacks page shows it beside the entry. It talks to the inbox URL's host and to the local URL,
nothing else. One file, Python 3.10 or newer, the standard library only: nothing to install.

Exit codes: 0 done (--once) or stopped; 2 a malformed argument; 3 the tool does not know the inbox; 4 the tool
unreachable or refusing; 5 nothing listens at the local URL (--once; the entry waits for the next run).
"""

import argparse
import hashlib
import http.client
import json
import os
import re
import socket
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit

INBOX = re.compile(r"(https?)://([^/?#@]+)(/[^?#]*)?/callbacks/inbox/([A-Za-z0-9_-]{32})/?")
# The tool stores these headers' values as "[dropped]" (store/inboxes.py): there is nothing to forward.
CREDENTIAL_HEADER = re.compile(r"cookie|authorization|.*-key|.*-token|.*-secret|.*auth.*", re.IGNORECASE)
DROPPED = "[dropped]"
# Hop-by-hop headers belong to the inbox's connection, not to the callback; Host and Content-Length are the local
# request's own; Accept-Encoding would get a compressed answer this relay does not decode for the report.
NOT_FORWARDED = {"connection", "keep-alive", "proxy-connection", "te", "trailer", "trailers", "transfer-encoding",
                 "upgrade", "host", "content-length", "accept-encoding"}
REPORT_BODY = 512  # bytes of the local answer reported; the tool keeps as many
TOOL_TIMEOUT = 30.0  # seconds for one request to the tool
USAGE, UNKNOWN_INBOX, TOOL, TARGET = 2, 3, 4, 5  # exit codes


class Stop(Exception):
    """Ends the relay with an exit code and one line."""

    def __init__(self, code: int, message: str):
        super().__init__(message)
        self.code = code


class Refused(Exception):
    """Nothing listens at the local URL: the entry was not delivered and is kept to retry."""


class Inbox:
    """Where the inbox is: the tool's origin, the path it is served under ("" at the root) and the token."""

    def __init__(self, url: str):
        found = INBOX.fullmatch(url.strip())
        if not found:
            raise Stop(USAGE, f"not an inbox URL: {url!r}; copy yours from the tool's /callbacks page "
                              "(https://<tool>/callbacks/inbox/<32-character token>)")
        self.scheme, self.host, prefix, self.token = found.groups()
        self.prefix = (prefix or "").rstrip("/")
        self.site = f"{self.scheme}://{self.host}{self.prefix}"

    def state_name(self) -> str:
        """The state file's name: a digest of the inbox URL, so the token never shows in a file name."""
        digest = hashlib.sha256(f"{self.site}/callbacks/inbox/{self.token}".encode()).hexdigest()
        return f"relay-{digest[:16]}.json"

    def listing(self, after: int) -> str:
        return f"{self.prefix}/api/callbacks?token={self.token}&after={after}"

    def report(self, entry_id: int) -> str:
        return f"{self.prefix}/api/inboxes/{self.token}/entries/{entry_id}/relayed"


def exchange(scheme: str, host: str, method: str, target: str, headers: list, body: bytes, timeout: float,
             limit: int, length: bool = True) -> tuple[int, bytes]:
    """One request on a connection of its own (no proxy, no redirect followed): the status and at most `limit`
    bytes of the answer's body."""
    kind = http.client.HTTPSConnection if scheme == "https" else http.client.HTTPConnection
    conn = kind(host, timeout=timeout)
    try:
        conn.putrequest(method, target, skip_host=True, skip_accept_encoding=True)
        conn.putheader("Host", host)
        for name, value in headers:
            try:
                conn.putheader(name, value.encode("latin-1", "replace"))
            except ValueError:  # a name or value HTTP cannot carry (checked before anything is written)
                print(f"relay.py: header {name!r} left out: HTTP cannot carry it", file=sys.stderr, flush=True)
        if length:
            conn.putheader("Content-Length", str(len(body)))
        conn.endheaders(body or None)
        answer = conn.getresponse()
        return answer.status, answer.read(limit)
    finally:
        conn.close()


class Tool:
    """The tool's side: the inbox's listing and the reports, over HTTP(S) to the inbox URL's host only."""

    def __init__(self, inbox: Inbox):
        self.inbox = inbox

    def _call(self, method: str, target: str, payload: dict | None = None) -> tuple[int, dict]:
        body = b"" if payload is None else json.dumps(payload).encode()
        headers = [("Accept", "application/json"), ("User-Agent", "paynet-relay/1")]
        if payload is not None:
            headers.append(("Content-Type", "application/json"))
        try:
            status, data = exchange(self.inbox.scheme, self.inbox.host, method, target, headers, body, TOOL_TIMEOUT,
                                    4 * 1024 * 1024, length=payload is not None)
        except (OSError, http.client.HTTPException) as exc:
            raise Stop(TOOL, f"cannot reach the tool at {self.inbox.site}: {reason(exc)}") from None
        try:
            found = json.loads(data.decode("utf-8"))
        except ValueError:
            found = None
        if not isinstance(found, dict):
            raise Stop(TOOL, f"{self.inbox.site} does not look like the tool: {method} {target.split('?')[0]} "
                             f"answered HTTP {status} without a JSON object")
        return status, found

    def entries(self, after: int) -> tuple[list, bool]:
        """The inbox's entries after `after`, oldest first, and whether more are waiting."""
        status, data = self._call("GET", self.inbox.listing(after))
        if status == 404 and data.get("error", {}).get("kind") == "unknown-inbox":
            raise Stop(UNKNOWN_INBOX, f"the tool at {self.inbox.site} does not know this inbox: it may have expired "
                                      f"after 24 h idle; open {self.inbox.site}/callbacks to get a new one")
        if status != 200 or not isinstance(data.get("received"), list):
            raise Stop(TOOL, f"the tool refused the listing: HTTP {status}: {message(data)}")
        return data["received"], bool(data.get("more"))

    def report(self, entry_id: int, status: int | None, body: str) -> str | None:
        """Report the local answer; why the tool refused it, or None."""
        answer, data = self._call("POST", self.inbox.report(entry_id), {"status": status, "body": body})
        return None if answer == 200 else f"HTTP {answer}: {message(data)}"


def message(data: dict) -> str:
    error = data.get("error")
    return str(error.get("message") if isinstance(error, dict) else data)[:300]


def reason(exc: BaseException) -> str:
    if isinstance(exc, socket.gaierror):
        return "the host name does not resolve"
    return getattr(exc, "strerror", None) or str(exc) or type(exc).__name__


def forwarded(headers: list) -> list:
    """The headers the local handler gets: the inbox's, less credentials (dropped there) and this hop's own."""
    return [(k, v) for k, v in headers if v != DROPPED and not CREDENTIAL_HEADER.fullmatch(k)
            and k.lower() not in NOT_FORWARDED]


def local_target(target, entry_url: str) -> str:
    """The local URL's path with the callback's query string after the local URL's own."""
    query = "&".join(q for q in (target.query, entry_url.partition("?")[2]) if q)
    return (target.path or "/") + ("?" + query if query else "")


class Relay:
    """Replays entries to the local URL, at most `rate` a second, and remembers the last one done."""

    def __init__(self, tool: Tool, target: str, state: Path, rate: float, timeout: float):
        self.tool, self.url, self.state, self.timeout = tool, target, state, timeout
        self.target = urlsplit(target)
        self.gap, self.last_sent = 1.0 / rate, 0.0
        self.done = 0  # the id of the last entry relayed (or skipped at the first run)

    def after(self) -> int | None:
        try:
            return int(json.loads(self.state.read_text())["after"])
        except FileNotFoundError:
            return None
        except (ValueError, KeyError, TypeError, OSError) as exc:
            raise Stop(USAGE, f"unreadable state file {self.state}: {exc}; remove it, or pass --since ID") from None

    def remember(self, after: int) -> None:
        self.done = after
        try:
            self.state.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
            temp = self.state.with_name(self.state.name + ".tmp")
            temp.write_text(json.dumps({"after": after}) + "\n")
            os.replace(temp, self.state)  # whole or not at all, even when stopped mid-write
        except OSError as exc:
            raise Stop(USAGE, f"cannot write the state file {self.state}: {reason(exc)}; pass --state PATH") from None

    def newest(self) -> int:
        """The id of the newest entry waiting (0: none)."""
        after, more = 0, True
        while more:
            entries, more = self.tool.entries(after)
            after = entries[-1]["id"] if entries else after
        return after

    def run_once(self) -> None:
        """Relay everything waiting after the last entry done; Refused leaves the entry for the next try."""
        more = True
        while more:
            entries, more = self.tool.entries(self.done)
            for entry in entries:
                self.relay(entry)

    def relay(self, entry: dict) -> None:
        wait = self.last_sent + self.gap - time.monotonic()
        if wait > 0:
            time.sleep(wait)  # at most --rate replays a second
        self.last_sent = time.monotonic()
        status, body = self.replay(entry)
        self.remember(entry["id"])  # delivered: never again, even if the report below does not get through
        shown = f"HTTP {status}" if status else body
        print(f"entry {entry['id']}: {entry['method']} -> {self.url}: {shown}", flush=True)
        if entry.get("note"):
            print(f"entry {entry['id']}: replayed as the inbox kept it: {entry['note']}", flush=True)
        refused = self.tool.report(entry["id"], status, body)
        if refused:
            print(f"entry {entry['id']}: the tool did not take the report: {refused}", file=sys.stderr, flush=True)

    def replay(self, entry: dict) -> tuple[int | None, str]:
        """The local handler's status and body (cut), or (None, why there is no answer)."""
        t = self.target
        headers = forwarded(entry["headers"])
        had_length = any(k.lower() == "content-length" for k, _ in entry["headers"])
        body = entry["body"].encode("utf-8")
        try:
            status, data = exchange(t.scheme, t.netloc, entry["method"], local_target(t, entry["url"]), headers,
                                    body, self.timeout, REPORT_BODY, length=bool(body) or had_length)
        except (ConnectionRefusedError, socket.gaierror) as exc:
            raise Refused(f"nothing listens at {self.url} ({reason(exc)}); entry {entry['id']} waits for the "
                          "next try") from None
        except TimeoutError:  # the handler got the callback and is slow: not replayed again
            return None, f"no answer within {self.timeout:g} s"
        except (OSError, http.client.HTTPException) as exc:
            return None, f"the connection failed: {reason(exc)}"
        return status, data.decode("utf-8", "ignore")


def arguments(argv):
    parser = argparse.ArgumentParser(prog="relay.py", description=__doc__.split("\n\n")[0],
                                     epilog=__doc__.split("\n\n")[-1])
    parser.add_argument("inbox", help="the inbox URL from the tool's /callbacks page")
    parser.add_argument("target", help="the local handler's URL, e.g. http://localhost:8000/cb")
    parser.add_argument("--once", action="store_true", help="relay what is waiting, then exit")
    parser.add_argument("--interval", type=float, default=2.0, help="seconds between two polls (default 2)")
    parser.add_argument("--rate", type=float, default=5.0, help="at most this many replays a second (default 5)")
    parser.add_argument("--timeout", type=float, default=10.0, help="seconds the local handler has to answer "
                                                                    "(default 10)")
    parser.add_argument("--state", type=Path, help="the file that remembers the last entry relayed (default: "
                                                   "~/.paynet-relay/relay-<digest of the inbox URL>.json)")
    start = parser.add_mutually_exclusive_group()
    start.add_argument("--from-start", action="store_true", help="relay every entry the inbox still holds")
    start.add_argument("--since", type=int, metavar="ID", help="relay the entries after entry ID")
    args = parser.parse_args(argv)
    if min(args.interval, args.rate, args.timeout) <= 0:
        raise Stop(USAGE, "--interval, --rate and --timeout must be more than 0")
    target = urlsplit(args.target)
    if target.scheme not in ("http", "https") or not target.netloc:
        raise Stop(USAGE, f"not a local URL: {args.target!r}; give the handler's URL, e.g. http://localhost:8000/cb")
    return args


def start(relay: Relay, args) -> None:
    """Where to begin: --since or --from-start, else the state file, else after the newest entry waiting (like a
    restart, a first run does not replay the day's old callbacks)."""
    if args.from_start or args.since is not None:
        relay.done = args.since or 0
    elif (after := relay.after()) is not None:
        relay.done = after
    else:
        relay.remember(relay.newest())
        print(f"first run: starting after entry {relay.done}; the entries already waiting are not replayed "
              "(--from-start replays them)", flush=True)


def main(argv=None) -> int:
    try:
        args = arguments(argv)
        inbox = Inbox(args.inbox)
        state = args.state or Path.home() / ".paynet-relay" / inbox.state_name()
        relay = Relay(Tool(inbox), args.target, state, args.rate, args.timeout)
        start(relay, args)
        if args.once:
            relay.run_once()
            return 0
        print(f"relaying the inbox at {inbox.site} to {args.target} (Ctrl+C stops)", flush=True)
        return poll(relay, args.interval)
    except Refused as exc:
        print(f"relay.py: {exc}", file=sys.stderr)
        return TARGET
    except Stop as exc:
        print(f"relay.py: {exc}", file=sys.stderr)
        return exc.code
    except KeyboardInterrupt:
        return 0


def poll(relay: Relay, interval: float) -> int:
    """Relay until stopped. The local handler down pauses it, and so does the tool once it was reached (each said
    once, tried again at each poll); an unknown inbox ends it, and so does a tool never reached (a wrong URL)."""
    said, reached = None, False
    while True:
        problem = None
        try:
            relay.run_once()
            reached = True
        except Refused as exc:
            problem, reached = str(exc), True
        except Stop as exc:
            if exc.code != TOOL or not reached:
                raise
            problem = f"{exc}; trying again every {interval:g} s"
        if problem and problem != said:
            print(f"relay.py: {problem}", file=sys.stderr, flush=True)
        said = problem
        time.sleep(interval)


if __name__ == "__main__":
    sys.exit(main())
