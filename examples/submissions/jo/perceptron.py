# jo -- perceptron.py
import numpy as np


def step(z, threshold=0.0):
    return (np.asarray(z, dtype=float) >= threshold).astype(np.int64)


def perceptron_predict(X, w, b):
    X, w = np.asarray(X, dtype=float), np.asarray(w, dtype=float)
    if X.shape[-1] != w.shape[0]:
        raise ValueError(f"X {X.shape} and w {w.shape} don't match")
    return step(X @ w + np.asarray(b, dtype=float))


def perceptron_train(X, y, lr=1.0, max_epochs=100, w0=None, b0=0.0):
    X, y = np.asarray(X, dtype=float), np.asarray(y, dtype=float)
    if X.ndim != 2 or len(y) != len(X):
        raise ValueError(f"X {X.shape} / y {y.shape}")
    w = np.zeros(X.shape[1:] + y.shape[1:]) if w0 is None else np.array(w0, dtype=float)
    b = np.zeros(y.shape[1:]) + b0
    ep = 0
    while ep < max_epochs:
        ep += 1
        clean = True
        for x, t in zip(X, y):
            d = t - step(x @ w + b)
            if d.any():
                w, b, clean = w + lr * np.multiply.outer(x, d), b + lr * d, False
        if clean:
            return w, (float(b) if y.ndim == 1 else b), ep, True
    return w, (float(b) if y.ndim == 1 else b), ep, False


def bipolar_step(y_in, theta=0.2):
    y_in = np.asarray(y_in, dtype=float)
    return np.where(y_in > theta, 1, 0) - np.where(y_in < -theta, 1, 0)


def perceptron_train_bipolar(X, t, lr=1.0, theta=0.2, max_epochs=100):
    X, t = np.asarray(X, dtype=float), np.asarray(t, dtype=float)
    if X.ndim != 2 or len(t) != len(X):
        raise ValueError(f"X {X.shape} / t {t.shape}")
    w = np.zeros(X.shape[1:] + t.shape[1:])
    b = np.zeros(t.shape[1:])
    ep = 0
    while ep < max_epochs:
        ep += 1
        clean = True
        for x, tt in zip(X, t):
            wrong = bipolar_step(b + x @ w, theta) != tt
            if wrong.any():
                d = lr * tt * wrong
                w, b, clean = w + np.multiply.outer(x, d), b + d, False
        if clean:
            return w, (float(b) if t.ndim == 1 else b), ep, True
    return w, (float(b) if t.ndim == 1 else b), ep, False


GATES = {"AND": ([1, 1], -1.5), "OR": ([1, 1], -0.5), "NAND": ([-1, -1], 1.5), "NOR": ([-1, -1], 0.5)}


def gate_perceptron(gate):
    if not isinstance(gate, str) or gate.upper() not in GATES:
        raise ValueError(f"no single-perceptron weights for gate {gate!r}")
    w, b = GATES[gate.upper()]
    return np.array(w, dtype=float), float(b)
