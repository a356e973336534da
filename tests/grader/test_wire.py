"""The wire format: every value type round-trips, and the parent refuses
everything that is not plain data (pickles above all), without allocating
what a hostile header claims and without crashing on malformed frames."""
from __future__ import annotations

import io
import json
import math
import os
import struct
import threading

import numpy as np
import pytest

from grader.sandbox import fnlib, wire
from grader.sandbox.wire import Decoder, Encoder, Fn, Handle, Rng, WireError

# ---------------------------------------------------------------- helpers


def parent_roundtrip(value):
    """Encode as the child does, frame, unframe, decode as the parent does."""
    enc = Encoder()
    frame = wire.pack({"result": enc.encode(value)}, enc.buffers)
    header, buffers = read_back(frame)
    return Decoder(buffers).decode(header["result"])


def child_decoder(buffers):
    return Decoder(buffers, on_handle=lambda i, t: ("handle", i, t), on_rng=np.random.default_rng,
                   on_fn=fnlib.build)


def read_back(frame: bytes):
    """The frame through a real pipe, read by ``read_frame``."""
    r, w = os.pipe()
    writer = threading.Thread(target=lambda: (wire.write_frame(w, frame), os.close(w)))
    writer.start()
    try:
        return wire.read_frame(r)
    finally:
        writer.join()
        os.close(r)


def same(a, b) -> bool:
    if isinstance(a, np.ndarray) or isinstance(b, np.ndarray):
        return (type(a) is type(b) and a.dtype == b.dtype and a.shape == b.shape
                and np.array_equal(a, b, equal_nan=a.dtype.kind == "f"))
    if isinstance(a, np.generic) or isinstance(b, np.generic):
        return type(a) is type(b) and (a == b or (a != a and b != b))
    if isinstance(a, float) and isinstance(b, float) and math.isnan(a):
        return math.isnan(b)
    if isinstance(a, (list, tuple)):
        return type(a) is type(b) and len(a) == len(b) and all(same(x, y) for x, y in zip(a, b))
    if isinstance(a, dict):
        return type(b) is dict and list(a) == list(b) and all(same(a[k], b[k]) for k in a)
    return type(a) is type(b) and a == b


def npy(array, **kw) -> bytes:
    buf = io.BytesIO()
    np.save(buf, array, **kw)
    return buf.getvalue()


class Mkdir:
    """Unpickling this creates a directory: the proof a pickle ran."""

    def __init__(self, path):
        self.path = path

    def __reduce__(self):
        return (os.mkdir, (self.path,))


def pickle_npy(marker: str) -> bytes:
    return npy(np.array([Mkdir(marker), 1], dtype=object), allow_pickle=True)


# ---------------------------------------------------------------- round trips

ARRAYS = [np.arange(6, dtype=dt).reshape(2, 3) for dt in
          (np.int8, np.int16, np.int32, np.int64, np.uint8, np.uint16, np.uint32, np.uint64,
           np.float16, np.float32, np.float64, np.longdouble)] + [
    np.array([True, False]), np.zeros((0,)), np.zeros((3, 0, 2)), np.array(5.0),
    np.asfortranarray(np.arange(6.0).reshape(2, 3)), np.arange(10.0)[::3],
    np.arange(4, dtype=">f8"), np.array([np.nan, np.inf, -np.inf, -0.0]), np.zeros((1,) * 32)]

SCALARS = [np.float64(1.5), np.float32(-2.25), np.int64(-3), np.uint8(255), np.bool_(True),
           np.float64("nan"), np.int32(7)]

PLAIN = [None, True, False, 0, -5, 2**62, -(2**200), 1.5, -0.0, float("nan"), float("inf"), float("-inf"),
         "", "text", "ünïcødé ✓ \x00 \n", [], [1, [2, [3, []]]], (), (1, "a", None), ((1,), [()]),
         {}, {"a": 1, 2: "b", (1, 2): [3], None: True, 1.5: (4,)}, [{"nested": ({"deep": [1]},)}]]


@pytest.mark.parametrize("value", PLAIN + ARRAYS + SCALARS, ids=lambda v: type(v).__name__)
def test_every_value_type_round_trips(value):
    assert same(parent_roundtrip(value), value)


def test_a_decoded_array_is_a_writable_copy_per_use():
    a = np.arange(3.0)
    enc = Encoder()
    tree = enc.encode([a, a])
    enc2 = Encoder()
    tree2 = [enc2.encode(a)] * 2
    for t, bufs in ((tree, enc.buffers), (tree2, enc2.buffers)):
        x, y = Decoder(bufs).decode(t)
        x[0] = 99
        assert y[0] == 0 and x.flags.writeable


def test_handles_cross_both_ways():
    h = parent_roundtrip(Handle(7, "Sequential"))
    assert h == Handle(7) and h.type == "Sequential"
    assert repr(h) == "<Sequential object in the student's process>"
    enc = Encoder()
    tree = enc.encode({"model": Handle(3, "Model")})
    assert child_decoder(enc.buffers).decode(tree) == {"model": ("handle", 3, "Model")}


def test_a_handles_type_name_is_made_printable():
    h = Handle(1, "Evil\n\x1b[31m" + "x" * 500)
    assert h.type.isprintable() and len(h.type) <= 100
    assert Handle(2, "\n\t").type == "object"


def test_rng_and_fn_are_built_on_the_childs_side_only():
    enc = Encoder()
    tree = enc.encode([Rng(42), Fn("quadratic", a=np.array([1.0, 2.0]), b=np.array([0.5, -1.0]))])
    rng, f = child_decoder(enc.buffers).decode(tree)
    assert rng.random() == np.random.default_rng(42).random()
    assert f(np.array([1.0, 1.0])) == pytest.approx(0.5 + 0.5 + 1.0 - 1.0)
    for tag in ("rng", "fn"):
        with pytest.raises(WireError, match=f"value tag '{tag}' is not allowed here"):
            Decoder(enc.buffers).decode(tree[0] if tag == "rng" else tree[1])


def test_the_parent_sends_only_data():
    for value in (object(), {1, 2}, lambda: 1, complex(1, 2), np.array([1 + 2j]),
                  np.array(["text"]), np.array([object()], dtype=object), np.ma.masked_array([1.0]),
                  np.zeros(2, dtype=[("a", "f8")]), b"bytes", np.datetime64("2024-01-01")):
        with pytest.raises(WireError, match="cannot send a"):
            Encoder().encode(value)


def test_the_child_keeps_what_cannot_cross():
    kept = []
    enc = Encoder(keep=lambda v: kept.append(v) or Handle(len(kept), type(v).__name__))
    tree = enc.encode([object(), np.array([1 + 2j])])
    assert [h.type for h in Decoder(enc.buffers).decode(tree)] == ["object", "ndarray"]


# ---------------------------------------------------------------- pickles and dtypes

def compact(code: int, shape, data: bytes) -> bytes:
    """An array buffer in the wire's format, written by hand."""
    return (wire.ARRAY_MAGIC + struct.pack("<BB", code, len(shape)) + struct.pack(f"<{len(shape)}Q", *shape)
            + data)


def test_the_pickle_payload_is_live_but_never_unpickled(tmp_path):
    proof, marker = str(tmp_path / "proof"), str(tmp_path / "marker")
    np.load(io.BytesIO(pickle_npy(proof)), allow_pickle=True)  # the payload really runs...
    assert os.path.isdir(proof)
    payload = pickle_npy(marker)
    with pytest.raises(WireError, match="bad array buffer"):
        wire.load_array(payload)
    with pytest.raises(WireError, match="cannot send"):
        Encoder().encode(np.array([Mkdir(marker), 1], dtype=object))
    header = {"result": {"t": "nd", "i": 0}}
    frame = wire.pack(header, [payload])
    got, buffers = read_back(frame)
    with pytest.raises(WireError):
        Decoder(buffers).decode(got["result"])
    assert not os.path.exists(marker)  # ...but not here


def test_a_pickle_that_is_not_even_an_array_is_refused(tmp_path):
    import pickle
    marker = str(tmp_path / "marker")
    with pytest.raises(WireError, match="bad array buffer"):
        wire.load_array(pickle.dumps(Mkdir(marker)))
    assert not os.path.exists(marker)


NON_NUMERIC = [
    np.zeros(2, dtype=[("a", "f8"), ("b", "i4")]),
    np.zeros(2, dtype=[("a", "f8"), ("b", "O")]),
    np.array(["text"]), np.array([b"bytes"]), np.array([1 + 2j]),
    np.array(["2024-01-01"], dtype="M8[D]"), np.array([1], dtype="m8[s]"),
    np.zeros(2, dtype="V8"), np.array([None], dtype=object)]


@pytest.mark.parametrize("array", NON_NUMERIC, ids=lambda a: str(a.dtype))
def test_non_numeric_dtypes_are_refused(array):
    with pytest.raises(WireError, match="cannot send"):
        Encoder().encode(array)
    with pytest.raises(WireError):  # their .npy bytes are not an array buffer either
        wire.load_array(npy(array, allow_pickle=True))


@pytest.mark.parametrize("code", [len(wire.DTYPES), 200, 255])
def test_dtype_codes_outside_the_allow_list_are_refused(code):
    with pytest.raises(WireError, match="is not allowed"):
        wire.load_array(compact(code, (2,), b"\0" * 16))


def test_the_allow_list_is_plain_numbers_only():
    assert {dt.kind for dt in wire.DTYPES} == set("biuf")
    assert not any(dt.hasobject or dt.fields or dt.subdtype for dt in wire.DTYPES)


def test_an_npz_archive_is_refused():
    buf = io.BytesIO()
    np.savez(buf, a=np.arange(3))
    with pytest.raises(WireError, match="bad array buffer"):
        wire.load_array(buf.getvalue())


def test_a_header_that_claims_a_terabyte_is_refused_before_allocation():
    raw = compact(wire.DTYPES.index(np.dtype("<f8")), (10**12,), np.zeros(4).tobytes())
    with pytest.raises(WireError, match="does not match"):
        wire.load_array(raw)


def test_malformed_array_buffers_are_refused():
    good = wire.array_bytes(np.arange(8.0))
    assert wire.load_array(good).tolist() == list(range(8))
    for raw in (b"", wire.ARRAY_MAGIC, good[:3], good[:-3], good + b"extra", b"junk" * 20,
                good[:4] + good[5:], npy(np.arange(8.0))):
        with pytest.raises(WireError):
            wire.load_array(raw)


def test_too_many_dimensions_are_refused():
    with pytest.raises(WireError, match="too many dimensions"):
        wire.load_array(compact(0, (1,) * 33, b"\0"))
    with pytest.raises(WireError, match="cannot send"):
        Encoder().encode(np.zeros((1,) * 33))


# ---------------------------------------------------------------- headers and tags

@pytest.mark.parametrize("tree, message", [
    ({"t": "bogus"}, "value tag 'bogus' is not allowed"),
    ({"no": "tag"}, "value tag None is not allowed"),
    ({"t": "nd", "i": 5}, "bad buffer index"),
    ({"t": "nd", "i": "0"}, "bad buffer index"),
    ({"t": "nd", "i": True}, "bad buffer index"),
    ({"t": "np", "i": 0}, "numpy scalar with a shape"),
    ({"t": "float", "v": "1e400"}, "bad float"),
    ({"t": "handle", "id": "7"}, "bad handle"),
    ({"t": "tuple", "v": 5}, "bad container"),
    ({"t": "dict", "v": [[1]]}, "bad dict item"),
    ({"t": "dict", "v": [[[1, 2], 3]]}, "unhashable dict key"),
    ({"t": "dict", "v": [[{"t": "nd", "i": 0}, 3]]}, "unhashable dict key"),
])
def test_bad_tags_are_refused(tree, message):
    with pytest.raises(WireError, match=message):
        Decoder([wire.array_bytes(np.arange(3.0))]).decode(tree)


def test_deep_nesting_is_refused_on_both_sides():
    deep = []
    for _ in range(wire.MAX_DEPTH + 5):
        deep = [deep]
    with pytest.raises(WireError, match="nested too deeply"):
        Encoder().encode(deep)
    tree = json.loads("[" * 100 + "]" * 100)
    with pytest.raises(WireError, match="nested too deeply"):
        Decoder([]).decode(tree)
    with pytest.raises(WireError, match="nested too deeply"):
        Decoder([]).decode(json.loads('{"t": "tuple", "v": [' * 80 + "]}" * 80))


def test_json_nested_a_million_deep_is_a_wire_error_not_a_crash():
    with pytest.raises(WireError, match="nested too deeply"):
        wire.parse_header(b"[" * 1_000_000 + b"]" * 1_000_000)


@pytest.mark.parametrize("raw, message", [
    (b" " * (wire.MAX_HEADER_BYTES + 1), "header too large"),
    (b"\xff\xfe", "header is not JSON"),
    (b"not json", "header is not JSON"),
    (b"[1, 2]", "header is not an object"),
    (b'{"buffers": [-1]}', "bad buffer list"),
    (b'{"buffers": ["1"]}', "bad buffer list"),
    (b'{"buffers": [true]}', "bad buffer list"),
    (b'{"buffers": 3}', "bad buffer list"),
    (json.dumps({"buffers": [wire.MAX_FRAME_BYTES, 1]}).encode(), "frame too large"),
    (b'{"n": ' + b"9" * 5000 + b"}", "header is not JSON"),
])
def test_bad_headers_are_refused(raw, message):
    with pytest.raises(WireError, match=message):
        wire.parse_header(raw)


# ---------------------------------------------------------------- truncated frames

def _read_partial(data: bytes):
    r, w = os.pipe()
    os.write(w, data)
    os.close(w)
    try:
        return wire.read_frame(r)
    finally:
        os.close(r)


def test_truncated_frames_end_in_eof():
    enc = Encoder()
    frame = wire.pack({"result": enc.encode(np.arange(100.0))}, enc.buffers)
    for cut in (0, 2, 4, 10, len(frame) - 1):
        with pytest.raises(EOFError):
            _read_partial(frame[:cut])
    header, buffers = _read_partial(frame)
    assert same(Decoder(buffers).decode(header["result"]), np.arange(100.0))


def test_a_frame_is_exactly_its_parts():
    frame = wire.pack({"op": "x"}, [b"abc", b""])
    (n,) = struct.unpack(">I", frame[:4])
    assert json.loads(frame[4:4 + n]) == {"op": "x", "buffers": [3, 0]}
    assert frame[4 + n:] == b"abc"


def test_nan_never_appears_as_bare_json():
    enc = Encoder()
    frame = wire.pack({"v": enc.encode([float("nan"), float("inf")])}, enc.buffers)
    assert b"NaN" not in frame and b"Infinity" not in frame

