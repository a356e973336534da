"""Calling student code across the boundary, as if it were a local module.

    student = Student(process, timeout=10)
    module = student.module("<exercise>")
    z = module.sigmoid(np.array([0.0, 1.0]))      # runs in the child
    module.last_mutated                            # arguments it changed in place

Arguments cross as data (arrays, scalars, lists, tuples, dicts, ``Rng``,
``Fn`` and handles); results come back as data or as ``Handle``s for objects
that stayed in the child.  A student exception is raised here as
``StudentError``; a dead or hung child as ``ChildFailure``/``ChildTimeout``.
"""
from __future__ import annotations

from collections import Counter

from grader.sandbox import wire
from grader.sandbox.process import ChildFailure, ChildTimeout, StudentError, StudentProcess


class Student:
    """The parent's view of one submission's child process."""

    # After this many timeouts of one function, later calls to it fail at
    # once: an infinite loop should cost its tests, not minutes of grading.
    TIMEOUTS_BEFORE_SKIPPING = 2

    def __init__(self, process: StudentProcess, timeout: float):
        self.process = process
        self.timeout = timeout
        self.last_call = None        # ("func", {"arg": value}) for feedback
        self.last_warnings: list[str] = []
        self.timeouts: Counter = Counter()

    def _roundtrip(self, header: dict, timeout: float | None = None, name: str | None = None):
        if name and self.timeouts[name] >= self.TIMEOUTS_BEFORE_SKIPPING:
            raise ChildTimeout(f"not run: {name} already ran out of time {self.timeouts[name]} times")
        enc = wire.Encoder()
        body = dict(header)
        arena = placed = None
        if "args" in body:
            arena = self.process.prepare()
            body["args"], body["kwargs"], placed = arena.place(body["args"], body["kwargs"])
            body["shared"] = placed.header
        for key in ("args", "kwargs"):
            if key in body:
                body[key] = enc.encode(body[key])
        try:
            reply, buffers = self.process.request(body, enc.buffers, timeout or self.timeout, arena)
        except ChildTimeout:
            if name:
                self.timeouts[name] += 1
            raise
        outcome = self._outcome(reply, buffers, arena, placed)
        if outcome[0] == "raise":
            raise outcome[1]
        _, value, mutated, self.last_warnings = outcome
        return value, mutated

    def call_each(self, module: str, calls: list[tuple[str, tuple, dict]], timeout=None):
        """Many calls in one request; yields, per call as its reply arrives,
        ``("ok", value, mutated, warnings)`` or ``("raise", StudentError)``.
        Each call has its own deadline.  When the child fails, the
        ChildFailure/ChildTimeout raised carries ``.index``, the call that was
        due; it is not counted in ``timeouts`` (the caller decides whether the
        failure is that call's verdict)."""
        enc = wire.Encoder()
        try:
            arena = self.process.prepare()
        except ChildFailure as e:
            e.index = 0
            raise
        requests, placements = [], []
        for func, args, kwargs in calls:
            args, kwargs, placed = arena.place(list(args), dict(kwargs))
            placements.append(placed)
            requests.append({"op": "call", "module": module, "func": func, "args": enc.encode(args),
                             "kwargs": enc.encode(kwargs), "shared": placed.header})
        replies = self.process.request_many({"op": "batch", "requests": requests}, enc.buffers, len(calls),
                                            timeout or self.timeout, arena)
        for i, (reply, buffers) in enumerate(replies):
            yield self._outcome(reply, buffers, arena, placements[i])

    def _outcome(self, reply: dict, buffers: list[bytes], arena=None, placed=None) -> tuple:
        """("ok", value, mutated, warnings) or ("raise", StudentError).  The
        arguments changed in place are read from the arena here (the child
        may only add to them: see arena.py)."""
        if not reply.get("ok"):
            return ("raise", self.process.error(reply.get("error")))
        try:
            value = wire.Decoder(buffers, on_handle=_handle).decode(reply.get("result"))
        except wire.WireError as e:
            self.process.close()
            raise ChildFailure(f"the process sent invalid data ({e})") from None
        found, reported = reply.get("warnings", []), reply.get("mutated", [])
        mutated = arena.changed(placed) if placed is not None else []
        mutated += [m for m in (reported if isinstance(reported, list) else [])[:64]
                    if (type(m) is int or isinstance(m, str)) and m not in mutated and _plain(m)]
        return ("ok", value, mutated,
                [str(w)[:300] for w in found[:20]] if isinstance(found, list) else [])

    def import_module(self, module: str, timeout: float | None = None) -> None:
        self._roundtrip({"op": "import", "module": module}, timeout)

    def call(self, module: str, func: str, args=(), kwargs=None, timeout=None):
        shown = {f"arg{i}": a for i, a in enumerate(args)}
        self.last_call = (func, {**shown, **dict(kwargs or {})})
        return self._roundtrip({"op": "call", "module": module, "func": func,
                                "args": list(args), "kwargs": dict(kwargs or {})}, timeout, func)

    def method(self, handle: wire.Handle, name: str, *args, timeout=None, **kwargs):
        shown = {f"arg{i}": a for i, a in enumerate(args)}
        self.last_call = (f"{handle.type}.{name}", {**shown, **kwargs})
        value, _ = self._roundtrip({"op": "method", "handle": handle.id, "name": name,
                                    "args": list(args), "kwargs": kwargs}, timeout, f"{handle.type}.{name}")
        return value

    def attr(self, handle: wire.Handle, name: str, timeout=None):
        self.last_call = (f"{handle.type}.{name}", {})
        value, _ = self._roundtrip({"op": "getattr", "handle": handle.id, "name": name}, timeout)
        return value

    def module(self, name: str, timeout: float | None = None) -> "ModuleProxy":
        return ModuleProxy(self, name, timeout)


def _plain(name) -> bool:
    """An argument name the child may report: a position or a keyword."""
    return (type(name) is int and 0 <= name < 1000) or (isinstance(name, str) and name.isidentifier()
                                                        and len(name) <= 64)


def _handle(id, type) -> wire.Handle:
    """A handle whose type name (shown in feedback) is a bounded identifier."""
    type = type if isinstance(type, str) and type.isidentifier() and len(type) <= 64 else "object"
    return wire.Handle(id, type)


class ModuleProxy:
    """``proxy.func(*args)`` calls ``func`` of the student's module in the child."""

    def __init__(self, student: Student, name: str, timeout: float | None = None):
        self._student = student
        self._name = name
        self._timeout = timeout
        self.last_mutated: list = []

    @property
    def student(self) -> Student:
        return self._student

    @property
    def last_call(self):
        """The last call into the child (function or method), for feedback."""
        return self._student.last_call

    @last_call.setter
    def last_call(self, value):
        self._student.last_call = value

    @property
    def last_warnings(self) -> list[str]:
        """Warnings (e.g. numpy overflow) raised during the last call."""
        return self._student.last_warnings

    def __getattr__(self, func: str):
        if func.startswith("_"):
            raise AttributeError(func)

        def remote(*args, timeout=None, **kwargs):
            value, self.last_mutated = self._student.call(
                self._name, func, args, kwargs, timeout or self._timeout)
            return value
        remote.__name__ = func
        return remote
