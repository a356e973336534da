"""Reference: gradient descent and its variants (pure functions returning new arrays).

The formulas are the textbook ones of the contract (course notes 001/004).
Where Keras 3 (``keras.optimizers``, the version installed with TensorFlow
2.21 / Keras 3.15) writes the same optimizer differently, the difference is
written down here; ``tests/reference/test_vs_tensorflow.py`` checks the
agreement under settings where the two meet, and checks each difference.

* SGD: ``w - lr * dw``; Keras ``SGD(momentum=0)`` is identical.
* Momentum: contract ``v = beta * v - lr * dw; w = w + v`` (the velocity
  carries the sign of the step).  Keras ``SGD(momentum=beta)`` uses exactly
  this sign convention (``m = momentum * m - lr * g; w += m``).  The other
  common convention, ``v = beta * v + dw; w -= lr * v`` (PyTorch), gives the
  same iterates only for a constant learning rate, with ``v_torch = -v / lr``.
* Adagrad: contract ``cache += dw**2; w -= lr * dw / (sqrt(cache) + eps)``,
  cache starting at 0.  Keras ``Adagrad`` (1) starts its accumulator at
  ``initial_accumulator_value=0.1``, not 0, and (2) puts epsilon *inside*
  the root: ``w -= lr * g / sqrt(acc + epsilon)`` (default epsilon 1e-7).
  They meet with ``initial_accumulator_value=0`` (or our ``cache`` starting
  at 0.1) and ``epsilon = eps = 0`` (with non-zero gradients).
* RMSprop: contract ``cache = rho*cache + (1-rho)*dw**2;
  w -= lr * dw / (sqrt(cache) + eps)``.  Keras ``RMSprop`` (momentum=0,
  centered=False) also puts epsilon inside the root:
  ``w -= lr * g / sqrt(v + epsilon)``; the velocity starts at 0 in both.
  They meet with ``epsilon = eps = 0``.
* Adam: contract ``w -= lr * m_hat / (sqrt(v_hat) + eps)`` with bias-corrected
  ``m_hat = m / (1 - beta1^t)``, ``v_hat = v / (1 - beta2^t)``.  Keras ``Adam``
  folds the corrections into the step size and adds epsilon to the
  *uncorrected* root ("epsilon hat" of Kingma & Ba, sec. 2):
  ``alpha_t = lr * sqrt(1 - beta2^t) / (1 - beta1^t);
  w -= alpha_t * m / (sqrt(v) + epsilon)``.  The two are equal when
  ``eps_keras = eps * sqrt(1 - beta2^t)``, i.e. for all t only when both are
  0; Keras' default epsilon is 1e-7 against the contract's 1e-8.
* Keras keeps the learning rate in a float32 variable (``floatx``), so an
  ``lr`` like 0.1 reaches a float64 update as 0.10000000149...; the tests use
  learning rates exactly representable in float32 (powers of two).
* Keras also rounds some hyperparameters through float32 even for float64
  variables (``ops.cast(python_float, "float64")`` builds a float32 tensor
  first): SGD's ``momentum`` (0.05 acts as 0.0500000007), Adagrad's
  ``initial_accumulator_value`` (0.1 -> 0.10000000149), and Adam's
  ``beta_1``/``beta_2`` inside the bias corrections ``1 - beta^t`` -- but
  not in the moment updates, which use the Python floats.  ``rho`` and
  ``epsilon`` stay float64.  With hyperparameters that float32 represents
  exactly (0.875, 1 - 2**-10, ...) all of this vanishes.
"""

from __future__ import annotations


import numpy as np

from .neuron import _float_array, _integer, _out, _real

__all__ = ["sgd_update", "momentum_update", "adagrad_update", "rmsprop_update", "adam_update",
           "minibatches", "iterations_per_epoch", "gradient_descent"]


def _like(w, other, name):
    arr = _float_array(other, name)
    if arr.shape != w.shape:
        raise ValueError(f"{name} must have the shape of w {w.shape}, got {arr.shape}")
    return arr


def _lr(lr):
    return _real(lr, "lr", low=0.0)


def sgd_update(w, dw, lr):
    """Plain gradient-descent step: ``w - lr * dw``."""
    w = _float_array(w, "w")
    dw = _like(w, dw, "dw")
    lr = _lr(lr)
    return _out(w - lr * dw)


def momentum_update(w, dw, velocity, lr, beta=0.9):
    """``v = beta * v - lr * dw; w = w + v``; returns ``(w, v)``."""
    w = _float_array(w, "w")
    dw = _like(w, dw, "dw")
    velocity = _like(w, velocity, "velocity")
    lr = _lr(lr)
    beta = _real(beta, "beta", low=0.0, high=1.0)
    v = beta * velocity - lr * dw
    return _out(w + v), _out(v)


def adagrad_update(w, dw, cache, lr, eps=1e-8):
    """``cache += dw**2; w -= lr * dw / (sqrt(cache) + eps)``; returns ``(w, cache)``."""
    w = _float_array(w, "w")
    dw = _like(w, dw, "dw")
    cache = _like(w, cache, "cache")
    lr = _lr(lr)
    eps = _real(eps, "eps", low=0.0)
    new_cache = cache + dw * dw
    return _out(w - lr * dw / (np.sqrt(new_cache) + eps)), _out(new_cache)


def rmsprop_update(w, dw, cache, lr, rho=0.9, eps=1e-8):
    """``cache = rho*cache + (1-rho)*dw**2; w -= lr*dw/(sqrt(cache)+eps)``; ``(w, cache)``."""
    w = _float_array(w, "w")
    dw = _like(w, dw, "dw")
    cache = _like(w, cache, "cache")
    lr = _lr(lr)
    rho = _real(rho, "rho", low=0.0, high=1.0)
    eps = _real(eps, "eps", low=0.0)
    new_cache = rho * cache + (1.0 - rho) * (dw * dw)
    return _out(w - lr * dw / (np.sqrt(new_cache) + eps)), _out(new_cache)


def adam_update(w, dw, m, v, t, lr=0.001, beta1=0.9, beta2=0.999, eps=1e-8):
    """Adam with bias correction; ``t`` counts from 1; returns ``(w, m, v)``."""
    w = _float_array(w, "w")
    dw = _like(w, dw, "dw")
    m = _like(w, m, "m")
    v = _like(w, v, "v")
    t = _integer(t, "t", low=1)
    lr = _lr(lr)
    beta1 = _real(beta1, "beta1", low=0.0, high=1.0, high_open=True)
    beta2 = _real(beta2, "beta2", low=0.0, high=1.0, high_open=True)
    eps = _real(eps, "eps", low=0.0)
    m_new = beta1 * m + (1.0 - beta1) * dw
    v_new = beta2 * v + (1.0 - beta2) * (dw * dw)
    m_hat = m_new / (1.0 - beta1 ** t)
    v_hat = v_new / (1.0 - beta2 ** t)
    return _out(w - lr * m_hat / (np.sqrt(v_hat) + eps)), _out(m_new), _out(v_new)


def minibatches(X, y, batch_size, shuffle=True, rng=None):
    """Iterator of ``(X_batch, y_batch)``, every sample exactly once.

    Arguments are checked, and the order drawn (``rng.permutation(m)``), when
    ``minibatches`` is called, not at the first ``next()``.  ``X_batch`` is
    float64; ``y_batch`` keeps ``y``'s dtype (labels stay labels).
    """
    X = _float_array(X, "X")
    try:
        y = np.array(y, copy=True)
    except Exception:
        raise ValueError(f"y must be array-like, got {type(y).__name__}") from None
    if X.ndim == 0:
        raise ValueError("X must have a sample axis (shape (m, ...)), got a scalar")
    if y.ndim == 0 or y.shape[0] != X.shape[0]:
        raise ValueError(f"y must have one entry per sample of X ({X.shape[0]}), got shape {y.shape}")
    batch_size = _integer(batch_size, "batch_size", low=1)
    m = X.shape[0]
    if shuffle:
        if rng is None:
            raise ValueError("rng is None but shuffle=True: pass a numpy.random.Generator")
        if not isinstance(rng, np.random.Generator):
            raise ValueError(f"rng must be a numpy.random.Generator, got {type(rng).__name__}")
        order = rng.permutation(m)
    else:
        order = np.arange(m)

    def batches():
        start = 0
        while start < m:
            index = order[start:start + batch_size]
            yield X[index], y[index]
            start += batch_size

    return batches()


def iterations_per_epoch(n_samples, batch_size):
    """ceil(n_samples / batch_size), an int (10,000 images in batches of 1000 -> 10)."""
    n_samples = _integer(n_samples, "n_samples", low=0)
    batch_size = _integer(batch_size, "batch_size", low=1)
    full, rest = divmod(n_samples, batch_size)
    return full + (1 if rest else 0)


def gradient_descent(grad_fn, w0, lr, n_steps):
    """Batch gradient descent ``w <- w - lr * grad_fn(w)``; returns ``(w, path)``.

    ``path`` has shape ``(n_steps + 1, *w0.shape)``, ``w0`` first.
    """
    if not callable(grad_fn):
        raise ValueError(f"grad_fn must be callable, got {type(grad_fn).__name__}")
    w = _float_array(w0, "w0")
    lr = _lr(lr)
    n_steps = _integer(n_steps, "n_steps", low=0)
    path = np.empty((n_steps + 1,) + w.shape, dtype=np.float64)
    path[0] = w
    for k in range(1, n_steps + 1):
        g = _float_array(grad_fn(w.copy()), "grad_fn(w)")
        if g.shape != w.shape:
            raise ValueError(f"grad_fn returned shape {g.shape}, expected w0's shape {w.shape}")
        w = _out(w - lr * g)
        path[k] = w
    return w, path
