"""Exercise 2 -- perceptron.  (Ivan Petrov)"""
import numpy as np


def step(z, threshold=0.0):
    """1 where z >= threshold, else 0."""
    return (np.asarray(z, dtype=np.float64) >= threshold).astype(np.int64)


def perceptron_predict(X, w, b):
    """step(X @ w + b)."""
    X = np.asarray(X, dtype=np.float64)
    w = np.asarray(w, dtype=np.float64)
    if X.shape[-1] != w.shape[0]:
        raise ValueError(f"X has {X.shape[-1]} columns but w has {w.shape[0]} rows")
    return step(X @ w + np.asarray(b, dtype=np.float64))


def perceptron_train(X, y, lr=1.0, max_epochs=100, w0=None, b0=0.0):
    """Online perceptron rule; returns (w, b, epochs, converged)."""
    X = np.asarray(X, dtype=np.float64)
    y = np.asarray(y, dtype=np.float64)
    if X.ndim != 2 or y.shape[0] != X.shape[0]:
        raise ValueError(f"X must be (m, n) and y must have m rows; got {X.shape}, {y.shape}")
    w = np.zeros((X.shape[1],) + y.shape[1:]) if w0 is None else np.array(w0, dtype=np.float64)
    b = np.zeros(y.shape[1:]) + b0
    epochs = 0
    converged = False
    while epochs < max_epochs:
        epochs += 1
        changed = False
        for i in range(len(X)):
            error = y[i] - step(X[i] @ w + b)
            if np.any(error != 0):
                w = w + lr * np.multiply.outer(X[i], error)
                b = b + lr * error
                changed = True
        if not changed:
            converged = True
            break
    return w, (float(b) if y.ndim == 1 else b), epochs, converged


def bipolar_step(y_in, theta=0.2):
    """Three-valued activation."""
    raise NotImplementedError("bipolar_step is not implemented yet")


def perceptron_train_bipolar(X, t, lr=1.0, theta=0.2, max_epochs=100):
    """Fausett's algorithm for bipolar targets."""
    # TODO: like perceptron_train but with bipolar_step and only update when wrong
    raise NotImplementedError("perceptron_train_bipolar is not implemented yet")


def gate_perceptron(gate):
    """(w, b) for AND / OR / NAND / NOR."""
    g = str(gate).upper()
    if g == "AND":
        return np.array([1.0, 1.0]), -1.5
    if g == "OR":
        return np.array([1.0, 1.0]), -0.5
    if g == "NAND":
        return np.array([-1.0, -1.0]), 1.5
    if g == "NOR":
        return np.array([-1.0, -1.0]), 0.5
    raise ValueError(f"gate {gate!r} is not supported")
