# Ben Okafor - exercise 2 (perceptron)
import numpy as np


def step(z, threshold=0.0):
    return (np.asarray(z, float) >= threshold).astype(int)


def perceptron_predict(X, w, b):
    X, w = np.asarray(X, float), np.asarray(w, float)
    if X.shape[-1] != w.shape[0]:
        raise ValueError(f"w has {w.shape[0]} rows, X has {X.shape[-1]} columns")
    return step(X @ w + np.asarray(b, float))


def _train_loop(X, T, w, b, update, max_epochs):
    # shared loop: update(x, t, w, b) -> (w, b, changed)
    epochs, converged = 0, False
    while epochs < max_epochs:
        epochs += 1
        any_change = False
        for x, t in zip(X, T):
            w, b, changed = update(x, t, w, b)
            any_change = any_change or changed
        if not any_change:
            converged = True
            break
    return w, b, epochs, converged


def perceptron_train(X, y, lr=1.0, max_epochs=100, w0=None, b0=0.0):
    X, y = np.asarray(X, float), np.asarray(y, float)
    if X.ndim != 2 or len(X) != len(y):
        raise ValueError(f"X must be (m, n) and y (m,) or (m, k); got X {X.shape}, y {y.shape}")
    if max_epochs < 1:
        raise ValueError("max_epochs must be >= 1")
    shape = (X.shape[1],) + y.shape[1:]
    w = np.zeros(shape) if w0 is None else np.array(w0, float)
    b = np.zeros(y.shape[1:]) + np.asarray(b0, float)

    def update(x, t, w, b):
        err = t - step(x @ w + b)
        if np.all(err == 0):
            return w, b, False
        return w + lr * np.multiply.outer(x, err), b + lr * err, True

    w, b, epochs, conv = _train_loop(X, y, w, b, update, max_epochs)
    return w, (float(b) if y.ndim == 1 else b), epochs, conv


def bipolar_step(y_in, theta=0.2):
    y_in = np.asarray(y_in, float)
    return np.where(y_in > theta, 1, np.where(y_in < -theta, -1, 0)).astype(int)


def perceptron_train_bipolar(X, t, lr=1.0, theta=0.2, max_epochs=100):
    X, t = np.asarray(X, float), np.asarray(t, float)
    if X.ndim != 2 or len(X) != len(t):
        raise ValueError(f"X must be (m, n) and t (m,) or (m, k); got X {X.shape}, t {t.shape}")
    w = np.zeros((X.shape[1],) + t.shape[1:])
    b = np.zeros(t.shape[1:])

    def update(x, target, w, b):
        wrong = bipolar_step(b + x @ w, theta) != target
        if not wrong.any():
            return w, b, False
        d = lr * target * wrong
        return w + np.multiply.outer(x, d), b + d, True

    w, b, epochs, conv = _train_loop(X, t, w, b, update, max_epochs)
    return w, (float(b) if t.ndim == 1 else b), epochs, conv


def gate_perceptron(gate):
    g = gate.upper() if isinstance(gate, str) else gate
    if g == "AND":
        return np.array([1.0, 1.0]), -1.5
    if g == "OR":
        return np.array([1.0, 1.0]), -0.5
    if g == "NAND":
        return np.array([-1.0, -1.0]), 1.5
    if g == "NOR":
        return np.array([-1.0, -1.0]), 0.5
    raise ValueError(f"gate {gate!r} not supported (only AND/OR/NAND/NOR, XOR can't be done)")
