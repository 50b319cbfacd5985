"""Fixtures are the vocabulary: app, client, live servers, the demo key."""

import os
import subprocess
import threading

import pytest

from tests import pg
from tests.servers import LocalServer
from web import docs

DOC_KEY = "B17F59B4-A7DC-41B4-8FF9-37D986B43D20"  # the docs' worked-example key
CANARY_KEY = "CANARY-KEY-7f3e9a1c-do-not-leak"


@pytest.fixture
def app_factory(tmp_path):
    """Apps with the test settings and a SQLite file in tmp_path: make(envs="", home="", **config), where
    `envs` is an environments file's text and `home` a folder of tmp_path with a database of its own."""
    from tests.helpers import make_app

    def make(envs: str = "", home: str = "", **config):
        return make_app(tmp_path / home if home else tmp_path, envs, **config)
    return make


@pytest.fixture
def app(app_factory):
    return app_factory()


@pytest.fixture
def ops(client):
    from tests.helpers import Ops

    return Ops(client)


@pytest.fixture(scope="session")
def postgres():
    """A throwaway PostgreSQL cluster for the whole run (tests/pg.py); skipped without Debian's postgresql
    package, unless REQUIRE_POSTGRES=1 (CI), where it fails."""
    bindir = pg.binaries()
    if bindir is None:
        if os.environ.get("REQUIRE_POSTGRES") == "1":
            pytest.fail("PostgreSQL not found under /usr/lib/postgresql; CI requires the PostgreSQL tests "
                        "(make test installs the postgresql package when root).")
        pytest.skip("PostgreSQL not found under /usr/lib/postgresql (install Debian's postgresql)")
    cluster = pg.Cluster(bindir)
    yield cluster
    cluster.stop()


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request, tmp_path):
    """Each backend in turn: a SQLite file in tmp_path, then a fresh PostgreSQL database."""
    if request.param == "sqlite":
        return str(tmp_path / "sandbox.db")
    return request.getfixturevalue("postgres").create_database()


@pytest.fixture
def client(app):
    return app.test_client()


class LiveServer:
    """A real HTTP server on a loopback port chosen by the OS, in a daemon thread."""

    def __init__(self, wsgi_app):
        self.server = LocalServer(wsgi_app)
        self.url = f"http://127.0.0.1:{self.server.server_port}"
        # A short poll: shutdown() waits for the loop to look, which at the default 0.5 s is most of a teardown.
        self.thread = threading.Thread(target=self.server.serve_forever, args=(0.05,), daemon=True)
        self.thread.start()

    def stop(self):
        self.server.shutdown()
        self.server.server_close()
        self.thread.join(5)


@pytest.fixture
def live_server(app):
    server = LiveServer(app)
    yield server
    server.stop()


@pytest.fixture(scope="session")
def site_built():
    """The docs site, built once if `make docs` has not built it (make test builds it before pytest)."""
    if not os.path.isfile(os.path.join(docs.SITE, "index.html")):
        root = os.path.dirname(docs.SITE)
        subprocess.run([os.path.join(root, ".venv", "bin", "mkdocs"), "build", "--strict", "--quiet"], cwd=root,
                       check=True, env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})


def pytest_sessionstart(session):
    """Compile the Russian catalogue if the .po is newer (make does it too): pytest alone must see the .po's text.
    Under xdist only the controller compiles, before it starts the workers; the .mo is written beside and renamed
    over, so a run reading it at the same time (the browser run, a second make test) never sees half a file."""
    if hasattr(session.config, "workerinput"):
        return
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    po = os.path.join(os.path.dirname(os.path.dirname(__file__)), "translations", "ru", "LC_MESSAGES", "messages.po")
    mo = po[:-3] + ".mo"
    if not os.path.exists(mo) or os.path.getmtime(mo) < os.path.getmtime(po):
        partial = f"{po[:-3]}.{os.getpid()}.mo"  # gitignored like the .mo
        with open(po, "rb") as src, open(partial, "wb") as out:
            write_mo(out, read_po(src, locale="ru"))
        os.replace(partial, mo)
