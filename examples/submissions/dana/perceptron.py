"""Perceptron exercise -- Dana Kowalski"""
import numpy as np


def step(z, threshold=0.0):
    return np.where(np.array(z, dtype=float) >= threshold, 1, 0).astype(np.int64)


def perceptron_predict(X, w, b):
    X = np.array(X, dtype=float)
    w = np.array(w, dtype=float)
    if X.shape[-1] != w.shape[0]:
        raise ValueError(f"X has {X.shape[-1]} columns but w has {w.shape[0]} rows")
    return step(X @ w + np.array(b, dtype=float))


def perceptron_train(X, y, lr=1.0, max_epochs=100, w0=None, b0=0.0):
    X = np.array(X, dtype=float)
    y = np.array(y, dtype=float)
    if X.ndim != 2 or y.shape[0] != X.shape[0]:
        raise ValueError(f"bad shapes X {X.shape}, y {y.shape}")
    multi = y.ndim == 2
    w = np.zeros((X.shape[1], y.shape[1]) if multi else X.shape[1]) if w0 is None else np.array(w0, dtype=float)
    b = np.full(y.shape[1], b0, dtype=float) if multi else float(b0)

    for epoch in range(1, max_epochs + 1):
        n_updates = 0
        for xi, ti in zip(X, y):
            err = ti - step(xi @ w + b)
            if np.any(err):
                w = w + lr * np.outer(xi, err).reshape(w.shape)
                b = b + lr * err
                n_updates += 1
        if n_updates == 0:
            return w, (b if multi else float(b)), epoch, True
    return w, (b if multi else float(b)), max_epochs, False


def bipolar_step(y_in, theta=0.2):
    y_in = np.array(y_in, dtype=float)
    return (np.sign(y_in) * (np.abs(y_in) > theta)).astype(np.int64)


def perceptron_train_bipolar(X, t, lr=1.0, theta=0.2, max_epochs=100):
    X = np.array(X, dtype=float)
    t = np.array(t, dtype=float)
    if X.ndim != 2 or t.shape[0] != X.shape[0]:
        raise ValueError(f"bad shapes X {X.shape}, t {t.shape}")
    multi = t.ndim == 2
    w = np.zeros((X.shape[1], t.shape[1]) if multi else X.shape[1])
    b = np.zeros(t.shape[1]) if multi else 0.0

    for epoch in range(1, max_epochs + 1):
        n_updates = 0
        for xi, ti in zip(X, t):
            y = bipolar_step(b + xi @ w, theta)
            wrong = (y != ti).astype(float)
            if wrong.any():
                w = w + lr * np.outer(xi, ti * wrong).reshape(w.shape)
                b = b + lr * ti * wrong
                n_updates += 1
        if n_updates == 0:
            return w, (b if multi else float(b)), epoch, True
    return w, (b if multi else float(b)), max_epochs, False


def gate_perceptron(gate):
    gates = {"and": ([2, 2], -3), "or": ([2, 2], -1), "nand": ([-2, -2], 3), "nor": ([-2, -2], 1)}
    key = str(gate).lower()
    if not isinstance(gate, str) or key not in gates:
        raise ValueError(f"gate={gate!r}: only AND, OR, NAND, NOR work with a single perceptron")
    w, b = gates[key]
    return np.array(w, dtype=float), float(b)
