"""A throwaway PostgreSQL cluster for the tests and the benchmark, from Debian's postgresql package.

initdb refuses to run as root (CI is root): then the server runs as the package's `postgres` user
(runuser), in a folder under /tmp that user owns (pytest's own temp folders are private to root), on a
free loopback port, with its unix socket in that folder too. stop() removes everything.
"""

import glob
import itertools
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
from pathlib import Path


def binaries() -> str | None:
    """The newest installed server's bin folder (/usr/lib/postgresql/<version>/bin), or None."""
    found = [Path(p).parent for p in glob.glob("/usr/lib/postgresql/*/bin/initdb")]
    found = [p for p in found if p.parent.name.isdigit() and (p / "pg_ctl").exists()]
    return str(max(found, key=lambda p: int(p.parent.name))) if found else None


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Cluster:
    """initdb + pg_ctl start; `url` is the superuser's, create_database() a fresh one per test."""

    def __init__(self, bindir: str, durable: bool = False):
        self.bindir, self.names = bindir, itertools.count(1)
        self.dir = tempfile.mkdtemp(prefix="paynet-pg-")
        self.as_owner = []
        if os.geteuid() == 0:
            owner = pwd.getpwnam("postgres")
            os.chown(self.dir, owner.pw_uid, owner.pw_gid)
            self.as_owner = ["runuser", "-u", "postgres", "--"]
        self.data = os.path.join(self.dir, "data")
        try:
            self._run("initdb", "-D", self.data, "-A", "trust", "-U", "postgres", "-E", "UTF8", "--locale=C",
                      "--no-sync", "--no-instructions")
            self._start(durable)
        except BaseException:
            shutil.rmtree(self.dir, ignore_errors=True)
            raise

    def _run(self, program: str, *args: str) -> None:
        done = subprocess.run([*self.as_owner, os.path.join(self.bindir, program), *args], capture_output=True,
                              text=True, timeout=120)
        if done.returncode:
            raise RuntimeError(f"{program} failed ({done.returncode}): {done.stdout}{done.stderr}")

    def _start(self, durable: bool) -> None:
        # Tests need no crash safety; the benchmark (durable) keeps the server's defaults, like SQLite's.
        fast = "" if durable else " -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
        for attempt in range(3):  # the free port may be taken before the server binds it
            self.port = free_port()
            options = (f"-p {self.port} -k {self.dir} -c listen_addresses=127.0.0.1 -c max_connections=300"
                       + fast)
            try:
                self._run("pg_ctl", "-D", self.data, "-o", options, "-l", os.path.join(self.dir, "log"),
                          "-w", "-t", "60", "start")
                break
            except RuntimeError:
                if attempt == 2:
                    raise RuntimeError("PostgreSQL did not start: " + Path(self.dir, "log").read_text()) from None
        self.url = f"postgresql://postgres@127.0.0.1:{self.port}/postgres"

    def create_database(self) -> str:
        """A new, empty database; its URL."""
        import psycopg

        name = f"t{next(self.names)}"
        with psycopg.connect(self.url, autocommit=True) as conn:
            conn.execute(f"CREATE DATABASE {name}")
        return f"postgresql://postgres@127.0.0.1:{self.port}/{name}"

    def restart(self) -> None:
        """As a failover or an upgrade does: every open connection is dropped (same port and options)."""
        self._run("pg_ctl", "-D", self.data, "-l", os.path.join(self.dir, "log"), "-m", "fast", "-w", "-t", "60",
                  "restart")  # the log file again: else the server would hold our output pipe open

    def stop(self) -> None:
        try:
            self._run("pg_ctl", "-D", self.data, "-m", "immediate", "-w", "stop")
        finally:
            shutil.rmtree(self.dir, ignore_errors=True)
