"""Work done once per run instead of once per student.

* ``ExampleCache``: the inputs hypothesis draws for a property test depend
  only on the suite's code, so they are stored on disk keyed by a hash of
  that code (and the library versions) and reused by every later run and
  every worker process.  They are written with the sandbox's data-only wire
  format: nothing here is ever unpickled.
* ``MemoReference``: the reference module seen through a memo, so the
  expected answer for an input is computed once per worker, not once per
  student.  Calls whose arguments are not plain data (a Generator, a
  function) are not memoized.
"""
from __future__ import annotations

import copy
import hashlib
import json
import os
import tempfile
from pathlib import Path

import hypothesis
import numpy as np

from grader.sandbox import wire

MEMO_LIMIT = 50_000


def cache_dir() -> Path:
    root = os.environ.get("GRADER_CACHE") or os.path.join(
        os.environ.get("XDG_CACHE_HOME", os.path.expanduser("~/.cache")), "dl-grader")
    return Path(root)


def _digest(encoded, buffers) -> str:
    h = hashlib.sha256(json.dumps(encoded, sort_keys=True).encode())
    for b in buffers:
        h.update(hashlib.sha256(b).digest())
    return h.hexdigest()


class ExampleCache:
    """Drawn examples on disk, one file per (suite code, test) pair."""

    def __init__(self, source_files: list[Path]):
        h = hashlib.sha256(f"{hypothesis.__version__} {np.__version__}".encode())
        for path in sorted(source_files):
            h.update(Path(path).read_bytes())
        self.version = h.hexdigest()[:20]

    def _path(self, test_name: str, n: int) -> Path:
        key = hashlib.sha256(f"{self.version}\0{test_name}\0{n}".encode()).hexdigest()[:32]
        return cache_dir() / "examples" / f"{key}.bin"

    def load(self, test_name: str, n: int) -> list | None:
        path = self._path(test_name, n)
        try:
            header, buffers = _unpack(path.read_bytes())
            return wire.Decoder(buffers).decode(header["examples"])
        except (OSError, wire.WireError, KeyError, ValueError, EOFError):
            return None

    def store(self, test_name: str, n: int, examples: list) -> None:
        enc = wire.Encoder()
        try:
            data = wire.pack({"examples": enc.encode(examples)}, enc.buffers)
        except wire.WireError:
            return  # examples that are not plain data are simply redrawn next time
        path = self._path(test_name, n)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=path.parent)
            with os.fdopen(fd, "wb") as fh:
                fh.write(data)
            os.replace(tmp, path)
        except OSError:
            pass  # a read-only cache only costs time


def _unpack(data: bytes):
    """The inverse of ``wire.pack`` for a frame held in memory."""
    n = int.from_bytes(data[:4], "big")
    header = wire.parse_header(data[4:4 + n])
    buffers, at = [], 4 + n
    for size in header.get("buffers", []):
        buffers.append(data[at:at + size])
        at += size
    if at != len(data):
        raise wire.WireError("truncated cache file")
    return header, buffers


def _plain(value) -> bool:
    try:
        wire.Encoder().encode(value)
        return True
    except (wire.WireError, TypeError, ValueError):
        return False


class MemoReference:
    """``ref.func(*args)`` computed once per distinct plain-data input."""

    def __init__(self, module):
        self._module = module
        self._memo: dict[str, object] = {}

    def __getattr__(self, name):
        attr = getattr(self._module, name)
        if not callable(attr) or name.startswith("_") or isinstance(attr, type):
            return attr

        def memoized(*args, **kwargs):
            enc = wire.Encoder()
            try:
                key = name + _digest(enc.encode((args, kwargs)), enc.buffers)
            except (wire.WireError, TypeError, ValueError):
                return attr(*args, **kwargs)
            if key not in self._memo:
                try:
                    value = attr(*args, **kwargs)
                except Exception as e:  # noqa: BLE001 - the reference's ValueErrors are answers too
                    self._memo[key] = ("raise", e)
                else:
                    if not _plain(value):
                        return value  # e.g. a generator: not reusable, not memoized
                    self._memo[key] = ("ok", value)
                if len(self._memo) > MEMO_LIMIT:
                    self._memo.clear()
            kind, value = self._memo[key]
            if kind == "raise":
                raise copy.copy(value)
            return copy.deepcopy(value)

        memoized.__name__ = name
        setattr(self, name, memoized)
        return memoized
