"""The hidden-suite helper API (grader/testing/helpers.py) against a real
student module in a real sandboxed child: each helper's verdict, and that a
failed check's parts become the student's feedback (all of them for a
visible test; for a hidden one only the message and the hint)."""
from __future__ import annotations

import numpy as np
import pytest

from grader.testing.helpers import (Rng, Suite, expect_close, expect_dict_close, expect_float64_shape, expect_ints,
                                    expect_raises, expect_tuple, expect_unchanged)
from grader.testing.suite import run_suite

STUDENT = b'''
import numpy as np

def scale(x, k=2.0):
    return np.asarray(x, dtype=float) * k

def scale_in_place(x, k=2.0):
    x *= k
    return x

def noisy(x, rng):
    return np.asarray(x, dtype=float) + rng.normal(size=np.shape(x))

def half():
    return np.float64(0.5)

def half_1d():
    return np.array([0.5])

def flat(x):
    return np.asarray(x, dtype=float).ravel()

def pair(x):
    return x, x

def params():
    return {"W": np.ones((2, 2)), "b": np.zeros(2, dtype=np.float32)}

def steps(z):
    return (np.asarray(z) >= 0)

def check_p(p):
    if p == "type":
        raise TypeError("p must be a number")
    if p == "vague":
        raise ValueError("bad value 12345")
    if p == "named":
        raise ValueError("P_drop must be in [0, 1)")
    return p
'''


@pytest.fixture(scope="module")
def box(isolations):
    from sandbox_helpers import Sandbox, fast_limits
    sandbox = Sandbox(isolations["bwrap"], fast_limits(), {"helpers_student.py": STUDENT})
    yield sandbox
    sandbox.close()


def verdicts(box, tests, visibility="visible") -> dict:
    """name -> TestResult of ``tests`` (name -> body) run as one suite."""
    suite = Suite("helpers_student")
    for name, body in tests.items():
        suite.test(name, visibility=visibility)(body)
    return {r.name: r for r in run_suite(suite, box.student, reference=None)}


def test_close_to_reference_follows_the_shape_rules(box):
    x = np.array([[1.0, -2.0], [3.0, 0.5]])
    r = verdicts(box, {
        "scale: right": lambda s, ref: expect_close(s.scale(x=x), x * 2),
        "scale: a known mistake gets its hint": lambda s, ref: expect_close(
            s.scale(x=x, k=3.0), x * 2, mistakes={"k is 3 here, not 2": x * 3}),
        "half: a numpy scalar is 0-d": lambda s, ref: expect_close(s.half(), np.array(0.5)),
        "half_1d: (1,) is not 0-d": lambda s, ref: expect_close(s.half_1d(), np.array(0.5)),
        "flat: right values, wrong shape": lambda s, ref: expect_close(s.flat(x=x), x),
        "steps: booleans are not integers": lambda s, ref: expect_ints(s.steps(z=x), (x >= 0).astype(int)),
        "scale: float64 of the input's shape": lambda s, ref: expect_float64_shape(s.scale(x=[1, 2]), np.ones(2)),
    })
    assert {n: t.status for n, t in r.items()} == {
        "scale: right": "passed", "scale: a known mistake gets its hint": "failed",
        "half: a numpy scalar is 0-d": "passed", "half_1d: (1,) is not 0-d": "failed",
        "flat: right values, wrong shape": "failed", "steps: booleans are not integers": "failed",
        "scale: float64 of the input's shape": "passed"}
    assert r["scale: a known mistake gets its hint"].failure.hint == "k is 3 here, not 2"
    assert r["half_1d: (1,) is not 0-d"].failure.message == "result has shape (1,), expected ()"
    assert r["flat: right values, wrong shape"].failure.hint.startswith("the values are right but the shape")
    assert "integer dtype, got bool" in r["steps: booleans are not integers"].failure.message


def test_tuples_and_dicts(box):
    r = verdicts(box, {
        "pair: a tuple of two": lambda s, ref: expect_tuple(s.pair(x=1.0), ("a", "b")),
        "pair: not a tuple of three": lambda s, ref: expect_tuple(s.pair(x=1.0), ("a", "b", "c")),
        "params: keys and values, float64 each": lambda s, ref: expect_dict_close(
            s.params(), {"W": np.ones((2, 2)), "b": np.zeros(2)}, "params"),
    })
    assert [t.status for t in r.values()] == ["passed", "failed", "failed"]
    assert r["pair: not a tuple of three"].failure.message == (
        "result should be a tuple (a, b, c), got a tuple of length 2")
    assert r["params: keys and values, float64 each"].failure.message == "b should have dtype float64, got float32"


def test_unchanged_inputs_and_an_advancing_rng(box):
    def inplace(s, ref):
        s.scale_in_place(x=np.ones(3))
        expect_unchanged(s, hint="work on a copy")

    def with_rng(s, ref):
        s.noisy(x=np.ones(3), rng=Rng(1))
        expect_unchanged(s)

    r = verdicts(box, {"scale_in_place: changes x": inplace, "noisy: only the rng advances": with_rng})
    assert r["scale_in_place: changes x"].status == "failed"
    assert r["scale_in_place: changes x"].failure.message == "modified its argument(s) x in place"
    assert r["scale_in_place: changes x"].failure.hint == "work on a copy"
    assert r["noisy: only the rng advances"].status == "passed"


def test_expected_exceptions(box):
    def raising(p, **kw):
        def body(s, ref):
            with expect_raises("ValueError", **kw):
                s.check_p(p=p)
        return body

    r = verdicts(box, {
        "check_p: names the argument (any case)": raising("named", mentions=("p_drop",)),
        "check_p: wrong type": raising("type"),
        "check_p: message names nothing": raising("vague", mentions=("p_drop",)),
        "check_p: does not raise": raising(0.5, hint="raise for a bad p"),
    }, visibility="hidden")
    assert [t.status for t in r.values()] == ["passed", "failed", "failed", "failed"]
    wrong_type = r["check_p: wrong type"]
    assert wrong_type.failure.message == "raised TypeError instead of ValueError"
    assert wrong_type.failure.got.startswith(repr("TypeError: p must be a number")[:-1])
    # a hidden test shows neither the student's exception text nor the input
    assert wrong_type.feedback.startswith("raised TypeError instead of ValueError\n  hint: ")
    assert "must be a number" not in wrong_type.feedback and "check_p(" not in wrong_type.feedback
    assert "check_p(p='type')" in wrong_type.details  # the instructor sees everything
    vague = r["check_p: message names nothing"]
    assert vague.failure.message == "the ValueError message should name 'p_drop'" and "12345" not in vague.feedback
    assert r["check_p: does not raise"].feedback == "did not raise ValueError\n  hint: raise for a bad p"


def test_a_visible_failure_shows_every_part(box):
    x = np.array([1.0, 2.0])
    [result] = verdicts(box, {"scale: doubles x": lambda s, ref: expect_close(
        s.scale(x=x, k=3.0), x * 2, hint="multiply by 2")}).values()
    f = result.failure
    assert (f.message, f.input, f.expected, f.got, f.hint) == (
        "result is wrong", "scale(x=array([1., 2.]), k=3.0)", "array([2., 4.])", "array([3., 6.])", "multiply by 2")
    assert result.feedback == result.details == (
        "result is wrong\n  input:    scale(x=array([1., 2.]), k=3.0)\n  expected: array([2., 4.])\n"
        "  got:      array([3., 6.])\n  hint: multiply by 2")
