"""Exercise 2 - the perceptron.

Ada Lindqvist, s1001
"""
import numpy as np


def _to_array(value, name):
    try:
        return np.asarray(value, dtype=np.float64)
    except (TypeError, ValueError):
        raise ValueError(f"{name} must be numeric, got {value!r}") from None


def _positive_number(value, name, allow_zero=False):
    arr = _to_array(value, name)
    if arr.ndim != 0 or not np.isfinite(arr) or arr < 0 or (arr == 0 and not allow_zero):
        raise ValueError(f"{name} must be a {'non-negative' if allow_zero else 'positive'} number, got {value!r}")
    return float(arr)


def _positive_int(value, name):
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or value < 1:
        raise ValueError(f"{name} must be a positive integer, got {value!r}")
    return int(value)


def _data(X, y, yname):
    X = _to_array(X, "X")
    y = _to_array(y, yname)
    if X.ndim != 2:
        raise ValueError(f"X must be a 2-D array (m, n), got shape {X.shape}")
    if y.ndim not in (1, 2) or y.shape[0] != X.shape[0]:
        raise ValueError(f"{yname} must be ({X.shape[0]},) or ({X.shape[0]}, k), got shape {y.shape}")
    return X, y


def step(z, threshold=0.0):
    z = _to_array(z, "z")
    th = _to_array(threshold, "threshold")
    if th.ndim != 0 or not np.isfinite(th):
        raise ValueError(f"threshold must be a finite number, got {threshold!r}")
    return (z >= th).astype(np.int64)


def perceptron_predict(X, w, b):
    X = _to_array(X, "X")
    w = _to_array(w, "w")
    b = _to_array(b, "b")
    if X.ndim not in (1, 2):
        raise ValueError(f"X must be (m, n), got shape {X.shape}")
    if w.ndim not in (1, 2) or w.shape[0] != X.shape[-1]:
        raise ValueError(f"w must have {X.shape[-1]} rows to match X, got shape {w.shape}")
    if b.ndim != 0 and not (w.ndim == 2 and b.shape == (w.shape[1],)):
        raise ValueError(f"b must be a scalar or (k,) matching w, got shape {b.shape}")
    return step(X @ w + b)


def perceptron_train(X, y, lr=1.0, max_epochs=100, w0=None, b0=0.0):
    """Online perceptron learning rule.

    Returns (w, b, epochs, converged).
    """
    X, y = _data(X, y, "y")
    lr = _positive_number(lr, "lr")
    max_epochs = _positive_int(max_epochs, "max_epochs")

    shape = (X.shape[1],) if y.ndim == 1 else (X.shape[1], y.shape[1])
    if w0 is None:
        w = np.zeros(shape)
    else:
        w = np.array(w0, dtype=np.float64)   # copy, don't touch the caller's w0
        if w.shape != shape:
            raise ValueError(f"w0 must have shape {shape}, got {w.shape}")
    b0 = _to_array(b0, "b0")
    if b0.ndim != 0 and b0.shape != shape[1:]:
        raise ValueError(f"b0 must be a scalar or of shape {shape[1:]}, got {b0.shape}")
    b = np.zeros(shape[1:]) + b0

    epochs = 0
    converged = False
    while epochs < max_epochs:
        epochs += 1
        updated = False
        for xi, ti in zip(X, y):
            err = ti - step(xi @ w + b)
            if np.any(err != 0):
                w = w + lr * np.multiply.outer(xi, err)
                b = b + lr * err
                updated = True
        if not updated:
            converged = True
            break

    if y.ndim == 1:
        b = float(b)
    return w, b, epochs, converged


def bipolar_step(y_in, theta=0.2):
    y_in = _to_array(y_in, "y_in")
    theta = _positive_number(theta, "theta", allow_zero=True)
    out = np.zeros(y_in.shape, dtype=np.int64)
    out[y_in > theta] = 1
    out[y_in < -theta] = -1
    return out


def perceptron_train_bipolar(X, t, lr=1.0, theta=0.2, max_epochs=100):
    """Fausett's perceptron algorithm, bipolar targets in {-1, 1}."""
    X, t = _data(X, t, "t")
    lr = _positive_number(lr, "lr")
    theta = _positive_number(theta, "theta", allow_zero=True)
    max_epochs = _positive_int(max_epochs, "max_epochs")

    w = np.zeros((X.shape[1],) + t.shape[1:])
    b = np.zeros(t.shape[1:])
    epochs = 0
    converged = False
    while epochs < max_epochs:
        epochs += 1
        updated = False
        for xi, ti in zip(X, t):
            y = bipolar_step(b + xi @ w, theta)
            wrong = y != ti
            if np.any(wrong):
                delta = lr * np.where(wrong, ti, 0.0)
                w = w + np.multiply.outer(xi, delta)
                b = b + delta
                updated = True
        if not updated:
            converged = True
            break

    if t.ndim == 1:
        b = float(b)
    return w, b, epochs, converged


def gate_perceptron(gate):
    """Hand-picked weights for the linearly separable 2-input gates."""
    table = {
        "AND": ([1.0, 1.0], -1.5),
        "OR": ([1.0, 1.0], -0.5),
        "NAND": ([-1.0, -1.0], 1.5),
        "NOR": ([-1.0, -1.0], 0.5),
    }
    if not isinstance(gate, str) or gate.upper() not in table:
        raise ValueError(f"gate must be AND, OR, NAND or NOR (XOR is not linearly separable), got {gate!r}")
    w, b = table[gate.upper()]
    return np.array(w), float(b)
