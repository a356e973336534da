# jo -- mlp.py
import numpy as np


def sig(z):
    # got overflow warnings while training with big lr -> compute pos / neg separately
    out = np.empty_like(z)
    p = z >= 0
    out[p] = 1 / (1 + np.exp(-z[p]))
    e = np.exp(z[~p])
    out[~p] = e / (1 + e)
    return out


F = {
    "sigmoid": (sig, lambda z: sig(z) * (1 - sig(z))),
    "tanh": (np.tanh, lambda z: 1 - np.tanh(z) ** 2),
    "relu": (lambda z: np.maximum(z, 0), lambda z: (z > 0).astype(float)),
    "leaky_relu": (lambda z: np.where(z > 0, z, 0.01 * z), lambda z: np.where(z > 0, 1.0, 0.01)),
    "elu": (lambda z: np.where(z >= 0, z, np.expm1(np.minimum(z, 0))),
            lambda z: np.where(z >= 0, 1.0, np.exp(np.minimum(z, 0)))),
    "linear": (lambda z: z + 0.0, lambda z: np.ones_like(z)),
}


def _fn(name, arg):
    if name not in F:
        raise ValueError(f"{arg}: unknown activation {name!r}")
    return F[name]


def init_weights(n_in, n_out, method, rng):
    size = (n_in, n_out)
    if method == "zeros":
        return np.zeros(size)
    if method == "random":
        return rng.uniform(-0.5, 0.5, size)
    if method == "xavier":
        a = (6 / (n_in + n_out)) ** 0.5
        return rng.uniform(-a, a, size)
    if method == "he":
        return rng.normal(0, (2 / n_in) ** 0.5, size)
    raise ValueError(f"bad init method {method!r}")


def init_params(layer_sizes, method, rng):
    if len(layer_sizes) < 2:
        raise ValueError(f"layer_sizes {layer_sizes!r} too short")
    p = {}
    for l, (a, b) in enumerate(zip(layer_sizes, layer_sizes[1:]), 1):
        p[f"W{l}"], p[f"b{l}"] = init_weights(a, b, method, rng), np.zeros(b)
    return p


def forward(X, params, hidden_activation="sigmoid", output_activation="sigmoid"):
    fh, fo = _fn(hidden_activation, "hidden_activation")[0], _fn(output_activation, "output_activation")[0]
    A = np.asarray(X, dtype=float).reshape(-1, np.shape(params["W1"])[0])
    L = len(params) // 2
    cache = {"A0": A}
    for l in range(1, L + 1):
        Z = A @ np.asarray(params[f"W{l}"], dtype=float) + np.asarray(params[f"b{l}"], dtype=float)
        A = (fo if l == L else fh)(Z)
        cache[f"Z{l}"], cache[f"A{l}"] = Z, A
    return A, cache


def mse_loss(Y, A):
    A = np.asarray(A, dtype=float)
    A = A.reshape(len(A), -1)
    Y = np.asarray(Y, dtype=float).reshape(A.shape)
    return float(0.5 * ((Y - A) ** 2).sum() / len(A))


def backward(X, Y, params, cache, hidden_activation="sigmoid", output_activation="sigmoid"):
    dfh, dfo = _fn(hidden_activation, "hidden_activation")[1], _fn(output_activation, "output_activation")[1]
    L = len(params) // 2
    A_L = cache[f"A{L}"]
    Y = np.asarray(Y, dtype=float).reshape(A_L.shape)
    dZ = (A_L - Y) / len(A_L) * dfo(cache[f"Z{L}"])
    g = {}
    for l in range(L, 0, -1):
        g[f"dW{l}"] = cache[f"A{l-1}"].T @ dZ
        g[f"db{l}"] = dZ.sum(0)
        if l > 1:
            dZ = dZ @ np.asarray(params[f"W{l}"], dtype=float).T * dfh(cache[f"Z{l-1}"])
    return g


def train_step(X, Y, params, lr, hidden_activation="sigmoid", output_activation="sigmoid"):
    _, c = forward(X, params, hidden_activation, output_activation)
    g = backward(X, Y, params, c, hidden_activation, output_activation)
    return {k: np.asarray(v, dtype=float) - lr * g["d" + k] for k, v in params.items()}


def train(X, Y, layer_sizes, lr, epochs, rng, method="xavier",
          hidden_activation="sigmoid", output_activation="sigmoid"):
    params = init_params(layer_sizes, method, rng)
    losses = np.zeros(epochs)
    for i in range(epochs):
        losses[i] = mse_loss(Y, forward(X, params, hidden_activation, output_activation)[0])
        params = train_step(X, Y, params, lr, hidden_activation, output_activation)
    return params, losses


def numerical_gradient(f, x, h=1e-5):
    x = np.array(x, dtype=float)
    g = np.zeros_like(x)
    for i in np.ndindex(x.shape):
        e = np.zeros_like(x)
        e[i] = h
        g[i] = (f(x + e) - f(x - e)) / (2 * h)
    return g
