"""Reference: inverted dropout and early stopping with patience.

``dropout_forward`` uses the rng exactly as documented: one call
``rng.random(X.shape)`` when training with ``0 < p_drop < 1``, and no call
otherwise (``p_drop == 0``, ``p_drop == 1`` or not training).

``early_stopping`` is an explicit scan with Keras' ``EarlyStopping(monitor=
"val_loss", patience=p, min_delta=0)`` semantics: an epoch improves when its
loss is strictly lower than the best so far (so the earliest of equal losses
stays best); training stops at the first epoch ``k`` with ``k - best >= p``.
"""

from __future__ import annotations

import numpy as np

from .neuron import _float_array, _integer, _out, _real

__all__ = ["dropout_forward", "dropout_backward", "early_stopping"]


def dropout_forward(X, p_drop, training=True, rng=None):
    """Inverted dropout; returns ``(out, mask)``.

    Training with ``0 < p_drop < 1``: ``mask = (rng.random(X.shape) >= p_drop) / (1 - p_drop)``,
    ``out = X * mask``.  Not training or ``p_drop == 0``: ``out == X`` and ``mask`` all ones.
    Training with ``p_drop == 1``: both all zeros.
    """
    X = _float_array(X, "X")
    p_drop = _real(p_drop, "p_drop", low=0.0, high=1.0)
    if not isinstance(training, (bool, np.bool_)):
        raise ValueError(f"training must be True or False, got {training!r}")
    if not training or p_drop == 0.0:
        return X, np.ones(X.shape, dtype=np.float64)
    if rng is None:
        raise ValueError("rng is None but dropout is active (training with p_drop > 0): "
                         "pass a numpy.random.Generator")
    if not isinstance(rng, np.random.Generator):
        raise ValueError(f"rng must be a numpy.random.Generator, got {type(rng).__name__}")
    if p_drop == 1.0:
        zeros = np.zeros(X.shape, dtype=np.float64)
        return zeros, zeros.copy()
    keep = rng.random(X.shape) >= p_drop
    mask = _out(keep / (1.0 - p_drop))
    return _out(X * mask), mask


def dropout_backward(dout, mask):
    """Gradient through dropout: ``dout * mask``."""
    dout = _float_array(dout, "dout")
    mask = _float_array(mask, "mask")
    if dout.shape != mask.shape:
        raise ValueError(f"dout and mask must have the same shape, got dout{dout.shape} "
                         f"and mask{mask.shape}")
    return _out(dout * mask)


def early_stopping(val_losses, patience):
    """``(stop_epoch, best_epoch)`` for a sequence of validation losses."""
    losses = _float_array(val_losses, "val_losses")
    if losses.ndim != 1:
        raise ValueError(f"val_losses must be a 1-D sequence of losses, got shape {losses.shape}")
    if losses.size == 0:
        raise ValueError("val_losses is empty")
    patience = _integer(patience, "patience", low=1)
    best_epoch = 0
    best_loss = losses[0]
    for epoch in range(1, losses.size):
        if losses[epoch] < best_loss:
            best_loss = losses[epoch]
            best_epoch = epoch
        elif epoch - best_epoch >= patience:
            return epoch, best_epoch
    return int(losses.size - 1), best_epoch
