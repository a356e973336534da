# -*- coding: utf-8 -*-
"""
perceptron.py  (Eli Navarro, group B)
"""
import numpy as np

def step(z, threshold=0.0):
    return np.greater_equal(np.asarray(z, dtype=np.float64), threshold).astype(np.int64)

def perceptron_predict(X, w, b):
    X, w = np.asarray(X, dtype=np.float64), np.asarray(w, dtype=np.float64)
    if X.shape[-1] != w.shape[0]:
        raise ValueError("w must have %d rows (one per column of X), got %d" % (X.shape[-1], w.shape[0]))
    return step(np.matmul(X, w) + np.asarray(b, dtype=np.float64))

def _epochs(X, T, w, b, rule, max_epochs):
    for epoch in range(1, max_epochs + 1):
        dirty = False
        for x, t in zip(X, T):
            dw, db = rule(x, t, w, b)
            if np.any(db != 0):
                w, b, dirty = w + dw, b + db, True
        if not dirty:
            return w, b, epoch, True
    return w, b, max_epochs, False

def perceptron_train(X, y, lr=1.0, max_epochs=100, w0=None, b0=0.0):
    X, y = np.asarray(X, dtype=np.float64), np.asarray(y, dtype=np.float64)
    if X.ndim != 2 or y.ndim not in (1, 2) or y.shape[0] != X.shape[0]:
        raise ValueError("X must be (m, n) and y (m,) or (m, k)")
    if max_epochs < 1:
        raise ValueError("max_epochs must be positive")
    w = np.zeros(X.shape[1:] + y.shape[1:]) if w0 is None else np.array(w0, dtype=np.float64)
    b = np.zeros(y.shape[1:]) + b0

    def rule(x, t, w, b):
        e = lr * (t - step(x @ w + b))
        return np.multiply.outer(x, e), e

    w, b, n, ok = _epochs(X, y, w, b, rule, max_epochs)
    return w, (float(b) if y.ndim == 1 else b), n, ok

def bipolar_step(y_in, theta=0.2):
    y_in = np.asarray(y_in, dtype=np.float64)
    return np.select([y_in > theta, y_in < -theta], [1, -1], 0).astype(np.int64)

def perceptron_train_bipolar(X, t, lr=1.0, theta=0.2, max_epochs=100):
    X, t = np.asarray(X, dtype=np.float64), np.asarray(t, dtype=np.float64)
    if X.ndim != 2 or t.ndim not in (1, 2) or t.shape[0] != X.shape[0]:
        raise ValueError("X must be (m, n) and t (m,) or (m, k)")
    w = np.zeros(X.shape[1:] + t.shape[1:])
    b = np.zeros(t.shape[1:])

    def rule(x, tt, w, b):
        e = lr * tt * (bipolar_step(b + x @ w, theta) != tt)
        return np.multiply.outer(x, e), e

    w, b, n, ok = _epochs(X, t, w, b, rule, max_epochs)
    return w, (float(b) if t.ndim == 1 else b), n, ok

def gate_perceptron(gate):
    try:
        g = gate.strip().upper()
    except AttributeError:
        raise ValueError("gate must be a string, got %r" % (gate,))
    weights = {"AND": (1, 1, -1.5), "OR": (1, 1, -0.5), "NAND": (-1, -1, 1.5), "NOR": (-1, -1, 0.5)}
    if g not in weights:
        raise ValueError("gate %r is not linearly separable / not supported" % (gate,))
    w1, w2, b = weights[g]
    return np.array([w1, w2], dtype=np.float64), float(b)
