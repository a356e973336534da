"""Dropout exercise -- Dana Kowalski"""
import numpy as np


def dropout_forward(X, p_drop, training=True, rng=None):
    X = np.array(X, dtype=float)
    if p_drop < 0 or p_drop > 1:
        raise ValueError(f"p_drop={p_drop} is not a probability")
    if not training or p_drop == 0:
        return X, np.ones_like(X)
    if rng is None:
        raise ValueError("rng must be passed when training with p_drop > 0")
    # keep each unit with probability 1 - p_drop
    mask = (rng.random(X.shape) >= p_drop).astype(float)
    return X * mask, mask


def dropout_backward(dout, mask):
    return np.array(dout, dtype=float) * np.array(mask, dtype=float)


def early_stopping(val_losses, patience):
    if patience < 1:
        raise ValueError(f"patience={patience} must be >= 1")
    if len(val_losses) == 0:
        raise ValueError("val_losses is empty")
    best = 0
    wait = 0
    for k in range(1, len(val_losses)):
        if val_losses[k] < val_losses[best]:
            best = k
            wait = 0
        else:
            wait += 1
            if wait >= patience:
                return k, best
    return len(val_losses) - 1, best
