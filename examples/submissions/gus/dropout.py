# gus (Gustavo Pereira) -- dropout.py
import numpy as np


def dropout_forward(X, p_drop, training=True, rng=None):
    xArr = np.asarray(X, dtype=float)
    if p_drop < 0.0 or p_drop > 1.0:
        raise ValueError("dropout_forward: p_drop must be in [0, 1]")
    if training and p_drop > 0.0 and rng is None:
        raise ValueError("dropout_forward: rng is needed for training with p_drop > 0")
    if (not training) or p_drop == 0.0:
        return xArr.copy(), np.ones(xArr.shape)
    if p_drop == 1.0:
        return np.zeros(xArr.shape), np.zeros(xArr.shape)
    mask = (rng.random(xArr.shape) >= p_drop) / (1.0 - p_drop)
    return xArr * mask, mask


def dropout_backward(dout, mask):
    return np.asarray(dout, dtype=float) * np.asarray(mask, dtype=float)


def early_stopping(val_losses, patience):
    if patience < 1:
        raise ValueError("early_stopping: patience must be >= 1")
    if len(val_losses) == 0:
        raise ValueError("early_stopping: val_losses is empty")
    bestEpoch = 0
    bestLoss = val_losses[0]
    for k in range(1, len(val_losses)):
        if val_losses[k] < bestLoss:
            bestLoss = val_losses[k]
            bestEpoch = k
        elif k - bestEpoch >= patience:
            return k, bestEpoch
    return len(val_losses) - 1, bestEpoch
