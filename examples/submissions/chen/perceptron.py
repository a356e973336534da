"""
Exercise 2: Perceptron
Student: Chen Wei (s1003)
"""
import numpy as np


def step(z, threshold=0.0):
    z_array = np.asarray(z, dtype=np.float64)
    output = np.zeros(z_array.shape, dtype=np.int64)
    output[z_array >= threshold] = 1
    return output


def perceptron_predict(X, w, b):
    inputs = np.asarray(X, dtype=np.float64)
    weights = np.asarray(w, dtype=np.float64)
    if inputs.shape[-1] != weights.shape[0]:
        raise ValueError("w does not match the number of columns of X")
    net_input = np.dot(inputs, weights) + np.asarray(b, dtype=np.float64)
    return step(net_input)


def perceptron_train(X, y, lr=1.0, max_epochs=100, w0=None, b0=0.0):
    inputs = np.asarray(X, dtype=np.float64)
    targets = np.asarray(y, dtype=np.float64)
    if inputs.ndim != 2:
        raise ValueError("X must be a 2-D array")
    if targets.shape[0] != inputs.shape[0]:
        raise ValueError("y must have one row per sample of X")
    number_of_features = inputs.shape[1]

    # starting weights
    if w0 is None:
        if targets.ndim == 1:
            weights = np.zeros(number_of_features)
        else:
            weights = np.zeros((number_of_features, targets.shape[1]))
    else:
        weights = np.array(w0, dtype=np.float64)
    if targets.ndim == 1:
        bias = float(b0)
    else:
        bias = np.zeros(targets.shape[1]) + b0

    epochs = 0
    converged = False
    for epoch in range(max_epochs):
        epochs = epochs + 1
        weights_changed = False
        for i in range(inputs.shape[0]):
            sample = inputs[i]
            target = targets[i]
            prediction = step(np.dot(sample, weights) + bias)
            error = target - prediction
            if np.any(error != 0):
                # perceptron rule: move the weights towards the target
                weights = weights + lr * np.multiply.outer(sample, error)
                weights_changed = True
        if not weights_changed:
            converged = True
            break
    return weights, bias, epochs, converged


def bipolar_step(y_in, theta=0.2):
    values = np.asarray(y_in, dtype=np.float64)
    output = np.zeros(values.shape, dtype=np.int64)
    output[values > theta] = 1
    output[values < -theta] = -1
    return output


def perceptron_train_bipolar(X, t, lr=1.0, theta=0.2, max_epochs=100):
    inputs = np.asarray(X, dtype=np.float64)
    targets = np.asarray(t, dtype=np.float64)
    if inputs.ndim != 2 or targets.shape[0] != inputs.shape[0]:
        raise ValueError("X must be (m, n) and t must have m rows")
    if targets.ndim == 1:
        weights = np.zeros(inputs.shape[1])
        bias = 0.0
    else:
        weights = np.zeros((inputs.shape[1], targets.shape[1]))
        bias = np.zeros(targets.shape[1])

    epochs = 0
    converged = False
    while epochs < max_epochs:
        epochs += 1
        something_changed = False
        for i in range(inputs.shape[0]):
            sample = inputs[i]
            target = targets[i]
            output = bipolar_step(bias + np.dot(sample, weights), theta)
            wrong = (output != target)
            if np.any(wrong):
                correction = lr * target * wrong
                weights = weights + np.multiply.outer(sample, correction)
                bias = bias + correction
                something_changed = True
        if not something_changed:
            converged = True
            break
    if targets.ndim == 1:
        bias = float(bias)
    return weights, bias, epochs, converged


def gate_perceptron(gate):
    if not isinstance(gate, str):
        raise ValueError("gate must be a string like 'AND'")
    name = gate.upper()
    if name == "AND":
        weights, bias = [1.0, 1.0], -1.5
    elif name == "OR":
        weights, bias = [1.0, 1.0], -0.5
    elif name == "NAND":
        weights, bias = [-1.0, -1.0], 1.5
    elif name == "NOR":
        weights, bias = [-1.0, -1.0], 0.5
    else:
        raise ValueError("gate " + gate + " cannot be computed by one perceptron")
    return np.array(weights), bias
