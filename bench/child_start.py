"""What starting a sandboxed child costs, piece by piece (CPU seconds of the
child, medians):  python bench/child_start.py [--repeats 7]

* a bare ``python -I`` (interpreter and site), and with ``-S`` (no site);
* ``python -I -c 'import numpy'`` (what every numpy child pays);
* a real ``StudentProcess`` under the probed sandbox: start, then the first
  reply (importing the student's module), wall seconds.
"""
from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def cpu_of(cmd) -> float:
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    subprocess.run(cmd, check=True)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def sandboxed_start(repeats: int) -> dict:
    from grader.course import config
    from grader.sandbox import isolation
    from grader.sandbox.client import Student
    from grader.sandbox.process import StudentProcess
    iso = isolation.probe()
    limits = config.load(ROOT / "course.toml").limits_for("neuron")
    workdir = tempfile.mkdtemp(prefix="grader-sub-")
    os.chmod(workdir, 0o755)
    shutil.copy(ROOT / "solutions" / "neuron.py", workdir)
    starts, firsts = [], []
    try:
        for _ in range(repeats):
            proc = StudentProcess(workdir, iso, limits)
            t0 = time.perf_counter()
            proc.start()
            t1 = time.perf_counter()
            Student(proc, 60).import_module("neuron")
            firsts.append(time.perf_counter() - t1)
            starts.append(t1 - t0)
            proc.close()
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    return {"sandbox start (wall)": statistics.median(starts),
            "first reply: python, numpy, the module (wall)": statistics.median(firsts)}


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--repeats", type=int, default=7)
    args = ap.parse_args()
    py = sys.executable
    rows = {}
    for name, cmd in (("python -I (CPU)", [py, "-I", "-c", "pass"]),
                      ("python -I -S (CPU)", [py, "-I", "-S", "-c", "pass"]),
                      ("python -I, import numpy (CPU)", [py, "-I", "-c", "import numpy"])):
        rows[name] = statistics.median(cpu_of(cmd) for _ in range(args.repeats))
    rows.update(sandboxed_start(args.repeats))
    print(json.dumps(rows))


if __name__ == "__main__":
    main()
