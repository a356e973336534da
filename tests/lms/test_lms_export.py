"""`grader export` details: cells no spreadsheet runs as a formula, whatever
delimiter it splits on; empty grades (or zeros when asked); LMS ids from what
`grader collect` recorded when no roster is given."""
from __future__ import annotations

import csv
import io
import re
import shutil

import pytest

import downloads as dl
from grader.course.roster import Roster, Student
from grader.reports import lms
from grader.reports.spreadsheet import read_cell, safe_cell, write_csv

FORMULA_START = "=+-@\t\r"
SEPARATORS = ",;\t|\r\n"

HOSTILE = ["=HYPERLINK(\"http://x\",\"y\")", "+1+1", "-2", "@SUM(A1)", "\tTab", "\rCR", "carol;-1+1",
           "dave,=1+1", "erin|@cmd", "frank\t=2", "gina ; =3", "plain O'Brien"]


@pytest.mark.parametrize("text", HOSTILE)
def test_safe_cell_neutralises_a_formula_after_any_separator(text):
    cell = safe_cell(text)
    assert cell[0] not in FORMULA_START
    for sep in SEPARATORS:
        for part in cell.split(sep)[1:]:
            assert part.lstrip(" ")[:1] not in tuple(FORMULA_START) or part.lstrip(" ") == ""
    assert cell.replace("'", "") == text.replace("'", "")          # nothing else changes
    assert read_cell(cell) == text                                 # and the grader reads it back as it was


def test_numbers_stay_numbers_and_every_field_is_quoted():
    text = write_csv([["a", "b"], [1.5, None], ["x", 0]])
    assert text == '"a","b"\r\n"1.5",""\r\n"x","0"\r\n'


def _records(*scores):
    return [{"student": sid, "score": s, "max_score": 20.0, "late_penalty": 0.0, "submitted_at": None,
             "graded_at": "2026-11-22T10:00:00+00:00",
             "exercises": [{"name": "neuron", "score": s, "max_score": 20.0, "tests": []}]} for sid, s in scores]


@pytest.mark.parametrize("target", lms.TARGETS)
def test_hostile_roster_values_are_safe_in_every_export(target):
    roster = Roster([Student(f"s{i}", name=f"{bad} Person", email=bad, canvas_id="1", moodle_id=str(i),
                             blackboard_username=bad, section=bad) for i, bad in enumerate(HOSTILE)])
    records = _records(("s0", 12.5))
    text = lms.export(target, records, roster, column="=cmd|' /C calc'!A0").text
    assert "HYPERLINK" in text and "carol" in text
    for piece in re.split(r"[,;\t|\r\n]", text):    # split as a spreadsheet might, on any delimiter
        stripped = piece.strip(' "')
        # a lone "-" (Moodle's "never") and numbers are no formulas
        assert len(stripped) < 2 or stripped[0] not in FORMULA_START or _number(stripped), piece


def _number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def test_missing_grades_are_empty_unless_asked():
    roster = Roster([Student("a", name="Ann Lee", canvas_id="1"), Student("b", name="Bo Chan", canvas_id="2")])
    records = _records(("a", 0.0))
    rows = list(csv.reader(io.StringIO(lms.canvas(records, roster, "HW").text)))
    assert [r[5] for r in rows[2:]] == ["0.0", ""]             # a real zero stays a zero; no grade stays empty
    rows = list(csv.reader(io.StringIO(lms.canvas(records, roster, "HW", missing_as_zero=True).text)))
    assert [r[5] for r in rows[2:]] == ["0.0", "0.0"]


def test_moodle_rows_need_a_participant_id():
    roster = Roster([Student("a", name="Ann Lee", moodle_id="7"), Student("b", name="Bo Chan")])
    result = lms.moodle(_records(("a", 10.0), ("b", 5.0)), roster)
    rows = list(csv.reader(io.StringIO(result.text)))
    assert rows[0] == lms.MOODLE_HEADER and [r[0] for r in rows[1:]] == ["Participant 7"]
    assert result.warnings and "b: no moodle_id" in result.warnings[0]
    assert rows[1][7] == "" and rows[1][8] == "Sunday, 22 November 2026, 10:00 AM"


def test_export_without_roster_uses_the_identities_collect_recorded(tmp_path):
    """No roster anywhere: Moodle's participant ids travel from the download,
    through `grader grade`, to the worksheet."""
    subs, out = tmp_path / "subs", tmp_path / "out"
    dl.write_zip(tmp_path / "m.zip", {"Seán O'Brien_101_assignsubmission_file_/neuron.py": dl.SOLUTION,
                                      "Zoë D'Arcy_105_assignsubmission_file_/neuron.py": dl.STUB})
    proc = dl.grader("collect", tmp_path / "m.zip", "--from", "moodle", "--out", subs)
    assert proc.returncode == 0, proc.stderr
    assert sorted(p.name for p in subs.iterdir() if p.is_dir()) == ["sean-o-brien-101", "zoe-d-arcy-105"]
    proc = dl.grader("grade", subs, "--out", out, "--only", "neuron", "--quiet")
    assert proc.returncode == 0, proc.stderr
    proc = dl.grader("export", out, "--to", "moodle", "--out", tmp_path / "w.csv")
    assert proc.returncode == 0, proc.stderr
    rows = dl.read_csv(tmp_path / "w.csv")
    assert rows[0] == lms.MOODLE_HEADER
    body = {r[0]: r for r in rows[1:]}
    assert body["Participant 101"][1] == "Seán O'Brien" and float(body["Participant 101"][4]) == 20.0
    assert float(body["Participant 105"][4]) == 0.0
    shutil.rmtree(out / "sean-o-brien-101")
    proc = dl.grader("export", tmp_path / "nowhere", "--to", "canvas", "--out", tmp_path / "x.csv")
    assert proc.returncode != 0 and "Traceback" not in proc.stderr


def test_quiz_scores_get_their_own_columns():
    records = _records(("a", 15.0), ("b", 5.0))
    records[0]["quiz"] = {"score": 7.5, "max_score": 10.0}
    roster = Roster([Student("a", name="Ann Lee"), Student("b", name="Bo Chan")])
    rows = list(csv.reader(io.StringIO(lms.canvas(records, roster, "HW").text)))
    assert rows[0][-2:] == ["HW", "Quiz"] and rows[1][-2:] == ["20.0", "10.0"]
    assert [r[-2:] for r in rows[2:]] == [["15.0", "7.5"], ["5.0", ""]]
    rows = list(csv.reader(io.StringIO(lms.blackboard(records, roster, "HW").text)))
    assert rows[0] == lms.BLACKBOARD_HEADER + ["HW [Total Pts: 20 Score]", "Quiz [Total Pts: 10 Score]"]
    assert rows[1] == ["Lee", "Ann", "a", "15.0", "7.5"]


def test_named_quizzes_get_a_column_each():
    records = _records(("a", 15.0), ("b", 5.0))
    records[0]["quizzes"] = [{"id": "w2", "title": "Week 2", "column": "quiz_w2", "score": 3.0, "max_score": 4.0},
                             {"id": "w1", "title": "Week 1", "column": "quiz_w1", "score": 2.0, "max_score": 2.0}]
    records[1]["quizzes"] = [{"id": "w1", "title": "Week 1", "column": "quiz_w1", "score": 1.0, "max_score": 2.0}]
    roster = Roster([Student("a", name="Ann Lee"), Student("b", name="Bo Chan")])
    rows = list(csv.reader(io.StringIO(lms.canvas(records, roster, "HW").text)))
    assert rows[0][5:] == ["HW", "Quiz: Week 1", "Quiz: Week 2"] and rows[1][5:] == ["20.0", "2.0", "4.0"]
    assert [r[5:] for r in rows[2:]] == [["15.0", "2.0", "3.0"], ["5.0", "1.0", ""]]


def test_moodle_feedback_carries_the_summary_adjustments_and_report():
    records = _records(("a", 17.0))
    records[0]["late_penalty"] = 1.0
    records[0]["overrides"] = [{"applied": True, "exercise": "neuron", "test": None, "adjustment": 2.0,
                                "comment": "=partial credit for the derivation"},
                               {"applied": False, "exercise": "mlp", "test": "x", "adjustment": 0.0, "comment": "stale"}]
    roster = Roster([Student("a", name="Ann Lee", moodle_id="7")])
    rows = list(csv.reader(io.StringIO(lms.moodle(records, roster).text)))
    text = rows[1][9]
    assert text.startswith("Autograder: 17/20 points (neuron 17/20).") and "Late penalty: 1 points." in text
    assert "Instructor: neuron +2 points (=partial credit for the derivation)." in text and "stale" not in text
    assert text.endswith("Your report: a/report.html")
