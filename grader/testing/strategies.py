"""Hypothesis strategies shared by the hidden suites.

Inputs the contract promises to accept: float arrays of many shapes with
magnitudes up to 1e4, and the same values as Python lists and scalars.
"""
from __future__ import annotations

import numpy as np
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

MAX_MAGNITUDE = 1e4


def floats(magnitude: float = MAX_MAGNITUDE, min_value: float | None = None):
    """Finite float64 values in [-magnitude, magnitude] (or [min_value, magnitude])."""
    lo = -magnitude if min_value is None else min_value
    return st.floats(lo, magnitude, allow_nan=False, allow_infinity=False, width=64)


def arrays(shape=None, magnitude: float = MAX_MAGNITUDE, min_dims=1, max_dims=3, min_side=1,
           max_side=6, elements=None):
    """float64 arrays of the given shape (or a drawn one)."""
    shapes = shape if shape is not None else hnp.array_shapes(
        min_dims=min_dims, max_dims=max_dims, min_side=min_side, max_side=max_side)
    return hnp.arrays(np.float64, shapes, elements=floats(magnitude) if elements is None else elements)


def matrices(magnitude: float = MAX_MAGNITUDE, max_rows=6, max_cols=6, elements=None):
    return arrays(hnp.array_shapes(min_dims=2, max_dims=2, max_side=max(max_rows, max_cols)),
                  magnitude, elements=elements).filter(
        lambda a: a.shape[0] <= max_rows and a.shape[1] <= max_cols)


def one_hot(m: int, k: int):
    """(m, k) one-hot rows."""
    return st.lists(st.integers(0, k - 1), min_size=m, max_size=m).map(
        lambda idx: np.eye(k)[idx])


def seeds():
    return st.integers(0, 2**31 - 1)
