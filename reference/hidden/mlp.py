"""Hidden tests of exercises/mlp.py: initialisation, forward pass, MSE loss,
backpropagation, gradient-descent training and the numerical gradient.

Every expected value is computed here, in the trusted parent, by the
reference (``ref`` = reference.mlp); the known wrong answers offered as hints
("mistakes") are computed here too, by the small variant implementations
below.  Student code only ever receives inputs.
"""
from __future__ import annotations

import numpy as np
from hypothesis import strategies as st

from grader.testing.helpers import (Failure, Fn, Rng, Suite, as_array, as_function, changed_in_place, expect,
                                    expect_close, expect_dict_close, expect_raises, expect_tuple, expect_unchanged,
                                    seeds)

suite = Suite("mlp", one_call=True)  # property tests: one call per case, then checks

ACTIVATIONS = ("sigmoid", "tanh", "relu", "leaky_relu", "elu", "linear")
METHODS = ("zeros", "random", "xavier", "he")

IN_PLACE = "input array modified in place: build new arrays (W - lr * dW) in a new dict"

# ---------------------------------------------------------------- fixed data

# 001, "Multi-Layer Perceptron Learning -- Solved Example": w_ij is W[i, j].
X_421 = np.array([[1.0, 1.0, 0.0, 1.0]])
Y_421 = np.array([[1.0]])


def _params_421():
    return {"W1": np.array([[0.3, 0.1], [-0.2, 0.4], [0.2, -0.3], [0.1, 0.4]]),
            "b1": np.array([0.2, 0.1]),
            "W2": np.array([[-0.3], [0.2]]),
            "b2": np.array([-0.3])}


# 000, the 2-2-2 walk-through: the hidden layer as printed; the output layer
# (lost with a picture) rebuilt so that in_o1 = 1.3415 and in_o2 = 1.1546.
X_222 = np.array([[0.1, 0.05]])
Y_222 = np.array([[0.02, 0.98]])
_H = 0.5866 + 0.5812


def _params_222():
    return {"W1": np.array([[0.25, 0.2], [0.5, 0.15]]), "b1": np.array([0.3, 0.3]),
            "W2": np.array([[(1.3415 - 0.6) / _H, (1.1546 - 0.6) / _H],
                            [(1.3415 - 0.6) / _H, (1.1546 - 0.6) / _H]]),
            "b2": np.array([0.6, 0.6])}


X_XOR = np.array([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]])
Y_XOR = np.array([[0.0], [1.0], [1.0], [0.0]])


# ---------------------------------------------------------------- variants (for hints)

def _sig(z):
    return np.exp(-np.logaddexp(0.0, -z))


_F = {
    "sigmoid": (_sig, lambda z: _sig(z) * _sig(-z)),
    "tanh": (np.tanh, lambda z: 1.0 - np.tanh(z) ** 2),
    "relu": (lambda z: np.where(z > 0, z, 0.0), lambda z: np.where(z > 0, 1.0, 0.0)),
    "leaky_relu": (lambda z: np.where(z > 0, z, 0.01 * z), lambda z: np.where(z > 0, 1.0, 0.01)),
    "elu": (lambda z: np.where(z >= 0, z, np.expm1(np.minimum(z, 0.0))),
            lambda z: np.where(z >= 0, 1.0, np.exp(np.minimum(z, 0.0)))),
    "linear": (lambda z: np.array(z, dtype=float), lambda z: np.ones_like(z)),
}


def _n_layers(params):
    return len([k for k in params if k.startswith("W")])


def _variant_grads(X, Y, params, hidden, output, *, deriv="z", scale=1.0, db_axis=0,
                   skip_hidden_deriv=False, skip_output_deriv=False):
    """Backprop as the reference does it, or with one known mistake."""
    L = _n_layers(params)
    A, As, Zs = np.asarray(X, float), [np.asarray(X, float)], []
    for l in range(1, L + 1):
        Z = A @ params[f"W{l}"] + params[f"b{l}"]
        A = _F[output if l == L else hidden][0](Z)
        Zs.append(Z)
        As.append(A)
    m = A.shape[0]
    dA = (A - Y) / m * scale
    grads = {}
    for l in range(L, 0, -1):
        name = output if l == L else hidden
        d = _F[name][1](As[l] if deriv == "a" else Zs[l - 1])
        if (l == L and skip_output_deriv) or (l < L and skip_hidden_deriv):
            d = np.ones_like(d)
        dZ = dA * d
        grads[f"dW{l}"] = As[l - 1].T @ dZ
        grads[f"db{l}"] = dZ.sum(axis=db_axis)
        dA = dZ @ params[f"W{l}"].T
    return grads


def _grad_mistakes(X, Y, params, hidden, output):
    """hint -> wrong gradients dict."""
    g = _variant_grads(X, Y, params, hidden, output)
    return {
        "gradient sign flipped: dA_L = (A - Y) / m, not (Y - A) / m": {k: -v for k, v in g.items()},
        "derivative evaluated at the activation instead of z: use f'(Z), e.g. A * (1 - A) for sigmoid":
            _variant_grads(X, Y, params, hidden, output, deriv="a"),
        "the 1/m factor is missing: the loss is averaged over the m samples":
            _variant_grads(X, Y, params, hidden, output, scale=m_of(X)),
        "the 1/m factor is applied twice":
            _variant_grads(X, Y, params, hidden, output, scale=1.0 / m_of(X)),
        "the output layer's activation derivative is missing (dZ_L = dA_L * f'(Z_L))":
            _variant_grads(X, Y, params, hidden, output, skip_output_deriv=True),
        "the hidden layers' activation derivative is missing (dZ_l = dA_l * f'(Z_l))":
            _variant_grads(X, Y, params, hidden, output, skip_hidden_deriv=True),
        "hidden and output activations swapped in backward":
            _variant_grads(X, Y, params, output, hidden),
        "db summed over the wrong axis: db_l = dZ_l.sum(axis=0), one entry per unit":
            _variant_grads(X, Y, params, hidden, output, db_axis=1),
    }


def m_of(X):
    return np.asarray(X).shape[0]


def _random_net(seed, sizes, m, x_scale=1.0, w_scale=1.0):
    rng = np.random.default_rng(seed)
    params = {}
    for l in range(1, len(sizes)):
        params[f"W{l}"] = rng.normal(0.0, w_scale, (sizes[l - 1], sizes[l]))
        params[f"b{l}"] = rng.normal(0.0, w_scale, sizes[l])
    X = rng.normal(0.0, x_scale, (m, sizes[0]))
    Y = rng.uniform(0.0, 1.0, (m, sizes[-1]))
    return X, Y, params


def _copy(params):
    return {k: np.array(v, copy=True) for k, v in params.items()}


# ---------------------------------------------------------------- known mistakes

def _step_mistakes(X, Y, params, lr, hidden, output):
    g = _variant_grads(X, Y, params, hidden, output)
    out = {
        "gradient sign flipped (w + lr*dw): gradient descent steps against the gradient":
            {k: params[k] + lr * g["d" + k] for k in params},
        "bias never updated: b_l <- b_l - lr * db_l too":
            {k: (params[k] - lr * g["d" + k]) if k.startswith("W") else params[k] for k in params},
        "weights never updated, only the biases":
            {k: (params[k] - lr * g["d" + k]) if k.startswith("b") else params[k] for k in params},
        "the learning rate is not applied (W - dW)": {k: params[k] - g["d" + k] for k in params},
    }
    for hint, grads in _grad_mistakes(X, Y, params, hidden, output).items():
        if "db summed" in hint:
            continue
        out["backward: " + hint] = {k: params[k] - lr * grads["d" + k] for k in params}
    return out


def _forward_mistakes(ref, X, params, hidden, output):
    zero_b = {k: (np.zeros_like(v) if k.startswith("b") else v) for k, v in params.items()}
    return {
        "the output layer uses hidden_activation instead of output_activation":
            ref.forward(X, params, hidden, hidden)[0],
        "the hidden layers use output_activation instead of hidden_activation":
            ref.forward(X, params, output, output)[0],
        "hidden_activation and output_activation swapped": ref.forward(X, params, output, hidden)[0],
        "no activation applied to the output layer": ref.forward(X, params, hidden, "linear")[0],
        "the biases are not added (Z = A @ W + b)": ref.forward(X, zero_b, hidden, output)[0],
    }


# ================================================================ init_weights

def _init_mistakes(n_in, n_out, method, seed):
    r = lambda: np.random.default_rng(seed)  # noqa: E731
    size, a = (n_in, n_out), np.sqrt(6.0 / (n_in + n_out))
    out = {f"drew an (n_out, n_in) = ({n_out}, {n_in}) matrix and transposed it: draw size (n_in, n_out)":
           _transposed_draw(n_in, n_out, method, seed)}
    if method == "random":
        out["'random' is rng.uniform(-0.5, 0.5, size) (001: random weights in [-0.5, +0.5]), not U(-1, 1)"] = \
            r().uniform(-1.0, 1.0, size)
        out["'random' is rng.uniform(-0.5, 0.5, size), not rng.random(size) in [0, 1)"] = r().random(size)
        out["'random' is uniform in [-0.5, 0.5], not normal"] = r().normal(0.0, 1.0, size)
    elif method == "xavier":
        out["xavier uses a = sqrt(6 / (n_in + n_out)), not sqrt(6 / n_in)"] = \
            r().uniform(-np.sqrt(6.0 / n_in), np.sqrt(6.0 / n_in), size)
        out["xavier uses a = sqrt(6 / (n_in + n_out)), not sqrt(1 / n_in)"] = \
            r().uniform(-np.sqrt(1.0 / n_in), np.sqrt(1.0 / n_in), size)
        out["xavier here is the uniform version rng.uniform(-a, a, size), not Glorot-normal"] = \
            r().normal(0.0, np.sqrt(2.0 / (n_in + n_out)), size)
        out["xavier is rng.uniform(-a, a, size) with a = sqrt(6 / (n_in + n_out)), not [-a/2, a/2]"] = \
            r().uniform(-a / 2, a / 2, size)
    elif method == "he":
        out["rng.normal's second argument is the standard deviation: scale = sqrt(2 / n_in), not 2 / n_in"] = \
            r().normal(0.0, 2.0 / n_in, size)
        out["he uses scale = sqrt(2 / n_in), not sqrt(1 / n_in)"] = r().normal(0.0, np.sqrt(1.0 / n_in), size)
        out["he uses the fan-in n_in: scale = sqrt(2 / n_in), not sqrt(2 / n_out)"] = \
            r().normal(0.0, np.sqrt(2.0 / n_out), size)
        out["he is normal, rng.normal(0, sqrt(2 / n_in), size), not uniform"] = \
            r().uniform(-np.sqrt(2.0 / n_in), np.sqrt(2.0 / n_in), size)
    return out


def _transposed_draw(n_in, n_out, method, seed):
    r = np.random.default_rng(seed)
    size = (n_out, n_in)
    if method == "random":
        return r.uniform(-0.5, 0.5, size).T
    if method == "xavier":
        a = np.sqrt(6.0 / (n_in + n_out))
        return r.uniform(-a, a, size).T
    if method == "he":
        return r.normal(0.0, np.sqrt(2.0 / n_in), size).T
    return np.zeros((n_in, n_out))


def _check_init(s, ref, n_in, n_out, method, seed):
    got = s.init_weights(n_in=n_in, n_out=n_out, method=method, rng=Rng(seed))
    expected = ref.init_weights(n_in, n_out, method, np.random.default_rng(seed))
    expect_close(got, expected, rtol=1e-12, atol=1e-15,
                 mistakes=_init_mistakes(n_in, n_out, method, seed),
                 hint="use exactly the documented call, once, with size=(n_in, n_out)")
    expect(as_array(got).dtype == np.float64, f"the weights should be float64, got {as_array(got).dtype}")


@suite.test("init_weights: 'zeros' is an all-zero float64 (n_in, n_out) matrix", points=1, visibility="visible")
def _(s, ref):
    _check_init(s, ref, 4, 2, "zeros", 0)
    _check_init(s, ref, 1, 5, "zeros", 0)


@suite.test("init_weights: 'random', 'xavier' and 'he' equal the reference for the same Rng seed",
            points=2, visibility="visible")
def _(s, ref):
    for method, (n_in, n_out), seed in (("random", (4, 2), 0), ("xavier", (4, 2), 1),
                                        ("xavier", (3, 5), 2), ("he", (3, 4), 3), ("he", (6, 2), 4)):
        _check_init(s, ref, n_in, n_out, method, seed)


@suite.property("init_weights: equals the reference for any sizes, method and seed",
                strategy=st.tuples(st.integers(1, 9), st.integers(1, 9), st.sampled_from(METHODS), seeds()),
                points=2, max_examples=20)
def _(s, ref, case):
    _check_init(s, ref, *case)


@suite.test("init_weights: distributions have the documented range and spread (400 x 300)", points=2)
def _(s, ref):
    n_in, n_out = 400, 300
    for method, seed in (("random", 11), ("xavier", 12), ("he", 13)):
        w = as_array(s.init_weights(n_in=n_in, n_out=n_out, method=method, rng=Rng(seed)))
        expect(w.shape == (n_in, n_out), f"shape should be ({n_in}, {n_out}), got {w.shape}")
        expect(bool(np.all(np.isfinite(w))), "the weights contain nan or inf")
        if method == "random":
            lo, hi, std, what = -0.5, 0.5, np.sqrt(1.0 / 12.0), "U(-0.5, 0.5)"
        elif method == "xavier":
            a = np.sqrt(6.0 / (n_in + n_out))
            lo, hi, std, what = -a, a, a / np.sqrt(3.0), f"U(-a, a), a = sqrt(6 / (n_in + n_out)) = {a:.4f}"
        else:
            lo, hi, std, what = -np.inf, np.inf, np.sqrt(2.0 / n_in), f"N(0, sqrt(2 / n_in) = {np.sqrt(2 / n_in):.4f})"
        expect(bool(w.min() >= lo and w.max() <= hi),
               f"'{method}' weights leave the range [{lo:.4f}, {hi:.4f}]",
               got=f"min {w.min():.4f}, max {w.max():.4f}", expected=what)
        expect(abs(w.mean()) < 0.05 * std, f"'{method}' weights should have mean about 0",
               got=f"mean {w.mean():.4f}", expected=what)
        expect(abs(w.std() / std - 1.0) < 0.05, f"'{method}' weights have the wrong spread",
               got=f"standard deviation {w.std():.4f}", expected=f"{std:.4f} for {what}",
               hint="check the scale: rng.normal takes the standard deviation, rng.uniform the bounds")


@suite.test("init_weights: an unknown method raises ValueError naming 'method'", points=1, visibility="visible")
def _(s, ref):
    for bad in ("glorot_normal", "uniform", ""):
        with expect_raises("ValueError", mentions="method"):
            s.init_weights(n_in=3, n_out=2, method=bad, rng=Rng(0))


# ================================================================ init_params

@suite.test("init_params: (4, 2, 1) gives W1 (4, 2), b1 (2,), W2 (2, 1), b2 (1,) with zero biases",
            points=1, visibility="visible")
def _(s, ref):
    got = s.init_params(layer_sizes=(4, 2, 1), method="random", rng=Rng(0))
    expected = ref.init_params((4, 2, 1), "random", np.random.default_rng(0))
    expect_dict_close(got, expected, "params", rtol=1e-12, atol=1e-15,
                mistakes={"biases drawn from the rng too: biases are zeros and draw nothing":
                          _biases_drawn((4, 2, 1), "random", 0)})


def _biases_drawn(sizes, method, seed):
    rng = np.random.default_rng(seed)
    out = {}
    for l in range(1, len(sizes)):
        out[f"W{l}"] = _draw(sizes[l - 1], sizes[l], method, rng)
        out[f"b{l}"] = _draw(1, sizes[l], method, rng).ravel()
    return out


def _draw(n_in, n_out, method, rng):
    size = (n_in, n_out)
    if method == "random":
        return rng.uniform(-0.5, 0.5, size)
    if method == "xavier":
        a = np.sqrt(6.0 / (n_in + n_out))
        return rng.uniform(-a, a, size)
    if method == "he":
        return rng.normal(0.0, np.sqrt(2.0 / n_in), size)
    return np.zeros(size)


def _reversed_order(sizes, method, seed):
    rng = np.random.default_rng(seed)
    out = {}
    for l in range(len(sizes) - 1, 0, -1):
        out[f"W{l}"] = _draw(sizes[l - 1], sizes[l], method, rng)
        out[f"b{l}"] = np.zeros(sizes[l])
    return out


@suite.property("init_params: equals the reference (weights drawn in layer order) for any layer sizes",
                strategy=st.tuples(st.lists(st.integers(1, 6), min_size=2, max_size=5),
                                   st.sampled_from(METHODS), seeds()),
                points=2, max_examples=20)
def _(s, ref, case):
    sizes, method, seed = case
    got = s.init_params(layer_sizes=tuple(sizes), method=method, rng=Rng(seed))
    expected = ref.init_params(tuple(sizes), method, np.random.default_rng(seed))
    expect_dict_close(got, expected, "params", rtol=1e-12, atol=1e-15, mistakes={
        "biases drawn from the rng too: biases are zeros and draw nothing": _biases_drawn(sizes, method, seed),
        "layers initialised in reverse order: call init_weights for W1 first, then W2, ...":
            _reversed_order(sizes, method, seed)})


@suite.test("init_params: an unknown method raises ValueError naming 'method'", points=1)
def _(s, ref):
    with expect_raises("ValueError", mentions="method"):
        s.init_params(layer_sizes=(3, 2, 1), method="normal", rng=Rng(0))


# ================================================================ forward

def _check_forward(s, ref, X, params, hidden, output, rtol=1e-6, atol=1e-9):
    A, _ = expect_tuple(s.forward(X=X, params=params, hidden_activation=hidden, output_activation=output),
                        ("A", "cache"))
    expected = ref.forward(X, params, hidden, output)[0]
    expect_close(A, expected, what="A (the output)", rtol=rtol, atol=atol,
                 mistakes=_forward_mistakes(ref, X, params, hidden, output))
    expect(as_array(A).dtype == np.float64, f"A should be float64, got {as_array(A).dtype}")
    return A


@suite.test("forward: the 2-2-2 walk-through's hidden layer gives in_h1 = 0.35 and out_h1 = 0.5866",
            points=1, visibility="visible")
def _(s, ref):
    hidden = {k: v for k, v in _params_222().items() if k.endswith("1")}
    Z = _check_forward(s, ref, X_222, hidden, "sigmoid", "linear")
    expect_close(Z, np.array([[0.35, 0.3275]]), what="in_h1, in_h2", rtol=0, atol=1e-9)
    A = _check_forward(s, ref, X_222, hidden, "sigmoid", "sigmoid")
    expect_close(A, np.array([[0.5866, 0.5812]]), what="out_h1, out_h2", rtol=0, atol=5e-5)


@suite.test("forward: the 4-2-1 solved example gives O7 = 0.417 (I6 = 1.0 corrected)",
            points=1, visibility="visible")
def _(s, ref):
    A = _check_forward(s, ref, X_421, _params_421(), "sigmoid", "sigmoid")
    expect_close(A, np.array([[0.4174]]), what="O7", rtol=0, atol=1e-4,
                 mistakes={"the notes' slip: I6 uses w16 = 0.1, not w15 = 0.3 (O7 = 0.419)": np.array([[0.4192]])})
    _check_forward(s, ref, np.vstack([X_421] * 3), _params_421(), "sigmoid", "sigmoid")


_net_cases = st.tuples(st.sampled_from(ACTIVATIONS), st.sampled_from(ACTIVATIONS),
                       st.lists(st.integers(1, 4), min_size=2, max_size=4),
                       st.integers(1, 5), seeds(), st.sampled_from([0.1, 1.0, 3.0]))


@suite.property("forward: equals the reference on random 1- to 3-layer networks for every activation pair",
                strategy=_net_cases, points=3, max_examples=30)
def _(s, ref, case):
    hidden, output, sizes, m, seed, scale = case
    X, _, params = _random_net(seed, sizes, m, x_scale=scale)
    _check_forward(s, ref, X, params, hidden, output)
    expect_unchanged(s)


@suite.test("forward: stable for pre-activations of magnitude up to 1e4 (no nan or inf)", points=2)
def _(s, ref):
    X = np.array([[1e4, -1e4], [-5e3, 8e3], [700.0, -800.0]])
    params = {"W1": np.array([[1.0, -1.0, 0.5], [0.5, 1.0, -1.0]]), "b1": np.zeros(3),
              "W2": np.array([[2.0], [-1.5], [1.0]]), "b2": np.array([0.1])}
    for hidden, output in (("sigmoid", "sigmoid"), ("tanh", "sigmoid"), ("elu", "tanh"),
                           ("sigmoid", "elu"), ("leaky_relu", "sigmoid")):
        _check_forward(s, ref, X, params, hidden, output)


@suite.test("forward: integer and list inputs give a float64 output", points=1)
def _(s, ref):
    X = [[1, 1, 0, 1], [0, 1, 1, 0]]
    params = _params_421()
    A, _ = expect_tuple(s.forward(X=X, params=params), ("A", "cache"))
    expect_close(A, ref.forward(np.array(X, float), params)[0], what="A (the output)")
    expect(as_array(A).dtype == np.float64, f"A should be float64, got {as_array(A).dtype}")
    A, _ = expect_tuple(s.forward(X=np.array(X), params=params, hidden_activation="relu",
                                  output_activation="linear"), ("A", "cache"))
    expect_close(A, ref.forward(np.array(X, float), params, "relu", "linear")[0], what="A (the output)",
                 hint="convert X to float first: np.asarray(X, dtype=float)")
    expect(as_array(A).dtype == np.float64, f"A should be float64, got {as_array(A).dtype}",
           hint="convert X to float first: np.asarray(X, dtype=float)")


@suite.test("forward: leaves X and params unchanged", points=1)
def _(s, ref):
    X, _, params = _random_net(5, (3, 4, 2), 4)
    for hidden, output in (("sigmoid", "sigmoid"), ("relu", "linear")):
        s.forward(X=X, params=params, hidden_activation=hidden, output_activation=output)
        expect_unchanged(s)


@suite.test("forward: an unknown activation name raises ValueError naming the argument", points=1,
            visibility="hidden")
def _(s, ref):
    X, _, params = _random_net(1, (3, 2, 1), 2)
    with expect_raises("ValueError", mentions="hidden_activation"):
        s.forward(X=X, params=params, hidden_activation="softmax")
    with expect_raises("ValueError", mentions="output_activation"):
        s.forward(X=X, params=params, output_activation="sigmod")


# ================================================================ mse_loss

def _loss_mistakes(Y, A):
    Y, A = np.asarray(Y, float), np.asarray(A, float)
    S, (m, k) = float(np.sum((Y - A) ** 2)), A.shape
    return {"the factor 1/2 is missing: loss = (1/m) * sum 0.5 * (Y - A)**2": S / m,
            "the 1/m factor is applied twice": 0.5 * S / m / m,
            "the 1/m is missing: average over the m samples": 0.5 * S,
            "divide by the number of samples m, not by the number of elements m * k": 0.5 * S / (m * k),
            "this is neuron.mse: mse_loss has a factor 1/2 and divides by m only": S / (m * k)}


def _check_loss(s, ref, Y, A):
    got = s.mse_loss(Y=Y, A=A)
    expected = ref.mse_loss(Y, A)
    expect(isinstance(got, float), f"mse_loss should return a Python float, got {type(got).__name__}",
           got=got, hint="return float(...)")
    expect_close(got, expected, what="the loss", mistakes=_loss_mistakes(Y, A))
    expect_unchanged(s)


@suite.test("mse_loss: one sample is the notes' E_total = sum of 0.5 * (target - out)**2 (~0.3227)",
            points=1, visibility="visible")
def _(s, ref):
    _check_loss(s, ref, Y_222, np.array([[0.7927, 0.7603]]))


@suite.test("mse_loss: averages over the m samples, not over all elements (4 x 3)", points=1,
            visibility="hidden")
def _(s, ref):
    Y = np.array([[1.0, 0.0, 0.5], [0.0, 1.0, 0.0], [1.0, 1.0, 0.0], [0.2, 0.4, 0.6]])
    A = np.array([[0.8, 0.1, 0.4], [0.3, 0.7, 0.1], [0.9, 0.6, 0.2], [0.2, 0.1, 0.9]])
    _check_loss(s, ref, Y, A)


@suite.property("mse_loss: equals the reference for any (m, k) and magnitude",
                strategy=st.tuples(st.integers(1, 6), st.integers(1, 4), seeds(),
                                   st.sampled_from([1e-3, 1.0, 1e2, 1e4])),
                points=1, max_examples=20)
def _(s, ref, case):
    m, k, seed, scale = case
    rng = np.random.default_rng(seed)
    _check_loss(s, ref, rng.normal(0, scale, (m, k)), rng.normal(0, scale, (m, k)))


# ================================================================ backward

def _check_backward(s, ref, X, Y, params, hidden, output, rtol=1e-6, atol=1e-9):
    _, cache = expect_tuple(s.forward(X=X, params=params, hidden_activation=hidden, output_activation=output),
                            ("A", "cache"))
    grads = s.backward(X=X, Y=Y, params=params, cache=cache, hidden_activation=hidden,
                       output_activation=output)
    call = s.last_call
    expected = ref.backward(X, Y, params, ref.forward(X, params, hidden, output)[1], hidden, output)
    try:
        expect_dict_close(grads, expected, "the gradients", _grad_mistakes(X, Y, params, hidden, output),
                    rtol=rtol, atol=atol)
    except Failure as f:
        f.call = call
        raise
    return grads


@suite.test("backward: the 4-2-1 solved example (sigmoid/sigmoid): db2 = -Error_7 = -0.1417",
            points=2, visibility="visible")
def _(s, ref):
    grads = _check_backward(s, ref, X_421, Y_421, _params_421(), "sigmoid", "sigmoid")
    expect_close(grads["db2"], np.array([-0.1417]), what="db2", rtol=0, atol=1e-4)
    expect_close(grads["dW2"], np.array([[-0.0848], [-0.1036]]), what="dW2", rtol=0, atol=1e-4)


@suite.test("backward: the 2-2-2 walk-through gives dE/dw = 0.0745 for the weight h1 -> o1",
            points=1, visibility="visible")
def _(s, ref):
    grads = _check_backward(s, ref, X_222, Y_222, _params_222(), "sigmoid", "sigmoid")
    expect_close(grads["dW2"][0, 0], 0.0745, what="dW2[0, 0]", rtol=0, atol=1e-4)


@suite.test("backward: gradients match the reference for all 36 (hidden, output) activation pairs",
            points=3)
def _(s, ref):
    k = 0
    for hidden in ACTIVATIONS:
        for output in ACTIVATIONS:
            sizes = ((3, 2), (3, 4, 2), (2, 3, 3, 1))[k % 3]
            X, Y, params = _random_net(100 + k, sizes, 2 + k % 3)
            _check_backward(s, ref, X, Y, params, hidden, output)
            k += 1


@suite.property("backward: gradients match the reference on random networks, batch sizes and magnitudes",
                strategy=_net_cases, points=3, max_examples=30, one_call=False)  # forward, then backward
def _(s, ref, case):
    hidden, output, sizes, m, seed, scale = case
    X, Y, params = _random_net(seed, sizes, m, x_scale=scale)
    _check_backward(s, ref, X, Y, params, hidden, output)


@suite.test("backward: every gradient is float64 with its parameter's shape (1 to 3 layers)", points=1)
def _(s, ref):
    for sizes in ((4, 3), (2, 5, 3), (3, 1, 2, 4)):
        X, Y, params = _random_net(7, sizes, 3)
        _, cache = expect_tuple(s.forward(X=X, params=params), ("A", "cache"))
        grads = s.backward(X=X, Y=Y, params=params, cache=cache)
        expect(isinstance(grads, dict), "backward should return a dict {'dW1', 'db1', ...}", got=grads)
        wanted = sorted("d" + k for k in params)
        expect(sorted(map(str, grads)) == wanted, "backward returned the wrong keys",
               expected=wanted, got=sorted(map(str, grads)))
        for key, p in params.items():
            g = as_array(grads["d" + key], "d" + key)
            expect(g.shape == p.shape, f"d{key} should have {key}'s shape {p.shape}, got {g.shape}",
                   hint="dW_l = A_{l-1}.T @ dZ_l and db_l = dZ_l.sum(axis=0)")
            expect(g.dtype == np.float64, f"d{key} should be float64, got {g.dtype}")


@suite.test("backward: stable for pre-activations of magnitude up to 1e4 (no nan or inf)", points=1)
def _(s, ref):
    X = np.array([[1e4, -1e4], [-5e3, 8e3], [700.0, -800.0]])
    Y = np.array([[1.0], [0.0], [1.0]])
    params = {"W1": np.array([[1.0, -1.0, 0.5], [0.5, 1.0, -1.0]]), "b1": np.zeros(3),
              "W2": np.array([[2.0], [-1.5], [1.0]]), "b2": np.array([0.1])}
    for hidden, output in (("sigmoid", "sigmoid"), ("tanh", "sigmoid"), ("elu", "tanh"), ("sigmoid", "elu")):
        _check_backward(s, ref, X, Y, params, hidden, output, atol=1e-6)


@suite.test("backward: leaves X, Y, params and the cache unchanged", points=1)
def _(s, ref):
    for hidden, output in (("sigmoid", "sigmoid"), ("tanh", "linear")):
        X, Y, params = _random_net(21, (3, 4, 2), 5)
        _, cache = expect_tuple(s.forward(X=X, params=params, hidden_activation=hidden, output_activation=output),
                                ("A", "cache"))
        s.backward(X=X, Y=Y, params=params, cache=cache, hidden_activation=hidden, output_activation=output)
        expect_unchanged(s)


@suite.test("backward: an unknown activation name raises ValueError naming the argument", points=1)
def _(s, ref):
    X, Y, params = _random_net(2, (3, 2, 1), 2)
    _, cache = expect_tuple(s.forward(X=X, params=params), ("A", "cache"))
    with expect_raises("ValueError", mentions="activation"):
        s.backward(X=X, Y=Y, params=params, cache=cache, hidden_activation="swish")
    with expect_raises("ValueError", mentions="activation"):
        s.backward(X=X, Y=Y, params=params, cache=cache, output_activation="softmax")


# ================================================================ train_step

def _check_step(s, ref, X, Y, params, lr, hidden, output):
    before = _copy(params)
    got = s.train_step(X=X, Y=Y, params=params, lr=lr, hidden_activation=hidden, output_activation=output)
    call = s.last_call
    changed = changed_in_place(s)
    expected = ref.train_step(X, Y, before, lr, hidden, output)
    try:
        expect_dict_close(got, expected, "the new params", _step_mistakes(X, Y, before, lr, hidden, output))
    except Failure as f:
        f.call = call
        raise
    expect_unchanged(changed, call=call, hint=IN_PLACE)
    return got


@suite.test("train_step: the 4-2-1 solved example after one step: W2 ~ [[-0.232], [0.283]], b2 ~ -0.187",
            points=3, visibility="visible")
def _(s, ref):
    new = _check_step(s, ref, X_421, Y_421, _params_421(), 0.8, "sigmoid", "sigmoid")
    notes = {"W1": np.array([[0.292, 0.104], [-0.208, 0.404], [0.2, -0.3], [0.092, 0.404]]),
             "b1": np.array([0.192, 0.104]), "W2": np.array([[-0.232], [0.283]]), "b2": np.array([-0.187])}
    for key, value in notes.items():
        expect_close(new[key], value, what=key, rtol=0, atol=1.5e-3)


@suite.property("train_step: equals the reference on random networks, activation pairs and learning rates",
                strategy=st.tuples(_net_cases, st.sampled_from([0.01, 0.5, 2.0])), points=2, max_examples=25)
def _(s, ref, case):
    (hidden, output, sizes, m, seed, scale), lr = case
    X, Y, params = _random_net(seed, sizes, m, x_scale=scale)
    _check_step(s, ref, X, Y, params, lr, hidden, output)


@suite.test("train_step: returns a new params dict and leaves the input's arrays untouched", points=2)
def _(s, ref):
    X, Y, params = _random_net(3, (3, 4, 2), 4)
    s.train_step(X=X, Y=Y, params=params, lr=0.5)
    expect_unchanged(s, hint=IN_PLACE)
    s.train_step(X=X_421, Y=Y_421, params=_params_421(), lr=0.8, hidden_activation="tanh",
                 output_activation="linear")
    expect_unchanged(s, hint=IN_PLACE)


# ================================================================ train

def _check_trained_params(got, layer_sizes):
    expect(isinstance(got, dict), "params should be a dict {'W1', 'b1', ...}", got=got)
    for l in range(1, len(layer_sizes)):
        for key, shape in ((f"W{l}", (layer_sizes[l - 1], layer_sizes[l])), (f"b{l}", (layer_sizes[l],))):
            expect(key in got, f"the trained params have no {key}", got=sorted(map(str, got)))
            arr = as_array(got[key], key)
            expect(arr.shape == shape, f"{key} should have shape {shape}, got {arr.shape}")


def _losses(got, epochs):
    try:
        arr = np.asarray(got, dtype=float)
    except (TypeError, ValueError):
        raise Failure("losses should be a list or array of floats", got=got) from None
    expect(arr.shape == (epochs,), f"losses should hold one loss per epoch: shape ({epochs},), got {arr.shape}",
           got=got, hint="append mse_loss before each step; return exactly `epochs` losses")
    return arr


@suite.test("train: learns XOR (2-4-1 sigmoid, lr=4, 1500 epochs): the trained network gets all 4 points",
            points=3, visibility="visible")
def _(s, ref):
    sizes = (2, 4, 1)
    result = expect_tuple(s.train(X=X_XOR, Y=Y_XOR, layer_sizes=sizes, lr=4.0, epochs=1500, rng=Rng(0)),
                          ("params", "losses"))
    params, losses = result
    _check_trained_params(params, sizes)
    losses = _losses(losses, 1500)
    A = ref.forward(X_XOR, {k: np.asarray(v, float) for k, v in params.items()})[0]  # judged by the reference
    expect(bool(np.all(np.isfinite(A))), "the trained network outputs nan or inf")
    right = int(np.sum((A > 0.5) == (Y_XOR > 0.5)))
    expect(right == 4, f"the trained network classifies {right} of the 4 XOR points correctly",
           expected="outputs > 0.5 exactly for [0, 1] and [1, 0]", got=A.ravel().round(3),
           hint="check the update direction (W - lr * dW) and that every layer is updated")
    expect(losses[-1] < losses[0], "the loss should decrease during training",
           got=f"first {losses[0]:.4f}, last {losses[-1]:.4f}")


@suite.property("train: equals init_params + `epochs` train_steps of the reference; losses before each step",
                strategy=st.tuples(st.sampled_from(ACTIVATIONS), st.sampled_from(["sigmoid", "linear", "tanh"]),
                                   st.lists(st.integers(1, 4), min_size=2, max_size=4),
                                   st.sampled_from(METHODS[1:]), st.integers(0, 12), seeds()),
                points=2, max_examples=15)
def _(s, ref, case):
    hidden, output, sizes, method, epochs, seed = case
    X, Y, _ = _random_net(seed, sizes, 4)
    lr = 0.2
    result = expect_tuple(s.train(X=X, Y=Y, layer_sizes=tuple(sizes), lr=lr, epochs=epochs, rng=Rng(seed),
                                  method=method, hidden_activation=hidden, output_activation=output),
                          ("params", "losses"))
    call = s.last_call
    params, losses = result
    exp_params, exp_losses = ref.train(X, Y, tuple(sizes), lr, epochs, np.random.default_rng(seed),
                                       method, hidden, output)
    after = ref.train(X, Y, tuple(sizes), lr, epochs + 1, np.random.default_rng(seed), method, hidden, output)[1][1:]
    try:
        expect_dict_close(params, exp_params, "the trained params", float64=False)
        expect_close(_losses(losses, epochs), exp_losses, what="losses", check_dtype=False,
                     mistakes={"losses recorded after each step: record mse_loss before the step": after})
    except Failure as f:
        f.call = call
        raise


@suite.test("train: an unknown activation name raises ValueError", points=1)
def _(s, ref):
    with expect_raises("ValueError", mentions="activation"):
        s.train(X=X_XOR, Y=Y_XOR, layer_sizes=(2, 2, 1), lr=1.0, epochs=2, rng=Rng(0), hidden_activation="step")


# ================================================================ numerical_gradient

def _fn(name, seed, shape):
    rng = np.random.default_rng(seed)
    if name == "quadratic":
        return Fn("quadratic", a=rng.uniform(0.5, 3.0, shape), b=rng.uniform(-2.0, 2.0, shape))
    if name == "sin_sum":
        return Fn("sin_sum", c=rng.uniform(0.5, 3.0, shape))
    return Fn("cubic", c=rng.uniform(0.5, 3.0, shape))


def _numgrad_mistakes(f, x, h):
    x = np.array(x, dtype=float)
    one, back, half = np.zeros_like(x), np.zeros_like(x), np.zeros_like(x)
    for i in np.ndindex(x.shape):
        xp, xm = x.copy(), x.copy()
        xp[i] += h
        xm[i] -= h
        one[i] = (f(xp) - f(x)) / h
        back[i] = (f(x) - f(xm)) / h
        half[i] = (f(xp) - f(xm)) / h
    return {"one-sided difference: use the central difference (f(x + h e_i) - f(x - h e_i)) / (2h)": one,
            "one-sided (backward) difference: use (f(x + h e_i) - f(x - h e_i)) / (2h)": back,
            "divide by 2h, not h": half}


def _check_numgrad(s, ref, fn, x, h=None, rtol=1e-6, atol=1e-7):
    f = as_function(fn)
    kwargs = {"f": fn, "x": x} if h is None else {"f": fn, "x": x, "h": h}
    got = s.numerical_gradient(**kwargs)
    changed = changed_in_place(s)
    hh = 1e-5 if h is None else h
    expected = ref.numerical_gradient(f, np.array(x, dtype=float, copy=True), hh)
    mistakes = _numgrad_mistakes(f, x, hh)
    if h is not None:
        mistakes["the h argument is ignored (always 1e-5)"] = ref.numerical_gradient(f, np.array(x, dtype=float), 1e-5)
    expect_close(got, expected, what="the gradient", rtol=rtol, atol=atol, mistakes=mistakes)
    expect(as_array(got).dtype == np.float64, f"the gradient should be float64, got {as_array(got).dtype}")
    expect_unchanged(changed, message="modified x in place", hint="restore x[i] after each probe, or probe a copy of x")
    return got


@suite.test("numerical_gradient: matches the analytic gradient a*x + b of a quadratic", points=1,
            visibility="visible")
def _(s, ref):
    x = np.array([1.0, -2.0, 3.0, 0.5])
    fn = Fn("quadratic", a=np.array([1.0, 2.0, 0.5, 4.0]), b=np.array([0.0, 1.0, -1.0, 2.0]))
    got = _check_numgrad(s, ref, fn, x)
    expect_close(got, fn.params["a"] * x + fn.params["b"], what="the gradient", rtol=1e-6, atol=1e-6)


@suite.test("numerical_gradient: central differences on a cubic (a one-sided difference is off by ~3cxh)",
            points=2, visibility="hidden")
def _(s, ref):
    x = np.array([[1.0, -2.0], [0.5, 3.0]])
    _check_numgrad(s, ref, Fn("cubic", c=np.array([[1.0, 2.0], [3.0, 0.5]])), x)


@suite.property("numerical_gradient: equals the reference for x of any shape, leaving x unchanged",
                strategy=st.tuples(st.sampled_from(["quadratic", "sin_sum", "cubic"]),
                                   st.lists(st.integers(1, 4), min_size=1, max_size=3), seeds(),
                                   st.sampled_from([0.5, 2.0, 10.0])),
                points=2, max_examples=20)
def _(s, ref, case):
    name, shape, seed, scale = case
    shape = tuple(shape)
    x = np.random.default_rng(seed + 1).uniform(-scale, scale, shape)
    _check_numgrad(s, ref, _fn(name, seed, shape), x, atol=1e-7 * max(1.0, scale ** 2))


@suite.test("numerical_gradient: uses the given step h", points=1)
def _(s, ref):
    x = np.array([1.0, -1.5, 2.0])
    _check_numgrad(s, ref, Fn("cubic", c=np.array([1.0, 2.0, 1.0])), x, h=1e-2, rtol=1e-9, atol=1e-9)


@suite.test("numerical_gradient: leaves x unchanged (also when probing in place)", points=1)
def _(s, ref):
    for shape in ((5,), (2, 3)):
        x = np.random.default_rng(4).uniform(-2, 2, shape)
        s.numerical_gradient(f=Fn("sin_sum", c=np.ones(shape)), x=x)
        expect_unchanged(s)
