"""Exercise 4 - optimizers.

Ada Lindqvist, s1001
"""
import math

import numpy as np


def _arr(value, name):
    try:
        return np.asarray(value, dtype=np.float64)
    except (TypeError, ValueError):
        raise ValueError(f"{name} must be numeric, got {value!r}") from None


def _num(value, name):
    a = _arr(value, name)
    if a.ndim != 0 or not np.isfinite(a):
        raise ValueError(f"{name} must be a finite number, got {value!r}")
    return float(a)


def _same_shape(w, **others):
    w = _arr(w, "w")
    out = [w]
    for name, val in others.items():
        a = _arr(val, name)
        if a.shape != w.shape:
            raise ValueError(f"{name} has shape {a.shape} but w has shape {w.shape}")
        out.append(a)
    return out


def sgd_update(w, dw, lr):
    w, dw = _same_shape(w, dw=dw)
    return w - _num(lr, "lr") * dw


def momentum_update(w, dw, velocity, lr, beta=0.9):
    w, dw, v = _same_shape(w, dw=dw, velocity=velocity)
    v = _num(beta, "beta") * v - _num(lr, "lr") * dw
    return w + v, v


def adagrad_update(w, dw, cache, lr, eps=1e-8):
    w, dw, cache = _same_shape(w, dw=dw, cache=cache)
    cache = cache + dw ** 2
    return w - _num(lr, "lr") * dw / (np.sqrt(cache) + _num(eps, "eps")), cache


def rmsprop_update(w, dw, cache, lr, rho=0.9, eps=1e-8):
    w, dw, cache = _same_shape(w, dw=dw, cache=cache)
    rho = _num(rho, "rho")
    cache = rho * cache + (1 - rho) * dw ** 2
    return w - _num(lr, "lr") * dw / (np.sqrt(cache) + _num(eps, "eps")), cache


def adam_update(w, dw, m, v, t, lr=0.001, beta1=0.9, beta2=0.999, eps=1e-8):
    if isinstance(t, bool) or not isinstance(t, (int, np.integer)) or t < 1:
        raise ValueError(f"t must be an integer >= 1 (steps count from 1), got {t!r}")
    w, dw, m, v = _same_shape(w, dw=dw, m=m, v=v)
    beta1, beta2 = _num(beta1, "beta1"), _num(beta2, "beta2")
    if not 0 <= beta1 < 1:
        raise ValueError(f"beta1 must be in [0, 1), got {beta1}")
    if not 0 <= beta2 < 1:
        raise ValueError(f"beta2 must be in [0, 1), got {beta2}")
    m = beta1 * m + (1 - beta1) * dw
    v = beta2 * v + (1 - beta2) * dw ** 2
    m_hat = m / (1 - beta1 ** t)
    v_hat = v / (1 - beta2 ** t)
    w = w - _num(lr, "lr") * m_hat / (np.sqrt(v_hat) + _num(eps, "eps"))
    return w, m, v


def minibatches(X, y, batch_size, shuffle=True, rng=None):
    X = _arr(X, "X")
    y = _arr(y, "y")
    if X.ndim == 0 or y.ndim == 0 or len(X) != len(y):
        raise ValueError(f"X and y must have the same number of samples, got {X.shape} and {y.shape}")
    if isinstance(batch_size, bool) or not isinstance(batch_size, (int, np.integer)) or batch_size < 1:
        raise ValueError(f"batch_size must be a positive integer, got {batch_size!r}")
    m = len(X)
    if shuffle:
        if not isinstance(rng, np.random.Generator):
            raise ValueError("rng (a numpy Generator) is required when shuffle=True")
        order = rng.permutation(m)
    else:
        order = np.arange(m)
    # checks above run right away; the batches themselves come from a generator
    return ((X[order[i:i + batch_size]], y[order[i:i + batch_size]])
            for i in range(0, m, batch_size))


def iterations_per_epoch(n_samples, batch_size):
    if isinstance(n_samples, bool) or not isinstance(n_samples, (int, np.integer)) or n_samples < 0:
        raise ValueError(f"n_samples must be a non-negative integer, got {n_samples!r}")
    if isinstance(batch_size, bool) or not isinstance(batch_size, (int, np.integer)) or batch_size < 1:
        raise ValueError(f"batch_size must be a positive integer, got {batch_size!r}")
    return math.ceil(n_samples / batch_size)


def gradient_descent(grad_fn, w0, lr, n_steps):
    if not callable(grad_fn):
        raise ValueError("grad_fn must be callable")
    if isinstance(n_steps, bool) or not isinstance(n_steps, (int, np.integer)) or n_steps < 0:
        raise ValueError(f"n_steps must be a non-negative integer, got {n_steps!r}")
    lr = _num(lr, "lr")
    w = np.array(w0, dtype=np.float64)
    path = [w.copy()]
    for _ in range(n_steps):
        w = w - lr * _arr(grad_fn(w.copy()), "grad_fn(w)")
        path.append(w.copy())
    return w, np.array(path)
