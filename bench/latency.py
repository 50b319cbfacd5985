"""Benchmark: keystroke-to-signature in headless Chromium, and sign latency vs a trivial route.

Run with `make bench`. Measured inside the page, from the input event's timeStamp to the moment
the new signature is in the DOM (the page signs itself, synchronously), and beside it to the moment
the server's validation reply (messages, body; sent without the key) is rendered. The browser
driver's round trips are not counted.
"""

import logging
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
from app import create_app  # noqa: E402
from tests.browser.conftest import FLAGS  # noqa: E402  (the tests' Chromium flags)
from tests.servers import LocalServer  # noqa: E402

KEYSTROKES = int(os.environ.get("BENCH_KEYSTROKES", "200"))
REQUESTS = int(os.environ.get("BENCH_REQUESTS", "1000"))
WAIT_FOR_UPDATE = """(before) => new Promise((done) => {
  const check = () => (window.__builder.updates > before ? done() : requestAnimationFrame(check));
  check();
})"""
PAYLOAD = {"endpointid": "46750", "login": "login", "client_orderid": "902B4FF5",
           "cardrefid": "1461665", "amount": "5.00", "currency": "USD", "ipaddress": "34.129.65.12",
           "order_desc": "Rebill order description", "merchant_control": "B17F59B4-A7DC-41B4-8FF9-37D986B43D20"}


def pct(values, p):
    values = sorted(values)
    return values[min(len(values) - 1, round(p / 100 * (len(values) - 1)))]


def serve():
    app = create_app({"SECRET_KEY": "bench", "SANDBOX_DATABASE": tempfile.mktemp(suffix=".db")})
    server = LocalServer(app)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return f"http://127.0.0.1:{server.server_port}"


def keystrokes(url):
    """Per keystroke: (input -> signature in the DOM, input -> server reply rendered), in ms."""
    from playwright.sync_api import sync_playwright

    signs, replies = [], []
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path="/usr/bin/chromium", args=FLAGS)
        page = browser.new_page()
        page.goto(url + "/make-rebill-sale")
        page.fill("#f-target", PAYLOAD["endpointid"])
        page.fill("#f-merchant_control", PAYLOAD["merchant_control"])
        for name in ("login", "cardrefid", "amount", "currency", "ipaddress", "order_desc"):
            page.fill(f"#f-{name}", PAYLOAD[name])
        field = page.locator("#f-client_orderid")
        for i in range(KEYSTROKES):
            if i % 20 == 0:
                field.fill("")
            before = page.evaluate("window.__builder.updates")
            field.press("ABCDEF0123456789"[i % 16])
            # evaluate(), not wait_for_function: that one needs eval, which the CSP refuses
            page.evaluate(WAIT_FOR_UPDATE, before)
            b = page.evaluate("window.__builder")
            signs.append(b["lastSign"] - b["lastSignInput"])
            replies.append(b["lastRender"] - b["lastInput"])
            page.wait_for_timeout(5)
        browser.close()
    return signs, replies


def http_latency(url):
    session = requests.Session()
    sign, trivial = [], []
    for _ in range(50):  # warm up
        session.post(url + "/api/make-rebill-sale/sign", json=PAYLOAD)
        session.get(url + "/api/health")
    for _ in range(REQUESTS):
        t = time.perf_counter()
        session.post(url + "/api/make-rebill-sale/sign", json=PAYLOAD).raise_for_status()
        sign.append((time.perf_counter() - t) * 1000)
        t = time.perf_counter()
        session.get(url + "/api/health").raise_for_status()
        trivial.append((time.perf_counter() - t) * 1000)
    return sign, trivial


def main():
    logging.getLogger("werkzeug").setLevel(logging.ERROR)  # one log line per request skews timing
    url = serve()
    print(f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, "
          f"Werkzeug threaded server on loopback")
    sign, trivial = http_latency(url)
    print(f"POST /api/make-rebill-sale/sign  n={len(sign)}  p50={statistics.median(sign):.2f} ms  "
          f"p95={pct(sign, 95):.2f} ms")
    print(f"GET  /api/health (trivial)       n={len(trivial)}  p50={statistics.median(trivial):.2f} ms  "
          f"p95={pct(trivial, 95):.2f} ms")
    print(f"ratio sign/trivial p50 = {statistics.median(sign) / statistics.median(trivial):.2f} "
          "(target <= 1.5)")
    signs, replies = keystrokes(url)
    print(f"keystroke -> signature in DOM (page)    n={len(signs)}  p50={statistics.median(signs):.1f} ms  "
          f"p95={pct(signs, 95):.1f} ms  (target p95 <= 4 ms)")
    print(f"keystroke -> server validation rendered n={len(replies)}  p50={statistics.median(replies):.1f} ms  "
          f"p95={pct(replies, 95):.1f} ms")


if __name__ == "__main__":
    main()
