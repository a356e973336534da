"""Instructor overrides on top of the automatic score.

An override sets (``points``) or adjusts (``add``) the points of one test or
of a whole exercise, with a comment.  It is stored in the gradebook beside the
attempts and applied here, every time the reports are rendered, to the
current attempt: a regrade (forced, partial or not) writes a new attempt and
the same overrides apply to it again.

An override names the submission it reviewed (its content hash).  When the
student has resubmitted since, or the test it names no longer exists, it is
not applied but *flagged*: the automatic score stands and the dashboard and
``grader override --list`` ask the instructor to look again.  Nothing is
dropped silently and nothing stale is applied silently.

Scores stay within ``[0, maximum]`` of the test or exercise unless the
override was given with ``--allow-bonus`` (then only the floor of zero
holds).  The late penalty is a percentage of the points, so it is applied
after the overrides, exactly as after the automatic grading.
"""
from __future__ import annotations

import copy
from collections import defaultdict

RESUBMITTED = "the student resubmitted after this review"


class OverrideError(ValueError):
    """An override names something the gradebook does not have; one sentence."""


def find_test(exercise: dict, name: str) -> dict | None:
    return next((t for t in exercise["tests"] if t["name"] == name), None)


def find_exercise(record: dict, name: str) -> dict | None:
    return next((ex for ex in record["exercises"] if ex["name"] == name), None)


def target_of(record: dict, exercise: str, test: str | None) -> dict:
    """The exercise (or test) of ``record`` an override would change, or an
    OverrideError saying what exists instead."""
    import difflib
    ex = find_exercise(record, exercise)
    if ex is None:
        graded = ", ".join(e["name"] for e in record["exercises"]) or "none"
        raise OverrideError(f"{record['student']} has no graded exercise {exercise!r} (graded: {graded})")
    if test is None:
        return ex
    found = find_test(ex, test)
    if found is None:
        names = [t["name"] for t in ex["tests"]]
        close = [n for n in names if test.lower() in n.lower()] or \
            difflib.get_close_matches(test, names, n=5, cutoff=0.4)
        hint = "; did you mean " + " or ".join(repr(c) for c in close[:5]) if close else \
            f"; see the test names in {record['student']}/result.json"
        more = f" ({len(close) - 5} more)" if len(close) > 5 else ""
        raise OverrideError(f"exercise {exercise} has no test {test!r}{hint}{more}")
    return found


def flag_reason(override: dict, record: dict) -> str:
    """Why ``override`` cannot be applied to ``record`` as it stands ('' if it can)."""
    if override["sha256"] != record.get("sha256"):
        return (f"{RESUBMITTED} (reviewed {override['sha256'][:12]}, "
                f"now {str(record.get('sha256'))[:12]}): check it and add it again")
    ex = find_exercise(record, override["exercise"])
    if ex is None:
        return f"exercise {override['exercise']} is no longer graded"
    if override["test"] is not None and find_test(ex, override["test"]) is None:
        return f"the test {override['test']!r} no longer exists in {override['exercise']}"
    return ""


def clamp(value: float, maximum: float, allow_bonus: bool) -> float:
    value = max(float(value), 0.0)
    return round(value if allow_bonus else min(value, float(maximum)), 4)


def entry(override: dict) -> dict:
    """How an override is shown in every output."""
    return {"id": override["id"], "exercise": override["exercise"], "test": override["test"],
            "kind": override["kind"], "value": override["value"], "allow_bonus": bool(override["allow_bonus"]),
            "comment": override["comment"], "by": override["created_by"], "at": override["created_at"],
            "applied": False, "flag": "", "before": None, "after": None, "adjustment": 0.0}


def apply(record: dict, overrides: list[dict]) -> dict:
    """A copy of ``record`` with ``overrides`` (of its student, oldest first)
    applied: final scores in the usual fields, the automatic ones in
    ``auto_score``, the change in ``adjustment``, the overrides themselves
    (applied or flagged) in ``overrides``."""
    rec = copy.deepcopy(record)
    rec["auto_score"] = record["score"]
    entries = []
    for ex in rec["exercises"]:
        ex["auto_score"], ex["overrides"] = ex["score"], []
    for override in sorted(overrides, key=lambda o: o["id"]):
        shown = entry(override)
        entries.append(shown)
        shown["flag"] = flag_reason(override, rec)
        if shown["flag"]:
            continue
        ex = find_exercise(rec, override["exercise"])
        where = ex if override["test"] is None else find_test(ex, override["test"])
        before = where["score"]
        wanted = override["value"] if override["kind"] == "points" else before + override["value"]
        after = clamp(wanted, where["max_score"], bool(override["allow_bonus"]))
        where.setdefault("auto_score", before)
        where.setdefault("overrides", []).append(shown)
        where["score"] = after
        if where is not ex:
            ex["score"] = round(ex["score"] + after - before, 4)
        shown.update(applied=True, before=before, after=after, adjustment=round(after - before, 4))
    _rescore(rec)
    rec["overrides"] = entries
    return rec


def _rescore(rec: dict) -> None:
    """Totals from the (possibly overridden) exercises, late penalty after."""
    for ex in rec["exercises"]:
        ex["adjustment"] = round(ex["score"] - ex["auto_score"], 4)
        for t in ex["tests"]:
            if "auto_score" in t:
                t["adjustment"] = round(t["score"] - t["auto_score"], 4)
    if not any(ex["adjustment"] for ex in rec["exercises"]):
        rec["adjustment"] = 0.0
        return
    rec["raw_score"] = round(sum(ex["score"] for ex in rec["exercises"]), 4)
    rec["late_penalty"] = round(rec["raw_score"] * rec.get("late_percent", 0.0) / 100.0, 4)
    rec["score"] = round(max(rec["raw_score"] - rec["late_penalty"], 0.0), 4)
    rec["adjustment"] = round(rec["score"] - rec["auto_score"], 4)


def apply_all(records: list[dict], overrides: list[dict]) -> list[dict]:
    """Every record with its student's overrides applied (and the review
    fields present even when there are none, so every output has one shape)."""
    by_student = defaultdict(list)
    for override in overrides:
        by_student[override["student"]].append(override)
    return [apply(r, by_student.get(r["student"], [])) for r in records]


def reviewed(records: list[dict], gradebook) -> list[dict]:
    """``records`` as they stand after review: what every output is rendered from."""
    return apply_all(records, gradebook.overrides())


def flagged(records: list[dict]) -> list[dict]:
    """The overrides that wait for the instructor, with their student."""
    return [o | {"student": r["student"]} for r in records for o in r.get("overrides", []) if o["flag"]]


def describe(o: dict) -> str:
    """``<exercise> / <test>: set to 2`` or ``<exercise>: +1.5``: one override in words."""
    where = o["exercise"] + (f" / {o['test']}" if o["test"] else "")
    change = f"set to {o['value']:g}" if o["kind"] == "points" else f"{o['value']:+g}"
    return f"{where}: {change}"


def student_fields(public: dict, record: dict) -> dict:
    """The review fields of a reviewed ``record`` added to its student view
    ``public`` (result.json's fixed keys untouched).  Flagged overrides are
    the instructor's business until resolved: only applied ones are shown."""
    def shown(items):
        return [{k: o[k] for k in ("id", "exercise", "test", "kind", "value", "comment", "by", "at",
                                   "before", "after", "adjustment")} for o in items if o["applied"]]

    public["auto_score"] = record.get("auto_score", record["score"])
    public["adjustment"] = record.get("adjustment", 0.0)
    public["overrides"] = shown(record.get("overrides", []))
    for ex_view, ex in zip(public["exercises"], record["exercises"]):
        ex_view["auto_score"] = ex.get("auto_score", ex["score"])
        ex_view["adjustment"] = ex.get("adjustment", 0.0)
        ex_view["overrides"] = shown(ex.get("overrides", []))
        for t_view, t in zip(ex_view["tests"], ex["tests"]):
            if t.get("overrides"):
                t_view.update(auto_score=t["auto_score"], adjustment=t["adjustment"],
                              overrides=shown(t["overrides"]))
    return public


def comment_text(record: dict) -> str:
    """The applied overrides of a reviewed record as plain text, one per
    line, for exports that take one feedback comment per student (LMS)."""
    return "\n".join(f"{o['exercise']}{' / ' + o['test'] if o['test'] else ''}: {o['adjustment']:+g} points"
                     f" ({o['comment']})" for o in record.get("overrides", []) if o["applied"])
