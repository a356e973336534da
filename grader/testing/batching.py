"""Running a property test's cases together, so that their calls into the
sandbox travel in a few round trips instead of one per call.

Each case's body runs in its own thread against a ``CaseProxy``.  A call
blocks its thread; when every live body is blocked, the calls waiting (one
per body, in case order, so a run is deterministic) go to the child as one
batch, and each thread resumes with its own result.  A body that makes two
calls in a row (forward, then backward) simply takes part in two batches.

Anything unusual (the child dies or hangs, a body reaches for the process
itself) aborts the batch; the caller then runs the cases one by one, which
attributes a crash or a timeout to the case that caused it.
"""
from __future__ import annotations

import threading

from grader.sandbox.client import Student
from grader.sandbox.process import ChildFailure, StudentError


class BatchAborted(BaseException):
    """The batch could not finish: run the cases one at a time instead.
    (A BaseException, so the test-body guard does not turn it into a verdict.)"""


class _Slot:
    __slots__ = ("case", "func", "args", "kwargs", "outcome", "ready")

    def __init__(self, case, func, args, kwargs):
        self.case, self.func, self.args, self.kwargs = case, func, args, kwargs
        self.outcome = None
        self.ready = threading.Event()  # one per call: a flush wakes only its own threads


class _Batcher:
    def __init__(self, student: Student, module: str, timeout, bodies: int):
        self.student, self.module, self.timeout = student, module, timeout
        self.lock = threading.Lock()
        self.live = bodies
        self.pending: list[_Slot] = []
        self.aborted: BaseException | None = None

    def submit(self, case: int, func: str, args, kwargs):
        slot = _Slot(case, func, args, kwargs)
        with self.lock:
            if self.aborted:
                raise BatchAborted()
            self.pending.append(slot)
            self._maybe_flush()
        slot.ready.wait()
        if isinstance(slot.outcome, BaseException):
            raise BatchAborted() from slot.outcome
        return slot.outcome

    def finished(self):
        with self.lock:
            self.live -= 1
            self._maybe_flush()

    def abort(self, why: BaseException):
        with self.lock:
            self.aborted = self.aborted or why
            self.live -= 1
            for slot in self.pending:
                slot.outcome = why
                slot.ready.set()
            self.pending = []

    def _maybe_flush(self):
        """With the lock held: send when every live body waits on a call."""
        if not self.pending or len(self.pending) < self.live or self.aborted:
            return
        batch = sorted(self.pending, key=lambda s: s.case)
        self.pending = []
        try:
            outcomes = self.student.call_many(
                self.module, [(s.func, s.args, s.kwargs) for s in batch], self.timeout)
        except ChildFailure as e:
            self.aborted = e
            outcomes = [e] * len(batch)
        for slot, outcome in zip(batch, outcomes):
            slot.outcome = outcome
            slot.ready.set()


class CaseProxy:
    """What one case's body sees as ``s``: calls go through the batcher."""

    def __init__(self, batcher: _Batcher, case: int):
        self._batcher = batcher
        self._case = case
        self.last_call = None
        self.last_mutated: list = []
        self.last_warnings: list[str] = []

    @property
    def student(self):
        raise BatchAborted()  # the process itself is not shareable between cases

    def __getattr__(self, func: str):
        if func.startswith("_"):
            raise AttributeError(func)

        def remote(*args, timeout=None, **kwargs):
            self.last_call = (func, {**{f"arg{i}": a for i, a in enumerate(args)}, **kwargs})
            outcome = self._batcher.submit(self._case, func, args, kwargs)
            if outcome[0] == "raise":
                raise outcome[1]
            _, value, self.last_mutated, self.last_warnings = outcome
            return value
        remote.__name__ = func
        return remote


def run_cases(body, student: Student, module: str, timeout, cases: list) -> list:
    """Run ``body(proxy, case)`` for every case at once.  Returns, per case,
    None (passed) or the exception it raised; raises BatchAborted when the
    batch could not complete."""
    batcher = _Batcher(student, module, timeout, len(cases))
    results: list = [None] * len(cases)

    def work(i):
        try:
            body(CaseProxy(batcher, i), cases[i])
        except BatchAborted as e:
            batcher.abort(e)
            return
        except (ChildFailure, StudentError) as e:  # not expected here: be safe
            results[i] = e
            batcher.abort(BatchAborted())
            return
        except BaseException as e:  # noqa: BLE001 - a Failure is this case's verdict
            results[i] = e
        batcher.finished()

    threads = [threading.Thread(target=work, args=(i,), daemon=True) for i in range(len(cases))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    if batcher.aborted is not None:
        raise BatchAborted() from batcher.aborted
    return results
