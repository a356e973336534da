# Kim -- dropout exercise, written with small checks up front
import numpy as np


def dropout_forward(X, p_drop, training=True, rng=None):
    X = np.array(X, dtype=np.float64)
    if not 0 <= p_drop <= 1:
        raise ValueError("p_drop has to lie in [0, 1]")
    if not training or p_drop == 0:
        return X.copy(), np.ones(X.shape)
    if rng is None:
        raise ValueError("rng must be given while training")
    if p_drop == 1:
        zeros = np.zeros(X.shape)
        return zeros, zeros.copy()
    keep = rng.random(X.shape) >= p_drop
    scaled_mask = keep.astype(np.float64) / (1 - p_drop)
    return X * scaled_mask, scaled_mask


def dropout_backward(dout, mask):
    grad = np.array(dout, dtype=np.float64)
    m = np.array(mask, dtype=np.float64)
    if grad.shape != m.shape:
        raise ValueError("mask and dout differ in shape")
    return grad * m


def early_stopping(val_losses, patience):
    if patience < 1:
        raise ValueError("patience should be at least 1")
    if len(val_losses) == 0:
        raise ValueError("val_losses is empty")
    best_epoch = 0
    waited = 0
    for epoch in range(1, len(val_losses)):
        if val_losses[epoch] < val_losses[best_epoch]:
            best_epoch = epoch
            waited = 0
        else:
            waited += 1
            if waited >= patience:
                return epoch, best_epoch
    return len(val_losses) - 1, best_epoch
