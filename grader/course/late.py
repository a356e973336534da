"""The late policy: a grace period, a percentage per started day late, zero
after a cut-off, and per-student extensions.  Returns the penalty and a
sentence that tells the student how it was computed."""
from __future__ import annotations

import math
from datetime import datetime, timedelta

from grader.course.config import LatePolicy


def penalty(student: str, submitted_at: datetime | None, policy: LatePolicy) -> tuple[float, str]:
    """(percent of the score deducted, explanation)."""
    if policy.deadline is None:
        return 0.0, "no deadline set"
    if submitted_at is None:
        return 0.0, "submission time unknown: no late penalty applied"
    extra = policy.extensions.get(student, 0.0)
    due = policy.deadline + timedelta(days=extra)
    due_text = due.isoformat(timespec="minutes") + (f" (with a {extra:g}-day extension)" if extra else "")
    late_by = submitted_at - due
    if late_by <= timedelta(minutes=policy.grace_minutes):
        return 0.0, f"on time (due {due_text})"
    days = late_by.total_seconds() / 86400
    started_days = math.ceil(days)
    if policy.cutoff_days is not None and days > policy.cutoff_days:
        return 100.0, (f"submitted {days:.2f} days after {due_text}, past the "
                       f"{policy.cutoff_days:g}-day cut-off: scored zero")
    percent = min(100.0, started_days * policy.percent_per_day)
    return percent, (f"submitted {days:.2f} days after {due_text}: {started_days} started "
                     f"day(s) x {policy.percent_per_day:g}% = {percent:g}% deducted")
