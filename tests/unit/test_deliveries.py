"""Callback deliveries through one bounded pool: a fixed number of threads, a bounded queue, a full queue
refusing at once with the reason recorded."""

import threading

from outbound import urlpolicy
from sandbox.callbacks import QUEUE_FULL
from sandbox.deliveries import Pool
from sandbox.gateway import Sandbox


class Merchant:
    """A merchant's callback handler, called in process, that holds every callback until released."""

    def __init__(self):
        self.calls, self.release, self.changed = [], threading.Event(), threading.Condition()

    def __call__(self, url: str, timeout: float, method: str = "GET", body: bytes = b"") -> int:
        with self.changed:
            self.calls.append(url)
            self.changed.notify_all()
        self.release.wait()
        return 200

    def wait_for(self, count: int) -> None:
        with self.changed:
            assert self.changed.wait_for(lambda: len(self.calls) >= count, timeout=30), len(self.calls)

    def target(self, url: str, hosts=None):
        return urlpolicy.in_process(url, self), "allowed: test"


def threads(pool: Pool) -> int:
    """The pool's own threads (other tests' pools in this process come and go on their own)."""
    return sum(t.name == pool.name for t in threading.enumerate())


def test_200_callbacks_take_the_pool_s_threads_and_a_full_queue_refuses_at_once(tmp_path):
    merchant = Merchant()
    sandbox = Sandbox(str(tmp_path / "s.db"), {}, callback_target=merchant.target,
                      callback_pool=Pool(workers=4, capacity=50))
    send = sandbox.callbacks.send_callback
    for order in range(1, 5):  # the four workers, each holding one callback
        send(sandbox.demo, order, f"http://merchant.example/cb/{order}", [("status", "approved")])
    merchant.wait_for(4)
    for order in range(5, 201):  # 196 more: 50 wait, 146 are refused without blocking
        send(sandbox.demo, order, f"http://merchant.example/cb/{order}", [("status", "approved")])
    assert threads(sandbox.callbacks.pool) == 4
    assert sandbox.callbacks.pool.waiting() == 50
    assert sandbox.store.order_deliveries(200)[0].outcome == QUEUE_FULL
    assert QUEUE_FULL == "refused: the callback queue is full (CALLBACK_QUEUE); not sent"
    merchant.release.set()
    merchant.wait_for(54)
    assert threads(sandbox.callbacks.pool) <= 4
    assert sorted(int(url.rsplit("/", 1)[1].split("?")[0]) for url in merchant.calls) == list(range(1, 55))


def test_a_retry_waits_in_the_queue_not_in_a_thread():
    pool, ran, done = Pool(workers=1, capacity=10), [], threading.Event()
    assert pool.submit(lambda: ran.append("later"), delay=3600)  # a retry due in an hour holds no worker
    assert pool.submit(lambda: (ran.append("now"), done.set()))
    assert done.wait(30) and ran == ["now"] and pool.waiting() == 1
    assert [pool.submit(lambda: None, delay=3600) for _ in range(10)] == [True] * 9 + [False]
