# max: neuron.py, element by element where it is clearer
import math
import numpy as np


def _sig(v):
    if v >= 0:
        return 1.0 / (1.0 + math.exp(-v))
    e = math.exp(v)
    return e / (1.0 + e)


def sigmoid(z):
    arr = np.array(z, dtype=np.float64)
    flat = [_sig(v) for v in arr.ravel()]
    return np.array(flat, dtype=np.float64).reshape(arr.shape)


def relu(z):
    arr = np.array(z, dtype=np.float64)
    arr[arr < 0] = 0.0
    return arr


def softmax(z, axis=-1):
    arr = np.array(z, dtype=np.float64)
    moved = np.moveaxis(arr, axis, -1)
    shifted = moved - np.max(moved, axis=-1)[..., None]
    e = np.exp(shifted)
    total = np.sum(e, axis=-1)[..., None]
    return np.moveaxis(e / total, -1, axis)


def mse(y_true, y_pred):
    yt, yp = np.array(y_true, dtype=np.float64), np.array(y_pred, dtype=np.float64)
    if yt.shape != yp.shape:
        raise ValueError("shape mismatch between y_true and y_pred")
    total = 0.0
    for a, b in zip(yt.ravel(), yp.ravel()):
        total += (a - b) ** 2
    return total / yt.size


def binary_cross_entropy(y_true, y_pred, eps=1e-12):
    yt, yp = np.array(y_true, dtype=np.float64), np.array(y_pred, dtype=np.float64)
    if yt.shape != yp.shape:
        raise ValueError("shape mismatch between y_true and y_pred")
    total = 0.0
    for y, p in zip(yt.ravel(), yp.ravel()):
        p = min(max(p, eps), 1 - eps)
        total -= y * math.log(p) + (1 - y) * math.log(1 - p)
    return total / yt.size
