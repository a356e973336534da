"""Reference: the graph Y = (a + b) * (b - c), written independently of the
solution: Y expanded as a polynomial, its partial derivatives taken by hand
(Y = ab - ac + b^2 - bc)."""
import numpy as np


def graph_forward(a, b, c):
    a, b, c = (np.asarray(v, dtype=float) for v in (a, b, c))
    return a + b, b - c, a * b - a * c + b * b - b * c


def graph_backward(a, b, c):
    a, b, c = (np.asarray(v, dtype=float) for v in (a, b, c))
    return b - c, a + 2 * b - c, -a - b
