"""Grading throughput against the bare floor, measured in the same run.

    python bench/grading_bench.py [--n 20] [--repeats 3] [--keras] [--out bench/RESULTS.md]

For N copies of a complete numpy submission (the model solutions), grades the
class with `grader grade` at --jobs 1 and --jobs 2 and reports per submission
the wall time, the CPU time (grader plus its children) and the peak resident
memory of any one process, next to the floor: a fresh Python that imports
numpy and the five numpy modules and calls each function once (bench/floor.py).
With --keras it also grades one Keras submission and compares it with the
student's own training time (train_digits_classifier in a fresh Python).
Also: the same suites on the same submission run in-process (bench/
inprocess.py: unsafe, measurement only) for the sandboxed / in-process
ratio, what a child's start costs (bench/child_start.py) and `grader check`
on the five numpy exercises.  Medians over --repeats runs.  Figures go to
RESULTS.md with the machine, the command, the date and the load average
(the machine may be shared: ratios are measured within one run).
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
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
NUMPY = ["neuron", "perceptron", "mlp", "optimizers", "dropout"]


def timed(cmd, **kw) -> tuple[float, float, float]:
    """(wall s, CPU s of the command and its children, peak RSS MB of one child)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, **kw)
    wall = time.perf_counter() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu, after.ru_maxrss / 1024


def make_class(root: Path, n: int, modules) -> Path:
    subs = root / "submissions"
    for i in range(n):
        folder = subs / f"s{i:04d}"
        folder.mkdir(parents=True)
        for m in modules:
            shutil.copy(ROOT / "solutions" / f"{m}.py", folder)
        # distinct content per student, so nothing is skipped by hash
        (folder / "notes.txt").write_text(f"student {i}\n")
    return subs


def grade_cmd(subs: Path, out: Path, jobs: int, only) -> list[str]:
    cmd = [sys.executable, "-m", "grader.cli", "grade", str(subs), "--out", str(out), "--jobs", str(jobs),
           "--quiet", "--force"]
    for m in only:
        cmd += ["--only", m]
    return cmd


def bench_numpy(n: int, repeats: int) -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        subs = make_class(tmp, n, NUMPY)
        floor = [timed([sys.executable, str(ROOT / "bench" / "floor.py"), str(subs / "s0000")]) for _ in range(repeats)]
        rows = {"floor": _median(floor, 1)}
        for jobs in (1, 2):
            runs = [timed(grade_cmd(subs, tmp / f"out{jobs}-{r}", jobs, NUMPY), cwd=ROOT) for r in range(repeats)]
            rows[f"jobs {jobs}"] = _median(runs, n)
        # Under bubblewrap the sandboxed Python is reaped inside its PID
        # namespace, so its CPU never reaches our rusage: the fallback sandbox
        # (same work, no namespaces) shows the full CPU per submission.
        env = dict(os.environ, GRADER_NO_BWRAP="1")
        runs = [timed(grade_cmd(subs, tmp / f"fb-{r}", 1, NUMPY), cwd=ROOT, env=env) for r in range(repeats)]
        rows["jobs 1, fallback sandbox (all CPU counted)"] = _median(runs, n)
    return rows


def bench_inprocess(repeats: int) -> dict:
    """Sandboxed vs in-process on one submission, alternating in one process."""
    with tempfile.TemporaryDirectory() as tmp:
        subs = make_class(Path(tmp), 1, NUMPY)
        out = subprocess.run([sys.executable, str(ROOT / "bench" / "inprocess.py"), str(subs / "s0000"),
                              "--repeats", str(max(repeats, 5))], check=True, capture_output=True, text=True,
                             cwd=ROOT)
    return json.loads(out.stdout.strip().splitlines()[-1])


def bench_child_start(repeats: int) -> dict:
    out = subprocess.run([sys.executable, str(ROOT / "bench" / "child_start.py"), "--repeats", str(max(repeats, 5))],
                         check=True, capture_output=True, text=True, cwd=ROOT)
    return json.loads(out.stdout.strip().splitlines()[-1])


def bench_check(repeats: int) -> float:
    """`grader check` on the five numpy exercises (solutions and public tests)."""
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        (folder / "tests").mkdir()
        for m in NUMPY:
            shutil.copy(ROOT / "solutions" / f"{m}.py", folder)
            shutil.copy(ROOT / "exercises" / "tests" / f"test_{m}.py", folder / "tests")
        for extra in (ROOT / "exercises" / "tests").glob("conftest.py"):
            shutil.copy(extra, folder / "tests")
        cmd = [sys.executable, "-m", "grader.cli", "check", "--dir", str(folder), *NUMPY]
        return statistics.median(timed(cmd, cwd=ROOT)[0] for _ in range(repeats))


def bench_keras(repeats: int) -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        subs = make_class(tmp, 1, ["keras_dnn"])
        train = [sys.executable, "-c",
                 "import sys; sys.path.insert(0, sys.argv[1]); import keras_dnn; keras_dnn.train_digits_classifier(0)",
                 str(subs / "s0000")]
        own = [timed(train, env=dict(os.environ, TF_CPP_MIN_LOG_LEVEL="3", CUDA_VISIBLE_DEVICES=""))
               for _ in range(repeats)]
        graded = [timed(grade_cmd(subs, tmp / f"k{r}", 1, ["keras_dnn"]), cwd=ROOT) for r in range(repeats)]
    return {"student's own training": _median(own, 1), "grading keras_dnn": _median(graded, 1)}


def _median(runs, n) -> dict:
    return {"wall": statistics.median(r[0] for r in runs) / n, "cpu": statistics.median(r[1] for r in runs) / n,
            "rss": max(r[2] for r in runs)}


def report(numpy_rows: dict, keras_rows: dict | None, args, extra: dict | None = None) -> str:
    floor = numpy_rows["floor"]
    lines = [f"## {date.today().isoformat()}: `python bench/grading_bench.py --n {args.n} --repeats {args.repeats}"
             f"{' --keras' if args.keras else ''}`", "",
             f"Machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, "
             f"{platform.platform()}, load average at the start {args.load:.1f}", "",
             f"Numpy exercises, {args.n} submissions, medians of {args.repeats} runs, per submission:", "",
             "| run | wall s | CPU s | peak RSS MB (one process) | wall / floor | CPU / floor |",
             "| --- | --- | --- | --- | --- | --- |"]
    for name, row in numpy_rows.items():
        lines.append(f"| {name} | {row['wall']:.3f} | {row['cpu']:.3f} | {row['rss']:.0f} | "
                     f"{row['wall'] / floor['wall']:.1f}x | {row['cpu'] / floor['cpu']:.1f}x |")
    j2 = numpy_rows["jobs 2"]["wall"]
    lines += ["", "CPU under bubblewrap misses the sandboxed child (reaped in its PID namespace); "
              "the fallback row counts it.  Peak RSS is the largest single process (a worker).",
              "", f"Per core at --jobs 2: {2 * j2:.3f} s per submission = {2 * j2 / floor['wall']:.1f}x the floor.",
              f"Projected 500 numpy submissions at --jobs 2: {500 * j2:.0f} s.", ""]
    if extra:
        ip = extra["inprocess"]
        lines += ["Same suites, same submission, one process, alternating (medians):", "",
                  "| run | s per submission |", "| --- | --- |",
                  f"| sandboxed (grade_submission) | {ip['sandboxed']:.3f} |",
                  f"| in-process (unsafe, measurement only) | {ip['in-process']:.3f} |", "",
                  f"Sandboxed / in-process: {ip['sandboxed'] / ip['in-process']:.2f}x "
                  f"(identical verdicts: {ip['same_verdicts']}).", "",
                  "Child start (bench/child_start.py, medians): " + ", ".join(
                      f"{k} {v:.3f} s" for k, v in extra["start"].items()) + ".", "",
                  f"`grader check` on the five numpy exercises: {extra['check']:.2f} s wall (median).", ""]
    if keras_rows:
        own = keras_rows["student's own training"]
        lines += ["Keras exercise, one submission:", "", "| run | wall s | CPU s | peak RSS MB | wall / own |",
                  "| --- | --- | --- | --- | --- |"]
        for name, row in keras_rows.items():
            lines.append(f"| {name} | {row['wall']:.2f} | {row['cpu']:.2f} | {row['rss']:.0f} | "
                         f"{row['wall'] / own['wall']:.2f}x |")
        lines.append("")
    return "\n".join(lines) + "\n"


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--n", type=int, default=20)
    ap.add_argument("--repeats", type=int, default=3)
    ap.add_argument("--keras", action="store_true")
    ap.add_argument("--out", type=Path, default=ROOT / "bench" / "RESULTS.md")
    args = ap.parse_args()
    args.load = os.getloadavg()[0]
    extra = {"inprocess": bench_inprocess(args.repeats), "start": bench_child_start(args.repeats),
             "check": bench_check(args.repeats)}
    text = report(bench_numpy(args.n, args.repeats), bench_keras(args.repeats) if args.keras else None, args,
                  extra)
    print(text)
    header = "# Benchmark results\n\nAppended by bench/grading_bench.py; newest last.\n\n"
    old = args.out.read_text() if args.out.exists() else header
    args.out.write_text(old + text)


if __name__ == "__main__":
    main()
