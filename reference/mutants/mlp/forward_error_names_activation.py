"""catches: forward: an unknown activation name raises ValueError naming the argument

Mutant of solutions/mlp.py with one realistic student bug: forward's ValueError for an unknown name says 'activation' without saying which argument.

Multilayer perceptron from scratch: initialisation, forward pass,
backpropagation of the MSE loss, gradient-descent training, gradient checking.

Parameters are a dict {"W1", "b1", ..., "WL", "bL"} for L dense layers:
W_l has shape (n_{l-1}, n_l) and b_l shape (n_l,). A batch X has shape
(m, n_0) (a single sample may be given as (n_0,)); outputs A have shape
(m, n_L). No function modifies its arguments.
"""
import numbers

import numpy as np

try:  # imported as the package module solutions.mlp
    from . import neuron as _neuron
except ImportError:  # the solutions folder itself is on sys.path
    import neuron as _neuron

INIT_METHODS = ("zeros", "random", "xavier", "he")
LEAKY_ALPHA = 0.01  # neuron.leaky_relu's default slope
ELU_ALPHA = 1.0     # neuron.elu's default alpha


def _leaky_relu_derivative(z):
    return np.where(z > 0, 1.0, LEAKY_ALPHA)


def _elu_derivative(z):
    # for z < 0: d/dz alpha * (exp(z) - 1) = alpha * exp(z) = elu(z) + alpha
    return np.where(z >= 0, 1.0, _neuron.elu(z, ELU_ALPHA) + ELU_ALPHA)


# name -> (activation, derivative at the pre-activation z)
_ACTIVATIONS = {
    "sigmoid": (_neuron.sigmoid, _neuron.sigmoid_derivative),
    "tanh": (_neuron.tanh, _neuron.tanh_derivative),
    "relu": (_neuron.relu, _neuron.relu_derivative),
    "leaky_relu": (_neuron.leaky_relu, _leaky_relu_derivative),
    "elu": (_neuron.elu, _elu_derivative),
    "linear": (lambda z: np.array(z, dtype=float), np.ones_like),
}


# ---------------------------------------------------------------- helpers

def _as_float(value, name):
    try:
        return np.asarray(value, dtype=float)
    except (TypeError, ValueError) as exc:
        raise ValueError(f"{name} must be numeric, got {value!r}") from exc


def _real(value, name):
    arr = _as_float(value, name)
    if arr.ndim != 0 or not np.isfinite(arr):
        raise ValueError(f"{name} must be a finite real number, got {value!r}")
    return float(arr)


def _int(value, name, minimum):
    if isinstance(value, bool) or not isinstance(value, numbers.Integral) or value < minimum:
        raise ValueError(f"{name} must be an integer >= {minimum}, got {value!r}")
    return int(value)


def _activation(name, argname):
    if not isinstance(name, str) or name not in _ACTIVATIONS:
        raise ValueError(f"{argname} must be one of {tuple(_ACTIVATIONS)}, got {name!r}")
    return _ACTIVATIONS[name]


def _layers(params):
    """Number of layers L of a params dict, after checking names and shapes."""
    if not isinstance(params, dict) or "W1" not in params:
        raise ValueError("params must be a dict {'W1', 'b1', ..., 'WL', 'bL'}")
    L = 0
    while f"W{L + 1}" in params:
        L += 1
    prev = None
    for l in range(1, L + 1):
        W = _as_float(params[f"W{l}"], "params")
        if f"b{l}" not in params:
            raise ValueError(f"params is missing b{l}")
        b = _as_float(params[f"b{l}"], "params")
        if W.ndim != 2 or b.shape != (W.shape[1],) or (prev is not None and W.shape[0] != prev):
            raise ValueError(f"params W{l} {W.shape} / b{l} {b.shape} do not fit the previous layer")
        prev = W.shape[1]
    return L


def _param_names(params):
    L = _layers(params)
    return [f"{k}{l}" for l in range(1, L + 1) for k in "Wb"]


def _inputs(X, params):
    X = _as_float(X, "X")
    if X.ndim == 1:
        X = X.reshape(1, -1)  # one sample
    n_in = np.shape(params["W1"])[0]
    if X.ndim != 2 or X.shape[1] != n_in:
        raise ValueError(f"X must have shape (m, {n_in}), got {X.shape}")
    return X


def _align(Y, A):
    """Y and A as float arrays of the same shape (m, k); Y of shape (m,) or a
    scalar is reshaped to A's (m, 1) or (1, k) shape."""
    A = _as_float(A, "A")
    if A.ndim < 2:
        A = A.reshape(-1, 1)  # (m,) outputs of a single unit
    if A.ndim != 2:
        raise ValueError(f"A must have shape (m, k), got {A.shape}")
    Y = _as_float(Y, "Y")
    if Y.shape != A.shape:
        if Y.ndim <= 1 and Y.size == A.size and 1 in A.shape:
            Y = Y.reshape(A.shape)
        else:
            raise ValueError(f"Y has shape {Y.shape} but the outputs have shape {A.shape}")
    return Y, A


# ---------------------------------------------------------------- API

def init_weights(n_in, n_out, method, rng):
    """An (n_in, n_out) weight matrix.

    "zeros"; "random": rng.uniform(-0.5, 0.5, size); "xavier": rng.uniform(-a, a, size)
    with a = sqrt(6 / (n_in + n_out)); "he": rng.normal(0, sqrt(2 / n_in), size).
    """
    n_in = _int(n_in, "n_in", 1)
    n_out = _int(n_out, "n_out", 1)
    if not isinstance(method, str) or method not in INIT_METHODS:
        raise ValueError(f"method must be one of {INIT_METHODS}, got {method!r}")
    size = (n_in, n_out)
    if method == "zeros":
        return np.zeros(size)
    if not isinstance(rng, np.random.Generator):
        raise ValueError(f"rng must be a numpy.random.Generator, got {rng!r}")
    if method == "random":
        return rng.uniform(-0.5, 0.5, size)
    if method == "xavier":
        a = np.sqrt(6.0 / (n_in + n_out))
        return rng.uniform(-a, a, size)
    return rng.normal(0.0, np.sqrt(2.0 / n_in), size)  # "he"


def init_params(layer_sizes, method, rng):
    """{"W1", "b1", ...}: W_l = init_weights(n_{l-1}, n_l) in layer order, b_l = zeros(n_l).

    layer_sizes=(4, 2, 1) gives W1 (4, 2), b1 (2,), W2 (2, 1), b2 (1,).
    """
    try:
        sizes = [_int(n, "layer_sizes", 1) for n in layer_sizes]
    except TypeError as exc:
        raise ValueError(f"layer_sizes must be a sequence of positive integers, got {layer_sizes!r}") from exc
    if len(sizes) < 2:
        raise ValueError(f"layer_sizes needs at least an input and an output size, got {layer_sizes!r}")
    params = {}
    for l in range(1, len(sizes)):
        params[f"W{l}"] = init_weights(sizes[l - 1], sizes[l], method, rng)
        params[f"b{l}"] = np.zeros(sizes[l])
    return params


def forward(X, params, hidden_activation="sigmoid", output_activation="sigmoid"):
    """Forward pass. Returns (A, cache): A the (m, n_L) output; cache a dict of
    arrays with the inputs A0 = X and, per layer l, Z{l} = A{l-1} @ W{l} + b{l}
    and A{l} = activation(Z{l})."""
    L = _layers(params)
    f_hidden, _ = _activation(hidden_activation, "activation")  # BUG: the message does not name the argument
    f_out, _ = _activation(output_activation, "activation")
    A = np.array(_inputs(X, params))  # a copy for the cache
    cache = {"A0": A}
    for l in range(1, L + 1):
        Z = A @ _as_float(params[f"W{l}"], "params") + _as_float(params[f"b{l}"], "params")
        A = (f_out if l == L else f_hidden)(Z)
        cache[f"Z{l}"] = Z
        cache[f"A{l}"] = A
    return A, cache


def mse_loss(Y, A):
    """(1/m) * sum over samples and outputs of 0.5 * (Y - A)**2, a float.

    Y (m, k) like A; (m,) is accepted for a single output. For m = 1 this is
    the notes' E_total.
    """
    Y, A = _align(Y, A)
    return float(0.5 * np.sum((Y - A) ** 2) / A.shape[0])


def backward(X, Y, params, cache, hidden_activation="sigmoid", output_activation="sigmoid"):
    """Gradients of mse_loss(Y, forward(X, params)[0]) with respect to every
    parameter: {"dW1", "db1", ...}, each with its parameter's shape.

    dZ_L = (A_L - Y) / m * f'(Z_L); dW_l = A_{l-1}.T @ dZ_l; db_l = sum_i dZ_l;
    dZ_{l-1} = (dZ_l @ W_l.T) * f'(Z_{l-1}).
    """
    L = _layers(params)
    _, df_hidden = _activation(hidden_activation, "hidden_activation")
    _, df_out = _activation(output_activation, "output_activation")
    A_prev = _inputs(X, params)
    if not isinstance(cache, dict) or any(f"{k}{l}" not in cache for k in "ZA" for l in range(1, L + 1)):
        raise ValueError("cache must be the cache returned by forward for these params")
    Y, A_L = _align(Y, cache[f"A{L}"])
    if A_L.shape[0] != A_prev.shape[0]:
        raise ValueError(f"cache holds {A_L.shape[0]} samples but X has {A_prev.shape[0]}")

    grads = {}
    dA = (A_L - Y) / A_L.shape[0]
    for l in range(L, 0, -1):
        Z = _as_float(cache[f"Z{l}"], "cache")
        dZ = dA * (df_out if l == L else df_hidden)(Z)
        A_in = A_prev if l == 1 else _as_float(cache[f"A{l - 1}"], "cache")
        grads[f"dW{l}"] = A_in.T @ dZ
        grads[f"db{l}"] = dZ.sum(axis=0)
        if l > 1:
            dA = dZ @ _as_float(params[f"W{l}"], "params").T
    return {"d" + name: grads["d" + name] for name in _param_names(params)}


def train_step(X, Y, params, lr, hidden_activation="sigmoid", output_activation="sigmoid"):
    """One full-batch gradient-descent step; returns a new params dict
    p - lr * dp for every parameter (params itself is left untouched)."""
    lr = _real(lr, "lr")
    _, cache = forward(X, params, hidden_activation, output_activation)
    grads = backward(X, Y, params, cache, hidden_activation, output_activation)
    return {name: _as_float(params[name], "params") - lr * grads["d" + name]
            for name in _param_names(params)}


def train(X, Y, layer_sizes, lr, epochs, rng, method="xavier",
          hidden_activation="sigmoid", output_activation="sigmoid"):
    """init_params(layer_sizes, method, rng), then `epochs` full-batch steps.

    Returns (params, losses): losses a float array of length `epochs` holding
    mse_loss before each step. E.g. XOR with layer_sizes=(2, 4, 1), lr=2,
    epochs=5000 learns the truth table.
    """
    lr = _real(lr, "lr")
    epochs = _int(epochs, "epochs", 0)
    _activation(hidden_activation, "hidden_activation")
    _activation(output_activation, "output_activation")
    params = init_params(layer_sizes, method, rng)
    X = _inputs(X, params)
    losses = np.empty(epochs)
    for epoch in range(epochs):
        A, cache = forward(X, params, hidden_activation, output_activation)
        losses[epoch] = mse_loss(Y, A)
        grads = backward(X, Y, params, cache, hidden_activation, output_activation)
        params = {name: params[name] - lr * grads["d" + name] for name in params}
    return params, losses


def _value(loss):
    """f's result as a Python float (a float, 0-d or one-element array)."""
    arr = np.asarray(loss, dtype=float)
    if arr.size != 1:
        raise ValueError(f"f must return a single number, got shape {arr.shape}")
    return float(arr.reshape(()))


def numerical_gradient(f, x, h=1e-5):
    """Central differences (f(x + h e_i) - f(x - h e_i)) / (2h) for every
    element of x (any shape); returns an array of x's shape. f maps an array
    of x's shape to a float; x is left unchanged (f only sees copies)."""
    if not callable(f):
        raise ValueError(f"f must be callable, got {f!r}")
    h = _real(h, "h")
    if h <= 0:
        raise ValueError(f"h must be positive, got {h!r}")
    x = np.array(_as_float(x, "x"))  # a private float copy
    grad = np.zeros_like(x)
    for i in np.ndindex(x.shape):
        x_plus, x_minus = x.copy(), x.copy()
        x_plus[i] += h
        x_minus[i] -= h
        grad[i] = (_value(f(x_plus)) - _value(f(x_minus))) / (2.0 * h)
    return grad
