# jo -- neuron.py
import numpy as np


def weighted_sum(x, w, b):
    x, w, b = (np.asarray(a, dtype=float) for a in (x, w, b))
    if x.shape[-1] != w.shape[0]:
        raise ValueError(f"x / w mismatch: {x.shape} @ {w.shape}")
    if b.ndim and b.shape != w.shape[1:]:
        raise ValueError(f"bad b shape {b.shape}")
    return np.asarray(x @ w + b, dtype=float)


def sigmoid(z):
    return 1 / (1 + np.exp(-np.asarray(z, dtype=float)))


def sigmoid_derivative(z):
    s = sigmoid(z)
    return s * (1 - s)


def tanh(z):
    return np.tanh(np.asarray(z, dtype=float))


def tanh_derivative(z):
    return 1 - tanh(z) ** 2


def relu(z):
    return np.maximum(np.asarray(z, dtype=float), 0)


def relu_derivative(z):
    return (np.asarray(z, dtype=float) > 0).astype(float)


def leaky_relu(z, alpha=0.01):
    z = np.asarray(z, dtype=float)
    return np.where(z > 0, z, alpha * z)


def elu(z, alpha=1.0):
    z = np.asarray(z, dtype=float)
    return np.where(z >= 0, z, alpha * np.expm1(np.minimum(z, 0)))


def softmax(z, axis=-1):
    z = np.asarray(z, dtype=float)
    if not z.ndim:
        raise ValueError("softmax of a scalar z")
    e = np.exp(z - z.max(axis=axis, keepdims=True))
    return e / e.sum(axis=axis, keepdims=True)


ACTS = {"sigmoid": sigmoid, "tanh": tanh, "relu": relu, "leaky_relu": leaky_relu,
        "elu": elu, "linear": lambda z: np.array(z, dtype=float)}


def neuron_output(x, w, b, activation="sigmoid"):
    if activation not in ACTS:
        raise ValueError(f"bad activation {activation!r}")
    return ACTS[activation](weighted_sum(x, w, b))


def _yy(y_true, y_pred):
    y_true, y_pred = np.asarray(y_true, dtype=float), np.asarray(y_pred, dtype=float)
    if y_true.shape != y_pred.shape:
        raise ValueError(f"y_true {y_true.shape} != y_pred {y_pred.shape}")
    return y_true, y_pred


def mse(y_true, y_pred):
    y_true, y_pred = _yy(y_true, y_pred)
    return float(np.mean((y_true - y_pred) ** 2))


def binary_cross_entropy(y_true, y_pred, eps=1e-12):
    y, p = _yy(y_true, y_pred)
    return float(np.mean(-(y * np.log(p) + (1 - y) * np.log(1 - p))))


def categorical_cross_entropy(y_true, y_pred, eps=1e-12):
    y, p = _yy(y_true, y_pred)
    p = np.clip(p, eps, 1)
    return float(np.mean(-np.sum(y * np.log(p), axis=-1)))
