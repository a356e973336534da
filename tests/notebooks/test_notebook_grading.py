"""`grader grade` on notebook submissions, through the real command line:
a clean notebook scores like the .py, a broken cell costs only its
function and is named, an LMS-renamed notebook in a zip is recognised by
its metadata, a folder with both files grades the one with the work, and
what was extracted is stored with the attempt."""
import ast
import json
import sqlite3
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def cells_of(path: Path) -> list[str]:
    """A Python file as a student pastes it into a notebook: one cell per top-level statement."""
    source = path.read_text()
    return [ast.get_source_segment(source, node) for node in ast.parse(source).body]


@pytest.fixture(scope="module")
def graded(tmp_path_factory, make_notebook):
    notebook_bytes = make_notebook
    base = tmp_path_factory.mktemp("notebooks")
    subs = base / "submissions"
    solution = cells_of(ROOT / "solutions" / "neuron.py")
    (subs / "clean").mkdir(parents=True)
    (subs / "clean" / "neuron.ipynb").write_bytes(notebook_bytes(solution))
    broken = list(solution)
    at = next(i for i, c in enumerate(broken) if c.startswith("def relu("))
    broken[at] = broken[at].replace("def relu(z):", "def relu(z)", 1)
    (subs / "broken").mkdir()
    (subs / "broken" / "neuron.ipynb").write_bytes(notebook_bytes(broken))
    messy = ["!pip install numpy", *solution, "for z in range(3):\n    print(sigmoid(z))",
             "table = softmax([[1.0, 2.0]])\nprint(table)"]
    with zipfile.ZipFile(subs / "renamed.zip", "w") as zf:
        zf.writestr("renamed_12345_neuron-attempt2.ipynb",
                    notebook_bytes(messy, metadata={"grader": {"exercise": "neuron"}}))
    (subs / "both").mkdir()
    (subs / "both" / "neuron.py").write_bytes((ROOT / "exercises" / "neuron.py").read_bytes())
    (subs / "both" / "neuron.ipynb").write_bytes(notebook_bytes(solution))
    out = base / "out"
    proc = subprocess.run([sys.executable, "-m", "grader.cli", "grade", str(subs), "--out", str(out),
                           "--only", "neuron", "--jobs", "2", "--quiet"], capture_output=True, text=True,
                          cwd=ROOT, timeout=900)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    return {"out": out, "relu_cell": at + 1}


def result(graded, student):
    return json.loads((graded["out"] / student / "result.json").read_text())


def neuron(r):
    return next(ex for ex in r["exercises"] if ex["name"] == "neuron")


@pytest.mark.parametrize("student", ["clean", "renamed", "both"])
def test_correct_notebooks_score_full_marks(graded, student):
    ex = neuron(result(graded, student))
    assert ex["score"] == ex["max_score"] > 0, [(t["name"], t["feedback"]) for t in ex["tests"]
                                               if t["status"] != "passed"]


def test_a_broken_cell_costs_only_its_function_and_is_named(graded):
    r = result(graded, "broken")
    cell = graded["relu_cell"]
    assert f"neuron.ipynb, cell {cell}: SyntaxError: expected ':' (line 1); the other cells were graded" \
        in r["problems"]
    tests = neuron(r)["tests"]
    failing = [t for t in tests if t["status"] != "passed"]
    # relu's own tests, and neuron_output's (its activation table refers to relu, so the
    # table is not graded either: the problems say so)
    assert failing and all("relu" in t["name"] or "neuron_output" in t["name"] for t in failing), \
        [t["name"] for t in failing]
    assert sum(t["status"] == "passed" for t in tests) > len(tests) / 2
    assert any(t["status"] == "passed" and "sigmoid" in t["name"] for t in tests)
    assert any("neuron_output is in cell" in t["feedback"] and "of neuron.ipynb" in t["feedback"]
               for t in failing if "neuron_output" in t["name"])
    assert 0 < neuron(r)["score"] < neuron(r)["max_score"]
    report = (graded["out"] / "broken" / "report.md").read_text()
    assert f"cell {cell}: SyntaxError" in report


def test_reports_say_which_file_and_cells_were_graded(graded):
    both = result(graded, "both")["problems"]
    assert any(p.startswith("neuron: both neuron.py and neuron.ipynb; graded neuron.ipynb") for p in both)
    renamed = result(graded, "renamed")["problems"]
    graded_line = next(p for p in renamed if p.startswith("renamed_12345_neuron-attempt2.ipynb: graded "))
    assert "weighted_sum (cell 7)" in graded_line, graded_line  # cell 1 is !pip, then the solution's cells


def test_what_was_extracted_is_stored_with_the_attempt(graded):
    db = sqlite3.connect(graded["out"] / "gradebook.db")
    records = {s: json.loads(r) for s, r in db.execute("SELECT student, record FROM attempts WHERE current = 1")}
    extracted = records["renamed"]["extracted"]["neuron"]
    assert extracted["source"] == "renamed_12345_neuron-attempt2.ipynb" and extracted["exercise"] == "neuron"
    assert "def softmax(" in extracted["code"] and "print(" not in extracted["code"]
    assert "pip install" not in extracted["code"]
    assert any("table = softmax(...) not graded" in d for d in extracted["dropped"])
    assert extracted["functions"]["sigmoid"] >= 2
    assert records["broken"]["extracted"]["neuron"]["skipped"]
    shown = (graded["out"] / "renamed" / "graded" / "neuron.py").read_text()
    assert shown == extracted["code"]  # beside the report, what exactly was graded
    assert not (graded["out"] / "renamed" / "graded" / "perceptron.py").exists()
