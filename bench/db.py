"""Benchmark: sends per second to the local sandbox, and their latency, on SQLite and on PostgreSQL.

Run with `make bench-db` (part of `make bench`). For each backend, starts `make serve` (serve.py: waitress) on a
free loopback port (THREADS, 16 by default) and has 4 client threads send a sale and then a status query for it
through POST /api/<command>/submit (the app signs, sends over HTTP to its built-in sandbox, which stores the
order); then the same clients post signed sales straight to the sandbox (a bare sandbox post: no builder, no
second hop), and the sends' rate is printed as a ratio to that, which tells the server's cost from the store's.
PostgreSQL is a throwaway cluster of Debian's postgresql package with the
server's default durability, like SQLite's file. Target: PostgreSQL's p95 within 1.5x of SQLite's.
"""

import hashlib
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
from tests.servers import Serve  # noqa: E402

SENDS = int(os.environ.get("BENCH_SENDS", "400"))  # per client thread, sales and status queries together
CLIENTS = 4
THREADS = os.environ.get("THREADS", "16")
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


def bare(base: str, name: str, count: int, samples: list) -> None:
    """Signed sales posted straight to the sandbox, as a merchant's own code would (the control computed here)."""
    session = requests.Session()
    sale = EXAMPLES["sale"]
    for n in range(count):
        orderid = f"{name}-{n}"
        control = hashlib.sha1(f"1111{orderid}{sale['amount'].replace('.', '')}{sale['email']}{KEY}".encode())
        start = time.perf_counter()
        r = session.post(f"{base}/sandbox/paynet/api/v2/sale/1111", timeout=30,
                         data={**sale, "client_orderid": orderid, "control": control.hexdigest()})
        samples.append((time.perf_counter() - start) * 1000)
        if "type=async-response" not in r.text:
            raise SystemExit(f"bench: a bare sale failed: {r.status_code} {r.text[:300]}")


def timed(target, base: str, label: str) -> tuple[float, list[float]]:
    samples: list[float] = []
    threads = [threading.Thread(target=target, args=(base, f"{label}{c}", SENDS, samples)) for c in range(CLIENTS)]
    start = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return len(samples) / (time.perf_counter() - start), samples


def run(database: str, label: str) -> dict:
    server = Serve(database, THREADS=THREADS, FLASK_INSTANCE_PATH=tempfile.mkdtemp())
    try:
        client(server.url, f"warm-{label}", 40, [])  # connections, pools, first-query plans
        rate, samples = timed(client, server.url, label)
        bare_rate, _ = timed(bare, server.url, f"bare-{label}")
    finally:
        server.stop()
    return {"rate": rate, "bare": bare_rate, "p50": statistics.median(samples), "p95": pct(samples, 95),
            "n": len(samples)}


def main():
    bindir = pg.binaries()
    if bindir is None:
        raise SystemExit("bench: PostgreSQL is not installed (apt-get install postgresql)")
    print(f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}; serve.py "
          f"THREADS={THREADS}; {CLIENTS} client threads, {SENDS} sends each", flush=True)
    results = {"SQLite": run(os.path.join(tempfile.mkdtemp(), "sandbox.db"), "s")}
    cluster = pg.Cluster(bindir, durable=True)
    try:
        results["PostgreSQL"] = run(cluster.create_database(), "p")
    finally:
        cluster.stop()
    for name, r in results.items():
        print(f"{name:<11} n={r['n']}  {r['rate']:.0f} sends/s ({r['rate'] / r['bare']:.2f} x a bare sandbox post, "
              f"{r['bare']:.0f}/s)  p50={r['p50']:.1f} ms  p95={r['p95']:.1f} ms")
    ratio = results["PostgreSQL"]["p95"] / results["SQLite"]["p95"]
    print(f"PostgreSQL p95 / SQLite p95 = {ratio:.2f} (target <= 1.5)")


if __name__ == "__main__":
    main()
