"""The program that runs inside the sandbox, next to one student's files.

It is started as ``python -I child_main.py REQ_FD RESP_FD WORKDIR`` and serves
requests from the parent until the request pipe closes:

    {"op": "import", "module": "<exercise>"}
    {"op": "call", "module": "<exercise>", "func": "sigmoid", "args": [...], "kwargs": {...}}
    {"op": "method", "handle": 3, "name": "predict", "args": [...], "kwargs": {...}}
    {"op": "getattr", "handle": 3, "name": "loss"}
    {"op": "batch", "requests": [...]}      several calls in one request; one
                                            reply frame per call, in order
    {"op": "release", "handles": [3, 4]}

Everything here is untrusted once student code has been imported: the
student can replace any of it.  That is fine, because the parent believes
nothing but data it validates itself; this loop only has to be convenient for
honest submissions and give clear one-line errors for broken ones.
"""
import copy
import importlib
import importlib.util
import os
import sys
import traceback
import types
import warnings

HERE = os.path.dirname(os.path.abspath(__file__))
MAX_ITER_ITEMS = 100_000


def _load(name, filename):
    spec = importlib.util.spec_from_file_location(name, os.path.join(HERE, filename))
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


wire = _load("_grader_wire", "wire.py")
fnlib = _load("_grader_fnlib", "fnlib.py")
import numpy as np  # noqa: E402  (after the runtime is loaded; students need it anyway)

WORKDIR = None
HANDLES = {}
NEXT_HANDLE = [1]


# ---------------------------------------------------------------- errors

def where(tb):
    """'<exercise>.py line 43' for the deepest frame in the student's files."""
    frames = [f for f in traceback.extract_tb(tb) if f.filename.startswith(WORKDIR)]
    if not frames:
        return ""
    f = frames[-1]
    return f"{os.path.relpath(f.filename, WORKDIR)} line {f.lineno}"


def describe(exc, module=None):
    """One line that tells a student what went wrong and where.  Never raises:
    a student's exception may break ``str()`` or ``repr()`` on purpose."""
    try:
        return _describe(exc, module)
    except BaseException:  # noqa: BLE001
        name = _safe(lambda: type(exc).__name__, "Exception")
        return {"type": name, "where": "", "message": f"{name} (its message could not be shown)"}


def _safe(fn, default):
    try:
        return str(fn())
    except BaseException:  # noqa: BLE001
        return default


def _describe(exc, module):
    name = type(exc).__name__
    if isinstance(exc, SyntaxError):
        return _describe_syntax(exc, module)
    if isinstance(exc, ValueError) and "null bytes" in _safe(lambda: str(exc), ""):
        # Some Python 3.11 releases raise ValueError, not SyntaxError, here.
        return _describe_syntax(SyntaxError(str(exc)), module)
    if isinstance(exc, SystemExit):
        return {"type": name, "where": where(exc.__traceback__),
                "message": f"called sys.exit({_safe(lambda: repr(exc.code), '...')[:100]})"}
    loc = where(exc.__traceback__)
    lines = [line for line in _safe(lambda: str(exc), "").splitlines() if line.strip()]
    text = lines[0].strip() if lines else ""
    message = f"{name}: {text}" if text else name
    if loc:
        message += f" ({loc})"
    return {"type": name, "where": loc, "message": message[:500]}


def _describe_syntax(exc, module):
    """Python's own words, with the file name it sometimes leaves out (null
    bytes) and a fix for the most common cause (a file not saved as UTF-8)."""
    name = type(exc).__name__
    fname = os.path.basename(exc.filename) if exc.filename else f"{module or '?'}.py"
    loc = f"{fname} line {exc.lineno}" if exc.lineno else fname
    msg = str(exc.msg)
    if "codec can't decode" in msg or "unicode error" in msg:
        msg = f"the file is not UTF-8 text ({msg.replace('(unicode error) ', '')}); save it as UTF-8"
    elif "null bytes" in msg:
        msg += "; the file is not a plain text Python file"
    return {"type": name, "where": loc, "message": f"{name} in {loc}: {msg}"[:500]}


# ---------------------------------------------------------------- values

def keep(obj):
    """Objects that cannot cross stay here; the parent gets a handle."""
    if isinstance(obj, types.GeneratorType) or (hasattr(obj, "__next__") and hasattr(obj, "__iter__")):
        items = []
        for item in obj:
            items.append(item)
            if len(items) > MAX_ITER_ITEMS:
                break
        return items
    hid = NEXT_HANDLE[0]
    NEXT_HANDLE[0] += 1
    HANDLES[hid] = obj
    return wire.Handle(hid, type(obj).__name__)


def lookup(hid, _type):
    if hid not in HANDLES:
        raise LookupError(f"object {hid} no longer exists (the process was restarted)")
    return HANDLES[hid]


class _Opaque:
    """Stands in the snapshot for an argument that is not plain data (a
    Generator, a Keras model): its state may change by design, and copying
    it would be slow or impossible."""


OPAQUE = _Opaque()


def snapshot(value):
    """Copies of the data in the arguments, to detect in-place modification."""
    if isinstance(value, np.ndarray):
        return value.copy()
    if isinstance(value, (list, tuple)):
        return type(value)(snapshot(v) for v in value) if type(value) in (list, tuple) else OPAQUE
    if isinstance(value, dict):
        return {k: snapshot(v) for k, v in value.items()}
    if value is None or isinstance(value, (bool, int, float, str, np.generic)):
        return value
    return OPAQUE


def same(a, b):
    if a is OPAQUE or b is OPAQUE:
        return True
    if isinstance(a, np.ndarray) or isinstance(b, np.ndarray):
        try:
            return (type(a) is type(b) and a.shape == b.shape and a.dtype == b.dtype
                    and bool(np.array_equal(a, b, equal_nan=a.dtype.kind == "f")))
        except Exception:
            return False
    if isinstance(a, (list, tuple)) and isinstance(b, (list, tuple)):
        return type(a) is type(b) and len(a) == len(b) and all(same(x, y) for x, y in zip(a, b))
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(same(a[k], b[k]) for k in a)
    try:
        return bool(a == b) or (a != a and b != b)
    except Exception:
        return True


def drain(result):
    """A returned generator is run now, inside the call: its in-place
    changes and its time count for the call that returned it."""
    if isinstance(result, types.GeneratorType) or (
            hasattr(result, "__next__") and hasattr(result, "__iter__") and not isinstance(result, (str, bytes))):
        items = []
        for item in result:
            items.append(item)
            if len(items) > MAX_ITER_ITEMS:
                break
        return items
    return result


# ---------------------------------------------------------------- operations

def op_import(req, dec):
    importlib.import_module(req["module"])
    return None


def op_call(req, dec):
    module = importlib.import_module(req["module"])
    func = getattr(module, req["func"], None)
    if not callable(func):
        raise AttributeError(f"{req['module']}.py has no function {req['func']}")
    return invoke(func, req, dec)


def op_method(req, dec):
    name = req["name"]
    if name.startswith("_"):
        raise AttributeError("private attributes are not available")
    return invoke(getattr(lookup(req["handle"], None), name), req, dec)


def op_getattr(req, dec):
    name = req["name"]
    if name.startswith("_"):
        raise AttributeError("private attributes are not available")
    return getattr(lookup(req["handle"], None), name)


def op_release(req, dec):
    for hid in req.get("handles", []):
        HANDLES.pop(hid, None)
    return None


def invoke(func, req, dec):
    args = dec.decode(req.get("args", []))
    kwargs = dec.decode(req.get("kwargs", {"t": "dict", "v": []}))
    before = snapshot((args, kwargs)) if req.get("check_mutation", True) else None
    WARNINGS[:] = []
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        result = drain(func(*args, **kwargs))
    report_warnings(caught)
    mutated = []
    if before is not None:
        mutated += [i for i, (a, b) in enumerate(zip(before[0], args)) if not same(a, b)]
        mutated += [k for k in kwargs if not same(before[1][k], kwargs[k])]
    return result, mutated


WARNINGS = []


def report_warnings(caught):
    """Warnings of one call: sent to the parent and printed, as Python would."""
    WARNINGS[:] = []
    for w in caught[:20]:
        place = f" ({os.path.relpath(w.filename, WORKDIR)} line {w.lineno})" if str(w.filename).startswith(WORKDIR) else ""
        text = f"{w.category.__name__}: {w.message}{place}"
        WARNINGS.append(text[:300])
        try:
            sys.stderr.write(warnings.formatwarning(w.message, w.category, w.filename, w.lineno))
        except Exception:  # noqa: BLE001 - the student may have replaced stderr
            pass


OPS = {"import": op_import, "call": op_call, "method": op_method,
       "getattr": op_getattr, "release": op_release}


def serve_one(req, dec, enc):
    """Run one request; exceptions of the student's code become error replies."""
    op = OPS.get(req.get("op"))
    if op is None:
        return {"ok": False, "error": {"type": "ProtocolError", "message": f"unknown op {req.get('op')!r}"}}
    try:
        out = op(req, dec)
    except BaseException as exc:  # noqa: BLE001 - SystemExit from student code is an answer too
        return {"ok": False, "error": describe(exc, req.get("module"))}
    mutated = []
    if isinstance(out, tuple) and req["op"] in ("call", "method"):
        out, mutated = out
    try:
        return {"ok": True, "result": enc.encode(out), "mutated": mutated,
                "warnings": list(WARNINGS) if req["op"] in ("call", "method") else []}
    except wire.WireError as exc:  # e.g. a list that contains itself
        return {"ok": False, "error": {"type": "WireError", "where": "",
                                       "message": f"returned a value the grader cannot receive ({exc})"}}
    except BaseException as exc:  # noqa: BLE001 - e.g. a generator that raises
        return {"ok": False, "error": describe(exc, req.get("module"))}


def flush():
    """Flush what the student printed; a student may have replaced or closed
    sys.stdout, which must not end this loop."""
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except BaseException:  # noqa: BLE001
            pass


def reply(resp_fd, frame):
    """Send one reply; if the student closed or replaced the reply pipe, say
    so on stderr (the parent shows the last line) and end."""
    try:
        wire.write_frame(resp_fd, frame)
    except OSError as e:
        try:
            os.write(2, f"\nthe connection to the grader was closed or replaced ({e.strerror})\n".encode())
        except OSError:
            pass
        os._exit(70)


def main():
    global WORKDIR
    req_fd, resp_fd, WORKDIR = int(sys.argv[1]), int(sys.argv[2]), os.path.realpath(sys.argv[3])
    os.chdir(WORKDIR)
    sys.path[:] = [WORKDIR] + [p for p in sys.path if p and p != HERE]
    sys.dont_write_bytecode = True
    for name in sys.argv[4:]:  # preloads: only names the grader's config gave
        try:
            importlib.import_module(name)
        except Exception:  # noqa: BLE001 - the student's own import will report it
            pass
    while True:
        try:
            header, buffers = wire.read_frame(req_fd)
        except (EOFError, OSError):  # the grader is done, or the student closed the pipe
            return
        dec = wire.Decoder(buffers, on_handle=lookup, on_rng=np.random.default_rng,
                           on_fn=fnlib.build)
        enc = wire.Encoder(keep=keep)
        if header.get("op") == "batch":
            # Many calls in one request; one reply frame per call, sent as
            # soon as it is done, so the parent keeps a deadline per call.
            for sub in header.get("requests", []):
                enc = wire.Encoder(keep=keep)
                answer = serve_one(sub, dec, enc)
                flush()
                reply(resp_fd, wire.pack(answer, enc.buffers))
            continue
        answer = serve_one(header, dec, enc)
        flush()
        reply(resp_fd, wire.pack(answer, enc.buffers))


if __name__ == "__main__":
    main()
