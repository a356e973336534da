"""Exercise 5 (dropout, early stopping) -- Fay Adeyemi, student no. s1006."""
from __future__ import annotations

import numpy as np


def dropout_forward(X, p_drop: float, training: bool = True, rng: np.random.Generator | None = None):
    X_ = np.asarray(X, dtype=np.float64)
    if not 0.0 <= p_drop <= 1.0:
        raise ValueError(f"p_drop={p_drop} must lie in [0, 1]")
    if training and p_drop > 0 and rng is None:
        raise ValueError("rng is required when training with p_drop > 0")
    if not training or p_drop == 0.0:
        return X_.copy(), np.ones_like(X_)
    if p_drop == 1.0:
        return np.zeros_like(X_), np.zeros_like(X_)
    keep = rng.random(X_.shape) >= p_drop
    mask = keep.astype(np.float64) / (1.0 - p_drop)
    return X_ * mask, mask


def dropout_backward(dout, mask) -> np.ndarray:
    return np.asarray(dout, dtype=np.float64) * np.asarray(mask, dtype=np.float64)


def early_stopping(val_losses, patience: int) -> tuple[int, int]:
    if patience < 1:
        raise ValueError(f"patience={patience} must be >= 1")
    if len(val_losses) == 0:
        raise ValueError("val_losses is empty")
    best_epoch, best_loss = 0, float("inf")
    for epoch, loss in enumerate(val_losses):
        if loss < best_loss:
            best_epoch, best_loss = epoch, loss
        elif epoch - best_epoch >= patience:
            return epoch, best_epoch
    return len(val_losses) - 1, best_epoch
