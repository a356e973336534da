"""Hidden tests of exercise 2, the perceptron (shared/spec/exercise-api.md).

Training data is drawn from multiples of 1/2 and learning rates are powers
of two, so every weighted sum is computed exactly by any summation order:
ties ``x @ w + b == 0`` are real ties (they must give 1), and a student's
training run can be compared with the reference step by step.

Known mistakes (bias never updated, epochs without the final pass, ``>``
instead of ``>=``, ...) are replayed here by ``_train`` so that the hint
appears exactly when the student's result matches one of them.
"""
from __future__ import annotations

import numpy as np
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from grader.testing.helpers import (Failure, Suite, as_float, expect, expect_close, expect_equal, expect_float64,
                                    expect_int_shape, expect_ints, expect_raises, expect_tuple, expect_unchanged, f64,
                                    kw)

suite = Suite("perceptron", one_call=True)  # property tests: one call per case, then checks

X01 = np.array([[0, 0], [0, 1], [1, 0], [1, 1]])
GATES = {"AND": [0, 0, 0, 1], "OR": [0, 1, 1, 1], "NAND": [1, 1, 1, 0], "NOR": [1, 0, 0, 0]}
BIPOLAR_AND = (np.array([[1, 1], [1, -1], [-1, 1], [-1, -1]]), np.array([1, -1, -1, -1]))
INT_HINT = "return integers: np.asarray(z >= threshold, dtype=int) (booleans and floats are not integers)"
STRICT_HINT = "step uses z > threshold: a value equal to the threshold must give 1 (use >=)"


# ---------------------------------------------------------------- strategies

def halves(bound=2.0):
    """Multiples of 1/2 in [-bound, bound]: sums of products are exact."""
    n = int(2 * bound)
    return st.integers(-n, n).map(lambda i: i / 2)


def half_arrays(shape=None, bound=2.0):
    shapes = shape if shape is not None else hnp.array_shapes(min_dims=1, max_dims=2, max_side=5)
    return hnp.arrays(np.float64, shapes, elements=halves(bound))


@st.composite
def step_cases(draw, bipolar=False):
    z = draw(half_arrays(bound=3.0))
    if bipolar:
        theta = draw(st.none() | st.sampled_from([0.0, 0.5, 1.0, 1.5]))
    else:
        theta = draw(st.none() | halves(2.0))
    if draw(st.booleans()):
        z = z.tolist()
    return z, theta


@st.composite
def predict_cases(draw):
    m, n = draw(st.integers(1, 6)), draw(st.integers(1, 4))
    k = draw(st.none() | st.integers(1, 3))
    X = draw(half_arrays((m, n)))
    w = draw(half_arrays((n,) if k is None else (n, k)))
    b = draw(halves()) if k is None else draw(st.one_of(halves(), half_arrays((k,))))
    return X, w, b


@st.composite
def training_cases(draw, separable=True, units=None, start=False, bipolar=False):
    """(X, y, kwargs): separable labels come from a random perceptron;
    ``units`` None trains one unit (y (m,)), otherwise 2-3 units (y (m, k))."""
    m, n = draw(st.integers(1, 7)), draw(st.integers(1, 3))
    k = None if units is None else draw(st.integers(2, 3))
    kk = 1 if k is None else k
    X = draw(half_arrays((m, n), bound=2.0))
    if separable:
        W = draw(half_arrays((n, kk), bound=2.0))
        B = draw(half_arrays((kk,), bound=2.0))
        Z = X @ W + B
        Y = np.where(Z >= 0, 1.0, -1.0 if bipolar else 0.0)
    else:
        Y = draw(hnp.arrays(np.float64, (m, kk), elements=st.sampled_from([-1.0, 1.0] if bipolar else [0.0, 1.0])))
    y = Y[:, 0] if k is None else Y
    args = {"lr": draw(st.none() | st.sampled_from([0.25, 0.5, 1.0, 2.0])),
            "max_epochs": draw(st.none() | st.integers(1, 12)) if separable else draw(st.integers(1, 12))}
    if bipolar:
        args["theta"] = draw(st.none() | st.sampled_from([0.0, 0.2, 0.5, 1.0]))
    if start:
        args["w0"] = draw(half_arrays((n,) if k is None else (n, k)))
        args["b0"] = draw(halves()) if k is None else draw(st.one_of(halves(), half_arrays((k,))))
    if draw(st.booleans()):
        X = X.astype(int) if np.all(X == np.round(X)) else X.tolist()
    return X, y, kw(**args)


# ---------------------------------------------------------------- replayed training

def _train(X, y, lr=1.0, max_epochs=100, w0=None, b0=0.0, theta=0.2, *, bipolar=False,
           update_bias=True, count_final=True, strict=False, error_rule=False, inclusive=False):
    """The perceptron rules, with switches for known student mistakes."""
    X, y = f64(X), f64(y)
    single = y.ndim == 1
    T = y.reshape(len(y), -1)
    n, k = X.shape[1], T.shape[1]
    W = np.zeros((n, k)) if w0 is None else f64(w0).reshape(n, k).copy()
    B = np.broadcast_to(f64(0.0 if bipolar else b0), (k,)).copy()
    epochs, converged = 0, False
    while epochs < max_epochs:
        epochs += 1
        changed = False
        for x, t in zip(X, T):
            z = x @ W + B
            if bipolar:
                if inclusive:
                    out = np.where(z >= theta, 1.0, np.where(z <= -theta, -1.0, 0.0))
                else:
                    out = np.where(z > theta, 1.0, np.where(z < -theta, -1.0, 0.0))
                delta = np.where(out != t, (t - out) if error_rule else t, 0.0)
            else:
                out = (z > 0 if strict else z >= 0).astype(float)
                delta = t - out
            if np.any(delta != 0):
                W = W + lr * np.outer(x, delta)
                if update_bias:
                    B = B + lr * delta
                changed = True
        if not changed:
            converged = True
            break
    if converged and not count_final:
        epochs -= 1
    return (W[:, 0], float(B[0]), epochs, converged) if single else (W, B, epochs, converged)


def _variants(X, y, args, bipolar=False):
    """{hint: the result a known mistake gives}."""
    base = dict(args, bipolar=bipolar)
    out = {"the bias is never updated: b += lr * (t - y_hat) after every mistake":
           _train(X, y, **base, update_bias=False),
           "epochs does not count the final pass without changes": _train(X, y, **base, count_final=False)}
    if bipolar:
        out["the notes' rule adds lr * t * x when y != t (not lr * (t - y) * x)"] = \
            _train(X, y, **base, error_rule=True)
        out["theta is ignored: y = bipolar_step(b + x @ w, theta)"] = _train(X, y, **dict(base, theta=0.0))
        out["bipolar_step: y_in = ±theta gives 0 (only y_in > theta gives 1)"] = _train(X, y, **base, inclusive=True)
    else:
        out["step(0) is 1: predict with x @ w + b >= 0, not > 0"] = _train(X, y, **base, strict=True)
        if "w0" in args:
            out["w0 is ignored: training starts from w0"] = _train(X, y, **{**base, "w0": None})
        if "b0" in args:
            out["b0 is ignored: training starts from b0"] = _train(X, y, **{**base, "b0": 0.0})
    return out


def _eq(a, b) -> bool:
    """Loose equality of one component of two training results."""
    try:
        if isinstance(b, (bool, int)) and not isinstance(b, float):
            return (not isinstance(a, (np.ndarray, list, tuple)) and a == b
                    and isinstance(a, bool) == isinstance(b, bool))
        a = f64(a)
        return a.shape == np.shape(b) and bool(np.allclose(a, b))
    except Exception:  # noqa: BLE001 - the student's value may be anything
        return False


def expect_training(got, expected, variants=None, first_epochs=False):
    """``(w, b, epochs, converged)`` equal to ``expected``.  The hint names the
    known mistake that agrees with the student's result on every component
    where that result is wrong (e.g. only ``epochs``, one less)."""
    expect_tuple(got, ("w", "b", "epochs", "converged"))
    wrong = [i for i in range(4) if not _eq(got[i], expected[i])]
    matches = [h for h, v in (variants or {}).items() if wrong and all(_eq(got[i], v[i]) for i in wrong)]
    hint = matches[0] if len(matches) == 1 else None  # several mistakes give this: no guess
    w, b, epochs, converged = got
    for i in ((2, 3, 0, 1) if first_epochs else (0, 1, 2, 3)):
        if i == 0:
            expect_close(w, expected[0], what="w", hint=hint)
        elif i == 1 and isinstance(expected[1], float):
            expect_close(as_float(b, "b"), expected[1], what="b", hint=hint)
        elif i == 1:
            expect_close(b, expected[1], what="b", hint=hint)
        elif i == 2:
            expect_equal(epochs, expected[2], what="epochs", hint=hint)
        else:
            expect_equal(converged, expected[3], what="converged", hint=hint)


def _step_hint(got, strict):
    """STRICT_HINT when the student's answer is the ``>`` variant."""
    g = got
    ok = isinstance(g, np.ndarray) and g.shape == np.shape(strict) and np.all(np.isfinite(g.astype(float)))
    return STRICT_HINT if ok and np.array_equal(g.astype(int), strict) else None


# ---------------------------------------------------------------- step

@suite.test("step: 1 where z >= threshold, else 0, as integers", points=2, visibility="visible")
def _(s, ref):
    z = np.array([-1.5, -0.0, 0.0, 0.3, 2.0])
    for threshold in (None, 0.3):
        t = 0.0 if threshold is None else threshold
        got = s.step(**kw(z=z, threshold=threshold))
        expect_ints(got, ref.step(z, t), hint=_step_hint(got, (z > t).astype(int)), int_hint=INT_HINT)


@suite.property("step: matches the reference for any threshold, ties included", strategy=step_cases(),
                points=2, max_examples=25)
def _(s, ref, case):
    z, threshold = case
    got = s.step(**kw(z=z, threshold=threshold))
    t = 0.0 if threshold is None else threshold
    expected = ref.step(z, t)
    g = got
    if isinstance(g, np.ndarray) and g.dtype.kind in "bf" and np.all(np.isfinite(g)):
        g = g.astype(int)  # the dtype is the business of "step: returns an integer array ..."
    expect_ints(g, expected, hint=_step_hint(g, (f64(z) > t).astype(int)))


@suite.test("step: returns an integer array of the input's shape", points=1)
def _(s, ref):
    for z in (0.5, [[1.0, -1.0, 0.0]], np.array([[[-2], [3]]])):
        expect_int_shape(s.step(z=z), ref.step(z), INT_HINT)


# ---------------------------------------------------------------- perceptron_predict

@suite.test("perceptron_predict: AND weights w=[1, 1], b=-1.5 on {0,1}^2", points=1, visibility="visible")
def _(s, ref):
    expect_ints(s.perceptron_predict(X=X01, w=np.array([1.0, 1.0]), b=-1.5),
                ref.perceptron_predict(X01, [1.0, 1.0], -1.5), int_hint=INT_HINT)


@suite.property("perceptron_predict: matches step(X @ w + b) for one and several output units",
                strategy=predict_cases(), points=2, max_examples=25)
def _(s, ref, case):
    X, w, b = case
    got = s.perceptron_predict(X=X, w=w, b=b)
    if isinstance(got, np.ndarray) and got.dtype.kind in "bf" and np.all(np.isfinite(got)):
        got = got.astype(int)  # the dtype is the business of the next test
    expect_ints(got, ref.perceptron_predict(X, w, b), hint=_step_hint(got, (X @ w + b > 0).astype(int)))


@suite.test("perceptron_predict: int X gives integer predictions of shape (m,) or (m, k)", points=1)
def _(s, ref):
    X = np.array([[1, 2], [-3, 1], [0, 0]])
    for w, b in ((np.array([1, -1]), 0), (np.array([[1, 0, -1], [0, 1, 1]]), np.array([0, -1, 2]))):
        expect_int_shape(s.perceptron_predict(X=X, w=w, b=b), ref.perceptron_predict(X, w, b), INT_HINT)


# ---------------------------------------------------------------- perceptron_train

@suite.test("perceptron_train: learns AND on {0,1}^2 (weights and bias)", points=3, visibility="visible")
def _(s, ref):
    y = np.array(GATES["AND"])
    got = s.perceptron_train(X=X01, y=y)
    expect_training(got, ref.perceptron_train(X01, y), _variants(X01, y, {}))
    pred = ref.perceptron_predict(X01, got[0], got[1])
    expect(np.array_equal(pred, y), "the returned (w, b) do not compute AND", got=pred, expected=y)


@suite.test("perceptron_train: XOR does not converge", points=2, visibility="visible")
def _(s, ref):
    y = np.array([0, 1, 1, 0])
    got = s.perceptron_train(X=X01, y=y, max_epochs=20)
    expect_tuple(got, ("w", "b", "epochs", "converged"))
    expect_equal(got[3], False, what="converged",
                 hint="XOR is not linearly separable: converged is True only if the last pass changed nothing")
    expect_equal(got[2], 20, what="epochs", hint="training runs until max_epochs when it never converges")
    expect_training(got, ref.perceptron_train(X01, y, max_epochs=20), _variants(X01, y, {"max_epochs": 20}))


@suite.test("perceptron_train: epochs counts the final pass without changes", points=2)
def _(s, ref):
    # one sample: already right (1 pass), wrong once (2 passes), OR on {0,1}^2
    for X, y in ((np.array([[1.0]]), np.array([1.0])), (np.array([[1.0]]), np.array([0.0])),
                 (X01, np.array(GATES["OR"]))):
        got = s.perceptron_train(X=X, y=y)
        expect_training(got, ref.perceptron_train(X, y), _variants(X, y, {}), first_epochs=True)


@suite.property("perceptron_train: matches the reference on linearly separable data",
                strategy=training_cases(), points=3, max_examples=30)
def _(s, ref, case):
    X, y, args = case
    got = s.perceptron_train(X=X, y=y, **args)
    expect_training(got, ref.perceptron_train(X, y, **args), _variants(X, y, args))


@suite.property("perceptron_train: matches the reference on non-separable data within max_epochs",
                strategy=training_cases(separable=False), points=2, max_examples=20)
def _(s, ref, case):
    X, y, args = case
    got = s.perceptron_train(X=X, y=y, **args)
    expect_training(got, ref.perceptron_train(X, y, **args), _variants(X, y, args))


@suite.property("perceptron_train: trains k output units at once (w (n, k), b (k,))",
                strategy=training_cases(units=True) | training_cases(separable=False, units=True),
                points=2, max_examples=20)
def _(s, ref, case):
    X, y, args = case
    got = s.perceptron_train(X=X, y=y, **args)
    expect_training(got, ref.perceptron_train(X, y, **args), _variants(X, y, args))


@suite.property("perceptron_train: starts from w0 and b0", strategy=training_cases(start=True) |
                training_cases(units=True, start=True), points=2, max_examples=20)
def _(s, ref, case):
    X, y, args = case
    got = s.perceptron_train(X=X, y=y, **args)
    expect_training(got, ref.perceptron_train(X, y, **args), _variants(X, y, args))


@suite.test("perceptron_train: leaves X, y and w0 unchanged", points=2)
def _(s, ref):
    X, y = X01.astype(float), np.array([0.0, 1.0, 1.0, 1.0])
    w0 = np.array([0.5, -0.5])
    s.perceptron_train(X=X, y=y, w0=w0, b0=0.5)
    expect_unchanged(s)
    Y, W0, B0 = np.array([[0.0, 1.0]] * 3 + [[1.0, 0.0]]), np.array([[0.5, 0.0], [-0.5, 1.0]]), np.array([0.5, -1.0])
    s.perceptron_train(X=X, y=Y, w0=W0, b0=B0)
    expect_unchanged(s)


@suite.test("perceptron_train: float64 w and a float b for int X and y", points=1)
def _(s, ref):
    got = s.perceptron_train(X=X01, y=np.array(GATES["OR"]))
    expect_tuple(got, ("w", "b", "epochs", "converged"))
    w = expect_float64(got[0], "w", hint="start from np.zeros(n) (float) or np.array(w0, dtype=float)")
    expect(w.shape == (2,), f"w has shape {w.shape}, expected (2,) for one output unit", got=got[0])
    b = got[1]
    expect(isinstance(b, float) or (isinstance(b, np.ndarray) and b.shape == () and b.dtype.kind == "f"),
           "b should be a float for one output unit", got=got[1], hint="return float(b)")


@suite.test("perceptron_train: y with a different number of samples than X raises ValueError", points=1)
def _(s, ref):
    with expect_raises("ValueError",
                       hint="zip(X, y) silently drops samples: check len(y) == len(X) and raise ValueError"):
        s.perceptron_train(X=X01, y=np.array([0, 1, 1]))


# ---------------------------------------------------------------- bipolar_step

BIPOLAR_HINT = "the boundaries belong to the middle band: 0 for -theta <= y_in <= theta (1 only if y_in > theta)"


@suite.test("bipolar_step: 1 above theta, -1 below -theta, 0 in between (boundaries included)",
            points=2, visibility="visible")
def _(s, ref):
    y_in = np.array([-1.0, -0.2, -0.1, 0.0, 0.2, 0.5])
    got = s.bipolar_step(y_in=y_in)
    wrong = np.where(y_in >= 0.2, 1, np.where(y_in <= -0.2, -1, 0))
    g = got
    hint = BIPOLAR_HINT if isinstance(g, np.ndarray) and g.shape == wrong.shape and \
        np.array_equal(g.astype(int), wrong) else None
    expect_ints(got, ref.bipolar_step(y_in), hint=hint)


@suite.property("bipolar_step: matches the reference for any theta >= 0, boundaries included",
                strategy=step_cases(bipolar=True), points=2, max_examples=25)
def _(s, ref, case):
    y_in, theta = case
    got = s.bipolar_step(**kw(y_in=y_in, theta=theta))
    th = 0.2 if theta is None else theta
    expected = ref.bipolar_step(y_in, th)
    Y = f64(y_in)
    wrong = np.where(Y >= th, 1, np.where(Y <= -th, -1, 0))
    g = got
    hint = BIPOLAR_HINT if isinstance(g, np.ndarray) and g.shape == wrong.shape and \
        np.array_equal(g.astype(int), wrong) else None
    if isinstance(g, np.ndarray) and g.dtype.kind == "f" and np.all(np.isfinite(g)):
        g = g.astype(int)
    expect_ints(g, expected, hint=hint)


@suite.test("bipolar_step: returns an integer array of the input's shape", points=1)
def _(s, ref):
    for y_in in (0.1, [[1.0, -1.0, 0.0]], np.array([[3], [-3]])):
        expect_int_shape(s.bipolar_step(y_in=y_in), ref.bipolar_step(y_in),
                         "return integers, e.g. np.where(...).astype(int)")


# ---------------------------------------------------------------- perceptron_train_bipolar

@suite.test("perceptron_train_bipolar: the notes' bipolar AND converges to w = [1, 1], b = -1",
            points=3, visibility="visible")
def _(s, ref):
    X, t = BIPOLAR_AND
    got = s.perceptron_train_bipolar(X=X, t=t)
    expect_training(got, ref.perceptron_train_bipolar(X, t), _variants(X, t, {}, bipolar=True))


@suite.property("perceptron_train_bipolar: matches the reference on separable and non-separable data",
                strategy=training_cases(bipolar=True) | training_cases(separable=False, bipolar=True),
                points=3, max_examples=30)
def _(s, ref, case):
    X, t, args = case
    got = s.perceptron_train_bipolar(X=X, t=t, **args)
    expect_training(got, ref.perceptron_train_bipolar(X, t, **args), _variants(X, t, args, bipolar=True))


@suite.property("perceptron_train_bipolar: trains k output units at once",
                strategy=training_cases(units=True, bipolar=True) |
                training_cases(separable=False, units=True, bipolar=True), points=2, max_examples=20)
def _(s, ref, case):
    X, t, args = case
    got = s.perceptron_train_bipolar(X=X, t=t, **args)
    expect_training(got, ref.perceptron_train_bipolar(X, t, **args), _variants(X, t, args, bipolar=True))


@suite.test("perceptron_train_bipolar: leaves X and t unchanged", points=1)
def _(s, ref):
    X, t = BIPOLAR_AND[0].astype(float), BIPOLAR_AND[1].astype(float)
    s.perceptron_train_bipolar(X=X, t=t)
    expect_unchanged(s)


# ---------------------------------------------------------------- gate_perceptron

def _expect_gate(s, ref, gate):
    got = s.gate_perceptron(gate=gate)
    expect_tuple(got, ("w", "b"))
    w, b = got
    truth = np.array(GATES[gate.upper()])
    try:
        pred = ref.perceptron_predict(X01, w, b)
    except ValueError as e:
        raise Failure(f"perceptron_predict cannot use the returned (w, b): {e}", got=got,
                      hint="return w of shape (2,) and b a float") from None
    expect(pred.size == 4 and np.array_equal(pred.reshape(-1), truth),
           f"perceptron_predict(X, w, b) with the returned (w, b) does not compute {gate.upper()} "
           "on the inputs [[0, 0], [0, 1], [1, 0], [1, 1]]", got=pred, expected=truth,
           hint="step fires at exactly 0 (>=): keep every weighted sum at least 0.5 away from 0")


@suite.test("gate_perceptron: AND, OR, NAND and NOR on {0,1}^2 (any correct weights)",
            points=3, visibility="visible")
def _(s, ref):
    for gate in GATES:
        _expect_gate(s, ref, gate)


@suite.test("gate_perceptron: gate names are case-insensitive", points=1)
def _(s, ref):
    for gate in ("and", "Or", "nAnD", "nor"):
        _expect_gate(s, ref, gate)


@suite.test("gate_perceptron: XOR raises ValueError naming gate", points=2, visibility="visible")
def _(s, ref):
    with expect_raises("ValueError", mentions=("gate",),
                       hint="no single perceptron computes XOR: raise ValueError for it"):
        s.gate_perceptron(gate="XOR")


@suite.test("gate_perceptron: other unknown gates raise ValueError", points=1)
def _(s, ref):
    for gate in ("XNOR", "nand2", ""):
        with expect_raises("ValueError", mentions=("gate",)):
            s.gate_perceptron(gate=gate)
