"""Two instances of the tool (`make serve`: a waitress process each, separate instance folders) on one
PostgreSQL database, under bounded parallel load: sales, status queries, partial returns and inbox traffic
racing each other across the instances. Nothing may be lost, doubled or over-returned."""

import re
from concurrent.futures import ThreadPoolExecutor
from urllib.parse import urlsplit

import psycopg
import pytest
import requests

from tests.conftest import DOC_KEY
from tests.helpers import EXAMPLES
from tests.servers import Serve, eventually

ORDERS = 24
pytestmark = pytest.mark.slow


@pytest.fixture
def shared_db(postgres):
    return postgres.create_database()


@pytest.fixture
def instances(shared_db, tmp_path):
    started = []
    try:
        for name in ("a", "b"):
            started.append(Serve(shared_db, FLASK_INSTANCE_PATH=str(tmp_path / name), FLASK_SECRET_KEY="shared",
                                 FLASK_INBOX_MAX_ENTRIES="5", THREADS="8"))
        yield [g.url for g in started]
    finally:
        for g in started:
            g.stop()


def submit(base: str, command: str, **values) -> dict:
    payload = {**EXAMPLES[command], "endpointid": "1111", "login": "demo", "merchant_control": DOC_KEY, **values}
    r = requests.post(f"{base}/api/{command}/submit", json=payload, timeout=30)
    assert r.status_code == 200, r.text
    assert r.json()["error"] is None, r.json()["error"]
    return r.json()["response"]["fields"]


def parallel(calls: list) -> list:
    """Run (function, args, kwargs) calls on 12 threads; results in the calls' order."""
    with ThreadPoolExecutor(12) as pool:
        futures = [pool.submit(f, *args, **kwargs) for f, args, kwargs in calls]
        return [f.result() for f in futures]


def test_orders_statuses_and_returns_race_across_two_instances(instances, shared_db):
    a, b = instances
    sales = parallel([(submit, (instances[n % 2], "sale"), {"client_orderid": f"RACE-{n}", "amount": "10.00"})
                      for n in range(ORDERS)])
    ids = [s["paynet-order-id"] for s in sales]
    assert len(set(ids)) == ORDERS and [s["type"] for s in sales] == ["async-response"] * ORDERS
    orders = [{"client_orderid": f"RACE-{n}", "orderid": ids[n]} for n in range(ORDERS)]

    # Each order is asked twice at once, once per instance: exactly one answer is the first one.
    statuses = parallel([(submit, (base, "status"), order) for order in orders for base in (a, b)])
    pairs = [sorted(s["status"] for s in statuses[2 * n:2 * n + 2]) for n in range(ORDERS)]
    assert pairs == [["approved", "processing"]] * ORDERS

    # Five returns of 3.00 on each 10.00 sale, alternating instances, all at once: three fit.
    returns = parallel([(submit, (instances[k % 2], "return"), {**order, "amount": "3.00", "currency": "USD"})
                        for order in orders for k in range(5)])
    for n in range(ORDERS):
        answers = sorted(r.get("error-message", r["type"]) for r in returns[5 * n:5 * n + 5])
        assert answers == ["The return amount 3.00 exceeds the amount left, 1.00"] * 2 + ["async-response"] * 3

    # Every order answers on either instance; the database holds each once, with 9.00 returned.
    assert {submit(b, "status", **order)["paynet-order-id"] for order in orders} == set(ids)
    with psycopg.connect(shared_db) as db:
        assert db.execute("SELECT COUNT(*), COUNT(DISTINCT client_orderid) FROM orders").fetchone() == (24, 24)
        returned = db.execute("SELECT o.client_orderid, SUM(t.amount::numeric)::text FROM transactions t JOIN orders "
                              "o ON o.id = t.order_id WHERE t.type = 'return' GROUP BY 1").fetchall()
    assert sorted(v for _, v in returned) == ["9.00"] * ORDERS


def test_inbox_bounds_hold_across_two_instances(instances):
    a, b = instances
    issued = parallel([(requests.post, (f"{instances[n % 2]}/api/inboxes",), {"json": {}, "timeout": 30})
                       for n in range(14)])
    assert sorted(r.status_code for r in issued) == [201] * 10 + [429] * 4  # INBOX_RATE: 10 a minute per address
    token = next(r.json()["token"] for r in issued if r.status_code == 201)
    received = parallel([(requests.get, (f"{instances[n % 2]}/callbacks/inbox/{token}?n={n}",), {"timeout": 30})
                         for n in range(40)])
    assert [r.status_code for r in received] == [200] * 40
    for base in (a, b):
        listing = requests.get(f"{base}/api/callbacks", params={"token": token}, timeout=30).json()
        assert len(listing["received"]) == 5  # INBOX_MAX_ENTRIES=5: the newest five, whichever instance took them
        assert [e["id"] for e in listing["received"]] == list(range(36, 41))


def test_a_payer_and_a_callback_cross_the_instances(instances):
    a, b = instances
    token = requests.post(f"{a}/api/inboxes", json={}, timeout=30).json()["token"]
    inbox = f"{a}/callbacks/inbox/{token}"
    fields = submit(b, "sale-form", client_orderid="CROSS-1", amount="10.00", server_callback_url=inbox)
    form = urlsplit(fields["redirect-url"]).path
    payer = requests.Session()  # the payer's browser: the page from one host, the post to the other
    csrf = re.search(r'name="csrf_token" value="([^"]+)"', payer.get(f"{a}{form}", timeout=30).text)[1]
    assert "<strong>approved</strong>" in payer.post(f"{b}{form}", data={"csrf_token": csrf}, timeout=30).text
    ids = {"client_orderid": "CROSS-1", "orderid": fields["paynet-order-id"]}
    assert submit(a, "status", **ids)["status"] == "approved"

    def delivered():
        listing = requests.get(f"{b}/api/callbacks", params={"token": token}, timeout=30).json()
        return listing if listing["received"] and listing["deliveries"] else None

    listing = eventually(delivered, timeout=10)
    assert f"orderid={fields['paynet-order-id']}" in listing["received"][0]["url"]
    assert listing["deliveries"][0]["outcome"].startswith("HTTP 200")
