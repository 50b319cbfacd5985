"""`make serve`: the app under waitress, for a team on a shared server (docs/deploying.md: Team deployment).

waitress reads each request whole — head and body — in its event loop before a thread takes it, so clients that
trickle bytes hold a socket, never a thread. That is the design we need; no subclass of a server's internals.

Environment: PORT (8000), BIND_HOST (0.0.0.0), THREADS (16), CONNECTION_LIMIT (open sockets, 500),
CHANNEL_TIMEOUT (seconds a socket may stay silent, 30), ACCESS_LOG (1 logs each request, masked). The app reads
its own settings from FLASK_* variables.
"""

import ipaddress
import logging
import os
import sys

from waitress import create_server

BODY_LIMIT_FACTOR = 2  # waitress refuses bodies past twice the app's own limit, which answers in its route's shape


def number(environ, name: str, default: int) -> int:
    text = environ.get(name, str(default)).strip()
    if not text.isdigit() or int(text) < 1:
        sys.exit(f"make serve: {name} must be a whole number of at least 1, got {text!r}.")
    return int(text)


def loopback_only(host: str) -> bool:
    name = host.strip("[]")
    if name == "localhost":
        return True
    try:
        return ipaddress.ip_address(name).is_loopback
    except ValueError:
        return False  # a host name: whatever it resolves to, treat it as reachable from outside


def settings(environ, body_limit: int) -> dict:
    """waitress's adjustments from the environment; exits with a message naming a bad setting."""
    host, port = environ.get("BIND_HOST", "0.0.0.0").strip(), number(environ, "PORT", 8000)
    if not loopback_only(host) and not (environ.get("FLASK_PUBLIC_URL") or environ.get("FLASK_TRUSTED_HOSTS")):
        shown = f"[{host}]:{port}" if ":" in host else f"{host}:{port}"
        sys.exit(f"make serve: refusing to listen on {shown} without FLASK_PUBLIC_URL or "
                 "FLASK_TRUSTED_HOSTS: payer links and inbox URLs would take any Host header a client sends. Set "
                 "FLASK_PUBLIC_URL=https://tools.example.com (the address users reach the tool at) or "
                 "FLASK_TRUSTED_HOSTS=tools.example.com, or bind to loopback with BIND_HOST=127.0.0.1.")
    return {"listen": f"[{host}]:{port}" if ":" in host else f"{host}:{port}",
            "threads": number(environ, "THREADS", 16),
            "connection_limit": number(environ, "CONNECTION_LIMIT", 500),
            "channel_timeout": number(environ, "CHANNEL_TIMEOUT", 30),
            "max_request_body_size": BODY_LIMIT_FACTOR * body_limit,
            "ident": "",  # no Server header: what runs the tool is nobody's business
            "asyncore_use_poll": True,  # select() stops at 1024 descriptors
            "clear_untrusted_proxy_headers": False}  # X-Forwarded-* are the app's call (FLASK_PROXY_FIX)


def main() -> None:
    from app import create_app
    from web import logs

    logs.install()  # before the first record: waitress's own log lines are masked too
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(levelname)s %(message)s")
    app = create_app()
    adjustments = settings(os.environ, app.config["MAX_CONTENT_LENGTH"])
    handler = logs.access_log(app) if os.environ.get("ACCESS_LOG") == "1" else app
    server = create_server(handler, **adjustments)
    logging.getLogger("serve").info("serving on %s with %s threads", adjustments["listen"], adjustments["threads"])
    server.run()


if __name__ == "__main__":
    main()
