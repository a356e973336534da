"""`grader collect` against the least any collection does, measured in the same run.

    python bench/collect_bench.py [--n 500] [--repeats 3] [--out bench/COLLECT_RESULTS.md]

Builds a Canvas "Download Submissions" zip of N students (each: neuron.py by
name, a file recognised by the functions it defines, a zip with a notebook
inside, and a .DS_Store), then times, median of --repeats runs:

* the floor: ``zipfile.ZipFile.extractall`` of the same download (unpacking
  alone, what any renaming script starts with);
* ``collect`` into an empty folder;
* ``collect`` again on the same download (nothing changed: nothing is written).
"""
from __future__ import annotations

import argparse
import io
import platform
import shutil
import statistics
import sys
import tempfile
import time
import zipfile
from datetime import datetime, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import nbformat  # noqa: E402

from grader.course import config as course_config  # noqa: E402
from grader.intake.lms import collect  # noqa: E402
from grader.intake.submissions import Caps  # noqa: E402


def build(path: Path, n: int) -> None:
    solution = (ROOT / "solutions" / "neuron.py").read_bytes()
    perceptron = (ROOT / "solutions" / "perceptron.py").read_bytes()
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell((ROOT / "solutions" / "mlp.py").read_text())])
    nb.metadata["grader"] = {"exercise": "mlp"}
    inner = io.BytesIO()
    with zipfile.ZipFile(inner, "w") as zf:
        zf.writestr("work/mlp.ipynb", nbformat.writes(nb))
        zf.writestr("work/.DS_Store", b"\0\0\0\1Bud1")
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for i in range(n):
            who = f"student{i:05d}_{100000 + i}"
            zf.writestr(f"{who}_{1 + 3 * i}_neuron.py", solution + f"# {i}\n".encode())
            zf.writestr(f"{who}_{2 + 3 * i}_my perceptron.py", perceptron + f"# {i}\n".encode())
            zf.writestr(f"{who}_{3 + 3 * i}_work.zip", inner.getvalue())


def timed(fn) -> float:
    t0 = time.perf_counter()
    fn()
    return time.perf_counter() - t0


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=500)
    ap.add_argument("--repeats", type=int, default=3)
    ap.add_argument("--out", type=Path, default=ROOT / "bench" / "COLLECT_RESULTS.md")
    args = ap.parse_args()
    config = course_config.load(ROOT / "course.toml")
    caps = Caps(config.file_mb, config.submission_mb)
    floor, first, again = [], [], []
    with tempfile.TemporaryDirectory(prefix="collect-bench-") as tmp:
        tmp = Path(tmp)
        download = tmp / "canvas.zip"
        build(download, args.n)
        for r in range(args.repeats):
            target = tmp / f"unzipped{r}"
            floor.append(timed(lambda: zipfile.ZipFile(download).extractall(target)))
            out = tmp / f"subs{r}"
            first.append(timed(lambda: collect(download, "canvas", out, exercises=config.exercises, caps=caps)))
            again.append(timed(lambda: collect(download, "canvas", out, exercises=config.exercises, caps=caps)))
            shutil.rmtree(target)
        size = download.stat().st_size
    f, c, a = (statistics.median(x) for x in (floor, first, again))
    lines = [
        "# `grader collect` speed",
        "",
        f"{datetime.now(timezone.utc):%Y-%m-%d %H:%M} UTC, {platform.processor() or platform.machine()}, "
        f"Python {platform.python_version()}; `python bench/collect_bench.py --n {args.n} --repeats {args.repeats}`.",
        f"A Canvas download of {args.n} students, {3 * args.n} files ({size / 1e6:.1f} MB zipped): per student "
        "neuron.py, a perceptron saved under another name (recognised by its functions) and a zip with a notebook.",
        "",
        "| what | median seconds | per student (ms) | x floor |",
        "| --- | --- | --- | --- |",
        f"| floor: `extractall` of the download | {f:.2f} | {1000 * f / args.n:.2f} | 1.0 |",
        f"| `collect` into an empty folder | {c:.2f} | {1000 * c / args.n:.2f} | {c / f:.1f} |",
        f"| `collect` again, nothing changed | {a:.2f} | {1000 * a / args.n:.2f} | {a / f:.1f} |",
        "",
    ]
    args.out.write_text("\n".join(lines), encoding="utf-8")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
