"""Render the gradebook's current attempts into the output folder.

Every file is written to a temporary name and renamed into place, so a
grader killed mid-write never leaves a half-written report.  All text a
student controls (ids, printed output, exception messages) goes through
Jinja2's autoescaping in HTML and is escaped for Markdown, CSV and XML.
"""
from __future__ import annotations

import csv
import io
import json
import os
import statistics
import tempfile
import xml.etree.ElementTree as ET
from collections import defaultdict
from datetime import datetime, timezone
from pathlib import Path

from jinja2 import Environment, PackageLoader, select_autoescape

from ..config import EXERCISES
from . import charts

MARK = {"passed": "✔", "failed": "✘", "error": "⚠", "timeout": "⏱", "not_submitted": "–"}

# Where each exercise is taught: shown in reports so students know what to reread.
NOTES = {
    "neuron": "003_fb44594f36c7507d.txt (Layers: the neuron example) · 000_7462f8ef9b0582c8.txt "
              "(activation functions, the softmax table; MSE, BCE, CCE) · 002_25ed6edc0cff832e.txt (loss functions)",
    "perceptron": "001_629117b4bfcd7762.txt (the perceptron training algorithm; logic gates with a perceptron)",
    "mlp": "000_7462f8ef9b0582c8.txt (the 2-2-2 backpropagation walk-through; initialisation) · "
           "001_629117b4bfcd7762.txt (MLP learning algorithm, the 4-2-1 example) · 003_fb44594f36c7507d.txt (XOR network)",
    "optimizers": "001_629117b4bfcd7762.txt (optimizers: GD, SGD, mini-batch, momentum, Adagrad, RMSProp, Adam) · "
                  "000_7462f8ef9b0582c8.txt (epochs, batch size, learning rate)",
    "dropout": "001_629117b4bfcd7762.txt (dropout; early stopping with patience) · 002_25ed6edc0cff832e.txt (dropout rate advice)",
    "keras_dnn": "000_7462f8ef9b0582c8.txt (the simple Keras DNN) · 002_25ed6edc0cff832e.txt (the Keras pipeline)",
}


def _md_text(s) -> str:
    return str(s).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _env() -> Environment:
    env = Environment(loader=PackageLoader("grader.reports", "templates"),
                      autoescape=select_autoescape(["html", "j2"], default_for_string=True),
                      trim_blocks=False, lstrip_blocks=False, keep_trailing_newline=True)
    env.filters["mdtext"] = _md_text
    env.filters["mdcell"] = lambda s: _md_text(s).replace("|", "\\|").replace("\n", " ")
    env.filters["fence"] = lambda s: str(s).replace("```", "`\u200b`\u200b`")
    return env


ENV = _env()


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


# ---------------------------------------------------------------- per student

def write_student(record: dict, out: Path) -> None:
    """result.json, report.md, report.html, gradescope.json, junit.xml."""
    from ..grading import StudentResult
    result = StudentResult.from_record(record)
    folder = out / result.student
    public = result.to_json()
    atomic_write(folder / "result.json", json.dumps(public, indent=2, ensure_ascii=False))
    ctx = {"r": public | {"time_source": result.time_source}, "mark": MARK, "notes": NOTES}
    atomic_write(folder / "report.md", ENV.overlay(autoescape=False).get_template("report.md.j2").render(**ctx))
    atomic_write(folder / "report.html", ENV.get_template("report.html.j2").render(**ctx))
    atomic_write(folder / "gradescope.json", json.dumps(gradescope(public, record), indent=2))
    atomic_write(folder / "junit.xml", junit(public))


def gradescope(public: dict, record: dict) -> dict:
    """Gradescope's results.json schema."""
    tests, number = [], 0
    for ex in public["exercises"]:
        for i, t in enumerate(ex["tests"], 1):
            number += 1
            tests.append({
                "name": t["name"], "number": f"{EXERCISES.index(ex['name']) + 1 if ex['name'] in EXERCISES else 0}.{i}",
                "score": t["score"], "max_score": t["max_score"],
                "status": "passed" if t["status"] == "passed" else "failed",
                "output": t["feedback"], "visibility": "visible" if t["visibility"] == "visible" else "after_published",
                "tags": [ex["name"], t["status"]]})
    output = f"Late policy: {public['late_note']}"
    if public.get("problems"):
        output += "\n" + "\n".join(public["problems"])
    return {"score": public["score"], "execution_time": record.get("seconds", 0.0),
            "output": output, "visibility": "visible", "tests": tests}


def junit(public: dict) -> bytes:
    suites = ET.Element("testsuites", name=f"grader: {public['student']}")
    for ex in public["exercises"]:
        tests = ex["tests"]
        suite = ET.SubElement(suites, "testsuite", name=ex["name"], tests=str(len(tests)),
                              failures=str(sum(t["status"] == "failed" for t in tests)),
                              errors=str(sum(t["status"] in ("error", "timeout") for t in tests)),
                              skipped=str(sum(t["status"] == "not_submitted" for t in tests)))
        for t in tests:
            case = ET.SubElement(suite, "testcase", classname=ex["name"], name=t["name"])
            tag = {"failed": "failure", "error": "error", "timeout": "error", "not_submitted": "skipped"}.get(t["status"])
            if tag:
                ET.SubElement(case, tag, message=t["feedback"].splitlines()[0] if t["feedback"] else t["status"]).text = t["feedback"]
            if t.get("output"):
                ET.SubElement(case, "system-out").text = t["output"]
    return ET.tostring(suites, encoding="utf-8", xml_declaration=True)


# ---------------------------------------------------------------- class

def write_all(records: list[dict], out: Path, course: str = "Course") -> None:
    for record in records:
        write_student(record, out)
    write_class(records, out, course)


def write_class(records: list[dict], out: Path, course: str) -> None:
    exercises = [e for e in EXERCISES if any(ex["name"] == e for r in records for ex in r["exercises"])]
    atomic_write(out / "gradebook.csv", gradebook_csv(records, exercises))
    atomic_write(out / "index.html", dashboard(records, exercises, course))


def gradebook_csv(records: list[dict], exercises: list[str]) -> str:
    """One row per student, total and per-exercise columns (Canvas/Moodle import)."""
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(["student", "total", "max_score", *exercises, "late_penalty", "submitted_at"])
    for r in records:
        per = {ex["name"]: ex["score"] for ex in r["exercises"]}
        w.writerow([_csv_safe(r["student"]), r["score"], r["max_score"], *[per.get(e, 0.0) for e in exercises],
                    r["late_penalty"], r.get("submitted_at") or ""])
    return buf.getvalue()


def _csv_safe(text: str) -> str:
    """Spreadsheets run cells that start with = + - @ as formulas."""
    return "'" + text if text[:1] in ("=", "+", "-", "@") else text


def dashboard(records: list[dict], exercises: list[str], course: str) -> str:
    scores = [r["score"] for r in records]
    max_score = max((r["max_score"] for r in records), default=100.0)
    failing = defaultdict(int)
    for r in records:
        for ex in r["exercises"]:
            for t in ex["tests"]:
                if t["status"] != "passed":
                    failing[(ex["name"], t["name"])] += 1
    n = len(records) or 1
    items = [{"exercise": e, "name": name, "failing": k, "of": len(records), "percent": round(100 * k / n)}
             for (e, name), k in sorted(failing.items(), key=lambda kv: (-kv[1], kv[0]))][:25]
    per_ex = {e: [next((ex["score"] for ex in r["exercises"] if ex["name"] == e), 0.0) for r in records]
              for e in exercises}
    ex_max = {e: max((ex["max_score"] for r in records for ex in r["exercises"] if ex["name"] == e), default=1.0)
              for e in exercises}
    students = [{"student": r["student"], "score": r["score"], "late_penalty": r["late_penalty"],
                 "link": f"{_url_quote(r['student'])}/report.html",
                 "per_exercise": {ex["name"]: ex["score"] for ex in r["exercises"]}} for r in records]
    return ENV.get_template("index.html.j2").render(
        course=course, students=students, exercises=exercises, items=items, max_score=max_score,
        mean=statistics.fmean(scores) if scores else 0.0,
        median=statistics.median(scores) if scores else 0.0,
        generated=datetime.now(timezone.utc).isoformat(timespec="seconds"),
        histogram_svg=charts.histogram(scores, max_score),
        exercises_svg=charts.exercise_bars(per_ex, ex_max))


def _url_quote(s: str) -> str:
    from urllib.parse import quote
    return quote(s, safe="")
