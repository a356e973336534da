# gus (Gustavo Pereira) -- optimizers.py
import numpy as np


def sgd_update(w, dw, lr):
    return np.asarray(w, dtype=float) - lr * np.asarray(dw, dtype=float)


def momentum_update(w, dw, velocity, lr, beta=0.9):
    vNew = beta * np.asarray(velocity, dtype=float) - lr * np.asarray(dw, dtype=float)
    return np.asarray(w, dtype=float) + vNew, vNew


def adagrad_update(w, dw, cache, lr, eps=1e-8):
    dwArr = np.asarray(dw, dtype=float)
    cacheNew = np.asarray(cache, dtype=float) + dwArr ** 2
    return np.asarray(w, dtype=float) - lr * dwArr / (np.sqrt(cacheNew) + eps), cacheNew


def rmsprop_update(w, dw, cache, lr, rho=0.9, eps=1e-8):
    dwArr = np.asarray(dw, dtype=float)
    cacheNew = rho * np.asarray(cache, dtype=float) + (1.0 - rho) * dwArr ** 2
    return np.asarray(w, dtype=float) - lr * dwArr / (np.sqrt(cacheNew) + eps), cacheNew


def adam_update(w, dw, m, v, t, lr=0.001, beta1=0.9, beta2=0.999, eps=1e-8):
    if t < 1:
        raise ValueError("adam_update: t must be >= 1")
    dwArr = np.asarray(dw, dtype=float)
    mNew = beta1 * np.asarray(m, dtype=float) + (1.0 - beta1) * dwArr
    vNew = beta2 * np.asarray(v, dtype=float) + (1.0 - beta2) * dwArr ** 2
    mHat = mNew / (1.0 - beta1 ** t)
    vHat = vNew / (1.0 - beta2 ** t)
    return np.asarray(w, dtype=float) - lr * mHat / (np.sqrt(vHat) + eps), mNew, vNew


def minibatches(X, y, batch_size, shuffle=True, rng=None):
    if batch_size < 1:
        raise ValueError("minibatches: batch_size must be >= 1")
    if shuffle and rng is None:
        raise ValueError("minibatches: rng is needed when shuffle=True")
    xArr = np.asarray(X, dtype=float)
    yArr = np.asarray(y, dtype=float)
    nSamples = xArr.shape[0]
    order = rng.permutation(nSamples) if shuffle else np.arange(nSamples)
    batchList = []
    for start in range(0, nSamples, batch_size):
        idx = order[start:start + batch_size]
        batchList.append((xArr[idx], yArr[idx]))
    return iter(batchList)


def iterations_per_epoch(n_samples, batch_size):
    if batch_size < 1:
        raise ValueError("iterations_per_epoch: batch_size must be >= 1")
    fullBatches = n_samples // batch_size
    if n_samples % batch_size != 0:
        fullBatches += 1
    return fullBatches


def gradient_descent(grad_fn, w0, lr, n_steps):
    wCur = np.array(w0, dtype=float)
    path = [wCur.copy()]
    for _ in range(n_steps):
        wCur = wCur - lr * np.asarray(grad_fn(wCur.copy()), dtype=float)
        path.append(wCur.copy())
    return wCur, np.array(path)
