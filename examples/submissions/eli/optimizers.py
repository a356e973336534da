# -*- coding: utf-8 -*-
"""
optimizers.py  (Eli Navarro, group B)
"""
import numpy as np

def _f64(a):
    return np.asarray(a, dtype=np.float64)

def sgd_update(w, dw, lr):
    return _f64(w) - lr * _f64(dw)

def momentum_update(w, dw, velocity, lr, beta=0.9):
    velocity = beta * _f64(velocity) - lr * _f64(dw)
    return _f64(w) + velocity, velocity

def adagrad_update(w, dw, cache, lr, eps=1e-8):
    g = _f64(dw)
    cache = _f64(cache) + np.square(g)
    return _f64(w) - lr * g / (np.sqrt(cache) + eps), cache

def rmsprop_update(w, dw, cache, lr, rho=0.9, eps=1e-8):
    g = _f64(dw)
    cache = rho * _f64(cache) + (1 - rho) * np.square(g)
    return _f64(w) - lr * g / (np.sqrt(cache) + eps), cache

def adam_update(w, dw, m, v, t, lr=0.001, beta1=0.9, beta2=0.999, eps=1e-8):
    if not t >= 1:
        raise ValueError("t (step counter) must be >= 1, got %r" % (t,))
    g = _f64(dw)
    m = beta1 * _f64(m) + (1 - beta1) * g
    v = beta2 * _f64(v) + (1 - beta2) * np.square(g)
    m_hat = m / (1 - beta1 ** t)
    v_hat = v / (1 - beta2 ** t)
    return _f64(w) - lr * m_hat / (np.sqrt(v_hat) + eps), m, v

def minibatches(X, y, batch_size, shuffle=True, rng=None):
    if batch_size < 1:
        raise ValueError("batch_size must be >= 1, got %r" % (batch_size,))
    if shuffle and rng is None:
        raise ValueError("rng is required for shuffle=True")
    X, y = _f64(X), _f64(y)
    n = X.shape[0]
    perm = rng.permutation(n) if shuffle else np.arange(n)
    return iter([(X[perm[k:k + batch_size]], y[perm[k:k + batch_size]])
                 for k in range(0, n, batch_size)])

def iterations_per_epoch(n_samples, batch_size):
    if batch_size < 1:
        raise ValueError("batch_size must be >= 1")
    return -(-n_samples // batch_size)

def gradient_descent(grad_fn, w0, lr, n_steps):
    w = np.array(w0, dtype=np.float64)
    hist = [w.copy()]
    for _ in range(n_steps):
        w = w - lr * _f64(grad_fn(w.copy()))
        hist.append(w.copy())
    return w, np.array(hist)
