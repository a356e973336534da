"""Points in GitHub Classroom: the released workflow is a valid GitHub
workflow that feeds `grader ci`'s runner result to the classroom-resources
autograding-grading-reporter action, and that result adds up, the way the
reporter adds it, to the same `Points X/Y` the command prints."""
from __future__ import annotations

import pytest
import base64
import json
import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET

import yaml
from dist_helpers import ROOT, grader

from grader.authoring import mutants

pytestmark = pytest.mark.needs_notes  # its tests build a release

REPORTER = "classroom-resources/autograding-grading-reporter@v1"


def check_workflow(path) -> subprocess.CompletedProcess:
    """check-jsonschema against the GitHub workflow schema it ships (vendor.github-workflows)."""
    return subprocess.run([sys.executable, "-m", "check_jsonschema", "--builtin-schema", "vendor.github-workflows",
                           str(path)], capture_output=True, text=True, timeout=120)


def test_released_workflow_is_a_valid_github_workflow(release_dir, tmp_path):
    workflow = release_dir / ".github" / "workflows" / "autograde.yml"
    proc = check_workflow(workflow)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    broken = tmp_path / "broken.yml"   # the check is real: a workflow whose job has no runner fails it
    broken.write_text(workflow.read_text().replace("runs-on: ubuntu-latest", "runs-off: ubuntu-latest"))
    assert check_workflow(broken).returncode != 0


def test_workflow_feeds_the_runner_result_to_the_classroom_reporter(release_dir):
    flow = yaml.safe_load((release_dir / ".github" / "workflows" / "autograde.yml").read_text())
    job = flow["jobs"]["autograde"]
    assert job["name"] == "Autograding Tests"           # the check run the reporter writes the points on
    assert flow["permissions"]["checks"] == "write"
    steps = {s.get("id") or s.get("name"): s for s in job["steps"]}
    runner = next(s for s in job["steps"] if s.get("run", "").startswith("grader ci"))
    reporter = next(s for s in job["steps"] if s.get("uses") == REPORTER)
    runner_id = reporter["with"]["runners"]
    assert runner.get("id") == runner_id and steps[runner_id] is runner
    # the reporter reads process.env[`${runner.toUpperCase()}_RESULTS`]
    assert reporter["env"][f"{runner_id.upper()}_RESULTS"] == "${{ steps.%s.outputs.result }}" % runner_id
    assert "always()" in reporter["if"]                # points are reported when tests fail too


def _decode(output_file):
    lines = [l for l in output_file.read_text().splitlines() if l.startswith("result=")]
    assert len(lines) == 1
    return json.loads(base64.b64decode(lines[0][len("result="):]))


def _reporter_points(result: dict) -> tuple[float, float]:
    """notify-classroom.js: the tests' scores added up, over max_score."""
    return sum(t["score"] for t in result["tests"]), result["max_score"]


def test_ci_runner_result_adds_up_to_the_points_line(student_repo, tmp_path):
    shutil.copy(ROOT / "solutions" / "neuron.py", student_repo)
    mutant = ROOT / "reference" / "mutants" / "perceptron" / "step_strict.mut"
    (student_repo / "perceptron.py").write_text(mutants.source(mutant, ROOT / "solutions"))
    github_output = tmp_path / "github_output"
    github_output.write_text("earlier=1\n")
    proc = grader("ci", "--only", "neuron", "--only", "perceptron", "--junit", "out/junit.xml", cwd=student_repo,
                  env={"GRADER_BUNDLE": str(ROOT), "GITHUB_OUTPUT": str(github_output),
                       "GITHUB_STEP_SUMMARY": str(tmp_path / "summary.md")})
    assert proc.returncode in (0, 1), proc.stdout + proc.stderr
    assert github_output.read_text().startswith("earlier=1\n")     # appended, as Actions expects
    result = _decode(github_output)
    assert result["version"] == 1 and result["status"] in ("pass", "fail")
    assert {t["status"] for t in result["tests"]} <= {"pass", "fail"}
    got, maximum = _reporter_points(result)
    points = re.search(r"^Points ([\d.]+)/([\d.]+)$", proc.stdout, re.M)
    assert maximum == float(points.group(2)) == 35
    assert round(got, 2) == float(points.group(1)) and got > 20  # neuron's 20 and part of perceptron's 15
    assert any(t["name"].startswith("neuron: ") and t["score"] > 0 for t in result["tests"])
    assert (student_repo / "out" / "junit.xml").is_file() and ET.parse(student_repo / "out" / "junit.xml")
    assert "Points" in (tmp_path / "summary.md").read_text()


def test_ci_without_bundle_reports_public_points_and_errors(student_repo, tmp_path):
    out = tmp_path / "out.txt"
    proc = grader("ci", "--only", "dropout", "--classroom-output", out, cwd=student_repo)
    assert proc.returncode == 1
    result = _decode(out)
    got, maximum = _reporter_points(result)
    assert result["status"] == "fail" and got == 0 and maximum == len(result["tests"]) > 0
    assert proc.stdout.strip().splitlines()[-1] == f"Points 0/{maximum:g}"
    failed = tmp_path / "failed.txt"
    proc = grader("ci", "--classroom-output", failed, cwd=tmp_path)   # not a repository: the tests cannot run
    assert proc.returncode == 2 and _decode(failed)["status"] == "error"
