"""Benchmark: a send to the built-in sandbox through POST /api/<command>/submit against the same request
posted straight to the sandbox route (what the send itself adds: the JSON, the form, signing, and the way to
the sandbox). Run with `make bench`."""

import hashlib
import logging
import os
import statistics
import sys
import time
from pathlib import Path

import requests

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from bench.latency import pct, serve  # noqa: E402
from tests.web.test_flows import EXAMPLES  # noqa: E402

KEY = "B17F59B4-A7DC-41B4-8FF9-37D986B43D20"  # the demo account's (public) key
REQUESTS = int(os.environ.get("BENCH_REQUESTS", "500"))
VALUES = {**EXAMPLES["make-rebill-sale"], "login": "demo", "cardrefid": "1461665", "amount": "5.00", "currency": "USD"}


def submit(session, url: str, n: int) -> str:
    payload = {**VALUES, "endpointid": "1111", "merchant_control": KEY, "client_orderid": f"S{n}"}
    reply = session.post(f"{url}/api/make-rebill-sale/submit", json=payload).json()
    return reply["response"]["fields"]["type"]


def bare(session, url: str, n: int) -> str:
    control = hashlib.sha1(f"demoB{n}1461665500USD{KEY}".encode()).hexdigest()
    reply = session.post(f"{url}/sandbox/paynet/api/v2/make-rebill-sale/1111",
                         data={**VALUES, "client_orderid": f"B{n}", "control": control})
    return reply.text.split("type=")[1].split("\n")[0]


def main():
    logging.getLogger("werkzeug").setLevel(logging.ERROR)
    url, session, timings = serve(), requests.Session(), {submit: [], bare: []}
    for n in range(REQUESTS + 50):
        for send in (submit, bare):  # interleaved, so both meet the same load
            t = time.perf_counter()
            assert send(session, url, n) == "async-response"
            if n >= 50:  # the first 50 warm up
                timings[send].append((time.perf_counter() - t) * 1000)
    for name, values in (("POST /api/make-rebill-sale/submit (local)", timings[submit]),
                         ("POST /sandbox/paynet/api/v2/make-rebill-sale", timings[bare])):
        print(f"{name:46} n={len(values)}  p50={statistics.median(values):.2f} ms  p95={pct(values, 95):.2f} ms")
    print(f"ratio submit / bare sandbox post p50 = "
          f"{statistics.median(timings[submit]) / statistics.median(timings[bare]):.2f}")


if __name__ == "__main__":
    main()
