"""One round trip for all the cases of a property test whose body makes one
call to the student per case, then checks (declared with ``one_call``).

Three steps, no threads:

1. *Probe*: each case's body runs against a proxy that records its first
   call to the student and stops the body there.  What a body does before
   that call (unpack the case, build arrays) is cheap and deterministic.
2. *One request*: every recorded call goes to the child in one frame; the
   replies stream back, each within its own time limit.
3. *Replay*: each body runs again for real; its first call is answered from
   the replies (if it is the very call recorded), everything after it (a
   second call, in a test that is not one-call after all) goes to the child
   as usual.

The verdict is the one the per-call path gives: cases are checked in order
and the first failure is shrunk live, as before.  If the child died or hung
on case k, cases before k are still checked first (a failure there is the
verdict, as it would have been), and only then is the child's failure case
k's verdict.
"""
from __future__ import annotations

import numpy as np

from grader.sandbox.process import ChildFailure, ChildTimeout, StudentError
from grader.sandbox.wire import Fn, Rng


class NotPrefetchable(BaseException):
    """The body reached for something the probe cannot give (the process,
    the last call's details) before its first call: run it per call."""


class _Probed(BaseException):
    """Stops a probed body at its first call to the student."""

    def __init__(self, func: str, args: tuple, kwargs: dict):
        super().__init__(func)
        self.call = (func, args, kwargs)


class _Probe:
    """What a body sees as ``s`` while its first call is recorded."""

    student = property(lambda self: _refuse())
    last_call = property(lambda self: _refuse(), lambda self, value: None)
    last_mutated = property(lambda self: _refuse())
    last_warnings = property(lambda self: _refuse())

    def __getattr__(self, func: str):
        if func.startswith("_"):
            raise AttributeError(func)

        def record(*args, timeout=None, **kwargs):
            if timeout is not None:
                _refuse()  # a call with its own time limit: keep it on its own
            raise _Probed(func, args, kwargs)
        return record


def _refuse():
    raise NotPrefetchable()


def probe(body, reference, case):
    """The (func, args, kwargs) of the first call ``body`` makes on ``case``,
    or None when it makes none."""
    try:
        body(_Probe(), reference, case)
    except _Probed as p:
        return p.call
    except NotPrefetchable:
        raise
    except Exception:  # noqa: BLE001 - it failed before calling: the replay will say how
        return None
    return None


class Replay:
    """What a body sees as ``s`` when its first call was answered in advance."""

    def __init__(self, proxy, call, outcome):
        self._proxy = proxy
        self._call = call
        self._outcome = outcome

    student = property(lambda self: self._proxy.student)
    last_mutated = property(lambda self: self._proxy.last_mutated)
    last_warnings = property(lambda self: self._proxy.last_warnings)

    @property
    def last_call(self):
        return self._proxy.last_call

    @last_call.setter
    def last_call(self, value):
        self._proxy.last_call = value

    def __getattr__(self, func: str):
        if func.startswith("_"):
            raise AttributeError(func)
        live = getattr(self._proxy, func)

        def remote(*args, timeout=None, **kwargs):
            if self._outcome is None or not same_call(self._call, (func, args, kwargs)):
                return live(*args, timeout=timeout, **kwargs)
            outcome, self._outcome = self._outcome, None
            return self._answer(func, args, kwargs, outcome)
        remote.__name__ = func
        return remote

    def _answer(self, func, args, kwargs, outcome):
        """Exactly what ``ModuleProxy``'s call would have left behind."""
        student = self._proxy.student
        student.last_call = (func, {**{f"arg{i}": a for i, a in enumerate(args)}, **kwargs})
        if outcome[0] == "raise":
            raise outcome[1]
        _, value, mutated, warnings = outcome
        student.last_warnings = warnings
        self._proxy.last_mutated = mutated
        return value


def same_call(a, b) -> bool:
    return a[0] == b[0] and same_value(a[1], b[1]) and same_value(a[2], b[2])


def same_value(a, b) -> bool:
    """Equal as the child would receive them (arrays: dtype, shape, bits)."""
    if type(a) is not type(b):
        return False
    if isinstance(a, np.ndarray):
        return a.dtype == b.dtype and a.shape == b.shape and a.tobytes() == b.tobytes()
    if isinstance(a, (list, tuple)):
        if len(a) != len(b):
            return False
        if all(type(x) is float for x in a) and all(type(y) is float for y in b):
            return a == b or all(same_value(x, y) for x, y in zip(a, b))  # C speed unless nan
        return all(same_value(x, y) for x, y in zip(a, b))
    if isinstance(a, dict):
        return list(a) == list(b) and all(same_value(a[k], b[k]) for k in a)
    if isinstance(a, Rng):
        return a.seed == b.seed
    if isinstance(a, Fn):
        return a.name == b.name and same_value(a.params, b.params)
    if isinstance(a, float):
        return a == b or (a != a and b != b)
    return a == b


def prefetch(body, reference, proxy, cases: list):
    """Per case, ``(call, outcome)``: the first call of its body and the
    child's answer to it (``outcome`` None: the call was not sent).  Also the
    ChildFailure that stopped the batch, and the index of the case it hit
    (or None).  Raises NotPrefetchable when the test must run per call."""
    calls = [probe(body, reference, case) for case in cases]
    student = proxy.student
    sent = [(i, c) for i, c in enumerate(calls) if c is not None]
    if any(student.timeouts[c[0]] >= student.TIMEOUTS_BEFORE_SKIPPING for _, c in sent):
        raise NotPrefetchable()  # the per-call path says "not run" in its own words
    outcomes: list = [None] * len(cases)
    failure, failed_at = None, None
    if sent:
        got = 0
        try:
            for outcome in student.call_each(proxy._name, [c for _, c in sent], proxy._timeout):
                outcomes[sent[got][0]] = outcome
                got += 1
        except ChildFailure as e:
            failure, failed_at = e, sent[got][0]
    return list(zip(calls, outcomes)), failure, failed_at


def count_failure(proxy, call, failure: ChildFailure) -> None:
    """A timeout that is a case's verdict counts against its function, as a
    timeout on the per-call path does."""
    if isinstance(failure, ChildTimeout):
        proxy.student.timeouts[call[0]] += 1


__all__ = ["NotPrefetchable", "Replay", "prefetch", "count_failure", "StudentError"]
