"""Exercise 7: a computational graph, forward and backward.

The notes (001_629117b4bfcd7762.txt, "1.5 Computational graphs") write

    Y = (a + b) * (b - c)

as a graph with one node per operation: d = a + b, e = b - c and Y = d * e.
The forward pass computes the nodes from the inputs; the backward pass
starts from Y and applies the chain rule node by node back to the inputs.

a, b and c are numbers or NumPy arrays of one shape (the graph then works
element by element).  Return float results; do not modify the inputs.
"""
import numpy as np


def graph_forward(a, b, c):
    """The nodes of the graph, from the inputs: returns ``(d, e, Y)``.

    d = a + b, e = b - c, Y = d * e.  For a = 2, b = 3, c = 1:
    d = 5, e = 2, Y = 10.
    """
    raise NotImplementedError("graph_forward is not implemented yet")


def graph_backward(a, b, c):
    """The gradient of Y with respect to each input: returns ``(dY/da, dY/db, dY/dc)``.

    Go backward through the graph: dY/dd = e and dY/de = d; then d = a + b
    passes its gradient to a and to b unchanged, and e = b - c passes it to
    b unchanged and to c with its sign flipped.  b feeds both d and e, so
    its two contributions add up.
    """
    raise NotImplementedError("graph_backward is not implemented yet")
