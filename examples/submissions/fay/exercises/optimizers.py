"""Exercise 4 (optimizers) -- Fay Adeyemi, student no. s1006."""
from __future__ import annotations

import math

import numpy as np


def sgd_update(w, dw, lr: float) -> np.ndarray:
    return np.asarray(w, dtype=np.float64) - lr * np.asarray(dw, dtype=np.float64)


def momentum_update(w, dw, velocity, lr: float, beta: float = 0.9):
    v = beta * np.asarray(velocity, dtype=np.float64) - lr * np.asarray(dw, dtype=np.float64)
    return np.asarray(w, dtype=np.float64) + v, v


def adagrad_update(w, dw, cache, lr: float, eps: float = 1e-8):
    g = np.asarray(dw, dtype=np.float64)
    c = np.asarray(cache, dtype=np.float64) + g ** 2
    return np.asarray(w, dtype=np.float64) - lr * g / (np.sqrt(c) + eps), c


def rmsprop_update(w, dw, cache, lr: float, rho: float = 0.9, eps: float = 1e-8):
    g = np.asarray(dw, dtype=np.float64)
    c = rho * np.asarray(cache, dtype=np.float64) + (1.0 - rho) * g ** 2
    return np.asarray(w, dtype=np.float64) - lr * g / (np.sqrt(c) + eps), c


def adam_update(w, dw, m, v, t: int, lr: float = 0.001, beta1: float = 0.9,
                beta2: float = 0.999, eps: float = 1e-8):
    if t < 1:
        raise ValueError(f"t={t}: Adam's step counter starts at 1")
    g = np.asarray(dw, dtype=np.float64)
    m_new = beta1 * np.asarray(m, dtype=np.float64) + (1.0 - beta1) * g
    v_new = beta2 * np.asarray(v, dtype=np.float64) + (1.0 - beta2) * g ** 2
    m_hat = m_new / (1.0 - beta1 ** t)
    v_hat = v_new / (1.0 - beta2 ** t)
    w_new = np.asarray(w, dtype=np.float64) - lr * m_hat / (np.sqrt(v_hat) + eps)
    return w_new, m_new, v_new


def minibatches(X, y, batch_size: int, shuffle: bool = True, rng: np.random.Generator | None = None):
    if batch_size < 1:
        raise ValueError(f"batch_size={batch_size} must be at least 1")
    if shuffle and rng is None:
        raise ValueError("rng must be given when shuffle=True")
    X_ = np.asarray(X, dtype=np.float64)
    y_ = np.asarray(y, dtype=np.float64)
    order = rng.permutation(len(X_)) if shuffle else np.arange(len(X_))
    for start in range(0, len(X_), batch_size)
        chunk = order[start:start + batch_size]
        yield X_[chunk], y_[chunk]


def iterations_per_epoch(n_samples: int, batch_size: int) -> int:
    if batch_size < 1:
        raise ValueError(f"batch_size={batch_size} must be at least 1")
    return math.ceil(n_samples / batch_size)


def gradient_descent(grad_fn, w0, lr: float, n_steps: int):
    w = np.array(w0, dtype=np.float64)
    path = [w.copy()]
    for _ in range(n_steps):
        w = w - lr * np.asarray(grad_fn(w.copy()), dtype=np.float64)
        path.append(w.copy())
    return w, np.stack(path)
