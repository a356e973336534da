"""Speed of `grader similarity` on a large class, measured in one run.

    python bench/similarity_bench.py [--n 500] [--small 100] [--repeats 1] [--jobs 1 2] [--out bench/RESULTS_SIMILARITY.md]

Builds a class of N students with the five numpy exercises.  Each student's
file is a disguised copy (bench/disguise.py: locals renamed, definitions
reordered, comments dropped, reformatted) of one of the implementations we
have: the model solution, the ten example students' files and, for neuron
and dropout, three independently written ones (tests/similarity/independent).
So every pair is compared in full (no pair is skipped for sharing nothing),
a worst case for speed.  Times the whole command (reading, fingerprinting,
comparing, writing the CSV and HTML) for N and, as the baseline measured in
the same run, for a class of --small students: comparing is quadratic, so
the ratio shows how the time grows.  Medians over --repeats runs.
"""
from __future__ import annotations

import argparse
import csv
import os
import platform
import random
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import zipfile
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))
from disguise import disguise  # noqa: E402

NUMPY = ["neuron", "perceptron", "mlp", "optimizers", "dropout"]


def implementations(exercise: str) -> list[str]:
    """Every distinct implementation of ``exercise`` in the project."""
    found = [ROOT / "solutions" / f"{exercise}.py"]
    found += sorted((ROOT / "examples" / "submissions").glob(f"*/{exercise}.py"))
    found += sorted((ROOT / "examples" / "submissions").glob(f"*/exercises/{exercise}.py"))
    found += sorted((ROOT / "tests" / "similarity" / "independent").glob(f"*/{exercise}.py"))
    sources = [p.read_text(encoding="utf-8") for p in found]
    with zipfile.ZipFile(ROOT / "examples" / "submissions" / "hana.zip") as zf:
        sources += [zf.read(n).decode() for n in zf.namelist() if n.endswith(f"/{exercise}.py")]
    return sources


def make_class(folder: Path, n: int, seed: int = 0) -> None:
    rng = random.Random(seed)
    pools = {e: implementations(e) for e in NUMPY}
    for i in range(n):
        student = folder / f"s{i:04d}"
        student.mkdir(parents=True)
        for exercise in NUMPY:
            source = rng.choice(pools[exercise])
            try:
                source = disguise(source, rng.randrange(10**9))
            except SyntaxError:
                pass  # an example with a syntax error is handed in as it is
            (student / f"{exercise}.py").write_text(source, encoding="utf-8")


def run(subs: Path, out: Path, jobs: int) -> tuple[float, float]:
    """(wall s, CPU s of the command and its worker processes)."""
    shutil.rmtree(out, ignore_errors=True)
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    subprocess.run([sys.executable, "-m", "grader.cli", "similarity", str(subs), "--out", str(out),
                    "--jobs", str(jobs)], check=True, cwd=ROOT, stdout=subprocess.DEVNULL,
                   stderr=subprocess.DEVNULL)
    wall = time.perf_counter() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=500)
    ap.add_argument("--small", type=int, default=100)
    ap.add_argument("--repeats", type=int, default=1)
    ap.add_argument("--jobs", type=int, nargs="+", default=[1, 2])
    ap.add_argument("--out", type=Path, default=ROOT / "bench" / "RESULTS_SIMILARITY.md")
    ap.add_argument("--note", default="", help="A sentence about the machine's load during the run.")
    args = ap.parse_args()
    work = Path(tempfile.mkdtemp(prefix="similarity-bench-"))
    rows = []
    try:
        for n in (args.small, args.n):
            subs = work / f"class{n}"
            make_class(subs, n)
            pairs = len(NUMPY) * n * (n - 1) // 2
            for jobs in args.jobs:
                times = [run(subs, work / "out", jobs) for _ in range(args.repeats)]
                wall = statistics.median(t for t, _ in times)
                cpu = statistics.median(c for _, c in times)
                with open(work / "out" / "similarity.csv", encoding="utf-8") as fh:
                    flagged = sum(r["flagged"] == "yes" for r in csv.DictReader(fh))
                rows.append((n, jobs, pairs, wall, cpu, flagged))
                print(f"n={n} jobs={jobs}: {wall:.1f} s wall, {cpu:.1f} s CPU, {pairs} pairs, {flagged} flagged",
                      flush=True)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    write(args, rows)


def write(args, rows):
    base = {jobs: t for n, jobs, _, t, _, _ in rows if n == args.small}
    load = os.getloadavg()
    lines = [
        "# Similarity report: speed",
        "",
        f"`python bench/similarity_bench.py --n {args.n} --small {args.small} --repeats {args.repeats}"
        f" --jobs {' '.join(map(str, args.jobs))}` on {date.today().isoformat()}:"
        f" {platform.processor() or platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}.",
        "",
        "The whole `grader similarity SUBMISSIONS --out DIR` command (read, fingerprint, compare every pair of"
        " the five numpy exercises, write similarity.csv and similarity.html); every student's files are"
        " disguised copies of one of 10 to 14 implementations per exercise, so no pair is skipped. Median of"
        f" {args.repeats} run(s).",
        "",
        f"Load average when the run ended: {load[0]:.1f} / {load[1]:.1f} / {load[2]:.1f} (1 / 5 / 15 min) on"
        f" {os.cpu_count()} cores. CPU time is the command's and its workers' (user + system): on a shared"
        " machine it says more than the wall time.",
        "",
        "| students | --jobs | pairs | wall time | CPU time | pairs / s (wall) | wall vs. the small class, same --jobs | flagged |",
        "| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for n, jobs, pairs, t, cpu, flagged in rows:
        ratio = t / base[jobs] if base.get(jobs) else float("nan")
        lines.append(f"| {n} | {jobs} | {pairs} | {t:.1f} s | {cpu:.1f} s | {pairs / t:,.0f} | {ratio:.1f}x | {flagged} |")
    if args.note:
        lines += ["", args.note]
    args.out.write_text("\n".join(lines) + "\n")
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
