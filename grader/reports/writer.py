"""Render the gradebook's current attempts into the output folder.

Every file is written to a temporary name and renamed into place, so a
grader killed mid-write never leaves a half-written report.

Everything a student controls (their id, file names, printed output,
returned values and exception messages inside feedback) is untrusted text:

* it is cleaned once (:func:`clean`): lone surrogates and the control
  characters XML forbids are replaced, terminal colour codes dropped, so
  every writer below can encode it;
* HTML goes through Jinja2's autoescaping; Markdown through :func:`md_text`
  (HTML and Markdown syntax escaped) or a code fence longer than any run of
  backticks inside; CSV cells that a spreadsheet would run as a formula are
  prefixed with ``'``; XML and JSON through their serialisers.

What a student sees is :func:`student_view` of the record: the instructor-only
``details`` never appear, and hidden tests show their name, result and the
grader's stripped message only (no input, expected value, returned value or
printed output, which could echo the hidden input).
"""
from __future__ import annotations

import base64
import csv
import hashlib
import io
import json
import math
import os
import re
import shutil
import statistics
import tempfile
import xml.etree.ElementTree as ET
from collections import Counter
from datetime import datetime, timezone
from pathlib import Path
from urllib.parse import quote

from jinja2 import Environment, PackageLoader, select_autoescape

from grader.course.config import PROJECT_ROOT, CourseConfig, Passage
from grader.reports import charts

STATUSES = ("passed", "failed", "error", "timeout", "not_submitted")
MARK = {"passed": "✔", "failed": "✘", "error": "⚠", "timeout": "◷", "not_submitted": "–"}
FAILING = ("failed", "error", "timeout")

NOTES_FOLDER = "notes"  # DIR/notes/: a copy of the notes files the reports link to


def notes_source() -> Path | None:
    """The course notes folder, if this checkout has one."""
    # the project's own copy, else ../shared/course-notes of the checkout (or of any folder above
    # it: a git worktree lives deeper than the main checkout)
    for folder in (PROJECT_ROOT / "shared" / "course-notes",
                   *(parent / "shared" / "course-notes" for parent in PROJECT_ROOT.parents)):
        if folder.is_dir():
            return folder
    return None


def notes_links(passages: tuple[Passage, ...], linked: bool) -> list[dict]:
    """An exercise's passages of the notes (``CourseConfig.notes_for``), with a
    link (text fragment) when the notes are copied."""
    out = []
    for file, heading, line in passages:
        fragment = quote(heading, safe="").replace("-", "%2D")
        out.append({"file": file, "heading": heading, "line": line,
                    "href": f"../{NOTES_FOLDER}/{file}#:~:text={fragment}" if linked else None})
    return out


def copy_notes(out: Path, config: CourseConfig) -> bool:
    """Copy the notes files the exercises' passages are in into ``out/notes``; False if there are none."""
    source = notes_source()
    if source is None:
        return False
    for file in sorted({p.file for e in config.exercises for p in config.notes_for(e)}):
        src, dst = source / file, out / NOTES_FOLDER / file
        if src.is_file() and (not dst.is_file() or dst.read_bytes() != src.read_bytes()):
            dst.parent.mkdir(parents=True, exist_ok=True)
            tmp = dst.with_name(f".{dst.name}.tmp")
            shutil.copyfile(src, tmp)
            os.replace(tmp, dst)
    return True


# ---------------------------------------------------------------- untrusted text

_BAD_CHARS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff\ufffe\uffff]")
_ANSI = re.compile(r"\x1b\[[0-9;?]*[ -/]*[@-~]")


def clean(value):
    """``value`` with every string made safe to encode as UTF-8 and XML 1.0."""
    if isinstance(value, str):
        return _BAD_CHARS.sub("\ufffd", _ANSI.sub("", value))
    if isinstance(value, dict):
        return {k: clean(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [clean(v) for v in value]
    return value


_MD_LINE_START = re.compile(r"^([ \t]*)(\d*)([-+=.)])(?=\s|$|[-= \t]*$)", re.M)
_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]<>#|~])")


def md_text(s) -> str:
    """Inline Markdown that shows ``s`` literally: no HTML, links, emphasis or code."""
    s = str(s).replace("&", "&amp;")
    s = _MD_SPECIAL.sub(lambda m: {"<": "&lt;", ">": "&gt;"}.get(m.group(1), "\\" + m.group(1)), s)
    # a line that would start a list item, underline a heading or draw a rule
    return _MD_LINE_START.sub(r"\1\2\\\3", s)


def md_cell(s) -> str:
    return " ".join(md_text(s).splitlines()) or " "


def md_block(s) -> str:
    """``s`` as a fenced code block that nothing inside can close."""
    s = str(s)
    longest = max((len(run) for run in re.findall(r"`+", s)), default=0)
    fence = "`" * max(3, longest + 1)
    return f"{fence}text\n{s}\n{fence}"


def csv_safe(value):
    """Spreadsheets run a cell that starts with = + - @ (or a tab or CR) as a formula."""
    if isinstance(value, str) and value and (value[0] in "=+-@\t\r\n" or value.lstrip()[:1] in ("=", "+", "-", "@")):
        return "'" + value
    return value


# ---------------------------------------------------------------- feedback

_FIELD = re.compile(r"^  (input|expected|got|hint):[ ]?(.*)$")
LABELS = {"input": "Failing input", "expected": "Expected", "got": "Your result", "hint": "Hint"}


def parse_feedback(text: str) -> dict:
    """Split the grader's feedback (a message, then ``  input: ...``,
    ``  expected: ...``, ``  got: ...``, ``  hint: ...`` lines) into parts."""
    message, fields, current = [], {}, None
    for line in (text or "").splitlines():
        m = _FIELD.match(line)
        if m and m.group(1) not in fields:
            current = m.group(1)
            fields[current] = [m.group(2).strip() if current == "hint" else m.group(2).lstrip()]
        elif current is not None:
            fields[current].append(line)
        else:
            message.append(line)
    return {"message": "\n".join(message).strip(),
            **{k: "\n".join(v).rstrip() for k, v in fields.items()}}


def hidden_feedback(text: str) -> str:
    """A hidden test's feedback without input, expected or returned values."""
    parts = parse_feedback(text)
    if not {"input", "expected", "got"} & set(parts):
        return text  # the grader already stripped it: keep it exactly
    return parts["message"] + (f"\n  hint: {parts['hint']}" if parts.get("hint") else "")


def student_view(public: dict) -> dict:
    """What the student may see of ``StudentResult.to_json()``: cleaned, and
    hidden tests reduced to their name, result and stripped message."""
    view = clean(public)
    for ex in view["exercises"]:
        for t in ex["tests"]:
            t.pop("details", None)
            if t.get("visibility") != "visible":
                t["feedback"] = hidden_feedback(t.get("feedback", ""))
                t.pop("output", None)
    return view


# ---------------------------------------------------------------- templates

def _env() -> Environment:
    env = Environment(loader=PackageLoader("grader.reports", "templates"),
                      autoescape=select_autoescape(["html", "j2"], default_for_string=True),
                      trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True)
    env.filters["md"] = md_text
    env.filters["mdcell"] = md_cell
    env.filters["mdblock"] = md_block
    env.filters["points"] = lambda v: f"{float(v or 0):.2f}".rstrip("0").rstrip(".") if v is not None else ""
    env.filters["status"] = lambda s: str(s).replace("_", " ")
    env.filters["when"] = when
    env.globals["meter"] = charts.meter
    return env


def when(iso) -> str:
    """``2026-11-23T10:00:00+00:00`` as ``2026-11-23 10:00 UTC``; other text unchanged."""
    if not iso:
        return ""
    try:
        dt = datetime.fromisoformat(str(iso))
    except ValueError:
        return str(iso)
    if dt.tzinfo is None:
        return dt.strftime("%Y-%m-%d %H:%M")
    offset = dt.utcoffset()
    zone = "UTC" if not offset else dt.strftime("UTC%z")
    return dt.strftime("%Y-%m-%d %H:%M ") + zone


ENV = _env()
MD_ENV = ENV.overlay(autoescape=False)


def _script(name: str) -> tuple[str, str]:
    """An inline script and the Content-Security-Policy that allows it alone:
    no other script (nor an injected event handler) can run, nothing can be
    fetched, and styles are inline only."""
    text = ENV.get_template(name).render()
    digest = base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode()
    csp = (f"default-src 'none'; script-src 'sha256-{digest}'; style-src 'unsafe-inline'; "
           "img-src data:; base-uri 'none'; form-action 'none'")
    return text, csp


def atomic_write(path: Path, data: str | bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data.encode("utf-8") if isinstance(data, str) else data)
        os.replace(tmp, path)
    except BaseException:
        os.unlink(tmp)
        raise


def sweep_torn_writes(folder: Path) -> None:
    """Remove the temporary files of an :func:`atomic_write` that never
    finished (the grader was killed mid-write): the rewrite that follows
    replaces what they were for."""
    if folder.is_dir():
        for stale in folder.glob(".*.*"):
            if stale.is_file() and not stale.is_symlink():
                stale.unlink(missing_ok=True)


def _folder(out: Path, student: str) -> Path:
    from grader.intake.submissions import valid_student_id
    if not valid_student_id(student):
        raise ValueError(f"refusing to write reports for the invalid student id {student!r}")
    return out / student


# ---------------------------------------------------------------- per student

def write_student(record: dict, out: Path, config: CourseConfig) -> None:
    """result.json, report.md, report.html, gradescope.json, junit.xml (and
    graded/<exercise>.py for exercises graded from a notebook)."""
    from grader.engine.grading import StudentResult
    result = StudentResult.from_record(record)
    folder = _folder(out, result.student)
    sweep_torn_writes(folder)
    public = student_view(result.to_json())
    if record.get("quiz"):
        public["quiz"] = {"score": _num(record["quiz"]["score"]), "max_score": _num(record["quiz"]["max_score"])}
    if record.get("quizzes"):
        from grader.quiz.scores import student_view as quiz_view
        public["quizzes"] = [quiz_view(q) for q in record["quizzes"]]
    atomic_write(folder / "result.json", json.dumps(public, indent=2, ensure_ascii=False))
    ctx = report_context(public, clean(result.time_source), linked=notes_source() is not None, config=config)
    atomic_write(folder / "report.md", MD_ENV.get_template("report.md.j2").render(**ctx))
    atomic_write(folder / "report.html", ENV.get_template("report.html.j2").render(**ctx))
    atomic_write(folder / "gradescope.json", json.dumps(gradescope(public, record, config.exercises), indent=2))
    atomic_write(folder / "junit.xml", junit(public))
    write_extracted(record, folder)


def write_extracted(record: dict, folder: Path) -> None:
    """``graded/<exercise>.py``: the module graded from each notebook, as
    stored with the attempt, so instructor and student see exactly what ran."""
    for exercise, extraction in sorted((record.get("extracted") or {}).items()):
        if re.fullmatch(r"[a-z][a-z0-9_]*", exercise) and isinstance(extraction, dict):
            atomic_write(folder / "graded" / f"{exercise}.py", str(extraction.get("code", "")))


def report_context(public: dict, time_source: str, linked: bool, config: CourseConfig) -> dict:
    exercises = []
    for ex in public["exercises"]:
        tests = []
        for t in ex["tests"]:
            show = t["status"] != "passed" and t["status"] != "not_submitted"
            parts = parse_feedback(t["feedback"]) if show else {"message": ""}
            tests.append(t | {"parts": parts, "open": show and bool(t["feedback"] or t.get("output"))})
        counts = Counter(t["status"] for t in ex["tests"])
        exercises.append(ex | {
            "tests": tests, "notes": notes_links(config.notes_for(ex["name"]), linked),
            "fraction": ex["score"] / ex["max_score"] if ex["max_score"] else 0.0,
            "passed": counts["passed"], "count": len(ex["tests"]),
            "not_submitted": bool(ex["tests"]) and counts["not_submitted"] == len(ex["tests"]),
            # tests that need attention first, then the passed (or not run) ones, collapsed
            "attention": [t for t in tests if t["status"] in FAILING],
            "others": [t for t in tests if t["status"] not in FAILING]})
    script, csp = _script("print.js.j2")
    return {"r": public, "time_source": time_source, "exercises": exercises, "mark": MARK,
            "script": script, "csp": csp,
            "labels": LABELS, "fraction": public["score"] / public["max_score"] if public["max_score"] else 0.0}


def gradescope(public: dict, record: dict, exercises: tuple[str, ...]) -> dict:
    """Gradescope's results.json schema (gradescope-autograders.readthedocs.io,
    "Autograder Specifications").  The top-level score is the one after the
    late penalty, so it overrides the sum of the tests.  Tests are numbered
    by the exercise's place in the course (``exercises``)."""
    tests = []
    for ex in public["exercises"]:
        ex_no = exercises.index(ex["name"]) + 1 if ex["name"] in exercises else 0
        for i, t in enumerate(ex["tests"], 1):
            tests.append({
                "name": t["name"], "number": f"{ex_no}.{i}",
                "score": t["score"], "max_score": t["max_score"],
                "status": "passed" if t["status"] == "passed" else "failed",
                "output": _test_output(t),
                # hidden tests: name and result once grades are published
                "visibility": "visible" if t["visibility"] == "visible" else "after_published",
                "tags": [ex["name"], t["status"]]})
    lines = [f"Total {public['score']:.2f} / {public['max_score']:.2f} points."]
    if public["late_penalty"]:
        lines.append(f"Late penalty: {public['late_penalty']:.2f} points deducted from {public['raw_score']:.2f}.")
    lines.append(f"Late policy: {public['late_note']}")
    lines += public.get("problems") or []
    seconds = record.get("seconds") or 0.0
    return {"score": public["score"], "execution_time": int(math.ceil(seconds)) if seconds > 0 else 0,
            "output": "\n".join(lines), "output_format": "text", "test_output_format": "text",
            "test_name_format": "text", "visibility": "visible", "tests": tests}


def _test_output(t: dict) -> str:
    text = "not submitted" if t["status"] == "not_submitted" else t["feedback"]
    if t.get("output"):
        text += ("\n\n" if text else "") + "Your code printed:\n" + t["output"]
    return text


JUNIT_TAG = {"failed": "failure", "error": "error", "timeout": "error", "not_submitted": "skipped"}


def junit(public: dict) -> bytes:
    """JUnit XML: a testsuite per exercise, a testcase per test."""
    totals = Counter()
    suites = ET.Element("testsuites", name=f"grader: {public['student']}")
    for ex in public["exercises"]:
        tests = ex["tests"]
        counts = {"tests": len(tests), "failures": sum(t["status"] == "failed" for t in tests),
                  "errors": sum(t["status"] in ("error", "timeout") for t in tests),
                  "skipped": sum(t["status"] == "not_submitted" for t in tests)}
        totals.update(counts)
        suite = ET.SubElement(suites, "testsuite", name=ex["name"], time="0",
                              **{k: str(v) for k, v in counts.items()})
        for t in tests:
            case = ET.SubElement(suite, "testcase", classname=ex["name"], name=t["name"], time="0")
            tag = JUNIT_TAG.get(t["status"])
            if tag:
                first = t["feedback"].splitlines()[0] if t["feedback"] else t["status"].replace("_", " ")
                node = ET.SubElement(case, tag, message=first, type=t["status"])
                if tag != "skipped":
                    node.text = t["feedback"]
            if t.get("output"):
                ET.SubElement(case, "system-out").text = t["output"]
    for k in ("tests", "failures", "errors", "skipped"):
        suites.set(k, str(totals[k]))
    ET.indent(suites)
    return ET.tostring(suites, encoding="utf-8", xml_declaration=True) + b"\n"


# ---------------------------------------------------------------- class

def with_quiz(records: list[dict], db) -> list[dict]:
    """The records with each student's quiz results attached: ``record["quiz"]``
    (the whole-bank quiz) and ``record["quizzes"]`` (one report per named quiz);
    ``db`` is the gradebook or a ``QuizResults`` already read from it.
    Unchanged when nobody took a quiz."""
    from grader.quiz.scores import QuizResults
    results = db if isinstance(db, QuizResults) else QuizResults(db)
    for r in records:
        r.update(results.fields(r["student"]))
    return records


def _named_quizzes(records: list[dict]) -> list[dict]:
    """The named quizzes of the class (id, title, column), from the first record with them."""
    return next(([{"id": q["id"], "title": q["title"], "column": q["column"]} for q in r["quizzes"]]
                 for r in records if r.get("quizzes")), [])


def _quiz_cell(record: dict, quiz_id: str) -> dict:
    return next((q for q in record.get("quizzes") or [] if q["id"] == quiz_id), {})


def write_all(records: list[dict], out: Path, config: CourseConfig) -> None:
    for record in records:
        write_student(record, out, config)
    write_class(records, out, config)


def write_class(records: list[dict], out: Path, config: CourseConfig) -> None:
    """gradebook.csv, gradebook-canvas.csv and index.html (and the notes the reports link to)."""
    copy_notes(out, config)
    course = config.name
    records = sorted(records, key=lambda r: r["student"])
    exercises = [e for e in config.exercises if any(ex["name"] == e for r in records for ex in r["exercises"])]
    exercises += sorted({ex["name"] for r in records for ex in r["exercises"]} - set(exercises))
    atomic_write(out / "gradebook.csv", gradebook_csv(records, exercises))
    atomic_write(out / "gradebook-canvas.csv", canvas_csv(records, exercises))
    atomic_write(out / "index.html", dashboard(records, exercises, course))


def _num(v) -> float:
    """Points for an LMS: two decimals (the grader's 4-decimal test points can
    add up to 19.9999 of 20)."""
    return round(float(v or 0.0) + 1e-9, 2)


def gradebook_csv(records: list[dict], exercises: list[str]) -> str:
    """One row per student: total and per-exercise columns.  Moodle's "Import
    grades: CSV file" maps the ``student`` column to a user field (username
    or ID number) and each score column to a grade item."""
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\r\n")
    quiz = any(r.get("quiz") for r in records)
    named = _named_quizzes(records)
    w.writerow(["student", "total", "max_score", *exercises, *(["quiz", "quiz_max"] if quiz else []),
                *[c for q in named for c in (q["column"], q["column"] + "_max")],
                "late_penalty", "submitted_at"])
    for r in map(clean, records):
        per = {ex["name"]: ex["score"] for ex in r["exercises"]}
        q = r.get("quiz") or {}
        cells = [_quiz_cell(r, n["id"]) for n in named]
        w.writerow([csv_safe(r["student"]), _num(r["score"]), _num(r["max_score"]),
                    *[_num(per.get(e, 0.0)) for e in exercises],
                    *([_num(q.get("score", 0.0)), _num(q.get("max_score", 0.0))] if quiz else []),
                    *[v for c in cells for v in (_num(c.get("score", 0.0)), _num(c.get("max_score", 0.0)))],
                    _num(r["late_penalty"]), csv_safe(r.get("submitted_at") or "")])
    return buf.getvalue()


def canvas_csv(records: list[dict], exercises: list[str]) -> str:
    """Canvas's gradebook import layout: Student, ID, SIS User ID, SIS Login ID,
    Section, then one column per assignment and a "Points Possible" row.
    Students are matched by SIS Login ID (the submission folder name); each
    score column becomes an assignment (or is mapped/ignored on import)."""
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\r\n")
    quiz_max = max((r["quiz"]["max_score"] for r in records if r.get("quiz")), default=None)
    named = _named_quizzes(records)
    named_max = [max((_quiz_cell(r, n["id"]).get("max_score", 0.0) for r in records), default=0.0)
                 for n in named]
    w.writerow(["Student", "ID", "SIS User ID", "SIS Login ID", "Section", "Autograder total", *exercises,
                *(["Quiz"] if quiz_max is not None else []), *[f"Quiz: {n['title']}" for n in named]])
    maxima = {e: max((ex["max_score"] for r in records for ex in r["exercises"] if ex["name"] == e), default=0.0)
              for e in exercises}
    w.writerow(["Points Possible", "", "", "", "", _num(max((r["max_score"] for r in records), default=0.0)),
                *[_num(maxima[e]) for e in exercises], *([_num(quiz_max)] if quiz_max is not None else []),
                *[_num(m) for m in named_max]])
    for r in map(clean, records):
        per = {ex["name"]: ex["score"] for ex in r["exercises"]}
        quiz = [_num(r["quiz"]["score"]) if r.get("quiz") else ""] if quiz_max is not None else []
        w.writerow([csv_safe(r["student"]), "", "", csv_safe(r["student"]), "", _num(r["score"]),
                    *[_num(per[e]) if e in per else "" for e in exercises], *quiz,
                    *[_num(_quiz_cell(r, n["id"]).get("score", 0.0)) for n in named]])
    return buf.getvalue()


def item_analysis(records: list[dict], exercises: list[str], limit: int = 30) -> list[dict]:
    """Tests ranked by the share of students who submitted the exercise and
    did not pass them (failed, error or timeout); ties in the order of ``exercises``."""
    stats: dict[tuple[str, str], Counter] = {}
    visibility = {}
    for r in records:
        for ex in r["exercises"]:
            for t in ex["tests"]:
                key = (ex["name"], t["name"])
                stats.setdefault(key, Counter())[t["status"]] += 1
                visibility[key] = t.get("visibility", "hidden")
    order = {e: i for i, e in enumerate(exercises)}
    items = []
    for (exercise, name), c in stats.items():
        attempted = sum(c.values()) - c["not_submitted"]
        failing = sum(c[s] for s in FAILING)
        if not failing:
            continue
        items.append({"exercise": exercise, "name": name, "visibility": visibility[(exercise, name)],
                      "failing": failing, "attempted": attempted, "fraction": failing / attempted,
                      "percent": round(100 * failing / attempted),
                      "errors": c["error"] + c["timeout"], "not_submitted": c["not_submitted"]})
    items.sort(key=lambda i: (-i["fraction"], -i["failing"], order.get(i["exercise"], 99), i["name"]))
    return items[:limit]


def exercise_stats(records: list[dict], exercises: list[str]) -> tuple[list[dict], dict, dict]:
    per_ex, maxima, rows = {}, {}, []
    for e in exercises:
        scores, submitted, full = [], 0, 0
        for r in records:
            ex = next((x for x in r["exercises"] if x["name"] == e), None)
            if ex is None:
                continue
            scores.append(ex["score"])
            submitted += any(t["status"] != "not_submitted" for t in ex["tests"])
            full += ex["max_score"] > 0 and ex["score"] >= ex["max_score"] - 0.005
        m = max((x["max_score"] for r in records for x in r["exercises"] if x["name"] == e), default=0.0)
        per_ex[e], maxima[e] = scores, m or 1.0
        n = len(scores)
        rows.append({"name": e, "max_score": m, "n": n, "submitted": submitted, "full": full,
                     "mean": statistics.fmean(scores) if n else 0.0,
                     "median": statistics.median(scores) if n else 0.0,
                     "sd": statistics.pstdev(scores) if n > 1 else 0.0,
                     "min": min(scores) if n else 0.0, "max": max(scores) if n else 0.0,
                     "fraction": (statistics.fmean(scores) / m) if n and m else 0.0})
    return rows, per_ex, maxima


def dashboard(records: list[dict], exercises: list[str], course: str) -> str:
    records = sorted((clean(r) for r in records), key=lambda r: r["student"])
    scores = [r["score"] for r in records]
    max_score = max((r["max_score"] for r in records), default=100.0)
    ex_rows, per_ex, maxima = exercise_stats(records, exercises)
    students = [{"student": r["student"], "score": r["score"], "max_score": r["max_score"],
                 "late_penalty": r["late_penalty"], "submitted_at": r.get("submitted_at") or "",
                 "link": f"{quote(r['student'], safe='')}/report.html",
                 "per_exercise": {ex["name"]: ex["score"] for ex in r["exercises"]}} for r in records]
    script, csp = _script("sort.js.j2")
    return ENV.get_template("index.html.j2").render(
        script=script, csp=csp, course=clean(course), students=students, exercises=exercises, ex_rows=ex_rows,
        items=item_analysis(records, exercises), max_score=max_score,
        summary={"n": len(scores), "mean": statistics.fmean(scores) if scores else 0.0,
                 "median": statistics.median(scores) if scores else 0.0,
                 "sd": statistics.pstdev(scores) if len(scores) > 1 else 0.0,
                 "min": min(scores, default=0.0), "max": max(scores, default=0.0),
                 "late": sum(1 for r in records if r["late_penalty"])},
        generated=datetime.now(timezone.utc).isoformat(timespec="seconds"),
        histogram_svg=charts.histogram(scores, max_score),
        exercises_svg=charts.exercise_bars(per_ex, maxima))
