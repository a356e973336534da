# max: dropout + early stopping, loop style
from numpy import asarray, ones, zeros, float64


def dropout_forward(X, p_drop, training=True, rng=None):
    arr = asarray(X, dtype=float64)
    if p_drop < 0 or p_drop > 1:
        raise ValueError("bad p_drop")
    if (not training) or p_drop == 0:
        return arr.copy(), ones(arr.shape, dtype=float64)
    if rng is None:
        raise ValueError("no rng")
    if p_drop == 1:
        return zeros(arr.shape), zeros(arr.shape)
    u = rng.random(arr.shape)
    scale = 1.0 / (1.0 - p_drop)
    mask = (u >= p_drop) * scale
    out = arr * mask
    return out, mask.astype(float64)


def dropout_backward(dout, mask):
    d, m = asarray(dout, dtype=float64), asarray(mask, dtype=float64)
    if d.shape != m.shape:
        raise ValueError("shape of mask != shape of dout")
    result = d.copy()
    result *= m
    return result


def early_stopping(val_losses, patience):
    if patience <= 0:
        raise ValueError("patience")
    n = len(val_losses)
    if n == 0:
        raise ValueError("val_losses")
    lowest, lowest_at, k = float("inf"), 0, 0
    while k < n:
        if val_losses[k] < lowest:
            lowest, lowest_at = val_losses[k], k
        if k - lowest_at >= patience:
            break
        k += 1
    else:
        k = n - 1
    return k, lowest_at
