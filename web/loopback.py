"""A loopback server for the app's own requests to itself: sends to the built-in sandbox, and the
sandbox's callbacks to the tool's own inbox.

A real socket keeps the raw exchange real, and a separate server thread means a single-threaded,
single-worker app does not deadlock calling itself.
"""

import threading

from werkzeug.serving import make_server

from gateway.environments import LOCAL_PATH

_lock = threading.Lock()


def root_url(app) -> str:
    """This process's loopback server for `app`, started on first use."""
    with _lock:
        server = app.extensions.get("loopback_server")
        if server is None:
            server = make_server("127.0.0.1", 0, app, threaded=True)
            threading.Thread(target=server.serve_forever, name="loopback", daemon=True).start()
            app.extensions["loopback_server"] = server
    return f"http://127.0.0.1:{server.server_port}"


def base_url(app) -> str:
    """The built-in sandbox's base URL on the loopback server."""
    return root_url(app) + LOCAL_PATH
