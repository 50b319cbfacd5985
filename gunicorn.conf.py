"""gunicorn settings for `make serve` (a team deployment): threaded workers, bounded timeouts.

Environment: PORT (8000), BIND_HOST (0.0.0.0), WORKERS (2), THREADS (8), TIMEOUT (seconds a worker may
go silent, 30), HEAD_TIMEOUT (seconds a client may take to send a request's head, 10). The app reads its
own settings from FLASK_* variables (docs/deploying.md: Team deployment).
"""

import ipaddress
import os
import sys

import serving
from web import logs


def _number(name: str, default: int) -> int:
    text = os.environ.get(name, str(default)).strip()
    if not text.isdigit() or int(text) < 1:
        sys.exit(f"make serve: {name} must be a whole number of at least 1, got {text!r}.")
    return int(text)


host = os.environ.get("BIND_HOST", "0.0.0.0").strip()
bind = [f"[{host}]:{_number('PORT', 8000)}" if ":" in host else f"{host}:{_number('PORT', 8000)}"]
wsgi_app = "app:create_app()"
worker_class = serving.HeadFirstWorker  # gthread that reads request heads in its event loop
workers = _number("WORKERS", 2)
threads = _number("THREADS", 8)
timeout = _number("TIMEOUT", 30)
graceful_timeout = 20
keepalive = 5
limit_request_line = 8190
control_socket_disable = True  # its default path is per user: two instances on one machine would share it
# No access log by default (add accesslog = "-" if your proxy does not log); whatever gunicorn logs, in the master
# and (forked from it) the workers, is masked when made: tokens, query strings, card and key values (web/logs.py).
logs.install()


def loopback_only(address: str) -> bool:
    name = address.rsplit(":", 1)[0].strip("[]") if not address.startswith("unix:") else "localhost"
    if name == "localhost":
        return True
    try:
        return ipaddress.ip_address(name).is_loopback
    except ValueError:
        return False  # a host name: whatever it resolves to, treat it as reachable from outside


def on_starting(server):
    """Refuse to serve beyond loopback with links and Host checks left to whatever Host a client sends."""
    exposed = [a for a in server.cfg.bind if not loopback_only(a)]
    if exposed and not (os.environ.get("FLASK_PUBLIC_URL") or os.environ.get("FLASK_TRUSTED_HOSTS")):
        sys.exit(f"make serve: refusing to listen on {', '.join(exposed)} without FLASK_PUBLIC_URL or "
                 "FLASK_TRUSTED_HOSTS: payer links and inbox URLs would take any Host header a client sends. Set "
                 "FLASK_PUBLIC_URL=https://tools.example.com (the address users reach the tool at) or "
                 "FLASK_TRUSTED_HOSTS=tools.example.com, or bind to loopback with BIND_HOST=127.0.0.1.")
