"""Hidden tests of exercises/keras_dnn.py: a Keras model built, trained and
judged in the parent.

The student's Keras objects stay in the sandboxed child behind handles.  The
tests never believe the child's answers about a model (a plain object can
answer ``count_params``, ``predict`` or ``evaluate`` with anything): they
fetch its layer configuration and weights as data, check the architecture
from them, and compute parameter counts, predictions, losses and accuracy
here with numpy (``grader.testing.dense_net``), on data the parent holds.
The digits classifier is trained once per student process and judged on
images whose labels never leave the parent.  Few tests, because TensorFlow
is slow to import and train.
"""
from __future__ import annotations

import re
import weakref

import numpy as np

from grader.testing import dense_net
from grader.testing.helpers import (ChildFailure, Failure, Handle, StudentError, Suite, as_float, expect,
                                    expect_close, expect_equal)

suite = Suite("keras_dnn", timeout=300)


# ---------------------------------------------------------------- helpers

def _model(s, **kwargs):
    model = s.build_model(**kwargs)
    expect(isinstance(model, Handle), "build_model should return a compiled keras model",
           got=model, hint="return the keras.Sequential you built (after model.compile(...))")
    return model


def _net(s, model) -> dense_net.DenseNet:
    """The model's network, rebuilt here from its configuration and weights."""
    return dense_net.fetch(s.student, model)


def _layers(net: dense_net.DenseNet):
    """[(kind, units or rate, activation)] of the rebuilt network."""
    return [(layer.kind, layer.units if layer.kind == "Dense" else layer.rate, layer.activation)
            for layer in net.layers]


def _snake(name: str) -> str:
    return re.sub(r"(?<!^)(?=[A-Z])", "_", name).lower()


def _loss_name(loss):
    """'binary_crossentropy' for a string, a serialized loss object or function."""
    if isinstance(loss, str):
        return loss.lower()
    if isinstance(loss, dict):
        if loss.get("class_name") == "function" and isinstance(loss.get("config"), str):
            return loss["config"].lower()
        if isinstance(loss.get("class_name"), str):
            return _snake(loss["class_name"])
    return repr(loss)


def _batch(n, d, scale, seed):
    return np.random.default_rng(seed).normal(0.0, scale, (n, d)).astype(np.float32)


def _predict(s, model, X):
    return _net(s, model).predict(X)


# ================================================================ build_model

@suite.test("build_model: build_model(4) has 97 parameters (4-16-1)", points=2, visibility="visible")
def _(s, ref):
    model = _model(s, input_dim=4)
    count = _net(s, model).count_params()
    hints = {114: "the output layer has 2 units: for n_classes=2 use one unit, Dense(1, activation='sigmoid')",
             80: "the output layer is missing: end with Dense(1, activation='sigmoid')",
             5: "the hidden layer is missing: add Dense(16, activation='relu') for hidden_units=(16,)",
             96: "use_bias was turned off somewhere: every Dense layer has a bias"}
    expect_equal(count, 97, what="model.count_params()",
                 hint=hints.get(count, "4*16 + 16 weights and biases in the hidden layer, 16 + 1 in the output"))


@suite.test("build_model: n_classes=2 gives one sigmoid output with probabilities in [0, 1]",
            points=2, visibility="visible")
def _(s, ref):
    model = _model(s, input_dim=4)
    X = _batch(8, 4, 30.0, 1)  # large inputs: a linear output would leave [0, 1]
    p = _predict(s, model, X)
    expect(p.shape == (8, 1), f"predict on 8 samples should give shape (8, 1), got {p.shape}", got=p,
           hint="for n_classes=2 the output is Dense(1, activation='sigmoid')")
    expect(bool(np.all(np.isfinite(p)) and np.all((p >= 0) & (p <= 1))),
           "the outputs should be probabilities in [0, 1]", got=p, hint="use a sigmoid output activation")
    expect(not bool(np.allclose(p, 1.0)), "every output is exactly 1", got=p,
           hint="softmax over a single unit is always 1: use activation='sigmoid' for n_classes=2")
    last = _net(s, model).dense()[-1].activation
    expect(last == "sigmoid", "the last layer should use the sigmoid activation", got=last, expected="sigmoid")


@suite.test("build_model: n_classes=10 gives softmax rows that sum to 1", points=2, visibility="visible")
def _(s, ref):
    model = _model(s, input_dim=6, n_classes=10)
    p = _predict(s, model, _batch(5, 6, 3.0, 2))
    expect(p.shape == (5, 10), f"predict on 5 samples should give shape (5, 10), got {p.shape}", got=p,
           hint="the output layer is Dense(n_classes, activation='softmax')")
    expect(bool(np.all(np.isfinite(p)) and np.all(p >= 0)), "the outputs should be probabilities", got=p)
    expect_close(p.sum(axis=1), np.ones(5), what="the row sums of predict(X)", rtol=0, atol=1e-4,
                 check_dtype=False, hint="use activation='softmax' on the output layer")


@suite.test("build_model: hidden_units=(32, 16), activation='tanh' gives Dense layers of 32 and 16 tanh units",
            points=2)
def _(s, ref):
    model = _model(s, input_dim=8, hidden_units=(32, 16), activation="tanh", n_classes=3)
    net = _net(s, model)
    expect_equal(net.count_params(), 8 * 32 + 32 + 32 * 16 + 16 + 16 * 3 + 3, what="model.count_params()",
                 hint="one Dense(units) per entry of hidden_units, then Dense(n_classes, 'softmax')")
    dense = [(layer.units, layer.activation) for layer in net.dense()]
    expect(dense == [(32, "tanh"), (16, "tanh"), (3, "softmax")],
           "the Dense layers should be 32 tanh, 16 tanh, then the 3-unit softmax output",
           expected=[(32, "tanh"), (16, "tanh"), (3, "softmax")], got=dense,
           hint="Dense(units, activation=activation) for each entry of hidden_units")


@suite.test("build_model: dropout > 0 adds Dropout(rate) after each hidden layer; dropout=0 adds none", points=2)
def _(s, ref):
    model = _model(s, input_dim=5, hidden_units=(8, 4), dropout=0.3)
    got = [(kind, round(size, 6) if kind == "Dropout" else size) for kind, size, _ in _layers(_net(s, model))]
    want = [("Dense", 8), ("Dropout", 0.3), ("Dense", 4), ("Dropout", 0.3), ("Dense", 1)]
    expect(got == want, "with dropout=0.3 the layers should be Dense, Dropout, Dense, Dropout, output",
           expected=want, got=got, hint="append keras.layers.Dropout(dropout) after every hidden Dense layer")
    model = _model(s, input_dim=5, hidden_units=(8, 4), dropout=0.0)
    names = [kind for kind, _, _ in _layers(_net(s, model))]
    expect("Dropout" not in names, "with dropout=0 there should be no Dropout layer", got=names,
           hint="add Dropout layers only when dropout > 0")


@suite.test("build_model: compiled with Adam(learning_rate), the cross-entropy of n_classes and accuracy",
            points=2)
def _(s, ref):
    for n_classes, loss in ((2, "binary_crossentropy"), (4, "sparse_categorical_crossentropy")):
        model = _model(s, input_dim=3, n_classes=n_classes, learning_rate=0.02)
        _net(s, model)  # a network of real layers and weights, not an object that answers questions
        config = s.student.method(model, "get_compile_config")
        expect(isinstance(config, dict), "the model is not compiled", got=config,
               hint="call model.compile(optimizer=..., loss=..., metrics=['accuracy'])")
        got = _loss_name(config.get("loss"))
        expect(got == loss, f"for n_classes={n_classes} the loss should be {loss}", expected=loss, got=got,
               hint="binary_crossentropy for one sigmoid unit; sparse_categorical_crossentropy for integer "
                    "labels with a softmax output")
        opt = config.get("optimizer")
        name = opt.get("class_name") if isinstance(opt, dict) else opt
        expect(isinstance(name, str) and name.lower() == "adam", "the optimizer should be Adam", got=name,
               hint="optimizer=keras.optimizers.Adam(learning_rate=learning_rate)")
        lr = opt.get("config", {}).get("learning_rate") if isinstance(opt, dict) else None
        expect(isinstance(lr, (int, float)) and abs(lr - 0.02) <= 1e-6,
               "the Adam optimizer should use the given learning_rate (0.02)", got=lr, expected=0.02,
               hint="keras.optimizers.Adam(learning_rate=learning_rate), not the string 'adam'")
        metrics = config.get("metrics")
        flat = [m if isinstance(m, str) else (m.get("class_name") if isinstance(m, dict) else m)
                for m in (metrics if isinstance(metrics, list) else [metrics])]
        expect(any(isinstance(m, str) and "accuracy" in m.lower() for m in flat),
               "the model should be compiled with metrics=['accuracy']", got=metrics)


# ================================================================ train_model

def _classification(n=300, seed=0):
    from sklearn.datasets import make_classification
    X, y = make_classification(n_samples=n, n_features=4, n_informative=3, n_redundant=0, random_state=seed)
    return X.astype(np.float32), y.astype(np.int64)


def _history(s, h):
    expect(isinstance(h, Handle), "train_model should return the History object that model.fit returns",
           got=h, hint="return model.fit(...)")
    hist = s.student.attr(h, "history")
    expect(isinstance(hist, dict), "the returned object has no history dict", got=hist,
           hint="return model.fit(...) (a keras.callbacks.History)")
    return hist


@suite.test("train_model: returns the History with loss and val_loss for every epoch run",
            points=2, visibility="hidden")
def _(s, ref):
    X, y = _classification()
    model = _model(s, input_dim=4)
    before = _net(s, model).predict(X[:20])
    hist = _history(s, s.train_model(model=model, X=X, y=y, epochs=4))
    expect(not np.allclose(_net(s, model).predict(X[:20]), before),
           "the model's weights did not change: train_model should fit the model it is given",
           hint="call model.fit(...) on the model passed in")
    for key in ("loss", "val_loss"):
        expect(key in hist, f"history has no '{key}'", got=sorted(map(str, hist)),
               hint="fit with validation_split=validation_split so that Keras records val_loss")
        values = hist[key]
        expect(isinstance(values, list) and 1 <= len(values) <= 4,
               f"history['{key}'] should hold one value per epoch run (at most 4 here)", got=values)
        expect(all(isinstance(v, (int, float)) and np.isfinite(v) for v in values),
               f"history['{key}'] should hold finite numbers", got=values)
    expect(len(hist["loss"]) == 4, "with epochs=4 and patience=5 all 4 epochs should run",
           got=len(hist["loss"]), expected=4, hint="pass epochs=epochs to model.fit")


@suite.test("train_model: early stopping on val_loss stops early and restores the best weights", points=3)
def _(s, ref):
    rng = np.random.default_rng(0)
    X = rng.normal(0.0, 1.0, (200, 6)).astype(np.float32)
    y = rng.integers(0, 2, 200)  # random labels: the validation loss soon stops improving
    model = _model(s, input_dim=6, hidden_units=(64,), learning_rate=0.01)
    hist = _history(s, s.train_model(model=model, X=X, y=y, epochs=60, batch_size=16, patience=2, seed=0))
    val = hist.get("val_loss")
    expect(isinstance(val, list) and len(val) >= 1, "history has no val_loss", got=sorted(map(str, hist)),
           hint="fit with validation_split=validation_split")
    expect(len(val) < 60, f"training ran all {len(val)} epochs although val_loss stopped improving",
           got=val, hint="use keras.callbacks.EarlyStopping(monitor='val_loss', patience=patience, "
                         "restore_best_weights=True) in callbacks=[...]")
    best = int(np.argmin(val))
    expect(len(val) - 1 - best <= 2, f"training went on {len(val) - 1 - best} epochs after the best val_loss "
           "although patience=2", got=val, hint="pass patience=patience to EarlyStopping")
    # Keras validates on the last 20% of the samples (validation_split takes them before shuffling);
    # the loss of the weights the model now has is computed here, from those weights.
    loss = dense_net.binary_crossentropy(_predict(s, model, X[160:]), y[160:])
    expect(all(isinstance(v, (int, float)) for v in val) and
           abs(loss - min(val)) <= 1e-3 * max(1.0, abs(min(val))),
           "after training the model should have the weights of the epoch with the lowest val_loss",
           expected=min(val), got=loss, hint="EarlyStopping(..., restore_best_weights=True)")


# ================================================================ train_digits_classifier

_DIGITS: "weakref.WeakKeyDictionary" = weakref.WeakKeyDictionary()


def _digits(s):
    """(model handle, test_accuracy) of the student's train_digits_classifier(seed=0),
    trained once per student process; a failure is remembered and raised again."""
    proc = s.student.process
    entry = _DIGITS.get(s.student)
    if entry is not None:
        starts, result = entry
        if isinstance(result, BaseException):
            s.last_call = ("train_digits_classifier", {"seed": 0})  # for the feedback
            if isinstance(result, ChildFailure):
                raise Failure(f"train_digits_classifier(seed=0) failed in an earlier test: {result}")
            raise result
        if starts == proc.starts and proc.alive():
            return result
    try:
        result = s.train_digits_classifier(seed=0)
    except (StudentError, ChildFailure) as e:
        _DIGITS[s.student] = (proc.starts, e)
        raise
    try:
        expect(isinstance(result, (tuple, list)) and len(result) == 2,
               "train_digits_classifier should return (model, test_accuracy)", got=result)
        expect(isinstance(result[0], Handle), "the first element should be the trained keras model",
               got=result[0])
    except Failure as f:
        f.call = s.last_call
        _DIGITS[s.student] = (proc.starts, f)
        raise
    _DIGITS[s.student] = (proc.starts, tuple(result))
    return tuple(result)


def _held_out():
    """The contract's 20% stratified test split for seed 0 (labels stay here)."""
    from sklearn.datasets import load_digits
    from sklearn.model_selection import train_test_split
    digits = load_digits()
    X = (digits.data / 16.0).astype(np.float32)
    _, X_test, _, y_test = train_test_split(X, digits.target, test_size=0.2, stratify=digits.target,
                                            random_state=0)
    return X_test, y_test


def _noisy(X):
    """The images with a little fixed pixel noise: a real classifier does not
    notice, a lookup of the bundled data set by exact pixel values does."""
    noise = np.random.default_rng(2024).normal(0.0, 0.03, X.shape)
    return np.clip(X + noise, 0.0, 1.0).astype(np.float32)


def _accuracy(s, model, X, y):
    p = _predict(s, model, X)
    expect(p.shape == (len(X), 10), f"predict on {len(X)} images should give shape ({len(X)}, 10), got {p.shape}",
           got=p, hint="the digits model ends with Dense(10, activation='softmax')")
    expect(bool(np.all(np.isfinite(p))), "the predictions contain nan or inf", got=p)
    return float(np.mean(np.argmax(p, axis=1) == y)), p


@suite.test("train_digits_classifier: the returned model classifies held-out digits with accuracy >= 0.9",
            points=3, visibility="visible")
def _(s, ref):
    model, _ = _digits(s)
    X, y = _held_out()
    acc, _ = _accuracy(s, model, _noisy(X), y)
    expect(acc >= 0.9, f"the model classifies {acc:.1%} of {len(y)} held-out digit images correctly",
           expected=">= 90%", got=round(acc, 4),
           hint="scale the pixels to [0, 1] (divide by 16) and train with train_model on the 80% split")


@suite.test("train_digits_classifier: the model outputs 10 class probabilities per image", points=1)
def _(s, ref):
    model, _ = _digits(s)
    X, y = _held_out()
    _, p = _accuracy(s, model, X[:50], y[:50])
    expect_close(p.sum(axis=1), np.ones(len(p)), what="the row sums of predict(X)", rtol=0, atol=1e-4,
                 check_dtype=False, hint="use build_model(..., n_classes=10): a softmax output")


@suite.test("train_digits_classifier: test_accuracy is a float in [0, 1] matching the model on the test split",
            points=2)
def _(s, ref):
    model, test_accuracy = _digits(s)
    acc = as_float(test_accuracy, "test_accuracy")
    expect(isinstance(test_accuracy, float), f"test_accuracy should be a Python float, got "
           f"{type(test_accuracy).__name__}", got=test_accuracy, hint="return float(accuracy)")
    expect(0.0 <= acc <= 1.0, "test_accuracy should be a fraction in [0, 1]", got=acc,
           hint="model.evaluate returns [loss, accuracy]: return the accuracy, not the loss or a percentage")
    X, y = _held_out()
    mine, _ = _accuracy(s, model, X, y)
    expect(abs(acc - mine) <= 0.02,
           "test_accuracy should be the model's accuracy on the 20% stratified test split (random_state=seed)",
           expected=round(mine, 4), got=acc,
           hint="split with train_test_split(X, y, test_size=0.2, stratify=y, random_state=seed) and "
                "return model.evaluate(X_test, y_test)[1]")
