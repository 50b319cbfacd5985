"""The callback-handler exam: a numbered series of callbacks (sandbox/exam_cases.py) sent to a merchant's handler
for one of the account's orders, each graded on the handler's answer and on whether the merchant then asked the
sandbox for the order's status. The report is an entry of the account's inspector (kind "exam"), rewritten after
each case, so any instance on the same store answers for it and the inspector's bounds hold it."""

import threading
import time
from dataclasses import dataclass
from urllib.parse import urlencode

from debugger.callbacks import RECORDED
from outbound import fetch
from paynet.i18n import N_, _, english, reread, translate
from sandbox import exam_cases
from sandbox.exam_cases import CASES, EXPECTED, REASONS
from sandbox.rules import CALLBACK_TYPES
from store.store import RateLimited

FAILURES = {"dns": N_("the host name could not be resolved"), "tls": N_("the TLS handshake failed"),
            "connect": N_("the connection was refused: nothing listens there"),
            "timeout": N_("no answer in time"), "reset": N_("the connection was closed before the answer"),
            "deadline": N_("the answer took longer than the whole-answer deadline: cut"),
            "relay": N_("the callback reached the tool's inbox, but no relay reported the local handler's answer in "
                        "time: run relay.py for this inbox")}
NOT_APPROVED = N_("orderid: the exam needs an approved order of this account (its valid case says approved, and a "
                  "handler asking status must hear the same); %(orderid)s is %(status)s.")
UNKNOWN_ORDER = N_("orderid: this account has no order %(orderid)s (orders are kept 24 hours).")
RUNNING = N_("An exam of this account is still running: wait for its report (GET .../exams/%(id)s).")
BUSY = N_("Too many exams are running on this server (EXAM_WORKERS); try again in a minute.")


RELAY_WAIT = 15.0  # seconds a case waits at least for relay.py's report (it polls every 2 s by default)


class ExamRefused(ValueError):
    """An exam that cannot start: the message names the field and the rule."""


class Busy(Exception):
    pass


@dataclass(frozen=True)
class ExamLimits:
    window: float = 10.0  # EXAM_STATUS_WINDOW: seconds a case waits for the merchant's status request
    timeout: float = 5.0  # EXAM_TIMEOUT: seconds each read of the handler's answer may wait
    rate: int = 10  # EXAM_RATE: exams per account per hour
    workers: int = 4  # EXAM_WORKERS: exams running at once in one process

    @property
    def longest(self) -> float:
        """The most an exam can take: past it, an exam still marked running was abandoned (its process ended)."""
        return len(CASES) * (3 * self.timeout + self.window) + 60


class Exams:
    def __init__(self, sandbox, limits: ExamLimits = ExamLimits()):
        self.sandbox, self.accounts, self.limits = sandbox, sandbox.accounts, limits
        self._slots = threading.BoundedSemaphore(limits.workers)
        self._stop = threading.Event()  # set at shutdown: a running exam ends its waits

    def start(self, account, url: str, orderid: str) -> int:
        """Check the order and the URL (now: the URL policy's answer is pinned for the whole exam), take a slot and
        a place in the account's rate, and run the exam in a thread of its own; the exam's id."""
        order = self.sandbox.account_order(account, orderid)
        if order is None:
            raise ExamRefused(_(UNKNOWN_ORDER, orderid=orderid[:32]))
        txns = self.sandbox.callbacks.store_transactions(order.id)
        if not txns or not txns[0].ready or txns[0].final_status != "approved":
            status = (txns[0].final_status if txns[0].ready else "processing") if txns else "unpaid"
            raise ExamRefused(_(NOT_APPROVED, orderid=orderid, status=status))
        with english():
            target, why = self.sandbox.callbacks.callback_target(url, account.callback_hosts)
        if target is None:
            raise ExamRefused(_("url: %(why)s", why=reread(why.partition(": ")[2], RECORDED)))
        if not self._slots.acquire(blocking=False):
            raise Busy(_(BUSY))
        try:
            exam_id = self._claim(account, url, orderid)
        except BaseException:
            self._slots.release()
            raise
        first = txns[0]
        played = exam_cases.Order(orderid, order.client_orderid, first.amount or order.amount, order.currency,
                                  CALLBACK_TYPES.get(first.type, str(first.type)))
        # An inbox of this tool: the handler behind it is the local one relay.py forwards to, and its answer the
        # relay's report.
        inbox = self.sandbox.inbox_of(url) if target.in_process else None
        threading.Thread(target=self._run, args=(account, exam_id, target, played, inbox), name="callback-exam",
                         daemon=True).start()
        return exam_id

    def _claim(self, account, url: str, orderid: str) -> int:
        """The exam's entry, once the account's rate and its one running exam allow it (the account's row locked)."""
        now, store = self.sandbox.store.clock(), self.sandbox.store
        with store.transaction() as tx:
            self.accounts.lock(account.id, tx)
            recent = self.accounts.kinds_since(account.id, "exam", now - 3600, tx)
            running = [e for e in recent if e.get("state") == "running" and e["time"] > now - self.limits.longest]
            if running:
                raise ExamRefused(_(RUNNING, id=running[-1]["id"]))
            if len(recent) >= self.limits.rate:
                raise RateLimited(max(1, int(recent[0]["time"] + 3600 - now) + 1))
            entry = {"kind": "exam", "method": "EXAM", "path": url[:2048], "order": orderid, "state": "running",
                     "cases": []}
            return self.accounts.record(account.id, entry, tx)

    def _run(self, account, exam_id: int, target, order: exam_cases.Order, inbox: str | None) -> None:
        report = {"kind": "exam", "method": "EXAM", "path": target.url[:2048], "order": order.orderid,
                  "state": "running", "cases": []}
        try:
            for case, sent in exam_cases.requests_for(order, account.merchant_control).items():
                report["cases"].append(self._case(account, target, case, sent, inbox))
                self.accounts.update(account.id, exam_id, report)
        finally:
            report["state"] = "done"
            self.accounts.update(account.id, exam_id, report)
            self._slots.release()

    def _case(self, account, target, case: str, sent: exam_cases.Sent, inbox: str | None) -> dict:
        mark, started = self.accounts.newest_id(account.id), time.monotonic()
        received = self.sandbox.store.newest_entry(inbox) if inbox else 0
        if sent.method == "GET":
            goes, body = target.with_query(sent.pairs), b""
        else:
            goes, body = target, urlencode(sent.pairs).encode()
        answer = fetch.fetch(goes, sent.method, body, self.limits.timeout, 2 * self.limits.timeout)
        if inbox and answer.accepted:
            answer = self._relayed(inbox, received, dict(sent.pairs)["control"], started)
        asked = self._asked(account, mark, sent)
        while not asked and exam_cases.needs_status(case, answer) and not self._stop.is_set() \
                and time.monotonic() < started + self.limits.window:
            self._stop.wait(0.1)  # the store, not an event: the status request may reach another instance
            asked = self._asked(account, mark, sent)
        grade, why = exam_cases.grade(case, answer, asked)
        return {"id": case, "request": f"{sent.method} {goes.url}"[:2048] + (f"\n\n{body.decode()}" if body else ""),
                "observed": answer.to_dict() | {"asked_status": asked}, "grade": grade, "why": why}

    def _relayed(self, inbox: str, after: int, control: str, started: float) -> fetch.Answer:
        """The local handler's answer as relay.py reports it for the inbox entry this case made (found by its
        control), waited for at least RELAY_WAIT seconds: the relay polls every few seconds."""
        entry = None
        while not self._stop.is_set():
            if entry is None:
                entries, _more = self.sandbox.store.inbox_entries(inbox, after)
                entry = next((e["id"] for e in entries if control in e["url"] or control in (e["body"] or "")), None)
            report = self.sandbox.store.relayed(inbox, entry) if entry is not None else None
            if report is not None:
                return fetch.Answer(report["status"], report["body"] or "", len(report["body"] or ""),
                                    failure=None if report["status"] is not None else "timeout")
            if time.monotonic() >= started + max(self.limits.window, RELAY_WAIT):
                break
            self._stop.wait(0.1)
        return fetch.Answer(failure="relay")

    def _asked(self, account, mark: int, sent: exam_cases.Sent) -> bool:
        """Whether the merchant asked the sandbox for this order's status since entry `mark`."""
        for entry in self.accounts.requests_after(account.id, mark):
            values = (entry.get("builder") or {}).get("values") or {}
            if entry.get("command") == "status" and (values.get("orderid") == sent.orderid or
                                                     values.get("client_orderid") == sent.merchant_order):
                return True
        return False

    def report(self, account, exam_id: int) -> dict | None:
        entry = self.accounts.entry(account.id, exam_id)
        return shown(entry) if entry and entry.get("kind") == "exam" else None

    def close(self) -> None:
        self._stop.set()


def shown(entry: dict) -> dict:
    """An exam's entry as its report, in the reader's language: each case with what a sound handler does, what was
    observed and the grade with its reason."""
    cases = []
    for case in entry.get("cases", []):
        observed = dict(case["observed"])
        if observed.get("failure"):
            observed["failure"] = translate(FAILURES.get(observed["failure"], observed["failure"]))
        cases.append({"id": case["id"], "number": CASES.index(case["id"]) + 1,
                      "expected": translate(EXPECTED[case["id"]]), "request": case["request"],
                      "observed": observed, "grade": case["grade"], "why": reread(case["why"], REASONS)})
    grades = {g: sum(c["grade"] == g for c in cases) for g in (exam_cases.PASS, exam_cases.WARN, exam_cases.FAIL)}
    return {"exam_id": entry["id"], "state": entry["state"], "url": entry["path"], "orderid": entry["order"],
            "started": entry.get("time"), "cases": cases, "grades": grades, "of": len(CASES)}
