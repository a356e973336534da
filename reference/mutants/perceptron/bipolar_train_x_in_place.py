"""catches: perceptron_train_bipolar: leaves X and t unchanged

Mutant of solutions/perceptron.py with one realistic student bug: for one output unit the update scales the sample x in place (x *= lr * t), but x is a row of the caller's X.

Perceptron: step activation, prediction, the error-driven learning rule,
Fausett's bipolar training algorithm (notes 001) and logic gates.

Shapes: X (m, n); one output unit: w (n,), b scalar, y (m,);
k output units: w (n, k), b (k,), y (m, k). Inputs are never modified.
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


def _positive_int(value, name):
    if isinstance(value, bool) or not isinstance(value, numbers.Integral) or value < 1:
        raise ValueError(f"{name} must be a positive integer, got {value!r}")
    return int(value)


def _check_data(X, y, y_name, targets):
    """X as (m, n) float, y as (m,) or (m, k) float with values in ``targets``."""
    X = _as_float(X, "X")
    y = _as_float(y, y_name)
    if not np.isin(y, targets).all():
        raise ValueError(f"{y_name} must contain only the targets {targets}")
    if X.ndim != 2:
        raise ValueError(f"X must have shape (m, n), got {X.shape}")
    if y.ndim not in (1, 2) or y.shape[0] != X.shape[0]:
        raise ValueError(f"{y_name} must have shape ({X.shape[0]},) or ({X.shape[0]}, k), got {y.shape}")
    return X, y


def step(z, threshold=0.0):
    """1 where z >= threshold, else 0 (integer array, shape preserved)."""
    z = _as_float(z, "z")
    threshold = _real(threshold, "threshold")
    return np.asarray(z >= threshold, dtype=np.int64)


def perceptron_predict(X, w, b):
    """step(X @ w + b): X (m, n), w (n,) -> (m,); w (n, k), b (k,) -> (m, k)."""
    X = _as_float(X, "X")
    w = _as_float(w, "w")
    b = _as_float(b, "b")
    if X.ndim not in (1, 2):
        raise ValueError(f"X must have shape (m, n), got {X.shape}")
    if w.ndim not in (1, 2) or w.shape[0] != X.shape[-1]:
        raise ValueError(f"w must have shape ({X.shape[-1]},) or ({X.shape[-1]}, k), got {w.shape}")
    if not (b.ndim == 0 or (w.ndim == 2 and b.shape == (w.shape[1],))):
        raise ValueError(f"b must be a scalar (one output) or have shape (k,) matching w, got {b.shape}")
    return step(X @ w + b)


def perceptron_train(X, y, lr=1.0, max_epochs=100, w0=None, b0=0.0):
    """Online perceptron rule, samples in the given order.

    For each sample: y_hat = step(x @ w + b); w += lr * (t - y_hat) * x;
    b += lr * (t - y_hat). Stops after the first epoch with no change, or after
    max_epochs epochs. y (m,) trains one unit, y (m, k) trains k units at once.

    Returns (w, b, epochs, converged): w (n,) or (n, k); b a float for one unit
    or (k,) for k units; epochs counts every pass made (the final unchanged
    pass included); converged is True only if the last pass changed nothing.
    """
    X, y = _check_data(X, y, "y", (0.0, 1.0))
    lr = _real(lr, "lr")
    if lr <= 0:
        raise ValueError(f"lr must be positive, got {lr!r}")
    max_epochs = _positive_int(max_epochs, "max_epochs")
    n = X.shape[1]
    out_shape = (n,) if y.ndim == 1 else (n, y.shape[1])
    if w0 is None:
        w = np.zeros(out_shape)
    else:
        w = np.array(w0, dtype=float)  # a copy: w0 is not modified
        if w.shape != out_shape:
            raise ValueError(f"w0 must have shape {out_shape}, got {w.shape}")
    b0 = _as_float(b0, "b0")
    if b0.shape not in ((), out_shape[1:]):
        raise ValueError(f"b0 must be a scalar or have shape {out_shape[1:]}, got {b0.shape}")
    b = np.array(np.broadcast_to(b0, out_shape[1:]), dtype=float)  # a copy

    converged = False
    epochs = 0
    while epochs < max_epochs:
        epochs += 1
        changed = False
        for x, t in zip(X, y):
            error = t - step(x @ w + b)       # 0 where the prediction is right
            if np.any(error != 0):
                w = w + lr * np.multiply.outer(x, error)
                b = b + lr * error
                changed = True
        if not changed:
            converged = True
            break
    return w, (float(b) if y.ndim == 1 else b), epochs, converged


def bipolar_step(y_in, theta=0.2):
    """1 if y_in > theta, 0 if -theta <= y_in <= theta, -1 if y_in < -theta (integer array)."""
    y_in = _as_float(y_in, "y_in")
    theta = _real(theta, "theta")
    if theta < 0:
        raise ValueError(f"theta must be non-negative, got {theta!r}")
    return np.asarray(np.where(y_in > theta, 1, np.where(y_in < -theta, -1, 0)), dtype=np.int64)


def perceptron_train_bipolar(X, t, lr=1.0, theta=0.2, max_epochs=100):
    """Fausett's perceptron training algorithm (notes 001) for bipolar targets.

    w and b start at zero. For each sample in order: y = bipolar_step(b + x @ w, theta);
    for every output unit with y != t: w += lr * t * x, b += lr * t.
    Stops after the first pass with no change, or after max_epochs passes.
    t (m,) trains one unit, t (m, k) trains k units.
    Returns (w, b, epochs, converged) as perceptron_train.
    """
    X, t = _check_data(X, t, "t", (-1.0, 1.0))
    lr = _real(lr, "lr")
    if lr <= 0:
        raise ValueError(f"lr must be positive, got {lr!r}")
    theta = _real(theta, "theta")
    if theta < 0:
        raise ValueError(f"theta must be non-negative, got {theta!r}")
    max_epochs = _positive_int(max_epochs, "max_epochs")
    out_shape = (X.shape[1],) + t.shape[1:]
    w = np.zeros(out_shape)
    b = np.zeros(t.shape[1:])

    converged = False
    epochs = 0
    while epochs < max_epochs:
        epochs += 1
        changed = False
        for x, target in zip(X, t):
            y = bipolar_step(b + x @ w, theta)
            wrong = y != target                # units to update
            if np.any(wrong):
                delta = lr * np.where(wrong, target, 0.0)
                if t.ndim == 1:  # one unit, as in the notes: w = w + lr * t * x
                    x *= delta  # BUG: x is a view of a row of X: the caller's X is changed
                    w = w + x
                else:
                    w = w + np.multiply.outer(x, delta)
                b = b + delta
                changed = True
        if not changed:
            converged = True
            break
    return w, (float(b) if t.ndim == 1 else b), epochs, converged


_GATES = {
    # gate: (w, b) with step(x1*w1 + x2*w2 + b) equal to the truth table on {0, 1}^2
    "AND": ([1.0, 1.0], -1.5),
    "OR": ([1.0, 1.0], -0.5),
    "NAND": ([-1.0, -1.0], 1.5),
    "NOR": ([-1.0, -1.0], 0.5),
}


def gate_perceptron(gate):
    """(w, b), w of shape (2,) and b a float, computing the gate with perceptron_predict.

    gate in {"AND", "OR", "NAND", "NOR"}, case-insensitive. XOR (not linearly
    separable) and anything else is a ValueError.
    """
    if not isinstance(gate, str) or gate.upper() not in _GATES:
        raise ValueError(f"gate must be one of {sorted(_GATES)} (XOR needs a hidden layer), got {gate!r}")
    w, b = _GATES[gate.upper()]
    return np.array(w), float(b)
