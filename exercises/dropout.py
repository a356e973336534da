"""Exercise 5 -- regularisation: (inverted) dropout and early stopping.

What this exercise practises
----------------------------
Two of the regularisation techniques of the notes: dropout, written as the
"inverted dropout" layer used by modern frameworks (forward pass with a
reproducible random mask, backward pass through the same mask), and the
early-stopping rule with a patience parameter, with exactly the semantics of
Keras' ``EarlyStopping`` callback.

Passages of the course notes this exercise follows
--------------------------------------------------
(the notes are in ``notes/`` beside this file; file name, then heading)

* ``001_629117b4bfcd7762.txt`` -- "1.7 Generalization in Deep Learning"
  ("Regularization: Dropout, Data Augmentation, Early Stopping"),
  "Dropout" ("At every iteration, it randomly selects some nodes and
  removes them along with all of their incoming and outgoing connections";
  "What is Dropout?": 2^n thinned networks; "Why dropout regularization?"),
  and "Early Stopping" ("Track the validation error -- Have a patience
  parameter p -- If you are at step k and there was no improvement in
  validation error in the previous p steps then stop training and return
  the model stored at step k - p").
* ``002_25ed6edc0cff832e.txt`` -- "Hyperparameters related to Network
  Structure", "Dropout" ("use a small dropout value of 20%-50% of neurons
  with 20% providing a good starting point").
* ``000_7462f8ef9b0582c8.txt`` -- "Monitoring Training and Validation Loss"
  (overfitting: training loss decreasing, validation loss increasing) and
  "Overfitting and Underfitting".

Conventions (from the exercise API contract)
--------------------------------------------
* Inputs may be lists or arrays; outputs are float64 arrays.
* Pure functions: never modify ``X``, ``dout``, ``mask`` or ``val_losses``.
* Randomness only through the ``rng`` argument, used exactly as documented.
* Invalid arguments raise ``ValueError`` naming the argument.

Run the public tests with ``pytest tests/test_dropout.py``.
"""
import numpy as np


def dropout_forward(X, p_drop, training=True, rng=None):
    """Inverted dropout, forward pass.

    During training each unit is dropped (set to 0) with probability
    ``p_drop`` and the kept units are scaled by ``1 / (1 - p_drop)``, so the
    expected value of every unit is unchanged and nothing needs to be
    rescaled at test time (this is what ``keras.layers.Dropout`` does).  The
    notes (001, "Dropout") describe the dropping; the scaling is the
    "inverted" part.

    Exact rule (use exactly one ``rng.random`` call so that results are
    reproducible)::

        training and 0 < p_drop < 1:
            mask = (rng.random(X.shape) >= p_drop) / (1 - p_drop)
            out  = X * mask
        not training, or p_drop == 0:
            out = X (a float64 copy), mask = all ones
        training and p_drop == 1:
            out = all zeros, mask = all zeros

    Parameters
    ----------
    X : array_like, any shape, e.g. (m, n) activations
    p_drop : float in [0, 1]
        Probability of *dropping* a unit (Keras' ``rate``; 002 recommends
        0.2-0.5).  Note: some texts use the keep probability instead.
    training : bool, default True
    rng : numpy.random.Generator or None, default None
        Required when ``training`` and ``p_drop > 0``.

    Returns
    -------
    out : np.ndarray of float64, same shape as ``X``
    mask : np.ndarray of float64, same shape as ``X``
        Entries 0 or ``1 / (1 - p_drop)`` (all ones when nothing is dropped).

    Example
    -------
    ``X = np.ones((2, 3))``, ``p_drop = 0.5``: every mask entry is 0 or 2
    and ``out == mask``; over a large array about half the entries are 0 and
    the mean of ``out`` stays close to the mean of ``X``.

    Raises
    ------
    ValueError
        ``p_drop`` outside [0, 1] (message names ``p_drop``); training with
        ``p_drop > 0`` and ``rng is None`` (message names ``rng``).

    Pitfalls
    --------
    * Keep a unit when ``rng.random(...) >= p_drop`` (not ``<``), and draw
      the random numbers with ``X``'s shape in one call.
    * ``p_drop == 1`` would divide by zero: handle it before the formula.
    * ``X * mask`` is a new array; do not write ``X *= mask``.
    """
    raise NotImplementedError("dropout_forward is not implemented yet")


def dropout_backward(dout, mask):
    """Inverted dropout, backward pass: ``dout * mask``.

    The gradient flows only through the units that were kept, scaled by the
    same factor as in the forward pass.

    Parameters
    ----------
    dout : array_like, any shape
        Upstream gradient w.r.t. the dropout output.
    mask : array_like, same shape as ``dout``
        The mask returned by ``dropout_forward``.

    Returns
    -------
    dX : np.ndarray of float64, same shape as ``dout``

    Example
    -------
    ``dropout_backward([[1.0, 2.0]], [[0.0, 2.0]]) -> [[0.0, 4.0]]``
    """
    raise NotImplementedError("dropout_backward is not implemented yet")


def early_stopping(val_losses, patience):
    """When would early stopping stop, and which epoch would it keep?

    Keras semantics with ``min_delta = 0``: walk the epochs
    ``k = 0, 1, 2, ...``; ``best`` is the epoch with the lowest validation
    loss so far (an improvement means *strictly* lower, so on ties the
    earliest epoch stays best); stop at the first ``k`` with
    ``k - best >= patience``.  If that never happens, training runs to the
    end and ``stop_epoch = len(val_losses) - 1``.

    This is the rule of 001, "Early Stopping": at step ``k`` with no
    improvement in the previous ``p`` steps, stop and return the model
    stored at step ``k - p`` (which is ``best``).

    Parameters
    ----------
    val_losses : sequence of float, length >= 1
        Validation loss after each epoch (epoch 0 first).
    patience : int, >= 1

    Returns
    -------
    stop_epoch : int
        Index of the epoch after which training stops.
    best_epoch : int
        Index of the epoch with the lowest loss seen up to ``stop_epoch``
        (the weights ``restore_best_weights=True`` would restore).

    Examples (by hand)
    ------------------
    * ``early_stopping([0.9, 0.7, 0.6, 0.65, 0.62, 0.61, 0.7], patience=3)
      -> (5, 2)``: the best loss 0.6 is at epoch 2; epochs 3, 4 and 5 do
      not beat it (0.61 is still higher), and at ``k = 5``,
      ``5 - 2 = 3 >= 3``.  The model of step ``k - p = 2`` is kept.
    * ``early_stopping([1.0, 0.5, 0.5, 0.5], patience=2) -> (3, 1)``
      (a tie is not an improvement).
    * ``early_stopping([3.0, 2.0, 1.0], patience=2) -> (2, 2)`` (never
      stops early).

    Raises
    ------
    ValueError
        ``patience < 1`` (names ``patience``) or an empty ``val_losses``
        (names ``val_losses``).

    Pitfalls
    --------
    Stop at the *first* epoch that meets the condition, and look only at
    the losses up to that epoch when choosing ``best_epoch``.
    """
    raise NotImplementedError("early_stopping is not implemented yet")
