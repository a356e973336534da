"""MLP exercise -- Dana Kowalski

params = {"W1": ..., "b1": ..., ...}
"""
import numpy as np


def _sigmoid(z):
    return np.exp(-np.logaddexp(0.0, -z))


def _f(name, z):
    if name == "sigmoid":
        return _sigmoid(z)
    elif name == "tanh":
        return np.tanh(z)
    elif name == "relu":
        return np.maximum(0.0, z)
    elif name == "leaky_relu":
        return np.maximum(0.01 * z, z)
    elif name == "elu":
        out = z.copy()
        out[z < 0] = np.exp(z[z < 0]) - 1
        return out
    elif name == "linear":
        return z.copy()
    raise ValueError(f"activation {name!r} is not known")


def _df(name, z):
    if name == "sigmoid":
        s = _sigmoid(z)
        return s * (1 - s)
    elif name == "tanh":
        return 1 - np.tanh(z) ** 2
    elif name == "relu":
        return (z > 0).astype(float)
    elif name == "leaky_relu":
        return np.where(z > 0, 1.0, 0.01)
    elif name == "elu":
        out = np.ones_like(z)
        out[z < 0] = np.exp(z[z < 0])
        return out
    elif name == "linear":
        return np.ones_like(z)
    raise ValueError(f"activation {name!r} is not known")


_NAMES = ("sigmoid", "tanh", "relu", "leaky_relu", "elu", "linear")


def _check(hidden_activation, output_activation):
    if hidden_activation not in _NAMES:
        raise ValueError(f"hidden_activation {hidden_activation!r} not in {_NAMES}")
    if output_activation not in _NAMES:
        raise ValueError(f"output_activation {output_activation!r} not in {_NAMES}")


def init_weights(n_in, n_out, method, rng):
    shape = (n_in, n_out)
    if method == "zeros":
        return np.zeros(shape)
    if method == "random":
        return rng.uniform(-0.5, 0.5, shape)
    if method == "xavier":
        lim = np.sqrt(6 / (n_in + n_out))
        return rng.uniform(-lim, lim, shape)
    if method == "he":
        return rng.normal(0.0, np.sqrt(2 / n_in), shape)
    raise ValueError(f"unknown init method={method!r}")


def init_params(layer_sizes, method, rng):
    if len(layer_sizes) < 2:
        raise ValueError("need at least 2 layer_sizes")
    params = {}
    for i, (a, b) in enumerate(zip(layer_sizes[:-1], layer_sizes[1:]), start=1):
        params[f"W{i}"] = init_weights(a, b, method, rng)
        params[f"b{i}"] = np.zeros(b)
    return params


def _num_layers(params):
    return len([k for k in params if k[0] == "W"])


def forward(X, params, hidden_activation="sigmoid", output_activation="sigmoid"):
    _check(hidden_activation, output_activation)
    A = np.array(X, dtype=float, ndmin=2)
    L = _num_layers(params)
    cache = {"A0": A}
    for l in range(1, L + 1):
        Z = A @ np.asarray(params[f"W{l}"], float) + np.asarray(params[f"b{l}"], float)
        A = _f(output_activation if l == L else hidden_activation, Z)
        cache[f"Z{l}"], cache[f"A{l}"] = Z, A
    return A, cache


def mse_loss(Y, A):
    A = np.array(A, dtype=float)
    if A.ndim == 1:
        A = A[:, None]
    Y = np.array(Y, dtype=float)
    if Y.shape != A.shape:
        Y = Y.reshape(A.shape)
    return float(0.5 * np.sum((Y - A) ** 2) / len(A))


def backward(X, Y, params, cache, hidden_activation="sigmoid", output_activation="sigmoid"):
    _check(hidden_activation, output_activation)
    L = _num_layers(params)
    A_out = cache[f"A{L}"]
    Y = np.array(Y, dtype=float).reshape(A_out.shape)
    m = len(A_out)
    grads = {}
    dZ = (A_out - Y) / m * _df(output_activation, cache[f"Z{L}"])
    for l in reversed(range(1, L + 1)):
        grads[f"dW{l}"] = cache[f"A{l-1}"].T @ dZ
        grads[f"db{l}"] = dZ.sum(0)
        if l > 1:
            dZ = (dZ @ np.asarray(params[f"W{l}"], float).T) * _df(hidden_activation, cache[f"Z{l-1}"])
    return grads


def train_step(X, Y, params, lr, hidden_activation="sigmoid", output_activation="sigmoid"):
    _, cache = forward(X, params, hidden_activation, output_activation)
    grads = backward(X, Y, params, cache, hidden_activation, output_activation)
    return {k: v - lr * grads["d" + k] for k, v in params.items()}


def train(X, Y, layer_sizes, lr, epochs, rng, method="xavier",
          hidden_activation="sigmoid", output_activation="sigmoid"):
    params = init_params(layer_sizes, method, rng)
    losses = []
    for epoch in range(epochs):
        A, cache = forward(X, params, hidden_activation, output_activation)
        losses.append(mse_loss(Y, A))
        grads = backward(X, Y, params, cache, hidden_activation, output_activation)
        params = {k: v - lr * grads["d" + k] for k, v in params.items()}
    return params, np.array(losses)


def numerical_gradient(f, x, h=1e-5):
    x = np.array(x, dtype=float)
    grad = np.zeros_like(x)
    for idx in np.ndindex(*x.shape):
        e = np.zeros_like(x)
        e[idx] = h
        grad[idx] = (f(x + e) - f(x - e)) / (2 * h)
    return grad
