"""From each LMS's download to its gradebook import, through the real command
line: `grader collect` (with a roster), `grader grade --only neuron`, and
`grader export`, the export read back with csv and checked against the
LMS's own header.  The downloads are built here (downloads.py) the way each
LMS names things."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

import downloads as dl
from grader.reports.lms import BLACKBOARD_HEADER, CANVAS_HEADER, MOODLE_HEADER

EXPORT_TO = {"canvas": "canvas", "moodle": "moodle", "blackboard": "blackboard",
             "gradescope": "canvas", "github-classroom": "blackboard"}
BUILD = {"canvas": lambda p: dl.canvas(p / "canvas.zip"), "moodle": lambda p: dl.moodle(p / "moodle.zip"),
         "blackboard": lambda p: dl.blackboard(p / "bb.zip"), "gradescope": lambda p: dl.gradescope(p / "gs.zip"),
         "github-classroom": lambda p: dl.github_classroom(p / "repos")}


def ok(proc):
    assert proc.returncode == 0, proc.stdout + proc.stderr
    return proc


@pytest.fixture(scope="module", params=list(BUILD))
def round_trip(request, tmp_path_factory):
    """One LMS, collected, graded and exported."""
    lms = request.param
    base = tmp_path_factory.mktemp(lms)
    roster = dl.write_roster(base / "roster.csv")
    source = BUILD[lms](base)
    subs, out, export = base / "SUBMISSIONS", base / "out", base / f"export-{lms}.csv"
    collected = ok(dl.grader("collect", source, "--from", "auto", "--roster", roster, "--out", subs))
    ok(dl.grader("grade", subs, "--out", out, "--only", "neuron", "--quiet"))
    exported = ok(dl.grader("export", out, "--to", EXPORT_TO[lms], "--roster", roster, "--out", export,
                            "--column", "Homework 1"))
    return {"lms": lms, "subs": subs, "out": out, "export": export, "stdout": collected.stdout,
            "report": dl.report_rows(subs), "exported": exported.stdout}


def result(out: Path, student: str) -> dict:
    return json.loads((out / student / "result.json").read_text())


def test_every_student_gets_their_own_files(round_trip):
    subs = round_trip["subs"]
    assert (subs / "s001" / "neuron.py").read_bytes() == dl.SOLUTION
    assert (subs / "s003" / "neuron.py").exists()      # from inside a nested zip (Canvas, Blackboard) or a folder
    assert not (subs / "s005").exists()                 # submitted nothing
    everything = {p.name for p in subs.rglob("*")}
    assert not {".DS_Store", "__MACOSX"} & everything
    assert not any(name.startswith("._") for name in everything)
    folders = sorted(p.name for p in subs.iterdir() if p.is_dir())
    assert folders == ["s001", "s002", "s003", "s004"]


def test_the_notebook_is_collected_as_the_exercise_notebook(round_trip):
    lms, subs = round_trip["lms"], round_trip["subs"]
    who = "s003" if lms == "github-classroom" else "s004"
    if lms == "github-classroom":   # Jane's repository has neuron.py and an unnamed notebook: the .py wins
        rows = [r for r in round_trip["report"] if r["student_id"] == "s003" and r["file"].endswith("Week 1.ipynb")]
        assert [r["status"] for r in rows] == ["duplicate"] and "neuron.py" in rows[0]["note"]
        return
    import nbformat
    nb = nbformat.reads((subs / who / "neuron.ipynb").read_text(), as_version=4)
    assert nb.metadata["grader"]["exercise"] == "neuron"


def test_nothing_is_dropped_silently(round_trip):
    rows, stdout = round_trip["report"], round_trip["stdout"]
    by_status = {}
    for r in rows:
        by_status.setdefault(r["status"], []).append(r)
    assert [r["student_id"] for r in by_status["no submission"]] == ["s005"]
    nobody = by_status["no roster entry"]
    assert len(nobody) == 1 and "mith" in nobody[0]["lms_id"] + nobody[0]["name"] + nobody[0]["file"]
    assert by_status.get("ignored")                      # the .DS_Store files are listed, not silently lost
    table = stdout[stdout.index("Not collected"):]
    assert "no submission" in table and "s005" in table and "no roster entry" in table
    collected = {r["student_id"] for r in by_status["collected"]}
    assert collected == {"s001", "s002", "s003", "s004"}


def test_grades_follow_the_files(round_trip):
    out = round_trip["out"]
    assert result(out, "s001")["score"] > 0
    assert result(out, "s003")["exercises"][0]["score"] > 0 or round_trip["lms"] == "moodle"
    if round_trip["lms"] == "moodle":   # Jane uploaded the stub in Moodle
        assert result(out, "s003")["score"] == 0


def test_export_matches_the_lms_header(round_trip):
    lms, out = round_trip["lms"], round_trip["out"]
    rows = dl.read_csv(round_trip["export"])
    target = EXPORT_TO[lms]
    scores = {sid: result(out, sid)["score"] for sid in ("s001", "s002", "s003", "s004")}
    if target == "canvas":
        assert rows[0] == CANVAS_HEADER + ["Homework 1"]
        assert rows[1][0] == "Points Possible" and float(rows[1][5]) == 20.0
        body = {r[2]: r for r in rows[2:]}               # by SIS User ID
        assert body["s001"][:2] == ["O'Brien, Seán", "12345"] and body["s001"][4] == "A"
        grade = {sid: r[5] for sid, r in body.items()}
    elif target == "moodle":
        assert rows[0] == MOODLE_HEADER
        body = {r[0]: r for r in rows[1:]}
        assert body["Participant 101"][1:3] == ["Seán O'Brien", "sean.obrien@example.edu"]
        assert body["Participant 105"][3] == "No submission"
        assert "s001/report.html" in body["Participant 101"][9]
        assert float(body["Participant 101"][5]) == 20.0
        grade = {f"s00{i}": body[f"Participant 10{i}"][4] for i in range(1, 6)}
    else:
        assert rows[0] == BLACKBOARD_HEADER + ["Homework 1 [Total Pts: 20 Score]"]
        body = {r[2]: r for r in rows[1:]}               # by Username: the roster's blackboard_username
        assert body["sobrien"][:2] == ["O'Brien", "Seán"]
        users = {row[0]: row[5] for row in dl.CLASS}
        grade = {sid: body[users[sid]][3] for sid in users}
    for sid, score in scores.items():
        assert float(grade[sid]) == pytest.approx(round(score, 2))
    assert grade["s005"] == ""                          # no grade is empty, never a zero



def test_submission_times_reach_the_late_policy(round_trip):
    r = result(round_trip["out"], "s001")
    if round_trip["lms"] == "blackboard":      # the latest attempt, two days after the deadline
        assert r["submitted_at"].startswith("2026-11-23T09:30:00") and r["late_penalty"] > 0
    elif round_trip["lms"] == "gradescope":
        assert r["submitted_at"].startswith("2026-11-21T18:00:00") and r["late_penalty"] == 0
    else:                                      # no time in the download: none invented, no penalty
        assert not r["submitted_at"] and r["late_penalty"] == 0
