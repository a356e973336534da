"""Run one exercise's hidden suite on one folder of student files, for suite
authors:  python -m grader.testing.devrun neuron solutions/ [--show]"""
import argparse
import shutil
import sys
import tempfile
from pathlib import Path

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
    import importlib
    from reference.hidden import load_suite
    suite = load_suite(args.exercise)
    ref = importlib.import_module(f"reference.{args.exercise}")
    with tempfile.TemporaryDirectory() as tmp:
        # the whole folder: a student's mlp.py may import their neuron.py
        for src in Path(args.folder).glob("*.py"):
            shutil.copy(src, tmp)
        limits = isolation.Limits(memory_mb=8192 if args.exercise == "keras_dnn" else 2048,
                                  cpu_seconds=900 if args.exercise == "keras_dnn" else 120)
        with StudentProcess(tmp, isolation.probe(), limits) as proc:
            results = run_suite(suite, Student(proc, 300 if args.exercise == "keras_dnn" else 10), ref)
    earned = sum(r.weight for r in results if r.status == "passed")
    for r in results:
        print(f"[{r.status:7}] {r.visibility[0]} {r.weight:g}  {r.name}")
        if r.status != "passed" or args.show:
            print("    " + r.details.replace("\n", "\n    "))
    print(f"{earned:g}/{sum(r.weight for r in results):g} points")
    return 0


if __name__ == "__main__":
    sys.exit(main())
