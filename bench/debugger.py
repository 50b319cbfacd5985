"""Benchmark: the debugger's worst case hashed in the page. Every reordering of a six-part recipe
(make-rebill-sale: 720) plus the rest of the catalog, filled with the key and hashed by static/verdict.js
in headless Chromium, timed inside the page once it has loaded (and warmed its hash functions up, as it does
when idle). Run with `make bench` (after bench/latency.py)."""

import logging
import os
import statistics
import sys
import tempfile
import threading
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from app import create_app  # noqa: E402
from tests.browser.conftest import FLAGS  # noqa: E402  (the tests' Chromium flags)
from tests.servers import LocalServer  # noqa: E402

RUNS = int(os.environ.get("BENCH_DEBUG_RUNS", "50"))
# Spaces (untrimmed and URL-encoded variants), 1.15 (float truncation), end point 1111 (the sandbox's, so
# the swapped-id mistakes are tried too), and a control that no hypothesis explains: all are hashed.
PASTE = ("POST /paynet/api/v2/make-rebill-sale/1111 HTTP/1.1\nHost: h\n\n"
         "login=demo&client_orderid=+R+1&cardrefid=1461665&amount=1.15&currency=USD&ipaddress=1.2.3.4"
         "&order_desc=x&control=" + "1" * 40)
KEY = "B17F59B4-A7DC-41B4-8FF9-37D986B43D20"
IN_PAGE = """async ([paste, key, runs]) => {
  const { debugVerdict } = await import("/static/verdict.js");
  const resp = await fetch("/api/debug", { method: "POST", headers: { "Content-Type": "application/json" },
                                           body: JSON.stringify({ raw: paste }) });
  const data = await resp.json();
  const times = [];
  let found;
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    found = debugVerdict(data, key);
    times.push(performance.now() - start);
  }
  return { times, candidates: data.hypotheses.candidates.length, verdict: found.verdict,
           ids: found.diagnosis.length };
}"""


def pct(values, p):
    values = sorted(values)
    return values[min(len(values) - 1, round(p / 100 * (len(values) - 1)))]


def main():
    logging.getLogger("werkzeug").setLevel(logging.ERROR)
    app = create_app({"SECRET_KEY": "bench", "SANDBOX_DATABASE": tempfile.mktemp(suffix=".db")})
    server = LocalServer(app)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path="/usr/bin/chromium", args=FLAGS)
        page = browser.new_page()
        page.goto(f"http://127.0.0.1:{server.server_port}/debug")
        result = page.evaluate(IN_PAGE, [PASTE, KEY, RUNS])
        browser.close()
    server.shutdown()
    times = result["times"]
    print(f"debugger worst case in the page: {result['candidates']} candidates + the expected control, "
          f"verdict {result['verdict']}; n={len(times)}  first={times[0]:.1f} ms  "
          f"p50={statistics.median(times):.1f} ms  p95={pct(times, 95):.1f} ms  max={max(times):.1f} ms  "
          "(target < 50 ms)")


if __name__ == "__main__":
    main()
