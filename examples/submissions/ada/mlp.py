"""Exercise 3 - multilayer perceptron and backpropagation.

Ada Lindqvist, s1001
"""
import numpy as np


# ---- activations and their derivatives (at the pre-activation z) ----------

def _sigmoid(z):
    with np.errstate(under="ignore"):
        e = np.exp(-np.abs(z))
    return np.where(z >= 0, 1.0 / (1.0 + e), e / (1.0 + e))


def _d_sigmoid(z):
    s = _sigmoid(z)
    return s * (1.0 - s)


def _elu(z):
    with np.errstate(under="ignore"):
        return np.where(z >= 0, z, np.expm1(np.minimum(z, 0.0)))


def _d_elu(z):
    with np.errstate(under="ignore"):
        return np.where(z >= 0, 1.0, np.exp(np.minimum(z, 0.0)))


ACT = {
    "sigmoid": (_sigmoid, _d_sigmoid),
    "tanh": (np.tanh, lambda z: 1.0 - np.tanh(z) ** 2),
    "relu": (lambda z: np.maximum(z, 0.0), lambda z: (z > 0).astype(np.float64)),
    "leaky_relu": (lambda z: np.where(z > 0, z, 0.01 * z), lambda z: np.where(z > 0, 1.0, 0.01)),
    "elu": (_elu, _d_elu),
    "linear": (lambda z: np.array(z, dtype=np.float64), lambda z: np.ones_like(z)),
}


def _act(name, argname):
    if not isinstance(name, str) or name not in ACT:
        raise ValueError(f"{argname} must be one of {list(ACT)}, got {name!r}")
    return ACT[name]


def _arr(value, name):
    try:
        return np.asarray(value, dtype=np.float64)
    except (TypeError, ValueError):
        raise ValueError(f"{name} must be numeric") from None


def _n_layers(params):
    if not isinstance(params, dict) or "W1" not in params:
        raise ValueError("params must be a dict with keys W1, b1, ..., WL, bL")
    L = 0
    while f"W{L + 1}" in params:
        L += 1
        if f"b{L}" not in params:
            raise ValueError(f"params has W{L} but no b{L}")
    return L


def _as_batch(X, params):
    X = _arr(X, "X")
    if X.ndim == 1:
        X = X[None, :]
    n_in = np.shape(params["W1"])[0]
    if X.ndim != 2 or X.shape[1] != n_in:
        raise ValueError(f"X must have shape (m, {n_in}), got {X.shape}")
    return X


def _match(Y, A):
    A = _arr(A, "A")
    if A.ndim == 1:
        A = A[:, None]
    Y = _arr(Y, "Y")
    if Y.shape != A.shape:
        if Y.size == A.size and Y.ndim <= 1 and 1 in A.shape:
            Y = Y.reshape(A.shape)
        else:
            raise ValueError(f"Y has shape {Y.shape}, expected {A.shape}")
    return Y, A


# ---- API ---------------------------------------------------------------------

def init_weights(n_in, n_out, method, rng):
    for name, n in (("n_in", n_in), ("n_out", n_out)):
        if isinstance(n, bool) or not isinstance(n, (int, np.integer)) or n < 1:
            raise ValueError(f"{name} must be a positive integer, got {n!r}")
    size = (int(n_in), int(n_out))
    if method == "zeros":
        return np.zeros(size)
    if method not in ("random", "xavier", "he"):
        raise ValueError(f"method must be 'zeros', 'random', 'xavier' or 'he', got {method!r}")
    if not isinstance(rng, np.random.Generator):
        raise ValueError(f"rng must be a numpy Generator, got {rng!r}")
    if method == "random":
        return rng.uniform(-0.5, 0.5, size)
    if method == "xavier":
        limit = np.sqrt(6.0 / (n_in + n_out))
        return rng.uniform(-limit, limit, size)
    return rng.normal(0.0, np.sqrt(2.0 / n_in), size)


def init_params(layer_sizes, method, rng):
    try:
        sizes = list(layer_sizes)
    except TypeError:
        raise ValueError(f"layer_sizes must be a sequence of ints, got {layer_sizes!r}") from None
    if len(sizes) < 2:
        raise ValueError(f"layer_sizes needs at least two entries, got {layer_sizes!r}")
    params = {}
    for l in range(1, len(sizes)):
        params[f"W{l}"] = init_weights(sizes[l - 1], sizes[l], method, rng)
        params[f"b{l}"] = np.zeros(sizes[l])
    return params


def forward(X, params, hidden_activation="sigmoid", output_activation="sigmoid"):
    L = _n_layers(params)
    f_h, _ = _act(hidden_activation, "hidden_activation")
    f_o, _ = _act(output_activation, "output_activation")
    A = np.array(_as_batch(X, params))
    cache = {"A0": A}
    for l in range(1, L + 1):
        Z = A @ _arr(params[f"W{l}"], "params") + _arr(params[f"b{l}"], "params")
        A = f_o(Z) if l == L else f_h(Z)
        cache[f"Z{l}"] = Z
        cache[f"A{l}"] = A
    return A, cache


def mse_loss(Y, A):
    Y, A = _match(Y, A)
    m = A.shape[0]
    return float(0.5 * np.sum((Y - A) ** 2) / m)


def backward(X, Y, params, cache, hidden_activation="sigmoid", output_activation="sigmoid"):
    L = _n_layers(params)
    _, df_h = _act(hidden_activation, "hidden_activation")
    _, df_o = _act(output_activation, "output_activation")
    X = _as_batch(X, params)
    if not isinstance(cache, dict) or f"A{L}" not in cache:
        raise ValueError("cache must be the dict returned by forward")
    Y, A_L = _match(Y, cache[f"A{L}"])
    m = A_L.shape[0]

    grads = {}
    # dL/dA_L for 0.5/m * sum (A - Y)^2
    dA = (A_L - Y) / m
    for l in range(L, 0, -1):
        Z = cache[f"Z{l}"]
        dZ = dA * (df_o(Z) if l == L else df_h(Z))
        A_prev = X if l == 1 else cache[f"A{l - 1}"]
        grads[f"dW{l}"] = A_prev.T @ dZ
        grads[f"db{l}"] = dZ.sum(axis=0)
        dA = dZ @ _arr(params[f"W{l}"], "params").T
    return grads


def train_step(X, Y, params, lr, hidden_activation="sigmoid", output_activation="sigmoid"):
    _, cache = forward(X, params, hidden_activation, output_activation)
    grads = backward(X, Y, params, cache, hidden_activation, output_activation)
    new_params = {}
    for key in params:
        new_params[key] = _arr(params[key], "params") - lr * grads["d" + key]
    return new_params


def train(X, Y, layer_sizes, lr, epochs, rng, method="xavier",
          hidden_activation="sigmoid", output_activation="sigmoid"):
    if isinstance(epochs, bool) or not isinstance(epochs, (int, np.integer)) or epochs < 0:
        raise ValueError(f"epochs must be a non-negative integer, got {epochs!r}")
    _act(hidden_activation, "hidden_activation")
    _act(output_activation, "output_activation")
    params = init_params(layer_sizes, method, rng)
    losses = np.zeros(epochs)
    for epoch in range(epochs):
        A, _ = forward(X, params, hidden_activation, output_activation)
        losses[epoch] = mse_loss(Y, A)
        params = train_step(X, Y, params, lr, hidden_activation, output_activation)
    return params, losses


def numerical_gradient(f, x, h=1e-5):
    if not callable(f):
        raise ValueError("f must be callable")
    if not np.isscalar(h) or not h > 0:
        raise ValueError(f"h must be a positive number, got {h!r}")
    x = np.array(x, dtype=np.float64)   # private copy, the caller's x stays as it was
    grad = np.zeros_like(x)
    for idx in np.ndindex(x.shape):
        xp = x.copy()
        xm = x.copy()
        xp[idx] += h
        xm[idx] -= h
        f_plus = np.asarray(f(xp), dtype=np.float64).item()
        f_minus = np.asarray(f(xm), dtype=np.float64).item()
        grad[idx] = (f_plus - f_minus) / (2 * h)
    return grad
