"""A control group per sandboxed child: memory and process limits for its
whole process tree.

Resource limits (RLIMIT_AS, RLIMIT_NPROC) count per process or per user: a
fork bomb of memory hogs gets ``processes x memory_mb``.  A cgroup counts the
tree as a whole: every process the child starts (through bubblewrap,
``setsid``, daemons) is born in it and charged to it, the kernel's OOM killer
acts inside it only, and on close every process still in it is killed.

cgroup v2 is used where the grader may create groups under its own one
(with the memory and pids controllers enabled there), else v1 with the
``memory`` and ``pids`` hierarchies (as root, e.g. in a container).  Where
neither works, ``detect()`` says None and the other layers still apply.
"""
from __future__ import annotations

import functools
import os
import signal
import time
import uuid

ROOT = "/sys/fs/cgroup"


def _own_path(controller: str | None) -> str | None:
    """This process's group in the hierarchy of ``controller`` (None: v2)."""
    try:
        with open("/proc/self/cgroup") as fh:
            for line in fh:
                _, names, path = line.rstrip("\n").split(":", 2)
                if (controller is None and names == "") or controller in names.split(","):
                    return path
    except OSError:
        pass
    return None


def _writable_group(base: str) -> bool:
    """Whether a group can be made and removed under ``base``."""
    probe = os.path.join(base, f"grader-probe-{os.getpid()}-{uuid.uuid4().hex[:6]}")
    try:
        os.mkdir(probe)
        os.rmdir(probe)
        return True
    except OSError:
        return False


@functools.lru_cache(maxsize=None)
def detect() -> tuple[str, dict[str, str]] | None:
    """("v2" or "v1", {controller: folder new groups go under}), or None."""
    v2 = os.path.join(ROOT, "cgroup.controllers")
    if os.path.isfile(v2):
        own = _own_path(None)
        base = os.path.join(ROOT, (own or "/").lstrip("/"))
        try:
            enabled = open(os.path.join(base, "cgroup.subtree_control")).read().split()
        except OSError:
            enabled = []
        if own is not None and {"memory", "pids"} <= set(enabled) and _writable_group(base):
            return "v2", {"memory": base, "pids": base}
        return None
    bases = {}
    for controller in ("memory", "pids"):
        own = _own_path(controller)
        base = os.path.join(ROOT, controller, (own or "/").lstrip("/"))
        if own is None or not os.path.isfile(os.path.join(base, "cgroup.procs")) or not _writable_group(base):
            return None
        bases[controller] = base
    return "v1", bases


def why_not() -> str:
    """A one-line reason when ``detect()`` finds no usable cgroup."""
    if os.path.isfile(os.path.join(ROOT, "cgroup.controllers")):
        return ("cgroup v2 without the memory and pids controllers delegated to the grader's group "
                "(run it in a systemd scope with Delegate=yes, or as root)")
    if os.path.isdir(os.path.join(ROOT, "memory")):
        return "the cgroup v1 memory and pids hierarchies are not writable (run as root)"
    return "no cgroup hierarchy is mounted"


class Group:
    """One child's control group (in each controller's hierarchy for v1)."""

    def __init__(self, memory_mb: int, processes: int):
        found = detect()
        if found is None:
            raise OSError("no usable cgroup")
        self.version, bases = found
        name = f"grader-{os.getpid()}-{uuid.uuid4().hex[:10]}"
        self.paths = sorted({os.path.join(base, name) for base in bases.values()})
        for path in self.paths:
            os.mkdir(path)
        limit = memory_mb * 1024 * 1024
        if self.version == "v2":
            self._write(self.paths[0], "memory.max", limit)
            self._write(self.paths[0], "memory.swap.max", 0, optional=True)
            self._write(self.paths[0], "pids.max", processes)
        else:
            memory = next(p for p in self.paths if "/memory/" in p)
            pids = next(p for p in self.paths if "/pids/" in p)
            self._write(memory, "memory.limit_in_bytes", limit)
            self._write(memory, "memory.memsw.limit_in_bytes", limit, optional=True)
            self._write(pids, "pids.max", processes)
        # What preexec writes its pid to: open now, in the parent (no
        # allocation or open() between fork and exec).
        self.procs_fds = [os.open(os.path.join(p, "cgroup.procs"), os.O_WRONLY | os.O_CLOEXEC)
                          for p in self.paths]

    @staticmethod
    def _write(path: str, name: str, value, optional: bool = False) -> None:
        try:
            with open(os.path.join(path, name), "w") as fh:
                fh.write(str(value))
        except OSError:
            if not optional:
                raise

    def join(self) -> None:
        """Move the calling process in (run in the forked child, before exec)."""
        pid = str(os.getpid()).encode()
        for fd in self.procs_fds:
            os.write(fd, pid)

    def pids(self) -> list[int]:
        found = set()
        for path in self.paths:
            try:
                with open(os.path.join(path, "cgroup.procs")) as fh:
                    found.update(int(line) for line in fh if line.strip())
            except OSError:
                pass
        return sorted(found)

    def peak_bytes(self) -> int | None:
        """The most memory the group ever used (None where not reported);
        after ``close``, what it was then."""
        if not self.procs_fds and hasattr(self, "last_peak"):
            return self.last_peak
        for path in self.paths:
            for name in ("memory.max_usage_in_bytes", "memory.peak"):
                try:
                    with open(os.path.join(path, name)) as fh:
                        return int(fh.read())
                except (OSError, ValueError):
                    continue
        return None

    def close(self) -> None:
        """Kill every process left in the group, then remove it."""
        if not self.procs_fds and hasattr(self, "last_peak"):
            return  # closed already
        for fd in self.procs_fds:
            os.close(fd)
        self.procs_fds = []
        for _ in range(50):
            left = self.pids()
            if not left:
                break
            for pid in left:
                try:
                    os.kill(pid, signal.SIGKILL)
                except ProcessLookupError:
                    pass
            time.sleep(0.01)
        self.last_peak = self.peak_bytes()
        for path in self.paths:
            for _ in range(50):
                try:
                    os.rmdir(path)
                    break
                except FileNotFoundError:
                    break
                except OSError:  # processes still exiting
                    time.sleep(0.02)
