# Ben Okafor - exercise 5 (dropout, early stopping)
import numpy as np


def dropout_forward(X, p_drop, training=True, rng=None):
    X = np.asarray(X, float)
    if not 0 <= p_drop <= 1:
        raise ValueError(f"p_drop must be in [0, 1], got {p_drop}")
    if not training or p_drop == 0:
        return X.copy(), np.ones_like(X)
    if rng is None:
        raise ValueError("need rng for dropout when training (p_drop > 0)")
    if p_drop == 1:
        return np.zeros_like(X), np.zeros_like(X)
    mask = (rng.random(X.shape) >= p_drop) / (1 - p_drop)
    return X * mask, mask


def dropout_backward(dout, mask):
    return np.asarray(dout, float) * np.asarray(mask, float)


def early_stopping(val_losses, patience):
    if patience < 1:
        raise ValueError("patience must be >= 1")
    if len(val_losses) == 0:
        raise ValueError("val_losses is empty")
    best_i, best = 0, float("inf")
    for k, loss in enumerate(val_losses):
        if loss < best:
            best_i, best = k, loss
        elif k - best_i >= patience:
            return k, best_i
    return len(val_losses) - 1, best_i
