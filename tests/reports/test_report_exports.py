"""The files `grader grade` and `grader report` write, read back as their
consumers read them: result.json (fixed layout), report.md (a Markdown
renderer), gradebook.csv (a spreadsheet / LMS), gradescope.json (Gradescope's
results.json schema), junit.xml (an XML parser).  Student-controlled text
must stay text everywhere, and nothing instructor-only may reach a student."""
from __future__ import annotations

import csv
import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from click.testing import CliRunner
from report_data import (CONFIG, COURSE, EXERCISES, FEEDBACK_XSS, FORMULA_ID, HIDDEN_INPUT, HIDDEN_PRINT,
                         OUTPUT_XSS, SECRET, XSS_ID, build_class)

from grader import reports
from grader.store.gradebook import Gradebook
from grader.reports import writer

STATUSES = {"passed", "failed", "error", "timeout", "not_submitted"}
STUDENT_FILES = ["result.json", "report.html", "report.md", "gradescope.json", "junit.xml"]


def load(out: Path, student: str, name: str):
    text = (out / student / name).read_text(encoding="utf-8")
    return json.loads(text) if name.endswith(".json") else text


def test_every_student_gets_every_file(class_out, class_records):
    for r in class_records:
        for name in STUDENT_FILES:
            assert (class_out / r["student"] / name).is_file(), (r["student"], name)
    for name in ["index.html", "gradebook.csv", "gradebook-canvas.csv"]:
        assert (class_out / name).is_file()


def test_result_json_keeps_the_fixed_layout(class_out, class_records):
    for rec in class_records:
        r = load(class_out, rec["student"], "result.json")
        assert r["student"] == rec["student"]
        assert r["score"] == rec["score"] and r["max_score"] == rec["max_score"]
        assert r["late_penalty"] == rec["late_penalty"] and r["submitted_at"] == rec["submitted_at"]
        assert [ex["name"] for ex in r["exercises"]] == list(EXERCISES)
        for ex, ex_rec in zip(r["exercises"], rec["exercises"]):
            assert set(ex) >= {"name", "score", "max_score", "tests"}
            assert ex["score"] == ex_rec["score"]
            for t in ex["tests"]:
                assert set(t) >= {"name", "score", "max_score", "status", "visibility", "feedback"}
                assert "details" not in t and "weight" not in t
                assert t["status"] in STATUSES


def test_nothing_instructor_only_reaches_a_student_file(class_out):
    """``details`` (instructor-only) never appears; hidden tests show no input,
    expected value or printed output, even if their feedback carried one."""
    files = [p for p in class_out.rglob("*") if p.is_file() and p.suffix in {".json", ".md", ".html", ".xml", ".csv"}]
    assert len(files) > 50
    for path in files:
        text = path.read_text(encoding="utf-8")
        for secret in (SECRET, HIDDEN_INPUT, HIDDEN_PRINT):
            assert secret not in text, (path, secret)
    hidden = [t for ex in load(class_out, XSS_ID, "result.json")["exercises"] for t in ex["tests"]
              if t["visibility"] == "hidden" and t["status"] == "failed"]
    assert hidden and hidden[0]["feedback"] == "sigmoid overflowed\n  hint: use np.exp(-|z|)"
    assert "output" not in hidden[0]


def test_visible_feedback_keeps_expected_got_input_and_hint(class_out):
    r = load(class_out, "ben", "result.json")
    t = r["exercises"][0]["tests"][3]
    assert t["visibility"] == "visible" and t["status"] == "failed"
    for part in ("  input:", "  expected:", "  got:", "  hint: softmax is not shifted"):
        assert part in t["feedback"]
    assert t["output"].startswith("z = [[1000.")


def test_untrusted_text_is_cleaned_but_kept(class_out):
    r = load(class_out, XSS_ID, "result.json")
    mlp = r["exercises"][2]["tests"][0]
    assert mlp["feedback"] == "raised RuntimeError: red \ufffd\ufffd \ufffd ok"  # colours, NUL, BEL, U+FFFE
    assert r["exercises"][0]["tests"][0]["feedback"].startswith(FEEDBACK_XSS)


def test_a_lone_surrogate_does_not_stop_the_writer(tmp_path, class_records):
    """JSON from the child may decode to lone surrogates, which UTF-8 cannot encode."""
    record = json.loads(json.dumps(class_records[1]))
    record["exercises"][0]["tests"][0].update(status="failed", feedback="raised ValueError: \ud800!",
                                              output="\udfff")
    reports.write_student(record, tmp_path, CONFIG)
    r = json.loads((tmp_path / "ben" / "result.json").read_text(encoding="utf-8"))
    assert r["exercises"][0]["tests"][0]["feedback"] == "raised ValueError: \ufffd!"
    ET.parse(tmp_path / "ben" / "junit.xml")


# ---------------------------------------------------------------- Markdown

def test_markdown_shows_student_text_literally(class_out):
    md = load(class_out, XSS_ID, "report.md")
    assert md.startswith("# Report for &lt;img src=x onerror=alert\\(1\\)&gt;\n") or \
        md.startswith("# Report for &lt;img src=x onerror=alert(1)&gt;\n")
    outside_code = re.sub(r"(?ms)^(`{3,})text\n.*?\n\1$", "", md)
    for raw in ("<img", "<script", "<svg", "<iframe", "<b ", "](javascript:"):
        assert raw not in outside_code, raw
    # the printed output (which contains ``` itself) sits in a longer fence
    assert "````text\n" + OUTPUT_XSS + "\n````" in md


def test_markdown_renders_without_html_from_students(class_out):
    markdown_it = pytest.importorskip("markdown_it", reason="markdown-it-py renders the Markdown")
    md = load(class_out, XSS_ID, "report.md")
    html = markdown_it.MarkdownIt("commonmark").render(md)  # raw HTML enabled: the strictest reader
    for raw in ("<img", "<script", "<svg", "<iframe", "<b id", 'href="javascript:'):
        assert raw not in html, raw
    assert "&lt;img src=x onerror=alert(1)&gt;" in html
    assert "&lt;script&gt;alert(2)&lt;/script&gt;" in html
    assert html.count("<h2>") == len(EXERCISES)


def test_markdown_helpers():
    assert writer.md_text("a *b* [c](d) <e> `f` | # g") == r"a \*b\* \[c\](d) &lt;e&gt; \`f\` \| \# g"
    assert writer.md_text("- item\n1. item\n=====") == "\\- item\n1\\. item\n\\====="
    assert writer.md_block("x ```` y").startswith("`````text\n")


# ---------------------------------------------------------------- CSV

def read_csv(path: Path) -> list[list[str]]:
    with path.open(newline="", encoding="utf-8") as fh:
        return list(csv.reader(fh))


def test_gradebook_csv_has_one_row_per_student(class_out, class_records):
    rows = list(csv.DictReader((class_out / "gradebook.csv").open(newline="", encoding="utf-8")))
    assert list(rows[0])[:3] == ["student", "total", "max_score"]
    assert set(rows[0]) >= {"student", "total", *EXERCISES, "late_penalty"}
    assert len(rows) == len(class_records)
    by_id = {row["student"]: row for row in rows}
    ben = next(r for r in class_records if r["student"] == "ben")
    assert float(by_id["ben"]["total"]) == pytest.approx(ben["score"], abs=0.005)
    for ex in ben["exercises"]:
        assert float(by_id["ben"][ex["name"]]) == pytest.approx(ex["score"], abs=0.005)
    assert float(by_id["ada"]["total"]) == 100.0        # 99.9999 of the scaled test points
    assert by_id[XSS_ID]["total"]                       # an odd id is just text in CSV


@pytest.mark.parametrize("name", ["gradebook.csv", "gradebook-canvas.csv"])
def test_csv_neutralises_formula_injection(class_out, name):
    rows = read_csv(class_out / name)
    for row in rows:
        for cell in row:
            assert not cell[:1] in ("=", "+", "-", "@", "\t", "\r"), (name, cell)
    assert any(cell == "'" + FORMULA_ID for row in rows for cell in row)
    assert writer.csv_safe("@SUM(A1)") == "'@SUM(A1)" and writer.csv_safe(" =1+1") == "' =1+1"
    assert writer.csv_safe("-2+3") == "'-2+3" and writer.csv_safe("alice") == "alice"


def test_canvas_csv_follows_canvas_import_layout(class_out, class_records):
    rows = read_csv(class_out / "gradebook-canvas.csv")
    header = rows[0]
    # Canvas's importer: Student, ID, [SIS User ID,] SIS Login ID, Section, then assignments
    assert header[:5] == ["Student", "ID", "SIS User ID", "SIS Login ID", "Section"]
    assert header[5:] == ["Autograder total", *EXERCISES]
    assert rows[1][0] == "Points Possible" and float(rows[1][5]) == 100.0
    assert len(rows) == 2 + len(class_records)
    ben = next(row for row in rows if row[3] == "ben")
    assert float(ben[5]) == pytest.approx(54.31, abs=0.01)


# ---------------------------------------------------------------- Gradescope

GRADESCOPE_VISIBILITY = {"visible", "hidden", "after_due_date", "after_published"}


def test_gradescope_json_follows_the_results_schema(class_out, class_records):
    for rec in class_records:
        g = load(class_out, rec["student"], "gradescope.json")
        assert set(g) <= {"score", "execution_time", "output", "output_format", "test_output_format",
                          "test_name_format", "visibility", "stdout_visibility", "extra_data", "tests",
                          "leaderboard"}
        assert g["score"] == rec["score"]
        assert isinstance(g["execution_time"], int) and g["execution_time"] >= 0
        assert isinstance(g["output"], str) and g["visibility"] in GRADESCOPE_VISIBILITY
        assert g["output_format"] == g["test_output_format"] == "text"   # never rendered as HTML
        n_tests = sum(len(ex["tests"]) for ex in rec["exercises"])
        assert len(g["tests"]) == n_tests
        assert sum(t["max_score"] for t in g["tests"]) == pytest.approx(rec["max_score"], abs=0.01)
        assert sum(t["score"] for t in g["tests"]) == pytest.approx(rec["raw_score"], abs=0.01)
        for t in g["tests"]:
            assert set(t) >= {"name", "number", "score", "max_score", "status", "output", "visibility", "tags"}
            assert isinstance(t["name"], str) and re.fullmatch(r"\d+\.\d+", t["number"])
            assert t["status"] in {"passed", "failed"} and t["visibility"] in GRADESCOPE_VISIBILITY
            assert isinstance(t["output"], str) and all(isinstance(tag, str) for tag in t["tags"])
    ben = load(class_out, "ben", "gradescope.json")
    hidden = [t for t in ben["tests"] if t["name"].startswith("sigmoid: stable")][0]
    assert hidden["visibility"] == "after_published"
    assert "Late penalty: 13.58" in ben["output"]


# ---------------------------------------------------------------- JUnit

def test_junit_xml_is_valid(class_out, class_records):
    for rec in class_records:
        raw = (class_out / rec["student"] / "junit.xml").read_bytes()
        assert raw.startswith(b"<?xml version='1.0' encoding='utf-8'?>")
        root = ET.fromstring(raw)
        assert root.tag == "testsuites"
        suites = root.findall("testsuite")
        assert [s.get("name") for s in suites] == [ex["name"] for ex in rec["exercises"]]
        total = 0
        for suite, ex in zip(suites, rec["exercises"]):
            cases = suite.findall("testcase")
            assert int(suite.get("tests")) == len(cases) == len(ex["tests"])
            for case, t in zip(cases, ex["tests"]):
                assert case.get("name") == t["name"] and case.get("classname") == ex["name"]
                kinds = [c.tag for c in case if c.tag != "system-out"]
                want = {"passed": [], "failed": ["failure"], "error": ["error"], "timeout": ["error"],
                        "not_submitted": ["skipped"]}[t["status"]]
                assert kinds == want, (t["name"], kinds)
            for attr, status in (("failures", {"failed"}), ("errors", {"error", "timeout"}),
                                 ("skipped", {"not_submitted"})):
                assert int(suite.get(attr)) == sum(t["status"] in status for t in ex["tests"])
            total += len(cases)
        assert int(root.get("tests")) == total
    hostile = ET.parse(class_out / XSS_ID / "junit.xml").getroot()
    assert hostile.get("name") == f"grader: {XSS_ID}"
    first = hostile.find("testsuite/testcase/failure")
    assert first.get("message") == FEEDBACK_XSS and first.text.startswith(FEEDBACK_XSS)


# ---------------------------------------------------------------- notes, ids, gradebook.db

def test_every_exercise_links_to_passages_of_the_notes(class_out):
    notes = {e: CONFIG.notes_for(e) for e in CONFIG.exercises}  # course.toml's [exercises.<name>].notes
    assert set(notes) == set(EXERCISES)
    source = writer.notes_source()
    if source is None:
        pytest.skip("the course notes (shared/course-notes) are not in this checkout")
    for exercise, passages in notes.items():
        assert passages, exercise
        for file, heading, line in passages:
            lines = (source / file).read_text(encoding="utf-8").splitlines()
            assert heading in lines[line - 1], (exercise, file, line, heading)
            assert (class_out / "notes" / file).read_bytes() == (source / file).read_bytes()
    html = load(class_out, "ben", "report.html")
    assert 'href="../notes/003_fb44594f36c7507d.txt#:~:text=1.2%20Neural%20Network%20Structure"' in html


@pytest.mark.parametrize("bad", ["../escape", ".hidden", "", "a/b"])
def test_an_invalid_student_id_writes_nothing(tmp_path, class_records, bad):
    record = dict(class_records[0], student=bad)
    with pytest.raises(ValueError):
        reports.write_student(record, tmp_path / "out", CONFIG)
    assert not (tmp_path / "escape").exists() and not any((tmp_path / "out").rglob("*.json"))


def test_reports_render_from_a_real_gradebook_db(tmp_path, class_out):
    """Gradebook.record stores the results; `grader report DIR` re-renders
    every output from gradebook.db, identical to rendering the records."""
    out = tmp_path / "out"
    with Gradebook(out / "gradebook.db") as gb:
        for result in build_class():
            gb.record(result)
    config = tmp_path / "course.toml"
    # the project's course.toml (the course's exercises and notes), named COURSE
    text = CONFIG.path.read_text(encoding="utf-8").replace(
        'extensions = "examples/extensions.csv"', f'extensions = "{CONFIG.path.parent / "examples" / "extensions.csv"}"')
    config.write_text(re.sub(r'(?m)^name = ".*"$', f'name = "{COURSE}"', text, count=1), encoding="utf-8")
    from grader.cli import main
    run = CliRunner().invoke(main, ["report", str(out), "--config", str(config)])
    assert run.exit_code == 0, run.output
    assert "Rewrote the reports of 19 students" in run.output
    for student in ["ada", "ben", XSS_ID, FORMULA_ID, "gus"]:
        for name in STUDENT_FILES:
            assert (out / student / name).read_bytes() == (class_out / student / name).read_bytes(), (student, name)
    assert (out / "gradebook.csv").read_bytes() == (class_out / "gradebook.csv").read_bytes()
    index = (out / "index.html").read_text(encoding="utf-8")
    assert "&lt;img src=x onerror=alert(1)&gt;" in index and "<img" not in index
