"""Benchmark: health probe latency of `make serve` while slow clients trickle request heads.

Run with `make bench`. Starts gunicorn from the checked-in gunicorn.conf.py on a free loopback port (its
WORKERS and THREADS, from the environment or the defaults), measures GET /api/health on a new connection
each time, then again while workers x threads + 1 clients each send one header byte every 0.2 s and
reconnect whenever the server lets go of them. Target: p95 <= 100 ms under that load.
"""

import os
import platform
import statistics
import sys
import tempfile
import time
from pathlib import Path

import requests

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from tests.servers import Gunicorn, SlowHeaders  # noqa: E402

PROBES = int(os.environ.get("BENCH_PROBES", "300"))
WORKERS = os.environ.get("WORKERS", "2")
THREADS = os.environ.get("THREADS", "8")


def pct(values, p):
    values = sorted(values)
    return values[min(len(values) - 1, round(p / 100 * (len(values) - 1)))]


def probe(url: str) -> list[float]:
    samples = []
    for _ in range(PROBES):
        started = time.perf_counter()
        requests.get(url + "/api/health", timeout=10).raise_for_status()
        samples.append((time.perf_counter() - started) * 1000)
    return samples


def main():
    with tempfile.TemporaryDirectory() as tmp:
        server = Gunicorn(os.path.join(tmp, "sandbox.db"), WORKERS=WORKERS, THREADS=THREADS)
        slow = []
        try:
            probe(server.url)  # warm up
            idle = probe(server.url)
            slow = [SlowHeaders(server.port, interval=0.2, reconnect=True)
                    for _ in range(int(WORKERS) * int(THREADS) + 1)]
            time.sleep(1)
            loaded = probe(server.url)
        finally:
            for client in slow:
                client.stop()
            server.stop()
    print(f"make serve under slow clients ({platform.machine()}, {os.cpu_count()} cores, Python "
          f"{platform.python_version()}; {WORKERS} workers x {THREADS} threads, {PROBES} probes each)")
    print(f"{'GET /api/health':<44} {'p50':>8} {'p95':>8} {'max':>8}")
    for name, samples in (("idle", idle), (f"with {len(slow)} slow-header clients", loaded)):
        print(f"  {name:<42} {statistics.median(samples):7.2f}ms {pct(samples, 95):7.2f}ms {max(samples):7.2f}ms")
    verdict = "met" if pct(loaded, 95) <= 100 else "MISSED"
    print(f"target p95 <= 100 ms under load: {verdict}")


if __name__ == "__main__":
    main()
