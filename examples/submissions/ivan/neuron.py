"""Exercise 1 -- neuron math.  (Ivan Petrov)

Sorry, ran out of time for elu, softmax and categorical cross-entropy.
"""
import numpy as np


def weighted_sum(x, w, b):
    """Compute the net input of one or more neurons, ``z = x @ w + b``."""
    x = np.asarray(x, dtype=np.float64)
    w = np.asarray(w, dtype=np.float64)
    b = np.asarray(b, dtype=np.float64)
    if x.shape[-1] != w.shape[0]:
        raise ValueError(f"x has {x.shape[-1]} features but w has {w.shape[0]} rows")
    if b.ndim > 0 and b.shape != w.shape[1:]:
        raise ValueError(f"b has shape {b.shape}, expected a scalar or {w.shape[1:]}")
    return np.asarray(x @ w + b, dtype=np.float64)


def sigmoid(z):
    """Logistic sigmoid, stable for large |z|."""
    z = np.asarray(z, dtype=np.float64)
    e = np.exp(-np.abs(z))
    return np.where(z >= 0, 1.0 / (1.0 + e), e / (1.0 + e))


def sigmoid_derivative(z):
    """Derivative of the sigmoid at z."""
    s = sigmoid(z)
    return s * (1.0 - s)


def tanh(z):
    """Hyperbolic tangent."""
    return np.tanh(np.asarray(z, dtype=np.float64))


def tanh_derivative(z):
    """Derivative of tanh at z."""
    return 1.0 - np.tanh(np.asarray(z, dtype=np.float64)) ** 2


def relu(z):
    """max(0, z)."""
    return np.maximum(np.asarray(z, dtype=np.float64), 0.0)


def relu_derivative(z):
    """1 where z > 0 else 0."""
    return (np.asarray(z, dtype=np.float64) > 0).astype(np.float64)


def leaky_relu(z, alpha=0.01):
    """z where z > 0 else alpha * z."""
    z = np.asarray(z, dtype=np.float64)
    return np.where(z > 0, z, alpha * z)


def elu(z, alpha=1.0):
    """Exponential linear unit."""
    # TODO
    raise NotImplementedError("elu is not implemented yet")


def softmax(z, axis=-1):
    """Softmax along ``axis``."""
    # TODO: remember to subtract the max
    raise NotImplementedError("softmax is not implemented yet")


def neuron_output(x, w, b, activation="sigmoid"):
    """activation(weighted_sum(x, w, b))."""
    z = weighted_sum(x, w, b)
    if activation == "sigmoid":
        return sigmoid(z)
    if activation == "tanh":
        return tanh(z)
    if activation == "relu":
        return relu(z)
    if activation == "leaky_relu":
        return leaky_relu(z)
    if activation == "elu":
        return elu(z)
    if activation == "linear":
        return z
    raise ValueError(f"unknown activation {activation!r}")


def mse(y_true, y_pred):
    """Mean squared error."""
    y_true = np.asarray(y_true, dtype=np.float64)
    y_pred = np.asarray(y_pred, dtype=np.float64)
    if y_true.shape != y_pred.shape:
        raise ValueError(f"y_true {y_true.shape} and y_pred {y_pred.shape} differ")
    return float(np.mean((y_true - y_pred) ** 2))


def binary_cross_entropy(y_true, y_pred, eps=1e-12):
    """Binary cross-entropy with clipping."""
    y_true = np.asarray(y_true, dtype=np.float64)
    y_pred = np.asarray(y_pred, dtype=np.float64)
    if y_true.shape != y_pred.shape:
        raise ValueError(f"y_true {y_true.shape} and y_pred {y_pred.shape} differ")
    p = np.clip(y_pred, eps, 1.0 - eps)
    return float(np.mean(-(y_true * np.log(p) + (1.0 - y_true) * np.log(1.0 - p))))


def categorical_cross_entropy(y_true, y_pred, eps=1e-12):
    """Categorical cross-entropy."""
    raise NotImplementedError("categorical_cross_entropy is not implemented yet")
