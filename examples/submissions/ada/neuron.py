"""Exercise 1 - neuron math.

Ada Lindqvist, s1001
"""
import numpy as np


def _to_array(value, name):
    """Convert to a float64 array, complaining with the argument's name."""
    try:
        return np.asarray(value, dtype=np.float64)
    except (TypeError, ValueError):
        raise ValueError(f"{name} must be numeric, got {value!r}") from None


def _to_scalar(value, name):
    arr = _to_array(value, name)
    if arr.ndim != 0 or not np.isfinite(arr):
        raise ValueError(f"{name} must be a single finite number, got {value!r}")
    return float(arr)


def weighted_sum(x, w, b):
    """z = x @ w + b for one sample (n,) or a batch (m, n)."""
    x = _to_array(x, "x")
    w = _to_array(w, "w")
    b = _to_array(b, "b")
    if x.ndim not in (1, 2):
        raise ValueError(f"x must be (n,) or (m, n), got shape {x.shape}")
    if w.ndim not in (1, 2):
        raise ValueError(f"w must be (n,) or (n, k), got shape {w.shape}")
    if w.shape[0] != x.shape[-1]:
        raise ValueError(f"w has {w.shape[0]} rows but x has {x.shape[-1]} features")
    if b.ndim != 0:
        if w.ndim != 2 or b.shape != (w.shape[1],):
            raise ValueError(f"b must be a scalar or of shape (k,) matching w, got shape {b.shape}")
    return np.asarray(x @ w + b, dtype=np.float64)


def sigmoid(z):
    """Numerically stable logistic function.

    For z >= 0 use 1 / (1 + e^-z), for z < 0 use e^z / (1 + e^z); in both
    cases the exponent is <= 0 so nothing can overflow.
    """
    z = _to_array(z, "z")
    with np.errstate(under="ignore"):  # e^-10000 -> 0.0 is fine
        e = np.exp(-np.abs(z))
    return np.where(z >= 0, 1.0 / (1.0 + e), e / (1.0 + e))


def sigmoid_derivative(z):
    s = sigmoid(z)
    return s * (1.0 - s)


def tanh(z):
    return np.tanh(_to_array(z, "z"))


def tanh_derivative(z):
    return 1.0 - np.tanh(_to_array(z, "z")) ** 2


def relu(z):
    return np.maximum(_to_array(z, "z"), 0.0)


def relu_derivative(z):
    # 1 for z > 0, 0 otherwise (we take 0 at z = 0)
    return (_to_array(z, "z") > 0).astype(np.float64)


def leaky_relu(z, alpha=0.01):
    z = _to_array(z, "z")
    alpha = _to_scalar(alpha, "alpha")
    return np.where(z > 0, z, alpha * z)


def elu(z, alpha=1.0):
    z = _to_array(z, "z")
    alpha = _to_scalar(alpha, "alpha")
    # exp only sees non-positive numbers -> no overflow for big z
    with np.errstate(under="ignore"):
        neg = alpha * np.expm1(np.minimum(z, 0.0))
    return np.where(z >= 0, z, neg)


def softmax(z, axis=-1):
    z = _to_array(z, "z")
    if z.ndim == 0:
        raise ValueError("z must be at least 1-D for softmax")
    if isinstance(axis, bool) or not isinstance(axis, (int, np.integer)) or not -z.ndim <= axis < z.ndim:
        raise ValueError(f"axis {axis!r} is out of range for z with {z.ndim} dimension(s)")
    with np.errstate(under="ignore"):
        e = np.exp(z - z.max(axis=axis, keepdims=True))
    return e / e.sum(axis=axis, keepdims=True)


def _linear(z):
    return np.array(z, dtype=np.float64)


_ACTIVATIONS = {
    "sigmoid": sigmoid,
    "tanh": tanh,
    "relu": relu,
    "leaky_relu": leaky_relu,
    "elu": elu,
    "linear": _linear,
}


def neuron_output(x, w, b, activation="sigmoid"):
    if not isinstance(activation, str) or activation not in _ACTIVATIONS:
        raise ValueError(f"activation must be one of {sorted(_ACTIVATIONS)}, got {activation!r}")
    return _ACTIVATIONS[activation](weighted_sum(x, w, b))


def _check_pair(y_true, y_pred):
    y_true = _to_array(y_true, "y_true")
    y_pred = _to_array(y_pred, "y_pred")
    if y_true.shape != y_pred.shape:
        raise ValueError(f"y_true {y_true.shape} and y_pred {y_pred.shape} must have the same shape")
    if y_true.size == 0:
        raise ValueError("y_true and y_pred are empty")
    return y_true, y_pred


def _check_eps(eps):
    eps = _to_scalar(eps, "eps")
    if not 0 < eps < 0.5:
        raise ValueError(f"eps must be in (0, 0.5), got {eps!r}")
    return eps


def mse(y_true, y_pred):
    y_true, y_pred = _check_pair(y_true, y_pred)
    return float(np.mean((y_true - y_pred) ** 2))


def binary_cross_entropy(y_true, y_pred, eps=1e-12):
    y_true, y_pred = _check_pair(y_true, y_pred)
    eps = _check_eps(eps)
    p = np.clip(y_pred, eps, 1 - eps)
    return float(-np.mean(y_true * np.log(p) + (1 - y_true) * np.log(1 - p)))


def categorical_cross_entropy(y_true, y_pred, eps=1e-12):
    y_true, y_pred = _check_pair(y_true, y_pred)
    if y_true.ndim == 0:
        raise ValueError("y_true must be one-hot of shape (m, k), got a scalar")
    p = np.clip(y_pred, _check_eps(eps), 1.0)
    per_sample = -np.sum(y_true * np.log(p), axis=-1)
    return float(np.mean(per_sample))
