"""Hidden tests of exercise 1, neuron math (shared/spec/exercise-api.md).

Every test calls the student's function in the sandbox with keyword
arguments and compares with ``reference.neuron`` in this (trusted) process.
Known mistakes are recomputed here (unshifted softmax, derivative at the
sigmoid's output, unclipped cross-entropy, ...) so that the hint appears
exactly when the student's answer matches one of them.

Test order matters for the warning checks: numpy prints an overflow warning
only the first time a given line of the student's code overflows, so the
"no warning" tests of sigmoid, tanh and elu come before any other test that
gives those functions large inputs.
"""
from __future__ import annotations

import numpy as np
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from grader.testing.helpers import (Suite, arrays, expect_close, expect_float64, expect_float64_shape,
                                    expect_no_warning, expect_raises, expect_unchanged, f64, floats, kw, matrices,
                                    one_hot, quiet)

suite = Suite("neuron", one_call=True)  # property tests: one call per case, then checks

ACTIVATIONS = ("sigmoid", "tanh", "relu", "leaky_relu", "elu", "linear")


# ---------------------------------------------------------------- strategies

def int_arrays(bound=1000, max_dims=2, max_side=5):
    return hnp.arrays(np.int64, hnp.array_shapes(min_dims=1, max_dims=max_dims, max_side=max_side),
                      elements=st.integers(-bound, bound))


def inputs(magnitude=1e4, elements=None):
    """What an elementwise function must accept: float arrays of 1-3 dims,
    nested lists, Python floats and int arrays."""
    elements = floats(magnitude) if elements is None else elements
    arr = hnp.arrays(np.float64, hnp.array_shapes(min_dims=1, max_dims=3, max_side=4), elements=elements)
    return st.one_of(arr, arr.map(lambda a: a.tolist()), elements,
                     int_arrays(int(min(magnitude, 1000))))


def with_zeros(magnitude=1e4):
    """Floats with exact 0.0 and -0.0 drawn often (the kink of relu and friends)."""
    return st.one_of(st.sampled_from([0.0, -0.0, 1.0, -1.0]), floats(magnitude))


@st.composite
def weighted_sum_cases(draw, magnitude=1e4):
    n = draw(st.integers(1, 5))
    m = draw(st.none() | st.integers(1, 4))
    k = draw(st.none() | st.integers(1, 3))
    x = draw(arrays((n,) if m is None else (m, n), magnitude))
    w = draw(arrays((n,) if k is None else (n, k), magnitude))
    b = draw(floats(magnitude)) if k is None else draw(st.one_of(floats(magnitude),
                                                                      arrays((k,), magnitude)))
    if draw(st.booleans()):
        x, w = x.tolist(), w.tolist()
        b = b.tolist() if isinstance(b, np.ndarray) else b
    return x, w, b


@st.composite
def neuron_cases(draw):
    x, w, b = draw(weighted_sum_cases(magnitude=5.0))
    return x, w, b, draw(st.sampled_from(ACTIVATIONS))


@st.composite
def softmax_axis_cases(draw):
    z = draw(arrays(magnitude=50.0, min_dims=2, max_dims=3, max_side=4))
    return z, draw(st.integers(-z.ndim, z.ndim - 1))


@st.composite
def loss_pairs(draw, kind):
    shape = draw(hnp.array_shapes(min_dims=1, max_dims=2, max_side=5))
    if kind == "mse":
        y = draw(arrays(shape, magnitude=1e3))
        p = draw(arrays(shape, magnitude=1e3))
        return y, p, None
    hard = draw(st.booleans())
    y = draw(hnp.arrays(np.float64, shape, elements=st.sampled_from([0.0, 1.0]) if hard
                        else st.floats(0.0, 1.0)))
    p = draw(hnp.arrays(np.float64, shape, elements=st.one_of(st.sampled_from([0.0, 1.0]),
                                                              st.floats(0.0, 1.0))))
    eps = draw(st.sampled_from([None, None, 1e-12, 1e-7, 1e-3, 0.05]))
    return y, p, eps


@st.composite
def cce_cases(draw):
    m, k = draw(st.integers(1, 5)), draw(st.integers(2, 5))
    y = draw(one_hot(m, k))
    raw = draw(hnp.arrays(np.float64, (m, k), elements=st.one_of(st.just(0.0), st.floats(0.0, 1.0))))
    total = raw.sum(axis=1, keepdims=True)
    p = np.where(total > 0, raw / np.where(total > 0, total, 1.0), 1.0 / k)
    eps = draw(st.sampled_from([None, None, 1e-12, 1e-7, 1e-3]))
    return y, p, eps


# ---------------------------------------------------------------- weighted_sum

@suite.test("weighted_sum: the notes' example x=[1,2,3], w=[0.5,-1,0.8], b=0.2 gives 1.1",
            points=2, visibility="visible")
def _(s, ref):
    x, w, b = [1.0, 2.0, 3.0], [0.5, -1.0, 0.8], 0.2
    got = s.weighted_sum(x=x, w=w, b=b)
    expect_float64(got)
    expect_close(got, ref.weighted_sum(x, w, b), mistakes={
        "the bias b is not added": f64(x) @ f64(w),
        "use the matrix product x @ w (a sum), not the elementwise x * w": f64(x) * f64(w) + b})


@suite.property("weighted_sum: matches x @ w + b for vectors, batches and several neurons",
                strategy=weighted_sum_cases(), points=3, max_examples=30)
def _(s, ref, case):
    x, w, b = case
    got = s.weighted_sum(x=x, w=w, b=b)
    X, W, B = f64(x), f64(w), f64(b)
    mistakes = {"the bias b is not added": X @ W}
    try:
        mistakes["use the matrix product x @ w, not the elementwise x * w"] = X * W + B
    except ValueError:
        pass
    scale = float(np.max(np.abs(X) @ np.abs(W) + np.abs(B), initial=1.0))
    expect_close(got, ref.weighted_sum(x, w, b), check_dtype=False, atol=1e-12 * scale, mistakes=mistakes)


@suite.test("weighted_sum: int lists and int arrays give a float64 result of the matmul shape", points=1)
def _(s, ref):
    x = [[1, 2, 3], [0, -1, 4]]
    w = np.array([[1, 0], [0, 1], [1, 1]])
    b = np.array([1, 2])
    expect_float64_shape(s.weighted_sum(x=x, w=w, b=b), ref.weighted_sum(x, w, b),
                         hint="convert x, w and b with np.asarray(..., dtype=float): int inputs must give floats")


@suite.test("weighted_sum: leaves x, w and b unchanged", points=1)
def _(s, ref):
    x = np.array([[0.5, -1.0], [2.0, 3.0]])
    w, b = np.array([[1.0, -2.0, 0.5], [0.0, 1.0, -1.0]]), np.array([0.1, 0.2, 0.3])
    s.weighted_sum(x=x, w=w, b=b)
    expect_unchanged(s)


@suite.test("weighted_sum: mismatched x and w raise ValueError", points=1)
def _(s, ref):
    with expect_raises("ValueError"):
        s.weighted_sum(x=np.ones(3), w=np.ones((4, 2)), b=0.0)


# ---------------------------------------------------------------- sigmoid

@suite.test("sigmoid: the notes' neuron z = 1.1 gives about 0.75", points=1, visibility="visible")
def _(s, ref):
    got = s.sigmoid(z=1.1)
    expect_close(got, ref.sigmoid(1.1), mistakes={
        "sign error: sigmoid(z) = 1 / (1 + exp(-z)), not 1 / (1 + exp(z))": ref.sigmoid(-1.1)})


@suite.test("sigmoid: stable at z = -1000 and 1000 with no overflow warning", points=2, visibility="visible")
def _(s, ref):
    z = np.array([-1000.0, -745.0, -50.0, 0.0, 50.0, 1000.0])
    got = s.sigmoid(z=z)
    with quiet():
        exp_ratio = np.exp(z) / (1.0 + np.exp(z))
    expect_close(got, ref.sigmoid(z), mistakes={
        "exp(z) / (1 + exp(z)) overflows for large positive z (inf / inf is nan): "
        "split by the sign of z": exp_ratio})
    expect_no_warning(s, "sigmoid(z=[-1000, ...])",
                      "1 / (1 + np.exp(-z)) overflows for z < -709: only exponentiate -|z| "
                      "(use exp(z) / (1 + exp(z)) for negative z, selected with a mask)")


@suite.property("sigmoid: matches 1 / (1 + exp(-z)) for |z| up to 1e4, any shape",
                strategy=inputs(), points=3, max_examples=30)
def _(s, ref, z):
    got = s.sigmoid(z=z)
    expect_close(got, ref.sigmoid(z), check_dtype=False, mistakes={
        "sign error: sigmoid(z) = 1 / (1 + exp(-z)), not 1 / (1 + exp(z))": ref.sigmoid(-f64(z))})


@suite.test("sigmoid: returns float64 of the input's shape for scalars, lists and int arrays", points=1)
def _(s, ref):
    for z in (0, [[1, -2, 3]], np.arange(-3, 3).reshape(3, 2, 1)):
        expect_float64_shape(s.sigmoid(z=z), ref.sigmoid(z))


# ---------------------------------------------------------------- sigmoid_derivative

def _sigmoid_derivative_mistakes(ref, z):
    z = f64(z)
    return {"evaluated at sigmoid(z): the argument is the pre-activation z, compute s = sigmoid(z) once":
            ref.sigmoid_derivative(ref.sigmoid(z)),
            "z * (1 - z) expects the sigmoid's output; here the argument is z itself: use s * (1 - s) "
            "with s = sigmoid(z)": z * (1.0 - z)}


@suite.test("sigmoid_derivative: evaluated at the pre-activation z (0.25 at z = 0)",
            points=2, visibility="visible")
def _(s, ref):
    z = np.array([-2.0, 0.0, 1.1, 3.0])
    got = s.sigmoid_derivative(z=z)
    expect_close(got, ref.sigmoid_derivative(z), mistakes=_sigmoid_derivative_mistakes(ref, z))


@suite.test("sigmoid_derivative: 0 at z = -1000 and 1000 (vanishing gradient) with no warning", points=1)
def _(s, ref):
    z = np.array([-1000.0, -40.0, 0.0, 40.0, 1000.0])
    got = s.sigmoid_derivative(z=z)
    with quiet():
        mistakes = _sigmoid_derivative_mistakes(ref, z)
    expect_close(got, ref.sigmoid_derivative(z), mistakes=mistakes)
    expect_no_warning(s, "sigmoid_derivative(z=[-1000, ...])",
                      "reuse your stable sigmoid: s = sigmoid(z); return s * (1 - s)")


@suite.property("sigmoid_derivative: matches sigmoid(z) * (1 - sigmoid(z)) for |z| up to 1e4",
                strategy=inputs(), points=2, max_examples=25)
def _(s, ref, z):
    got = s.sigmoid_derivative(z=z)
    with quiet():
        mistakes = _sigmoid_derivative_mistakes(ref, z)
    expect_close(got, ref.sigmoid_derivative(z), check_dtype=False, mistakes=mistakes)


# ---------------------------------------------------------------- tanh

@suite.test("tanh: values at 0, ±1.1 and ±1000 with no overflow warning", points=1, visibility="visible")
def _(s, ref):
    z = np.array([-1000.0, -1.1, 0.0, 1.1, 1000.0])
    got = s.tanh(z=z)
    with quiet():
        naive = (np.exp(z) - np.exp(-z)) / (np.exp(z) + np.exp(-z))
    expect_close(got, ref.tanh(z), mistakes={
        "(e^z - e^-z) / (e^z + e^-z) overflows for large |z|: use np.tanh": naive})
    expect_no_warning(s, "tanh(z=[-1000, ...])", "np.tanh is stable; do not evaluate exp(|z|) for large |z|")


@suite.property("tanh: matches the reference for |z| up to 1e4, any shape", strategy=inputs(),
                points=1, max_examples=15)
def _(s, ref, z):
    expect_close(s.tanh(z=z), ref.tanh(z), check_dtype=False)


# ---------------------------------------------------------------- tanh_derivative

def _tanh_derivative_mistakes(ref, z):
    z = f64(z)
    return {"evaluated at tanh(z): the argument is the pre-activation z, use 1 - tanh(z)**2":
            ref.tanh_derivative(ref.tanh(z)),
            "1 - z**2 expects tanh's output; here the argument is z itself: use 1 - tanh(z)**2":
            1.0 - z * z}


@suite.test("tanh_derivative: 1 - tanh(z)**2 at the pre-activation z (1 at z = 0)",
            points=1, visibility="visible")
def _(s, ref):
    z = np.array([-1000.0, -2.0, 0.0, 0.5, 1.1])
    got = s.tanh_derivative(z=z)
    expect_close(got, ref.tanh_derivative(z), mistakes=_tanh_derivative_mistakes(ref, z))


@suite.property("tanh_derivative: matches 1 - tanh(z)**2 for |z| up to 1e4", strategy=inputs(),
                points=2, max_examples=20)
def _(s, ref, z):
    got = s.tanh_derivative(z=z)
    with quiet():
        mistakes = _tanh_derivative_mistakes(ref, z)
    expect_close(got, ref.tanh_derivative(z), check_dtype=False, mistakes=mistakes)


# ---------------------------------------------------------------- relu

@suite.test("relu: 0 for negative z, z for positive z", points=1, visibility="visible")
def _(s, ref):
    z = np.array([-2.0, -0.5, 0.0, 0.5, 3.0])
    got = s.relu(z=z)
    expect_close(got, ref.relu(z), mistakes={
        "np.max reduces over the array: use the elementwise np.maximum(z, 0)": np.max(z)})


@suite.property("relu: matches max(z, 0) elementwise for |z| up to 1e4, any shape",
                strategy=inputs(elements=with_zeros()), points=2, max_examples=15)
def _(s, ref, z):
    expect_close(s.relu(z=z), ref.relu(z), check_dtype=False)


@suite.test("relu: returns float64 for int input", points=1)
def _(s, ref):
    z = np.array([[-3, 0, 2], [5, -1, 7]])
    expect_float64_shape(s.relu(z=z), ref.relu(z),
                         hint="np.maximum keeps the int dtype: convert first with np.asarray(z, dtype=float)")


@suite.test("relu: leaves its input unchanged", points=1)
def _(s, ref):
    s.relu(z=np.array([[-1.5, 2.0], [0.0, -3.0]]))
    expect_unchanged(s)


# ---------------------------------------------------------------- relu_derivative

@suite.test("relu_derivative: 1 for z > 0 and 0 for z <= 0, including z = 0",
            points=2, visibility="visible")
def _(s, ref):
    z = np.array([-2.0, 0.0, 0.5, 3.0])
    got = s.relu_derivative(z=z)
    expect_close(got, ref.relu_derivative(z), check_dtype=False, mistakes={
        "relu_derivative uses z >= 0: at z = 0 the derivative is 0.0 (z > 0 only)": (z >= 0).astype(float)})


@suite.property("relu_derivative: matches the reference for any shape, exact zeros included",
                strategy=inputs(elements=with_zeros()), points=2, max_examples=15)
def _(s, ref, z):
    expect_close(s.relu_derivative(z=z), ref.relu_derivative(z), check_dtype=False, mistakes={
        "relu_derivative uses z >= 0: at z = 0 the derivative is 0.0 (z > 0 only)":
            (f64(z) >= 0).astype(float)})


@suite.test("relu_derivative: returns float64 0.0/1.0, not booleans or ints", points=1)
def _(s, ref):
    z = np.array([-1.0, 2.0, 0.5])
    expect_float64_shape(s.relu_derivative(z=z), ref.relu_derivative(z),
                         hint="z > 0 is a boolean array: convert it with .astype(float)")


# ---------------------------------------------------------------- leaky_relu

@suite.test("leaky_relu: alpha * z for z <= 0 (default alpha 0.01, the notes' alpha 0.1)",
            points=1, visibility="visible")
def _(s, ref):
    z = np.array([-10.0, -1.0, 0.0, 5.0])
    got = s.leaky_relu(z=z)
    expect_close(got, ref.leaky_relu(z), mistakes={
        "the default alpha is 0.01 (the notes' max(0.1x, x) is alpha=0.1)": ref.leaky_relu(z, 0.1),
        "negative inputs must be scaled by alpha, not set to 0 (that is relu)": ref.relu(z)})
    got = s.leaky_relu(z=z, alpha=0.1)
    expect_close(got, ref.leaky_relu(z, 0.1), mistakes={"the alpha argument is ignored": ref.leaky_relu(z)})


@suite.property("leaky_relu: matches the reference for any alpha in [0, 1] and |z| up to 1e4",
                strategy=st.tuples(inputs(elements=with_zeros()),
                                   st.none() | st.sampled_from([0.0, 0.2, 1.0]) | st.floats(0.0, 1.0)),
                points=2, max_examples=25)
def _(s, ref, case):
    z, alpha = case
    got = s.leaky_relu(**kw(z=z, alpha=alpha))
    expected = ref.leaky_relu(z) if alpha is None else ref.leaky_relu(z, alpha)
    expect_close(got, expected, check_dtype=False, mistakes={"the alpha argument is ignored": ref.leaky_relu(z)})


@suite.test("leaky_relu: leaves its input unchanged", points=1)
def _(s, ref):
    s.leaky_relu(z=np.array([-4.0, 1.0, -0.5, 2.0]), alpha=0.1)
    expect_unchanged(s)


# ---------------------------------------------------------------- elu

@suite.test("elu: stable for z = 1e4 with no overflow warning", points=2, visibility="visible")
def _(s, ref):
    z = np.array([-1e4, -1.0, 0.0, 2.0, 1e4])
    got = s.elu(z=z)
    expect_close(got, ref.elu(z))
    expect_no_warning(s, "elu(z=[..., 1e4])",
                      "np.where evaluates both branches: np.exp(z) overflows for z = 1e4 even where "
                      "it is not selected; use np.exp(np.minimum(z, 0)) or np.expm1")


@suite.property("elu: matches the reference for alpha in [0.1, 3] and |z| up to 1e4",
                strategy=st.tuples(inputs(elements=with_zeros()), st.none() | st.floats(0.1, 3.0)),
                points=2, max_examples=25)
def _(s, ref, case):
    z, alpha = case
    got = s.elu(**kw(z=z, alpha=alpha))
    a = 1.0 if alpha is None else alpha
    Z = f64(z)
    with quiet():
        mistakes = {"the alpha argument is ignored": ref.elu(z),
                    "alpha multiplies exp(z) - 1 as a whole: alpha * (exp(z) - 1)":
                        np.where(Z >= 0, Z, a * np.exp(Z) - 1.0)}
    expect_close(got, ref.elu(z, a), check_dtype=False, mistakes=mistakes)


# ---------------------------------------------------------------- softmax

def _naive_softmax(z, axis=-1):
    with quiet():
        e = np.exp(f64(z))
        return e / e.sum(axis=axis, keepdims=True)


def _global_shift_softmax(z, axis=-1):
    z = f64(z)
    with quiet():
        e = np.exp(z - z.max())
        return e / e.sum(axis=axis, keepdims=True)


@suite.test("softmax: the notes' table [-5, -3, 0, 2, 5]", points=2, visibility="visible")
def _(s, ref):
    z = [-5, -3, 0, 2, 5]
    got = s.softmax(z=z)
    expect_float64(got)
    expect_close(got, ref.softmax(z), mistakes={
        "the outputs must be exp(z) normalised by their sum, not the sigmoid of each entry": ref.sigmoid(z)})


@suite.property("softmax: stable for |z| up to 1e4", strategy=st.one_of(matrices(1e4, 4, 5),
                                                                         arrays(magnitude=1e4, max_dims=1)),
                points=3, max_examples=30)
def _(s, ref, z):
    expect_close(s.softmax(z=z), ref.softmax(z), mistakes={
        "softmax is not shifted by its row maximum": _naive_softmax(z),
        "softmax is shifted by the maximum of the whole array, not of each row: "
        "use z.max(axis=axis, keepdims=True)": _global_shift_softmax(z)})


@suite.property("softmax: sums to 1 along the given axis", strategy=softmax_axis_cases(),
                points=2, max_examples=25)
def _(s, ref, case):
    z, axis = case
    got = s.softmax(z=z, axis=axis)
    z_max = z.max()
    with quiet():
        whole = np.exp(z - z_max) / np.exp(z - z_max).sum()
    expect_close(got, ref.softmax(z, axis), mistakes={
        "the axis argument is ignored (always the last axis)": ref.softmax(z, -1),
        "normalised over the whole array instead of along axis": whole})


@suite.test("softmax: an int list and a (1, k) int row give float64 probabilities", points=1)
def _(s, ref):
    for z in ([3, 1, 0], np.array([[2, 2, 1, -1]])):
        expect_float64_shape(s.softmax(z=z), ref.softmax(z))


@suite.test("softmax: leaves its input unchanged", points=1)
def _(s, ref):
    s.softmax(z=np.array([[1.0, 2.0, 3.0], [-1.0, 0.0, 4.0]]))
    expect_unchanged(s)


# ---------------------------------------------------------------- neuron_output

@suite.test("neuron_output: the notes' neuron gives sigmoid(1.1), about 0.75", points=1, visibility="visible")
def _(s, ref):
    x, w, b = [1, 2, 3], [0.5, -1, 0.8], 0.2
    got = s.neuron_output(x=x, w=w, b=b)
    expect_close(got, ref.neuron_output(x, w, b), mistakes={
        "the activation is not applied (this is the weighted sum)": ref.weighted_sum(x, w, b)})


@suite.property("neuron_output: every activation matches the reference on vectors and batches",
                strategy=neuron_cases(), points=3, max_examples=30)
def _(s, ref, case):
    x, w, b, activation = case
    got = s.neuron_output(x=x, w=w, b=b, activation=activation)
    z = ref.weighted_sum(x, w, b)
    mistakes = {"the activation is not applied (this is the weighted sum)": z}
    if activation == "leaky_relu":
        mistakes["use leaky_relu's default alpha = 0.01"] = ref.leaky_relu(z, 0.1)
    scale = float(np.max(np.abs(f64(x)) @ np.abs(f64(w)) + np.abs(f64(b)), initial=1.0))
    expect_close(got, ref.neuron_output(x, w, b, activation), check_dtype=False, atol=1e-12 * scale,
                 mistakes=mistakes)


@suite.test("neuron_output: an unknown activation raises ValueError naming activation",
            points=2, visibility="visible")
def _(s, ref):
    for bad in ("softmax", "step", "Sigmoid ", None):
        with expect_raises("ValueError", mentions=("activation",)):
            s.neuron_output(x=[1.0, 2.0], w=[0.5, -0.5], b=0.0, activation=bad)


# ---------------------------------------------------------------- mse

def _mse_mistakes(y, p):
    y, p = f64(y), f64(p)
    d = y - p
    return {"sum instead of mean: divide by the number of elements": float(np.sum(d * d)),
            "this is the root of the mean squared error: do not take the square root":
                float(np.sqrt(np.mean(d * d))),
            "no factor 1/2 in mse (that is mlp.mse_loss)": float(0.5 * np.mean(d * d)),
            "square the errors, not their absolute values": float(np.mean(np.abs(d)))}


@suite.test("mse: mean of squared errors as a float", points=2, visibility="visible")
def _(s, ref):
    y, p = [[1, 2], [3, 4]], [[1.5, 2.0], [2.0, 6.0]]
    got = s.mse(y_true=y, y_pred=p)
    expect_close(got, ref.mse(y, p), mistakes=_mse_mistakes(y, p))


@suite.property("mse: matches the reference on arrays of any shape", strategy=loss_pairs("mse"),
                points=2, max_examples=25)
def _(s, ref, case):
    y, p, _ = case
    got = s.mse(y_true=y, y_pred=p)
    expect_close(got, ref.mse(y, p), mistakes=_mse_mistakes(y, p))


@suite.test("mse: shape mismatch (m,) against (m, 1) raises ValueError", points=1, visibility="visible")
def _(s, ref):
    with expect_raises("ValueError", mentions=("y_true", "y_pred"),
                       hint="(m,) against (m, 1) broadcasts to (m, m): compare the shapes and raise ValueError"):
        s.mse(y_true=np.array([1.0, 0.0, 1.0]), y_pred=np.array([[0.9], [0.2], [0.7]]))


# ---------------------------------------------------------------- binary_cross_entropy

def _bce(y, p, eps=1e-12, clip=True, log=np.log):
    y, p = f64(y), f64(p)
    with quiet():
        if clip:
            p = np.clip(p, eps, 1 - eps)
        return float(np.mean(-(y * log(p) + (1 - y) * log(1 - p))))


def _bce_mistakes(y, p, eps):
    e = 1e-12 if eps is None else eps
    y, p = f64(y), f64(p)
    with quiet():
        return {"y_pred is not clipped to [eps, 1 - eps] before the log": _bce(y, p, clip=False),
                "y_pred is clipped only from below: clip to [eps, 1 - eps]":
                    float(np.mean(-(y * np.log(np.clip(p, e, 1)) + (1 - y) * np.log(1 - np.clip(p, e, 1))))),
                "the eps argument is ignored": _bce(y, p),
                "use the natural logarithm (np.log)": _bce(y, p, e, log=np.log2),
                "sum instead of mean: divide by the number of elements": _bce(y, p, e) * y.size,
                "the loss is -(y log p + (1 - y) log(1 - p)): check the sign": -_bce(y, p, e)}


@suite.test("binary_cross_entropy: the notes' formula on a small batch", points=2, visibility="visible")
def _(s, ref):
    y, p = [1, 0, 1, 0], [0.9, 0.1, 0.6, 0.3]
    got = s.binary_cross_entropy(y_true=y, y_pred=p)
    expect_close(got, ref.binary_cross_entropy(y, p), mistakes=_bce_mistakes(y, p, None))


@suite.test("binary_cross_entropy: finite at p = 0 and p = 1 (clipped to [eps, 1 - eps])",
            points=2, visibility="visible")
def _(s, ref):
    y, p = np.array([1.0, 0.0, 1.0, 0.0]), np.array([0.0, 1.0, 1.0, 0.0])
    got = s.binary_cross_entropy(y_true=y, y_pred=p)
    expect_close(got, ref.binary_cross_entropy(y, p), rtol=1e-4, mistakes=_bce_mistakes(y, p, None))


@suite.property("binary_cross_entropy: matches the reference for hard and soft targets and any eps",
                strategy=loss_pairs("bce"), points=3, max_examples=30)
def _(s, ref, case):
    y, p, eps = case
    got = s.binary_cross_entropy(**kw(y_true=y, y_pred=p, eps=eps))
    expected = ref.binary_cross_entropy(y, p) if eps is None else ref.binary_cross_entropy(y, p, eps)
    expect_close(got, expected, rtol=1e-5, mistakes=_bce_mistakes(y, p, eps))


@suite.test("binary_cross_entropy: shape mismatch raises ValueError", points=1)
def _(s, ref):
    with expect_raises("ValueError", mentions=("y_true", "y_pred")):
        s.binary_cross_entropy(y_true=np.array([1.0, 0.0]), y_pred=np.array([[0.9], [0.2]]))


@suite.test("binary_cross_entropy: leaves y_true and y_pred unchanged", points=1)
def _(s, ref):
    y, p = np.array([1.0, 0.0, 1.0]), np.array([0.0, 1.0, 0.5])
    s.binary_cross_entropy(y_true=y, y_pred=p)
    expect_unchanged(s)


# ---------------------------------------------------------------- categorical_cross_entropy

def _cce_mistakes(y, p, eps):
    e = 1e-12 if eps is None else eps
    y, p = f64(y), f64(p)
    with quiet():
        per_elem = -(y * np.log(np.clip(p, e, 1.0)))
        return {"averaged over the k classes too: sum over classes, then average over samples":
                    float(np.mean(per_elem)),
                "sum over samples instead of the mean over samples": float(np.sum(per_elem)),
                "y_pred is not clipped to [eps, 1] before the log": float(np.mean(-np.sum(y * np.log(p), axis=-1))),
                "the eps argument is ignored": float(np.mean(-np.sum(y * np.log(np.clip(p, 1e-12, 1.0)), axis=-1)))}


@suite.test("categorical_cross_entropy: one-hot rows, mean over samples", points=2, visibility="visible")
def _(s, ref):
    y = [[0, 1, 0], [0, 0, 1]]
    p = [[0.2, 0.7, 0.1], [0.0538, 0.0001, 0.9461]]
    got = s.categorical_cross_entropy(y_true=y, y_pred=p)
    expect_close(got, ref.categorical_cross_entropy(y, p), mistakes=_cce_mistakes(y, p, None))


@suite.property("categorical_cross_entropy: matches the reference on one-hot (m, k) batches",
                strategy=cce_cases(), points=3, max_examples=30)
def _(s, ref, case):
    y, p, eps = case
    got = s.categorical_cross_entropy(**kw(y_true=y, y_pred=p, eps=eps))
    expected = ref.categorical_cross_entropy(y, p) if eps is None else ref.categorical_cross_entropy(y, p, eps)
    expect_close(got, expected, rtol=1e-5, mistakes=_cce_mistakes(y, p, eps))


@suite.test("categorical_cross_entropy: finite when the true class has p = 0", points=1)
def _(s, ref):
    y, p = np.array([[1.0, 0.0], [0.0, 1.0]]), np.array([[0.0, 1.0], [0.5, 0.5]])
    got = s.categorical_cross_entropy(y_true=y, y_pred=p)
    expect_close(got, ref.categorical_cross_entropy(y, p), rtol=1e-4, mistakes=_cce_mistakes(y, p, None))


@suite.test("categorical_cross_entropy: shape mismatch raises ValueError", points=1)
def _(s, ref):
    with expect_raises("ValueError", mentions=("y_true", "y_pred")):
        s.categorical_cross_entropy(y_true=np.eye(3), y_pred=np.full((3, 1), 1.0))


@suite.test("categorical_cross_entropy: leaves y_true and y_pred unchanged", points=1)
def _(s, ref):
    y, p = np.array([[1.0, 0.0, 0.0]]), np.array([[0.0, 0.3, 0.7]])
    s.categorical_cross_entropy(y_true=y, y_pred=p)
    expect_unchanged(s)
