"""Realistic LMS downloads, built the way each LMS names things, for the
collect/grade/export round trips.  Every download has names with spaces,
accents and apostrophes, operating-system litter (``__MACOSX/``,
``.DS_Store``), a nested zip, a notebook, a file that matches nobody and a
roster student who submitted nothing."""
from __future__ import annotations

import csv
import io
import subprocess
import sys
import zipfile
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parents[2]
GRADER = [sys.executable, "-m", "grader.cli"]

SOLUTION = (ROOT / "solutions" / "neuron.py").read_bytes()
STUB = (ROOT / "exercises" / "neuron.py").read_bytes()
# the model solution saved under another name: recognised by the functions it defines
RENAMED = b"# my homework, final version\n" + SOLUTION

ROSTER_COLUMNS = ["student_id", "name", "email", "canvas_id", "moodle_id", "blackboard_username", "github",
                  "gradescope_sid", "section", "token"]
# (student_id, name, email, canvas, moodle, blackboard, github, gradescope sid, section)
CLASS = [
    ("s001", "Seán O'Brien", "sean.obrien@example.edu", "12345", "101", "sobrien", "seanob", "1001", "A"),
    ("s002", "José García", "jose.garcia@example.edu", "23456", "102", "jgarcia", "JGarcia", "1002", "A"),
    ("s003", "Jane Doe", "jane.doe@example.edu", "34567", "103", "jdoe", "janedoe", "1003", "B"),
    ("s004", "Lin Lee", "lin.lee@example.edu", "45678", "104", "llee", "linlee", "1004", "B"),
    ("s005", "Zoë D'Arcy", "zoe.darcy@example.edu", "56789", "105", "zdarcy", "zoed", "1005", "B"),  # submits nothing
]


def write_roster(path: Path, rows=CLASS) -> Path:
    with path.open("w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(ROSTER_COLUMNS)
        for i, row in enumerate(rows):
            w.writerow([*row, f"token-{i:04d}"])  # the quiz server's column, in the same file
    return path


def notebook(source: bytes, exercise: str | None = "neuron") -> bytes:
    """A notebook as Jupyter saves one: a markdown cell, the code, a cell that runs it;
    the exercise named in its metadata as the release's notebooks do."""
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_markdown_cell("# Week 1: the neuron"),
                nbformat.v4.new_code_cell("%matplotlib inline\n" + source.decode()),
                nbformat.v4.new_code_cell("print(sigmoid(0.0))")]
    for i, cell in enumerate(nb.cells):
        cell.id = f"cell-{i}"  # fixed, so the same download is the same bytes
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    if exercise:
        nb.metadata["grader"] = {"exercise": exercise}
    return nbformat.writes(nb).encode()


def student_zip(files: dict[str, bytes]) -> bytes:
    """A zip as a Mac makes it: the files in a folder, plus __MACOSX/ and .DS_Store."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in files.items():
            zf.writestr(f"hw1/{name}", data)
            zf.writestr(f"__MACOSX/hw1/._{name}", b"\x00\x05\x16\x07 mac resource fork")
        zf.writestr("hw1/.DS_Store", b"\x00\x00\x00\x01Bud1")
    return buf.getvalue()


def write_zip(path: Path, files: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in files.items():
            zf.writestr(name, data)
    return path


def canvas(path: Path, neuron_for_sean: bytes = SOLUTION) -> Path:
    return write_zip(path, {
        "obrienseán_12345_9001_neuron.py": neuron_for_sean,
        "garcíajosé_LATE_23456_9002_neuron-1.py": STUB,
        "doejane_34567_9003_my submission.zip": student_zip({"neuron.py": SOLUTION, "notes.txt": b"done"}),
        "leelin_45678_9004_Week 1 notebook.ipynb": notebook(SOLUTION),
        "smithjohn_99999_9005_neuron.py": SOLUTION,                     # matches nobody in the roster
        ".DS_Store": b"\x00\x00\x00\x01Bud1",
        "__MACOSX/._obrienseán_12345_9001_neuron.py": b"\x00\x05\x16\x07",
    })


def moodle(path: Path) -> Path:
    return write_zip(path, {
        "Seán O'Brien_101_assignsubmission_file_/neuron.py": SOLUTION,
        "José García_102_assignsubmission_file_/hw1 final.py": RENAMED,
        "Jane Doe_103_assignsubmission_file_/neuron work.zip": student_zip({"neuron.py": STUB}),
        "Jane Doe_103_assignsubmission_onlinetext_/onlinetext.html": b"<p>see attached</p>",
        "Lin Lee_104_assignsubmission_file_/Week 1.ipynb": notebook(SOLUTION),
        "John Smith_199_assignsubmission_file_/neuron.py": SOLUTION,   # matches nobody
        "Seán O'Brien_101_assignsubmission_file_/.DS_Store": b"\x00\x00\x00\x01Bud1",
        "__MACOSX/Seán O'Brien_101_assignsubmission_file_/._neuron.py": b"\x00\x05\x16\x07",
    })


def receipt(name: str, user: str, assignment: str, when: str, files: list[str]) -> bytes:
    lines = [f"Name: {name} ({user})", f"Assignment: {assignment}",
             f"Date Submitted: {when}", "Current Mark: Needs Marking", "",
             "Submission Field:", "There is no student submission text data for this assignment.", "",
             "Comments:", "There are no student comments for this assignment.", "", "Files:"]
    for original, stored in files:
        lines += [f"\tOriginal filename: {original}", f"\tFilename: {stored}"]
    return ("\r\n".join(lines) + "\r\n").encode()


def blackboard(path: Path) -> Path:
    a = "Homework 1"
    files = {}

    def attempt(name, user, when, originals: dict[str, bytes]):
        stored = {f"{a}_{user}_attempt_{when}_{o}": o for o in originals}
        files[f"{a}_{user}_attempt_{when}.txt"] = receipt(name, user, a, when, [(o, s) for s, o in stored.items()])
        for s, o in stored.items():
            files[s] = originals[o]

    attempt("Seán O'Brien", "sobrien", "2026-11-20-10-00-00", {"neuron.py": STUB})          # first try
    attempt("Seán O'Brien", "sobrien", "2026-11-23-09-30-00", {"neuron.py": SOLUTION})      # latest, 2 days late
    attempt("José García", "jgarcia", "2026-11-21-12-00-00", {"hw1 final.py": RENAMED})
    attempt("Jane Doe", "jdoe", "2026-11-21-08-00-00", {"Jane's work.zip": student_zip({"neuron.py": SOLUTION})})
    attempt("Lin Lee", "llee", "2026-11-21-09-00-00", {"Week 1.ipynb": notebook(SOLUTION)})
    attempt("John Smith", "jsmith", "2026-11-21-09-00-00", {"neuron.py": SOLUTION})         # matches nobody
    files[".DS_Store"] = b"\x00\x00\x00\x01Bud1"
    files["__MACOSX/._neuron.py"] = b"\x00\x05\x16\x07"
    return write_zip(path, files)


GRADESCOPE_METADATA = """\
submission_2001:
  :submitters:
  - :name: Seán O'Brien
    :sid: '1001'
    :email: sean.obrien@example.edu
  :created_at: 2026-11-21 10:00:00.123456000 -08:00
  :score: !ruby/object:BigDecimal 18:0.2e2
submission_2002:
  :submitters:
  - :name: José García
    :sid: '1002'
    :email: jose.garcia@example.edu
  - :name: Jane Doe
    :sid: '1003'
    :email: jane.doe@example.edu
  :created_at: 2026-11-20 09:15:00.000000000 +00:00
submission_2003:
  :submitters:
  - :name: Lin Lee
    :sid: '1004'
    :email: lin.lee@example.edu
  :created_at: 2026-11-21 23:00:00.000000000 +00:00
submission_2004:
  :submitters:
  - :name: John Smith
    :sid: '9999'
    :email: john.smith@example.edu
  :created_at: 2026-11-21 23:00:00.000000000 +00:00
"""


def gradescope(path: Path) -> Path:
    base = "assignment_4242_export/"
    return write_zip(path, {
        base + "submission_metadata.yml": GRADESCOPE_METADATA.encode(),
        base + "submission_2001/neuron.py": SOLUTION,
        base + "submission_2002/pair work.zip": student_zip({"neuron.py": RENAMED}),
        base + "submission_2003/Week 1.ipynb": notebook(SOLUTION),
        base + "submission_2004/neuron.py": SOLUTION,                 # matches nobody
        base + "submission_2001/.DS_Store": b"\x00\x00\x00\x01Bud1",
        "__MACOSX/" + base + "._submission_metadata.yml": b"\x00\x05\x16\x07",
    })


def github_classroom(folder: Path) -> Path:
    """Cloned repositories, each in the release layout (tests/, .github/)."""
    repos = {
        "hw1-seanob": {"neuron.py": SOLUTION},
        "hw1-JGarcia": {"neuron.py": STUB, "helpers.py": b"def clip(x):\n    return x\n"},
        "hw1-janedoe": {"exercises/neuron.py": SOLUTION, "Week 1.ipynb": notebook(SOLUTION, exercise=None)},
        "hw1-linlee": {"submission.zip": student_zip({"neuron.py": SOLUTION})},
        "hw1-jsmith": {"neuron.py": SOLUTION},                        # matches nobody
    }
    for repo, files in repos.items():
        for rel, data in {**files, "tests/test_neuron.py": b"def test_x():\n    pass\n",
                          ".github/workflows/autograde.yml": b"name: autograde\n",
                          ".DS_Store": b"\x00\x00\x00\x01Bud1"}.items():
            (folder / repo / rel).parent.mkdir(parents=True, exist_ok=True)
            (folder / repo / rel).write_bytes(data)
        (folder / repo / ".git").mkdir()
        (folder / repo / ".git" / "HEAD").write_text("ref: refs/heads/main\n")
    return folder


def grader(*args, cwd=ROOT) -> subprocess.CompletedProcess:
    return subprocess.run([*GRADER, *map(str, args)], capture_output=True, text=True, cwd=cwd, timeout=600)


def read_csv(path: Path) -> list[list[str]]:
    with path.open(newline="", encoding="utf-8") as fh:
        return list(csv.reader(fh))


def report_rows(submissions: Path) -> list[dict]:
    with (submissions / "collect-report.csv").open(newline="", encoding="utf-8") as fh:
        return list(csv.DictReader(fh))
