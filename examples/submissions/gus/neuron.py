# gus (Gustavo Pereira) -- neuron.py
import numpy as np


def weighted_sum(x, w, b):
    xArr = np.asarray(x, dtype=float)
    wArr = np.asarray(w, dtype=float)
    bArr = np.asarray(b, dtype=float)
    if xArr.shape[-1] != wArr.shape[0]:
        raise ValueError("weighted_sum: x and w sizes don't match")
    if bArr.ndim > 0 and bArr.shape != wArr.shape[1:]:
        raise ValueError("weighted_sum: b has the wrong shape")
    return np.asarray(np.dot(xArr, wArr) + bArr, dtype=float)


def sigmoid(z):
    zArr = np.asarray(z, dtype=float)
    expNeg = np.exp(-np.abs(zArr))
    return np.where(zArr >= 0, 1.0 / (1.0 + expNeg), expNeg / (1.0 + expNeg))


def sigmoid_derivative(z):
    sig = sigmoid(z)
    return sig * (1.0 - sig)


def tanh(z):
    return np.tanh(np.asarray(z, dtype=float))


def tanh_derivative(z):
    return 1.0 - np.tanh(np.asarray(z, dtype=float)) ** 2


def relu(z):
    return np.maximum(np.asarray(z, dtype=float), 0.0)


def relu_derivative(z):
    return np.where(np.asarray(z, dtype=float) > 0.0, 1.0, 0.0)


def leaky_relu(z, alpha=0.01):
    zArr = np.asarray(z, dtype=float)
    return np.where(zArr > 0.0, zArr, alpha * zArr)


def elu(z, alpha=1.0):
    zArr = np.asarray(z, dtype=float)
    zNeg = np.where(zArr < 0.0, zArr, 0.0)
    return np.where(zArr >= 0.0, zArr, alpha * (np.exp(zNeg) - 1.0))


def softmax(z, axis=-1):
    zArr = np.asarray(z, dtype=float)
    if zArr.ndim == 0:
        raise ValueError("softmax: z must be an array")
    expZ = np.exp(zArr - np.max(zArr, axis=axis, keepdims=True))
    return expZ / np.sum(expZ, axis=axis, keepdims=True)


def neuron_output(x, w, b, activation="sigmoid"):
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
    raise ValueError("neuron_output: unknown activation " + repr(activation))


def mse(y_true, y_pred):
    yTrue = np.asarray(y_true, dtype=float)
    yPred = np.asarray(y_pred, dtype=float)
    if yTrue.shape != yPred.shape:
        raise ValueError("mse: y_true and y_pred have different shapes")
    return float(np.mean((yTrue - yPred) ** 2))


def binary_cross_entropy(y_true, y_pred, eps=1e-12):
    yTrue = np.asarray(y_true, dtype=float)
    yPred = np.asarray(y_pred, dtype=float)
    if yTrue.shape != yPred.shape:
        raise ValueError("binary_cross_entropy: y_true and y_pred have different shapes")
    p = np.clip(yPred, eps, 1.0 - eps)
    return float(np.mean(-yTrue * np.log(p) - (1.0 - yTrue) * np.log(1.0 - p)))


def categorical_cross_entropy(y_true, y_pred, eps=1e-12):
    yTrue = np.asarray(y_true, dtype=float)
    yPred = np.asarray(y_pred, dtype=float)
    if yTrue.shape != yPred.shape:
        raise ValueError("categorical_cross_entropy: y_true and y_pred have different shapes")
    p = np.clip(yPred, eps, 1.0)
    return float(np.mean(-np.sum(yTrue * np.log(p), axis=-1)))
