"""Exercise 2 -- the perceptron: threshold units, logic gates and the perceptron rule.

What this exercise practises
----------------------------
The oldest learning machine of the course: a threshold (step) unit, its
prediction on a batch, two versions of the error-driven perceptron learning
rule -- the 0/1 rule ``w += lr * (t - y_hat) * x`` and the notes' bipolar
training algorithm with a "theta band" -- for one and for several output
units, and hand-designed weights for the logic gates.  You will also see the
limitation of a single perceptron: it cannot learn XOR.

Passages of the course notes this exercise follows
--------------------------------------------------
(the notes are in ``notes/`` beside this file; file name, then heading)

* ``001_629117b4bfcd7762.txt`` -- "mathematical model of Perceptron"
  (threshold logic: fire if ``sum_i w_i x_i - T >= 0``); "Applications --
  It can be used to implement Logic Gates" (the gate table with ``W = 1``,
  ``W = 1``, ``t = 0.5``); "Perceptron Learning Algorithm"; "1.3 Training
  Algorithm" -- "Training Algorithm for Single Output Unit" (Steps 1-8, the
  activation with the ``theta`` band, "Case 1 -- if y != t then
  w_i(new) = w_i(old) + alpha t x_i, b(new) = b(old) + alpha t") and
  "Training Algorithm for Multiple Output Units".
* ``000_7462f8ef9b0582c8.txt`` -- "The Perceptron" and "Limitations Of
  Single Layer Perceptron" (not capable of separating data points that a
  single line cannot separate).
* ``003_fb44594f36c7507d.txt`` -- "1. Perceptron (The First Building
  Block)", "Limitation: Can't solve complex problems like XOR -- because it's
  linear."

Conventions (from the exercise API contract)
--------------------------------------------
* Inputs may be lists or arrays; ``X`` has shape ``(m, n)`` (batch first),
  ``w`` has shape ``(n,)`` for one output unit or ``(n, k)`` for ``k``.
* Pure functions: never modify ``X``, ``y``, ``t`` or ``w0`` in place (copy
  ``w0`` before training; ``w += ...`` on the caller's array is a bug).
* Invalid arguments raise ``ValueError`` naming the argument.

Run the public tests with ``pytest tests/test_perceptron.py``.
"""
import numpy as np


def step(z, threshold=0.0):
    """Heaviside step: ``1`` where ``z >= threshold``, else ``0``.

    This is the threshold logic of 001 ("mathematical model of
    Perceptron"): ``Y = 1 if sum_i w_i x_i - T >= 0 else 0``.

    Parameters
    ----------
    z : float or array_like, any shape
    threshold : float, default 0.0

    Returns
    -------
    y : np.ndarray of int, same shape as ``z``
        Entries 0 or 1.

    Examples
    --------
    ``step([-1.0, 0.0, 2.0]) -> [0, 1, 1]`` (note: 0 fires, ``>=``);
    ``step([0.4, 0.5], threshold=0.5) -> [0, 1]``.

    Pitfalls
    --------
    Return an *integer* array (e.g. ``.astype(int)``), not booleans and not
    floats; keep the shape (also for 0-d input).
    """
    raise NotImplementedError("step is not implemented yet")


def perceptron_predict(X, w, b):
    """Predict with a (layer of) threshold perceptron(s): ``step(X @ w + b)``.

    Parameters
    ----------
    X : array_like, shape (m, n)
        A batch of ``m`` input vectors.
    w : array_like, shape (n,) or (n, k)
        Weights of one unit, or of ``k`` units (one column each).
    b : float or array_like of shape (k,)
        Bias(es).  The bias is minus the threshold: ``b = -T``.

    Returns
    -------
    y_hat : np.ndarray of int
        Shape ``(m,)`` when ``w`` is ``(n,)``; ``(m, k)`` when ``w`` is
        ``(n, k)``.  Entries 0 or 1.

    Example (001, "Applications -- It can be used to implement Logic Gates")
    ------------------------------------------------------------------------
    With ``W = 1, 1`` and threshold ``t = 0.5`` (so ``b = -0.5``) the unit
    fires when at least one input is on -- an OR gate:
    ``perceptron_predict([[0, 0], [0, 1], [1, 0], [1, 1]], [1, 1], -0.5)
    -> [0, 1, 1, 1]``; with ``b = -1.5`` it computes AND: ``[0, 0, 0, 1]``.

    Pitfalls
    --------
    Reuse ``step`` (threshold 0).  ``X`` may hold ints: the weighted sum
    must still be computed in floating point.
    """
    raise NotImplementedError("perceptron_predict is not implemented yet")


def perceptron_train(X, y, lr=1.0, max_epochs=100, w0=None, b0=0.0):
    """Train perceptron unit(s) with the error-driven rule for 0/1 targets.

    Online training, samples in the given order.  For each sample ``x`` with
    target ``t``::

        y_hat = step(x @ w + b)
        w    += lr * (t - y_hat) * x        # no change when y_hat == t
        b    += lr * (t - y_hat)

    An *epoch* is one full pass over the samples.  Training stops after the
    first epoch in which nothing changed, or after ``max_epochs`` epochs.
    (This is the "Perceptron Learning Algorithm" of 001 written for 0/1
    outputs; the stopping test is Step 8 of "1.3 Training Algorithm":
    "no change in weight".)

    Parameters
    ----------
    X : array_like, shape (m, n)
        Training inputs.
    y : array_like, shape (m,) or (m, k)
        0/1 targets: shape ``(m,)`` trains one output unit; ``(m, k)``
        trains ``k`` output units at once (each with its own weight column
        and bias; a sample updates every unit whose prediction is wrong).
    lr : float, default 1.0
        Learning rate (``alpha`` in the notes).
    max_epochs : int, default 100
    w0 : array_like or None, default None
        Initial weights, shape ``(n,)`` or ``(n, k)``; ``None`` means zeros.
        Never modify the caller's ``w0``.
    b0 : float or array_like of shape (k,), default 0.0
        Initial bias(es).

    Returns
    -------
    w : np.ndarray of float64, shape (n,) or (n, k)
    b : float for one output unit, np.ndarray of shape (k,) for ``k`` units
    epochs : int
        Number of passes made, the final unchanged pass included.
    converged : bool
        ``True`` only if the last pass changed nothing.

    Examples
    --------
    * AND on ``X = [[0, 0], [0, 1], [1, 0], [1, 1]]``, ``y = [0, 0, 0, 1]``
      with the defaults: you can trace it by hand -- it ends with
      ``w = [2, 1]``, ``b = -3`` after 6 epochs (5 with changes, 1 without),
      ``converged = True``.
    * XOR (``y = [0, 1, 1, 0]``) is not linearly separable (000, "Limitations
      Of Single Layer Perceptron"; 003, "Limitation: Can't solve ... XOR"):
      the weights keep cycling, so the function returns after ``max_epochs``
      epochs with ``converged = False``.

    Pitfalls
    --------
    * Copy ``w0`` (``np.array(w0, dtype=float)``); in-place updates of the
      caller's array are a bug that the hidden tests check for.
    * ``epochs`` counts every pass, including the final one with no change.
    * For ``k`` units, the update of weight ``w[i, j]`` is
      ``lr * (t_j - y_hat_j) * x_i`` -- an outer product.
    """
    raise NotImplementedError("perceptron_train is not implemented yet")


def bipolar_step(y_in, theta=0.2):
    """The three-valued activation of the notes' training algorithm.

    001, "1.3 Training Algorithm", Step 6::

        f(y_in) =  1   if y_in > theta
                   0   if -theta <= y_in <= theta
                  -1   if y_in < -theta

    Parameters
    ----------
    y_in : float or array_like, any shape
        Net input(s) ``b + sum_i x_i w_i``.
    theta : float, default 0.2
        Half-width of the undecided band around 0.

    Returns
    -------
    y : np.ndarray of int, same shape as ``y_in``, entries in {-1, 0, 1}

    Example
    -------
    ``bipolar_step([0.5, 0.2, 0.0, -0.2, -0.5]) -> [1, 0, 0, 0, -1]``
    (the band edges ``+-theta`` belong to the band).
    """
    raise NotImplementedError("bipolar_step is not implemented yet")


def perceptron_train_bipolar(X, t, lr=1.0, theta=0.2, max_epochs=100):
    """The notes' perceptron training algorithm for bipolar targets (001).

    001, "1.3 Training Algorithm" (single and multiple output units):
    weights and bias start at zero; for each training vector ``x`` in order::

        y = bipolar_step(b + x @ w, theta)
        if y != t:                      # Case 1
            w = w + lr * t * x
            b = b + lr * t
        # Case 2 (y == t): no change

    Stop after the first epoch with no change (Step 8), or after
    ``max_epochs`` epochs.  With several output units, each unit ``j`` is
    updated only when ``y_j != t_j``, by ``lr * t_j * x`` (and ``lr * t_j``).

    Note the differences from ``perceptron_train``: targets are in
    ``{-1, 1}``; the update uses ``t`` (not ``t - y``); and a net input
    inside the ``theta`` band gives ``y = 0``, which is always "wrong", so
    the unit keeps learning until it is confidently right.

    Parameters
    ----------
    X : array_like, shape (m, n)
        Inputs (bipolar or binary).
    t : array_like, shape (m,) or (m, k)
        Bipolar targets in {-1, 1}.
    lr : float, default 1.0
        Learning rate ``alpha``.
    theta : float, default 0.2
    max_epochs : int, default 100

    Returns
    -------
    w : np.ndarray of float64, shape (n,) or (n, k)
    b : float for one output unit, np.ndarray of shape (k,) for ``k`` units
    epochs : int
        Passes made, the final unchanged pass included.
    converged : bool

    Example (bipolar AND, traced by hand with the 001 algorithm)
    ------------------------------------------------------------
    ``X = [[1, 1], [1, -1], [-1, 1], [-1, -1]]``, ``t = [1, -1, -1, -1]``:
    epoch 1 updates on the first three samples (net inputs 0, 1, 2 give
    y = 0, 1, 1, all wrong) and leaves ``w = [1, 1]``, ``b = -1``; epoch 2
    changes nothing.  Result: ``w = [1, 1]``, ``b = -1``, ``epochs = 2``,
    ``converged = True``.

    Pitfalls
    --------
    * The comparison is ``y != t`` after applying ``bipolar_step`` -- not a
      comparison of the raw net input.
    * With ``k`` units, update only the wrong units (a per-unit mask).
    """
    raise NotImplementedError("perceptron_train_bipolar is not implemented yet")


def gate_perceptron(gate):
    """Weights and bias of a single perceptron that computes a logic gate.

    001, "Applications -- It can be used to implement Logic Gates": the
    slide's table of inputs ``X1, X2`` in ``{0, 1}`` with ``W = 1``,
    ``W = 1`` and threshold ``t = 0.5``.  Choose ``(w, b)`` (with
    ``b = -threshold``) so that ``perceptron_predict(X, w, b)`` gives the
    gate's truth table on all four inputs ``[[0, 0], [0, 1], [1, 0],
    [1, 1]]``.

    Parameters
    ----------
    gate : str
        ``"AND"``, ``"OR"``, ``"NAND"`` or ``"NOR"``, case-insensitive
        (``"and"``, ``"Nor"`` are fine).

    Returns
    -------
    w : np.ndarray of float64, shape (2,)
    b : float

    Truth tables (inputs in the order above)
    ----------------------------------------
    AND ``[0, 0, 0, 1]``, OR ``[0, 1, 1, 1]``, NAND ``[1, 1, 1, 0]``,
    NOR ``[1, 0, 0, 0]``.  Any correct weights earn full marks.

    Pitfalls
    --------
    * Remember that ``step`` fires at exactly 0 (``>=``): a weighted sum that
      lands exactly on the threshold counts as 1.  Margins like 0.5 are safer.
    * ``"XOR"`` (or ``"XNOR"``, or any other name, or a non-string) is a
      ``ValueError`` naming the argument ``gate``: no single perceptron
      computes XOR (000, "Limitations Of Single Layer Perceptron").
    """
    raise NotImplementedError("gate_perceptron is not implemented yet")
