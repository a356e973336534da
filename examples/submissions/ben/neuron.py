# Ben Okafor - exercise 1 (neuron)
import numpy as np


def weighted_sum(x, w, b):
    x, w, b = np.asarray(x, float), np.asarray(w, float), np.asarray(b, float)
    if x.shape[-1] != w.shape[0]:
        raise ValueError("x and w don't fit: x has %d features, w has %d rows" % (x.shape[-1], w.shape[0]))
    if b.ndim > 0 and (w.ndim < 2 or b.shape != (w.shape[1],)):
        raise ValueError("b should be a scalar or (k,), got %s" % (b.shape,))
    return np.asarray(x @ w + b, dtype=float)


def sigmoid(z):
    z = np.asarray(z, float)
    # split positive / negative so exp never gets a big positive number
    ez = np.exp(-np.abs(z))
    return np.where(z >= 0, 1 / (1 + ez), ez / (1 + ez))


def sigmoid_derivative(z):
    s = sigmoid(z)
    return s * (1 - s)


def tanh(z):
    return np.tanh(np.asarray(z, float))


def tanh_derivative(z):
    return 1 - np.tanh(np.asarray(z, float)) ** 2


def relu(z):
    return np.maximum(0.0, np.asarray(z, float))


def relu_derivative(z):
    return (np.asarray(z, float) >= 0).astype(float)


def leaky_relu(z, alpha=0.01):
    z = np.asarray(z, float)
    return np.where(z > 0, z, alpha * z)


def elu(z, alpha=1.0):
    z = np.asarray(z, float)
    return np.where(z >= 0, z, alpha * np.expm1(np.minimum(z, 0)))


def softmax(z, axis=-1):
    z = np.asarray(z, float)
    if z.ndim == 0:
        raise ValueError("softmax needs z with at least 1 dimension")
    e = np.exp(z)
    return e / e.sum(axis=axis, keepdims=True)


def neuron_output(x, w, b, activation="sigmoid"):
    funcs = {"sigmoid": sigmoid, "tanh": tanh, "relu": relu, "leaky_relu": leaky_relu,
             "elu": elu, "linear": lambda z: np.array(z, float)}
    if activation not in funcs:
        raise ValueError("unknown activation: %r" % (activation,))
    return funcs[activation](weighted_sum(x, w, b))


def _check(y_true, y_pred):
    y_true, y_pred = np.asarray(y_true, float), np.asarray(y_pred, float)
    if y_true.shape != y_pred.shape:
        raise ValueError(f"y_true shape {y_true.shape} != y_pred shape {y_pred.shape}")
    return y_true, y_pred


def mse(y_true, y_pred):
    y_true, y_pred = _check(y_true, y_pred)
    return float(((y_true - y_pred) ** 2).mean())


def binary_cross_entropy(y_true, y_pred, eps=1e-12):
    y, p = _check(y_true, y_pred)
    p = np.clip(p, eps, 1 - eps)
    return float(-(y * np.log(p) + (1 - y) * np.log(1 - p)).mean())


def categorical_cross_entropy(y_true, y_pred, eps=1e-12):
    y, p = _check(y_true, y_pred)
    p = np.clip(p, eps, 1)
    return float(np.mean(-(y * np.log(p)).sum(axis=-1)))
