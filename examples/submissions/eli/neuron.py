# -*- coding: utf-8 -*-
"""
neuron.py  (Eli Navarro, group B)
"""
import numpy as np

def _f64(a):
    return np.asarray(a, dtype=np.float64)

def weighted_sum(x, w, b):
    """Net input z = x.w + b"""
    x, w, b = _f64(x), _f64(w), _f64(b)
    if x.ndim == 0 or w.ndim == 0 or x.shape[-1] != w.shape[0]:
        raise ValueError("x and w are not compatible: x%s, w%s" % (x.shape, w.shape))
    if b.ndim > 0 and (w.ndim == 1 or b.shape != w.shape[1:]):
        raise ValueError("b must be scalar or have shape %s, got %s" % (w.shape[1:], b.shape))
    return _f64(np.matmul(x, w) + b)

def sigmoid(z):
    """logistic function, computed without overflow"""
    z = _f64(z)
    out = np.zeros_like(z)
    pos = z >= 0
    out[pos] = 1.0 / (1.0 + np.exp(-z[pos]))
    e = np.exp(z[~pos])
    out[~pos] = e / (1.0 + e)
    return out

def sigmoid_derivative(z):
    s = sigmoid(z)
    return s - s * s

def tanh(z):
    return np.tanh(_f64(z))

def tanh_derivative(z):
    t = np.tanh(_f64(z))
    return 1.0 - t ** 2

def relu(z):
    z = _f64(z)
    return z * (z > 0)

def relu_derivative(z):
    return (_f64(z) > 0) * 1.0

def leaky_relu(z, alpha=0.01):
    z = _f64(z)
    return np.where(z > 0, z, alpha * z)

def elu(z, alpha=1.0):
    z = _f64(z)
    return np.where(z >= 0, z, alpha * np.expm1(np.clip(z, None, 0)))

def softmax(z, axis=-1):
    z = _f64(z)
    if z.ndim < 1:
        raise ValueError("z must be a vector or matrix")
    shifted = z - np.amax(z, axis=axis, keepdims=True)
    num = np.exp(shifted)
    return num / np.sum(num, axis=axis, keepdims=True)

def neuron_output(x, w, b, activation="sigmoid"):
    table = dict(sigmoid=sigmoid, tanh=tanh, relu=relu, leaky_relu=leaky_relu,
                 elu=elu, linear=lambda z: _f64(z).copy())
    try:
        g = table[activation]
    except (KeyError, TypeError):
        raise ValueError("activation %r is not one of %s" % (activation, sorted(table)))
    return g(weighted_sum(x, w, b))

def _pair(y_true, y_pred):
    yt, yp = _f64(y_true), _f64(y_pred)
    if yt.shape != yp.shape:
        raise ValueError("y_true%s and y_pred%s differ in shape" % (yt.shape, yp.shape))
    return yt, yp

def mse(y_true, y_pred):
    yt, yp = _pair(y_true, y_pred)
    return float(np.mean((yt - yp) ** 2))

def binary_cross_entropy(y_true, y_pred, eps=1e-12):
    yt, yp = _pair(y_true, y_pred)
    yp = np.clip(yp, eps, 1 - eps)
    return float(np.mean(-(yt * np.log(yp) + (1 - yt) * np.log1p(-yp))))

def categorical_cross_entropy(y_true, y_pred, eps=1e-12):
    yt, yp = _pair(y_true, y_pred)
    if yt.ndim == 1:
        yt, yp = yt[None, :], yp[None, :]
    if yt.ndim != 2:
        raise ValueError("y_true must be one-hot (m, k)")
    yp = np.clip(yp, eps, 1.0)
    return float(-np.sum(yt * np.log(yp)) / yt.shape[0])
