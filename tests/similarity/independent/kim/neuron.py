# Kim -- neuron math (part of it)
import numpy as np


def sigmoid(z):
    z = np.asarray(z, dtype=float)
    out = np.empty_like(z)
    pos = z >= 0
    out[pos] = 1.0 / (1.0 + np.exp(-z[pos]))
    ez = np.exp(z[~pos])
    out[~pos] = ez / (1.0 + ez)
    return out


def relu(z):
    z = np.asarray(z, dtype=float)
    return z * (z > 0)


def softmax(z, axis=-1):
    z = np.asarray(z, dtype=float)
    exps = np.exp(z - z.max(axis=axis, keepdims=True))
    return exps / exps.sum(axis=axis, keepdims=True)


def mse(y_true, y_pred):
    a = np.asarray(y_true, dtype=float)
    b = np.asarray(y_pred, dtype=float)
    if a.shape != b.shape:
        raise ValueError("y_pred must match y_true")
    diff = a - b
    return float((diff * diff).sum() / diff.size)


def binary_cross_entropy(y_true, y_pred, eps=1e-12):
    y = np.asarray(y_true, dtype=float)
    p = np.clip(np.asarray(y_pred, dtype=float), eps, 1 - eps)
    if y.shape != p.shape:
        raise ValueError("y_pred must match y_true")
    losses = -(y * np.log(p) + (1 - y) * np.log(1 - p))
    return float(losses.mean())
