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
