"""Functions the parent can pass to student code.

``numerical_gradient(f, x)`` and ``gradient_descent(grad_fn, w0, ...)`` take a
function as an argument, and functions cannot cross the sandbox boundary as
data.  Instead the parent sends ``Fn("quadratic", a=..., b=...)``; both sides
build the same function from this library, the child to call the student's
code with, the parent to compute the expected answer with.

Loaded by the child from its file path: numpy and the standard library only.
"""
from __future__ import annotations

import numpy as np


def _quadratic(a, b):
    """f(x) = sum(0.5 * a * x**2 + b * x): separable, exact gradient a*x + b."""
    a, b = np.asarray(a, float), np.asarray(b, float)
    return lambda x: float(np.sum(0.5 * a * np.asarray(x, float) ** 2 + b * np.asarray(x, float)))


def _quadratic_grad(a, b):
    """The gradient a*x + b of ``quadratic``: what gradient_descent follows."""
    a, b = np.asarray(a, float), np.asarray(b, float)
    return lambda x: a * np.asarray(x, float) + b


def _sin_sum(c):
    """f(x) = sum(sin(c * x)): curved, so a one-sided difference is visibly wrong."""
    c = np.asarray(c, float)
    return lambda x: float(np.sum(np.sin(c * np.asarray(x, float))))


def _cubic(c):
    """f(x) = sum(c * x**3): third derivative non-zero, separates h from 2h."""
    c = np.asarray(c, float)
    return lambda x: float(np.sum(c * np.asarray(x, float) ** 3))


def _rosenbrock_grad(a=1.0, b=100.0):
    """Gradient of (a - x0)^2 + b (x1 - x0^2)^2 for a 2-vector."""
    def grad(w):
        x, y = np.asarray(w, float)
        return np.array([-2 * (a - x) - 4 * b * x * (y - x * x), 2 * b * (y - x * x)])
    return grad


LIBRARY = {
    "quadratic": _quadratic,
    "quadratic_grad": _quadratic_grad,
    "sin_sum": _sin_sum,
    "cubic": _cubic,
    "rosenbrock_grad": _rosenbrock_grad,
}


def build(name: str, params: dict):
    """The function ``name`` with ``params``; KeyError for an unknown name."""
    if name not in LIBRARY:
        raise KeyError(f"unknown function {name!r}")
    return LIBRARY[name](**(params or {}))
