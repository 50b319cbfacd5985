"""A loopback server for the app's own sends to the built-in sandbox.

Sending to `local` through a real socket keeps the raw exchange real, and a separate server
thread means a single-threaded, single-worker app does not deadlock calling itself.
"""

import threading

from werkzeug.serving import make_server

_lock = threading.Lock()


def base_url(app) -> str:
    """The sandbox's base URL on this process's loopback server, started on first use."""
    with _lock:
        server = app.extensions.get("loopback_server")
        if server is None:
            server = make_server("127.0.0.1", 0, app, threaded=True)
            threading.Thread(target=server.serve_forever, name="sandbox-loopback", daemon=True).start()
            app.extensions["loopback_server"] = server
    return f"http://127.0.0.1:{server.server_port}/sandbox/paynet"
