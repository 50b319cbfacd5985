"""A loopback server for the app's own requests to itself: sends to the built-in sandbox, and the
sandbox's callbacks to the tool's own inbox.

A real socket keeps the raw exchange real, and a separate server thread means a single-threaded,
single-worker app does not deadlock calling itself.

The sandbox builds payer links from the address users reach the tool at, which the loopback request
cannot carry in its Host (127.0.0.1:<port>). The sender registers that address under a one-time ticket
(128 random bits, in this process only) and sends the ticket in a header; only the loopback server
reads it, and only once, so neither a caller of the public server nor a replay can choose a link host.
"""

import secrets
import socketserver
import threading
from contextlib import contextmanager

from flask import Request
from werkzeug.serving import ThreadedWSGIServer

from outbound.environments import LOCAL_PATH

TICKET_HEADER = "X-Public-Url-Ticket"
OWN = "paynet.loopback"  # environ keys: a client can only set HTTP_* ones
PUBLIC_ROOT = "paynet.public_root"
_lock = threading.Lock()


class LoopbackRequest(Request):
    """The app's request class: requests through the loopback server skip the TRUSTED_HOSTS check, since
    their Host is this process's own 127.0.0.1:<port>; every other request is checked."""

    _trusted_hosts = None

    @property
    def trusted_hosts(self):
        return None if self.environ.get(OWN) else self._trusted_hosts

    @trusted_hosts.setter
    def trusted_hosts(self, value):
        self._trusted_hosts = value


class _Loopback:
    """WSGI middleware for the loopback server only: marks the request as the app's own and redeems a ticket."""

    def __init__(self, app):
        self.app, self.tickets = app, app.extensions.setdefault("loopback_tickets", {})

    def __call__(self, environ, start_response):
        environ[OWN] = True
        ticket = environ.pop("HTTP_" + TICKET_HEADER.upper().replace("-", "_"), "")
        with _lock:
            root = self.tickets.pop(ticket, None)
        if root:
            environ[PUBLIC_ROOT] = root
        return self.app(environ, start_response)


@contextmanager
def ticket(app, public_root: str):
    """Headers for one loopback request that makes the sandbox build its links from `public_root`."""
    tickets = app.extensions.setdefault("loopback_tickets", {})
    value = secrets.token_hex(16)
    with _lock:
        tickets[value] = public_root
    try:
        yield {TICKET_HEADER: value}
    finally:
        with _lock:
            tickets.pop(value, None)  # unused when the request never arrived


class LocalServer(ThreadedWSGIServer):
    """Werkzeug's threaded server on 127.0.0.1, without http.server's reverse lookup of its own address
    (socket.getfqdn): the name is never used, and on a host whose resolver does not answer that lookup
    stalls every start. Tests and benchmarks start theirs the same way."""

    def __init__(self, app, port: int = 0):
        super().__init__("127.0.0.1", port, app)

    def server_bind(self):
        socketserver.TCPServer.server_bind(self)
        self.server_name, self.server_port = self.server_address[:2]


def root_url(app) -> str:
    """This process's loopback server for `app`, started on first use."""
    with _lock:
        server = app.extensions.get("loopback_server")
        if server is None:
            server = LocalServer(_Loopback(app))
            threading.Thread(target=server.serve_forever, name="loopback", daemon=True).start()
            app.extensions["loopback_server"] = server
    return f"http://127.0.0.1:{server.server_port}"


def base_url(app) -> str:
    """The built-in sandbox's base URL on the loopback server."""
    return root_url(app) + LOCAL_PATH
