"""catches: sgd_update: w - lr * dw elementwise on a matrix

Mutant of solutions/optimizers.py with one realistic student bug: sgd_update subtracts lr * dw from the caller's float w in place (w -= ...).

Gradient descent and its variants (notes 001 and 004).

Every update is a pure function returning new float64 arrays of w's shape;
optimizer state (velocity, cache, m, v) starts as zeros of w's shape and adam's
step counter t counts from 1. Inputs are never modified.
"""
import numbers

import numpy as np


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


def _like(w, **arrays):
    """w and the other arrays as float arrays, all of w's shape."""
    w = _as_float(w, "w")
    out = [w]
    for name, value in arrays.items():
        arr = _as_float(value, name)
        if arr.shape != w.shape:
            raise ValueError(f"{name} must have w's shape {w.shape}, got {arr.shape}")
        out.append(arr)
    return out


def sgd_update(w, dw, lr):
    """w - lr * dw."""
    w, dw = _like(w, dw=dw)
    w -= _real(lr, "lr") * dw  # BUG: asarray made no copy: the caller's w is modified
    return w


def momentum_update(w, dw, velocity, lr, beta=0.9):
    """v = beta * v - lr * dw; w = w + v. Returns (w, v)."""
    w, dw, v = _like(w, dw=dw, velocity=velocity)
    v = _real(beta, "beta") * v - _real(lr, "lr") * dw
    return np.asarray(w + v), np.asarray(v)


def adagrad_update(w, dw, cache, lr, eps=1e-8):
    """cache = cache + dw**2; w = w - lr * dw / (sqrt(cache) + eps). Returns (w, cache)."""
    w, dw, cache = _like(w, dw=dw, cache=cache)
    cache = cache + dw ** 2
    return np.asarray(w - _real(lr, "lr") * dw / (np.sqrt(cache) + _real(eps, "eps"))), np.asarray(cache)


def rmsprop_update(w, dw, cache, lr, rho=0.9, eps=1e-8):
    """cache = rho * cache + (1 - rho) * dw**2; w = w - lr * dw / (sqrt(cache) + eps).
    Returns (w, cache)."""
    w, dw, cache = _like(w, dw=dw, cache=cache)
    rho = _real(rho, "rho")
    cache = rho * cache + (1.0 - rho) * dw ** 2
    return np.asarray(w - _real(lr, "lr") * dw / (np.sqrt(cache) + _real(eps, "eps"))), np.asarray(cache)


def adam_update(w, dw, m, v, t, lr=0.001, beta1=0.9, beta2=0.999, eps=1e-8):
    """Adam with bias correction; t >= 1 is the step number. Returns (w, m, v).

    m = beta1 m + (1 - beta1) dw; v = beta2 v + (1 - beta2) dw**2;
    m_hat = m / (1 - beta1**t); v_hat = v / (1 - beta2**t);
    w = w - lr * m_hat / (sqrt(v_hat) + eps).
    """
    t = _int(t, "t", 1)
    w, dw, m, v = _like(w, dw=dw, m=m, v=v)
    beta1, beta2 = _real(beta1, "beta1"), _real(beta2, "beta2")
    if not (0.0 <= beta1 < 1.0):
        raise ValueError(f"beta1 must be in [0, 1), got {beta1!r}")
    if not (0.0 <= beta2 < 1.0):
        raise ValueError(f"beta2 must be in [0, 1), got {beta2!r}")
    m = beta1 * m + (1.0 - beta1) * dw
    v = beta2 * v + (1.0 - beta2) * dw ** 2
    m_hat = m / (1.0 - beta1 ** t)
    v_hat = v / (1.0 - beta2 ** t)
    w = w - _real(lr, "lr") * m_hat / (np.sqrt(v_hat) + _real(eps, "eps"))
    return np.asarray(w), np.asarray(m), np.asarray(v)


def minibatches(X, y, batch_size, shuffle=True, rng=None):
    """Iterator of (X_batch, y_batch) covering every sample exactly once.

    X (m, ...), y (m, ...). Order: rng.permutation(m) when shuffling, else
    0..m-1; consecutive slices of batch_size, the last one shorter when m is
    not a multiple of batch_size. Batches are new arrays: X_batch float64,
    y_batch with y's dtype.
    Arguments are checked when minibatches is called, not on the first next().
    """
    X = _as_float(X, "X")
    y = np.asarray(y)  # keeps its dtype: integer labels stay labels
    if X.ndim == 0:
        raise ValueError("X must have a sample axis, got a scalar")
    if y.ndim == 0 or y.shape[0] != X.shape[0]:
        raise ValueError(f"y must have {X.shape[0]} samples like X, got shape {y.shape}")
    batch_size = _int(batch_size, "batch_size", 1)
    m = X.shape[0]
    if shuffle:
        if rng is None:
            raise ValueError("rng is required when shuffle is True")
        if not isinstance(rng, np.random.Generator):
            raise ValueError(f"rng must be a numpy.random.Generator, got {rng!r}")
        order = rng.permutation(m)
    else:
        order = np.arange(m)

    def batches():
        for start in range(0, m, batch_size):
            idx = order[start:start + batch_size]
            yield X[idx], y[idx]  # fancy indexing: copies, X and y stay untouched

    return batches()


def iterations_per_epoch(n_samples, batch_size):
    """ceil(n_samples / batch_size), an int (10,000 samples, batch 1000 -> 10)."""
    n_samples = _int(n_samples, "n_samples", 0)
    batch_size = _int(batch_size, "batch_size", 1)
    return -(-n_samples // batch_size)


def gradient_descent(grad_fn, w0, lr, n_steps):
    """Batch gradient descent w <- w - lr * grad_fn(w), n_steps times.

    Returns (w, path): w the final iterate, path of shape (n_steps + 1, *w0.shape)
    holding every iterate, w0 first.
    """
    if not callable(grad_fn):
        raise ValueError(f"grad_fn must be callable, got {grad_fn!r}")
    lr = _real(lr, "lr")
    n_steps = _int(n_steps, "n_steps", 0)
    w = np.array(_as_float(w0, "w0"))  # a copy
    path = [w]
    for _ in range(n_steps):
        grad = _as_float(grad_fn(w.copy()), "grad_fn(w)")
        if grad.shape != w.shape:
            raise ValueError(f"grad_fn must return an array of w0's shape {w.shape}, got {grad.shape}")
        w = w - lr * grad
        path.append(w)
    return np.array(w), np.stack(path)
