"""`grader gradescope-bundle`: a real zip, unpacked the way Gradescope does,
`run_autograder` run with AUTOGRADER_ROOT and the venv's `grader` on PATH."""
from __future__ import annotations

import json
import os
import shutil
import stat
import subprocess
import zipfile
from pathlib import Path

import pytest
from dist_helpers import ROOT, VENV_BIN, clean_env, grader

from grader.publish.gradescope import trusted_time
from grader.intake.submissions import Submission

pytestmark = pytest.mark.needs_notes  # its tests build a release

ONLY = ["neuron", "perceptron"]


def test_autograder_zip_grades_a_submission(tmp_path, wheel):
    zip_path = tmp_path / "autograder.zip"
    proc = grader("gradescope-bundle", zip_path, "--only", "neuron", "--only", "perceptron", "--wheel", wheel)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    with zipfile.ZipFile(zip_path) as zf:
        infos = {i.filename: i for i in zf.infolist()}
    for name in ("setup.sh", "run_autograder"):
        assert stat.S_IMODE(infos[name].external_attr >> 16) & 0o111, name
    assert wheel.name in infos and "course.toml" in infos and "reference/hidden/neuron.py" in infos
    assert not any("/mutants/" in n or n.startswith("solutions/") for n in infos)

    # Gradescope: the zip in /autograder/source, run_autograder copied to /autograder
    root = tmp_path / "autograder"
    source = root / "source"
    with zipfile.ZipFile(zip_path) as zf:
        zf.extractall(source)
    for name in ("setup.sh", "run_autograder"):  # extractall drops the modes
        os.chmod(source / name, 0o755)
    shutil.copy(source / "run_autograder", root / "run_autograder")
    (root / "submission").mkdir()
    for name in ONLY:
        shutil.copy(ROOT / "solutions" / f"{name}.py", root / "submission")
    (root / "submission_metadata.json").write_text(json.dumps({
        "created_at": "2026-11-20T10:00:00.000000-08:00", "id": 1,
        "users": [{"email": "ada@example.edu", "name": "Ada", "sid": "ada"}]}))
    env = clean_env(AUTOGRADER_ROOT=str(root), PATH=f"{VENV_BIN}:/usr/bin:/bin")
    run = subprocess.run([str(root / "run_autograder")], env=env, cwd=root, capture_output=True, text=True,
                         timeout=600)
    assert run.returncode == 0, run.stdout + run.stderr
    results = json.loads((root / "results" / "results.json").read_text())
    assert results["score"] == 35.0  # neuron 20 + perceptron 15
    assert {t["tags"][0] for t in results["tests"]} == set(ONLY)
    assert all(t["status"] == "passed" for t in results["tests"])
    assert sum(t["max_score"] for t in results["tests"]) == pytest.approx(35.0)
    assert results["tests"][0]["number"] == "1.1" and "on time" in results["output"]


def test_submission_time_comes_from_gradescope_only():
    sub = Submission("ada", Path("."), files={"neuron.py": b"", "timestamp.txt": b"2020-01-01T00:00:00Z",
                                               "exercises/submission_metadata.json": b'{"created_at": "2020-01-01"}'})
    trusted_time(sub, json.dumps({"created_at": "2026-11-25T08:00:00+00:00"}).encode())
    assert sub.submitted_at.isoformat() == "2026-11-25T08:00:00+00:00"
    assert set(sub.files) == {"neuron.py"} and "ignored" in sub.problems[0]
    trusted_time(sub, None)
    assert sub.submitted_at is None


def test_a_grader_failure_still_writes_results(tmp_path):
    root = tmp_path / "autograder"
    (root / "submission").mkdir(parents=True)
    proc = grader("gradescope-run", "--root", root, "--config", tmp_path / "missing.toml")
    assert proc.returncode == 1
    results = json.loads((root / "results" / "results.json").read_text())
    assert results["score"] == 0.0 and "could not grade" in results["output"]
