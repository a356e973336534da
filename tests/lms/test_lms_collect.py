"""`grader collect` in detail, in process and fast: each LMS's naming,
attempts and times, ids without a roster, hostile archives, and re-running
on a newer download."""
from __future__ import annotations

import io
import unicodedata
import zipfile
from datetime import datetime, timezone
from pathlib import Path

import pytest

import downloads as dl
from grader.course import roster as roster_mod
from grader.course import config as course_config
from grader.intake.lms import CollectError, collect
from grader.intake.lms.plan import Identity, derived_id
from grader.intake.submissions import Caps, discover
from grader.quiz.roster import load_roster

CAPS = Caps(2.0, 20.0)
EXERCISES = course_config.load(dl.ROOT / "course.toml").exercises


def run(source, lms, out, roster=None, **kw):
    return collect(source, lms, out, exercises=EXERCISES, caps=CAPS,
                   roster=roster_mod.load(roster) if roster else None, **kw)


def rows_of(out: Path, status: str) -> list[dict]:
    return [r for r in dl.report_rows(out) if r["status"] == status]


def test_canvas_late_mark_is_a_note_and_the_copy_suffix_is_dropped(tmp_path):
    out = tmp_path / "subs"
    run(dl.canvas(tmp_path / "c.zip"), "canvas", out, dl.write_roster(tmp_path / "r.csv"))
    jose = [r for r in rows_of(out, "collected") if r["student_id"] == "s002"]
    assert [(r["collected_as"], r["file"]) for r in jose] == [("neuron.py", "garcíajosé_LATE_23456_9002_neuron-1.py")]
    assert "late" in jose[0]["note"].lower()
    assert (out / "s002" / "neuron.py").read_bytes() == dl.STUB
    assert not (out / "s002" / "timestamp.txt").exists()       # Canvas gives no time: none is invented
    notes = [r for r in rows_of(out, "no exercise") if r["student_id"] == "s003"]
    assert [r["file"] for r in notes] == ["doejane_34567_9003_my submission.zip > hw1/notes.txt"]


def test_canvas_anonymous_grading_names(tmp_path):
    dl.write_zip(tmp_path / "anon.zip", {"anon_k3Xz9_9101_neuron.py": dl.SOLUTION,
                                         "anon_K3xZ9_LATE_9102_neuron.py": dl.STUB})
    plan = run(tmp_path / "anon.zip", "auto", tmp_path / "subs")
    assert plan.lms == "canvas"
    ids = sorted(plan.students)
    assert len(ids) == 2 and all(i.startswith("anon-k3xz9-") for i in ids)   # case differs: two students


def test_blackboard_latest_attempt_wins_and_its_time_is_the_submission_time(tmp_path):
    out = tmp_path / "subs"
    run(dl.blackboard(tmp_path / "bb.zip"), "blackboard", out, dl.write_roster(tmp_path / "r.csv"))
    assert (out / "s001" / "neuron.py").read_bytes() == dl.SOLUTION
    older = [r for r in rows_of(out, "older attempt") if r["student_id"] == "s001"]
    assert [r["file"] for r in older] == ["Homework 1_sobrien_attempt_2026-11-20-10-00-00_neuron.py"]
    assert (out / "s001" / "timestamp.txt").read_text().strip() == "2026-11-23T09:30:00+00:00"
    sub = {s.student: s for s in discover(out, exercises=EXERCISES)}["s001"]
    assert sub.submitted_at == datetime(2026, 11, 23, 9, 30, tzinfo=timezone.utc)
    assert sub.time_source == "timestamp.txt"


def test_blackboard_times_in_the_servers_zone(tmp_path):
    out = tmp_path / "subs"
    from zoneinfo import ZoneInfo
    run(dl.blackboard(tmp_path / "bb.zip"), "blackboard", out, tz=ZoneInfo("America/New_York"))
    assert (out / "sobrien" / "timestamp.txt").read_text().strip() == "2026-11-23T14:30:00+00:00"


def test_gradescope_created_at_and_group_members(tmp_path):
    out = tmp_path / "subs"
    run(dl.gradescope(tmp_path / "gs.zip"), "gradescope", out, dl.write_roster(tmp_path / "r.csv"))
    assert (out / "s001" / "timestamp.txt").read_text().strip() == "2026-11-21T18:00:00.123456+00:00"
    for member in ("s002", "s003"):    # one group submission, collected for both
        assert (out / member / "neuron.py").read_bytes() == dl.RENAMED
        assert (out / member / "timestamp.txt").read_text().strip() == "2026-11-20T09:15:00+00:00"


def test_files_are_recognised_by_name_metadata_and_functions(tmp_path):
    out = tmp_path / "subs"
    run(dl.moodle(tmp_path / "m.zip"), "moodle", out, dl.write_roster(tmp_path / "r.csv"))
    how = {r["student_id"]: r["note"] for r in rows_of(out, "collected")}
    assert how["s001"] == ""                                    # neuron.py: by its name
    assert "functions" in how["s002"]                           # "hw1 final.py"
    assert "metadata" in how["s004"]                            # "Week 1.ipynb"
    assert (out / "s002" / "neuron.py").read_bytes() == dl.RENAMED


def test_ids_without_a_roster_are_safe_distinct_and_documented(tmp_path):
    composed, decomposed = unicodedata.normalize("NFC", "José"), unicodedata.normalize("NFD", "José")
    repos = tmp_path / "repos"
    for login in ("jdoe", "JDoe", "jdoe-2", composed, decomposed, "o'brien"):
        (repos / f"hw1-{login}").mkdir(parents=True)
        (repos / f"hw1-{login}" / "neuron.py").write_bytes(dl.SOLUTION)
    plan = run(repos, "github-classroom", tmp_path / "subs")
    ids = sorted(plan.students)
    assert len(ids) == 6 and len({i.casefold() for i in ids}) == 6
    assert "jdoe" in ids and "jdoe-2" in ids
    for sid in ids:
        assert sid.isascii() and all(c.isalnum() or c == "-" for c in sid) and sid == sid.lower()
        assert (tmp_path / "subs" / sid / "neuron.py").is_file()
    # numeric LMS ids keep names readable and unique
    assert derived_id(Identity("moodle", "101", name="Seán O'Brien", numeric=True)) == "sean-o-brien-101"
    assert derived_id(Identity("canvas", "12345", name="obrienseán", numeric=True)) == "obriensean-12345"


def test_rerunning_on_a_newer_download_updates_only_what_changed(tmp_path):
    roster, out = dl.write_roster(tmp_path / "r.csv"), tmp_path / "subs"
    first = run(dl.canvas(tmp_path / "c1.zip"), "canvas", out, roster)
    assert {sp.outcome for sp in first.students.values()} == {"new"}
    stamps = {p: p.stat().st_mtime_ns for p in out.rglob("*.py")}
    again = run(dl.canvas(tmp_path / "c1.zip"), "canvas", out, roster)
    assert {sp.outcome for sp in again.students.values()} == {"unchanged"}
    fixed = dl.SOLUTION + b"\n# resubmitted\n"
    newer = run(dl.canvas(tmp_path / "c2.zip", neuron_for_sean=fixed), "canvas", out, roster)
    outcomes = {sid: sp.outcome for sid, sp in newer.students.items()}
    assert outcomes == {"s001": "updated", "s002": "unchanged", "s003": "unchanged", "s004": "unchanged"}
    assert (out / "s001" / "neuron.py").read_bytes() == fixed
    for path, stamp in stamps.items():
        if "s001" not in path.parts:
            assert path.stat().st_mtime_ns == stamp            # untouched
    # a download without a student keeps that student's earlier folder
    dl.write_zip(tmp_path / "c3.zip", {"obrienseán_12345_9001_neuron.py": fixed})
    run(tmp_path / "c3.zip", "canvas", out, roster)
    assert (out / "s003" / "neuron.py").is_file()
    assert {r["student_id"] for r in rows_of(out, "kept")} == {"s002", "s003", "s004"}


def test_hostile_archives_stay_inside_and_never_set_the_time(tmp_path):
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("../../escaped.py", b"print('out')\n")
        zf.writestr("/etc/absolute.py", b"x = 1\n")
        link = zipfile.ZipInfo("hw/link.py")
        link.external_attr = (0o120777 << 16)
        zf.writestr(link, "/etc/passwd")
        zf.writestr("hw/neuron.py", dl.SOLUTION)
        zf.writestr("hw/timestamp.txt", b"2020-01-01T00:00:00+00:00\n")
        zf.writestr("hw/big.py", b"#" * (3 * 1024 * 1024))
    dl.write_zip(tmp_path / "c.zip", {"evil_777_9201_work.zip": buf.getvalue()})
    out = tmp_path / "subs"
    run(tmp_path / "c.zip", "canvas", out)
    folder = out / "evil-777"
    assert sorted(p.name for p in folder.iterdir()) == ["neuron.py"]
    assert not (tmp_path / "escaped.py").exists() and not list(tmp_path.rglob("escaped.py"))
    notes = " | ".join(r["note"] for r in dl.report_rows(out))
    assert "leaves the submission" in notes and "symbolic link" in notes and "limit" in notes
    assert "sets the submission time" in notes
    assert {s.student: s.submitted_at for s in discover(out, exercises=EXERCISES)}["evil-777"] is None


def test_the_quiz_server_reads_the_same_roster(tmp_path):
    roster = dl.write_roster(tmp_path / "roster.csv")
    tokens = load_roster(roster)
    assert tokens["token-0000"] == "s001" and len(tokens) == len(dl.CLASS)
    assert roster_mod.load(roster).by_id["s002"].github == "JGarcia"


def test_bad_inputs_are_one_sentence(tmp_path):
    (tmp_path / "bad.csv").write_text("name,email\nA,a@x\n")
    proc = dl.grader("collect", dl.canvas(tmp_path / "c.zip"), "--from", "canvas", "--roster",
                     tmp_path / "bad.csv", "--out", tmp_path / "subs")
    assert proc.returncode != 0 and "student_id column" in proc.stderr and "Traceback" not in proc.stderr
    (tmp_path / "junk.zip").write_bytes(b"not a zip at all")
    with pytest.raises(CollectError, match="not a readable zip"):
        run(tmp_path / "junk.zip", "auto", tmp_path / "subs")
    dl.write_zip(tmp_path / "random.zip", {"a.txt": b"1", "b.txt": b"2"})
    with pytest.raises(CollectError, match="--from"):
        run(tmp_path / "random.zip", "auto", tmp_path / "subs")


def test_a_namesake_with_another_lms_id_is_not_matched_by_name(tmp_path):
    roster = tmp_path / "r.csv"
    roster.write_text("student_id,name,canvas_id\ns1,Jane Doe,111\ns2,Bo Chan,\n", encoding="utf-8")
    dl.write_zip(tmp_path / "c.zip", {"doejane_222_1_neuron.py": dl.SOLUTION,      # another Jane Doe
                                      "chanbo_333_2_neuron.py": dl.SOLUTION})       # Bo: no Canvas id yet
    plan = run(tmp_path / "c.zip", "canvas", tmp_path / "subs", roster)
    assert sorted(plan.students) == ["s2"] and plan.students["s2"].student.canvas_id == "333"
    assert [r["lms_id"] for r in rows_of(tmp_path / "subs", "no roster entry")] == ["222"]


def test_a_roster_giving_one_lms_id_to_two_students_is_refused(tmp_path):
    (tmp_path / "r.csv").write_text("student_id,github\na,Octo\nb,octo\n", encoding="utf-8")
    with pytest.raises(roster_mod.RosterError, match="github octo is also the github of a"):
        roster_mod.load(tmp_path / "r.csv")


def test_one_file_per_exercise(tmp_path):
    """A .py and a notebook of one exercise are two versions of one answer: one is collected, the other listed."""
    dl.write_zip(tmp_path / "m.zip", {
        "Ann Lee_7_assignsubmission_file_/neuron.ipynb": dl.notebook(dl.SOLUTION),
        "Ann Lee_7_assignsubmission_file_/neuron.py": dl.SOLUTION,
        "Ann Lee_7_assignsubmission_file_/draft.py": dl.STUB,        # neuron's functions too, recognised less surely
        "Ann Lee_7_assignsubmission_file_/utils.py": b"def clip(x):\n    return x\n"})
    out = tmp_path / "subs"
    run(tmp_path / "m.zip", "moodle", out)
    assert sorted(p.name for p in (out / "ann-lee-7").iterdir()) == ["neuron.py", "utils.py"]
    dupes = sorted(r["file"].rsplit("/", 1)[1] for r in rows_of(out, "duplicate"))
    assert dupes == ["draft.py", "neuron.ipynb"]
    assert [r["collected_as"] for r in rows_of(out, "helper module")] == ["utils.py"]


def test_a_bad_file_costs_only_that_file(tmp_path):
    dl.write_zip(tmp_path / "bb.zip", {
        "HW_ann_attempt_2026-13-45-99-00-00_neuron.py": dl.SOLUTION,          # no such date
        "HW_bo_attempt_2026-11-20-10-00-00_neuron.py": dl.SOLUTION,
        "HW_bo_attempt_2026-11-20-10-00-00_broken.zip": b"PK\x03\x04 truncated"})
    out = tmp_path / "subs"
    run(tmp_path / "bb.zip", "blackboard", out)
    assert (out / "bo" / "neuron.py").read_bytes() == dl.SOLUTION
    notes = {r["status"]: r["note"] for r in dl.report_rows(out) if r["status"] not in ("collected", "ignored")}
    assert "not a date" in notes["not recognised"] and "not a readable zip" in notes["unreadable"]


def test_zips_inside_a_zip_share_one_size_budget(tmp_path):
    inner = dl.write_zip(tmp_path / "inner.zip", {f"data{i}.bin": bytes(900_000) for i in range(2)}).read_bytes()
    outer = io.BytesIO()
    with zipfile.ZipFile(outer, "w", zipfile.ZIP_DEFLATED) as zf:
        for i in range(8):                                   # 8 x 1.8 MB unpacked: over a 5 MB budget
            zf.writestr(f"part{i}.zip", inner)
        zf.writestr("neuron.py", dl.SOLUTION)
    dl.write_zip(tmp_path / "c.zip", {"bomb_5_1_work.zip": outer.getvalue()})
    out = tmp_path / "subs"
    collect(tmp_path / "c.zip", "canvas", out, exercises=EXERCISES, caps=Caps(2.0, 5.0))
    assert (out / "bomb-5" / "neuron.py").read_bytes() == dl.SOLUTION
    notes = " ".join(r["note"] for r in rows_of(out, "unreadable"))
    assert "size limit" in notes


def test_moodle_flat_mode_and_a_single_classroom_repository(tmp_path):
    dl.write_zip(tmp_path / "flat.zip", {"Ann Lee_7_assignsubmission_file_neuron.py": dl.SOLUTION,
                                         "Ann Lee_7_assignsubmission_file_Notes 1.txt": b"hi"})
    plan = run(tmp_path / "flat.zip", "auto", tmp_path / "subs")
    assert plan.lms == "moodle" and sorted(plan.students) == ["ann-lee-7"]
    assert (tmp_path / "subs" / "ann-lee-7" / "neuron.py").read_bytes() == dl.SOLUTION
    (tmp_path / "repos" / "deep-learning-hw1-octo-cat" / "tests").mkdir(parents=True)
    (tmp_path / "repos" / "deep-learning-hw1-octo-cat" / "neuron.py").write_bytes(dl.SOLUTION)
    plan = run(tmp_path / "repos", "github-classroom", tmp_path / "gh", prefix="deep-learning-hw1-")
    assert sorted(plan.students) == ["octo-cat"]


def test_a_syntax_error_does_not_hide_the_other_functions():
    from grader.intake.lms.recognise import course_exercises, recognise
    exercises = course_exercises(EXERCISES, dl.ROOT)
    broken = dl.SOLUTION.replace(b"def relu(z):", b"def relu(z)", 1)      # a missing colon
    assert b"def relu(z)\n" in broken
    assert recognise("homework.py", broken, exercises).exercise == "neuron"
    assert recognise("notes.py", b"def sigmoid(z):\n    pass\n", exercises) is None   # one shared name is not enough
