"""Hidden tests of exercises/optimizers.py: the update rules (SGD, momentum,
Adagrad, RMSProp, Adam), mini-batches, iterations per epoch and batch
gradient descent.

Expected values come from the reference (``ref`` = reference.optimizers),
computed here in the trusted parent; known wrong answers are computed here
too and offered as hints.  Multi-step tests feed the student's own returned
state (velocity, cache, m, v) back into the next call, as a training loop
would.
"""
from __future__ import annotations

import math

import numpy as np
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from grader.testing.helpers import (Failure, Fn, Rng, Suite, as_array, as_function, changed_in_place, expect,
                                    expect_close, expect_equal, expect_raises, expect_tuple, expect_tuple_close,
                                    expect_unchanged, floats, seeds)

suite = Suite("optimizers", one_call=True)  # property tests: one call per case, then checks

IN_PLACE = ("input array modified in place: compute new arrays (e.g. cache = cache + dw**2), "
            "never `cache += ...`, `v *= beta` or `w -= ...` on an argument")

# ---------------------------------------------------------------- strategies

def _same_shape_arrays(n, magnitude=1e3, min_value=None):
    """n float64 arrays of one drawn shape (0-d included)."""
    shapes = hnp.array_shapes(min_dims=0, max_dims=3, min_side=1, max_side=5)
    return shapes.flatmap(lambda sh: st.tuples(*[hnp.arrays(np.float64, sh, elements=floats(magnitude))
                                                 for _ in range(n)]))


# ================================================================ sgd_update

def _sgd_mistakes(w, dw, lr):
    w, dw = np.asarray(w, float), np.asarray(dw, float)
    return {"gradient sign flipped (w + lr*dw): step against the gradient": w + lr * dw,
            "the learning rate is not applied (w - dw)": w - dw,
            "returned the step lr * dw instead of the new weights": lr * dw}


@suite.test("sgd_update: the notes' w7 = 0.6, dE/dw7 = 0.0745, alpha = 0.5 gives 0.56275",
            points=1, visibility="visible")
def _(s, ref):
    got = s.sgd_update(w=0.6, dw=0.0745, lr=0.5)  # scalars in, a float64 scalar (or 0-d array) out
    expect_close(got, float(ref.sgd_update(0.6, 0.0745, 0.5)), mistakes=_sgd_mistakes(0.6, 0.0745, 0.5))
    w, dw = np.array([0.6]), np.array([0.0745])
    got = s.sgd_update(w=w, dw=dw, lr=0.5)
    expect_close(got, ref.sgd_update(w, dw, 0.5), mistakes=_sgd_mistakes(w, dw, 0.5))


@suite.test("sgd_update: w - lr * dw elementwise on a matrix", points=1, visibility="hidden")
def _(s, ref):
    w, dw = np.array([[1.0, 2.0, -3.0], [0.5, 0.0, 4.0]]), np.array([[0.5, -1.0, 2.0], [0.0, 3.0, -0.25]])
    got = s.sgd_update(w=w, dw=dw, lr=0.1)
    expect_close(got, ref.sgd_update(w, dw, 0.1), mistakes=_sgd_mistakes(w, dw, 0.1))
    expect_unchanged(s, hint=IN_PLACE)


@suite.property("sgd_update: equals the reference for any shape, magnitude and lr; inputs unchanged",
                strategy=st.tuples(_same_shape_arrays(2, 1e4), st.sampled_from([0.0, 1e-3, 0.1, 1.0, 5.0])),
                points=1, max_examples=20)
def _(s, ref, case):
    (w, dw), lr = case
    got = s.sgd_update(w=w, dw=dw, lr=lr)
    expect_unchanged(s, hint=IN_PLACE)
    expect_close(got, ref.sgd_update(w, dw, lr), mistakes=_sgd_mistakes(w, dw, lr))
    expect(as_array(got).dtype == np.float64, f"the result should be float64, got {as_array(got).dtype}")


@suite.test("sgd_update: integer and list inputs give a float64 array", points=1)
def _(s, ref):
    got = s.sgd_update(w=[1, 2, 3], dw=[1, 1, -2], lr=0.5)
    expect_close(got, ref.sgd_update([1, 2, 3], [1, 1, -2], 0.5), hint="convert w and dw with np.asarray(x, dtype=float)")
    got = s.sgd_update(w=np.array([[4, 2]]), dw=np.array([[1, 3]]), lr=1)
    expect_close(got, ref.sgd_update(np.array([[4, 2]]), np.array([[1, 3]]), 1),
                 hint="convert w and dw with np.asarray(x, dtype=float)")
    expect(as_array(got).dtype == np.float64, f"the result should be float64, got {as_array(got).dtype}",
           got=got, hint="convert w and dw with np.asarray(x, dtype=float)")


# ================================================================ momentum_update

MOMENTUM = ("w", "v")


def _momentum_mistakes(w, dw, v, lr, beta):
    w, dw, v = (np.asarray(a, float) for a in (w, dw, v))
    plus = beta * v + lr * dw
    torch = beta * v + dw
    ema = beta * v - (1 - beta) * lr * dw
    return {
        "momentum velocity sign convention: here v = beta * v - lr * dw and w = w + v "
        "(the velocity carries the step's sign), not v = beta * v + lr * dw": (w - plus, plus),
        "gradient sign flipped (w + lr*dw): v = beta * v - lr * dw, then w = w + v": (w + plus, plus),
        "momentum velocity sign convention: this is the PyTorch form v = beta * v + dw; "
        "the contract's velocity is v = beta * v - lr * dw": (w - lr * torch, torch),
        "w updated with the old velocity: compute the new v first, then w = w + v": (w + v, beta * v - lr * dw),
        "v = beta * v - lr * dw has no (1 - beta) factor": (w + ema, ema),
        "returned (v, w) instead of (w, v)": (beta * v - lr * dw, w + beta * v - lr * dw),
    }


def _momentum_steps(s, ref, w, dws, lr, beta=None):
    v = np.zeros_like(w)
    for k, dw in enumerate(dws, start=1):
        kwargs = dict(w=w, dw=dw, velocity=v, lr=lr) if beta is None else dict(w=w, dw=dw, velocity=v, lr=lr, beta=beta)
        got = expect_tuple(s.momentum_update(**kwargs), MOMENTUM)
        expect_unchanged(s, hint=IN_PLACE)
        b = 0.9 if beta is None else beta
        expected = ref.momentum_update(w, dw, v, lr, b)
        expect_tuple_close(got, expected, MOMENTUM, _momentum_mistakes(w, dw, v, lr, b),
                           what_prefix=f"step {k}: " if len(dws) > 1 else "")
        w, v = as_array(got[0]), as_array(got[1])


@suite.test("momentum_update: by hand: v = -0.1, w = 0.9, then v = -0.19, w = 0.71",
            points=2, visibility="visible")
def _(s, ref):
    _momentum_steps(s, ref, np.array([1.0]), [np.array([1.0]), np.array([1.0])], 0.1)


@suite.test("momentum_update: ten steps with the returned velocity fed back match the reference",
            points=2)
def _(s, ref):
    rng = np.random.default_rng(8)
    dws = [rng.normal(0, 1, (2, 3)) + 0.5 for _ in range(10)]
    _momentum_steps(s, ref, rng.normal(0, 1, (2, 3)), dws, 0.05, beta=0.8)


@suite.property("momentum_update: equals the reference for any shape, state, beta and lr; inputs unchanged",
                strategy=st.tuples(_same_shape_arrays(3, 1e3), st.sampled_from([1e-3, 0.1, 1.0]),
                                   st.sampled_from([0.0, 0.5, 0.9, 0.99])),
                points=2, max_examples=20)
def _(s, ref, case):
    (w, dw, v), lr, beta = case
    got = expect_tuple(s.momentum_update(w=w, dw=dw, velocity=v, lr=lr, beta=beta), MOMENTUM)
    expect_unchanged(s, hint=IN_PLACE)
    expect_tuple_close(got, ref.momentum_update(w, dw, v, lr, beta), MOMENTUM, _momentum_mistakes(w, dw, v, lr, beta))


@suite.test("momentum_update: leaves w, dw and velocity unchanged", points=1)
def _(s, ref):
    w, dw, v = np.array([1.0, -2.0, 3.0]), np.array([0.5, 0.5, -1.0]), np.array([0.1, -0.2, 0.3])
    s.momentum_update(w=w, dw=dw, velocity=v, lr=0.1, beta=0.9)
    expect_unchanged(s, hint=IN_PLACE)


# ================================================================ adagrad_update

ADAGRAD = ("w", "cache")


def _adagrad_mistakes(w, dw, cache, lr, eps):
    w, dw, cache = (np.asarray(a, float) for a in (w, dw, cache))
    new = cache + dw ** 2
    with np.errstate(all="ignore"):
        return {
            "eps goes outside the square root: np.sqrt(cache) + eps": (w - lr * dw / np.sqrt(new + eps), new),
            "the cache is not accumulated: cache = cache + dw**2": (w - lr * dw / (np.abs(dw) + eps), dw ** 2),
            "the step uses the old cache: update the cache first": (w - lr * dw / (np.sqrt(cache) + eps), new),
            "the square root is missing: divide by np.sqrt(cache) + eps": (w - lr * dw / (new + eps), new),
            "gradient sign flipped (w + lr*dw/...)": (w + lr * dw / (np.sqrt(new) + eps), new),
        }


def _adagrad_steps(s, ref, w, dws, lr, eps=None):
    cache = np.zeros_like(w)
    for k, dw in enumerate(dws, start=1):
        kwargs = dict(w=w, dw=dw, cache=cache, lr=lr)
        if eps is not None:
            kwargs["eps"] = eps
        got = expect_tuple(s.adagrad_update(**kwargs), ADAGRAD)
        expect_unchanged(s, hint=IN_PLACE)
        e = 1e-8 if eps is None else eps
        expect_tuple_close(got, ref.adagrad_update(w, dw, cache, lr, e), ADAGRAD,
                           _adagrad_mistakes(w, dw, cache, lr, e), what_prefix=f"step {k}: " if len(dws) > 1 else "")
        w, cache = as_array(got[0]), as_array(got[1])


@suite.test("adagrad_update: by hand: cache 4, w = 0.9, then cache 8, w ~ 0.8293", points=2, visibility="visible")
def _(s, ref):
    _adagrad_steps(s, ref, np.array([1.0]), [np.array([2.0]), np.array([2.0])], 0.1)


@suite.test("adagrad_update: eps goes outside the square root (tiny and zero gradients, no nan)", points=1)
def _(s, ref):
    _adagrad_steps(s, ref, np.array([1.0, 1.0, 1.0, -2.0]),
                   [np.array([1e-9, 1e-6, 0.0, 3.0]), np.array([2e-9, 0.0, 0.0, -1.0])], 0.1)


@suite.property("adagrad_update: five steps match the reference for any shape and lr; inputs unchanged",
                strategy=st.tuples(st.lists(st.integers(1, 4), min_size=0, max_size=3), seeds(),
                                   st.sampled_from([1e-2, 0.1, 1.0]), st.sampled_from([1e-3, 1.0, 1e3])),
                points=2, max_examples=15, one_call=False)  # five dependent steps
def _(s, ref, case):
    shape, seed, lr, scale = case
    rng = np.random.default_rng(seed)
    _adagrad_steps(s, ref, rng.normal(0, 1, tuple(shape)), [rng.normal(0, scale, tuple(shape)) for _ in range(5)], lr)


# ================================================================ rmsprop_update

def _rmsprop_mistakes(w, dw, cache, lr, rho, eps):
    w, dw, cache = (np.asarray(a, float) for a in (w, dw, cache))
    new = rho * cache + (1 - rho) * dw ** 2
    no_one_minus = rho * cache + dw ** 2
    swapped = (1 - rho) * cache + rho * dw ** 2
    with np.errstate(all="ignore"):
        return {
            "eps goes outside the square root: np.sqrt(cache) + eps": (w - lr * dw / np.sqrt(new + eps), new),
            "cache = rho * cache + (1 - rho) * dw**2: the (1 - rho) factor is missing":
                (w - lr * dw / (np.sqrt(no_one_minus) + eps), no_one_minus),
            "rho and 1 - rho swapped: cache = rho * cache + (1 - rho) * dw**2":
                (w - lr * dw / (np.sqrt(swapped) + eps), swapped),
            "the step uses the old cache: update the cache first": (w - lr * dw / (np.sqrt(cache) + eps), new),
            "gradient sign flipped (w + lr*dw/...)": (w + lr * dw / (np.sqrt(new) + eps), new),
        }


def _rmsprop_steps(s, ref, w, dws, lr, rho=None, eps=None):
    cache = np.zeros_like(w)
    for k, dw in enumerate(dws, start=1):
        kwargs = dict(w=w, dw=dw, cache=cache, lr=lr)
        if rho is not None:
            kwargs["rho"] = rho
        if eps is not None:
            kwargs["eps"] = eps
        got = expect_tuple(s.rmsprop_update(**kwargs), ADAGRAD)
        expect_unchanged(s, hint=IN_PLACE)
        r, e = (0.9 if rho is None else rho), (1e-8 if eps is None else eps)
        expect_tuple_close(got, ref.rmsprop_update(w, dw, cache, lr, r, e), ADAGRAD,
                           _rmsprop_mistakes(w, dw, cache, lr, r, e), what_prefix=f"step {k}: " if len(dws) > 1 else "")
        w, cache = as_array(got[0]), as_array(got[1])


@suite.test("rmsprop_update: by hand: cache = 0.4, w ~ 0.6838", points=2, visibility="visible")
def _(s, ref):
    _rmsprop_steps(s, ref, np.array([1.0]), [np.array([2.0])], 0.1)


@suite.test("rmsprop_update: eps goes outside the square root (tiny and zero gradients, no nan)", points=1)
def _(s, ref):
    _rmsprop_steps(s, ref, np.array([1.0, 1.0, 1.0, -2.0]),
                   [np.array([1e-9, 1e-6, 0.0, 3.0]), np.array([2e-9, 0.0, 0.0, -1.0])], 0.01)


@suite.property("rmsprop_update: five steps match the reference for any shape, rho and lr; inputs unchanged",
                strategy=st.tuples(st.lists(st.integers(1, 4), min_size=0, max_size=3), seeds(),
                                   st.sampled_from([1e-3, 0.1]), st.sampled_from([0.5, 0.9, 0.99]),
                                   st.sampled_from([1e-3, 1.0, 1e3])),
                points=2, max_examples=15, one_call=False)  # five dependent steps
def _(s, ref, case):
    shape, seed, lr, rho, scale = case
    rng = np.random.default_rng(seed)
    _rmsprop_steps(s, ref, rng.normal(0, 1, tuple(shape)), [rng.normal(0, scale, tuple(shape)) for _ in range(5)],
                   lr, rho=rho)


# ================================================================ adam_update

ADAM = ("w", "m", "v")


def _adam_mistakes(w, dw, m, v, t, lr, b1, b2, eps):
    w, dw, m, v = (np.asarray(a, float) for a in (w, dw, m, v))
    m1 = b1 * m + (1 - b1) * dw
    v1 = b2 * v + (1 - b2) * dw ** 2
    mh, vh = m1 / (1 - b1 ** t), v1 / (1 - b2 ** t)
    with np.errstate(all="ignore"):
        out = {
            "Adam without bias correction: use m_hat = m / (1 - beta1**t), v_hat = v / (1 - beta2**t)":
                (w - lr * m1 / (np.sqrt(v1) + eps), m1, v1),
            "return the raw moments m and v, not the bias-corrected m_hat and v_hat":
                (w - lr * mh / (np.sqrt(vh) + eps), mh, vh),
            "bias correction with t + 1: t already counts from 1":
                (w - lr * (m1 / (1 - b1 ** (t + 1))) / (np.sqrt(v1 / (1 - b2 ** (t + 1))) + eps), m1, v1),
            "eps goes outside the square root: np.sqrt(v_hat) + eps":
                (w - lr * mh / np.sqrt(vh + eps), m1, v1),
            "the second moment averages dw, not dw**2": (None, m1, b2 * v + (1 - b2) * dw),
            "beta1 and beta2 swapped": (None, b2 * m + (1 - b2) * dw, b1 * v + (1 - b1) * dw ** 2),
            "gradient sign flipped (w + lr*m_hat/...)": (w + lr * mh / (np.sqrt(vh) + eps), m1, v1),
        }
        if t > 1:
            out["bias correction with t - 1: t already counts from 1"] = (
                w - lr * (m1 / (1 - b1 ** (t - 1))) / (np.sqrt(v1 / (1 - b2 ** (t - 1))) + eps), m1, v1)
    return out


def _adam_steps(s, ref, w, dws, lr, b1=0.9, b2=0.999, eps=1e-8, pass_defaults=False):
    m, v = np.zeros_like(w), np.zeros_like(w)
    for t, dw in enumerate(dws, start=1):
        kwargs = dict(w=w, dw=dw, m=m, v=v, t=t, lr=lr)
        if pass_defaults:
            kwargs.update(beta1=b1, beta2=b2, eps=eps)
        got = expect_tuple(s.adam_update(**kwargs), ADAM)
        expect_unchanged(s, hint=IN_PLACE)
        expect_tuple_close(got, ref.adam_update(w, dw, m, v, t, lr, b1, b2, eps), ADAM,
                           _adam_mistakes(w, dw, m, v, t, lr, b1, b2, eps),
                           what_prefix=f"step t={t}: " if len(dws) > 1 else "")
        w, m, v = (as_array(g) for g in got)


@suite.test("adam_update: the first step (t = 1) moves w by about lr: w ~ 0.9, m = 0.2, v = 0.004",
            points=2, visibility="visible")
def _(s, ref):
    _adam_steps(s, ref, np.array([1.0]), [np.array([2.0])], 0.1)


@suite.test("adam_update: twenty steps with t = 1, 2, ... match the reference (bias correction)", points=3)
def _(s, ref):
    rng = np.random.default_rng(5)
    w = rng.normal(0, 1, (3, 2))
    dws = [rng.normal(0, 1, (3, 2)) * np.array([[1.0, 1e-7], [3.0, 0.1], [1e-3, 10.0]]) for _ in range(20)]
    _adam_steps(s, ref, w, dws, 0.01)


@suite.property("adam_update: equals the reference for any shape, state, t and betas; inputs unchanged",
                strategy=st.tuples(st.lists(st.integers(1, 4), min_size=0, max_size=3), seeds(),
                                   st.integers(1, 10_000), st.sampled_from([0.0, 0.5, 0.9]),
                                   st.sampled_from([0.9, 0.999]), st.sampled_from([1e-3, 1.0, 1e3])),
                points=2, max_examples=20)
def _(s, ref, case):
    shape, seed, t, b1, b2, scale = case
    shape = tuple(shape)
    rng = np.random.default_rng(seed)
    w, dw, m = rng.normal(0, 1, shape), rng.normal(0, scale, shape), rng.normal(0, scale, shape)
    v = rng.uniform(0, scale ** 2, shape)
    got = expect_tuple(s.adam_update(w=w, dw=dw, m=m, v=v, t=t, lr=0.01, beta1=b1, beta2=b2, eps=1e-8), ADAM)
    expect_unchanged(s, hint=IN_PLACE)
    expect_tuple_close(got, ref.adam_update(w, dw, m, v, t, 0.01, b1, b2, 1e-8), ADAM,
                       _adam_mistakes(w, dw, m, v, t, 0.01, b1, b2, 1e-8))


@suite.test("adam_update: leaves w, dw, m and v unchanged", points=1)
def _(s, ref):
    w, dw = np.array([1.0, -2.0, 3.0]), np.array([0.5, 0.5, -1.0])
    m, v = np.array([0.1, -0.2, 0.3]), np.array([0.01, 0.04, 0.09])
    s.adam_update(w=w, dw=dw, m=m, v=v, t=3, lr=0.1)
    expect_unchanged(s, hint=IN_PLACE)


@suite.test("adam_update: t < 1 raises ValueError naming 't'", points=1, visibility="visible")
def _(s, ref):
    for t in (0, -1):
        with expect_raises("ValueError", mentions="t"):
            s.adam_update(w=np.ones(2), dw=np.ones(2), m=np.zeros(2), v=np.zeros(2), t=t)


# ================================================================ minibatches

def _batches(got, what="minibatches"):
    expect(isinstance(got, (list, tuple)), f"{what} should return an iterator of (X_batch, y_batch)", got=got)
    out = []
    for i, b in enumerate(got):
        expect(isinstance(b, (list, tuple)) and len(b) == 2,
               f"batch {i} should be a pair (X_batch, y_batch)", got=b, hint="yield X[idx], y[idx]")
        out.append((as_array(b[0], f"X_batch {i}", dtype_kind="biuf"), as_array(b[1], f"y_batch {i}", dtype_kind="biuf")))
    return out


def _check_minibatches(s, ref, X, y, batch_size, shuffle, seed):
    rng = Rng(seed) if seed is not None else None
    got = s.minibatches(X=X, y=y, batch_size=batch_size, shuffle=shuffle, rng=rng)
    call = s.last_call
    changed = changed_in_place(s)
    expected = list(ref.minibatches(X, y, batch_size, shuffle, np.random.default_rng(seed) if seed is not None else None))
    m = len(y)
    try:
        batches = _batches(got)
        n = math.ceil(m / batch_size)
        if len(batches) == m // batch_size and n != m // batch_size:
            raise Failure(f"{len(batches)} batches, expected {n}: the last partial batch is missing",
                          expected=n, got=len(batches),
                          hint=f"the last batch holds the remaining {m % batch_size} samples; do not drop it")
        expect(len(batches) == n, f"{len(batches)} batches, expected ceil(m / batch_size) = {n}",
               expected=n, got=len(batches))
        # y holds each sample's index and X's first column the same index
        ids = np.concatenate([np.asarray(b[1]).reshape(len(b[1]), -1)[:, 0] for b in batches]) if batches else np.array([])
        expect(sorted(ids.tolist()) == list(range(m)), "every sample must appear exactly once per call",
               expected=f"the {m} samples 0..{m - 1} once each", got=ids,
               hint="slice consecutive batches idx[start:start + batch_size] of one index order")
        for i, (xb, yb) in enumerate(batches):
            xi = xb.reshape(len(xb), -1)[:, 0] if xb.ndim else xb
            yi = yb.reshape(len(yb), -1)[:, 0] if yb.ndim else yb
            expect(xb.shape[:1] == yb.shape[:1] and np.array_equal(xi, yi),
                   f"batch {i}: X_batch and y_batch do not belong together", got=(xb, yb),
                   hint="index X and y with the same idx so that pairs stay together")
        for i, ((xb, yb), (ex, ey)) in enumerate(zip(batches, expected)):
            if shuffle and not np.array_equal(yb, ey):
                raise Failure(f"batch {i} holds the wrong samples for this rng", expected=ey, got=yb,
                              hint="the order is idx = rng.permutation(m), exactly that one call")
            expect_close(xb, ex, what=f"X_batch {i}", check_dtype=False)
            expect_close(yb, ey, what=f"y_batch {i}", check_dtype=False)
    except Failure as f:
        f.call = call
        raise
    expect_unchanged(changed, call=call, hint="do not shuffle X or y in place (no rng.shuffle(X)): index them with idx")


def _data(m, n=2, extra_dims=False):
    y = np.arange(m)
    X = np.repeat(np.arange(m, dtype=float)[:, None], n, axis=1)
    X[:, 1:] += np.linspace(0.25, 0.75, n - 1)
    if extra_dims:
        X = np.stack([X, X + 0.5], axis=2)
    return X, y


@suite.test("minibatches: shuffle=False gives rows 0-3, 4-7 and 8-9 (the last batch shorter)",
            points=2, visibility="visible")
def _(s, ref):
    X = np.arange(20, dtype=float).reshape(10, 2)
    X[:, 0] = np.arange(10)
    _check_minibatches(s, ref, X, np.arange(10), 4, False, None)


@suite.test("minibatches: a seeded rng gives the reference's order (idx = rng.permutation(m))",
            points=2, visibility="hidden")
def _(s, ref):
    X, y = _data(10)
    _check_minibatches(s, ref, X, y, 3, True, 42)


@suite.property("minibatches: every sample once, in the reference's batches, for any m, batch_size and seed",
                strategy=st.tuples(st.integers(1, 25), st.integers(1, 12), st.booleans(), seeds(),
                                   st.booleans(), st.booleans()),
                points=3, max_examples=25)
def _(s, ref, case):
    m, batch_size, shuffle, seed, extra, y2d = case
    X, y = _data(m, 3, extra)
    if y2d:
        y = np.stack([y, -y], axis=1)
    _check_minibatches(s, ref, X, y, batch_size, shuffle, seed if shuffle else None)


@suite.test("minibatches: shuffle=True without an rng raises ValueError naming 'rng'", points=1,
            visibility="visible")
def _(s, ref):
    X, y = _data(6)
    with expect_raises("ValueError", mentions="rng"):
        s.minibatches(X=X, y=y, batch_size=2, shuffle=True, rng=None)
    with expect_raises("ValueError", mentions="rng"):
        s.minibatches(X=X, y=y, batch_size=2)


@suite.test("minibatches: batch_size < 1 raises ValueError naming 'batch_size'", points=1)
def _(s, ref):
    X, y = _data(6)
    for bs in (0, -2):
        with expect_raises("ValueError", mentions="batch_size"):
            s.minibatches(X=X, y=y, batch_size=bs, shuffle=False)


# ================================================================ iterations_per_epoch

def _check_ipe(s, ref, n, b):
    got = s.iterations_per_epoch(n_samples=n, batch_size=b)
    expected = ref.iterations_per_epoch(n, b)
    hint = None
    if isinstance(got, (int, float, np.integer, np.floating)) and not isinstance(got, bool):
        if got == n // b and expected != n // b:
            hint = "rounds down: the last, partial batch is an iteration too (ceil, not floor)"
        elif got == n / b:
            hint = "round up to a whole number of iterations: ceil(n_samples / batch_size)"
    expect_equal(got, expected, what="the number of iterations", hint=hint)
    expect(isinstance(got, (int, np.integer)) and not isinstance(got, bool),
           f"the number of iterations should be an int, got {type(got).__name__}", got=got,
           hint="return int(...) (math.ceil returns an int)")


@suite.test("iterations_per_epoch: the notes' 10,000 images in batches of 1000 give 10 (10,001 give 11)",
            points=1, visibility="visible")
def _(s, ref):
    _check_ipe(s, ref, 10000, 1000)
    _check_ipe(s, ref, 10001, 1000)


@suite.property("iterations_per_epoch: ceil(n_samples / batch_size) as an int for any sizes",
                strategy=st.tuples(st.integers(0, 10 ** 9), st.integers(1, 10 ** 4)), points=1, max_examples=25)
def _(s, ref, case):
    _check_ipe(s, ref, *case)


# ================================================================ gradient_descent

def _gd_mistakes(grad, w0, lr, n):
    w = np.array(w0, dtype=float)
    path, flipped, wf = [w.copy()], [w.copy()], w.copy()
    with np.errstate(all="ignore"):
        for _ in range(n):
            w = w - lr * grad(w)
            path.append(w.copy())
            wf = wf + lr * grad(wf)
            flipped.append(wf.copy())
    path, flipped = np.stack(path), np.stack(flipped)
    return {"path must start with w0: record w0 before the first step": path[1:],
            "path is missing the last iterate: record w after every step": path[:-1],
            "every row of path is the same array: append a copy of each iterate (w = w - lr * g, not w -= ...)":
                np.stack([path[-1]] * (n + 1)),
            "gradient sign flipped (w + lr*grad): descend, w = w - lr * grad_fn(w)": flipped}


def _check_gd(s, ref, fn, w0, lr, n):
    got = expect_tuple(s.gradient_descent(grad_fn=fn, w0=w0, lr=lr, n_steps=n), ("w", "path"))
    call = s.last_call
    changed = changed_in_place(s)
    grad = as_function(fn)
    w_exp, path_exp = ref.gradient_descent(grad, np.array(w0, dtype=float), lr, n)
    mistakes = _gd_mistakes(grad, w0, lr, n)
    try:
        path = as_array(got[1], "path")
        expect_close(path, path_exp, what="path", mistakes=mistakes)
        expect_close(got[0], w_exp, what="w (the last iterate)", mistakes={"returned w0 instead of the last iterate": np.asarray(w0, float)})
        expect(as_array(got[0]).dtype == np.float64 and path.dtype == np.float64, "w and path should be float64")
    except Failure as f:
        f.call = call
        raise
    expect_unchanged(changed, call=call, message="modified w0 in place",
                     hint="start from a copy: w = np.array(w0, dtype=float)")


@suite.test("gradient_descent: path has shape (n_steps + 1, ...) with w0 first", points=2, visibility="visible")
def _(s, ref):
    _check_gd(s, ref, Fn("quadratic_grad", a=2.0, b=0.0), 1.0, 0.25, 3)  # the docstring's example: w0 a scalar
    _check_gd(s, ref, Fn("quadratic_grad", a=np.array([1.0, 4.0]), b=np.array([0.5, -1.0])),
              np.array([1.0, 2.0]), 0.1, 5)


@suite.test("gradient_descent: 100 steps on the Rosenbrock gradient equal the reference", points=2)
def _(s, ref):
    _check_gd(s, ref, Fn("rosenbrock_grad", a=1.0, b=10.0), np.array([-1.2, 1.0]), 1e-3, 100)


@suite.property("gradient_descent: equals the reference on quadratics of any shape and n_steps (0 too)",
                strategy=st.tuples(st.lists(st.integers(1, 4), min_size=0, max_size=2), seeds(),
                                   st.integers(0, 15), st.sampled_from([0.01, 0.1, 0.3])),
                points=2, max_examples=20)
def _(s, ref, case):
    shape, seed, n, lr = case
    shape = tuple(shape)
    rng = np.random.default_rng(seed)
    fn = Fn("quadratic_grad", a=rng.uniform(0.5, 3.0, shape), b=rng.uniform(-1.0, 1.0, shape))
    _check_gd(s, ref, fn, rng.uniform(-5.0, 5.0, shape), lr, n)
