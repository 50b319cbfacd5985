"""Benchmark: sends per second to the local sandbox, and their latency, on SQLite and on PostgreSQL.

Run with `make bench-db` (part of `make bench`). For each backend, starts `make serve`'s gunicorn on a free
loopback port (WORKERS, 4 by default, x THREADS, 4) and has 4 client threads send a sale and then a status
query for it through POST /api/<command>/submit (the app signs, sends over HTTP to its built-in sandbox,
which stores the order). PostgreSQL is a throwaway cluster of Debian's postgresql package with the
server's default durability, like SQLite's file. Target: PostgreSQL's p95 within 1.5x of SQLite's.
"""

import os
import platform
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

import requests

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from forms import load_registry  # noqa: E402
from tests import pg  # noqa: E402
from tests.servers import Gunicorn  # noqa: E402

SENDS = int(os.environ.get("BENCH_SENDS", "400"))  # per client thread, sales and status queries together
CLIENTS = 4
WORKERS = os.environ.get("WORKERS", "4")
THREADS = os.environ.get("THREADS", "4")
KEY = "B17F59B4-A7DC-41B4-8FF9-37D986B43D20"  # the demo account's public key
ACCOUNT = {"endpointid": "1111", "login": "demo", "merchant_control": KEY}
EXAMPLES = {name: {f.name: f.example for f in cls.from_values({}).params() if f.example}
            for name, cls in load_registry().items() if name in ("sale", "status")}


def pct(values, p):
    values = sorted(values)
    return values[min(len(values) - 1, round(p / 100 * (len(values) - 1)))]


def client(base: str, name: str, count: int, samples: list) -> None:
    session = requests.Session()
    for n in range(count // 2):
        orderid = f"{name}-{n}"
        fields = {}
        for command in ("sale", "status"):
            values = {**EXAMPLES[command], **ACCOUNT, "client_orderid": orderid}
            if command == "status":
                values["orderid"] = fields["paynet-order-id"]
            start = time.perf_counter()
            r = session.post(f"{base}/api/{command}/submit", json=values, timeout=30)
            samples.append((time.perf_counter() - start) * 1000)
            fields = (r.json().get("response") or {}).get("fields") or {} if r.status_code == 200 else {}
            if fields.get("type") not in ("async-response", "status-response"):
                raise SystemExit(f"bench: {command} failed: {r.status_code} {r.text[:300]}")


def run(database: str, label: str) -> dict:
    server = Gunicorn(database, WORKERS=WORKERS, THREADS=THREADS, FLASK_INSTANCE_PATH=tempfile.mkdtemp())
    try:
        client(server.url, f"warm-{label}", 40, [])  # connections, pools, first-query plans
        samples: list[float] = []
        threads = [threading.Thread(target=client, args=(server.url, f"{label}{c}", SENDS, samples))
                   for c in range(CLIENTS)]
        start = time.perf_counter()
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        elapsed = time.perf_counter() - start
    finally:
        server.stop()
    return {"rate": len(samples) / elapsed, "p50": statistics.median(samples), "p95": pct(samples, 95),
            "n": len(samples)}


def main():
    bindir = pg.binaries()
    if bindir is None:
        raise SystemExit("bench: PostgreSQL is not installed (apt-get install postgresql)")
    print(f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}; gunicorn "
          f"WORKERS={WORKERS} THREADS={THREADS}; {CLIENTS} client threads, {SENDS} sends each", flush=True)
    results = {"SQLite": run(os.path.join(tempfile.mkdtemp(), "sandbox.db"), "s")}
    cluster = pg.Cluster(bindir, durable=True)
    try:
        results["PostgreSQL"] = run(cluster.create_database(), "p")
    finally:
        cluster.stop()
    for name, r in results.items():
        print(f"{name:<11} n={r['n']}  {r['rate']:.0f} sends/s  p50={r['p50']:.1f} ms  p95={r['p95']:.1f} ms")
    ratio = results["PostgreSQL"]["p95"] / results["SQLite"]["p95"]
    print(f"PostgreSQL p95 / SQLite p95 = {ratio:.2f} (target <= 1.5)")


if __name__ == "__main__":
    main()
