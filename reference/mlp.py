"""Reference: a multilayer perceptron from scratch (forward pass, backprop, training).

Parameters are a dict ``{"W1", "b1", ..., "WL", "bL"}``; ``W_l`` is
``(n_{l-1}, n_l)``, ``b_l`` is ``(n_l,)``.

``forward`` returns ``(A, cache)`` where ``cache`` is a plain dict of float64
arrays: ``{"A0": X, "Z1": ..., "A1": ..., ..., "ZL": ..., "AL": ...}``
(``Z_l`` the pre-activations, ``A_l`` the activations).  ``backward`` turns it
into a list of per-layer records and walks that list from the output layer
down, one explicit iteration per layer:

    dZ_L = (A_L - Y) / m * f_out'(Z_L)           (loss = (1/m) sum 0.5 (Y - A)^2)
    dW_l = A_{l-1}^T dZ_l,  db_l = sum_rows dZ_l
    dZ_{l-1} = (dZ_l W_l^T) * f_hidden'(Z_{l-1})

A single sample may be given as a vector ``x`` (n,), and ``Y`` may be given in
any shape with the right number of elements when it is not 2-D (e.g. a scalar
target for one sample and one output); both are reshaped to ``(m, n)`` /
``(m, n_L)`` batches.
"""

from __future__ import annotations

import math

import numpy as np

from .neuron import (_apply, _apply_derivative, _check_activation, _float_array, _integer,
                     _real)

__all__ = ["init_weights", "init_params", "forward", "mse_loss", "backward", "train_step",
           "train", "numerical_gradient"]

METHODS = ("zeros", "random", "xavier", "he")


def init_weights(n_in, n_out, method, rng):
    """An (n_in, n_out) weight matrix drawn as documented (one rng call, or none for zeros)."""
    n_in = _integer(n_in, "n_in", low=1)
    n_out = _integer(n_out, "n_out", low=1)
    if not isinstance(method, str) or method not in METHODS:
        raise ValueError(f"method must be one of {', '.join(METHODS)}, got {method!r}")
    size = (n_in, n_out)
    if method == "zeros":
        return np.zeros(size, dtype=np.float64)
    if not isinstance(rng, np.random.Generator):
        raise ValueError(f"rng must be a numpy.random.Generator for method {method!r}, "
                         f"got {type(rng).__name__}")
    if method == "random":
        return np.asarray(rng.uniform(-0.5, 0.5, size), dtype=np.float64)
    if method == "xavier":
        a = math.sqrt(6.0 / (n_in + n_out))
        return np.asarray(rng.uniform(-a, a, size), dtype=np.float64)
    return np.asarray(rng.normal(0.0, math.sqrt(2.0 / n_in), size), dtype=np.float64)  # he


def init_params(layer_sizes, method, rng):
    """``{"W1", "b1", ...}`` for the dense layers of ``layer_sizes`` (biases zero)."""
    try:
        sizes = [s for s in layer_sizes]
    except TypeError:
        raise ValueError(f"layer_sizes must be a sequence of layer widths, got {layer_sizes!r}") from None
    if len(sizes) < 2:
        raise ValueError(f"layer_sizes needs at least an input and an output size, got {layer_sizes!r}")
    sizes = [_integer(s, "layer_sizes", low=1) for s in sizes]
    params = {}
    for layer in range(1, len(sizes)):
        params[f"W{layer}"] = init_weights(sizes[layer - 1], sizes[layer], method, rng)
        params[f"b{layer}"] = np.zeros(sizes[layer], dtype=np.float64)
    return params


def _layers(params):
    """Validated list of (W_l, b_l) float64 copies, in layer order."""
    if not isinstance(params, dict):
        raise ValueError(f"params must be a dict {{'W1', 'b1', ...}}, got {type(params).__name__}")
    n_layers = 0
    while f"W{n_layers + 1}" in params:
        n_layers += 1
    if n_layers == 0:
        raise ValueError("params has no 'W1'")
    layers = []
    for layer in range(1, n_layers + 1):
        if f"b{layer}" not in params:
            raise ValueError(f"params has W{layer} but no b{layer}")
        W = _float_array(params[f"W{layer}"], f"params['W{layer}']")
        b = _float_array(params[f"b{layer}"], f"params['b{layer}']")
        if W.ndim != 2:
            raise ValueError(f"params['W{layer}'] must be 2-D, got shape {W.shape}")
        if b.shape != (W.shape[1],):
            raise ValueError(f"params['b{layer}'] must have shape ({W.shape[1]},), got {b.shape}")
        if layers and layers[-1][0].shape[1] != W.shape[0]:
            raise ValueError(f"params['W{layer}'] has {W.shape[0]} rows but layer {layer - 1} "
                             f"has {layers[-1][0].shape[1]} units")
        layers.append((W, b))
    if f"b{n_layers + 1}" in params:
        raise ValueError(f"params has b{n_layers + 1} but no W{n_layers + 1}")
    return layers


def _batch(X, n_in):
    X = _float_array(X, "X")
    if X.ndim == 1:
        X = X.reshape(1, -1)
    if X.ndim != 2:
        raise ValueError(f"X must be a batch (m, n_in) or one sample (n_in,), got shape {X.shape}")
    if X.shape[1] != n_in:
        raise ValueError(f"X has {X.shape[1]} features but params['W1'] expects {n_in}")
    return X


def _targets(Y, shape):
    Y = _float_array(Y, "Y")
    if Y.ndim == 2:
        if Y.shape != shape:
            raise ValueError(f"Y must have shape {shape} (the network's output), got {Y.shape}")
        return Y
    if Y.size != shape[0] * shape[1]:
        raise ValueError(f"Y must have shape {shape} (the network's output), got {Y.shape}")
    return Y.reshape(shape)


def _forward(X, layers, hidden, output):
    cache = {"A0": X}
    A = X
    last = len(layers)
    for layer, (W, b) in enumerate(layers, start=1):
        Z = A @ W + b
        A = _apply(output if layer == last else hidden, Z)
        cache[f"Z{layer}"] = Z
        cache[f"A{layer}"] = A
    return A, cache


def forward(X, params, hidden_activation="sigmoid", output_activation="sigmoid"):
    """Forward pass; returns ``(A, cache)`` with A the (m, n_L) output."""
    hidden = _check_activation(hidden_activation, "hidden_activation")
    output = _check_activation(output_activation, "output_activation")
    layers = _layers(params)
    X = _batch(X, layers[0][0].shape[0])
    A, cache = _forward(X, layers, hidden, output)
    return A.copy(), cache


def mse_loss(Y, A):
    """(1/m) * sum over samples and outputs of 0.5 * (Y - A)^2, a float."""
    Y = _float_array(Y, "Y")
    A = _float_array(A, "A")
    if Y.shape != A.shape:
        raise ValueError(f"Y and A must have the same shape, got Y{Y.shape} and A{A.shape}")
    if A.size == 0:
        raise ValueError("Y and A are empty; the loss of no samples is undefined")
    m = A.shape[0] if A.ndim else 1
    diff = Y - A
    return float(0.5 * np.sum(diff * diff) / m)


def _backward(Y, layers, cache, hidden, output):
    n_layers = len(layers)
    # one record per layer, in layer order
    records = []
    for layer, (W, _b) in enumerate(layers, start=1):
        records.append({
            "layer": layer,
            "W": W,
            "A_prev": _float_array(cache[f"A{layer - 1}"], "cache"),
            "Z": _float_array(cache[f"Z{layer}"], "cache"),
            "A": _float_array(cache[f"A{layer}"], "cache"),
            "activation": output if layer == n_layers else hidden,
        })
    m = records[0]["A_prev"].shape[0]
    grads = {}
    dA = (records[-1]["A"] - Y) / m                 # d loss / d A_L
    for rec in reversed(records):
        dZ = dA * _apply_derivative(rec["activation"], rec["Z"])
        grads[f"dW{rec['layer']}"] = rec["A_prev"].T @ dZ
        grads[f"db{rec['layer']}"] = np.sum(dZ, axis=0)
        dA = dZ @ rec["W"].T                       # d loss / d A_{l-1}
    return {key: grads[key] for key in sorted(grads, key=lambda k: (int(k[2:]), k[1]))}


def backward(X, Y, params, cache, hidden_activation="sigmoid", output_activation="sigmoid"):
    """Gradients of mse_loss w.r.t. every parameter: ``{"dW1", "db1", ...}``."""
    hidden = _check_activation(hidden_activation, "hidden_activation")
    output = _check_activation(output_activation, "output_activation")
    layers = _layers(params)
    X = _batch(X, layers[0][0].shape[0])
    Y = _targets(Y, (X.shape[0], layers[-1][0].shape[1]))
    if not isinstance(cache, dict) or any(f"{k}{l}" not in cache for l in range(1, len(layers) + 1)
                                          for k in ("Z", "A")):
        raise ValueError("cache must be the cache returned by forward() for these params")
    cache = dict(cache)
    cache["A0"] = X
    for layer in range(1, len(layers) + 1):
        if np.shape(cache[f"Z{layer}"]) != (X.shape[0], layers[layer - 1][0].shape[1]):
            raise ValueError("cache does not match X and params: run forward() on them first")
    return _backward(Y, layers, cache, hidden, output)


def _check_lr(lr):
    return _real(lr, "lr", low=0.0)


def train_step(X, Y, params, lr, hidden_activation="sigmoid", output_activation="sigmoid"):
    """One full-batch gradient-descent step on mse_loss; returns new params (inputs untouched)."""
    hidden = _check_activation(hidden_activation, "hidden_activation")
    output = _check_activation(output_activation, "output_activation")
    lr = _check_lr(lr)
    layers = _layers(params)
    X = _batch(X, layers[0][0].shape[0])
    Y = _targets(Y, (X.shape[0], layers[-1][0].shape[1]))
    return _step(X, Y, layers, lr, hidden, output)[0]


def _step(X, Y, layers, lr, hidden, output):
    A, cache = _forward(X, layers, hidden, output)
    loss = mse_loss(Y, A)
    grads = _backward(Y, layers, cache, hidden, output)
    new = {}
    for layer, (W, b) in enumerate(layers, start=1):
        new[f"W{layer}"] = W - lr * grads[f"dW{layer}"]
        new[f"b{layer}"] = b - lr * grads[f"db{layer}"]
    return new, loss


def train(X, Y, layer_sizes, lr, epochs, rng, method="xavier",
          hidden_activation="sigmoid", output_activation="sigmoid"):
    """init_params, then ``epochs`` train_steps; returns ``(params, losses)``.

    ``losses[e]`` is mse_loss before step e (a float64 array of length ``epochs``).
    """
    hidden = _check_activation(hidden_activation, "hidden_activation")
    output = _check_activation(output_activation, "output_activation")
    lr = _check_lr(lr)
    epochs = _integer(epochs, "epochs", low=0)
    params = init_params(layer_sizes, method, rng)
    layers = [(params[f"W{l}"], params[f"b{l}"]) for l in range(1, len(params) // 2 + 1)]
    X = _batch(X, layers[0][0].shape[0])
    Y = _targets(Y, (X.shape[0], layers[-1][0].shape[1]))
    losses = np.zeros(epochs, dtype=np.float64)
    for epoch in range(epochs):
        params, losses[epoch] = _step(X, Y, layers, lr, hidden, output)
        layers = [(params[f"W{l}"], params[f"b{l}"]) for l in range(1, len(layers) + 1)]
    return params, losses


def numerical_gradient(f, x, h=1e-5):
    """Central differences (f(x + h e_i) - f(x - h e_i)) / (2h) for every element of x.

    When ``x`` is a writable float64 array the probes are made in ``x`` itself and
    every element is restored before returning (so an ``f`` that reads ``x``
    through a closure sees them too); otherwise a float64 copy is probed.  Either
    way ``x`` is unchanged afterwards.
    """
    if not callable(f):
        raise ValueError(f"f must be callable, got {type(f).__name__}")
    h = _real(h, "h", low=0.0, low_open=True)
    if isinstance(x, np.ndarray) and x.dtype == np.float64 and x.flags.writeable and x.ndim > 0:
        probe = x
    else:
        probe = _float_array(x, "x")
    grad = np.zeros(probe.shape, dtype=np.float64)
    for index in np.ndindex(*probe.shape):
        old = probe[index]
        try:
            probe[index] = old + h
            f_plus = float(f(probe))
            probe[index] = old - h
            f_minus = float(f(probe))
        finally:
            probe[index] = old
        grad[index] = (f_plus - f_minus) / (2.0 * h)
    return grad
