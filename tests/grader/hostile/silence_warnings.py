"""Hides numpy's overflow warnings: at import and inside the functions."""
import warnings

import numpy as np

np.seterr(all="ignore")
warnings.simplefilter("ignore")
warnings.filterwarnings("ignore", category=RuntimeWarning)


def sigmoid(z):
    return 1.0 / (1.0 + np.exp(-np.asarray(z, dtype=float)))


def sigmoid_errstate(z):
    with np.errstate(over="ignore", all="ignore"):
        return 1.0 / (1.0 + np.exp(-np.asarray(z, dtype=float)))


def sigmoid_seterr(z):
    np.seterr(over="ignore")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return 1.0 / (1.0 + np.exp(-np.asarray(z, dtype=float)))


def stable(z):
    z = np.asarray(z, dtype=float)
    with np.errstate(under="ignore"):
        e = np.exp(-np.abs(z))
    return np.where(z >= 0, 1.0 / (1.0 + e), e / (1.0 + e))
