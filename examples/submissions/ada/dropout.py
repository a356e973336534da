"""Exercise 5 - dropout and early stopping.

Ada Lindqvist, s1001
"""
import numpy as np


def dropout_forward(X, p_drop, training=True, rng=None):
    """Inverted dropout. Returns (out, mask)."""
    X = np.asarray(X, dtype=np.float64)
    try:
        p = float(p_drop)
    except (TypeError, ValueError):
        p = float("nan")
    if not 0.0 <= p <= 1.0:
        raise ValueError(f"p_drop must be a probability in [0, 1], got {p_drop!r}")
    p_drop = p
    if training and p_drop > 0 and not isinstance(rng, np.random.Generator):
        raise ValueError("rng (a numpy Generator) is required when training with p_drop > 0")

    if not training or p_drop == 0:
        return X.copy(), np.ones_like(X)
    if p_drop == 1:
        return np.zeros_like(X), np.zeros_like(X)
    keep = rng.random(X.shape) >= p_drop
    mask = keep / (1.0 - p_drop)      # scale now so inference needs no change
    return X * mask, mask


def dropout_backward(dout, mask):
    dout = np.asarray(dout, dtype=np.float64)
    mask = np.asarray(mask, dtype=np.float64)
    if dout.shape != mask.shape:
        raise ValueError(f"dout {dout.shape} and mask {mask.shape} must have the same shape")
    return dout * mask


def early_stopping(val_losses, patience):
    """(stop_epoch, best_epoch) with Keras' EarlyStopping rules (min_delta=0)."""
    if isinstance(patience, bool) or not isinstance(patience, (int, np.integer)) or patience < 1:
        raise ValueError(f"patience must be an integer >= 1, got {patience!r}")
    losses = np.asarray(val_losses, dtype=np.float64)
    if losses.ndim != 1 or len(losses) == 0:
        raise ValueError("val_losses must be a non-empty list of numbers")
    best, best_loss = 0, np.inf
    for k, loss in enumerate(losses):
        if loss < best_loss:          # strictly lower: ties keep the earlier epoch
            best, best_loss = k, loss
        elif k - best >= patience:
            return k, best
    return len(losses) - 1, best
