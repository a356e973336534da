"""A computational graph, forward and backward (notes 001, 1.5)."""
import numpy as np


def graph_forward(a, b, c):
    """(d, e, Y) with d = a + b, e = b - c, Y = d * e."""
    a, b, c = (np.asarray(v, dtype=float) for v in (a, b, c))
    d = a + b
    e = b - c
    return d, e, d * e


def graph_backward(a, b, c):
    """(dY/da, dY/db, dY/dc) by the chain rule through d and e."""
    d, e, _ = graph_forward(a, b, c)
    dY_dd, dY_de = e, d
    return dY_dd, dY_dd + dY_de, -dY_de
