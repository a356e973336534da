"""Public tests for comp_graph.py (run: pytest tests/test_comp_graph.py).

The graph Y = (a + b) * (b - c) of the notes (001_629117b4bfcd7762.txt,
"1.5 Computational graphs"), on numbers worked by hand.
"""
import numpy as np

import comp_graph


def test_forward_on_the_docstring_example():
    d, e, y = comp_graph.graph_forward(2.0, 3.0, 1.0)
    np.testing.assert_allclose([d, e, y], [5.0, 2.0, 10.0])


def test_backward_on_the_docstring_example():
    # dY/da = e = 2, dY/db = e + d = 7, dY/dc = -d = -5
    np.testing.assert_allclose(comp_graph.graph_backward(2.0, 3.0, 1.0), [2.0, 7.0, -5.0])
