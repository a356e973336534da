"""Hidden-test machinery: ``suite`` (declaring and running tests) and
``checks`` (assertions whose failures become feedback)."""
from grader.testing.checks import (Failure, as_array, as_float, expect, expect_close, expect_equal,  # noqa: F401
                     expect_raises, expect_unchanged)
from grader.testing.suite import Suite, TestResult, run_suite  # noqa: F401
