"""The history of one student's grade, oldest first: every attempt (content
hash, when, automatic score), every override added or removed (who, when,
why), and the final score as every report shows it now."""
from __future__ import annotations

from grader.review import overrides as review


def timeline(gradebook, student: str) -> dict:
    """``{"events": [...], "final": reviewed record or None}``; events are
    dicts with ``kind`` in ``attempt``, ``added``, ``removed`` and ``at``."""
    events = []
    for attempt_id, sha256, graded_at, score, current in gradebook.history(student):
        events.append({"kind": "attempt", "at": graded_at, "id": attempt_id, "sha256": sha256,
                       "score": score, "current": bool(current)})
    for log in gradebook.override_log(student):
        o = log["override"]
        events.append({"kind": log["action"], "at": log["at"], "id": log["override_id"], "by": log["by"],
                       "comment": log["comment"],
                       "what": review.describe({"exercise": o["exercise"], "test": o["test"],
                                                "kind": o["kind"], "value": o["value"]}),
                       "sha256": o["sha256"]})
    # Same-second events keep the order they were written in (attempts and
    # log entries are both numbered in insertion order within their table).
    events.sort(key=lambda e: e["at"])
    record = gradebook.current_record(student)
    final = review.apply(record, gradebook.overrides(student)) if record else None
    return {"events": events, "final": final}


def lines(history: dict) -> list[str]:
    """The timeline as terminal lines."""
    out = []
    for e in history["events"]:
        if e["kind"] == "attempt":
            mark = " (current)" if e["current"] else ""
            out.append(f"{e['at']}  graded     {e['sha256'][:12]}  automatic score {e['score']:g}{mark}")
        else:
            out.append(f"{e['at']}  override #{e['id']} {e['kind']} by {e['by']}: {e['what']}"
                       f" (on {e['sha256'][:12]}) - {e['comment']}")
    final = history["final"]
    if final is None:
        out.append("never graded")
        return out
    for o in final["overrides"]:
        if o["flag"]:
            out.append(f"override #{o['id']} is flagged, not applied: {o['flag']}")
    out.append(f"final score {final['score']:g} / {final['max_score']:g}"
               f" (automatic {final['auto_score']:g}, adjustment {final['adjustment']:+g})")
    return out
