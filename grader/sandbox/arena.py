"""Arguments the parent can inspect after a call: the unchanged-argument
verdict, judged in the parent.

Student code can rewrite anything in its own process, including the child
runtime's helpers, so "did the function modify its arguments?" must not be
answered by the child.  Instead each child gets one shared memory file (a
sealed ``memfd``, mapped by both sides).  Before a call the parent writes
every array argument into it and keeps its own copy of the bytes; the child
runtime hands the student's function views of that memory, not copies.
After the reply the parent compares the memory with its copy: an in-place
change is visible whatever the child says.  (A submission could only hide
one by making its function work on a copy, which is what the check asks.)

Arrays that do not fit, and changes to containers (a list appended to, a
dict key replaced), are still reported by the child; the parent only adds
what the child may leave out, so a forged reply cannot clear a verdict
judged here.
"""
from __future__ import annotations

import fcntl
import mmap
import os

import numpy as np

from grader.sandbox.wire import SAFE_KINDS

ALIGN = 64


def _round_up(n: int) -> int:
    return (n + ALIGN - 1) // ALIGN * ALIGN


class Placed:
    """The arrays of one call that live in the arena: where, and the bytes
    they held when the call started (the parent's own copy)."""

    def __init__(self):
        self.entries: list = []  # (top-level name, offset, original bytes)
        self.header: list = []   # what the child needs, in walk order

    def add(self, name, offset: int, array: np.ndarray) -> None:
        self.entries.append((name, offset, array.tobytes()))
        self.header.append([offset, list(array.shape), array.dtype.str])

    def skip(self) -> None:
        self.header.append(None)


class Arena:
    """One sealed shared memory file per child, reused for every call."""

    def __init__(self, size_mb: int):
        self.size = max(int(size_mb), 1) * 1024 * 1024
        self.fd = os.memfd_create("grader-arguments", os.MFD_CLOEXEC | os.MFD_ALLOW_SEALING)
        os.ftruncate(self.fd, self.size)
        # Sealed: the child cannot shrink the file under the parent's mapping
        # (a read past its end would kill the grader with SIGBUS) or grow it.
        fcntl.fcntl(self.fd, fcntl.F_ADD_SEALS,
                    fcntl.F_SEAL_SHRINK | fcntl.F_SEAL_GROW | fcntl.F_SEAL_SEAL)
        self.map = mmap.mmap(self.fd, self.size)
        self.used = 0

    def reset(self) -> None:
        """A new request: its calls are laid out from the start again."""
        self.used = 0

    def place(self, args, kwargs) -> tuple[list, dict, Placed]:
        """(args, kwargs) with every array that fits replaced by an empty
        placeholder of its dtype, and where the arrays went.  The walk order
        is the wire's (lists, tuples, dict values in order), which the child
        follows to put the arena's views in their places."""
        placed = Placed()
        new_args = [self._walk(a, i, placed) for i, a in enumerate(args)]
        new_kwargs = {k: self._walk(v, k, placed) for k, v in kwargs.items()}
        return new_args, new_kwargs, placed

    def _walk(self, value, name, placed: Placed):
        if type(value) is np.ndarray and value.dtype.kind in SAFE_KINDS:
            nbytes = value.nbytes
            if self.used + nbytes > self.size:
                placed.skip()
                return value
            offset = self.used
            data = value if value.flags.c_contiguous else value.copy(order="C")  # keeps 0-d arrays 0-d
            self.map[offset:offset + nbytes] = data.tobytes()
            placed.add(name, offset, data)
            self.used = _round_up(offset + nbytes)
            return np.empty((0,), dtype=value.dtype)
        if type(value) is list:
            return [self._walk(v, name, placed) for v in value]
        if type(value) is tuple:
            return tuple(self._walk(v, name, placed) for v in value)
        if type(value) is dict:
            return {k: self._walk(v, name, placed) for k, v in value.items()}
        return value

    def changed(self, placed: Placed) -> list:
        """Top-level argument names (indices, keywords) whose arrays differ
        from the parent's copy now, read from the shared memory itself."""
        names = []
        for name, offset, original in placed.entries:
            if self.map[offset:offset + len(original)] != original and name not in names:
                names.append(name)
        return names

    def close(self) -> None:
        try:
            self.map.close()
        finally:
            os.close(self.fd)
