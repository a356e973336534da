"""Exercise 3 (MLP) -- Fay Adeyemi, student no. s1006."""
from __future__ import annotations

import numpy as np


def _sigmoid(z: np.ndarray) -> np.ndarray:
    e = np.exp(-np.abs(z))
    return np.where(z >= 0, 1.0, e) / (1.0 + e)


def _elu(z: np.ndarray) -> np.ndarray:
    return np.where(z >= 0, z, np.expm1(np.minimum(z, 0.0)))


_F = {
    "sigmoid": (_sigmoid, lambda z: _sigmoid(z) * (1.0 - _sigmoid(z))),
    "tanh": (np.tanh, lambda z: 1.0 - np.tanh(z) ** 2),
    "relu": (lambda z: np.clip(z, 0.0, None), lambda z: np.heaviside(z, 0.0)),
    "leaky_relu": (lambda z: np.where(z > 0, z, 0.01 * z), lambda z: np.where(z > 0, 1.0, 0.01)),
    "elu": (_elu, lambda z: np.where(z >= 0, 1.0, _elu(z) + 1.0)),
    "linear": (lambda z: np.array(z, dtype=np.float64), lambda z: np.ones_like(z)),
}


def _activation(name: str, arg: str):
    if name not in _F:
        raise ValueError(f"{arg}={name!r}: choose one of {list(_F)}")
    return _F[name]


def init_weights(n_in: int, n_out: int, method: str, rng: np.random.Generator) -> np.ndarray:
    match method:
        case "zeros":
            return np.zeros((n_in, n_out))
        case "random":
            return rng.uniform(-0.5, 0.5, (n_in, n_out))
        case "xavier":
            a = np.sqrt(6.0 / (n_in + n_out))
            return rng.uniform(-a, a, (n_in, n_out))
        case "he":
            return rng.normal(0.0, np.sqrt(2.0 / n_in), (n_in, n_out))
        case _:
            raise ValueError(f"method={method!r} is not zeros/random/xavier/he")


def init_params(layer_sizes, method: str, rng: np.random.Generator) -> dict:
    sizes = list(layer_sizes)
    if len(sizes) < 2:
        raise ValueError(f"layer_sizes={layer_sizes!r} needs at least two sizes")
    params: dict[str, np.ndarray] = {}
    for l, (n_in, n_out) in enumerate(zip(sizes, sizes[1:]), start=1):
        params[f"W{l}"] = init_weights(n_in, n_out, method, rng)
        params[f"b{l}"] = np.zeros(n_out)
    return params


def _n_layers(params: dict) -> int:
    return max(int(k[1:]) for k in params if k.startswith("W"))


def forward(X, params: dict, hidden_activation: str = "sigmoid", output_activation: str = "sigmoid"):
    f_hid, _ = _activation(hidden_activation, "hidden_activation")
    f_out, _ = _activation(output_activation, "output_activation")
    A = np.atleast_2d(np.array(X, dtype=np.float64))
    L = _n_layers(params)
    Zs: list[np.ndarray] = []
    As: list[np.ndarray] = [A]
    for l in range(1, L + 1):
        Z = A @ np.asarray(params[f"W{l}"], dtype=np.float64) + np.asarray(params[f"b{l}"], dtype=np.float64)
        A = f_out(Z) if l == L else f_hid(Z)
        Zs.append(Z)
        As.append(A)
    return A, {"Z": Zs, "A": As}


def mse_loss(Y, A) -> float:
    A_ = np.asarray(A, dtype=np.float64)
    if A_.ndim == 1:
        A_ = A_[:, None]
    Y_ = np.asarray(Y, dtype=np.float64)
    if Y_.shape != A_.shape:
        if Y_.size != A_.size:
            raise ValueError(f"Y {Y_.shape} does not match A {A_.shape}")
        Y_ = Y_.reshape(A_.shape)
    return float(0.5 * np.sum((Y_ - A_) ** 2) / A_.shape[0])


def backward(X, Y, params: dict, cache, hidden_activation: str = "sigmoid",
             output_activation: str = "sigmoid") -> dict:
    _, df_hid = _activation(hidden_activation, "hidden_activation")
    _, df_out = _activation(output_activation, "output_activation")
    Zs, As = cache["Z"], cache["A"]
    L = len(Zs)
    Y_ = np.asarray(Y, dtype=np.float64).reshape(As[-1].shape)
    m = As[-1].shape[0]
    grads: dict[str, np.ndarray] = {}
    dZ = (As[-1] - Y_) / m * df_out(Zs[-1])
    for l in range(L, 0, -1):
        grads[f"dW{l}"] = As[l - 1].T @ dZ
        grads[f"db{l}"] = dZ.sum(axis=0)
        if l > 1:
            dZ = (dZ @ np.asarray(params[f"W{l}"], dtype=np.float64).T) * df_hid(Zs[l - 2])
    return grads


def train_step(X, Y, params: dict, lr: float, hidden_activation: str = "sigmoid",
               output_activation: str = "sigmoid") -> dict:
    _, cache = forward(X, params, hidden_activation, output_activation)
    grads = backward(X, Y, params, cache, hidden_activation, output_activation)
    return {name: np.asarray(value, dtype=np.float64) - lr * grads["d" + name]
            for name, value in params.items()}


def train(X, Y, layer_sizes, lr: float, epochs: int, rng: np.random.Generator, method: str = "xavier",
          hidden_activation: str = "sigmoid", output_activation: str = "sigmoid"):
    params = init_params(layer_sizes, method, rng)
    losses = np.zeros(epochs)
    for e in range(epochs):
        A, _ = forward(X, params, hidden_activation, output_activation)
        losses[e] = mse_loss(Y, A)
        params = train_step(X, Y, params, lr, hidden_activation, output_activation)
    return params, losses


def numerical_gradient(f, x, h: float = 1e-5) -> np.ndarray:
    x0 = np.array(x, dtype=np.float64)
    grad = np.empty_like(x0)
    for idx in np.ndindex(x0.shape):
        up, down = x0.copy(), x0.copy()
        up[idx] += h
        down[idx] -= h
        grad[idx] = (f(up) - f(down)) / (2.0 * h)
    return grad
