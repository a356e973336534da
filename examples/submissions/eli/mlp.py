# -*- coding: utf-8 -*-
"""
mlp.py  (Eli Navarro, group B)

Forward pass + backprop for a fully connected net, MSE loss.
"""
import numpy as np

def _sigmoid(z):
    out = np.zeros_like(z)
    pos = z >= 0
    out[pos] = 1.0 / (1.0 + np.exp(-z[pos]))
    e = np.exp(z[~pos])
    out[~pos] = e / (1.0 + e)
    return out

def _elu(z):
    return np.where(z >= 0, z, np.expm1(np.clip(z, None, 0)))

FUNCS = {
    "sigmoid": _sigmoid,
    "tanh": np.tanh,
    "relu": lambda z: z * (z > 0),
    "leaky_relu": lambda z: np.where(z > 0, z, 0.01 * z),
    "elu": _elu,
    "linear": lambda z: z.copy(),
}
DERIVS = {
    "sigmoid": lambda z: _sigmoid(z) * (1 - _sigmoid(z)),
    "tanh": lambda z: 1 - np.tanh(z) ** 2,
    "relu": lambda z: (z > 0) * 1.0,
    "leaky_relu": lambda z: np.where(z > 0, 1.0, 0.01),
    "elu": lambda z: np.where(z >= 0, 1.0, np.exp(np.clip(z, None, 0))),
    "linear": lambda z: np.ones_like(z),
}

def _check_act(name, what):
    if name not in FUNCS:
        raise ValueError("%s must be one of %s, got %r" % (what, list(FUNCS), name))

def init_weights(n_in, n_out, method, rng):
    if method == "zeros":
        return np.zeros((n_in, n_out))
    if method == "random":
        return rng.uniform(-0.5, 0.5, (n_in, n_out))
    if method == "xavier":
        r = np.sqrt(6.0 / (n_in + n_out))
        return rng.uniform(-r, r, (n_in, n_out))
    if method == "he":
        return rng.normal(0.0, np.sqrt(2.0 / n_in), (n_in, n_out))
    raise ValueError("method %r not in zeros/random/xavier/he" % (method,))

def init_params(layer_sizes, method, rng):
    sizes = list(layer_sizes)
    if len(sizes) < 2:
        raise ValueError("layer_sizes must have >= 2 entries")
    params = {}
    for i in range(len(sizes) - 1):
        params["W%d" % (i + 1)] = init_weights(sizes[i], sizes[i + 1], method, rng)
        params["b%d" % (i + 1)] = np.zeros(sizes[i + 1])
    return params

def _depth(params):
    n = 0
    while "W%d" % (n + 1) in params:
        n += 1
    return n

def forward(X, params, hidden_activation="sigmoid", output_activation="sigmoid"):
    _check_act(hidden_activation, "hidden_activation")
    _check_act(output_activation, "output_activation")
    a = np.asarray(X, dtype=np.float64)
    if a.ndim == 1:
        a = a.reshape(1, -1)
    L = _depth(params)
    cache = {"A0": a}
    for l in range(1, L + 1):
        z = a @ params["W%d" % l] + params["b%d" % l]
        a = FUNCS[output_activation if l == L else hidden_activation](z)
        cache["Z%d" % l] = z
        cache["A%d" % l] = a
    return a, cache

def mse_loss(Y, A):
    A = np.asarray(A, dtype=np.float64)
    A = A.reshape(len(A), -1)
    Y = np.asarray(Y, dtype=np.float64).reshape(A.shape)
    return float(0.5 * ((Y - A) ** 2).sum() / A.shape[0])

def backward(X, Y, params, cache, hidden_activation="sigmoid", output_activation="sigmoid"):
    _check_act(hidden_activation, "hidden_activation")
    _check_act(output_activation, "output_activation")
    L = _depth(params)
    out = cache["A%d" % L]
    Y = np.asarray(Y, dtype=np.float64).reshape(out.shape)
    m = out.shape[0]
    grads = {}
    delta = (out - Y) / m          # error at the output
    for l in range(L, 0, -1):
        grads["dW%d" % l] = cache["A%d" % (l - 1)].T @ delta
        grads["db%d" % l] = delta.sum(axis=0)
        if l > 1:
            delta = (delta @ params["W%d" % l].T) * DERIVS[hidden_activation](cache["Z%d" % (l - 1)])
    return grads

def train_step(X, Y, params, lr, hidden_activation="sigmoid", output_activation="sigmoid"):
    _, cache = forward(X, params, hidden_activation, output_activation)
    grads = backward(X, Y, params, cache, hidden_activation, output_activation)
    for key in params:
        params[key] -= lr * grads["d" + key]
    return params

def train(X, Y, layer_sizes, lr, epochs, rng, method="xavier",
          hidden_activation="sigmoid", output_activation="sigmoid"):
    params = init_params(layer_sizes, method, rng)
    losses = np.empty(epochs)
    for ep in range(epochs):
        A, _ = forward(X, params, hidden_activation, output_activation)
        losses[ep] = mse_loss(Y, A)
        params = train_step(X, Y, params, lr, hidden_activation, output_activation)
    return params, losses

def numerical_gradient(f, x, h=1e-5):
    x = np.array(x, dtype=np.float64)
    g = np.zeros_like(x)
    for i in np.ndindex(x.shape):
        xp, xm = x.copy(), x.copy()
        xp[i] += h
        xm[i] -= h
        g[i] = (f(xp) - f(xm)) / (2.0 * h)
    return g
