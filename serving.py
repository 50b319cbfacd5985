"""The gunicorn worker `make serve` runs (see gunicorn.conf.py): gunicorn's threaded worker, except that a
request's head is read in the worker's event loop before a thread takes the connection.

gunicorn's gthread worker hands a connection to a thread at its first byte and then blocks that thread
until the head is complete, with no time limit: a few clients trickling header bytes hold every thread
and health probes queue behind them. Here such a client holds only a socket, for at most HEAD_TIMEOUT.
"""

import errno
import os
import selectors
import time
from functools import partial

from gunicorn.http2 import negotiation
from gunicorn.workers.gthread import TConn, ThreadWorker

HEAD_TIMEOUT = float(os.environ.get("HEAD_TIMEOUT", "10"))  # seconds from accept to a complete head
HEAD_LIMIT = 64 * 1024  # bytes; past this the parser takes over and applies gunicorn's own limits
TIMED_OUT = b"HTTP/1.1 408 Request Timeout\r\nConnection: close\r\nContent-Length: 0\r\n\r\n"


class HeadFirstWorker(ThreadWorker):
    def init_process(self):
        self.heading = {}  # conn -> deadline, connections whose head is still arriving
        super().init_process()

    def _reads_heads(self, conn) -> bool:
        # TLS and HTTP/2 sniffing read the socket themselves: leave those to gunicorn.
        return not self.cfg.is_ssl and not negotiation.prior_knowledge_allowed(self.cfg, conn.client)

    def accept(self, listener):
        try:
            sock, addr = listener.accept()
        except OSError as e:
            if e.errno not in (errno.EAGAIN, errno.ECONNABORTED, errno.EWOULDBLOCK):
                raise
            return
        self.nr_conns += 1
        conn = TConn(self.cfg, sock, addr, listener.getsockname())  # non-blocking until a thread takes it
        if self._reads_heads(conn):
            self._await_head(conn)
        else:
            self.enqueue_req(conn)

    def on_client_socket_readable(self, conn, client):
        """A kept-alive connection's next request: its head is read here too."""
        self.poller.unregister(client)
        self.keepalived_conns.remove(conn)
        self._await_head(conn)

    def _await_head(self, conn):
        conn.head = bytearray()
        self.heading[conn] = time.monotonic() + HEAD_TIMEOUT
        self.poller.register(conn.sock, selectors.EVENT_READ, partial(self._on_head_bytes, conn))

    def _on_head_bytes(self, conn, client):
        try:
            data = conn.sock.recv(HEAD_LIMIT)
        except (BlockingIOError, InterruptedError):
            return
        except OSError:
            data = b""
        conn.head += data
        complete = b"\r\n\r\n" in conn.head or b"\n\n" in conn.head or len(conn.head) >= HEAD_LIMIT
        if data and not complete:
            return
        self.poller.unregister(client)
        del self.heading[conn]
        if data:
            conn.data_ready = True
            self.enqueue_req(conn)
        else:  # closed before a whole head arrived
            self.nr_conns -= 1
            conn.close()

    def murder_pending(self):
        """Also close the connections whose head did not arrive within HEAD_TIMEOUT."""
        super().murder_pending()
        now = time.monotonic()
        for conn in [c for c, deadline in self.heading.items() if deadline <= now]:
            del self.heading[conn]
            self.poller.unregister(conn.sock)
            try:
                conn.sock.send(TIMED_OUT)
            except OSError:
                pass  # the client is gone or its buffer is full: closing is enough
            self.nr_conns -= 1
            conn.close()

    def handle_request(self, req, conn):
        """A body over the app's MAX_CONTENT_LENGTH is refused (413) without being read, and gunicorn drains at
        most 64 KiB of an unread body before it keeps a connection alive: it would close a connection its reply
        had just called kept-alive, and the client's next request on it would fail. The reply says
        `Connection: close` instead, so the client opens a new connection."""
        limit = getattr(self.wsgi, "config", {}).get("MAX_CONTENT_LENGTH")
        if limit and _content_length(req) > limit:
            req.force_close()
        return super().handle_request(req, conn)

    def handle(self, conn):
        head = getattr(conn, "head", None)
        if head:  # give the parser the bytes read in the event loop, then let gunicorn carry on
            conn.head = None
            conn.sock.setblocking(True)
            conn.init()
            conn.parser.unreader.unread(bytes(head))
        return super().handle(conn)


def _content_length(req) -> int:
    value = next((v for name, v in req.headers if name == "CONTENT-LENGTH"), "0").strip()
    return int(value) if value.isascii() and value.isdigit() and len(value) < 19 else 0
