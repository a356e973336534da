"""Per-student variants: answers computed by the reference, stable seeds, variety."""
import json
import math
import os
import subprocess
import sys

import numpy as np
import pytest

from grader.quiz import grade_answer, seed_for
from grader.quiz.export import to_json
from quiz_helpers import ROOT
from reference import dropout, mlp, neuron, optimizers, perceptron

STUDENTS = [f"s{i:03d}" for i in range(50)]


def _net(p):
    return {"W1": np.array(p["W1"]), "b1": np.array(p["b1"]),
            "W2": np.array(p["W2"]).reshape(2, 1), "b2": np.array([p["b2"]])}


def _pick(grads_or_params, which, prefix):
    if which["kind"] == "output":
        return grads_or_params[f"{prefix}2"][which["j"], 0]
    return grads_or_params[f"{prefix}1"][which["i"], which["j"]]


def expected_answer(generator, p):
    """The reference's answer, written out here independently of reference/quiz/generators.py."""
    if generator == "neuron_output":
        return neuron.neuron_output(p["x"], p["w"], p["b"], activation=p["activation"])
    if generator == "activation_value":
        return {"sigmoid": lambda z: neuron.sigmoid(z), "tanh": lambda z: neuron.tanh(z),
                "leaky_relu": lambda z: neuron.leaky_relu(z, 0.1),
                "elu": lambda z: neuron.elu(z, 1.0)}[p["activation"]](p["z"])
    if generator == "softmax_component":
        return neuron.softmax(np.array(p["z"]))[p["k"] - 1]
    if generator == "mse_value":
        return neuron.mse(p["y"], p["y_hat"])
    if generator == "bce_value":
        return neuron.binary_cross_entropy(p["y"], p["p"])
    if generator == "cce_value":
        y = np.eye(3)[p["label"] - 1]
        return neuron.categorical_cross_entropy(y[None, :], np.array(p["p"])[None, :])
    if generator == "perceptron_output":
        return perceptron.step(neuron.weighted_sum(p["x"], p["w"], 0.0), p["T"])
    if generator == "perceptron_update":
        w, b, _, _ = perceptron.perceptron_train_bipolar(
            np.array([p["x1"], p["x2"]]), np.array([p["t1"], p["t2"]]), lr=p["alpha"],
            theta=p["theta"], max_epochs=1)
        return b if p["j"] == 3 else w[p["j"]]
    if generator == "backprop_gradient":
        params = _net(p)
        _, cache = mlp.forward(np.array([p["x"]]), params)
        return _pick(mlp.backward(np.array([p["x"]]), np.array([[p["t"]]]), params, cache),
                     p["which"], "dW")
    if generator == "mlp_weight_update":
        new = mlp.train_step(np.array([p["x"]]), np.array([[p["t"]]]), _net(p), p["alpha"])
        return _pick(new, p["which"], "W")
    if generator == "iterations_per_epoch":
        return optimizers.iterations_per_epoch(p["n"], p["batch"])
    if generator == "total_iterations":
        return p["epochs"] * optimizers.iterations_per_epoch(p["n"], p["batch"])
    if generator == "early_stopping_epoch":
        return dropout.early_stopping(p["losses"], p["patience"])[1] + 1
    if generator == "sgd_step":
        return optimizers.sgd_update(np.array([p["w"]]), np.array([p["dw"]]), p["lr"])[0]
    if generator == "momentum_step":
        return optimizers.momentum_update(np.array([p["w"]]), np.array([p["dw"]]),
                                          np.array([p["v"]]), p["lr"], p["beta"])[0][0]
    if generator == "adam_step":
        return optimizers.adam_update(np.array([p["w"]]), np.array([p["dw"]]), np.array([p["m"]]),
                                      np.array([p["v"]]), p["t"], lr=p["lr"])[0][0]
    raise AssertionError(f"no independent check for generator {generator}")


def test_answers_equal_the_reference_for_50_students(bank):
    param_qs = [q for q in bank if q.type == "parameterised"]
    assert param_qs
    for student in STUDENTS:
        exported = {item["id"]: item for item in to_json(bank, student)}
        for q in param_qs:
            v = bank.variant_for(student, q.id)
            want = float(expected_answer(q.generator, v.params))
            assert math.isfinite(want)
            assert v.key()["answer"] == want, (student, q.id)          # bit-for-bit
            assert exported[q.id]["answer"] == want
            assert exported[q.id]["params"] == v.params
            # the computed answer is what grading accepts ...
            assert grade_answer(v, repr(want)).correct
            # ... also rounded to the precision the prompt asks for
            decimals = 5 if "5 decimals" in v.prompt else 4 if "4 decimals" in v.prompt else 3
            if q.tolerance > 0:
                assert grade_answer(v, f"{want:.{decimals}f}").correct, (q.id, want)
            # and a clearly wrong answer is refused
            assert not grade_answer(v, repr(want + 10 * q.tolerance + 1)).correct


def test_prompts_show_every_drawn_number(bank):
    for student in STUDENTS[:5]:
        for v in bank.variant(student):
            assert "{" not in v.prompt and "}" not in v.prompt, v.id


def test_same_student_same_variant_in_another_process(bank):
    ids = [q.id for q in bank if q.type == "parameterised"]
    here = {v.id: (v.params, v.prompt) for v in bank.variant("alice") if v.id in ids}
    code = ("import json, sys; sys.path.insert(0, %r); from grader.quiz import load_bank; "
            "b = load_bank(); print(json.dumps({v.id: [v.params, v.prompt] "
            "for v in b.variant('alice') if v.type == 'parameterised'}))" % str(ROOT))
    env = dict(os.environ, PYTHONHASHSEED="12345")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         env=env, check=True, cwd=ROOT).stdout
    there = {k: (p, pr) for k, (p, pr) in json.loads(out).items()}
    assert there == here
    again = {v.id: (v.params, v.prompt) for v in bank.variant("alice") if v.id in ids}
    assert again == here


def test_different_students_get_different_params(bank):
    for q in bank:
        if q.type != "parameterised":
            continue
        seen = {json.dumps(bank.variant_for(s, q.id).params, sort_keys=True) for s in STUDENTS}
        assert len(seen) >= 45, (q.id, len(seen))       # "almost always" different


def test_seed_is_a_stable_hash():
    # sha256-based: fixed forever, unlike hash()
    assert seed_for("alice", "p-neuron-output") == seed_for("alice", "p-neuron-output")
    assert seed_for("alice", "q") != seed_for("bob", "q")
    # pinned: changing the derivation would silently give every student a new variant
    assert seed_for("alice", "q") == 0xf9c4c69c0368034b
    assert seed_for("ab", "c") != seed_for("a", "bc")


def test_template_is_fixed_and_not_a_student(bank):
    t1 = {v.id: v.params for v in bank.template()}
    t2 = {v.id: v.params for v in bank.template()}
    assert t1 == t2
    with pytest.raises(ValueError):
        bank.variant("")


def test_public_view_has_no_correctness(bank):
    for v in bank.variant("mallory"):
        pub = v.to_public()
        json.dumps(pub)                                   # JSON-safe
        assert set(pub) == {"id", "type", "input_kind", "topic", "source", "prompt", "choices",
                            "points", "params"}
        for c in pub["choices"]:
            assert set(c) == {"id", "text"}
        assert "answer" not in pub and "tolerance" not in pub and "feedback" not in pub
