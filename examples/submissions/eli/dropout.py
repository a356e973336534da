# -*- coding: utf-8 -*-
"""
dropout.py  (Eli Navarro, group B)
"""
import numpy as np

def dropout_forward(X, p_drop, training=True, rng=None):
    X = np.asarray(X, dtype=np.float64)
    if not (0.0 <= p_drop <= 1.0):
        raise ValueError("p_drop must be within [0, 1], got %r" % (p_drop,))
    if not training or p_drop == 0:
        return X.copy(), np.ones(X.shape)
    if rng is None:
        raise ValueError("rng is required in training mode when p_drop > 0")
    if p_drop == 1:
        return np.zeros(X.shape), np.zeros(X.shape)
    mask = np.where(rng.random(X.shape) >= p_drop, 1.0 / (1.0 - p_drop), 0.0)
    return X * mask, mask

def dropout_backward(dout, mask):
    return np.asarray(dout, dtype=np.float64) * np.asarray(mask, dtype=np.float64)

def early_stopping(val_losses, patience):
    if patience < 1:
        raise ValueError("patience must be >= 1")
    losses = list(val_losses)
    if not losses:
        raise ValueError("val_losses must not be empty")
    best = 0
    for k, loss in enumerate(losses):
        if loss < losses[best]:
            best = k
        if k - best >= patience:
            return k, best
    return len(losses) - 1, best
