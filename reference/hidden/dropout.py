"""Hidden tests of exercise 5, dropout and early stopping (shared/spec/exercise-api.md).

The student's ``dropout_forward`` gets ``Rng(seed)``, which becomes
``np.random.default_rng(seed)`` in the sandbox; the expected mask is the
reference's with a fresh ``np.random.default_rng(seed)`` here.  The known
wrong masks (not rescaled, ``<`` instead of ``>=``, ...) are built here from
the same random numbers, so that the hint appears exactly when the
student's mask is one of them.
"""
from __future__ import annotations

import numpy as np
from hypothesis import strategies as st

from grader.testing.helpers import (Failure, Rng, Suite, arrays, expect, expect_close, expect_float64_shape,
                                    expect_raises, expect_tuple, expect_unchanged, f64, quiet, type_name)

suite = Suite("dropout", one_call=True)  # property tests: one call per case, then checks

X_IN_PLACE = "input array modified in place: out = X * mask is a new array (not X *= mask)"
X_SMALL = np.array([[1.0, -2.0, 3.0, 0.5], [0.0, 4.0, -1.0, 2.0]])


# ---------------------------------------------------------------- helpers

def rng(seed):
    return np.random.default_rng(seed)


def forward(s, **kwargs):
    """The student's ``(out, mask)``."""
    got = s.dropout_forward(**kwargs)
    return expect_tuple(got, ("out", "mask"))


def _mask_mistakes(shape, p, seed):
    r = rng(seed).random(shape)
    with quiet():
        return {"mask not rescaled by 1/(1-p)": (r >= p).astype(float),
                "units are kept where rng.random(X.shape) >= p_drop, not < p_drop": (r < p) / (1 - p),
                "p_drop is the probability of dropping a unit: keep with probability 1 - p_drop, "
                "scale by 1/(1 - p_drop)": (r < p) / p,
                "rescale by 1/(1 - p_drop), not by 1/p_drop": (r >= p) / p,
                "divide by (1 - p_drop), do not multiply": (r >= p) * (1 - p)}


def _positions_hint(mask, p):
    """A hint for a mask with the right values in the wrong places."""
    try:
        m = f64(mask)
        if m.size and np.all(np.isclose(m, 0.0) | np.isclose(m, 1.0 / (1.0 - p), rtol=1e-12)):
            return ("the mask's values are right but not where the reference's are: draw once with "
                    "rng.random(X.shape) and keep where the number is >= p_drop")
    except (TypeError, ValueError):
        pass
    return None


# ---------------------------------------------------------------- strategies

@st.composite
def dropout_cases(draw):
    X = draw(arrays(magnitude=100.0, max_dims=3, max_side=5))
    p = draw(st.one_of(st.sampled_from([0.1, 0.25, 0.5, 0.8]), st.floats(0.01, 0.99)))
    return X, p, draw(st.integers(0, 2**31 - 1))


@st.composite
def loss_sequences(draw):
    """Validation losses with many ties (small integers) and a patience."""
    losses = draw(st.lists(st.integers(0, 4).map(float), min_size=1, max_size=12))
    patience = draw(st.integers(1, 5))
    if draw(st.booleans()):
        losses = np.array(losses)
    return losses, patience


# ---------------------------------------------------------------- early stopping, replayed with known mistakes

def _early_stopping(losses, patience, *, le=False, late=False, previous=False):
    best, best_loss, last = 0, losses[0], losses[0]
    for k in range(1, len(losses)):
        loss = losses[k]
        better = (loss <= last if previous else loss <= best_loss) if le else \
            (loss < last if previous else loss < best_loss)
        if better:
            best = k
            best_loss = min(best_loss, loss) if previous else loss
        elif (k - best > patience) if late else (k - best >= patience):
            return k, best
        last = loss
    return len(losses) - 1, best


def _stopping_mistakes(losses, patience):
    losses = [float(x) for x in losses]
    return {"a loss equal to the best is not an improvement (use <, not <=)":
                _early_stopping(losses, patience, le=True),
            "stop at the first k with k - best >= patience (not >)": _early_stopping(losses, patience, late=True),
            "compare each loss with the best so far, not with the previous epoch's":
                _early_stopping(losses, patience, previous=True)}


def expect_stopping(got, expected, mistakes):
    expect_tuple(got, ("stop_epoch", "best_epoch"))
    for value, what in zip(got, ("stop_epoch", "best_epoch")):
        if isinstance(value, bool) or not isinstance(value, (int, np.integer)):
            raise Failure(f"{what} should be an int, got a {type_name(value)}", got=got, expected=expected,
                          hint="return two ints: (stop_epoch, best_epoch)")
    got = (int(got[0]), int(got[1]))
    if got != expected:
        matches = [h for h, v in mistakes.items() if v == got and v != expected]
        hint = matches[0] if len(matches) == 1 else None  # several mistakes give this: no guess
        raise Failure("(stop_epoch, best_epoch) is wrong", got=got, expected=expected, hint=hint)


# ---------------------------------------------------------------- dropout_forward

@suite.test("dropout_forward: training=False returns X and a mask of ones", points=2, visibility="visible")
def _(s, ref):
    for kwargs in ({}, {"rng": Rng(5)}):
        out, mask = forward(s, X=X_SMALL, p_drop=0.5, training=False, **kwargs)
        exp_out, exp_mask = ref.dropout_forward(X_SMALL, 0.5, training=False)
        dropped = ref.dropout_forward(X_SMALL, 0.5, training=True, rng=rng(5))
        hint = "dropout is only applied in training: with training=False return X and ones"
        expect_close(mask, exp_mask, what="mask", mistakes={hint: dropped[1]})
        expect_close(out, exp_out, what="out", mistakes={hint: dropped[0]})


@suite.test("dropout_forward: p_drop = 0 is the identity (no rng needed)", points=1, visibility="visible")
def _(s, ref):
    for kwargs in ({}, {"rng": Rng(2)}):
        out, mask = forward(s, X=X_SMALL, p_drop=0.0, **kwargs)
        expect_close(mask, np.ones_like(X_SMALL), what="mask")
        expect_close(out, X_SMALL, what="out")


@suite.test("dropout_forward: p_drop = 1 drops everything (zeros, no division by zero)",
            points=2, visibility="visible")
def _(s, ref):
    out, mask = forward(s, X=X_SMALL, p_drop=1.0, rng=Rng(0))
    exp_out, exp_mask = ref.dropout_forward(X_SMALL, 1.0, rng=rng(0))
    with quiet():
        zero_div = (rng(0).random(X_SMALL.shape) >= 1.0) / 0.0
    hint = "1 - p_drop is 0: handle p_drop == 1 first and return zeros for out and mask"
    expect_close(mask, exp_mask, what="mask", mistakes={hint: zero_div}, hint=hint)
    expect_close(out, exp_out, what="out", mistakes={hint: X_SMALL * zero_div}, hint=hint)


@suite.property("dropout_forward: mask and output equal the reference for the same seed",
                strategy=dropout_cases(), points=3, max_examples=30)
def _(s, ref, case):
    X, p, seed = case
    out, mask = forward(s, X=X, p_drop=p, rng=Rng(seed))
    exp_out, exp_mask = ref.dropout_forward(X, p, rng=rng(seed))
    mistakes = _mask_mistakes(X.shape, p, seed)
    expect_close(mask, exp_mask, what="mask", mistakes=mistakes, hint=_positions_hint(mask, p))
    expect_close(out, exp_out, what="out", mistakes={h: X * m for h, m in mistakes.items()},
                 hint="out must be X * mask")


@suite.property("dropout_forward: mask values are exactly 0 and 1/(1-p)", strategy=dropout_cases(),
                points=2, max_examples=20)
def _(s, ref, case):
    X, p, seed = case
    out, mask = forward(s, X=X, p_drop=p, rng=Rng(seed))
    mask = expect_float64_shape(mask, X, "mask")
    scale = 1.0 / (1.0 - p)
    ok = np.isclose(mask, 0.0, rtol=0, atol=0) | np.isclose(mask, scale, rtol=1e-12, atol=0)
    hint = "mask not rescaled by 1/(1-p)" if np.all((mask == 0) | (mask == 1)) else \
        "mask = (rng.random(X.shape) >= p_drop) / (1 - p_drop): each entry is 0 or 1/(1-p)"
    expect(bool(np.all(ok)), f"the mask has values other than 0 and 1/(1-p) = {scale!r}",
           got=mask, expected=f"values in {{0, {scale!r}}}", hint=hint)
    expect_close(out, X * mask, what="out", hint="out must be X * mask")


@suite.test("dropout_forward: drops about a fraction p_drop and keeps the mean", points=1)
def _(s, ref):
    X = np.ones((100, 200))
    out, mask = forward(s, X=X, p_drop=0.3, rng=Rng(7))
    out = expect_float64_shape(out, X, "out")
    dropped = float(np.mean(out == 0))
    expect(abs(dropped - 0.3) < 0.03, f"{dropped:.3f} of the units were dropped with p_drop=0.3, not about 0.3",
           got=dropped, expected=0.3, hint="p_drop is the probability of dropping a unit")
    mean = float(np.mean(out))
    expect(abs(mean - 1.0) < 0.05, f"the mean of out is {mean:.3f} for X of ones; inverted dropout keeps it near 1",
           got=mean, expected=1.0, hint="mask not rescaled by 1/(1-p)")


@suite.test("dropout_forward: leaves X unchanged", points=2)
def _(s, ref):
    s.dropout_forward(X=X_SMALL.copy(), p_drop=0.5, rng=Rng(3))
    expect_unchanged(s, hint=X_IN_PLACE)
    s.dropout_forward(X=X_SMALL.copy(), p_drop=0.5, training=False)
    expect_unchanged(s, hint=X_IN_PLACE)


@suite.test("dropout_forward: float64 results of X's shape for int and list X", points=1)
def _(s, ref):
    for X, kwargs in (([[1, 2], [3, 4]], {"rng": Rng(1)}), (np.array([[1, -2, 3]]), {"training": False}),
                      (np.array([4, 5, 6]), {"p_drop": 0.0})):
        kwargs = {"p_drop": 0.5, **kwargs}
        out, mask = forward(s, X=X, **kwargs)
        expected = f64(X)
        expect_float64_shape(out, expected, "out", hint="convert X first: X = np.asarray(X, dtype=float)")
        expect_float64_shape(mask, expected, "mask")


@suite.test("dropout_forward: p_drop outside [0, 1] raises ValueError naming p_drop",
            points=2, visibility="visible")
def _(s, ref):
    for p, kwargs in ((-0.1, {"rng": Rng(0)}), (1.5, {"rng": Rng(0)}), (2.0, {"training": False})):
        with expect_raises("ValueError", mentions=("p_drop",)):
            s.dropout_forward(X=X_SMALL, p_drop=p, **kwargs)


@suite.test("dropout_forward: training with rng=None raises ValueError naming rng", points=2)
def _(s, ref):
    for p in (0.5, 1.0):
        with expect_raises("ValueError", mentions=("rng",),
                           hint="training with p_drop > 0 needs rng: raise ValueError('rng ...') when it is None"):
            s.dropout_forward(X=X_SMALL, p_drop=p)


# ---------------------------------------------------------------- dropout_backward

@suite.test("dropout_backward: multiplies dout by the mask", points=2, visibility="visible")
def _(s, ref):
    dout = np.array([[1.0, 2.0, -3.0], [0.5, -1.0, 4.0]])
    mask = np.array([[0.0, 2.0, 2.0], [2.0, 0.0, 2.0]])
    got = s.dropout_backward(dout=dout, mask=mask)
    expect_close(got, ref.dropout_backward(dout, mask), mistakes={
        "multiply by the mask itself (it already holds 1/(1-p)), not by mask > 0": dout * (mask > 0),
        "the gradient flows only through the kept units: return dout * mask": dout})


@suite.property("dropout_backward: equals dout * mask for masks from dropout_forward",
                strategy=st.tuples(dropout_cases(), st.integers(0, 2**31 - 1)), points=2, max_examples=20)
def _(s, ref, case):
    (X, p, seed), dseed = case
    mask = ref.dropout_forward(X, p, rng=rng(seed))[1]
    dout = rng(dseed).normal(size=X.shape)
    got = s.dropout_backward(dout=dout, mask=mask)
    expect_close(got, ref.dropout_backward(dout, mask), mistakes={
        "multiply by the mask itself (it already holds 1/(1-p)), not by mask > 0": dout * (mask > 0),
        "the gradient flows only through the kept units: return dout * mask": dout})


@suite.test("dropout_backward: float64 of dout's shape for lists", points=1)
def _(s, ref):
    dout, mask = [[1, 2]], [[0, 2]]
    expect_float64_shape(s.dropout_backward(dout=dout, mask=mask), ref.dropout_backward(dout, mask),
                         hint="convert first: np.asarray(dout, dtype=float)")


@suite.test("dropout_backward: leaves dout and mask unchanged", points=1)
def _(s, ref):
    s.dropout_backward(dout=np.array([[1.0, -2.0], [3.0, 4.0]]), mask=np.array([[2.0, 0.0], [0.0, 2.0]]))
    expect_unchanged(s)


# ---------------------------------------------------------------- early_stopping

@suite.test("early_stopping: stops patience epochs after the best epoch", points=2, visibility="visible")
def _(s, ref):
    losses, patience = [1.0, 0.8, 0.6, 0.65, 0.7, 0.62, 0.9, 0.5], 3
    got = s.early_stopping(val_losses=losses, patience=patience)
    expect_stopping(got, ref.early_stopping(losses, patience), _stopping_mistakes(losses, patience))


@suite.test("early_stopping: never stops early while the loss keeps improving", points=1)
def _(s, ref):
    losses, patience = [2.0, 1.5, 1.2, 1.1, 1.05], 2
    got = s.early_stopping(val_losses=losses, patience=patience)
    expect_stopping(got, ref.early_stopping(losses, patience), _stopping_mistakes(losses, patience))


@suite.test("early_stopping: ties keep the earliest epoch as best", points=2, visibility="visible")
def _(s, ref):
    losses, patience = [1.0, 0.5, 0.7, 0.5, 0.5, 0.5], 3
    got = s.early_stopping(val_losses=losses, patience=patience)
    expect_stopping(got, ref.early_stopping(losses, patience), _stopping_mistakes(losses, patience))


@suite.property("early_stopping: matches the reference on drawn sequences with ties",
                strategy=loss_sequences(), points=3, max_examples=40)
def _(s, ref, case):
    losses, patience = case
    got = s.early_stopping(val_losses=losses, patience=patience)
    expect_stopping(got, ref.early_stopping(losses, patience), _stopping_mistakes(list(losses), patience))


@suite.test("early_stopping: patience < 1 raises ValueError naming patience", points=2)
def _(s, ref):
    for patience in (0, -2):
        with expect_raises("ValueError", mentions=("patience",)):
            s.early_stopping(val_losses=[1.0, 0.9, 0.8], patience=patience)


@suite.test("early_stopping: an empty list raises ValueError naming val_losses", points=1)
def _(s, ref):
    with expect_raises("ValueError", mentions=("val_losses",)):
        s.early_stopping(val_losses=[], patience=2)
