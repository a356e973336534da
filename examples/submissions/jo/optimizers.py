# jo -- optimizers.py
import numpy as np

f64 = lambda a: np.asarray(a, dtype=float)


def sgd_update(w, dw, lr):
    return f64(w) - lr * f64(dw)


def momentum_update(w, dw, velocity, lr, beta=0.9):
    v = beta * f64(velocity) - lr * f64(dw)
    return f64(w) + v, v


def adagrad_update(w, dw, cache, lr, eps=1e-8):
    c = f64(cache) + f64(dw) ** 2
    return f64(w) - lr * f64(dw) / (np.sqrt(c) + eps), c


def rmsprop_update(w, dw, cache, lr, rho=0.9, eps=1e-8):
    c = rho * f64(cache) + (1 - rho) * f64(dw) ** 2
    return f64(w) - lr * f64(dw) / (np.sqrt(c) + eps), c


def adam_update(w, dw, m, v, t, lr=0.001, beta1=0.9, beta2=0.999, eps=1e-8):
    if t < 1:
        raise ValueError(f"t={t} (must be >= 1)")
    m = beta1 * f64(m) + (1 - beta1) * f64(dw)
    v = beta2 * f64(v) + (1 - beta2) * f64(dw) ** 2
    w = f64(w) - lr * (m / (1 - beta1 ** t)) / (np.sqrt(v / (1 - beta2 ** t)) + eps)
    return w, m, v


def minibatches(X, y, batch_size, shuffle=True, rng=None):
    if batch_size < 1:
        raise ValueError(f"batch_size={batch_size}")
    if shuffle and rng is None:
        raise ValueError("shuffle needs rng")
    X, y = f64(X), f64(y)
    idx = rng.permutation(len(X)) if shuffle else np.arange(len(X))
    return iter([(X[idx[i:i + batch_size]], y[idx[i:i + batch_size]]) for i in range(0, len(X), batch_size)])


def iterations_per_epoch(n_samples, batch_size):
    if batch_size < 1:
        raise ValueError(f"batch_size={batch_size}")
    return int(np.ceil(n_samples / batch_size))


def gradient_descent(grad_fn, w0, lr, n_steps):
    ws = [np.array(w0, dtype=float)]
    for _ in range(n_steps):
        ws.append(ws[-1] - lr * f64(grad_fn(ws[-1].copy())))
    return ws[-1].copy(), np.array(ws)
