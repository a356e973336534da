"""
Exercise 3: Multilayer perceptron
Student: Chen Wei (s1003)
"""
import numpy as np


def sigmoid(z):
    result = np.empty_like(z, dtype=np.float64)
    positive = z >= 0
    negative = ~positive
    result[positive] = 1.0 / (1.0 + np.exp(-z[positive]))
    exp_neg = np.exp(z[negative])
    result[negative] = exp_neg / (1.0 + exp_neg)
    return result


def activate(z, name):
    if name == "sigmoid":
        return sigmoid(z)
    if name == "tanh":
        return np.tanh(z)
    if name == "relu":
        return np.maximum(z, 0.0)
    if name == "leaky_relu":
        return np.where(z > 0, z, 0.01 * z)
    if name == "elu":
        return np.where(z >= 0, z, np.expm1(np.minimum(z, 0.0)))
    if name == "linear":
        return z.copy()
    raise ValueError("unknown activation name: " + repr(name))


def activate_derivative(z, name):
    if name == "sigmoid":
        s = sigmoid(z)
        return s * (1.0 - s)
    if name == "tanh":
        return 1.0 - np.tanh(z) ** 2
    if name == "relu":
        return np.where(z > 0, 1.0, 0.0)
    if name == "leaky_relu":
        return np.where(z > 0, 1.0, 0.01)
    if name == "elu":
        return np.where(z >= 0, 1.0, np.exp(np.minimum(z, 0.0)))
    if name == "linear":
        return np.ones_like(z)
    raise ValueError("unknown activation name: " + repr(name))


def _check_names(hidden_activation, output_activation):
    allowed = ["sigmoid", "tanh", "relu", "leaky_relu", "elu", "linear"]
    if hidden_activation not in allowed:
        raise ValueError("hidden_activation must be one of " + str(allowed))
    if output_activation not in allowed:
        raise ValueError("output_activation must be one of " + str(allowed))


def init_weights(n_in, n_out, method, rng):
    if method == "zeros":
        return np.zeros((n_in, n_out))
    if method == "random":
        return rng.uniform(-0.5, 0.5, size=(n_in, n_out))
    if method == "xavier":
        limit = np.sqrt(6.0 / (n_in + n_out))
        return rng.uniform(-limit, limit, size=(n_in, n_out))
    if method == "he":
        std = np.sqrt(2.0 / n_in)
        return rng.normal(0.0, std, size=(n_in, n_out))
    raise ValueError("method must be zeros, random, xavier or he, not " + repr(method))


def init_params(layer_sizes, method, rng):
    params = {}
    number_of_layers = len(layer_sizes) - 1
    if number_of_layers < 1:
        raise ValueError("layer_sizes must contain at least 2 numbers")
    for layer in range(1, number_of_layers + 1):
        params["W" + str(layer)] = init_weights(layer_sizes[layer - 1], layer_sizes[layer], method, rng)
        params["b" + str(layer)] = np.zeros(layer_sizes[layer])
    return params


def count_layers(params):
    layer = 0
    while ("W" + str(layer + 1)) in params:
        layer += 1
    return layer


def forward(X, params, hidden_activation="sigmoid", output_activation="sigmoid"):
    _check_names(hidden_activation, output_activation)
    inputs = np.asarray(X, dtype=np.float64)
    if inputs.ndim == 1:
        inputs = inputs.reshape(1, -1)
    number_of_layers = count_layers(params)
    cache = {"A0": inputs}
    current = inputs
    for layer in range(1, number_of_layers + 1):
        W = np.asarray(params["W" + str(layer)], dtype=np.float64)
        b = np.asarray(params["b" + str(layer)], dtype=np.float64)
        Z = np.dot(current, W) + b
        if layer == number_of_layers:
            current = activate(Z, output_activation)
        else:
            current = activate(Z, hidden_activation)
        cache["Z" + str(layer)] = Z
        cache["A" + str(layer)] = current
    return current, cache


def mse_loss(Y, A):
    outputs = np.asarray(A, dtype=np.float64)
    if outputs.ndim == 1:
        outputs = outputs.reshape(-1, 1)
    targets = np.asarray(Y, dtype=np.float64)
    if targets.shape != outputs.shape:
        if targets.size != outputs.size:
            raise ValueError("Y and A do not have the same shape")
        targets = targets.reshape(outputs.shape)
    number_of_samples = outputs.shape[0]
    return float(np.sum(0.5 * (targets - outputs) ** 2) / number_of_samples)


def backward(X, Y, params, cache, hidden_activation="sigmoid", output_activation="sigmoid"):
    _check_names(hidden_activation, output_activation)
    number_of_layers = count_layers(params)
    output = cache["A" + str(number_of_layers)]
    targets = np.asarray(Y, dtype=np.float64).reshape(output.shape)
    number_of_samples = output.shape[0]

    gradients = {}
    # error signal of the output layer
    error_signal = (output - targets) / number_of_samples
    error_signal = error_signal * activate_derivative(cache["Z" + str(number_of_layers)], output_activation)
    for layer in range(number_of_layers, 0, -1):
        previous_activation = cache["A" + str(layer - 1)]
        gradients["dW" + str(layer)] = np.dot(previous_activation.T, error_signal)
        gradients["db" + str(layer)] = np.sum(error_signal, axis=0)
        if layer > 1:
            W = np.asarray(params["W" + str(layer)], dtype=np.float64)
            error_signal = np.dot(error_signal, W.T)
            error_signal = error_signal * activate_derivative(cache["Z" + str(layer - 1)], hidden_activation)
    return gradients


def train_step(X, Y, params, lr, hidden_activation="sigmoid", output_activation="sigmoid"):
    output, cache = forward(X, params, hidden_activation, output_activation)
    gradients = backward(X, Y, params, cache, hidden_activation, output_activation)
    new_params = {}
    for name in params:
        new_params[name] = np.asarray(params[name], dtype=np.float64) - lr * gradients["d" + name]
    return new_params


def train(X, Y, layer_sizes, lr, epochs, rng, method="xavier",
          hidden_activation="sigmoid", output_activation="sigmoid"):
    params = init_params(layer_sizes, method, rng)
    losses = np.zeros(epochs)
    for epoch in range(epochs):
        output, cache = forward(X, params, hidden_activation, output_activation)
        losses[epoch] = mse_loss(Y, output)
        params = train_step(X, Y, params, lr, hidden_activation, output_activation)
    return params, losses


def numerical_gradient(f, x, h=1e-5):
    point = np.array(x, dtype=np.float64)
    gradient = np.zeros(point.shape)
    flat_point = point.reshape(-1)
    flat_gradient = gradient.reshape(-1)
    for i in range(flat_point.size):
        plus = flat_point.copy()
        plus[i] = plus[i] + h
        minus = flat_point.copy()
        minus[i] = minus[i] - h
        f_plus = f(plus.reshape(point.shape))
        f_minus = f(minus.reshape(point.shape))
        flat_gradient[i] = (f_plus - f_minus) / (2.0 * h)
    return gradient
