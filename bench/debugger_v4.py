"""Benchmark: the v4 debugger's worst case on the server. A 64 KiB paste of about 500 parameters whose signature
no variant explains, so every variant alone and every two together are rebuilt and verified (RSA-2048). Prints
the median and p95 of POST /api/debug/v4 over the Flask test client. Run with `make bench`."""

import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from app import create_app  # noqa: E402
from tests.samples import V4_TEST_PUBLIC  # noqa: E402

RUNS = int(os.environ.get("BENCH_DEBUG_V4_RUNS", "20"))
BODY = "&".join(f"p{i:03d}=" + "x%20y%21%2A" * 11 for i in range(500))
PASTE = ('POST https://gw.example/paynet/api/v4/payout/1111\nAuthorization: OAuth oauth_consumer_key="demo", '
         'oauth_nonce="n1", oauth_signature="abc%3D", oauth_signature_method="RSA-SHA256", oauth_timestamp='
         f'"1764806400", oauth_version="1.0"\n{BODY}')


def main():
    app = create_app({"SECRET_KEY": "bench", "SANDBOX_DATABASE": tempfile.mktemp(suffix=".db")})
    client = app.test_client()
    times, data = [], {}
    for _ in range(RUNS):
        start = time.perf_counter()
        data = client.post("/api/debug/v4", json={"raw": PASTE, "public_key": V4_TEST_PUBLIC}).get_json()
        times.append((time.perf_counter() - start) * 1000)
    times.sort()
    p95 = times[min(len(times) - 1, round(.95 * (len(times) - 1)))]
    print(f"v4 debugger, {len(PASTE)} characters, {data['tried']} base strings tried, verdict {data['verdict']}: "
          f"median {statistics.median(times):.0f} ms, p95 {p95:.0f} ms over {RUNS} runs")


if __name__ == "__main__":
    main()
