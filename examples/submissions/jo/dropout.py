# jo -- dropout.py
import numpy as np


def dropout_forward(X, p_drop, training=True, rng=None):
    X = np.asarray(X, dtype=float)
    if not 0 <= p_drop <= 1:
        raise ValueError(f"p_drop={p_drop} not in [0, 1]")
    if not training or p_drop == 0:
        return X.copy(), np.ones_like(X)
    if rng is None:
        raise ValueError("rng missing (training, p_drop > 0)")
    if p_drop == 1:
        return np.zeros_like(X), np.zeros_like(X)
    mask = (rng.random(X.shape) >= p_drop) / (1 - p_drop)
    return X * mask, mask


def dropout_backward(dout, mask):
    return np.asarray(dout, dtype=float) * np.asarray(mask, dtype=float)


def early_stopping(val_losses, patience):
    if patience < 1 or len(val_losses) == 0:
        raise ValueError(f"need patience >= 1 (got {patience}) and non-empty val_losses")
    best = 0
    for k, loss in enumerate(val_losses):
        if loss < val_losses[best]:
            best = k
        elif k - best >= patience:
            return k, best
    return len(val_losses) - 1, best
