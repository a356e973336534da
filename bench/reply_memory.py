"""The grader's own memory against a child that sends huge replies.

    python bench/reply_memory.py [--mb 400] [--replies 3] [--repeats 3]

A student function returns an array of ``--mb`` MB, ``--replies`` times.
Each configuration runs in a fresh Python (so ``ru_maxrss`` is its own peak):
"uncapped" reads replies up to the wire's maximum (512 MB, as before the cap),
"capped" uses the default ``reply_mb`` of course.toml's [limits].  Prints the
median peak RSS of the parent and the ratio, and appends them to
bench/RESULTS.md with --record.
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
from datetime import date
from pathlib import Path

HERE = Path(__file__).resolve().parent
STUDENT = "import numpy as np\n\n\ndef huge(mb):\n    return np.ones(mb * 1024 * 1024 // 8)\n"


def one_run(reply_mb: int, mb: int, replies: int) -> dict:
    """In this (fresh) process: the replies, and the parent's peak RSS."""
    sys.path.insert(0, str(HERE.parent))
    from grader.sandbox import isolation
    from grader.sandbox.client import Student
    from grader.sandbox.process import ChildFailure, StudentProcess
    workdir = tempfile.mkdtemp(prefix="grader-bench-")
    Path(workdir, "hog.py").write_text(STUDENT)
    os.chmod(workdir, 0o755)
    os.chmod(Path(workdir, "hog.py"), 0o644)
    limits = isolation.Limits(reply_mb=reply_mb, memory_mb=4096, call_seconds=120)
    outcomes = []
    try:
        with StudentProcess(workdir, isolation.probe(), limits, slot=900) as proc:
            student = Student(proc, 120)
            for _ in range(replies):
                try:
                    value, _ = student.call("hog", "huge", (mb,))
                    outcomes.append(f"received {value.nbytes >> 20} MB")
                    del value
                except ChildFailure as e:
                    outcomes.append(str(e))
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    return {"peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, "outcomes": outcomes}


def measure(reply_mb: int, mb: int, replies: int) -> dict:
    r = subprocess.run([sys.executable, __file__, "--child", str(reply_mb), "--mb", str(mb),
                        "--replies", str(replies)], capture_output=True, text=True, check=True)
    return json.loads(r.stdout.strip().splitlines()[-1])


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--mb", type=int, default=400)
    ap.add_argument("--replies", type=int, default=3)
    ap.add_argument("--repeats", type=int, default=3)
    ap.add_argument("--record", action="store_true", help="append the results to bench/RESULTS.md")
    ap.add_argument("--child", type=int, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child is not None:
        print(json.dumps(one_run(args.child, args.mb, args.replies)))
        return
    sys.path.insert(0, str(HERE.parent))
    from grader.sandbox.isolation import Limits
    from grader.sandbox.wire import MAX_FRAME_BYTES
    rows = {}
    for label, cap in (("uncapped (wire maximum)", MAX_FRAME_BYTES >> 20), ("capped (default reply_mb)",
                                                                            Limits().reply_mb)):
        runs = [measure(cap, args.mb, args.replies) for _ in range(args.repeats)]
        rows[label] = (cap, statistics.median(r["peak_mb"] for r in runs), runs[0]["outcomes"][0])
    base = rows["uncapped (wire maximum)"][1]
    lines = [f"## {date.today()}: `python bench/reply_memory.py --mb {args.mb} --replies {args.replies} "
             f"--repeats {args.repeats}`", "",
             f"Machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}", "",
             f"A child returns a {args.mb} MB array {args.replies} times; the parent's peak RSS, median of "
             f"{args.repeats} fresh processes:", "",
             "| run | reply cap MB | parent peak RSS MB | / uncapped | first reply |", "| --- | --- | --- | --- | --- |"]
    for label, (cap, peak, first) in rows.items():
        lines.append(f"| {label} | {cap} | {peak:.0f} | {peak / base:.2f}x | {first} |")
    text = "\n".join(lines) + "\n"
    print(text)
    if args.record:
        with open(HERE / "RESULTS.md", "a") as fh:
            fh.write("\n" + text)


if __name__ == "__main__":
    main()
