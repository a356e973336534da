"""
Exercise 5: Dropout and early stopping
Student: Chen Wei (s1003)
"""
import numpy as np


def dropout_forward(X, p_drop, training=True, rng=None):
    inputs = np.asarray(X, dtype=np.float64)
    if p_drop < 0 or p_drop > 1:
        raise ValueError("p_drop must be between 0 and 1")
    if training and p_drop > 0 and rng is None:
        raise ValueError("rng is needed for dropout during training")
    if not training or p_drop == 0:
        return inputs.copy(), np.ones(inputs.shape)
    if p_drop == 1:
        return np.zeros(inputs.shape), np.zeros(inputs.shape)
    keep_probability = 1.0 - p_drop
    random_numbers = rng.random(inputs.shape)
    mask = (random_numbers >= p_drop).astype(np.float64) / keep_probability
    return inputs * mask, mask


def dropout_backward(dout, mask):
    return np.asarray(dout, dtype=np.float64) * np.asarray(mask, dtype=np.float64)


def early_stopping(val_losses, patience):
    if patience < 1:
        raise ValueError("patience must be at least 1")
    if len(val_losses) == 0:
        raise ValueError("val_losses must not be empty")
    best_epoch = 0
    best_loss = val_losses[0]
    for epoch in range(1, len(val_losses)):
        if val_losses[epoch] <= best_loss:
            # new best validation loss
            best_loss = val_losses[epoch]
            best_epoch = epoch
        if epoch - best_epoch >= patience:
            return epoch, best_epoch
    return len(val_losses) - 1, best_epoch
