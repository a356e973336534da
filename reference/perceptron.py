"""Reference: the perceptron (threshold unit, error-driven rule, the notes' bipolar rule).

Training is written as explicit loops: epochs, then samples in the given order,
then (for several output units) the units one by one.  An epoch "changed
something" when at least one update was applied (for lr > 0 that is exactly
when a weight or a bias changes).
"""

from __future__ import annotations

import numpy as np

from .neuron import _float_array, _integer, _real, _weighted_sum_arrays

__all__ = ["step", "perceptron_predict", "perceptron_train", "bipolar_step",
           "perceptron_train_bipolar", "gate_perceptron"]


def step(z, threshold=0.0):
    """1 where z >= threshold, else 0, as an integer array of z's shape."""
    z = _float_array(z, "z")
    threshold = _real(threshold, "threshold")
    return np.asarray(np.where(z >= threshold, 1, 0), dtype=np.int64)


def perceptron_predict(X, w, b):
    """step(X @ w + b): X (m, n), w (n,) -> (m,); w (n, k), b (k,) -> (m, k)."""
    z = _weighted_sum_arrays(_float_array(X, "X"), _float_array(w, "w"), _float_array(b, "b"))
    return np.asarray(np.where(z >= 0.0, 1, 0), dtype=np.int64)


def bipolar_step(y_in, theta=0.2):
    """1 if y_in > theta, 0 if -theta <= y_in <= theta, -1 if y_in < -theta (integers)."""
    y_in = _float_array(y_in, "y_in")
    theta = _real(theta, "theta", low=0.0)
    out = np.zeros(y_in.shape, dtype=np.int64)
    out[y_in > theta] = 1
    out[y_in < -theta] = -1
    return out


def _training_data(X, y, yname, allowed):
    X = _float_array(X, "X")
    y = _float_array(y, yname)
    if X.ndim != 2:
        raise ValueError(f"X must be a 2-D array (m, n), got shape {X.shape}")
    m, _ = X.shape
    if m == 0:
        raise ValueError("X has no samples")
    if y.ndim not in (1, 2) or y.shape[0] != m:
        raise ValueError(f"{yname} must have shape ({m},) or ({m}, k) to match X{X.shape}, "
                         f"got shape {y.shape}")
    if not np.all(np.isin(y, allowed)):
        raise ValueError(f"{yname} must contain only the targets {allowed}")
    return X, y


def _result(w, b, single, epochs, converged):
    if single:
        return w[:, 0].copy(), float(b[0]), epochs, converged
    return w, b, epochs, converged


def perceptron_train(X, y, lr=1.0, max_epochs=100, w0=None, b0=0.0):
    """Online error-driven perceptron rule; returns ``(w, b, epochs, converged)``."""
    X, y = _training_data(X, y, "y", (0.0, 1.0))
    lr = _real(lr, "lr", low=0.0, low_open=True)
    max_epochs = _integer(max_epochs, "max_epochs", low=1)
    m, n = X.shape
    single = y.ndim == 1
    T = y.reshape(m, 1) if single else y
    k = T.shape[1]

    if w0 is None:
        W = np.zeros((n, k))
    else:
        w0 = _float_array(w0, "w0")
        expected = (n,) if single else (n, k)
        if w0.shape != expected:
            raise ValueError(f"w0 must have shape {expected}, got {w0.shape}")
        W = w0.reshape(n, k).copy()
    b0 = _float_array(b0, "b0")
    if single:
        if b0.size != 1:
            raise ValueError(f"b0 must be a scalar for one output unit, got shape {b0.shape}")
        B = b0.reshape(1).copy()
    else:
        if not (b0.ndim == 0 or b0.shape == (k,)):
            raise ValueError(f"b0 must be a scalar or have shape ({k},), got shape {b0.shape}")
        B = np.broadcast_to(b0, (k,)).copy()

    epochs = 0
    converged = False
    while epochs < max_epochs:
        epochs += 1
        changed = False
        for i in range(m):
            x = X[i]
            for j in range(k):
                y_hat = 1.0 if np.dot(x, W[:, j]) + B[j] >= 0.0 else 0.0
                err = T[i, j] - y_hat
                if err != 0.0:
                    W[:, j] = W[:, j] + (lr * err) * x
                    B[j] = B[j] + lr * err
                    changed = True
        if not changed:
            converged = True
            break
    return _result(W, B, single, epochs, converged)


def perceptron_train_bipolar(X, t, lr=1.0, theta=0.2, max_epochs=100):
    """The notes' (001) training algorithm for bipolar targets; ``(w, b, epochs, converged)``."""
    X, T = _training_data(X, t, "t", (-1.0, 1.0))
    lr = _real(lr, "lr", low=0.0, low_open=True)
    theta = _real(theta, "theta", low=0.0)
    max_epochs = _integer(max_epochs, "max_epochs", low=1)
    m, n = X.shape
    single = T.ndim == 1
    if single:
        T = T.reshape(m, 1)
    k = T.shape[1]
    W = np.zeros((n, k))
    B = np.zeros(k)

    epochs = 0
    converged = False
    while epochs < max_epochs:
        epochs += 1
        changed = False
        for i in range(m):
            x = X[i]
            for j in range(k):
                y_in = B[j] + np.dot(x, W[:, j])
                y = 1.0 if y_in > theta else (-1.0 if y_in < -theta else 0.0)
                if y != T[i, j]:
                    W[:, j] = W[:, j] + (lr * T[i, j]) * x
                    B[j] = B[j] + lr * T[i, j]
                    changed = True
        if not changed:
            converged = True
            break
    return _result(W, B, single, epochs, converged)


_GATES = {
    # (w, b) with margins of 0.5 on every input of {0, 1}^2
    "AND": ([1.0, 1.0], -1.5),
    "OR": ([1.0, 1.0], -0.5),
    "NAND": ([-1.0, -1.0], 1.5),
    "NOR": ([-1.0, -1.0], 0.5),
}


def gate_perceptron(gate):
    """(w, b) computing AND, OR, NAND or NOR (case-insensitive) with perceptron_predict."""
    if not isinstance(gate, str) or gate.upper() not in _GATES:
        raise ValueError(f"gate must be one of AND, OR, NAND, NOR (case-insensitive), got {gate!r}"
                         + (" (no single perceptron computes XOR)" if isinstance(gate, str)
                            and gate.upper() in ("XOR", "XNOR") else ""))
    w, b = _GATES[gate.upper()]
    return np.array(w, dtype=np.float64), float(b)
