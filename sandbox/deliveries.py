"""Callback deliveries through one bounded pool: at most `workers` threads, at most `capacity` deliveries
waiting (retries included). A delivery that finds the queue full is refused at once: the reply that
finished the order never waits for, or fails with, a callback."""

import heapq
import itertools
import logging
import threading
import time

log = logging.getLogger(__name__)
IDLE = 60.0  # seconds an idle worker waits for work before it ends (the pool starts another when needed)
_pools = itertools.count(1)


class Pool:
    def __init__(self, workers: int = 4, capacity: int = 1000):
        self.workers, self.capacity = workers, capacity
        self._due = []  # (when, order, job): a heap, the earliest first
        self._order = itertools.count()
        self._lock = threading.Condition()
        self._threads = 0
        self._idle = 0
        self.name = f"callback-delivery-{next(_pools)}"  # its threads' name: a pool's threads can be counted

    def submit(self, job, delay: float = 0.0) -> bool:
        """Run `job()` on a worker after `delay` seconds; False (and nothing queued) when the queue is full."""
        with self._lock:
            if len(self._due) >= self.capacity:
                return False
            heapq.heappush(self._due, (time.monotonic() + delay, next(self._order), job))
            if self._idle == 0 and self._threads < self.workers:
                self._threads += 1
                threading.Thread(target=self._work, name=self.name, daemon=True).start()
            self._lock.notify()
            return True

    def waiting(self) -> int:
        with self._lock:
            return len(self._due)

    def _next(self):
        """The next job once it is due, or None when idle for IDLE seconds (the worker then ends)."""
        with self._lock:
            idle_since = time.monotonic()
            while True:
                now = time.monotonic()
                if self._due and self._due[0][0] <= now:
                    return heapq.heappop(self._due)[2]
                if not self._due and now - idle_since >= IDLE:
                    self._threads -= 1
                    return None
                self._idle += 1
                try:
                    self._lock.wait(self._due[0][0] - now if self._due else IDLE - (now - idle_since))
                finally:
                    self._idle -= 1

    def _work(self) -> None:
        while (job := self._next()) is not None:
            try:
                job()
            except Exception:  # one failed delivery must not end the worker
                log.exception("callback delivery failed")
