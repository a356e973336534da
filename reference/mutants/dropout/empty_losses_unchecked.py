"""catches: early_stopping: an empty list raises ValueError naming val_losses

Mutant of solutions/dropout.py with one realistic student bug: early_stopping accepts an empty val_losses and returns (-1, 0).

Inverted dropout and early stopping (notes 001).

Inputs are never modified; array results are new float64 arrays.
"""
import numbers

import numpy as np


def _as_float(value, name):
    try:
        return np.asarray(value, dtype=float)
    except (TypeError, ValueError) as exc:
        raise ValueError(f"{name} must be numeric, got {value!r}") from exc


def dropout_forward(X, p_drop, training=True, rng=None):
    """Inverted dropout: each unit is dropped with probability p_drop and the
    survivors are scaled by 1 / (1 - p_drop), so the expected output is X.

    Training with 0 < p_drop < 1: mask = (rng.random(X.shape) >= p_drop) / (1 - p_drop),
    out = X * mask. Not training, or p_drop == 0: out = X (a copy), mask all ones.
    Training with p_drop == 1: out and mask all zeros. Returns (out, mask), both X's shape.
    """
    X = _as_float(X, "X")
    p = _as_float(p_drop, "p_drop")
    if p.ndim != 0 or not (0.0 <= p <= 1.0):
        raise ValueError(f"p_drop must be a probability in [0, 1], got {p_drop!r}")
    p = float(p)
    if training and p > 0 and rng is None:
        raise ValueError("rng is required for dropout in training with p_drop > 0")
    if training and p > 0 and not isinstance(rng, np.random.Generator):
        raise ValueError(f"rng must be a numpy.random.Generator, got {rng!r}")
    if not training or p == 0.0:
        return np.array(X), np.ones_like(X)
    if p == 1.0:
        return np.zeros_like(X), np.zeros_like(X)
    mask = np.asarray(rng.random(X.shape) >= p, dtype=float) / (1.0 - p)
    return np.asarray(X * mask), np.asarray(mask)


def dropout_backward(dout, mask):
    """Gradient through dropout: dout * mask (same shape)."""
    dout = _as_float(dout, "dout")
    mask = _as_float(mask, "mask")
    if dout.shape != mask.shape:
        raise ValueError(f"mask has shape {mask.shape} but dout has shape {dout.shape}")
    return np.asarray(dout * mask)


def early_stopping(val_losses, patience):
    """Epoch at which Keras' EarlyStopping(patience, min_delta=0) stops.

    Walk k = 0, 1, ...: best is the epoch of the lowest loss so far (strictly
    lower improves, so the earliest wins ties); stop at the first k with
    k - best >= patience. Returns (stop_epoch, best_epoch) as ints;
    stop_epoch = len(val_losses) - 1 if it never stops.
    """
    if isinstance(patience, bool) or not isinstance(patience, numbers.Integral) or patience < 1:
        raise ValueError(f"patience must be an integer >= 1, got {patience!r}")
    losses = _as_float(val_losses, "val_losses")
    if losses.ndim != 1:  # BUG: an empty list is not rejected
        raise ValueError(f"val_losses must be a non-empty 1-D sequence, got shape {losses.shape}")
    best_epoch, best_loss = 0, np.inf
    for k, loss in enumerate(losses):
        if loss < best_loss:
            best_epoch, best_loss = k, loss
        elif k - best_epoch >= patience:
            return k, best_epoch
    return len(losses) - 1, best_epoch
