# Ben Okafor - exercise 4 (optimizers)
import numpy as np


def sgd_update(w, dw, lr):
    return np.asarray(w, float) - lr * np.asarray(dw, float)


def momentum_update(w, dw, velocity, lr, beta=0.9):
    v = beta * np.asarray(velocity, float) - lr * np.asarray(dw, float)
    return np.asarray(w, float) + v, v


def adagrad_update(w, dw, cache, lr, eps=1e-8):
    dw = np.asarray(dw, float)
    cache = np.asarray(cache, float) + dw ** 2
    return np.asarray(w, float) - lr * dw / (np.sqrt(cache) + eps), cache


def rmsprop_update(w, dw, cache, lr, rho=0.9, eps=1e-8):
    dw = np.asarray(dw, float)
    cache = rho * np.asarray(cache, float) + (1 - rho) * dw ** 2
    return np.asarray(w, float) - lr * dw / (np.sqrt(cache) + eps), cache


def adam_update(w, dw, m, v, t, lr=0.001, beta1=0.9, beta2=0.999, eps=1e-8):
    if t < 1:
        raise ValueError(f"t must start at 1, got t={t}")
    dw = np.asarray(dw, float)
    m = beta1 * np.asarray(m, float) + (1 - beta1) * dw
    v = beta2 * np.asarray(v, float) + (1 - beta2) * dw ** 2
    mh = m / (1 - beta1 ** t)
    vh = v / (1 - beta2 ** t)
    return np.asarray(w, float) - lr * mh / (np.sqrt(vh) + eps), m, v


def minibatches(X, y, batch_size, shuffle=True, rng=None):
    if batch_size < 1:
        raise ValueError(f"batch_size must be >= 1, got {batch_size}")
    if shuffle and rng is None:
        raise ValueError("shuffle=True needs an rng")
    X, y = np.asarray(X, float), np.asarray(y, float)
    idx = rng.permutation(len(X)) if shuffle else np.arange(len(X))
    for s in range(0, len(X), batch_size):
        yield X[idx[s:s + batch_size]], y[idx[s:s + batch_size]]


def iterations_per_epoch(n_samples, batch_size):
    if batch_size < 1:
        raise ValueError("batch_size must be >= 1")
    return (n_samples + batch_size - 1) // batch_size


def gradient_descent(grad_fn, w0, lr, n_steps):
    w = np.array(w0, float)
    path = [w]
    for _ in range(n_steps):
        w = w - lr * grad_fn(w)
        path.append(w)
    return w, np.array(path)
