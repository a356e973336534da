"""Everything written to the output folder, rendered from the gradebook:
per student result.json, report.md, report.html, gradescope.json, junit.xml;
for the class gradebook.csv and index.html."""
from grader.reports.writer import with_quiz, write_all, write_class, write_student  # noqa: F401
