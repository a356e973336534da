"""Everything written to the output folder, rendered from the gradebook:
per student result.json, report.md, report.html, gradescope.json, junit.xml;
for the class gradebook.csv and index.html.  ``grader export`` (reports/lms.py)
renders the same records for an LMS."""
from pathlib import Path

from grader.reports.writer import with_quiz, write_all, write_class, write_student  # noqa: F401


def final_records(db: Path) -> list[dict]:
    """The records every report and export renders: each student's current
    attempt with the instructor's overrides applied and the quiz scores
    added, by student id."""
    from grader.review.overrides import reviewed
    from grader.store.gradebook import Gradebook
    with Gradebook(db) as gb:
        return with_quiz(reviewed(gb.current(), gb), db)
