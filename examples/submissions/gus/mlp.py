# gus (Gustavo Pereira) -- mlp.py
import numpy as np

ACTIVATION_NAMES = ["sigmoid", "tanh", "relu", "leaky_relu", "elu", "linear"]


def applyActivation(name, z):
    if name == "sigmoid":
        expNeg = np.exp(-np.abs(z))
        return np.where(z >= 0, 1.0 / (1.0 + expNeg), expNeg / (1.0 + expNeg))
    if name == "tanh":
        return np.tanh(z)
    if name == "relu":
        return np.maximum(z, 0.0)
    if name == "leaky_relu":
        return np.where(z > 0, z, 0.01 * z)
    if name == "elu":
        return np.where(z >= 0, z, np.exp(np.where(z < 0, z, 0.0)) - 1.0)
    return np.array(z, dtype=float)  # linear


def activationDerivative(name, z):
    if name == "sigmoid":
        s = applyActivation("sigmoid", z)
        return s * (1.0 - s)
    if name == "tanh":
        return 1.0 - np.tanh(z) ** 2
    if name == "relu":
        return np.where(z > 0, 1.0, 0.0)
    if name == "leaky_relu":
        return np.where(z > 0, 1.0, 0.01)
    if name == "elu":
        return np.where(z >= 0, 1.0, np.exp(np.where(z < 0, z, 0.0)))
    return np.ones_like(z)  # linear


def checkNames(hidden_activation, output_activation):
    if hidden_activation not in ACTIVATION_NAMES:
        raise ValueError("hidden_activation must be one of " + str(ACTIVATION_NAMES))
    if output_activation not in ACTIVATION_NAMES:
        raise ValueError("output_activation must be one of " + str(ACTIVATION_NAMES))


def init_weights(n_in, n_out, method, rng):
    if method == "zeros":
        return np.zeros((n_in, n_out))
    if method == "random":
        return rng.uniform(-0.5, 0.5, (n_in, n_out))
    if method == "xavier":
        limit = np.sqrt(6.0 / (n_in + n_out))
        return rng.uniform(-limit, limit, (n_in, n_out))
    if method == "he":
        return rng.normal(0.0, np.sqrt(2.0 / n_in), (n_in, n_out))
    raise ValueError("init_weights: method must be zeros, random, xavier or he")


def init_params(layer_sizes, method, rng):
    if len(layer_sizes) < 2:
        raise ValueError("init_params: layer_sizes too short")
    params = {}
    for i in range(1, len(layer_sizes)):
        params["W" + str(i)] = init_weights(layer_sizes[i - 1], layer_sizes[i], method, rng)
        params["b" + str(i)] = np.zeros(layer_sizes[i])
    return params


def numLayers(params):
    return len(params) // 2


def forward(X, params, hidden_activation="sigmoid", output_activation="sigmoid"):
    checkNames(hidden_activation, output_activation)
    aCur = np.asarray(X, dtype=float)
    if aCur.ndim == 1:
        aCur = aCur.reshape(1, -1)
    nL = numLayers(params)
    cache = {"A0": aCur}
    for i in range(1, nL + 1):
        zCur = np.dot(aCur, params["W" + str(i)]) + params["b" + str(i)]
        aCur = applyActivation(output_activation if i == nL else hidden_activation, zCur)
        cache["Z" + str(i)] = zCur
        cache["A" + str(i)] = aCur
    return aCur, cache


def mse_loss(Y, A):
    aArr = np.asarray(A, dtype=float)
    if aArr.ndim == 1:
        aArr = aArr.reshape(-1, 1)
    yArr = np.asarray(Y, dtype=float).reshape(aArr.shape)
    return float(0.5 * np.sum((yArr - aArr) ** 2) / aArr.shape[0])


def backward(X, Y, params, cache, hidden_activation="sigmoid", output_activation="sigmoid"):
    checkNames(hidden_activation, output_activation)
    nL = numLayers(params)
    aOut = cache["A" + str(nL)]
    yArr = np.asarray(Y, dtype=float).reshape(aOut.shape)
    m = aOut.shape[0]
    grads = {}
    dZ = (aOut - yArr) / m * activationDerivative(output_activation, cache["Z" + str(nL)])
    for i in range(nL, 0, -1):
        grads["dW" + str(i)] = np.dot(cache["A" + str(i - 1)].T, dZ)
        grads["db" + str(i)] = np.sum(dZ, axis=0)
        if i > 1:
            dA = np.dot(dZ, np.asarray(params["W" + str(i)], dtype=float).T)
            dZ = dA * activationDerivative(hidden_activation, cache["Z" + str(i - 1)])
    return grads


def train_step(X, Y, params, lr, hidden_activation="sigmoid", output_activation="sigmoid"):
    _, cache = forward(X, params, hidden_activation, output_activation)
    grads = backward(X, Y, params, cache, hidden_activation, output_activation)
    newParams = {}
    for key in params:
        newParams[key] = np.asarray(params[key], dtype=float) - lr * grads["d" + key]
    return newParams


def train(X, Y, layer_sizes, lr, epochs, rng, method="xavier",
          hidden_activation="sigmoid", output_activation="sigmoid"):
    params = init_params(layer_sizes, method, rng)
    losses = np.zeros(epochs)
    for ep in range(epochs):
        aOut, _ = forward(X, params, hidden_activation, output_activation)
        losses[ep] = mse_loss(Y, aOut)
        params = train_step(X, Y, params, lr, hidden_activation, output_activation)
    return params, losses


def numerical_gradient(f, x, h=1e-5):
    xArr = np.array(x, dtype=float)
    grad = np.zeros(xArr.shape)
    for idx in np.ndindex(xArr.shape):
        xPlus = xArr.copy()
        xMinus = xArr.copy()
        xPlus[idx] += h
        xMinus[idx] -= h
        grad[idx] = (f(xPlus) - f(xMinus)) / (2.0 * h)
    return grad
