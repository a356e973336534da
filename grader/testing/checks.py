"""Assertions for hidden tests, with feedback that teaches.

A failed check raises ``Failure``: what was expected, what came back, on
which input, and a hint when the wrong answer matches a known mistake::

    expect_close(got, ref.softmax(z), call=("softmax", {"z": z}),
                 mistakes={"softmax is not shifted by its row maximum": naive})

Everything received from the child is validated here before it is compared
(type, shape, dtype, finiteness): the child may send any data at all.
"""
from __future__ import annotations

import contextlib

import numpy as np

from grader.sandbox.process import StudentError
from grader.sandbox.wire import Fn, Handle, Rng


class Failure(AssertionError):
    """A hidden test failed; the fields become the student's feedback."""

    def __init__(self, message: str, *, expected=None, got=None, call=None, hint: str | None = None,
                 public: str | None = None):
        super().__init__(message)
        self.message = message
        self.public = public  # what a hidden test may show instead of ``message``
        self.expected = expected
        self.got = got
        self.call = call
        self.hint = hint

    def with_call(self, call):
        if self.call is None:
            self.call = call
        return self


# ---------------------------------------------------------------- formatting

def show(v, limit: int = 300) -> str:
    """A short, readable rendering of a value for feedback."""
    if isinstance(v, np.ndarray):
        with np.printoptions(precision=6, threshold=20, edgeitems=3, suppress=False):
            text = f"array({np.array2string(v, separator=', ')}" + (
                f", dtype={v.dtype})" if v.dtype != np.float64 else ")")
    elif isinstance(v, (Handle, Rng, Fn)):
        text = repr(v)
    elif isinstance(v, float):
        text = repr(v)
    else:
        text = repr(v)
    return text if len(text) <= limit else text[: limit - 3] + "..."


def show_call(call) -> str:
    """``softmax(z=array([1., 2.]), axis=-1)`` from ``("softmax", {...})``."""
    if call is None:
        return ""
    name, kwargs = call
    return f"{name}(" + ", ".join(f"{k}={show(v, 200)}" for k, v in kwargs.items()) + ")"


# ---------------------------------------------------------------- conversion

def as_array(got, what: str = "result", call=None, dtype_kind: str = "f") -> np.ndarray:
    """The student's value as an ndarray, or a Failure saying why it isn't one."""
    if isinstance(got, np.generic):
        got = np.asarray(got)
    if not isinstance(got, np.ndarray):
        raise Failure(f"{what} should be a numpy array, got a {type_name(got)}",
                      got=got, call=call,
                      hint="convert with np.asarray(...) and return an ndarray" if isinstance(got, (list, tuple, float, int)) else None)
    if dtype_kind and got.dtype.kind not in dtype_kind:
        raise Failure(f"{what} should have a {'float' if dtype_kind == 'f' else 'integer'} dtype, got {got.dtype}",
                      got=got, call=call)
    return got


def as_float(got, what: str = "result", call=None) -> float:
    if isinstance(got, bool) or not isinstance(got, (float, int, np.floating, np.integer)):
        if isinstance(got, np.ndarray) and got.shape == ():
            return float(got)
        raise Failure(f"{what} should be a float, got a {type_name(got)}", got=got, call=call,
                      hint="return a Python float, e.g. float(np.mean(...))")
    return float(got)


def type_name(v) -> str:
    if isinstance(v, Handle):
        return v.type
    if isinstance(v, np.ndarray):
        return f"numpy array of shape {v.shape}"
    return type(v).__name__


# ---------------------------------------------------------------- checks

def expect_close(got, expected, *, call=None, what="result", rtol=1e-6, atol=1e-9,
                 mistakes: dict | None = None, check_dtype: bool = True, hint: str | None = None):
    """Arrays (or floats) equal to the reference within tolerance, same shape."""
    exp = np.asarray(expected)
    if isinstance(expected, float) and not isinstance(got, np.ndarray):
        g = np.asarray(as_float(got, what, call))
    else:
        g = as_array(got, what, call, "fc" if check_dtype else "biufc")
    if g.shape != exp.shape:
        if g.size == exp.size and g.size > 1 and g.reshape(exp.shape).shape == exp.shape and \
                np.allclose(g.reshape(exp.shape), exp, rtol=rtol, atol=atol, equal_nan=True):
            shape_hint = "the values are right but the shape is not: check reshape/keepdims"
        else:
            shape_hint = _mistake(g, mistakes, rtol, atol) or hint
        raise Failure(f"{what} has shape {g.shape}, expected {exp.shape}",
                      expected=expected, got=got, call=call, hint=shape_hint)
    if not np.all(np.isfinite(g)) and np.all(np.isfinite(exp)):
        raise Failure(f"{what} contains nan or inf where the answer is finite",
                      expected=expected, got=got, call=call,
                      hint=_mistake(g, mistakes, rtol, atol) or hint or
                      "numerical overflow: keep exp() arguments non-positive (shift or split by sign)")
    if not np.allclose(g, exp, rtol=rtol, atol=atol, equal_nan=True):
        raise Failure(f"{what} is wrong", expected=expected, got=got, call=call,
                      hint=_mistake(g, mistakes, rtol, atol) or hint)


def _mistake(g, mistakes, rtol, atol):
    for text, wrong in (mistakes or {}).items():
        try:
            w = np.asarray(wrong)
            if w.shape == g.shape and np.allclose(g, w, rtol=max(rtol, 1e-6), atol=max(atol, 1e-9), equal_nan=True):
                return text
        except (TypeError, ValueError):
            continue
    return None


def expect_equal(got, expected, *, call=None, what="result", hint=None):
    """Exact equality for ints, bools, strings and integer arrays."""
    if isinstance(expected, np.ndarray):
        g = as_array(got, what, call, "iu" if expected.dtype.kind in "iu" else expected.dtype.kind)
        if g.shape != expected.shape or not np.array_equal(g, expected):
            raise Failure(f"{what} is wrong", expected=expected, got=got, call=call, hint=hint)
        return
    if type(got) is not type(expected) and not (
            isinstance(expected, (int, float)) and isinstance(got, (int, float, np.integer, np.floating))
            and not isinstance(got, bool) and not isinstance(expected, bool)):
        if not (isinstance(expected, bool) and isinstance(got, (bool, np.bool_))):
            raise Failure(f"{what} should be a {type(expected).__name__}, got a {type_name(got)}",
                          expected=expected, got=got, call=call, hint=hint)
    if got != expected:
        raise Failure(f"{what} is wrong", expected=expected, got=got, call=call, hint=hint)


def expect(condition: bool, message: str, *, call=None, got=None, expected=None, hint=None):
    if not condition:
        raise Failure(message, call=call, got=got, expected=expected, hint=hint)


def expect_unchanged(proxy, call=None):
    """The last call through ``proxy`` left every argument as it was."""
    if proxy.last_mutated:
        names = ", ".join(str(m) for m in proxy.last_mutated)
        raise Failure(f"modified its argument(s) {names} in place", call=call,
                      hint="input array modified in place: work on a copy (x = np.array(x, dtype=float))")


@contextlib.contextmanager
def expect_raises(exc_type: str | tuple[str, ...] = "ValueError", *, call=None,
                  mentions: str | tuple[str, ...] | None = None):
    """The student's code must raise ``exc_type`` (by name, or one of several
    names: it was raised in the child), with a message naming one of
    ``mentions``.  A NotImplementedError stays "not implemented"."""
    names = (exc_type,) if isinstance(exc_type, str) else tuple(exc_type)
    words = (mentions,) if isinstance(mentions, str) else tuple(mentions or ())
    try:
        yield
    except StudentError as e:
        if e.type == "NotImplementedError":
            raise
        if e.type not in names:
            raise Failure(f"raised {e.type} instead of {names[0]}", call=call,
                          got=str(e), expected=names[0]) from None
        if words and not any(w in str(e) for w in words):
            raise Failure(f"the {names[0]} message should name the argument '{words[0]}'",
                          call=call, got=str(e), expected=f"{names[0]} mentioning '{words[0]}'") from None
        return
    raise Failure(f"did not raise {names[0]}", call=call, expected=names[0],
                  hint="check the argument and raise ValueError('<name> ...') when it is invalid")
