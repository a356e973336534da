"""Parameterised questions of this course's bank: numbers drawn per student,
answers computed by the reference implementation (``reference/``).

Course content, not engine: the bank loader (``grader.quiz.bank``) imports
this file from the bank's folder.  Each generator is a class with

* ``draw(rng) -> params``: JSON-native numbers drawn from the student's
  ``Draw`` stream (``grader.quiz.params``);
* ``solve(params) -> float``: the answer, computed by ``reference/``, never by hand;
* ``display(params) -> {name: text}``: the strings the prompt template uses;

registered with ``@GENERATORS.register(name, description)``.  A bank question
names it with ``generator: name``.
"""
from __future__ import annotations

import importlib
import sys
from pathlib import Path

from grader.quiz.params import Generators, fmt

#: The folder holding ``reference/`` (this file is reference/quiz/generators.py).
COURSE_ROOT = Path(__file__).resolve().parents[2]

GENERATORS = Generators()
generator = GENERATORS.register


def _ref(module: str):
    """``reference.<module>`` of this course."""
    if str(COURSE_ROOT) not in sys.path:
        sys.path.insert(0, str(COURSE_ROOT))
    return importlib.import_module(f"reference.{module}")


# ---------------------------------------------------------------- neurons, activations

ACT_NAMES = {"sigmoid": "sigmoid", "tanh": "tanh", "relu": "ReLU"}


@generator("neuron_output", "a neuron's output for drawn inputs, weights, bias and activation")
class NeuronOutput:
    @staticmethod
    def draw(r):
        return {"x": r.grids(3, -3, 3, 1), "w": r.grids(3, -1, 1, 0.1, nonzero=True),
                "b": r.grid(-0.5, 0.5, 0.1), "activation": r.choice(["sigmoid", "tanh", "relu"])}

    @staticmethod
    def solve(p):
        return float(_ref("neuron").neuron_output(p["x"], p["w"], p["b"], p["activation"]))

    @staticmethod
    def display(p):
        return {"x": fmt(p["x"]), "w": fmt(p["w"]), "b": fmt(p["b"]),
                "activation": ACT_NAMES[p["activation"]]}


@generator("activation_value", "one activation function at a drawn point")
class ActivationValue:
    NAMES = {"sigmoid": "sigmoid σ(z) = 1/(1+e^(-z))", "tanh": "tanh(z)",
             "leaky_relu": "Leaky ReLU max(0.1z, z)", "elu": "ELU with α = 1 (z for z ≥ 0, α(e^z − 1) for z < 0)"}

    @staticmethod
    def draw(r):
        act = r.choice(["sigmoid", "tanh", "leaky_relu", "elu"])
        z = r.grid(-3, 0, 0.1, nonzero=True) if act in ("leaky_relu", "elu") \
            else r.grid(-3, 3, 0.1, nonzero=True)
        return {"activation": act, "z": z}

    @staticmethod
    def solve(p):
        n = _ref("neuron")
        z, act = p["z"], p["activation"]
        if act == "leaky_relu":
            return float(n.leaky_relu(z, alpha=0.1))
        if act == "elu":
            return float(n.elu(z, alpha=1.0))
        return float(getattr(n, act)(z))

    @classmethod
    def display(cls, p):
        return {"activation": cls.NAMES[p["activation"]], "z": fmt(p["z"])}


@generator("softmax_component", "one component of the softmax of a drawn vector")
class SoftmaxComponent:
    @staticmethod
    def draw(r):
        return {"z": r.grids(4, -2, 3, 0.5), "k": r.integer(1, 4)}

    @staticmethod
    def solve(p):
        return float(_ref("neuron").softmax(p["z"])[p["k"] - 1])

    @staticmethod
    def display(p):
        return {"z": fmt(p["z"]), "k": str(p["k"])}


# ---------------------------------------------------------------- losses

@generator("mse_value", "mean squared error of drawn targets and predictions")
class MseValue:
    @staticmethod
    def draw(r):
        return {"y": r.grids(4, 0, 5, 0.5), "y_hat": r.grids(4, 0, 5, 0.5)}

    @staticmethod
    def solve(p):
        return float(_ref("neuron").mse(p["y"], p["y_hat"]))

    @staticmethod
    def display(p):
        return {"y": fmt(p["y"]), "y_hat": fmt(p["y_hat"])}


@generator("bce_value", "binary cross-entropy of drawn labels and probabilities")
class BceValue:
    @staticmethod
    def draw(r):
        return {"y": [float(r.integer(0, 1)) for _ in range(3)], "p": r.grids(3, 0.05, 0.95, 0.05)}

    @staticmethod
    def solve(p):
        return float(_ref("neuron").binary_cross_entropy(p["y"], p["p"]))

    @staticmethod
    def display(p):
        return {"y": fmt(p["y"]), "p": fmt(p["p"])}


@generator("cce_value", "categorical cross-entropy of one sample")
class CceValue:
    @staticmethod
    def draw(r):
        a = r.integer(1, 18)
        b = r.integer(1, 19 - a)
        probs = [a / 20, b / 20, (20 - a - b) / 20]
        return {"p": probs, "label": r.integer(1, 3)}

    @staticmethod
    def solve(p):
        y = [1.0 if i + 1 == p["label"] else 0.0 for i in range(3)]
        return float(_ref("neuron").categorical_cross_entropy([y], [p["p"]]))

    @staticmethod
    def display(p):
        y = [1 if i + 1 == p["label"] else 0 for i in range(3)]
        return {"p": fmt(p["p"]), "y": fmt(y), "label": str(p["label"])}


# ---------------------------------------------------------------- perceptron

@generator("perceptron_output", "output of a threshold perceptron (fires if sum w x - T >= 0)")
class PerceptronOutput:
    @staticmethod
    def draw(r):
        return {"x": [float(r.integer(0, 1)) for _ in range(3)], "w": r.grids(3, -1, 1, 0.5),
                "T": r.grid(0, 1.5, 0.5)}

    @staticmethod
    def solve(p):
        ref_n, ref_p = _ref("neuron"), _ref("perceptron")
        s = ref_n.weighted_sum(p["x"], p["w"], 0.0)
        return float(ref_p.step(s, threshold=p["T"]))

    @staticmethod
    def display(p):
        return {"x": fmt(p["x"]), "w": fmt(p["w"]), "T": fmt(p["T"])}


@generator("perceptron_update", "one step of the notes' bipolar perceptron training algorithm")
class PerceptronUpdate:
    """Start from zero weights, present training vector 1 (always an update: y_in = 0 gives
    y = 0 != t), then vector 2: the question is that second, single step."""

    @staticmethod
    def draw(r):
        x1 = [float(r.choice([-1, 1])) for _ in range(3)]
        x2 = [float(r.choice([-1, 1])) for _ in range(3)]
        return {"x1": x1, "t1": float(r.choice([-1, 1])), "x2": x2,
                "t2": float(r.choice([-1, 1])), "alpha": r.choice([1.0, 0.5, 0.2]),
                "theta": r.choice([0.0, 0.2]), "j": r.integer(0, 3)}   # j = 3: the bias

    @staticmethod
    def _train(p, n):
        X = [p["x1"], p["x2"]][:n]
        t = [p["t1"], p["t2"]][:n]
        w, b, _, _ = _ref("perceptron").perceptron_train_bipolar(
            X, t, lr=p["alpha"], theta=p["theta"], max_epochs=1)
        return [float(v) for v in w], float(b)

    @classmethod
    def solve(cls, p):
        w, b = cls._train(p, 2)
        return b if p["j"] == 3 else w[p["j"]]

    @classmethod
    def display(cls, p):
        w, b = cls._train(p, 1)
        target = "the bias b" if p["j"] == 3 else f"w{p['j'] + 1}"
        return {"w": fmt(w), "b": fmt(b), "x": fmt(p["x2"]), "t": fmt(p["t2"]),
                "alpha": fmt(p["alpha"]), "theta": fmt(p["theta"]), "target": target}


# ---------------------------------------------------------------- MLP and backprop

def _net(r):
    return {"x": r.grids(2, 0, 1, 0.05), "W1": [r.grids(2, -1, 1, 0.1), r.grids(2, -1, 1, 0.1)],
            "b1": r.grids(2, -0.5, 0.5, 0.1), "W2": r.grids(2, -1, 1, 0.1, nonzero=True),
            "b2": r.grid(-0.5, 0.5, 0.1), "t": float(r.integer(0, 1))}


def _net_params(p):
    import numpy as np
    return {"W1": np.array(p["W1"], dtype=float), "b1": np.array(p["b1"], dtype=float),
            "W2": np.array(p["W2"], dtype=float).reshape(2, 1),
            "b2": np.array([p["b2"]], dtype=float)}


def _net_display(p):
    (w11, w12), (w21, w22) = p["W1"]
    return {"x1": fmt(p["x"][0]), "x2": fmt(p["x"][1]), "w11": fmt(w11), "w12": fmt(w12),
            "w21": fmt(w21), "w22": fmt(w22), "b1": fmt(p["b1"][0]), "b2": fmt(p["b1"][1]),
            "v1": fmt(p["W2"][0]), "v2": fmt(p["W2"][1]), "c": fmt(p["b2"]), "t": fmt(p["t"])}


def _net_target(r):
    kind = r.choice(["output", "hidden"])
    if kind == "output":
        return {"kind": "output", "j": r.integer(0, 1)}
    return {"kind": "hidden", "i": r.integer(0, 1), "j": r.integer(0, 1)}


def _target_name(q):
    if q["kind"] == "output":
        return f"v{q['j'] + 1}"
    return f"w{q['i'] + 1}{q['j'] + 1}"


@generator("backprop_gradient", "dE/dw of one weight of a 2-2-1 sigmoid network, E = 1/2 (t - o)^2")
class BackpropGradient:
    @staticmethod
    def draw(r):
        p = _net(r)
        p["which"] = _net_target(r)
        return p

    @staticmethod
    def solve(p):
        mlp = _ref("mlp")
        params = _net_params(p)
        _, cache = mlp.forward([p["x"]], params)
        grads = mlp.backward([p["x"]], [[p["t"]]], params, cache)
        q = p["which"]
        if q["kind"] == "output":
            return float(grads["dW2"][q["j"], 0])
        return float(grads["dW1"][q["i"], q["j"]])

    @staticmethod
    def display(p):
        d = _net_display(p)
        d["target"] = _target_name(p["which"])
        return d


@generator("mlp_weight_update", "a weight after one backprop step of a 2-2-1 sigmoid network")
class MlpWeightUpdate:
    @staticmethod
    def draw(r):
        p = _net(r)
        p["which"] = _net_target(r)
        p["alpha"] = r.choice([0.1, 0.5, 0.8, 1.0])
        return p

    @staticmethod
    def solve(p):
        new = _ref("mlp").train_step([p["x"]], [[p["t"]]], _net_params(p), p["alpha"])
        q = p["which"]
        if q["kind"] == "output":
            return float(new["W2"][q["j"], 0])
        return float(new["W1"][q["i"], q["j"]])

    @staticmethod
    def display(p):
        d = _net_display(p)
        d["target"] = _target_name(p["which"])
        d["alpha"] = fmt(p["alpha"])
        return d


# ---------------------------------------------------------------- training: epochs, batches

BATCHES = [16, 20, 25, 32, 50, 64, 100, 128, 200, 250, 256, 500, 1000]


@generator("iterations_per_epoch", "iterations (updates) per epoch for N samples and batch size B")
class IterationsPerEpoch:
    @staticmethod
    def draw(r):
        return {"n": r.integer(10, 600) * 100 + r.choice([0, 0, r.integer(1, 99)]),
                "batch": r.choice(BATCHES)}

    @staticmethod
    def solve(p):
        return float(_ref("optimizers").iterations_per_epoch(p["n"], p["batch"]))

    @staticmethod
    def display(p):
        return {"n": f"{p['n']:,}", "batch": str(p["batch"])}


@generator("total_iterations", "weight updates over E epochs with N samples and batch size B")
class TotalIterations:
    @staticmethod
    def draw(r):
        return {"n": r.integer(10, 600) * 100 + r.choice([0, r.integer(1, 99)]),
                "batch": r.choice(BATCHES), "epochs": r.choice([5, 10, 20, 25, 50, 100])}

    @staticmethod
    def solve(p):
        return float(p["epochs"] * _ref("optimizers").iterations_per_epoch(p["n"], p["batch"]))

    @staticmethod
    def display(p):
        return {"n": f"{p['n']:,}", "batch": str(p["batch"]), "epochs": str(p["epochs"])}


@generator("early_stopping_epoch", "the epoch early stopping with patience restores")
class EarlyStoppingEpoch:
    @staticmethod
    def draw(r):
        losses, level = [], r.grid(0.8, 1.2, 0.01)
        turn = r.integer(3, 7)
        for e in range(10):
            level = level - r.grid(0.02, 0.12, 0.01) if e < turn else level + r.grid(-0.03, 0.06, 0.01)
            losses.append(round(max(level, 0.05), 2))
        return {"losses": losses, "patience": r.integer(2, 3)}

    @staticmethod
    def solve(p):
        _stop, best = _ref("dropout").early_stopping(p["losses"], p["patience"])
        return float(best + 1)           # the prompt numbers epochs from 1

    @staticmethod
    def display(p):
        rows = ", ".join(f"epoch {i + 1}: {v:.2f}" for i, v in enumerate(p["losses"]))
        return {"losses": rows, "patience": str(p["patience"])}


# ---------------------------------------------------------------- optimizers

@generator("sgd_step", "one gradient-descent step w - lr * dw")
class SgdStep:
    @staticmethod
    def draw(r):
        return {"w": r.grid(-2, 2, 0.1), "dw": r.grid(-3, 3, 0.1, nonzero=True),
                "lr": r.choice([0.01, 0.05, 0.1, 0.2, 0.5])}

    @staticmethod
    def solve(p):
        return float(_ref("optimizers").sgd_update([p["w"]], [p["dw"]], p["lr"])[0])

    @staticmethod
    def display(p):
        return {k: fmt(v) for k, v in p.items()}


@generator("momentum_step", "one SGD-with-momentum step (v = beta v - lr dw; w = w + v)")
class MomentumStep:
    @staticmethod
    def draw(r):
        return {"w": r.grid(-2, 2, 0.1), "dw": r.grid(-3, 3, 0.1, nonzero=True),
                "v": r.grid(-0.5, 0.5, 0.05), "lr": r.choice([0.01, 0.05, 0.1]),
                "beta": r.choice([0.8, 0.9, 0.99])}

    @staticmethod
    def solve(p):
        w, _v = _ref("optimizers").momentum_update([p["w"]], [p["dw"]], [p["v"]], p["lr"], p["beta"])
        return float(w[0])

    @staticmethod
    def display(p):
        return {k: fmt(v) for k, v in p.items()}


@generator("adam_step", "one Adam step with bias correction")
class AdamStep:
    @staticmethod
    def draw(r):
        t = r.integer(1, 3)
        m = 0.0 if t == 1 else r.grid(-0.5, 0.5, 0.05)
        v = 0.0 if t == 1 else r.grid(0.01, 0.2, 0.01)
        return {"w": r.grid(-1, 1, 0.1), "dw": r.grid(-2, 2, 0.1, nonzero=True), "m": m, "v": v,
                "t": t, "lr": r.choice([0.01, 0.05, 0.1])}

    @staticmethod
    def solve(p):
        w, _m, _v = _ref("optimizers").adam_update([p["w"]], [p["dw"]], [p["m"]], [p["v"]],
                                                   p["t"], lr=p["lr"])
        return float(w[0])

    @staticmethod
    def display(p):
        return {k: fmt(v) for k, v in p.items()}
