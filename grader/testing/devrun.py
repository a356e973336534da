"""Run one exercise's hidden suite on one folder of student files, for suite
authors:  python -m grader.testing.devrun EXERCISE solutions/ [--show]

The sandbox limits are the exercise's own from course.toml (found as every
command finds it, see grader/course/bundle.py)."""
import argparse
import shutil
import sys
import tempfile
from pathlib import Path

from grader.course import config as course_config
from grader.engine.grading import suite_and_reference
from grader.sandbox import isolation
from grader.sandbox.client import Student
from grader.sandbox.process import StudentProcess
from grader.testing.suite import run_suite


def main(argv=None):
    ap = argparse.ArgumentParser()
    ap.add_argument("exercise")
    ap.add_argument("folder")
    ap.add_argument("--show", action="store_true", help="print feedback of passed tests too")
    args = ap.parse_args(argv)
    limits = course_config.load().limits_for(args.exercise)
    suite, ref = suite_and_reference(args.exercise)
    with tempfile.TemporaryDirectory() as tmp:
        # the whole folder: one exercise's file may import another's
        for src in Path(args.folder).glob("*.py"):
            shutil.copy(src, tmp)
        with StudentProcess(tmp, isolation.probe(), limits) as proc:
            results = run_suite(suite, Student(proc, limits.call_seconds), ref)
    earned = sum(r.weight for r in results if r.status == "passed")
    for r in results:
        print(f"[{r.status:7}] {r.visibility[0]} {r.weight:g}  {r.name}")
        if r.status != "passed" or args.show:
            print("    " + r.details.replace("\n", "\n    "))
    print(f"{earned:g}/{sum(r.weight for r in results):g} points")
    return 0


if __name__ == "__main__":
    sys.exit(main())
