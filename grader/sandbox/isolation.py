"""How one child process is confined.

Layers, from the strongest (used where the machine allows it) down:

1. bubblewrap (``bwrap``): new mount, PID, network, IPC and UTS namespaces.
   The child sees only /usr, the Python installation, the virtual
   environment, the child runtime (read-only) and its own working folder.
   The project (reference/, solutions/, hidden tests), other submissions and
   the output folder do not exist in its view; there is no network; when the
   sandbox's first process dies, the kernel kills every process in it.
2. A dedicated user id per worker slot (when the grader runs as root): the
   child cannot write the grader's files, RLIMIT_NPROC really limits forks,
   and every leftover process can be killed by uid.
3. Resource limits (CPU seconds, address space, processes, file size, open
   files), a scrubbed environment, its own session and process group.
4. Without bubblewrap, a private network namespace is still tried (root only).

``probe()`` finds out once per run which layers work here.
"""
from __future__ import annotations

import ctypes
import functools
import os
import resource
import shutil
import signal
import site
import subprocess
import sys
import time
from dataclasses import dataclass

RUNTIME_DIR = os.path.dirname(os.path.abspath(__file__))
INSIDE_RUNTIME = "/grader-runtime"
INSIDE_WORKDIR = "/submission"
UID_BASE = 200_000
CLONE_NEWNET = 0x40000000


@dataclass(frozen=True)
class Limits:
    """Per-child resource limits (from course.toml's [limits] tables)."""

    call_seconds: float = 10.0
    cpu_seconds: int = 120
    memory_mb: int = 2048
    processes: int = 64
    file_size_mb: int = 16
    open_files: int = 256
    output_kb: int = 64
    files_kb: int = 4096


@dataclass(frozen=True)
class Isolation:
    """What this machine supports, found by ``probe()``."""

    bwrap: str | None
    drop_uid: bool
    private_net: bool

    def describe(self) -> str:
        if self.bwrap:
            return "sandbox: bubblewrap (no network, private filesystem view)" + (
                ", separate user id" if self.drop_uid else "")
        parts = ["sandbox: bubblewrap unavailable, using resource limits and a scrubbed environment"]
        parts.append("separate user id" if self.drop_uid else "same user id as the grader")
        parts.append("no network" if self.private_net else "NETWORK NOT BLOCKED")
        return "; ".join(parts) + " (the project files are readable by student code)"


def child_env() -> dict[str, str]:
    """Only what Python and numpy need; nothing of the grader's environment."""
    env = {
        "PATH": "/usr/bin:/bin",
        "LANG": "C.UTF-8",
        "LC_ALL": "C.UTF-8",
        "HOME": "/tmp",
        "TMPDIR": "/tmp",
        "PYTHONHASHSEED": "0",
        "PYTHONDONTWRITEBYTECODE": "1",
        "PYTHONUNBUFFERED": "1",
        "OPENBLAS_NUM_THREADS": "1",
        "OMP_NUM_THREADS": "1",
        "MKL_NUM_THREADS": "1",
        "TF_CPP_MIN_LOG_LEVEL": "3",
        "TF_ENABLE_ONEDNN_OPTS": "0",
        "CUDA_VISIBLE_DEVICES": "",
        "KERAS_HOME": "/tmp/.keras",
        "MPLBACKEND": "Agg",
    }
    # Hardware workarounds for OpenBLAS on some CPUs: without them numpy may
    # compute wrong results; they carry no secrets.
    for name in ("OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE"):
        if name in os.environ:
            env[name] = os.environ[name]
    return env


def _python_paths() -> list[str]:
    """Folders the child's Python needs: the installation and site-packages."""
    paths = {sys.base_prefix, sys.prefix, *site.getsitepackages()}
    real_exe = os.path.realpath(sys.executable)
    paths.add(os.path.dirname(os.path.dirname(real_exe)))
    return sorted(p for p in paths if p and os.path.isdir(p) and not p.startswith("/usr/"))


def _ancestors(path: str) -> list[str]:
    parts, out = path.strip("/").split("/")[:-1], []
    for i in range(len(parts)):
        out.append("/" + "/".join(parts[: i + 1]))
    return out


def bwrap_prefix(bwrap: str, workdir: str) -> list[str]:
    """The bubblewrap command line that wraps the child."""
    cmd = [bwrap, "--unshare-ipc", "--unshare-pid", "--unshare-net", "--unshare-uts",
           "--unshare-cgroup-try", "--die-with-parent", "--new-session",
           "--ro-bind", "/usr", "/usr"]
    for top in ("bin", "lib", "lib64", "sbin", "lib32"):
        path = f"/{top}"
        if os.path.islink(path):
            cmd += ["--symlink", os.readlink(path), path]
        elif os.path.isdir(path):
            cmd += ["--ro-bind", path, path]
    for f in ("/etc/ld.so.cache", "/etc/localtime", "/etc/passwd", "/etc/group", "/etc/nsswitch.conf"):
        cmd += ["--ro-bind-try", f, f]
    made = set()
    for path in _python_paths():
        for parent in _ancestors(path):
            if parent not in made:
                made.add(parent)
                cmd += ["--perms", "0755", "--dir", parent]
        cmd += ["--ro-bind", path, path]
    cmd += ["--ro-bind", RUNTIME_DIR, INSIDE_RUNTIME,
            "--bind", workdir, INSIDE_WORKDIR,
            "--ro-bind-try", "/sys/devices/system/cpu", "/sys/devices/system/cpu",
            "--proc", "/proc", "--dev", "/dev", "--tmpfs", "/tmp",
            "--chdir", INSIDE_WORKDIR]
    return cmd


def command(iso: Isolation, workdir: str, uid: int | None, req_fd: int, resp_fd: int) -> list[str]:
    """Full argv to start the child runtime for ``workdir``."""
    if iso.bwrap:
        prefix, runtime, inside = bwrap_prefix(iso.bwrap, workdir), INSIDE_RUNTIME, INSIDE_WORKDIR
    else:
        prefix, runtime, inside = [], RUNTIME_DIR, workdir
    if uid is not None:
        prefix += ["/usr/bin/setpriv", f"--reuid={uid}", f"--regid={uid}", "--clear-groups", "--"]
    return prefix + [sys.executable, "-I", "-B", os.path.join(runtime, "child_main.py"),
                     str(req_fd), str(resp_fd), inside]


def preexec(limits: Limits, private_net: bool):
    """Runs in the forked child before exec: limits apply to it and all it starts."""
    def apply():
        os.setsid()
        mb = 1024 * 1024
        for res, value in ((resource.RLIMIT_CPU, limits.cpu_seconds),
                           (resource.RLIMIT_AS, limits.memory_mb * mb),
                           (resource.RLIMIT_NPROC, limits.processes),
                           (resource.RLIMIT_FSIZE, limits.file_size_mb * mb),
                           (resource.RLIMIT_NOFILE, limits.open_files),
                           (resource.RLIMIT_CORE, 0)):
            resource.setrlimit(res, (value, value))
        if private_net:
            _unshare_net()
        signal.signal(signal.SIGPIPE, signal.SIG_DFL)
    return apply


def _unshare_net():
    libc = ctypes.CDLL(None, use_errno=True)
    if libc.unshare(CLONE_NEWNET) != 0:
        raise OSError(ctypes.get_errno(), "unshare(CLONE_NEWNET) failed")


def kill_uid(uid: int) -> None:
    """SIGKILL every process running as ``uid`` (processes that left the
    process group with setsid, daemons, fork bombs)."""
    for _ in range(3):
        pid = os.fork()
        if pid == 0:  # pragma: no cover - runs in the forked killer
            try:
                os.setgid(uid)
                os.setuid(uid)
                os.kill(-1, signal.SIGKILL)
            except OSError:
                pass
            os._exit(0)
        os.waitpid(pid, 0)


def _try(cmd: list[str], preexec_fn=None) -> bool:
    try:
        r = subprocess.run(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                           stderr=subprocess.DEVNULL, timeout=30, preexec_fn=preexec_fn)
        return r.returncode == 0
    except (OSError, subprocess.SubprocessError):
        return False


@functools.lru_cache(maxsize=None)
def probe(allow_bwrap: bool = True) -> Isolation:
    """Try each layer once: a real child start under each, as cheap as it gets."""
    import tempfile
    root = os.geteuid() == 0
    with tempfile.TemporaryDirectory(prefix="grader-probe-") as tmp:
        os.chmod(tmp, 0o777)
        check = [sys.executable, "-I", "-c", "import numpy"]
        uid = UID_BASE if root and os.path.exists("/usr/bin/setpriv") else None
        drop = ["/usr/bin/setpriv", f"--reuid={uid}", f"--regid={uid}", "--clear-groups", "--"] if uid else []
        bwrap = shutil.which("bwrap") if allow_bwrap and os.environ.get("GRADER_NO_BWRAP") != "1" else None
        if bwrap and not _try(bwrap_prefix(bwrap, tmp) + drop + check):
            if _try(bwrap_prefix(bwrap, tmp) + check):
                uid = None
            else:
                bwrap = None
        if not bwrap and uid and not _try(drop + check):
            uid = None
        private_net = bool(bwrap) or (root and _try(check, preexec_fn=_unshare_net))
    return Isolation(bwrap=bwrap, drop_uid=uid is not None, private_net=private_net)


def wait_gone(proc: subprocess.Popen, timeout: float = 5.0) -> None:
    deadline = time.monotonic() + timeout
    while proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.01)
