"""`grader validate`: solutions, stubs and the mutant corpus through the real
sandboxed grading path; gaps and weak tests; the quiz step."""
from __future__ import annotations

import json
import sys

from dist_helpers import ROOT, grader

from grader.authoring import mutants
from grader.authoring import validate


def test_dropout_validates_with_weak_tests_reported(tmp_path):
    report = tmp_path / "v.json"
    proc = grader("validate", "--only", "dropout", "--no-quiz", "--jobs", "2", "--json", report)
    data = json.loads(report.read_text())
    counts = data["counts"]
    assert counts["solutions"] == 1 and counts["stubs"] == 1
    assert counts["mutants"] == len(mutants.files(ROOT / "reference" / "mutants" / "dropout"))
    assert data["problems"] == [] and data["gaps"] == [], proc.stdout
    # weak tests fail the command unless --allow-weak (which only changes the verdict)
    assert proc.returncode == (1 if data["weak"] else 0), proc.stdout + proc.stderr
    assert f"{len(data['weak'])} weak tests" in proc.stdout
    rep = validate.Report(weak=data["weak"])
    assert not rep.failed(allow_weak=True) and rep.failed(allow_weak=False) == bool(data["weak"])


def test_gaps_and_wrong_catches_lines_are_reported(tmp_path):
    from grader.course import bundle
    bundle.ensure_importable()
    from reference.hidden import load_suite
    test_name = load_suite("dropout").tests[0].name
    solution = (ROOT / "solutions" / "dropout.py").read_text()
    body = solution.split('"""', 2)[2]
    corpus = tmp_path / "mutants" / "dropout"
    corpus.mkdir(parents=True)
    (corpus / "not_a_mutant.py").write_text(f'"""catches: {test_name}\n\nIdentical to the solution."""{body}')
    (corpus / "stale.mut").write_text("catches: anything\n\n@@@ solution\nno such line\n@@@ mutant\nx\n")
    (corpus / "unknown_test.py").write_text(
        '"""catches: no such test\n\nKeeps dropped units."""' + body.replace("keep = rng.random(X.shape) >= p_drop",
                                                                        "keep = rng.random(X.shape) < p_drop"))
    proc = grader("validate", "--only", "dropout", "--no-quiz", "--allow-weak", "--jobs", "2",
                  "--mutants", tmp_path / "mutants")
    assert proc.returncode == 1
    out = proc.stdout
    assert "GAP mutants/dropout/not_a_mutant.py: no hidden test fails on this mutant" in out
    assert "GAP mutants/dropout/stale.mut no longer applies to solutions/dropout.py" in out
    assert f"GAP mutants/dropout/not_a_mutant.py: the test it names, {test_name!r}, does not fail" in out
    assert "GAP mutants/dropout/unknown_test.py: names 'no such test', which is not a hidden test" in out
    assert "validate: FAILED" in out


def test_mutant_catches_line():
    assert validate.mutant_catches('"""catches: softmax: rows sum to 1\n\nMore."""\nx = 1\n') == \
        "softmax: rows sum to 1"
    assert validate.mutant_catches('"""A mutant."""\n') is None


def test_quiz_step_skips_clearly_without_the_quiz_package(monkeypatch):
    monkeypatch.setitem(sys.modules, "grader.quiz", None)
    problems, notes, count = validate.validate_quiz()
    assert problems == [] and count == 0 and "quiz bank not found" in notes[0]


def test_quiz_bank_renders_and_its_keys_are_consistent():
    problems, notes, count = validate.validate_quiz()
    assert problems == []
    assert count > 0 or "quiz bank not found" in notes[0]
