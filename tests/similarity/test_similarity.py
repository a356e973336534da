"""`grader similarity` on a class built from real code: a copy of the model
solutions disguised by renaming and reordering is flagged, three correct
solutions written independently (tests/similarity/independent) are not,
students who handed in the untouched stub are not, the numbers are
copydetect's own, and the HTML shows flagged pairs side by side, highlighted,
with the students' code as text."""
from __future__ import annotations

import ast
import csv
import importlib.util
import itertools
import shutil
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from copydetect import compare_files

from grader.similarity import compare

ROOT = Path(__file__).resolve().parents[2]
INDEPENDENT = Path(__file__).parent / "independent"
sys.path.insert(0, str(ROOT / "bench"))
from disguise import disguise  # noqa: E402

EXERCISES = ("neuron", "dropout")
HONEST = ("sol", "kim", "lea", "max")
SCRIPT = '# </pre><script>alert("x")</script><mark>not ours</mark>\n'


@pytest.fixture(scope="module")
def checked(tmp_path_factory):
    base = tmp_path_factory.mktemp("similarity")
    subs = base / "subs"
    for student in ("sol", "copycat", "kim", "lea", "max", "stub1", "stub2", "hostile"):
        (subs / student).mkdir(parents=True)
    for seed, name in enumerate(EXERCISES):
        solution = (ROOT / "solutions" / f"{name}.py").read_text()
        (subs / "sol" / f"{name}.py").write_text(solution)
        (subs / "copycat" / f"{name}.py").write_text(disguise(solution, seed + 7))
        for student in ("kim", "lea", "max"):
            shutil.copy(INDEPENDENT / student / f"{name}.py", subs / student)
    for student in ("stub1", "stub2"):
        shutil.copy(ROOT / "exercises" / "dropout.py", subs / student)
    (subs / "hostile" / "neuron.py").write_text(SCRIPT + (INDEPENDENT / "kim" / "neuron.py").read_text())
    out = base / "out"
    proc = subprocess.run([sys.executable, "-m", "grader.cli", "similarity", str(subs), "--out", str(out)],
                          capture_output=True, text=True, cwd=ROOT, timeout=600)
    assert proc.returncode == 0, proc.stderr
    rows = list(csv.DictReader((out / "similarity.csv").open(encoding="utf-8")))
    return {"subs": subs, "out": out, "rows": rows, "stdout": proc.stdout,
            "pairs": {(r["exercise"], frozenset((r["student_a"], r["student_b"]))): r for r in rows}}


def pair(checked, exercise, a, b):
    return checked["pairs"][(exercise, frozenset((a, b)))]


def top_level_functions(source: str) -> list[str]:
    return [n.name for n in ast.parse(source).body if isinstance(n, ast.FunctionDef)]


def local_names(source: str) -> set[str]:
    """Names assigned to, other than the parameters (which the API fixes)."""
    tree = ast.parse(source)
    params = {a.arg for f in ast.walk(tree) if isinstance(f, ast.FunctionDef) for a in f.args.args}
    return {n.id for n in ast.walk(tree) if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Store)} - params


@pytest.mark.parametrize("exercise", EXERCISES)
def test_a_copy_disguised_by_renaming_and_reordering_is_flagged(checked, exercise):
    original = (checked["subs"] / "sol" / f"{exercise}.py").read_text()
    copy = (checked["subs"] / "copycat" / f"{exercise}.py").read_text()
    # really disguised: other order, other local names, no line of code left as it was
    assert top_level_functions(copy) != top_level_functions(original)
    assert set(top_level_functions(copy)) != set(top_level_functions(original))  # helpers renamed
    assert local_names(original) and not local_names(original) & local_names(copy)
    row = pair(checked, exercise, "sol", "copycat")
    assert row["flagged"] == "yes" and float(row["similarity"]) >= 0.75


@pytest.mark.parametrize("exercise", EXERCISES)
def test_independent_correct_solutions_are_not_flagged(checked, exercise):
    for a, b in itertools.combinations(HONEST, 2):
        row = pair(checked, exercise, a, b)
        assert row["flagged"] == "no" and float(row["similarity"]) < compare.DEFAULT_THRESHOLD, row


@pytest.mark.parametrize("student", ["kim", "lea", "max"])
def test_the_independent_solutions_are_correct(student):
    """They must be real, working answers, or the test above proves nothing."""
    def load(path, name):
        spec = importlib.util.spec_from_file_location(name, path)
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        return module

    neuron = load(INDEPENDENT / student / "neuron.py", f"{student}_neuron")
    dropout = load(INDEPENDENT / student / "dropout.py", f"{student}_dropout")
    ref_n = load(ROOT / "solutions" / "neuron.py", "ref_neuron")
    ref_d = load(ROOT / "solutions" / "dropout.py", "ref_dropout")
    z = np.array([[-1000.0, -2.5, 0.0, 3.0, 1000.0], [1.0, 2.0, 3.0, 4.0, 5.0]])
    with np.errstate(over="raise", invalid="raise", divide="raise"):  # stable, as the notes ask
        for name in ("sigmoid", "relu"):
            np.testing.assert_allclose(getattr(neuron, name)(z), getattr(ref_n, name)(z))
        np.testing.assert_allclose(neuron.softmax(z, axis=0), ref_n.softmax(z, axis=0))
    y, p = np.array([0.0, 1.0, 1.0, 0.0]), np.array([0.1, 0.8, 1.0, 0.0])
    for name in ("mse", "binary_cross_entropy"):
        assert getattr(neuron, name)(y, p) == pytest.approx(getattr(ref_n, name)(y, p))
    X = np.arange(12.0).reshape(3, 4)
    for p_drop in (0.0, 0.3, 1.0):
        got = dropout.dropout_forward(X, p_drop, True, np.random.default_rng(3))
        want = ref_d.dropout_forward(X, p_drop, True, np.random.default_rng(3))
        np.testing.assert_allclose(got[0], want[0])
        np.testing.assert_allclose(got[1], want[1])
    np.testing.assert_allclose(dropout.dropout_backward(X, X), ref_d.dropout_backward(X, X))
    for losses, patience in [([3, 2, 1, 2, 3, 4, 5], 2), ([1, 1, 1], 1), ([5, 4, 3], 3), ([1, 2, 1, 0.5, 3, 3], 2)]:
        assert tuple(dropout.early_stopping(losses, patience)) == tuple(ref_d.early_stopping(losses, patience))


def test_the_untouched_stub_is_boilerplate(checked):
    row = pair(checked, "dropout", "stub1", "stub2")
    assert float(row["similarity"]) == 0.0 and row["flagged"] == "no"


def test_csv_has_every_pair_once(checked):
    header = (checked["out"] / "similarity.csv").read_text().splitlines()[0]
    assert header == "exercise,student_a,student_b,similarity,flagged"
    submitted = {"neuron": 6, "dropout": 7}  # stubs only hand in dropout; hostile only neuron
    for exercise, n in submitted.items():
        rows = [r for r in checked["rows"] if r["exercise"] == exercise]
        assert len(rows) == n * (n - 1) // 2
        assert len({frozenset((r["student_a"], r["student_b"])) for r in rows}) == len(rows)
    assert {r["exercise"] for r in checked["rows"]} == set(EXERCISES)
    flagged = {(r["exercise"], r["student_a"], r["student_b"]) for r in checked["rows"] if r["flagged"] == "yes"}
    assert flagged == {("neuron", "copycat", "sol"), ("dropout", "copycat", "sol"), ("neuron", "hostile", "kim")}


def test_numbers_are_copydetects(checked):
    """The all-pairs computation gives what copydetect.compare_files gives, pair by pair."""
    subs = sorted(p.name for p in checked["subs"].iterdir())
    for exercise in EXERCISES:
        common = compare.boilerplate(exercise)
        full = {s: compare.fingerprint(s, exercise, (checked["subs"] / s / f"{exercise}.py").read_text(), common)
                for s in subs if (checked["subs"] / s / f"{exercise}.py").is_file()}
        fast = compare.compare_exercise(exercise, {s: compare.Prints.of(f) for s, f in full.items()}, 0.6)
        assert len(fast) == len(full) * (len(full) - 1) // 2
        for p in fast:
            _, (share_a, share_b), _ = compare_files(full[p.student_a], full[p.student_b])
            assert p.share_a == pytest.approx(share_a, abs=1e-4) and p.share_b == pytest.approx(share_b, abs=1e-4)


def test_report_shows_flagged_pairs_side_by_side_in_a_browser(checked, browser):
    from selenium.webdriver.common.by import By
    browser.get((checked["out"] / "similarity.html").as_uri())
    assert browser.execute_script("return document.querySelectorAll('script').length") == 0
    meaning = browser.find_element(By.ID, "meaning")
    assert meaning.is_displayed() and "not a verdict" in meaning.text
    shown = browser.find_elements(By.CSS_SELECTOR, ".flagged-pair")
    assert {(p.get_attribute("data-exercise"), p.get_attribute("data-a"), p.get_attribute("data-b")) for p in shown} \
        == {("neuron", "copycat", "sol"), ("dropout", "copycat", "sol"), ("neuron", "hostile", "kim")}
    copy = next(p for p in shown if p.get_attribute("data-exercise") == "dropout")
    left, right = copy.find_element(By.CSS_SELECTOR, "pre.code-a"), copy.find_element(By.CSS_SELECTOR, "pre.code-b")
    assert left.is_displayed() and right.is_displayed()
    assert left.location["x"] < right.location["x"] and left.location["y"] == right.location["y"]  # side by side
    for side in (left, right):
        marks = side.find_elements(By.TAG_NAME, "mark")
        assert marks and sum(len(m.text) for m in marks) > 0.5 * len(side.text)
    hostile = next(p for p in shown if p.get_attribute("data-a") == "hostile")
    code = hostile.find_element(By.CSS_SELECTOR, "pre.code-a")
    assert '<script>alert("x")</script><mark>not ours</mark>' in code.text  # text, not markup
    assert all(m.text != "not ours" for m in code.find_elements(By.TAG_NAME, "mark"))


def test_a_notebook_is_compared_as_the_grader_extracts_it(tmp_path):
    """A copy handed in as a notebook (code split over cells, an install and an
    experiment added) is compared on the code the grader would grade."""
    import nbformat

    from grader.course.config import load
    subs = tmp_path / "subs"
    (subs / "kim").mkdir(parents=True)
    (subs / "nina").mkdir()
    source = (INDEPENDENT / "kim" / "dropout.py").read_text()
    shutil.copy(INDEPENDENT / "kim" / "dropout.py", subs / "kim")
    parts = source.split("\n\n\n")
    cells = [nbformat.v4.new_code_cell("!pip install numpy"), nbformat.v4.new_markdown_cell("# Dropout")]
    cells += [nbformat.v4.new_code_cell(part) for part in parts]
    cells.append(nbformat.v4.new_code_cell("X = np.ones((2, 3))\nfor p in (0.1, 0.5):\n    print(dropout_forward(X, p))"))
    notebook = nbformat.v4.new_notebook(cells=cells)
    nbformat.write(notebook, subs / "nina" / "dropout.ipynb")

    found = compare.compare_class(subs, load().exercises, jobs=1)
    assert "pip install" not in found.sources["dropout"]["nina"]
    assert "def early_stopping" in found.sources["dropout"]["nina"]
    (row,) = [p for p in found.pairs if p.exercise == "dropout"]
    assert row.flagged and row.similarity > 0.9
