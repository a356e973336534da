"""`grader ci` in a student's repository laid out like the release: public
tests always, hidden suites with the grading bundle; JUnit, Markdown summary,
results.json, `Points X/Y`, the exit code."""
from __future__ import annotations

import pytest
import json
import shutil
import xml.etree.ElementTree as ET

from dist_helpers import ROOT, grader

from grader.authoring import mutants

pytestmark = pytest.mark.needs_notes  # its tests build a release


def test_stubs_fail_public_tests_without_a_bundle(student_repo):
    proc = grader("ci", "--only", "dropout", "--results", "r.json", cwd=student_repo)
    assert proc.returncode == 1, proc.stdout + proc.stderr
    result = json.loads((student_repo / "r.json").read_text())
    total = result["public"]["total"]
    assert total > 0 and proc.stdout.strip().splitlines()[-1] == f"Points 0/{total}"
    assert result["hidden"] is None and "hidden tests not run" in proc.stdout


def test_hidden_suites_run_with_the_bundle(student_repo, tmp_path):
    shutil.copy(ROOT / "solutions" / "neuron.py", student_repo)
    mutant = ROOT / "reference" / "mutants" / "perceptron" / "step_strict.mut"
    (student_repo / "perceptron.py").write_text(mutants.source(mutant, ROOT / "solutions"))
    summary = tmp_path / "step_summary.md"
    summary.write_text("earlier step\n")
    proc = grader("ci", "--only", "neuron", "--only", "perceptron", "--junit", "out/junit.xml",
                  "--results", "out/results.json", cwd=student_repo,
                  env={"GRADER_BUNDLE": str(ROOT), "GITHUB_STEP_SUMMARY": str(summary)})
    assert proc.returncode == 1, proc.stdout + proc.stderr  # the mutant fails hidden tests
    result = json.loads((student_repo / "out" / "results.json").read_text())
    hidden = {ex["name"]: ex for ex in result["hidden"]["exercises"]}
    assert hidden["neuron"]["score"] == hidden["neuron"]["max_score"] == 20
    assert 0 < hidden["perceptron"]["score"] < hidden["perceptron"]["max_score"]
    assert f"Points {result['points']:g}/35" in proc.stdout and result["points_from"] == "hidden"
    for ex in result["hidden"]["exercises"]:  # the student's view: hidden tests keep their secrets
        for t in ex["tests"]:
            assert "details" not in t
            if t["visibility"] == "hidden":
                assert "expected:" not in t["feedback"] and "input:" not in t["feedback"]
    root = ET.parse(student_repo / "out" / "junit.xml").getroot()
    suites = {s.get("name"): s for s in root.findall("testsuite")}
    assert set(suites) == {"public: neuron", "public: perceptron", "hidden: neuron", "hidden: perceptron"}
    assert int(suites["hidden: perceptron"].get("failures")) > 0
    assert int(root.get("tests")) == sum(int(s.get("tests")) for s in suites.values())
    text = summary.read_text()
    assert text.startswith("earlier step\n") and f"Points {result['points']:g}/35" in text
    assert "| perceptron |" in text and "(hidden)" in text


def test_ci_outside_a_repository_says_so(tmp_path):
    proc = grader("ci", cwd=tmp_path)
    assert proc.returncode == 2
    assert "no exercise files with public tests" in proc.stderr


def test_packaged_default_course_matches_the_project(wheel, tmp_path):
    """grader/publish/distribution/course.toml (used where no course.toml is given),
    written into the release's wheel, keeps the project's exercises, points and
    sandbox limits."""
    import zipfile

    from grader.course import config
    with zipfile.ZipFile(wheel) as zf:
        (tmp_path / "course.toml").write_bytes(zf.read("grader/publish/distribution/course.toml"))
    packaged = config.load(tmp_path / "course.toml")
    project = config.load(ROOT / "course.toml")
    assert packaged.points == project.points
    assert all(packaged.limits_for(e) == project.limits_for(e) for e in project.exercises)
