# Ben Okafor - exercise 3 (MLP + backprop)
import numpy as np


def _sig(z):
    e = np.exp(-np.abs(z))
    return np.where(z >= 0, 1 / (1 + e), e / (1 + e))


# name: (f, f') with f' taken at z
ACTS = {
    "sigmoid": (_sig, lambda z: _sig(z) * (1 - _sig(z))),
    "tanh": (np.tanh, lambda z: 1 - np.tanh(z) ** 2),
    "relu": (lambda z: np.maximum(z, 0.0), lambda z: (z > 0) * 1.0),
    "leaky_relu": (lambda z: np.where(z > 0, z, 0.01 * z), lambda z: np.where(z > 0, 1.0, 0.01)),
    "elu": (lambda z: np.where(z >= 0, z, np.expm1(np.minimum(z, 0))),
            lambda z: np.where(z >= 0, 1.0, np.exp(np.minimum(z, 0)))),
    "linear": (lambda z: z * 1.0, lambda z: np.ones_like(z)),
}


def _get(name, arg):
    if name not in ACTS:
        raise ValueError(f"{arg}={name!r} is not one of {list(ACTS)}")
    return ACTS[name]


def init_weights(n_in, n_out, method, rng):
    if method == "zeros":
        return np.zeros((n_in, n_out))
    elif method == "random":
        return rng.uniform(-0.5, 0.5, (n_in, n_out))
    elif method == "xavier":
        a = np.sqrt(6 / (n_in + n_out))
        return rng.uniform(-a, a, (n_in, n_out))
    elif method == "he":
        return rng.normal(0, np.sqrt(2 / n_in), (n_in, n_out))
    raise ValueError(f"method={method!r} unknown, use zeros/random/xavier/he")


def init_params(layer_sizes, method, rng):
    if len(layer_sizes) < 2:
        raise ValueError("layer_sizes needs input and output size")
    p = {}
    for i in range(1, len(layer_sizes)):
        p["W%d" % i] = init_weights(layer_sizes[i - 1], layer_sizes[i], method, rng)
        p["b%d" % i] = np.zeros(layer_sizes[i])
    return p


def _L(params):
    return sum(1 for k in params if k.startswith("W"))


def forward(X, params, hidden_activation="sigmoid", output_activation="sigmoid"):
    fh, _ = _get(hidden_activation, "hidden_activation")
    fo, _ = _get(output_activation, "output_activation")
    A = np.atleast_2d(np.asarray(X, float))
    L = _L(params)
    zs, acts = [], [A]
    for l in range(1, L + 1):
        Z = A @ params["W%d" % l] + params["b%d" % l]
        A = fo(Z) if l == L else fh(Z)
        zs.append(Z)
        acts.append(A)
    return A, (zs, acts)


def mse_loss(Y, A):
    A = np.asarray(A, float)
    Y = np.asarray(Y, float).reshape(A.shape)
    return float(0.5 * np.sum((Y - A) ** 2) / A.shape[0])


def backward(X, Y, params, cache, hidden_activation="sigmoid", output_activation="sigmoid"):
    _, dfh = _get(hidden_activation, "hidden_activation")
    _, dfo = _get(output_activation, "output_activation")
    zs, acts = cache
    L = _L(params)
    m = acts[0].shape[0]
    Y = np.asarray(Y, float).reshape(acts[-1].shape)
    grads = {}
    delta = (acts[-1] - Y) / m * dfo(zs[-1])
    for l in range(L, 0, -1):
        grads["dW%d" % l] = acts[l - 1].T @ delta
        grads["db%d" % l] = delta.sum(axis=0)
        if l > 1:
            delta = (delta @ params["W%d" % l].T) * dfh(zs[l - 2])
    return grads


def train_step(X, Y, params, lr, hidden_activation="sigmoid", output_activation="sigmoid"):
    _, cache = forward(X, params, hidden_activation, output_activation)
    g = backward(X, Y, params, cache, hidden_activation, output_activation)
    return {k: params[k] - lr * g["d" + k] for k in params}


def train(X, Y, layer_sizes, lr, epochs, rng, method="xavier",
          hidden_activation="sigmoid", output_activation="sigmoid"):
    params = init_params(layer_sizes, method, rng)
    losses = []
    for _ in range(epochs):
        A, _ = forward(X, params, hidden_activation, output_activation)
        losses.append(mse_loss(Y, A))
        params = train_step(X, Y, params, lr, hidden_activation, output_activation)
    return params, np.array(losses)


def numerical_gradient(f, x, h=1e-5):
    x = np.array(x, dtype=float)  # copy
    g = np.zeros_like(x)
    it = np.nditer(x, flags=["multi_index"])
    for _ in it:
        i = it.multi_index
        old = x[i]
        x[i] = old + h
        fp = f(x.copy())
        x[i] = old - h
        fm = f(x.copy())
        x[i] = old
        g[i] = (fp - fm) / (2 * h)
    return g
