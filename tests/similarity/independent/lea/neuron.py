"""Lea: activations and losses, via tanh identities and logaddexp."""
import numpy


def sigmoid(z):
    # sigma(z) = (1 + tanh(z / 2)) / 2 never overflows
    return 0.5 * (1.0 + numpy.tanh(0.5 * numpy.asarray(z, dtype=float)))


def relu(z):
    return numpy.maximum(numpy.asarray(z, dtype=float), 0.0)


def softmax(z, axis=-1):
    values = numpy.asarray(z, dtype=float)
    log_norm = numpy.logaddexp.reduce(values, axis=axis, keepdims=True)
    return numpy.exp(values - log_norm)


def _same_shape(y_true, y_pred):
    t, p = numpy.asarray(y_true, dtype=float), numpy.asarray(y_pred, dtype=float)
    if t.shape != p.shape:
        raise ValueError(f"y_true {t.shape} and y_pred {p.shape} differ")
    return t, p


def mse(y_true, y_pred):
    t, p = _same_shape(y_true, y_pred)
    return float(numpy.mean(numpy.square(t - p)))


def binary_cross_entropy(y_true, y_pred, eps=1e-12):
    t, p = _same_shape(y_true, y_pred)
    p = numpy.minimum(numpy.maximum(p, eps), 1.0 - eps)
    return float(-numpy.mean(t * numpy.log(p) + (1.0 - t) * numpy.log1p(-p)))
