"""Rewrites the child runtime's own helpers at import: the unchanged-argument
check is switched off, and exception reports carry whatever it likes."""
import sys

import numpy as np

runtime = sys.modules["__main__"]
runtime.same = lambda a, b: True
SEEN = []


def _forged(exc, module=None):
    return {"type": "Leak_" + "_".join(str(int(v)) for v in SEEN[-1:]), "where": "/etc/passwd line 3",
            "message": "forged"}


runtime.describe = _forged


def scale_in_place(z, factor=2.0):
    z *= factor
    return z


def halve_inside(params):
    params["w"] /= 2
    return 0.0


def boom(z):
    SEEN.append(np.asarray(z).ravel()[0])
    raise ValueError("no")
