"""The local pool: worker processes, each with its own sandbox slot.

Both ``grader grade`` (:mod:`grader.engine.pool`) and ``grader validate``
(:mod:`grader.authoring.validate`) run jobs here; the Dask runner
(:mod:`grader.engine.cluster`) offers the same shape for a cluster.  Workers
are spawned (not forked: the parent may hold threads and SQLite handles) and
each takes one slot number from a queue, so two workers never share a
sandbox uid.  A job function receives its slot as the keyword ``slot``.
"""
from __future__ import annotations

import multiprocessing
from concurrent.futures import ProcessPoolExecutor, as_completed
from concurrent.futures.process import BrokenProcessPool
from typing import Callable, Iterable

_SLOT = 0


def _init_worker(slots, setup):
    global _SLOT
    _SLOT = slots.get()
    if setup is not None:
        setup()


def _run(fn, args):
    return fn(*args, slot=_SLOT)


def run_local(fn: Callable, jobs: Iterable[tuple], workers: int, done: Callable,
              on_error: Callable | None = None, setup: Callable | None = None) -> list:
    """Call ``fn(*args, slot=N)`` for every ``args`` in ``jobs`` on ``workers``
    processes; ``done(args, result)`` runs here as each finishes.  A job whose
    worker failed goes to ``on_error(args, exception)`` (default: re-raise).
    ``setup`` runs once in each worker.  Returns the jobs never finished
    because the pool broke (a worker killed by the OS), for the caller to
    finish another way."""
    jobs = list(jobs)
    ctx = multiprocessing.get_context("spawn")
    slots = ctx.Queue()
    for slot in range(workers):
        slots.put(slot)
    remaining = {i: args for i, args in enumerate(jobs)}
    try:
        with ProcessPoolExecutor(workers, mp_context=ctx, initializer=_init_worker,
                                 initargs=(slots, setup)) as pool:
            futures = {pool.submit(_run, fn, args): i for i, args in enumerate(jobs)}
            for fut in as_completed(futures):
                i = futures[fut]
                try:
                    result = fut.result()
                except BrokenProcessPool:
                    raise
                except Exception as e:  # noqa: BLE001 - handed to the caller
                    if on_error is None:
                        raise
                    remaining.pop(i)
                    on_error(jobs[i], e)
                    continue
                remaining.pop(i)
                done(jobs[i], result)
    except BrokenProcessPool:
        return list(remaining.values())
    return []
