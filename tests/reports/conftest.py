"""Fixtures of the report tests: the class of report_data written through the
real writer, and a headless Chromium driven by Selenium."""
from __future__ import annotations

from pathlib import Path

import pytest
from report_data import CONFIG, build_class

from grader import reports
from grader.engine.grading import StudentResult


@pytest.fixture(scope="session")
def class_results() -> list[StudentResult]:
    return build_class()


@pytest.fixture(scope="session")
def class_records(class_results) -> list[dict]:
    return [r.to_record() for r in class_results]


@pytest.fixture(scope="session")
def class_out(class_records, tmp_path_factory) -> Path:
    """The class written by grader.reports.write_all."""
    out = tmp_path_factory.mktemp("reports") / "out"
    reports.write_all(class_records, out, CONFIG)
    return out
