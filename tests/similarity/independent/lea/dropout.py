"""Lea's dropout: masks built elementwise, early stopping via argmin of prefixes."""
import numpy


def _checked_probability(p):
    p = float(p)
    if p < 0.0 or p > 1.0:
        raise ValueError(f"p_drop={p} is outside [0, 1]")
    return p


def dropout_forward(X, p_drop, training=True, rng=None):
    data = numpy.asarray(X, dtype=float)
    p = _checked_probability(p_drop)
    if training and p > 0:
        if rng is None:
            raise ValueError("training dropout needs an rng")
        draws = rng.random(data.shape)
        factor = 0.0 if p == 1.0 else 1.0 / (1.0 - p)
        mask = numpy.where(draws >= p, factor, 0.0)
    else:
        mask = numpy.ones_like(data)
    return data * mask, mask


def dropout_backward(dout, mask):
    upstream, kept = numpy.asarray(dout, dtype=float), numpy.asarray(mask, dtype=float)
    if upstream.shape == kept.shape:
        return numpy.multiply(upstream, kept)
    raise ValueError("dout and mask must have the same shape")


def early_stopping(val_losses, patience):
    history = list(val_losses)
    if not history or patience < 1:
        raise ValueError("need some val_losses and a patience of 1 or more")
    for k in range(len(history)):
        prefix = history[: k + 1]
        best = prefix.index(min(prefix))
        if k - best >= patience:
            return k, best
    return len(history) - 1, history.index(min(history))
