"""The course as shipped passes its own pre-release check: the solutions
score full marks, the stubs zero, every mutant fails the test it names,
every hidden test fails on some mutant, and the quiz bank is consistent."""
import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_grader_validate_passes_on_the_whole_course(tmp_path):
    report = tmp_path / "validate.json"
    proc = subprocess.run([sys.executable, "-m", "grader.cli", "validate", "--jobs", "2", "--json", str(report)],
                          cwd=ROOT, capture_output=True, text=True, timeout=1500)
    data = json.loads(report.read_text())
    assert data["problems"] == [] and data["gaps"] == [] and data["weak"] == [], proc.stdout[-3000:]
    assert data["counts"]["mutants"] >= 100
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-2000:]
