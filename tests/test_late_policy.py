"""The late policy: grace, percent per started day, cut-off, extensions."""
from datetime import datetime, timedelta, timezone

import pytest

from grader.course.config import LatePolicy
from grader.course.late import penalty

DUE = datetime(2026, 11, 21, 23, 59, tzinfo=timezone.utc)
POLICY = LatePolicy(deadline=DUE, grace_minutes=15, percent_per_day=10, cutoff_days=5,
                    extensions={"dana": 2})


@pytest.mark.parametrize("late_by, percent", [
    (timedelta(hours=-3), 0.0),
    (timedelta(minutes=14), 0.0),            # inside the grace period
    (timedelta(minutes=16), 10.0),           # first started day
    (timedelta(days=1, minutes=1), 20.0),
    (timedelta(days=4, hours=23), 50.0),
    (timedelta(days=5, hours=1), 100.0),     # past the cut-off
])
def test_percent_per_started_day(late_by, percent):
    got, note = penalty("ben", DUE + late_by, POLICY)
    assert got == percent
    assert note  # every verdict is explained


def test_extension_moves_the_deadline():
    assert penalty("dana", DUE + timedelta(days=1), POLICY)[0] == 0.0
    assert penalty("dana", DUE + timedelta(days=2, hours=1), POLICY)[0] == 10.0
    assert "extension" in penalty("dana", DUE + timedelta(days=2, hours=1), POLICY)[1]


def test_unknown_time_is_not_penalised():
    percent, note = penalty("ben", None, POLICY)
    assert percent == 0.0 and "unknown" in note


def test_note_shows_the_computation():
    _, note = penalty("chen", DUE + timedelta(days=1, hours=10), POLICY)
    assert "2 started day(s) x 10% = 20% deducted" in note
