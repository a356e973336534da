"""
Exercise 1: Neuron
Student: Chen Wei (s1003)

I wrote most of the activations with loops first to understand them,
then vectorised a few when the tests got slow.
"""
import math

import numpy as np


def weighted_sum(x, w, b):
    inputs = np.asarray(x, dtype=np.float64)
    weights = np.asarray(w, dtype=np.float64)
    bias = np.asarray(b, dtype=np.float64)
    # number of features must match the number of weight rows
    if inputs.shape[-1] != weights.shape[0]:
        raise ValueError("x has " + str(inputs.shape[-1]) + " features but w has "
                         + str(weights.shape[0]) + " rows")
    if bias.ndim == 1 and (weights.ndim != 2 or bias.shape[0] != weights.shape[1]):
        raise ValueError("b must have one entry per output neuron")
    if bias.ndim > 1:
        raise ValueError("b must be a number or a 1-D array")
    result = np.dot(inputs, weights) + bias
    return np.asarray(result, dtype=np.float64)


def _sigmoid_scalar(value):
    # two formulas so that math.exp never overflows
    if value >= 0:
        return 1.0 / (1.0 + math.exp(-value))
    else:
        exp_value = math.exp(value)
        return exp_value / (1.0 + exp_value)


def sigmoid(z):
    z_array = np.asarray(z, dtype=np.float64)
    flat_input = z_array.ravel()
    flat_output = np.zeros(flat_input.shape[0], dtype=np.float64)
    for i in range(flat_input.shape[0]):
        flat_output[i] = _sigmoid_scalar(flat_input[i])
    return flat_output.reshape(z_array.shape)


def sigmoid_derivative(z):
    sig = sigmoid(z)
    return sig * (1.0 - sig)


def tanh(z):
    return np.tanh(np.asarray(z, dtype=np.float64))


def tanh_derivative(z):
    t = tanh(z)
    return 1.0 - t * t


def relu(z):
    z_array = np.asarray(z, dtype=np.float64)
    flat_input = z_array.ravel()
    flat_output = np.zeros(flat_input.shape[0])
    for i in range(len(flat_input)):
        if flat_input[i] > 0:
            flat_output[i] = flat_input[i]
        else:
            flat_output[i] = 0.0
    return flat_output.reshape(z_array.shape)


def relu_derivative(z):
    z_array = np.asarray(z, dtype=np.float64)
    flat_input = z_array.ravel()
    flat_output = np.zeros(flat_input.shape[0])
    for i in range(len(flat_input)):
        if flat_input[i] > 0:
            flat_output[i] = 1.0
    return flat_output.reshape(z_array.shape)


def leaky_relu(z, alpha=0.01):
    z_array = np.asarray(z, dtype=np.float64)
    flat_input = z_array.ravel()
    flat_output = np.zeros(flat_input.shape[0])
    for i in range(len(flat_input)):
        if flat_input[i] > 0:
            flat_output[i] = flat_input[i]
        else:
            flat_output[i] = alpha * flat_input[i]
    return flat_output.reshape(z_array.shape)


def elu(z, alpha=1.0):
    z_array = np.asarray(z, dtype=np.float64)
    flat_input = z_array.ravel()
    flat_output = np.zeros(flat_input.shape[0])
    for i in range(len(flat_input)):
        if flat_input[i] >= 0:
            flat_output[i] = flat_input[i]
        else:
            flat_output[i] = alpha * math.expm1(flat_input[i])
    return flat_output.reshape(z_array.shape)


def softmax(z, axis=-1):
    z_array = np.asarray(z, dtype=np.float64)
    if z_array.ndim == 0:
        raise ValueError("z must be an array, not a single number")
    # subtract the max so the biggest exponent is exp(0) = 1
    maximum = np.max(z_array, axis=axis, keepdims=True)
    exps = np.exp(z_array - maximum)
    return exps / np.sum(exps, axis=axis, keepdims=True)


def neuron_output(x, w, b, activation="sigmoid"):
    z = weighted_sum(x, w, b)
    if activation == "sigmoid":
        return sigmoid(z)
    elif activation == "tanh":
        return tanh(z)
    elif activation == "relu":
        return relu(z)
    elif activation == "leaky_relu":
        return leaky_relu(z)
    elif activation == "elu":
        return elu(z)
    elif activation == "linear":
        return np.array(z, dtype=np.float64)
    else:
        raise ValueError("activation '" + str(activation) + "' is not supported")


def _check_same_shape(y_true, y_pred):
    true_values = np.asarray(y_true, dtype=np.float64)
    predicted = np.asarray(y_pred, dtype=np.float64)
    if true_values.shape != predicted.shape:
        raise ValueError("y_true and y_pred must have the same shape, got "
                         + str(true_values.shape) + " and " + str(predicted.shape))
    return true_values, predicted


def mse(y_true, y_pred):
    true_values, predicted = _check_same_shape(y_true, y_pred)
    squared_errors = (true_values - predicted) ** 2
    return float(np.mean(squared_errors))


def binary_cross_entropy(y_true, y_pred, eps=1e-12):
    true_values, predicted = _check_same_shape(y_true, y_pred)
    predicted = np.clip(predicted, eps, 1.0 - eps)
    losses = -(true_values * np.log(predicted) + (1.0 - true_values) * np.log(1.0 - predicted))
    return float(np.mean(losses))


def categorical_cross_entropy(y_true, y_pred, eps=1e-12):
    true_values, predicted = _check_same_shape(y_true, y_pred)
    if true_values.ndim == 0:
        raise ValueError("y_true must be one-hot encoded, got a single number")
    predicted = np.clip(predicted, eps, 1.0)
    if true_values.ndim == 1:
        # a single sample
        true_values = true_values.reshape(1, -1)
        predicted = predicted.reshape(1, -1)
    number_of_samples = true_values.shape[0]
    total = 0.0
    for i in range(number_of_samples):
        total += -np.sum(true_values[i] * np.log(predicted[i]))
    return float(total / number_of_samples)
