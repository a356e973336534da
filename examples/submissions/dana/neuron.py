"""Neuron exercise -- Dana Kowalski"""
import numpy as np

_ACTS = ("sigmoid", "tanh", "relu", "leaky_relu", "elu", "linear")


def weighted_sum(x, w, b):
    x = np.array(x, dtype=float)
    w = np.array(w, dtype=float)
    b = np.array(b, dtype=float)
    if x.shape[-1] != w.shape[0]:
        raise ValueError(f"shape mismatch: x {x.shape} vs w {w.shape}")
    if b.ndim > 1 or (b.ndim == 1 and (w.ndim == 1 or len(b) != w.shape[1])):
        raise ValueError(f"b has the wrong shape {b.shape} for w {w.shape}")
    return np.array(x @ w + b, dtype=float)


def sigmoid(z):
    # sigma(z) = exp(-log(1 + exp(-z))), and logaddexp(0, -z) = log(1 + exp(-z)) never overflows
    z = np.array(z, dtype=float)
    return np.exp(-np.logaddexp(0.0, -z))


def sigmoid_derivative(z):
    s = sigmoid(z)
    return s * (1 - s)


def tanh(z):
    return np.tanh(np.array(z, dtype=float))


def tanh_derivative(z):
    return 1.0 - tanh(z) ** 2


def relu(z):
    z = np.array(z, dtype=float)
    z[z < 0] = 0.0   # z is a copy so this is fine
    return z


def relu_derivative(z):
    return np.where(np.array(z, dtype=float) > 0, 1.0, 0.0)


def leaky_relu(z, alpha=0.01):
    z = np.array(z, dtype=float)
    return np.where(z > 0, z, z * alpha)


def elu(z, alpha=1.0):
    z = np.array(z, dtype=float)
    out = z.copy()
    neg = z < 0
    out[neg] = alpha * (np.exp(z[neg]) - 1)
    return out


def softmax(z, axis=-1):
    z = np.array(z, dtype=float)
    if z.ndim == 0:
        raise ValueError("z must be at least 1-d")
    z = z - z.max(axis=axis, keepdims=True)
    ez = np.exp(z)
    return ez / ez.sum(axis=axis, keepdims=True)


def neuron_output(x, w, b, activation="sigmoid"):
    if activation not in _ACTS:
        raise ValueError(f"activation must be one of {_ACTS}, got {activation!r}")
    z = weighted_sum(x, w, b)
    if activation == "linear":
        return z
    return globals()[activation](z)


def mse(y_true, y_pred):
    y_true, y_pred = np.array(y_true, dtype=float), np.array(y_pred, dtype=float)
    if y_true.shape != y_pred.shape:
        raise ValueError("y_true and y_pred shapes differ")
    return float(np.mean(np.square(y_true - y_pred)))


def binary_cross_entropy(y_true, y_pred, eps=1e-12):
    y_true, y_pred = np.array(y_true, dtype=float), np.array(y_pred, dtype=float)
    if y_true.shape != y_pred.shape:
        raise ValueError("y_true and y_pred shapes differ")
    y_pred = np.clip(y_pred, eps, 1 - eps)
    return float(np.mean(-y_true * np.log(y_pred) - (1 - y_true) * np.log(1 - y_pred)))


def categorical_cross_entropy(y_true, y_pred, eps=1e-12):
    y_true, y_pred = np.array(y_true, dtype=float), np.array(y_pred, dtype=float)
    if y_true.shape != y_pred.shape:
        raise ValueError("y_true and y_pred shapes differ")
    y_pred = np.clip(y_pred, eps, 1.0)
    return float(np.mean(np.sum(-y_true * np.log(y_pred), axis=-1)))
