"""Benchmark: health probe latency of `make serve` while slow clients trickle request heads and bodies.

Run with `make bench`. Starts `make serve` (serve.py: waitress, THREADS from the environment or its default) on a
free loopback port, measures GET /api/health on a new connection each time, then again while 64 clients each
send one header byte every 0.2 s (reconnecting whenever the server lets go of them) and 32 send a whole head
announcing a 100000-byte body and then one body byte every 2 s. Target: p95 <= 100 ms under that load.
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
from tests.servers import Serve, SlowBody, SlowHeaders  # noqa: E402

PROBES = int(os.environ.get("BENCH_PROBES", "300"))
THREADS = os.environ.get("THREADS", "16")
SLOW_HEADERS, SLOW_BODIES = 64, 32


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
        server = Serve(os.path.join(tmp, "sandbox.db"), THREADS=THREADS)
        slow = []
        try:
            probe(server.url)  # warm up
            idle = probe(server.url)
            slow = ([SlowHeaders(server.port, interval=0.2, reconnect=True) for _ in range(SLOW_HEADERS)]
                    + [SlowBody(server.port, interval=2) for _ in range(SLOW_BODIES)])
            for client in slow:
                client.connected.wait(10)
            loaded = probe(server.url)
            held = sum(client.thread.is_alive() for client in slow)
        finally:
            for client in slow:
                client.stop()
            server.stop()
    print(f"make serve under slow clients ({platform.machine()}, {os.cpu_count()} cores, Python "
          f"{platform.python_version()}; {THREADS} threads, {PROBES} probes each)")
    print(f"{'GET /api/health':<44} {'p50':>8} {'p95':>8} {'max':>8}")
    loaded_name = f"with {SLOW_HEADERS} slow-header + {SLOW_BODIES} slow-body clients"
    for name, samples in (("idle", idle), (loaded_name, loaded)):
        print(f"  {name:<42} {statistics.median(samples):7.2f}ms {pct(samples, 95):7.2f}ms {max(samples):7.2f}ms")
    print(f"slow clients still connected at the end: {held} of {len(slow)}")
    verdict = "met" if pct(loaded, 95) <= 100 else "MISSED"
    print(f"target p95 <= 100 ms under load: {verdict}")


if __name__ == "__main__":
    main()
