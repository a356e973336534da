"""Patches the comparison functions a naive grader would use, then returns a
wrong answer.  The comparison happens in the parent, so the test still fails."""
import math

import numpy as np

np.allclose = lambda *a, **k: True
np.isclose = lambda *a, **k: True
np.array_equal = lambda *a, **k: True
np.testing.assert_allclose = lambda *a, **k: None
math.isclose = lambda *a, **k: True


def sigmoid(z):
    return np.zeros_like(np.asarray(z, dtype=float))
