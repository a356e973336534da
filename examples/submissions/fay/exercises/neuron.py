"""Exercise 1 (neuron) -- Fay Adeyemi, student no. s1006."""
from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike


def weighted_sum(x: ArrayLike, w: ArrayLike, b: ArrayLike) -> np.ndarray:
    x_ = np.asarray(x, dtype=np.float64)
    w_ = np.asarray(w, dtype=np.float64)
    b_ = np.asarray(b, dtype=np.float64)
    if x_.ndim not in (1, 2) or w_.ndim not in (1, 2):
        raise ValueError(f"x and w must be 1-D or 2-D (x: {x_.shape}, w: {w_.shape})")
    if x_.shape[-1] != w_.shape[0]:
        raise ValueError(f"x has {x_.shape[-1]} inputs, w expects {w_.shape[0]}")
    if b_.ndim != 0 and (w_.ndim != 2 or b_.shape != (w_.shape[1],)):
        raise ValueError(f"b must be a scalar or (k,), got {b_.shape}")
    return np.asarray(x_ @ w_ + b_, dtype=np.float64)


def sigmoid(z: ArrayLike) -> np.ndarray:
    z_ = np.asarray(z, dtype=np.float64)
    # e = exp(-|z|) is in (0, 1]: safe for any z
    e = np.exp(-np.abs(z_))
    return np.where(z_ >= 0, 1.0, e) / (1.0 + e)


def sigmoid_derivative(z: ArrayLike) -> np.ndarray:
    s = sigmoid(z)
    return s * (1.0 - s)


def tanh(z: ArrayLike) -> np.ndarray:
    return np.tanh(np.asarray(z, dtype=np.float64))


def tanh_derivative(z: ArrayLike) -> np.ndarray:
    return 1.0 - tanh(z) ** 2


def relu(z: ArrayLike) -> np.ndarray:
    return np.clip(np.asarray(z, dtype=np.float64), 0.0, None)


def relu_derivative(z: ArrayLike) -> np.ndarray:
    return np.heaviside(np.asarray(z, dtype=np.float64), 0.0)


def leaky_relu(z: ArrayLike, alpha: float = 0.01) -> np.ndarray:
    z_ = np.asarray(z, dtype=np.float64)
    return np.where(z_ > 0, z_, alpha * z_)


def elu(z: ArrayLike, alpha: float = 1.0) -> np.ndarray:
    z_ = np.asarray(z, dtype=np.float64)
    negative = np.minimum(z_, 0.0)       # exp of this is <= 1
    return np.where(z_ >= 0, z_, alpha * np.expm1(negative))


def softmax(z: ArrayLike, axis: int = -1) -> np.ndarray:
    z_ = np.asarray(z, dtype=np.float64)
    if z_.ndim == 0:
        raise ValueError("z must have at least one axis")
    ez = np.exp(z_ - np.max(z_, axis=axis, keepdims=True))
    return ez / np.sum(ez, axis=axis, keepdims=True)


_ACTIVATIONS = {
    "sigmoid": sigmoid,
    "tanh": tanh,
    "relu": relu,
    "leaky_relu": leaky_relu,
    "elu": elu,
    "linear": lambda z: np.array(z, dtype=np.float64),
}


def neuron_output(x: ArrayLike, w: ArrayLike, b: ArrayLike, activation: str = "sigmoid") -> np.ndarray:
    if activation not in _ACTIVATIONS:
        raise ValueError(f"activation={activation!r} is not one of {list(_ACTIVATIONS)}")
    return _ACTIVATIONS[activation](weighted_sum(x, w, b))


def _same_shape(y_true: ArrayLike, y_pred: ArrayLike) -> tuple[np.ndarray, np.ndarray]:
    t = np.asarray(y_true, dtype=np.float64)
    p = np.asarray(y_pred, dtype=np.float64)
    if t.shape != p.shape:
        raise ValueError(f"y_true has shape {t.shape}, y_pred has shape {p.shape}")
    return t, p


def mse(y_true: ArrayLike, y_pred: ArrayLike) -> float:
    t, p = _same_shape(y_true, y_pred)
    return float(np.mean((t - p) ** 2))


def binary_cross_entropy(y_true: ArrayLike, y_pred: ArrayLike, eps: float = 1e-12) -> float:
    t, p = _same_shape(y_true, y_pred)
    p = np.clip(p, eps, 1.0 - eps)
    return float(np.mean(-(t * np.log(p) + (1.0 - t) * np.log(1.0 - p))))


def categorical_cross_entropy(y_true: ArrayLike, y_pred: ArrayLike, eps: float = 1e-12) -> float:
    t, p = _same_shape(y_true, y_pred)
    if t.ndim == 0:
        raise ValueError("y_true must be one-hot encoded")
    p = np.clip(p, eps, 1.0)
    return float(np.mean(-np.sum(t * np.log(p), axis=-1)))
