"""Exercise 2 (perceptron) -- Fay Adeyemi, student no. s1006."""
from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike


def step(z: ArrayLike, threshold: float = 0.0) -> np.ndarray:
    return np.where(np.asarray(z, dtype=np.float64) >= threshold, 1, 0).astype(np.int64)


def perceptron_predict(X: ArrayLike, w: ArrayLike, b: ArrayLike) -> np.ndarray:
    X_ = np.asarray(X, dtype=np.float64)
    w_ = np.asarray(w, dtype=np.float64)
    if X_.shape[-1] != w_.shape[0]:
        raise ValueError(f"w needs {X_.shape[-1]} rows, has {w_.shape[0]}")
    return step(X_ @ w_ + np.asarray(b, dtype=np.float64))


def perceptron_train(X: ArrayLike, y: ArrayLike, lr: float = 1.0, max_epochs: int = 100,
                     w0: ArrayLike | None = None, b0: float = 0.0):
    X_ = np.asarray(X, dtype=np.float64)
    y_ = np.asarray(y, dtype=np.float64)
    if X_.ndim != 2 or y_.ndim not in (1, 2) or len(y_) != len(X_):
        raise ValueError(f"X must be (m, n) and y (m,) or (m, k); got {X_.shape}, {y_.shape}")
    n_out = y_.shape[1:]                     # () for one unit, (k,) for k units
    w = np.zeros(X_.shape[1:] + n_out) if w0 is None else np.array(w0, dtype=np.float64)
    b = np.broadcast_to(np.asarray(b0, dtype=np.float64), n_out).copy()

    epochs, converged = 0, False
    while epochs < max_epochs and not converged:
        epochs += 1
        converged = True                     # until proven otherwise
        for x_i, t_i in zip(X_, y_):
            delta = t_i - step(x_i @ w + b)
            if np.any(delta != 0):
                converged = False
                w = w + lr * np.multiply.outer(x_i, delta)
                b = b + lr * delta
    return w, (float(b) if y_.ndim == 1 else b), epochs, converged


def bipolar_step(y_in: ArrayLike, theta: float = 0.2) -> np.ndarray:
    y = np.asarray(y_in, dtype=np.float64)
    return (y > theta).astype(np.int64) - (y < -theta).astype(np.int64)


def perceptron_train_bipolar(X: ArrayLike, t: ArrayLike, lr: float = 1.0, theta: float = 0.2,
                             max_epochs: int = 100):
    X_ = np.asarray(X, dtype=np.float64)
    t_ = np.asarray(t, dtype=np.float64)
    if X_.ndim != 2 or t_.ndim not in (1, 2) or len(t_) != len(X_):
        raise ValueError(f"X must be (m, n) and t (m,) or (m, k); got {X_.shape}, {t_.shape}")
    w = np.zeros(X_.shape[1:] + t_.shape[1:])
    b = np.zeros(t_.shape[1:])

    epochs, converged = 0, False
    while epochs < max_epochs and not converged:
        epochs += 1
        converged = True
        for x_i, t_i in zip(X_, t_):
            y = bipolar_step(b + x_i @ w, theta)
            upd = lr * t_i * (y != t_i)
            if np.any(upd != 0):
                converged = False
                w = w + np.multiply.outer(x_i, upd)
                b = b + upd
    return w, (float(b) if t_.ndim == 1 else b), epochs, converged


def gate_perceptron(gate: str):
    weights = {
        "AND": (np.array([1.0, 1.0]), -1.5),
        "OR": (np.array([1.0, 1.0]), -0.5),
        "NAND": (np.array([-1.0, -1.0]), 1.5),
        "NOR": (np.array([-1.0, -1.0]), 0.5),
    }
    if not isinstance(gate, str) or gate.upper() not in weights:
        raise ValueError(f"gate={gate!r} cannot be represented by a single perceptron")
    w, b = weights[gate.upper()]
    return w.copy(), b
