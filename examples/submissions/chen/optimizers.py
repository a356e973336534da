"""
Exercise 4: Optimizers
Student: Chen Wei (s1003)
"""
import math

import numpy as np


def sgd_update(w, dw, lr):
    weights = np.asarray(w, dtype=np.float64)
    gradient = np.asarray(dw, dtype=np.float64)
    return weights - lr * gradient


def momentum_update(w, dw, velocity, lr, beta=0.9):
    weights = np.asarray(w, dtype=np.float64)
    gradient = np.asarray(dw, dtype=np.float64)
    new_velocity = beta * np.asarray(velocity, dtype=np.float64) - lr * gradient
    new_weights = weights + new_velocity
    return new_weights, new_velocity


def adagrad_update(w, dw, cache, lr, eps=1e-8):
    weights = np.asarray(w, dtype=np.float64)
    gradient = np.asarray(dw, dtype=np.float64)
    new_cache = np.asarray(cache, dtype=np.float64) + gradient ** 2
    new_weights = weights - lr * gradient / (np.sqrt(new_cache) + eps)
    return new_weights, new_cache


def rmsprop_update(w, dw, cache, lr, rho=0.9, eps=1e-8):
    weights = np.asarray(w, dtype=np.float64)
    gradient = np.asarray(dw, dtype=np.float64)
    new_cache = rho * np.asarray(cache, dtype=np.float64) + (1.0 - rho) * gradient ** 2
    new_weights = weights - lr * gradient / (np.sqrt(new_cache) + eps)
    return new_weights, new_cache


def adam_update(w, dw, m, v, t, lr=0.001, beta1=0.9, beta2=0.999, eps=1e-8):
    if t < 1:
        raise ValueError("t must be at least 1 (the first step is t = 1)")
    weights = np.asarray(w, dtype=np.float64)
    gradient = np.asarray(dw, dtype=np.float64)
    first_moment = beta1 * np.asarray(m, dtype=np.float64) + (1.0 - beta1) * gradient
    second_moment = beta2 * np.asarray(v, dtype=np.float64) + (1.0 - beta2) * gradient ** 2
    # bias correction, important in the first steps
    first_corrected = first_moment / (1.0 - beta1 ** t)
    second_corrected = second_moment / (1.0 - beta2 ** t)
    new_weights = weights - lr * first_corrected / (np.sqrt(second_corrected) + eps)
    return new_weights, first_moment, second_moment


def minibatches(X, y, batch_size, shuffle=True, rng=None):
    if batch_size < 1:
        raise ValueError("batch_size must be 1 or more")
    if shuffle and rng is None:
        raise ValueError("rng must be given when shuffle is True")
    inputs = np.asarray(X, dtype=np.float64)
    targets = np.asarray(y, dtype=np.float64)
    number_of_samples = inputs.shape[0]
    if shuffle:
        order = rng.permutation(number_of_samples)
    else:
        order = np.arange(number_of_samples)
    batches = []
    start = 0
    while start < number_of_samples:
        indices = order[start:start + batch_size]
        batches.append((inputs[indices], targets[indices]))
        start = start + batch_size
    return iter(batches)


def iterations_per_epoch(n_samples, batch_size):
    if batch_size < 1:
        raise ValueError("batch_size must be 1 or more")
    return int(math.ceil(n_samples / batch_size))


def gradient_descent(grad_fn, w0, lr, n_steps):
    weights = np.array(w0, dtype=np.float64)
    path = [weights.copy()]
    for step_number in range(n_steps):
        gradient = np.asarray(grad_fn(weights.copy()), dtype=np.float64)
        weights = weights - lr * gradient
        path.append(weights.copy())
    return weights, np.array(path)
