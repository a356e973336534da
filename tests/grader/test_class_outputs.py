"""Hostile student ids (item 4 of the second hostile round): ids equal to a
class output, ids that differ only by case or Unicode normalisation, and ids
that are formulas under some delimiter.  The real command on a real class."""
from __future__ import annotations

import re
import subprocess
import sys
import unicodedata
from pathlib import Path

import pytest

from grader.intake.student_ids import CLASS_OUTPUTS
from grader.reports.spreadsheet import read_cell, safe_cell, write_csv

ROOT = Path(__file__).resolve().parents[2]
NFC = unicodedata.normalize("NFC", "café")
NFD = unicodedata.normalize("NFD", "café")
FIRST, SECOND = sorted([NFC, NFD])  # the first in sorted order is graded
IDS = ["bob", "index.html", "gradebook.db", "notes", "Gradebook.CSV", "Ann", "ann", NFC, NFD,
       "carol;-1+1", "dave,=2*3", "eve|@SUM(A1)"]


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    base = tmp_path_factory.mktemp("ids")
    subs, out = base / "subs", base / "out"
    for student in IDS:
        (subs / student).mkdir(parents=True)
        (subs / student / "neuron.py").write_bytes((ROOT / "exercises" / "neuron.py").read_bytes())
    run = subprocess.run([sys.executable, "-m", "grader.cli", "grade", str(subs), "--out", str(out),
                          "--only", "neuron", "--quiet"], capture_output=True, text=True, cwd=ROOT, timeout=900)
    return run, out


def test_every_other_student_is_graded_and_every_class_output_written(graded):
    run, out = graded
    assert run.returncode == 0, run.stdout + run.stderr
    for name in ("gradebook.db", "index.html", "gradebook.csv", "gradebook-canvas.csv"):
        assert (out / name).is_file(), name
    assert (out / "notes").is_dir() or not (ROOT / "notes").exists()
    graded_ids = sorted(p.name for p in out.iterdir() if (p / "result.json").is_file())
    assert graded_ids == sorted(["bob", "Ann", FIRST, "carol;-1+1", "dave,=2*3", "eve|@SUM(A1)"])


def test_refused_ids_are_named_with_a_reason_in_the_summary(graded):
    run, _ = graded
    assert "12 submissions found: 6 graded, 0 unchanged and skipped, 6 refused." in run.stdout
    for student in ("index.html", "gradebook.db", "notes", "Gradebook.CSV"):
        assert f"student id {student!r} is refused: it is (or looks like) the name of a class output" in run.stdout
    assert "student id 'ann' is refused: it differs from 'Ann' only by letter case" in run.stdout
    assert f"student id {SECOND!r} is refused: it differs from {FIRST!r} only by letter case or Unicode" in run.stdout


@pytest.mark.parametrize("name", ["gradebook.csv", "gradebook-canvas.csv"])
@pytest.mark.parametrize("delimiter", [",", ";", "\t", "|"])
def test_no_cell_is_a_formula_under_any_delimiter(graded, name, delimiter):
    """Split the raw text as a spreadsheet guessing ``delimiter`` would,
    quotes or not: no piece starts a formula."""
    _, out = graded
    text = (out / name).read_text(encoding="utf-8")
    for line in text.splitlines():
        for piece in line.split(delimiter):
            cell = piece.strip().strip('"').strip()
            assert not re.match(r"[=+\-@\uff1d\uff0b\uff0d\uff20]", cell), (name, delimiter, piece)
    assert '"carol;\'-1+1"' in text  # every field quoted, the id still readable


def test_every_class_output_name_is_reserved():
    from grader.intake.student_ids import reserved_reason
    for name in CLASS_OUTPUTS:
        assert reserved_reason(name) and reserved_reason(name.upper())
    assert reserved_reason("alice") is None


def test_safe_cell_round_trips_for_files_the_grader_reads_back():
    for value in ("carol;-1+1", "=1", "plain", "a, +b", "-x|@y"):
        assert read_cell(safe_cell(value)) == value
    assert write_csv([["a", 1.5]]) == '"a","1.5"\r\n'
