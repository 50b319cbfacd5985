"""Deliberately bad (and one honest) HTTP servers on loopback ports chosen by the OS, and LocalServer: the app
itself on a real port, for tests and benchmarks that need one."""

import os
import socket
import socketserver
import ssl
import struct
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from werkzeug.serving import ThreadedWSGIServer

OK_BODY = b"type=async-response\n&serial-number=00000000-0000-0000-0000-000000000001\n&paynet-order-id=1\n"


class LocalServer(ThreadedWSGIServer):
    """Werkzeug's threaded server on 127.0.0.1, without http.server's reverse lookup of its own address
    (socket.getfqdn): the name is never used, and on a host whose resolver does not answer that lookup
    stalls every start."""

    def __init__(self, app, port: int = 0):
        super().__init__("127.0.0.1", port, app)

    def server_bind(self):
        socketserver.TCPServer.server_bind(self)
        self.server_name, self.server_port = self.server_address[:2]


def read_request(conn) -> bytes:
    """Read one HTTP request: the head, then Content-Length bytes of body."""
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = conn.recv(65536)
        if not chunk:
            return data
        data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    length = next((int(line.split(b":", 1)[1]) for line in head.split(b"\r\n")
                   if line.lower().startswith(b"content-length:")), 0)
    while len(body) < length:
        chunk = conn.recv(65536)
        if not chunk:
            break
        body += chunk
    return head + b"\r\n\r\n" + body


def response(status: str, body: bytes, headers: str = "Content-Type: text/html;charset=utf-8\r\n") -> bytes:
    return (f"HTTP/1.1 {status}\r\n{headers}Content-Length: {len(body)}\r\nConnection: close\r\n\r\n").encode() + body


class RawServer:
    """Accepts connections on 127.0.0.1:0 (or another loopback address and port) and hands each to
    `handler(conn, server)`."""

    def __init__(self, handler, tls_context: ssl.SSLContext | None = None, host: str = "127.0.0.1", port: int = 0):
        self.handler, self.tls = handler, tls_context
        self.received: list[bytes] = []
        self.arrived = threading.Event()
        self.sock = socket.create_server((host, port))
        self.sock.settimeout(0.2)
        self.port = self.sock.getsockname()[1]
        self.url = f"{'https' if tls_context else 'http'}://{host}:{self.port}"
        self.running = True
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    def _serve(self):
        while self.running:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                continue
            threading.Thread(target=self._one, args=(conn,), daemon=True).start()

    def _one(self, conn):
        try:
            if self.tls:
                conn = self.tls.wrap_socket(conn, server_side=True)
            self.handler(conn, self)
        except OSError:
            pass
        finally:
            conn.close()

    def stop(self):
        self.running = False
        self.thread.join(2)
        self.sock.close()


def echo_ok(conn, server):
    server.received.append(read_request(conn))
    conn.sendall(response("200 OK", OK_BODY))
    server.arrived.set()


def sleeps(conn, server):
    read_request(conn)
    time.sleep(1.5)


def trickles(conn, server):
    read_request(conn)
    conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: 1000\r\n\r\n")
    for _ in range(60):
        conn.sendall(b"x")
        time.sleep(0.05)


def resets_mid_body(conn, server):
    read_request(conn)
    conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: 100\r\n\r\ntype=async")
    conn.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))  # close sends RST


def answers(status: str, body: bytes, headers: str = "Content-Type: text/html;charset=utf-8\r\n"):
    def handler(conn, server):
        server.received.append(read_request(conn))
        conn.sendall(response(status, body, headers))
    return handler


def closed_port() -> int:
    """A port nothing listens on: bound, then closed."""
    sock = socket.create_server(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    sock.close()
    return port


def eventually(check, timeout: float = 5.0):
    """Poll `check` until it returns something truthy, for work another thread finishes; bounded."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = check()
        if value:
            return value
        time.sleep(0.02)
    raise AssertionError(f"not within {timeout} s")


ROOT = Path(__file__).resolve().parent.parent


class Serve:
    """`make serve` (serve.py: the app under waitress) on 127.0.0.1 and a free port, as a process of its own."""

    def __init__(self, db_path: str, **env: str):
        for attempt in range(3):  # the free port may be taken (another test worker) before waitress binds it
            self.port = closed_port()
            self.url = f"http://127.0.0.1:{self.port}"
            # A file, not a pipe: the server logs to stderr as it goes, and a full pipe would block.
            self.log = tempfile.TemporaryFile()
            self.process = subprocess.Popen([sys.executable, "serve.py"], cwd=ROOT,
                                            env={**os.environ, "BIND_HOST": "127.0.0.1", "PORT": str(self.port),
                                                 "FLASK_SECRET_KEY": "serve-test", "FLASK_SANDBOX_DATABASE": db_path,
                                                 **env},
                                            stdout=subprocess.DEVNULL, stderr=self.log)
            try:
                eventually(self._ready, timeout=20)
                return
            except AssertionError as exc:
                self.stop()
                if attempt == 2 or "Address already in use" not in str(exc):
                    raise

    def _ready(self) -> bool:
        if self.process.poll() is not None:
            raise AssertionError(f"serve.py exited: {self.output()}")
        try:
            with socket.create_connection(("127.0.0.1", self.port), timeout=1) as sock:
                sock.sendall(b"GET /api/health HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
                return sock.recv(12) == b"HTTP/1.1 200"
        except OSError:
            return False

    def output(self) -> str:
        """What the server has logged so far."""
        self.log.seek(0)
        return self.log.read().decode(errors="replace")

    def stop(self):
        self.process.terminate()
        try:
            self.process.wait(10)
        except Exception:
            self.process.kill()
            self.process.wait(5)
        self.log.close()


class SlowHeaders:
    """A client that sends a request head one byte every `interval` seconds and never ends it; when the
    server answers or closes, it keeps what came back (b"" for a bare close) and, if `reconnect`, starts over."""

    def __init__(self, port: int, interval: float = 0.2, reconnect: bool = False):
        self.port, self.interval, self.reconnect = port, interval, reconnect
        self.answers: list[bytes] = []
        self.running = True
        self.connected = threading.Event()  # set once its first head bytes are on the wire
        self.thread = threading.Thread(target=self._run, daemon=True)
        self.thread.start()

    def _run(self):
        while self.running:
            self.answers.append(self._one())
            if not self.reconnect:
                return

    def _one(self) -> bytes:
        try:
            with socket.create_connection(("127.0.0.1", self.port), timeout=5) as sock:
                sock.sendall(b"GET /api/health HTTP/1.1\r\n")
                self.connected.set()
                sock.settimeout(self.interval)
                while self.running:
                    sock.sendall(b"X")
                    try:
                        return sock.recv(200)  # the server answered (or closed: b"")
                    except TimeoutError:
                        continue  # nothing yet: the pause between two bytes
        except OSError:
            self.connected.set()
            return b""
        return b""

    def stop(self):
        self.running = False
        self.thread.join(2)


class SlowBody:
    """A client that sends a whole request head announcing a 100000-byte body, then one body byte every
    `interval` seconds: a server that gives it a thread at the head loses that thread for hours."""

    def __init__(self, port: int, interval: float = 0.2):
        self.port, self.interval = port, interval
        self.running = True
        self.connected = threading.Event()
        self.thread = threading.Thread(target=self._run, daemon=True)
        self.thread.start()

    def _run(self):
        try:
            with socket.create_connection(("127.0.0.1", self.port), timeout=5) as sock:
                sock.sendall(b"POST /api/sale/sign HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                             b"Content-Length: 100000\r\n\r\n{")
                self.connected.set()
                sock.settimeout(self.interval)
                while self.running:
                    sock.sendall(b" ")
                    try:
                        sock.recv(200)
                        return  # the server answered or let go
                    except TimeoutError:
                        continue  # nothing back: the pause between two bytes
        except OSError:
            self.connected.set()

    def stop(self):
        self.running = False
        self.thread.join(2)


def huge(size: int, piece: bytes = b"x" * 65536):
    """A handler that answers 200 with a body of `size` bytes, streamed, for as long as it is read."""
    def handler(conn, server):
        server.received.append(read_request(conn))
        conn.sendall(f"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: {size}\r\n\r\n".encode())
        sent = 0
        while sent < size:
            chunk = piece[:size - sent]
            conn.sendall(chunk)
            sent += len(chunk)
    return handler
