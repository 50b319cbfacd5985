"""Benchmark: a correct make-rebill-sale to a sandbox account against the same request to the demo account
(the inspector's cost: an account lookup, the entry explained and stored), and the time from a request's
arrival to its entry on an open /inspector page in headless Chromium. Run with `make bench`."""

import hashlib
import logging
import os
import statistics
import sys
import time
from pathlib import Path

import requests

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from bench.latency import FLAGS, pct, serve  # noqa: E402
from tests.web.test_flows import EXAMPLES  # noqa: E402

DEMO = {"login": "demo", "endpointid": "1111", "merchant_control": "B17F59B4-A7DC-41B4-8FF9-37D986B43D20",
        "cardrefid": "1461665"}
REQUESTS = int(os.environ.get("BENCH_REQUESTS", "500"))
ARRIVALS = int(os.environ.get("BENCH_ARRIVALS", "40"))
OBSERVE = """() => { window.__arrivals = [];
  new MutationObserver(() => window.__arrivals.push(performance.timeOrigin + performance.now()))
    .observe(document.getElementById("timeline"), { childList: true }); }"""


def sha1(text: str) -> str:
    return hashlib.sha1(text.encode()).hexdigest()


def rebill(session, url: str, account: dict, n: int) -> requests.Response:
    values = {**EXAMPLES["make-rebill-sale"], "login": account["login"], "client_orderid": f"B{n}",
              "cardrefid": account["cardrefid"], "amount": "5.00", "currency": "USD"}
    control = sha1(f"{account['login']}B{n}{account['cardrefid']}500USD{account['merchant_control']}")
    return session.post(f"{url}/sandbox/paynet/api/v2/make-rebill-sale/{account['endpointid']}",
                        data={**values, "control": control})


def card_ref(session, url: str, account: dict) -> str:
    """An approved sale of the account, then its card reference."""
    base, ep, key, login = f"{url}/sandbox/paynet/api/v2", account["endpointid"], account["merchant_control"], \
        account["login"]
    sale = {**EXAMPLES["sale"], "client_orderid": "REF", "amount": "10.00"}
    reply = session.post(f"{base}/sale/{ep}", data={**sale, "control": sha1(f"{ep}REF1000{sale['email']}{key}")})
    orderid = reply.text.split("paynet-order-id=")[1].split("\n")[0]
    ids = {"login": login, "client_orderid": "REF", "orderid": orderid, "control": sha1(f"{login}REF{orderid}{key}")}
    for _ in range(2):
        session.post(f"{base}/status/{ep}", data=ids)
    return session.post(f"{base}/create-card-ref/{ep}", data=ids).text.split("card-ref-id=")[1].split("\n")[0]


def rebill_latency(url: str, account: dict) -> tuple[list, list]:
    session, timings = requests.Session(), {"account": [], "demo": []}
    for n in range(REQUESTS + 50):
        for name, who in (("account", account), ("demo", DEMO)):
            t = time.perf_counter()
            reply = rebill(session, url, who, n)
            assert "type=async-response" in reply.text, reply.text
            if n >= 50:  # the first 50 warm up
                timings[name].append((time.perf_counter() - t) * 1000)
    return timings["account"], timings["demo"]


def arrivals(url: str, account: dict) -> list[float]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path="/usr/bin/chromium", args=FLAGS)
        page = browser.new_page()
        page.goto(url + "/inspector")
        page.evaluate("(a) => localStorage.setItem('pne.sandbox-account', JSON.stringify(a))", account)
        page.reload()
        page.wait_for_timeout(1500)  # the existing entries are drawn first
        page.evaluate(OBSERVE)
        session, sent = requests.Session(), []
        for n in range(ARRIVALS):
            sent.append(time.time() * 1000)
            rebill(session, url, account, 100_000 + n)
            while page.evaluate("window.__arrivals.length") <= n:
                page.wait_for_timeout(10)
            page.wait_for_timeout(137 * (n % 5))  # requests arrive at any phase of the page's polling
        seen = page.evaluate("window.__arrivals")
        browser.close()
    return [s - t for s, t in zip(seen, sent, strict=True)]


def main():
    logging.getLogger("werkzeug").setLevel(logging.ERROR)
    url = serve()
    account = requests.post(f"{url}/api/sandbox/accounts", json={}).json()
    account["cardrefid"] = card_ref(requests.Session(), url, account)
    mine, demo = rebill_latency(url, account)
    for name, values in (("account", mine), ("demo", demo)):
        print(f"make-rebill-sale to the {name:7}  n={len(values)}  p50={statistics.median(values):.2f} ms  "
              f"p95={pct(values, 95):.2f} ms")
    print(f"ratio account/demo  p50 = {statistics.median(mine) / statistics.median(demo):.2f}  "
          f"p95 = {pct(mine, 95) / pct(demo, 95):.2f}  (target <= 1.3)")
    delays = arrivals(url, account)
    print(f"arrival -> entry on the inspector page  n={len(delays)}  p50={statistics.median(delays):.0f} ms  "
          f"p95={pct(delays, 95):.0f} ms  (target p95 <= 1000 ms)")


if __name__ == "__main__":
    main()
