"""The wire format between the trusted parent and a sandboxed child.

A frame is::

    4-byte big-endian length N | N bytes of UTF-8 JSON header | buffers

The header's ``"buffers"`` entry lists the byte length of each buffer that
follows; every buffer is one array: a small struct header (dtype code from a
fixed allow-list, number of dimensions, sizes) and the raw bytes (see
``array_bytes``).  Nothing here ever unpickles,
``eval``s or imports what the other side sent, so a hostile child can at worst
send data that fails validation.

Values inside the header are JSON with a few tagged objects (every JSON object
in a value tree is a tag, so there is no ambiguity)::

    {"t": "nd", "i": 3}                an ndarray: buffer 3
    {"t": "np", "i": 3}                a numpy scalar (0-d buffer)
    {"t": "tuple", "v": [...]}         a tuple (plain JSON lists are lists)
    {"t": "dict", "v": [[k, v], ...]}  a dict with any encodable keys
    {"t": "float", "v": "nan"}         nan / inf / -inf
    {"t": "handle", "id": 7, "type": "Sequential"}
                                       an object that stayed in the child
    {"t": "rng", "seed": 42}           numpy.random.default_rng(42), built on arrival
    {"t": "fn", "name": "quadratic", "params": {...}}
                                       a function from ``fnlib``, built on arrival

This module is loaded by the child from its file path (it must not import the
rest of the grader), so it depends on numpy and the standard library only.
"""
from __future__ import annotations

import json
import math
import struct

import numpy as np

MAX_HEADER_BYTES = 8 * 1024 * 1024
MAX_FRAME_BYTES = 512 * 1024 * 1024
MAX_DEPTH = 64
MAX_NDIM = 32
# Array kinds that may cross: bool, signed/unsigned int, float.  No objects,
# no strings, no structured dtypes (those are how pickles sneak in).
SAFE_KINDS = frozenset("biuf")


class WireError(Exception):
    """The other side sent something that is not a valid frame or value."""


class Handle:
    """An object that stayed on the other side; only its id crosses."""

    __slots__ = ("id", "type")

    def __init__(self, id: int, type: str = "object"):
        self.id = int(id)
        # The type name comes from the child and ends up in reports.
        self.type = "".join(c for c in str(type)[:100] if c.isprintable()) or "object"

    def __repr__(self):
        return f"<{self.type} object in the student's process>"

    def __eq__(self, other):
        return isinstance(other, Handle) and other.id == self.id

    def __hash__(self):
        return hash(self.id)


class Rng:
    """Stands for ``numpy.random.default_rng(seed)`` on the other side."""

    __slots__ = ("seed",)

    def __init__(self, seed: int):
        self.seed = int(seed)

    def make(self):
        return np.random.default_rng(self.seed)

    def __repr__(self):
        return f"np.random.default_rng({self.seed})"


class Fn:
    """Stands for a named function of ``fnlib`` with fixed parameters."""

    __slots__ = ("name", "params")

    def __init__(self, name: str, **params):
        self.name = name
        self.params = params

    def __repr__(self):
        inner = ", ".join(f"{k}={_short(v)}" for k, v in self.params.items())
        return f"{self.name}({inner})"


def _short(v):
    if isinstance(v, np.ndarray):
        return np.array2string(v, precision=4, threshold=8)
    return repr(v)


# ---------------------------------------------------------------- encoding

class Encoder:
    """Turns a Python value into a JSON tree plus a list of buffers.

    ``keep`` is called for values that cannot cross as data; it must return a
    Handle (the child keeps the object) or raise WireError (the parent sends
    only data)."""

    def __init__(self, keep=None):
        self.buffers: list[bytes] = []
        self.keep = keep

    def array(self, a: np.ndarray, tag: str = "nd") -> dict:
        self.buffers.append(array_bytes(a))
        return {"t": tag, "i": len(self.buffers) - 1}

    def encode(self, v, depth: int = 0):
        if depth > MAX_DEPTH:
            raise WireError("value nested too deeply")
        if v is None or isinstance(v, (bool, str)):
            return v
        if isinstance(v, int) and not isinstance(v, np.integer):
            return int(v)
        if type(v) is float:
            return v if math.isfinite(v) else {"t": "float", "v": repr(v)}
        if isinstance(v, np.generic) and v.dtype in _SENDABLE:
            return self.array(np.asarray(v), "np")
        if type(v) is np.ndarray and v.dtype in _SENDABLE:
            return self.array(v)
        if type(v) is list:
            return [self.encode(x, depth + 1) for x in v]
        if type(v) is tuple:
            return {"t": "tuple", "v": [self.encode(x, depth + 1) for x in v]}
        if type(v) is dict:
            return {"t": "dict", "v": [[self.encode(k, depth + 1), self.encode(x, depth + 1)]
                                        for k, x in v.items()]}
        if isinstance(v, Handle):
            return {"t": "handle", "id": v.id, "type": v.type}
        if isinstance(v, Rng):
            return {"t": "rng", "seed": v.seed}
        if isinstance(v, Fn):
            return {"t": "fn", "name": v.name, "params": self.encode(v.params, depth + 1)}
        if self.keep is None:
            raise WireError(f"cannot send a {type(v).__name__}")
        return self.encode(self.keep(v), depth + 1)


def pack(header: dict, buffers: list[bytes]) -> bytes:
    """One frame: length-prefixed JSON header, then the buffers."""
    header = dict(header, buffers=[len(b) for b in buffers])
    raw = json.dumps(header, separators=(",", ":"), allow_nan=False).encode()
    return struct.pack(">I", len(raw)) + raw + b"".join(buffers)


# ---------------------------------------------------------------- decoding

def parse_header(raw: bytes) -> dict:
    if len(raw) > MAX_HEADER_BYTES:
        raise WireError("header too large")
    try:
        header = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError) as e:
        raise WireError(f"header is not JSON: {e}") from None
    except RecursionError:  # "[[[[..." a million deep: json gives up by recursion
        raise WireError("header is nested too deeply") from None
    if not isinstance(header, dict):
        raise WireError("header is not an object")
    sizes = header.get("buffers", [])
    if not isinstance(sizes, list) or not all(type(n) is int and n >= 0 for n in sizes):
        raise WireError("bad buffer list")
    if sum(sizes) > MAX_FRAME_BYTES:
        raise WireError("frame too large")
    return header


# ---------------------------------------------------------------- arrays

# An array buffer: a small struct header, then the raw C-order bytes.
#
#     b"\x93A" | dtype code (1 byte) | ndim (1 byte) | ndim x uint64 sizes | data
#
# The dtype code indexes a fixed allow-list of plain numbers (either byte order):
# no objects, strings, structured or void dtypes can even be described.
ARRAY_MAGIC = b"\x93A"
_LITTLE = tuple(np.dtype(t) for t in ("?", "<i1", "<i2", "<i4", "<i8", "<u1", "<u2", "<u4", "<u8",
                                      "<f2", "<f4", "<f8", np.longdouble().dtype.newbyteorder("<").str))
DTYPES = _LITTLE + tuple(dt.newbyteorder(">") for dt in _LITTLE if dt.byteorder != "|")
_CODES = {dt: i for i, dt in enumerate(DTYPES)}
_SENDABLE = frozenset(DTYPES)
_PREFIX = struct.Struct("<2sBB")


def array_bytes(a: np.ndarray) -> bytes:
    """``a`` as one buffer: struct header and raw bytes, no np.save."""
    code = _CODES.get(a.dtype)
    if code is None or a.ndim > MAX_NDIM:
        raise WireError(f"cannot send an array of dtype {a.dtype}")
    head = _PREFIX.pack(ARRAY_MAGIC, code, a.ndim) + struct.pack(f"<{a.ndim}Q", *a.shape)
    return head + a.tobytes()  # C order, whatever the array's own layout


def load_array(raw: bytes) -> np.ndarray:
    """A read-only ndarray over ``raw``, refusing anything but the allow-list.

    The header is checked before any memory is taken: the dtype must be one
    of ``DTYPES``, the number of dimensions at most ``MAX_NDIM``, and the
    sizes must match the bytes that came, so a header that claims a terabyte
    does not make the parent allocate one."""
    if len(raw) < _PREFIX.size:
        raise WireError("bad array buffer: too short")
    magic, code, ndim = _PREFIX.unpack_from(raw)
    if magic != ARRAY_MAGIC:
        raise WireError("bad array buffer: not an array")
    if code >= len(DTYPES):
        raise WireError(f"array of dtype code {code} is not allowed")
    if ndim > MAX_NDIM:
        raise WireError("array has too many dimensions")
    start = _PREFIX.size + 8 * ndim
    if len(raw) < start:
        raise WireError("bad array buffer: truncated header")
    shape = struct.unpack_from(f"<{ndim}Q", raw, _PREFIX.size)
    dtype = DTYPES[code]
    if math.prod(shape) * dtype.itemsize != len(raw) - start:
        raise WireError(f"bad array buffer: shape {shape} does not match its {len(raw) - start} bytes")
    return np.frombuffer(raw, dtype=dtype, offset=start).reshape(shape)


class Decoder:
    """Turns a JSON tree plus buffers back into Python values.

    ``on_handle``, ``on_rng`` and ``on_fn`` decide what tagged objects become:
    the parent makes Handles and refuses rng/fn; the child looks handles up
    and builds generators and functions."""

    def __init__(self, buffers, on_handle=None, on_rng=None, on_fn=None):
        self.buffers = buffers
        self.arrays: dict[int, np.ndarray] = {}
        self.on_handle = on_handle or (lambda id, type: Handle(id, type))
        self.on_rng = on_rng
        self.on_fn = on_fn

    def _buffer(self, i):
        if type(i) is not int or not 0 <= i < len(self.buffers):
            raise WireError("bad buffer index")
        if i not in self.arrays:
            self.arrays[i] = load_array(self.buffers[i])  # read-only view
        return self.arrays[i].copy()  # writable, one per use

    def decode(self, v, depth: int = 0):
        if depth > MAX_DEPTH:
            raise WireError("value nested too deeply")
        if v is None or isinstance(v, (bool, int, float, str)):
            return v
        if isinstance(v, list):
            return [self.decode(x, depth + 1) for x in v]
        if not isinstance(v, dict):
            raise WireError("unknown value")
        t = v.get("t")
        if t == "nd":
            return self._buffer(v.get("i"))
        if t == "np":
            a = self._buffer(v.get("i"))
            if a.shape != ():
                raise WireError("numpy scalar with a shape")
            return a[()]
        if t == "float":
            if v.get("v") not in ("nan", "inf", "-inf"):
                raise WireError("bad float")
            return float(v["v"])
        if t == "tuple":
            return tuple(self.decode(x, depth + 1) for x in _list(v))
        if t == "dict":
            out = {}
            for pair in _list(v):
                if not (isinstance(pair, list) and len(pair) == 2):
                    raise WireError("bad dict item")
                key = self.decode(pair[0], depth + 1)
                try:
                    out[key] = self.decode(pair[1], depth + 1)
                except TypeError:
                    raise WireError("unhashable dict key") from None
            return out
        if t == "handle":
            if type(v.get("id")) is not int:
                raise WireError("bad handle")
            return self.on_handle(v["id"], str(v.get("type", "object")))
        if t == "rng" and self.on_rng is not None:
            return self.on_rng(int(v["seed"]))
        if t == "fn" and self.on_fn is not None:
            return self.on_fn(str(v["name"]), self.decode(v.get("params"), depth + 1))
        raise WireError(f"value tag {t!r} is not allowed here")


def _list(v):
    items = v.get("v")
    if not isinstance(items, list):
        raise WireError("bad container")
    return items


# ---------------------------------------------------------------- blocking I/O

def read_exact(fd: int, n: int) -> bytes:
    import os
    chunks, got = [], 0
    while got < n:
        chunk = os.read(fd, min(n - got, 1 << 20))
        if not chunk:
            raise EOFError("pipe closed")
        chunks.append(chunk)
        got += len(chunk)
    return b"".join(chunks)


def read_frame(fd: int) -> tuple[dict, list[bytes]]:
    """Blocking read of one frame (used by the child; the parent reads with
    a deadline in ``process.py``)."""
    (n,) = struct.unpack(">I", read_exact(fd, 4))
    header = parse_header(read_exact(fd, n))
    buffers = [read_exact(fd, size) for size in header.get("buffers", [])]
    return header, buffers


def write_frame(fd: int, data: bytes) -> None:
    import os
    view = memoryview(data)
    while view:
        n = os.write(fd, view)
        view = view[n:]
