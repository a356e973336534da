"""Work done once per suite version instead of once per student.

* ``ExampleCache``: the inputs hypothesis draws for a property test depend
  only on the suite's code, so they are stored on disk keyed by a hash of
  that code (and the library versions) and reused by every later run and
  every worker process.
* ``MemoReference``: the reference module seen through a memo, so the
  expected answer for an input is computed once per suite version: kept in
  memory by each worker and on disk (``ReferenceStore``) for every later
  worker and run.  Calls whose arguments are not plain data (a Generator, a
  function) are not memoized.

Both are written in the sandbox's data-only wire format (nothing here is
ever unpickled) and both are *verified before use*: every file's sha256 is
kept in an index beside it, in the grader's own cache folder (mode 0700,
owned by the grader: a sandboxed child runs as another user, or under
bubblewrap without this folder in its view, and can write neither the
files nor their hashes).  A file whose bytes do not match its recorded hash
(changed, truncated, or planted without one) is ignored and recomputed, so
a tampered cache can cost time but never change a verdict.
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
    """The cache folder, created private (0700) to the grader's user."""
    root = Path(os.environ.get("GRADER_CACHE") or os.path.join(
        os.environ.get("XDG_CACHE_HOME", os.path.expanduser("~/.cache")), "dl-grader"))
    try:
        root.mkdir(mode=0o700, parents=True, exist_ok=True)
        st = root.stat()
        if st.st_uid == os.getuid() and st.st_mode & 0o077:
            root.chmod(0o700)
    except OSError:
        pass  # a read-only cache only costs time
    return root


def _digest(encoded, buffers) -> str:
    h = hashlib.sha256(json.dumps(encoded, sort_keys=True).encode())
    for b in buffers:
        h.update(hashlib.sha256(b).digest())
    return h.hexdigest()


def content_hash(files, extra: str = "") -> str:
    """A short hash of some files' bytes (sorted by path), the library
    versions and the wire format's code (the files' format)."""
    h = hashlib.sha256(f"{hypothesis.__version__} {np.__version__} {extra}".encode())
    for path in sorted(set(map(Path, files)) | {Path(wire.__file__)}):
        h.update(str(path.name).encode() + b"\0" + path.read_bytes())
    return h.hexdigest()[:20]


# ---------------------------------------------------------------- verified files

def _index_path(path: Path) -> Path:
    return path.parent.parent / "index" / f"{path.parent.name}-{path.name}.sha256"


def read_verified(path: Path) -> bytes | None:
    """The bytes of ``path`` if they are exactly the bytes this grader wrote
    (their sha256 matches the index), else None."""
    try:
        data = path.read_bytes()
        recorded = _index_path(path).read_text().strip()
    except OSError:
        return None
    if hashlib.sha256(data).hexdigest() != recorded:
        return None
    return data


def write_verified(path: Path, data: bytes) -> None:
    """Write ``path`` and record its hash in the index (both atomically)."""
    try:
        index = _index_path(path)
        for folder in (path.parent, index.parent):
            folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        _atomic_write(path, data)
        _atomic_write(index, hashlib.sha256(data).hexdigest().encode())
    except OSError:
        pass  # a read-only cache only costs time


def _atomic_write(path: Path, data: bytes) -> None:
    fd, tmp = tempfile.mkstemp(dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _pack(value) -> bytes | None:
    enc = wire.Encoder()
    try:
        return wire.pack({"value": enc.encode(value)}, enc.buffers)
    except (wire.WireError, TypeError, ValueError):
        return None


def _unpack_value(data: bytes):
    header, buffers = _unpack(data)
    return wire.Decoder(buffers).decode(header["value"])


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


# ---------------------------------------------------------------- examples

class ExampleCache:
    """Drawn examples on disk, one file per (suite code, test) pair."""

    def __init__(self, source_files: list[Path]):
        self.version = content_hash(source_files)

    def _path(self, test_name: str, n: int) -> Path:
        key = hashlib.sha256(f"{self.version}\0{test_name}\0{n}".encode()).hexdigest()[:32]
        return cache_dir() / "examples" / f"{key}.bin"

    def load(self, test_name: str, n: int) -> list | None:
        data = read_verified(self._path(test_name, n))
        if data is None:
            return None
        try:
            return _unpack_value(data)
        except (wire.WireError, KeyError, ValueError):
            return None

    def store(self, test_name: str, n: int, examples: list) -> None:
        data = _pack(examples)
        if data is not None:  # examples that are not plain data are simply redrawn next time
            write_verified(self._path(test_name, n), data)


# ---------------------------------------------------------------- reference answers

class ReferenceStore:
    """The reference's answers for one suite version, on disk: one file
    keyed by the hash of the suite's and the reference's code."""

    def __init__(self, suite_files: list[Path], reference_files: list[Path], name: str):
        key = content_hash(list(suite_files) + list(reference_files), name)
        self.path = cache_dir() / "reference" / f"{key}.bin"

    def load(self) -> dict:
        data = read_verified(self.path)
        if data is None:
            return {}
        try:
            pairs = _unpack_value(data)
            return {str(k): v for k, v in pairs}
        except (wire.WireError, KeyError, ValueError, TypeError):
            return {}

    def save(self, answers: dict) -> None:
        """Merge ``answers`` with what another worker may have saved since."""
        merged = {**self.load(), **answers}
        data = _pack([[k, v] for k, v in merged.items()])
        if data is not None:
            write_verified(self.path, data)


def _plain(value) -> bool:
    try:
        wire.Encoder().encode(value)
        return True
    except (wire.WireError, TypeError, ValueError):
        return False


class MemoReference:
    """``ref.func(*args)`` computed once per distinct plain-data input, and
    (with a ``store``) once per suite version: answers computed here are
    saved by ``save()`` for later workers and runs."""

    def __init__(self, module, store: ReferenceStore | None = None):
        self._module = module
        self._memo: dict[str, object] = {}
        self._store = store
        self._new: dict[str, object] = {}
        self._saves = 0
        if store is not None:
            self._memo.update((k, ("ok", v)) for k, v in store.load().items())

    SAVES = 3

    def save(self) -> None:
        """Put the answers computed since the last save on disk.  Only the
        first few students of a worker add to the file: after them what is
        new is mostly answers about one student's own output, not worth a
        rewrite per student (they stay in this worker's memo)."""
        if self._store is not None and self._new and self._saves < self.SAVES:
            self._store.save(self._new)
            self._saves += 1
        self._new = {}

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
                    if self._store is not None and len(self._new) < MEMO_LIMIT:
                        self._new[key] = value
                if len(self._memo) > MEMO_LIMIT:
                    self._memo.clear()
            kind, value = self._memo[key]
            if kind == "raise":
                raise copy.copy(value)
            return copy.deepcopy(value)

        memoized.__name__ = name
        setattr(self, name, memoized)
        return memoized
