"""The bundled example class (examples/README.md lists each student's bugs):
every student gets the verdict their code deserves, through the real
`grader grade` on the numpy exercises.  (The Keras exercise is covered by
test_grade_end_to_end.py; here it would only add training time.)"""
import json
import subprocess
import sys
from pathlib import Path

import pytest

from grader.course import config

ROOT = Path(__file__).resolve().parents[1]
COURSE = config.load(ROOT / "course.toml")
NUMPY = [e for e in COURSE.exercises if not COURSE.slow(e)]  # all but the Keras one


@pytest.fixture(scope="module")
def results(tmp_path_factory):
    out = tmp_path_factory.mktemp("examples-out")
    cmd = [sys.executable, "-m", "grader.cli", "grade", str(ROOT / "examples" / "submissions"),
           "--out", str(out), "--jobs", "2", "--quiet"]
    for name in NUMPY:
        cmd += ["--only", name]
    proc = subprocess.run(cmd, capture_output=True, text=True, cwd=ROOT, timeout=1200)
    assert proc.returncode == 0, proc.stderr
    return {p.parent.name: json.loads(p.read_text()) for p in out.glob("*/result.json")}


def exercise_tests(result, exercise):
    return next(ex["tests"] for ex in result["exercises"] if ex["name"] == exercise)


def failing(result, exercise, prefix):
    return [t for t in exercise_tests(result, exercise) if t["name"].startswith(prefix) and t["status"] != "passed"]


def score(result, exercise):
    return next(ex["score"] for ex in result["exercises"] if ex["name"] == exercise)


def test_everyone_is_graded(results):
    assert sorted(results) == ["ada", "ben", "chen", "dana", "eli", "fay", "gus", "hana", "ivan", "jo",
                               "kim", "lea", "max", "noa"]


def test_ada_is_perfect(results):
    assert results["ada"]["score"] == pytest.approx(85.0)


def test_ben_unshifted_softmax_and_relu_derivative(results):
    ben = results["ben"]
    softmax = failing(ben, "neuron", "softmax:")
    assert softmax and any("softmax is not shifted by its row maximum" in t["feedback"] for t in softmax)
    assert failing(ben, "neuron", "relu_derivative:")
    assert not failing(ben, "neuron", "sigmoid:") and score(ben, "mlp") == 20.0


def test_chen_bias_never_updated_ties_and_late(results):
    chen = results["chen"]
    assert any("bias" in t["feedback"] for t in failing(chen, "perceptron", "perceptron_train:"))
    assert failing(chen, "dropout", "early_stopping:")
    assert chen["late_penalty"] > 0 and "2 started day(s)" in chen["late_note"]


def test_dana_unscaled_mask_adam_without_correction_and_extension(results):
    dana = results["dana"]
    assert any("mask not rescaled by 1/(1-p)" in t["feedback"] for t in failing(dana, "dropout", "dropout_forward:"))
    assert failing(dana, "optimizers", "adam_update:")
    assert dana["late_penalty"] == 0.0


def test_eli_backward_and_in_place_train_step(results):
    eli = results["eli"]
    assert failing(eli, "mlp", "backward:")
    assert failing(eli, "mlp", "train_step:")


def test_fay_syntax_error_costs_only_optimizers(results):
    fay = results["fay"]
    tests = exercise_tests(fay, "optimizers")
    assert {t["status"] for t in tests} == {"error"}
    assert all("SyntaxError in optimizers.py line 51" in t["feedback"] for t in tests)
    assert fay["score"] == pytest.approx(70.0)  # everything else is right


def test_gus_infinite_loop_times_out_and_the_rest_is_graded(results):
    gus = results["gus"]
    loops = [t for t in exercise_tests(gus, "perceptron") if t["name"].startswith("perceptron_train:")]
    assert loops and all(t["status"] == "timeout" for t in loops)
    assert any("killed after" in t["feedback"] for t in loops)
    assert score(gus, "neuron") == 20.0 and score(gus, "dropout") == 15.0


def test_hana_zip_with_momentum_sign_bug(results):
    hana = results["hana"]
    assert failing(hana, "optimizers", "momentum_update:")
    assert score(hana, "neuron") == 20.0


def test_ivan_unfinished_and_missing(results):
    ivan = results["ivan"]
    assert any(t["feedback"].startswith("not implemented") for t in failing(ivan, "neuron", "elu:"))
    for name in ["mlp", "optimizers", "dropout"]:
        assert {t["status"] for t in exercise_tests(ivan, name)} == {"not_submitted"}


def test_jo_naive_sigmoid_overflows(results):
    assert failing(results["jo"], "neuron", "sigmoid:")


def test_kim_clean_notebooks_score_like_files(results):
    kim = results["kim"]
    assert score(kim, "neuron") == 20.0 and score(kim, "perceptron") == 15.0
    assert any(p.startswith("neuron.ipynb: graded ") and "sigmoid (cell 6)" in p for p in kim["problems"])
    assert {t["status"] for t in exercise_tests(kim, "mlp")} == {"not_submitted"}


def test_lea_colab_session_grades_only_her_definitions(results):
    lea = results["lea"]
    assert score(lea, "neuron") == 20.0  # no pip, no Drive, no training loop, no input() ran
    line = next(p for p in lea["problems"] if "not graded (calls, loops" in p)
    # cell 2: pip and Drive; 26-30: checks, the training loop, %%time with a call, input()
    assert line.startswith("neuron.ipynb: top-level code of cells 2, 26, 27, 28, 29, 30 not graded")


def test_max_broken_cell_costs_only_mse(results):
    max_ = results["max"]
    assert "neuron.ipynb, cell 20: SyntaxError: expected ':' (line 1); the other cells were graded" in max_["problems"]
    failed = [t for t in exercise_tests(max_, "neuron") if t["status"] != "passed"]
    assert failed and all(t["name"].startswith("mse:") for t in failed)
    assert all("mse was not graded: cell 20 of neuron.ipynb does not parse" in t["feedback"] for t in failed)
    assert 0 < score(max_, "neuron") < 20.0


def test_noa_notebook_renamed_by_the_lms_is_recognised(results):
    noa = results["noa"]
    assert score(noa, "mlp") == 20.0
    assert any(p.startswith("Noa Berg_20417_assignsubmission_file_mlp (1).ipynb: graded ") for p in noa["problems"])
