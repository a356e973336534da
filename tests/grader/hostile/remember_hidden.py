"""Keeps what it saw in a hidden test, in memory and on disk, and shows it
later: printed, in an exception, and at the next import."""
import os

import numpy as np

SEEN = []
if os.path.exists("seen.txt"):
    raise ImportError("remembered: " + open("seen.txt").read())


def remember(z):
    SEEN.append(float(np.asarray(z).ravel()[0]))
    print("hidden input", SEEN[-1])
    try:
        with open("seen.txt", "w") as fh:
            fh.write(repr(SEEN))
    except OSError:
        pass
    return 0.0


def reveal(z):
    print("earlier inputs", SEEN)
    raise ValueError(f"earlier inputs {SEEN}")


def crash():
    print("earlier inputs", SEEN)
    os._exit(3)
