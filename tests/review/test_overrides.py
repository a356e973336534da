"""Instructor overrides through the real command line on a small real class:
they are applied to every output, survive forced and partial regrades and
`grader report`, are flagged (kept, not applied) after a resubmission or when
their test disappears, and every addition and removal stays in the audit
trail.  A gradebook.db written before overrides existed opens unchanged."""
from __future__ import annotations

import csv
import json
import shutil
import sqlite3
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from grader.review import overrides as review
from grader.store.gradebook import SCHEMA, Gradebook

ROOT = Path(__file__).resolve().parents[2]
GRADER = [sys.executable, "-m", "grader.cli"]
# keras_dnn and the other exercises are not submitted: graded as such in no time
FILES = {"alice": {"neuron.py": "solutions", "dropout.py": "solutions"},
         "bob": {"neuron.py": "exercises", "dropout.py": "solutions"}}


def grader(*args, ok=True):
    proc = subprocess.run([*GRADER, *map(str, args)], capture_output=True, text=True, cwd=ROOT, timeout=600)
    if ok:
        assert proc.returncode == 0, proc.stdout + proc.stderr
    return proc


def result(out, student):
    return json.loads((out / student / "result.json").read_text())


def exercise(r, name):
    return next(ex for ex in r["exercises"] if ex["name"] == name)


def first_with(ex, status):
    return next(t for t in ex["tests"] if t["status"] == status)


def csv_rows(path):
    return {r["student"]: r for r in csv.DictReader(path.open(encoding="utf-8"))}


@pytest.fixture(scope="module")
def reviewed(tmp_path_factory):
    """A graded class with four overrides, as the instructor made them."""
    base = tmp_path_factory.mktemp("review")
    subs, out = base / "subs", base / "out"
    for student, files in FILES.items():
        (subs / student).mkdir(parents=True)
        for name, folder in files.items():
            shutil.copy(ROOT / folder / name, subs / student / name)
    grader("grade", subs, "--out", out, "-q")
    auto = {s: result(out, s) for s in FILES}
    bob_failed = first_with(exercise(auto["bob"], "neuron"), "failed")
    alice_test = first_with(exercise(auto["alice"], "neuron"), "passed")
    grader("override", out, "bob", "--exercise", "neuron", "--test", bob_failed["name"], "--points", "99",
           "--comment", "Right idea, <b>one</b> sign wrong", "--by", "prof")
    grader("override", out, "bob", "--exercise", "dropout", "--add", "2", "--comment", "Clear plots", "--by", "ta")
    grader("override", out, "alice", "--exercise", "dropout", "--add", "-3.5",
           "--comment", "=HYPERLINK(\"x\") copied the docstring example", "--by", "prof")
    grader("override", out, "alice", "--exercise", "neuron", "--test", alice_test["name"], "--add", "1",
           "--allow-bonus", "--comment", "Bonus: a stable variant of the notes' formula", "--by", "prof")
    return {"subs": subs, "out": out, "auto": auto, "bob_test": bob_failed, "alice_test": alice_test}


def assert_reviewed(out, auto, bob_test, alice_test):
    """The final scores of the fixture's overrides, in result.json."""
    bob, alice = result(out, "bob"), result(out, "alice")
    # bob: a failed test set to 99 is kept within its maximum; dropout is already full: +2 is kept within 15
    neuron = exercise(bob, "neuron")
    t = next(t for t in neuron["tests"] if t["name"] == bob_test["name"])
    assert t["score"] == bob_test["max_score"] and t["auto_score"] == 0.0
    assert t["adjustment"] == bob_test["max_score"]
    assert t["overrides"][0]["comment"] == "Right idea, <b>one</b> sign wrong"
    assert neuron["score"] == pytest.approx(exercise(auto["bob"], "neuron")["score"] + bob_test["max_score"])
    assert exercise(bob, "dropout")["score"] == exercise(bob, "dropout")["max_score"] == 15.0
    assert bob["score"] == pytest.approx(auto["bob"]["score"] + bob_test["max_score"])
    assert bob["auto_score"] == auto["bob"]["score"]
    assert bob["adjustment"] == pytest.approx(bob_test["max_score"])
    # alice: -3.5 on dropout, +1 bonus on a passed test (allowed past its maximum)
    assert exercise(alice, "dropout")["score"] == 11.5
    assert exercise(alice, "dropout")["adjustment"] == -3.5
    bonus = next(t for t in exercise(alice, "neuron")["tests"] if t["name"] == alice_test["name"])
    assert bonus["score"] == pytest.approx(alice_test["max_score"] + 1)
    assert exercise(alice, "neuron")["score"] == pytest.approx(21.0)
    assert alice["score"] == pytest.approx(auto["alice"]["score"] - 2.5)
    # the fixed keys are all still there
    for r in (bob, alice):
        assert {"student", "score", "max_score", "submitted_at", "late_penalty", "exercises"} <= set(r)
    return bob, alice


def test_overrides_reach_every_output(reviewed):
    out, auto = reviewed["out"], reviewed["auto"]
    bob, alice = assert_reviewed(out, auto, reviewed["bob_test"], reviewed["alice_test"])

    rows = csv_rows(out / "gradebook.csv")
    assert float(rows["alice"]["total"]) == pytest.approx(alice["score"])
    assert float(rows["alice"]["auto_total"]) == pytest.approx(auto["alice"]["score"])
    assert float(rows["alice"]["adjustment"]) == -2.5
    assert float(rows["alice"]["dropout"]) == 11.5
    assert rows["alice"]["review_comments"].count("copied the docstring example") == 1
    canvas = list(csv.reader((out / "gradebook-canvas.csv").open()))
    assert float(next(r for r in canvas if r[0] == "alice")[5]) == pytest.approx(alice["score"])

    md = (out / "alice" / "report.md").read_text()
    assert "instructor adjustment -2.5 points" in md and "copied the docstring example" in md
    assert "Instructor's review (automatic score 15)" in md

    gs = json.loads((out / "bob" / "gradescope.json").read_text())
    assert gs["score"] == pytest.approx(bob["score"])
    assert "instructor adjustment" in gs["output"] and "Clear plots" in gs["output"]
    overridden = next(t for t in gs["tests"] if t["name"] == reviewed["bob_test"]["name"])
    assert overridden["score"] == reviewed["bob_test"]["max_score"]
    assert "Right idea, <b>one</b> sign wrong" in overridden["output"]

    junit = ET.parse(out / "alice" / "junit.xml").getroot()
    suite = next(s for s in junit.iter("testsuite") if s.get("name") == "dropout")
    props = {p.get("name"): p.get("value") for p in suite.find("properties")}
    assert props["score"] == "11.5" and props["auto_score"] == "15" and props["adjustment"] == "-3.5"
    assert any("copied the docstring example" in v for v in props.values())

    index = (out / "index.html").read_text()
    assert 'id="review"' in index and "Clear plots" in index
    assert "&lt;b&gt;one&lt;/b&gt;" in index and "<b>one</b>" not in index  # escaped


def test_regrades_and_report_keep_every_override(reviewed):
    out, subs = reviewed["out"], reviewed["subs"]
    expected = (reviewed["out"], reviewed["auto"], reviewed["bob_test"], reviewed["alice_test"])
    grader("grade", subs, "--out", out, "-q", "--force")
    assert_reviewed(*expected)
    grader("grade", subs, "--out", out, "-q", "--force", "--only", "dropout")
    assert_reviewed(*expected)
    grader("grade", subs, "--out", out, "-q")  # nothing changed: skipped, outputs rewritten from the gradebook
    assert_reviewed(*expected)
    grader("report", out)
    assert_reviewed(*expected)
    with Gradebook(out / "gradebook.db") as gb:
        assert len(gb.overrides()) == 4
        assert len(gb.history("alice")) == 3  # three gradings kept


def test_resubmission_flags_the_override_instead_of_applying_it(reviewed, tmp_path):
    out = tmp_path / "out"
    shutil.copytree(reviewed["out"], out)
    subs = tmp_path / "subs"
    shutil.copytree(reviewed["subs"], subs)
    (subs / "bob" / "neuron.py").write_text((ROOT / "solutions" / "neuron.py").read_text())
    grader("grade", subs, "--out", out, "-q")
    bob = result(out, "bob")
    assert bob["score"] == bob["auto_score"] == 35.0  # the new files' automatic score, nothing applied
    assert bob["overrides"] == [] and bob["adjustment"] == 0.0
    listing = grader("override", out, "bob", "--list").stdout
    assert listing.count("FLAGGED, not applied: the student resubmitted") == 2
    index = (out / "index.html").read_text()
    assert 'id="n-flagged"' in index and index.count('class="flagged"') == 2
    assert result(out, "alice")["adjustment"] == -2.5  # alice did not resubmit
    # the instructor checks the new files, removes the stale override and adds it again
    with Gradebook(out / "gradebook.db") as gb:
        flagged_id = next(o["id"] for o in gb.overrides("bob") if o["exercise"] == "dropout")
    grader("override", out, "bob", "--remove", flagged_id, "--comment", "resubmitted: rechecked")
    grader("override", out, "bob", "--exercise", "dropout", "--points", "14", "--comment", "rechecked plots")
    assert exercise(result(out, "bob"), "dropout")["score"] == 14.0
    history = grader("history", out, "bob").stdout.splitlines()
    events = [line for line in history if line[:4].isdigit()]
    kinds = [line.split()[1] for line in events]
    assert kinds[:3] == ["graded", "override", "override"] and kinds[-3:] == ["graded", "override", "override"]
    assert "removed by" in events[-2] and "resubmitted: rechecked" in events[-2]
    assert "added by" in events[-1] and "dropout: set to 14" in events[-1]
    assert history[-1] == "final score 34 / 100 (automatic 35, adjustment -1)"
    assert sum("is flagged, not applied" in line for line in history) == 1  # the test override remains flagged


def test_override_of_a_test_that_no_longer_exists_is_flagged(reviewed):
    with Gradebook(reviewed["out"] / "gradebook.db") as gb:
        record = gb.current_record("bob")
        stored = gb.overrides("bob")
    renamed = json.loads(json.dumps(record))
    for t in exercise(renamed, "neuron")["tests"]:
        t["name"] = "v2: " + t["name"]  # the hidden suite was rewritten since the review
    after = review.apply(renamed, stored)
    flags = {o["exercise"]: o["flag"] for o in after["overrides"]}
    assert "no longer exists" in flags["neuron"]
    assert flags["dropout"] == ""
    assert exercise(after, "neuron")["score"] == exercise(renamed, "neuron")["score"]


def test_audit_trail_records_additions_and_removals_and_is_append_only(reviewed, tmp_path):
    db = tmp_path / "gradebook.db"
    shutil.copy(reviewed["out"] / "gradebook.db", db)
    with Gradebook(db) as gb:
        first = gb.overrides("alice")[0]
        gb.remove_override(first["id"], by="head-ta", comment="regrade request accepted")
        with pytest.raises(ValueError, match="already removed"):
            gb.remove_override(first["id"], by="head-ta", comment="twice")
        log = gb.override_log("alice")
        assert [(e["action"], e["by"]) for e in log] == [("added", "prof"), ("added", "prof"), ("removed", "head-ta")]
        assert log[-1]["comment"] == "regrade request accepted" and log[-1]["override_id"] == first["id"]
        assert log[-1]["override"]["value"] == -3.5 and log[-1]["override"]["exercise"] == "dropout"
        assert gb.overrides("alice", removed=True)[0]["removed_by"] == "head-ta"
        assert [o["id"] for o in gb.overrides("alice")] != [first["id"]]
        for sql in ("DELETE FROM override_log", "UPDATE override_log SET by='x'", "DELETE FROM overrides",
                    "UPDATE overrides SET value=100"):
            with pytest.raises(sqlite3.DatabaseError):
                gb.db.execute(sql)
        assert len(gb.override_log("alice")) == 3


def test_override_errors_are_one_sentence(reviewed):
    out = reviewed["out"]
    for args, words in [(["nobody", "--exercise", "neuron", "--add", "1", "--comment", "x"], "not in"),
                        (["bob", "--exercise", "neuron", "--test", "sigmoid: stab", "--points", "1",
                          "--comment", "x"], "did you mean 'sigmoid: stable"),
                        (["bob", "--exercise", "neuron", "--add", "1"], "needs --comment"),
                        (["bob", "--remove", "999"], "no override #999"),
                        (["bob", "--exercise", "neuron", "--add", "1", "--points", "2", "--comment", "x"], "not both")]:
        proc = grader("override", out, *args, ok=False)
        assert proc.returncode != 0 and words in proc.stderr, (args, proc.stderr)
        assert "Traceback" not in proc.stderr


def test_an_old_gradebook_opens_without_losing_anything(reviewed, tmp_path):
    """A gradebook.db from before overrides (attempts and test_results only)."""
    out = tmp_path / "out"
    out.mkdir()
    old = sqlite3.connect(out / "gradebook.db")
    old.executescript(SCHEMA)
    new = sqlite3.connect(reviewed["out"] / "gradebook.db")
    for table in ("attempts", "test_results"):
        rows = new.execute(f"SELECT * FROM {table}").fetchall()
        old.executemany(f"INSERT INTO {table} VALUES ({','.join('?' * len(rows[0]))})", rows)
    old.commit()
    before = old.execute("SELECT * FROM attempts ORDER BY id").fetchall()
    assert not old.execute("SELECT name FROM sqlite_master WHERE name='overrides'").fetchall()
    old.close()
    new.close()

    grader("report", out)
    assert result(out, "alice")["adjustment"] == 0.0  # no overrides yet
    grader("override", out, "alice", "--exercise", "neuron", "--add", "-1", "--comment", "late fix")
    assert result(out, "alice")["adjustment"] == -1.0
    with Gradebook(out / "gradebook.db") as gb:
        assert gb.db.execute("SELECT * FROM attempts ORDER BY id").fetchall() == before


def test_report_and_dashboard_show_the_review_in_a_browser(reviewed, browser, tmp_path):
    from selenium.webdriver.common.by import By
    out = tmp_path / "out"
    shutil.copytree(reviewed["out"], out)
    browser.get((out / "alice" / "report.html").as_uri())
    line = browser.find_element(By.ID, "adjustment")
    assert line.is_displayed() and "instructor adjustment -2.5 points" in line.text
    box = browser.find_element(By.ID, "review-dropout")
    assert box.is_displayed()
    assert "copied the docstring example" in box.text and "−3.5" not in box.text and "-3.5" in box.text
    assert "automatic score 15" in box.text
    assert browser.find_element(By.ID, "total").text.startswith("32.5 / 100")

    # the similarity report, once written into the graded folder, is linked from the dashboard
    assert not (out / "similarity.html").exists()
    grader("similarity", reviewed["subs"], "--out", out)
    browser.get((out / "index.html").as_uri())
    rows = browser.find_elements(By.CSS_SELECTOR, "#review tbody tr")
    assert len(rows) == 4 and all(r.is_displayed() for r in rows)
    assert any("Right idea, <b>one</b> sign wrong" in r.text for r in rows)  # shown as text, not markup
    alice_row = next(r for r in browser.find_elements(By.CSS_SELECTOR, "#students tbody tr")
                     if r.text.startswith("alice"))
    assert alice_row.find_element(By.CSS_SELECTOR, "td.adjustment").text == "-2.50"
    link = browser.find_element(By.CSS_SELECTOR, "#similarity-link a")
    assert link.is_displayed()
    link.click()
    assert browser.current_url.endswith("/similarity.html")
    assert "Pairs of submissions that look alike" in browser.find_element(By.TAG_NAME, "h1").text
