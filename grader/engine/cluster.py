"""Grading on a Dask distributed cluster: ``grader grade --scheduler ADDRESS``.

The client (the ``grader grade`` process) sends each submission to the
cluster as one task; a worker grades it exactly as a local worker would,
with :func:`grader.engine.pool.safe_grade`: the student's code in its own sandboxed
child on that worker, the hidden suites in the worker's process.  Results
come back as futures complete (``distributed.as_completed``) and go through
the same ``done`` callback as local grading, so the one gradebook and the
reports are written by the client only.

Each worker thread grades with its own sandbox slot (the uid of a separate
user, where the worker runs as root); two worker processes on one machine
that prefer the same slot are kept apart by the uid lock of
:func:`grader.sandbox.isolation.claim_uid`.

Workers need the grader installed (the same version as the client) and the
grading bundle: ``reference/`` next to the grader package (a clone of the
project) or in ``$GRADER_BUNDLE``.  Before sending anything, the client asks
every worker for the fingerprint of its hidden suites and refuses to start
when one has none or a different one: a worker without the bundle would
otherwise grade every student zero.

Dask is optional (the ``cluster`` extra), so ``distributed`` is imported
inside the functions that need it, never at module load.
"""
from __future__ import annotations

import hashlib
import itertools
import sys
import threading
import warnings
from importlib.metadata import PackageNotFoundError, version

from grader.course import bundle
from grader.engine.grading import safe_grade
from grader.sandbox import isolation

_SLOTS = itertools.count()
_LOCAL = threading.local()
_LOCK = threading.Lock()


class ClusterError(Exception):
    """The cluster cannot grade (one sentence; the command shows it without a traceback)."""


def suites_fingerprint() -> str:
    """sha256 over the grading bundle's Python files (reference/, hidden suites
    included): equal fingerprints grade the same way.  Raises BundleMissing."""
    root = bundle.bundle_root()
    h = hashlib.sha256()
    for path in sorted((root / "reference").rglob("*.py")):
        rel = path.relative_to(root)
        if "__pycache__" in rel.parts or "mutants" in rel.parts:
            continue
        h.update(rel.as_posix().encode() + b"\0" + hashlib.sha256(path.read_bytes()).digest())
    return h.hexdigest()


def worker_info() -> dict:
    """Runs on each worker (``client.run``): what it would grade with."""
    try:
        grader_version = version("dl-grader")
    except PackageNotFoundError:
        grader_version = "unknown"
    try:
        return {"fingerprint": suites_fingerprint(), "bundle": str(bundle.bundle_root()),
                "version": grader_version}
    except bundle.BundleMissing as e:
        return {"fingerprint": None, "error": str(e), "version": grader_version}


def _slot() -> int:
    """This thread's sandbox slot: distinct for every thread of this worker
    process, offset by the worker's number when it has one."""
    slot = getattr(_LOCAL, "slot", None)
    if slot is None:
        with _LOCK:
            slot = next(_SLOTS)
        try:
            from distributed import get_worker
            name = get_worker().name
            base = int(name) * 64 if isinstance(name, int) or str(name).isdigit() else 0
        except (ImportError, ValueError):
            base = 0
        slot = _LOCAL.slot = base + slot
    return slot


def grade_task(sub, config, exercises):
    """One submission, graded on a worker (a Dask task)."""
    # The worker's own threads touch the global `random` while hypothesis
    # draws a suite's examples; its draws are seeded and unaffected, so the
    # warning it gives about that is noise here.
    warnings.filterwarnings("ignore", message="Do not use the `random` module inside strategies")
    return safe_grade(sub, config, exercises, _slot(), isolation.probe())


def _connect(scheduler: str):
    try:
        from distributed import Client
    except ImportError:
        raise ClusterError("grading on a cluster needs Dask: pip install 'dask[distributed]'") from None
    try:
        return Client(scheduler, timeout="20s")
    except (OSError, TimeoutError) as e:
        raise ClusterError(f"could not connect to the Dask scheduler at {scheduler} ({e})") from None


def check_workers(client, echo) -> None:
    """Refuse to grade when a worker lacks the bundle or has other hidden suites."""
    try:
        mine = suites_fingerprint()
    except bundle.BundleMissing as e:
        raise ClusterError(str(e)) from None
    infos = client.run(worker_info)
    if not infos:
        raise ClusterError("the Dask cluster has no workers")
    problems = []
    for address, info in sorted(infos.items()):
        if info.get("fingerprint") is None:
            problems.append(f"{address}: {info.get('error', 'no grading bundle')}")
        elif info["fingerprint"] != mine:
            problems.append(f"{address}: its hidden suites ({info['bundle']}) differ from this machine's")
    if problems:
        raise ClusterError("some Dask workers cannot grade: " + "; ".join(problems))
    echo(f"cluster: {len(infos)} workers with the same hidden suites as this machine")


def grade_on_cluster(scheduler: str, todo, config, exercises, done, echo=None) -> None:
    """Grade ``todo`` on the cluster at ``scheduler``; ``done(result)`` runs
    here, in the client, for each submission as it completes.  A task lost
    with its worker is graded here instead, so every submission gets a result."""
    echo = echo or (lambda s: print(s, file=sys.stderr))
    if not todo:
        return
    client = _connect(scheduler)
    try:
        from distributed import as_completed
        check_workers(client, echo)
        futures = {}
        for sub in todo:
            fut = client.submit(grade_task, sub, config, list(exercises), pure=False,
                                key=f"grade-{sub.student}-{sub.sha256[:12]}-{next(_SLOTS)}")
            futures[fut] = sub
        for fut in as_completed(list(futures)):
            sub = futures[fut]
            try:
                result = fut.result()
            except Exception as e:  # noqa: BLE001 - a lost worker must not lose the student
                echo(f"cluster: grading {sub.student} failed there ({type(e).__name__}: {e}); grading it here")
                result = safe_grade(sub, config, list(exercises), 0, isolation.probe())
            done(result)
    finally:
        client.close()
