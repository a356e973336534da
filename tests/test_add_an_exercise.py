"""Adding an exercise (docs/authoring.md) touches only the exercise's own
files and one course.toml entry: the worked example of
docs/example-exercise/ (a computational graph, notes 001 "1.5 Computational
graphs") is added to a copy of the course, which is then validated, graded
and released through the real command line run in the copy (the course
folder is the current folder; the grader is this checkout's)."""
from __future__ import annotations

import csv
import hashlib
import json
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from grader.authoring import mutants
from grader.course import config

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "docs" / "example-exercise"
ENTRY = "course-entry.toml"  # the [exercises.<name>] table to append to course.toml
NAME = "comp_graph"


def files(folder: Path) -> dict[str, str]:
    """Every file under ``folder`` (relative posix path -> sha256)."""
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in folder.rglob("*") if p.is_file() and "__pycache__" not in p.parts}


def run(course: Path, *args, timeout=600):
    env = dict(os.environ, PYTHONPATH=str(ROOT), GRADER_CACHE=str(course.parent / "cache"))
    env.pop("GRADER_BUNDLE", None)
    return subprocess.run([sys.executable, "-m", "grader.cli", *map(str, args)], cwd=course, env=env,
                          capture_output=True, text=True, timeout=timeout)


@pytest.fixture(scope="module")
def course(tmp_path_factory) -> Path:
    """A copy of the course with the example exercise added as its seventh."""
    copy = tmp_path_factory.mktemp("added") / "course"
    for folder in ("exercises", "solutions", "reference"):
        shutil.copytree(ROOT / folder, copy / folder, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "course.toml", copy)
    (copy / "examples").mkdir()
    shutil.copy(ROOT / "examples" / "extensions.csv", copy / "examples")
    before = files(copy)

    own = sorted(rel for rel in files(EXAMPLE) if rel != ENTRY)
    for rel in own:
        (copy / rel).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(EXAMPLE / rel, copy / rel)
    with (copy / "course.toml").open("a", encoding="utf-8") as fh:
        fh.write("\n" + (EXAMPLE / ENTRY).read_text(encoding="utf-8"))

    after = files(copy)
    touched = sorted(rel for rel in after if before.get(rel) != after[rel])
    assert touched == sorted(own + ["course.toml"])
    assert all(NAME in rel for rel in own), own  # the exercise's own files, each named after it
    assert (copy / "course.toml").read_text(encoding="utf-8").startswith((ROOT / "course.toml").read_text(
        encoding="utf-8"))  # course.toml: one entry appended, nothing else changed
    assert config.load(copy / "course.toml").exercises[-1] == NAME
    return copy


def test_validate_passes_on_the_new_exercise(course):
    proc = run(course, "validate", "--only", NAME, "--jobs", "2", "--no-quiz")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "grading 1 solutions, 1 stubs and 2 mutants of comp_graph" in proc.stdout
    assert "validate: OK: 0 problems, 0 gaps, 0 weak tests" in proc.stdout


def test_grade_scores_the_new_exercise(course, tmp_path):
    subs = tmp_path / "submissions"
    (subs / "model").mkdir(parents=True)
    (subs / "slip").mkdir()
    shutil.copy(course / "solutions" / f"{NAME}.py", subs / "model")
    mutant = course / "reference" / "mutants" / NAME / "backward_c_sign.mut"
    (subs / "slip" / f"{NAME}.py").write_text(mutants.source(mutant, course / "solutions"), encoding="utf-8")
    out = tmp_path / "out"
    proc = run(course, "grade", subs, "--out", out, "--only", NAME, "--quiet")
    assert proc.returncode == 0, proc.stdout + proc.stderr

    model = json.loads((out / "model" / "result.json").read_text(encoding="utf-8"))
    assert [(ex["name"], ex["score"], ex["max_score"]) for ex in model["exercises"]] == [(NAME, 10.0, 10.0)]
    slip = json.loads((out / "slip" / "result.json").read_text(encoding="utf-8"))
    [failed] = [t for t in slip["exercises"][0]["tests"] if t["status"] != "passed"]
    assert failed["name"] == "graph_backward: the chain rule for any a, b, c"
    assert "the gradient reaching c changes sign" in failed["feedback"]  # the known mistake's hint
    assert 0 < slip["score"] < 10
    with (out / "gradebook.csv").open(newline="", encoding="utf-8") as fh:
        assert NAME in next(csv.reader(fh))
    assert "1.5 Computational graphs" in (out / "model" / "report.html").read_text(encoding="utf-8")


@pytest.mark.needs_notes
def test_release_ships_the_new_exercise(course):
    proc = run(course, "release", "release")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "Leak check passed" in proc.stdout
    release = course / "release"
    assert (release / f"{NAME}.py").read_bytes() == (course / "exercises" / f"{NAME}.py").read_bytes()
    assert (release / "tests" / f"test_{NAME}.py").is_file()
    assert f"| {NAME} | `{NAME}.py` or `{NAME}.ipynb` | 10 |" in (release / "README.md").read_text(encoding="utf-8")
    assert (release / f"{NAME}.ipynb").is_file()  # the notebook of the new exercise, from its stub
    [wheel] = (release / ".grader").glob("*.whl")
    with zipfile.ZipFile(wheel) as zf:  # the course configuration students run with
        (course / "packaged.toml").write_bytes(zf.read("grader/publish/distribution/course.toml"))
    packaged = config.load(course / "packaged.toml")
    assert packaged.exercises[-1] == NAME and packaged.points[NAME] == 10
