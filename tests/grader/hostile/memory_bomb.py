"""Allocates without end: MemoryError (address-space limit) or killed; the grader is unaffected."""
import numpy as np


def grow():
    hoard = []
    while True:
        hoard.append(bytearray(64 << 20))


def huge_array():
    return np.ones((1 << 40,))


def answer():
    return 42
