"""`grader check`: a student's public tests, explained, in their own folder."""
import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def student_folder(tmp_path: Path, source: str, names=("neuron", "perceptron")) -> Path:
    folder = tmp_path / source
    (folder / "tests").mkdir(parents=True)
    for name in names:
        shutil.copy(ROOT / source / f"{name}.py", folder)
        shutil.copy(ROOT / "exercises" / "tests" / f"test_{name}.py", folder / "tests")
    shutil.copy(ROOT / "exercises" / "tests" / "conftest.py", folder / "tests")
    return folder


def check(folder: Path, *args):
    env = dict(os.environ, PYTHONPATH=str(ROOT))  # this checkout's grader, whatever is installed
    return subprocess.run([sys.executable, "-m", "grader.cli", "check", *args], cwd=folder,
                          capture_output=True, text=True, timeout=300,
                          env=dict(os.environ, PYTHONPATH=str(ROOT)))  # this checkout's grader


def test_check_passes_on_correct_code(tmp_path):
    proc = check(student_folder(tmp_path, "solutions"))
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "neuron:" in proc.stdout and "perceptron:" in proc.stdout
    assert "All public tests pass" in proc.stdout


def test_check_explains_stubs(tmp_path):
    proc = check(student_folder(tmp_path, "exercises"), "neuron")
    assert proc.returncode == 1
    assert "perceptron:" not in proc.stdout  # only what was asked for
    assert "not implemented" in proc.stdout
    assert "✘" in proc.stdout


def test_check_in_an_empty_folder_says_what_is_missing(tmp_path):
    proc = check(tmp_path)
    assert proc.returncode == 2
    assert "No exercise files with public tests found here" in proc.stderr


def notebook_of(notebook_bytes, path: Path, **metadata) -> bytes:
    """A student's notebook: one cell per top-level statement of ``path``,
    with a print and a Colab install line added, as students leave them."""
    import ast

    source = path.read_text()
    cells = ["!pip install numpy"] + [ast.get_source_segment(source, n) for n in ast.parse(source).body]
    return notebook_bytes(cells + ["print(sigmoid(0.0))"], metadata=metadata)


def test_check_runs_the_public_tests_on_a_notebook(tmp_path, make_notebook):
    folder = student_folder(tmp_path, "solutions", names=("neuron",))
    (folder / "neuron.py").unlink()
    (folder / "neuron.ipynb").write_bytes(notebook_of(make_notebook, ROOT / "solutions" / "neuron.py"))
    for args in ((), ("neuron",)):
        proc = check(folder, *args)
        assert proc.returncode == 0, proc.stdout + proc.stderr
        assert "neuron: 15/15 public tests pass" in proc.stdout
        assert "neuron.ipynb: graded " in proc.stdout and "weighted_sum (cell 7)" in proc.stdout


def test_check_finds_a_renamed_notebook_and_reports_its_stubs(tmp_path, make_notebook):
    folder = student_folder(tmp_path, "exercises", names=("neuron",))
    (folder / "neuron.py").unlink()
    (folder / "my neuron (2).ipynb").write_bytes(notebook_of(make_notebook, ROOT / "exercises" / "neuron.py",
                                                             grader={"exercise": "neuron"}))
    proc = check(folder, "neuron")
    assert proc.returncode == 1
    assert "not implemented" in proc.stdout and "my neuron (2).ipynb: graded" in proc.stdout


def test_check_of_an_exercise_with_neither_file_fails(tmp_path):
    folder = student_folder(tmp_path, "solutions", names=("neuron", "perceptron"))
    (folder / "perceptron.py").unlink()
    proc = check(folder, "perceptron")
    assert proc.returncode != 0
    assert "perceptron: neither perceptron.py nor perceptron.ipynb is here" in proc.stdout
    assert "All public tests pass" not in proc.stdout
    proc = check(folder, "neuron", "perceptron")
    assert proc.returncode != 0 and "neuron: 15/15 public tests pass" in proc.stdout
