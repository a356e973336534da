"""Everything a hidden suite needs, in one place.

A suite file imports from this module only (besides numpy and hypothesis);
it never imports another suite nor the sandbox::

    from grader.testing.helpers import Rng, Suite, expect_close, expect_unchanged

    suite = Suite("noise")

    @suite.test("add_noise: close to the reference, x left as it was", points=2)
    def _(s, ref):
        x = np.ones((2, 3))
        got = s.add_noise(x=x, scale=0.1, rng=Rng(3))
        expect_unchanged(s)
        expect_close(got, ref.add_noise(x, 0.1, np.random.default_rng(3)))

A test gets ``s`` (calls run the student's module in the sandboxed child)
and ``ref`` (the reference module, in this trusted process).  Every check
raises :class:`Failure` when it fails: a message, the expected value, the
student's value and a hint when the wrong answer matches a known mistake.
The runner records the call that failed as the input, and hidden tests never
show the student their input, expected value, returned value or exception
text.  Everything received from the child is validated here before it is
compared (type, shape, dtype, finiteness): the child may send any data.

Declaring a suite
    ``Suite(exercise, timeout=None)``; ``@suite.test(name, points, visibility)``
    for fixed inputs, ``@suite.property(name, strategy, points, ...)`` for
    hypothesis-drawn ones (see ``grader.testing.suite``).  The shared input
    strategies (``grader.testing.strategies``): ``floats(magnitude)``,
    ``arrays(shape, magnitude, ...)``, ``matrices(...)``, ``one_hot(m, k)``,
    ``seeds()``; a suite's own strategies live in its file.

Arguments for the student's code (they cross to the child as data)
    ``Rng(seed)``: ``np.random.default_rng(seed)`` in the child.
    ``Fn(name, **params)``: a function of the sandbox's function library;
    ``as_function(fn)`` is the same function here, for the reference.
    ``Handle``: an object that stays in the child (a Keras model); call its
    methods with ``s.student.method(handle, "fit", ...)``.

Comparing with the reference (the 0-d and shape rules)
    ``expect_close(got, expected, *, what, rtol, atol, mistakes, hint,
    check_dtype)``: same shape exactly (a 0-d answer is not a ``(1,)`` one; a
    numpy scalar counts as 0-d; where ``expected`` is a Python float a plain
    number is accepted), finite where the answer is, equal within tolerance.
    ``mistakes`` maps a hint to a wrong answer: the hint is shown when the
    student's value matches it.  A right value in the wrong shape says so.
    ``expect_equal(got, expected, ...)``: exact (ints, bools, strings, int arrays).
    ``expect_ints(got, expected, ...)``: an integer array, exactly equal.
    ``expect(condition, message, ...)``: anything else.

Types and dtypes
    ``as_array(got, what)``, ``as_float(got, what)``: the student's value
    converted, or a Failure saying why it is not one.
    ``expect_float64(got, what, hint)``; ``expect_float64_shape(got, expected)``
    and ``expect_int_shape(got, expected)``: dtype and shape only (the values
    are another test's business).

Tuples and dicts
    ``expect_tuple(got, names)``: a tuple (or list) of ``len(names)`` items.
    ``expect_tuple_close(got, expected, names, mistakes)``: element by element,
    float64 each.  ``expect_dict_close(got, expected, what, mistakes)``: the
    same keys, each value close and float64.

Side effects
    ``expect_unchanged(s_or_changed, *, call, hint, message)``: the last call
    through ``s`` changed no argument in place (an ``Rng``'s state advancing
    does not count).  When later calls come first, keep
    ``changed_in_place(s)`` right after the call and pass that list.
    ``expect_no_warning(s, what, hint)``: the last call printed no warning.

Expected exceptions
    ``with expect_raises("ValueError", mentions=("p_drop",), hint=...):``
    the student's code must raise that type (or one of several names) with
    a message naming one of ``mentions`` (case-insensitive).  A
    ``NotImplementedError`` stays "not implemented".  ``StudentError`` (an
    exception raised by student code) and ``ChildFailure`` (the child
    crashed or timed out) are here for tests that handle them themselves.

Small tools
    ``f64(v)`` (a float64 array), ``quiet()`` (numpy warnings off while this
    process computes deliberately wrong variants), ``kw(**kwargs)`` (drop
    arguments left at None), ``show(v)``, ``type_name(v)``.
"""
from __future__ import annotations

import contextlib
import os

import numpy as np

from grader.sandbox import fnlib
from grader.sandbox.process import ChildFailure, StudentError
from grader.sandbox.wire import Fn, Handle, Rng
from grader.testing.results import Failure, show
from grader.testing.strategies import arrays, floats, matrices, one_hot, seeds
from grader.testing.suite import Suite

__all__ = [
    "ChildFailure", "Failure", "Fn", "Handle", "Rng", "StudentError", "Suite",
    "arrays", "floats", "matrices", "one_hot", "seeds",
    "FLOAT_HINT", "IN_PLACE_HINT", "as_array", "as_float", "as_function", "changed_in_place", "expect",
    "expect_close", "expect_dict_close", "expect_equal", "expect_float64", "expect_float64_shape",
    "expect_int_shape", "expect_ints", "expect_no_warning", "expect_raises", "expect_tuple",
    "expect_tuple_close", "expect_unchanged", "f64", "kw", "quiet", "show", "type_name",
]

FLOAT_HINT = "convert the input first (np.asarray(z, dtype=float)) so that the result is float64"
IN_PLACE_HINT = "input array modified in place: work on a copy (x = np.array(x, dtype=float))"
SHAPE_HINT = "keep the shape of the input (0-d for a scalar)"


# ---------------------------------------------------------------- small tools

def f64(v) -> np.ndarray:
    return np.asarray(v, dtype=np.float64)


def quiet():
    """Context for computing deliberately wrong (overflowing) variants here."""
    return np.errstate(all="ignore")


def kw(**kwargs) -> dict:
    """Keyword arguments without the ones left at their default (None)."""
    return {k: v for k, v in kwargs.items() if v is not None}


def as_function(fn: Fn):
    """The Python function an ``Fn`` stands for, to give the reference."""
    return fnlib.build(fn.name, fn.params)


def type_name(v) -> str:
    if isinstance(v, Handle):
        return v.type
    if isinstance(v, np.ndarray):
        return f"numpy array of shape {v.shape}"
    return type(v).__name__


# ---------------------------------------------------------------- conversion

def as_array(got, what: str = "result", call=None, dtype_kind: str = "f") -> np.ndarray:
    """The student's value as an ndarray, or a Failure saying why it isn't one."""
    if isinstance(got, np.generic):
        got = np.asarray(got)
    if not isinstance(got, np.ndarray):
        convertible = isinstance(got, (list, tuple, float, int))
        raise Failure(f"{what} should be a numpy array, got a {type_name(got)}", got=got, call=call,
                      hint="convert with np.asarray(...) and return an ndarray" if convertible else None)
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


# ---------------------------------------------------------------- values

def expect(condition: bool, message: str, *, call=None, got=None, expected=None, hint=None):
    if not condition:
        raise Failure(message, call=call, got=got, expected=expected, hint=hint)


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
    """The hint of the first known mistake the student's value matches."""
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


# ---------------------------------------------------------------- dtypes and shapes

def expect_float64(got, what="result", hint=FLOAT_HINT) -> np.ndarray:
    """``got`` is a float64 ndarray (a numpy float64 scalar counts as 0-d)."""
    if isinstance(got, np.generic):
        got = np.asarray(got)
    if not isinstance(got, np.ndarray):
        raise Failure(f"{what} should be a numpy float64 array, got a {type_name(got)}", got=got,
                      hint="return an ndarray, e.g. np.asarray(result, dtype=float)")
    if got.dtype != np.float64:
        raise Failure(f"{what} should have dtype float64, got {got.dtype}", got=got, hint=hint)
    return got


def _int_array(got, what, expected=None, hint=None) -> np.ndarray:
    """``got`` is an integer ndarray (booleans and floats are refused)."""
    if isinstance(got, np.generic):
        got = np.asarray(got)
    if not isinstance(got, np.ndarray):
        raise Failure(f"{what} should be a numpy integer array, got a {type_name(got)}", got=got,
                      expected=expected, hint=hint or "return np.asarray(..., dtype=int)")
    if got.dtype.kind not in "iu":
        raise Failure(f"{what} should have an integer dtype, got {got.dtype}", got=got, expected=expected,
                      hint=hint or "convert with .astype(int): booleans and floats are not integers")
    return got


def _same_shape(got: np.ndarray, expected, what, hint=SHAPE_HINT, show_expected=False):
    if got.shape != np.shape(expected):
        raise Failure(f"{what} has shape {got.shape}, expected {np.shape(expected)}", got=got,
                      expected=expected if show_expected else None, hint=hint)


def expect_float64_shape(got, expected, what="result", hint=FLOAT_HINT) -> np.ndarray:
    """A float64 array of ``expected``'s shape (the values are other tests' business)."""
    got = expect_float64(got, what, hint)
    _same_shape(got, expected, what)
    return got


def expect_int_shape(got, expected, int_hint=None, what="result") -> np.ndarray:
    """An integer array of ``expected``'s shape (the values are other tests' business)."""
    got = _int_array(got, what, hint=int_hint)
    _same_shape(got, expected, what)
    return got


def expect_ints(got, expected, *, what="result", hint=None, int_hint=None) -> np.ndarray:
    """An integer ndarray exactly equal to ``expected`` (booleans and floats are refused)."""
    got = _int_array(got, what, expected, int_hint)
    _same_shape(got, expected, what, hint, show_expected=True)
    if not np.array_equal(got, expected):
        raise Failure(f"{what} is wrong", got=got, expected=expected, hint=hint)
    return got


# ---------------------------------------------------------------- tuples and dicts

def expect_tuple(got, names, what="result") -> tuple:
    """``got`` is a tuple (or list) of ``len(names)`` items, as a tuple."""
    if not isinstance(got, (tuple, list)) or len(got) != len(names):
        shape = f"({', '.join(names)})"
        raise Failure(f"{what} should be a tuple {shape}, got a {type_name(got)}"
                      + (f" of length {len(got)}" if isinstance(got, (tuple, list)) else ""),
                      got=got, hint=f"return {', '.join(names)} as a tuple")
    return tuple(got)


def expect_tuple_close(got, expected, names, mistakes=None, rtol=1e-6, atol=1e-9, what_prefix=""):
    """Each element of the student's tuple against the reference's, float64
    each (``mistakes``: hint -> tuple of wrong values, element by element)."""
    for j, name in enumerate(names):
        expect_close(got[j], expected[j], what=what_prefix + name, rtol=rtol, atol=atol,
                     mistakes={h: v[j] for h, v in (mistakes or {}).items() if v[j] is not None})
        expect_float64(as_array(got[j], name), name)


def expect_dict_close(got, expected: dict, what: str, mistakes: dict | None = None, rtol=1e-6, atol=1e-9,
                      float64=True):
    """A dict of arrays equal to ``expected`` key by key (same keys)
    (``mistakes``: hint -> dict of wrong values)."""
    expect(isinstance(got, dict), f"{what} should be a dict {{{', '.join(expected)}}}", got=got)
    expect(set(got) == set(expected), f"{what} has the wrong keys",
           expected=sorted(expected), got=sorted(map(str, got)),
           hint=f"one entry per parameter: {', '.join(expected)}")
    for key, exp in expected.items():
        g = as_array(got[key], key)
        expect_close(g, exp, what=key, rtol=rtol, atol=atol,
                     mistakes={h: v[key] for h, v in (mistakes or {}).items() if key in v})
        if float64:
            expect_float64(g, key)


# ---------------------------------------------------------------- side effects

def changed_in_place(s) -> list[str]:
    """The arguments the last call through ``s`` changed in place.  An
    ``Rng``'s state is meant to advance when it is used: not counted."""
    kwargs = s.last_call[1] if s.last_call else {}
    return [str(m) for m in s.last_mutated if not isinstance(kwargs.get(m), Rng)]


def expect_unchanged(s_or_changed, *, call=None, hint=IN_PLACE_HINT, message=None):
    """The last call through ``s`` (or the call whose ``changed_in_place`` list
    is given) left every argument as it was."""
    changed = (list(s_or_changed) if isinstance(s_or_changed, (list, tuple))
               else changed_in_place(s_or_changed))
    if changed:
        raise Failure(message or f"modified its argument(s) {', '.join(changed)} in place",
                      call=call, hint=hint)


def expect_no_warning(s, what, hint):
    """The student's last call raised no RuntimeWarning.  The child reports
    each call's numpy floating-point errors with its reply (``s.last_warnings``,
    caught through ``np.seterrcall``, which ``np.seterr``/``np.errstate`` in
    student code cannot turn off); a warning the student's code printed
    itself is looked for in the output the child has sent so far.  Nothing
    is waited for: a call without a reported warning is judged at once."""
    reported = [w for w in getattr(s, "last_warnings", None) or [] if str(w).startswith("RuntimeWarning")]
    if reported:
        raise Failure(f"{what} printed a warning", got=str(reported[0]), expected="no warning", hint=hint)
    proc = getattr(getattr(s, "student", None), "process", None)
    if not hasattr(proc, "take_output"):  # a runner without the child's output: no check
        return
    lines = [line.strip() for line in proc.take_output().splitlines() if "RuntimeWarning" in line]
    if lines:
        line = lines[0]
        if ":" in line and "/" in line.split(":", 1)[0]:
            line = os.path.basename(line.split(":", 1)[0]) + ":" + line.split(":", 1)[1]
        raise Failure(f"{what} printed a warning", got=line, expected="no warning", hint=hint)


# ---------------------------------------------------------------- exceptions

@contextlib.contextmanager
def expect_raises(exc_type: str | tuple[str, ...] = "ValueError", *, mentions: str | tuple[str, ...] = (),
                  hint: str | None = None, call=None):
    """The student's code in the block must raise ``exc_type`` (by name, or one
    of several names: it was raised in the child), with a message naming one
    of ``mentions`` (case-insensitive)."""
    names = (exc_type,) if isinstance(exc_type, str) else tuple(exc_type)
    words = (mentions,) if isinstance(mentions, str) else tuple(mentions)
    try:
        yield
    except StudentError as e:
        if e.type == "NotImplementedError":
            raise  # reported as "not implemented" by the runner
        if e.type not in names:
            raise Failure(f"raised {e.type} instead of {names[0]}", call=call, got=str(e), expected=names[0],
                          hint=hint or f"check the argument yourself and raise {names[0]}(...) naming it") from None
        if words and not any(w.lower() in str(e).lower() for w in words):
            wanted = " or ".join(repr(w) for w in words)
            raise Failure(f"the {names[0]} message should name {wanted}", call=call, got=str(e),
                          expected=f"{names[0]} mentioning {wanted}",
                          hint="say which argument is wrong and why") from None
        return
    raise Failure(f"did not raise {names[0]}", call=call, expected=names[0],
                  hint=hint or f"check the argument and raise {names[0]}('<name> ...') when it is invalid")
