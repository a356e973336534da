"""How one child process is confined.

Layers, from the strongest (used where the machine allows it) down:

1. bubblewrap (``bwrap``): new mount, PID, network, IPC and UTS namespaces.
   The child sees only /usr, the Python installation, the virtual
   environment, the three files of the child runtime and its own submission
   (all read-only), plus a small private scratch space (``files_kb``) at
   /tmp and over its working folder for the files it writes.  The project
   (reference/, solutions/, hidden tests), other submissions and the output
   folder do not exist in its view; there is no network; when the sandbox's
   first process dies, the kernel kills every process in it.
2. A dedicated user id per child (when the grader runs as root), claimed so
   that no other grader on the machine uses it at the same time: the child
   cannot write the grader's files, RLIMIT_NPROC really limits forks, and
   every leftover process can be killed by uid.  No new privileges: setuid
   programs do not raise them.
3. A cgroup per child (cgroups.py), where the machine allows: memory and
   process limits for its whole process tree.
4. Resource limits (CPU seconds, address space, processes, file size, open
   files), a scrubbed environment, its own session and process group.
5. Without bubblewrap, as root: private network and IPC namespaces, and a
   private mount namespace with empty tmpfs over /tmp, /var/tmp, /dev/shm
   and /run/lock; what a sandbox uid left in those is removed after it.

Without bubblewrap the child sees the whole filesystem with the rights of
its user id; with neither bubblewrap nor root it would run as the grader's
own user, so the grader refuses (``require_sandbox``) unless the instructor
passes --unsafe-no-sandbox.

``probe()`` finds out once per run which layers work here.
"""
from __future__ import annotations

import ctypes
import functools
import itertools
import os
import resource
import shutil
import signal
import site
import socket
import stat
import subprocess
import sys
import time
from dataclasses import dataclass

from grader.sandbox.limits import UNSAFE_ENV, Limits  # noqa: F401 - defined apart so course config loads without this module

RUNTIME_DIR = os.path.dirname(os.path.abspath(__file__))
INSIDE_RUNTIME = "/grader-runtime"
INSIDE_WORKDIR = "/submission"
RUNTIME_FILES = ("child_main.py", "wire.py", "fnlib.py")
UID_BASE = 200_000
UID_COUNT = 1000
CLONE_NEWNET = 0x40000000
PR_SET_PDEATHSIG = 1
PR_SET_NO_NEW_PRIVS = 38
# Loaded now: dlopen between fork and exec (in ``preexec``) can deadlock.
_LIBC = ctypes.CDLL(None, use_errno=True)


@dataclass(frozen=True)
class Isolation:
    """What this machine supports, found by ``probe()``."""

    bwrap: str | None
    drop_uid: bool
    private_net: bool
    warning: str = ""
    private_tmp: bool = False  # its own /tmp, /var/tmp, /dev/shm (bwrap, or a mount namespace)
    no_bwrap_reason: str = ""  # why bubblewrap is not used, when it is not
    cgroup: str | None = None  # "v1" or "v2": a memory+pids group per child
    no_cgroup_reason: str = ""

    @property
    def unsafe(self) -> bool:
        """Student code would run with the grader's own rights: no bubblewrap
        and no user id of its own (not root)."""
        return not self.bwrap and not self.drop_uid

    def describe(self) -> str:
        """The run's first line: which layers are active here."""
        return self._describe_namespaces() + "; " + self._describe_cgroup() + (
            f"; WARNING: {self.warning}" if self.warning else "")

    def _describe_cgroup(self) -> str:
        if self.cgroup:
            return f"cgroup {self.cgroup}: memory and process limits for each child's whole process tree"
        return "no cgroup limits" + (f" ({self.no_cgroup_reason})" if self.no_cgroup_reason else "")

    def _describe_namespaces(self) -> str:
        if self.bwrap:
            text = "sandbox: bubblewrap (no network, private filesystem view)" + (
                ", separate user id" if self.drop_uid else "")
        else:
            parts = ["sandbox: bubblewrap unavailable, using resource limits and a scrubbed environment"]
            parts.append("separate user id" if self.drop_uid else "same user id as the grader")
            parts.append("no network" if self.private_net else "NETWORK NOT BLOCKED")
            parts.append("private /tmp, /var/tmp and /dev/shm" if self.private_tmp
                         else "SHARED /tmp (files left by a sandbox user are removed after it)")
            exposed = ("student code can read every file readable by all users" if self.drop_uid else
                       "student code can read and write every file the grader can")
            text = "; ".join(parts) + f" ({exposed}: the project files, the output folder)"
        return text


def child_env(home: str | None = None) -> dict[str, str]:
    """Only what Python and numpy need; nothing of the grader's environment.
    ``home``: the private folder for HOME and TMPDIR (caches frameworks keep
    under ~, e.g. ~/.keras) where the child's /tmp is the host's (default:
    /tmp, private to the child)."""
    env = {
        "PATH": "/usr/bin:/bin",
        "LANG": "C.UTF-8",
        "LC_ALL": "C.UTF-8",
        "HOME": "/tmp",  # caches that frameworks keep under ~ land in the scratch space
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
        "MPLBACKEND": "Agg",
    }
    if home:
        env.update(HOME=home, TMPDIR=home)
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


@functools.lru_cache(maxsize=None)
def supports(program: str, option: str) -> bool:
    """Whether ``program --help`` lists ``option``: newer options are used
    where they exist, and an older tool still does the rest of its job."""
    try:
        r = subprocess.run([program, "--help"], capture_output=True, text=True, timeout=10)
    except (OSError, subprocess.SubprocessError):
        return False
    return option in r.stdout + r.stderr


def bwrap_prefix(bwrap: str, workdir: str, limits: Limits | None = None) -> list[str]:
    """The bubblewrap command line that wraps the child.

    Mounts apply in order, so the scratch /tmp comes first: a Python or a
    virtual environment that lives under /tmp (a clone in /tmp) is then bound
    inside it instead of being hidden by it."""
    limits = limits or Limits()
    cmd = [bwrap, "--unshare-ipc", "--unshare-pid", "--unshare-net", "--unshare-uts",
           "--unshare-cgroup-try", "--die-with-parent", "--new-session",
           *_scratch("/tmp", bwrap, limits),
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
    # Only the child's own three files: not the rest of the grader.
    cmd += ["--perms", "0755", "--dir", INSIDE_RUNTIME]
    for name in RUNTIME_FILES:
        cmd += ["--ro-bind", os.path.join(RUNTIME_DIR, name), f"{INSIDE_RUNTIME}/{name}"]
    cmd += _workdir_mounts(bwrap, workdir, limits)
    cmd += ["--ro-bind-try", "/sys/devices/system/cpu", "/sys/devices/system/cpu",
            "--proc", "/proc", "--dev", "/dev", "--chdir", INSIDE_WORKDIR]
    return cmd


def _workdir_mounts(bwrap: str, workdir: str, limits: Limits) -> list[str]:
    """The submission read-only inside a small writable scratch tmpfs, and a
    scratch /tmp: what the child writes stays in memory it is allowed
    (``files_kb``), never on the host's disk, and vanishes with it."""
    if not _sized_tmpfs(bwrap):
        return ["--bind", workdir, INSIDE_WORKDIR]
    cmd = _scratch(INSIDE_WORKDIR, bwrap, limits)
    for name in sorted(os.listdir(workdir)):
        mode = os.lstat(os.path.join(workdir, name)).st_mode
        if stat.S_ISREG(mode) or stat.S_ISDIR(mode):  # a link would bind its target
            cmd += ["--ro-bind", os.path.join(workdir, name), f"{INSIDE_WORKDIR}/{name}"]
    return cmd


def _sized_tmpfs(bwrap: str) -> bool:
    """--size and --perms for a tmpfs came with bubblewrap 0.7; an older one
    still sandboxes, without the scratch space."""
    return supports(bwrap, "--size") and supports(bwrap, "--perms")


def _scratch(path: str, bwrap: str, limits: Limits) -> list[str]:
    """A writable in-memory folder, capped at ``files_kb`` where bwrap can."""
    if _sized_tmpfs(bwrap):
        return ["--perms", "1777", "--size", str(limits.files_kb * 1024), "--tmpfs", path]
    return ["--tmpfs", path]


def drop_prefix(uid: int) -> list[str]:
    """Run the rest of the command line as ``uid``, with no supplementary
    groups and no way back (no new privileges: setuid files do nothing).
    Changing uid clears the parent-death signal, so setpriv sets it again."""
    setpriv = "/usr/bin/setpriv"
    death = ["--pdeathsig", "SIGKILL"] if supports(setpriv, "--pdeathsig") else []
    return [setpriv, f"--reuid={uid}", f"--regid={uid}", "--clear-groups", "--no-new-privs",
            *death, "--"]


def command(iso: Isolation, workdir: str, uid: int | None, req_fd: int, resp_fd: int,
            limits: Limits | None = None, arena_fd: int | None = None) -> list[str]:
    """Full argv to start the child runtime for ``workdir`` (``arena_fd``:
    the shared memory the arguments of each call live in, see arena.py)."""
    if iso.bwrap:
        prefix, runtime, inside = bwrap_prefix(iso.bwrap, workdir, limits), INSIDE_RUNTIME, INSIDE_WORKDIR
    else:
        prefix, runtime, inside = [], RUNTIME_DIR, workdir
    if uid is not None:
        prefix += drop_prefix(uid)
    preload = list((limits or Limits()).preload)
    return prefix + [sys.executable, "-I", "-B", os.path.join(runtime, "child_main.py"),
                     str(req_fd), str(resp_fd), inside, "-" if arena_fd is None else str(arena_fd),
                     *preload]


def preexec(limits: Limits, private_net: bool, bare: bool = False, running: int = 0,
            private_tmp: str | None = None):
    """Runs in the forked child before exec: limits apply to it and all it
    starts.  ``bare`` (no bubblewrap around the child): no new privileges,
    and death with the grader, set here; a setuid bwrap needs its privileges
    and has its own --die-with-parent (setpriv sets both after it).
    ``running``: processes its user already has (RLIMIT_NPROC counts them
    all), when the child shares the grader's user id."""
    def apply():
        try:
            setup()
        except BaseException as e:  # the parent shows this line (Popen says only "preexec_fn failed")
            os.write(2, f"\nsandbox setup failed: {e}\n".encode())
            raise

    def setup():
        os.setsid()
        # Namespaces and mounts first: after RLIMIT_AS a forked copy of a big
        # grader (one that loaded TensorFlow) can allocate nothing more.
        if private_net:
            _unshare_net()
        if private_tmp is not None:
            _private_tmp(private_tmp, limits.files_kb)
        mb = 1024 * 1024
        for res, value in ((resource.RLIMIT_AS, limits.memory_mb * mb),
                           (resource.RLIMIT_NPROC, limits.processes + running),
                           (resource.RLIMIT_FSIZE, limits.file_size_mb * mb),
                           (resource.RLIMIT_NOFILE, limits.open_files),
                           (resource.RLIMIT_CORE, 0)):
            resource.setrlimit(res, (value, value))
        # A second between soft and hard: at the soft limit SIGXCPU says why
        # (with equal limits the kernel sends a bare SIGKILL); the hard one
        # stops a child that ignores SIGXCPU.
        resource.setrlimit(resource.RLIMIT_CPU, (limits.cpu_seconds, limits.cpu_seconds + 1))
        if bare and _LIBC.prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0:
            raise OSError(ctypes.get_errno(), "prctl(PR_SET_NO_NEW_PRIVS) failed")
        if bare:  # the grader killed: its child goes with it, not on spinning
            _LIBC.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
        signal.signal(signal.SIGPIPE, signal.SIG_DFL)
    return apply


# Host folders every user may write: each child without bubblewrap gets its
# own empty ones (a private mount namespace), and what a sandbox uid left in
# them anyway is removed after it (``remove_uid_files``).
SHARED_WRITABLE = ("/tmp", "/var/tmp", "/dev/shm", "/run/lock")
CLONE_NEWNS = 0x00020000
CLONE_NEWIPC = 0x08000000
MS_NOSUID, MS_NODEV, MS_BIND, MS_REC, MS_PRIVATE = 2, 4, 4096, 16384, 1 << 18


def _mount(source, target, fstype, flags, data) -> None:
    enc = (lambda v: v.encode() if isinstance(v, str) else v)
    if _LIBC.mount(enc(source), enc(target), enc(fstype), flags, enc(data)) != 0:
        raise OSError(ctypes.get_errno(), f"mount {target} failed")


def _private_tmp(workdir: str, size_kb: int) -> None:
    """In the forked child, as root: a mount namespace of its own with an
    empty small tmpfs over each shared writable folder, and a private IPC
    namespace (System V and POSIX shared memory).  The working folder, if it
    lives in one of them, is bound back in (through a descriptor opened in
    the new namespace: mounts of the old one cannot be bound)."""
    if _LIBC.unshare(CLONE_NEWNS | CLONE_NEWIPC) != 0:
        raise OSError(ctypes.get_errno(), "unshare(CLONE_NEWNS) failed")
    _mount(None, "/", None, MS_REC | MS_PRIVATE, None)
    workdir_fd = os.open(workdir, os.O_PATH | os.O_DIRECTORY | os.O_NOFOLLOW)
    for path in SHARED_WRITABLE:
        if os.path.isdir(path) and not os.path.islink(path):
            _mount("tmpfs", path, "tmpfs", MS_NOSUID | MS_NODEV, f"size={size_kb}k,mode=1777")
            if workdir.startswith(path.rstrip("/") + "/"):
                os.makedirs(workdir, mode=0o755, exist_ok=True)
                _mount(f"/proc/self/fd/{workdir_fd}", workdir, None, MS_BIND | MS_REC, None)


def private_tmp_works() -> bool:
    """Whether a child can get private temporary folders without bubblewrap."""
    import tempfile
    with tempfile.TemporaryDirectory(prefix="grader-probe-") as tmp:
        return _try([sys.executable, "-I", "-c", f"import os; os.listdir({tmp!r})"],
                    preexec_fn=lambda: _private_tmp(tmp, 1024))


def remove_uid_files(uid: int, roots=SHARED_WRITABLE, keep=()) -> int:
    """Remove what ``uid`` left in the shared writable folders (once its
    processes are gone), so the next user of the uid finds nothing of it.
    Only folders anyone may write are searched: the uid can create files
    nowhere else.  ``keep``: folders given to the uid on purpose (its working
    folder) and everything above them.  Returns how many entries were removed."""
    keep = [os.path.realpath(k) for k in keep]
    removed = 0
    pending = [r for r in roots if os.path.isdir(r) and not os.path.islink(r)]
    while pending:
        folder = pending.pop()
        try:
            entries = list(os.scandir(folder))
        except OSError:
            continue
        for entry in entries:
            try:
                st = entry.stat(follow_symlinks=False)
            except OSError:
                continue
            if any(k == entry.path or k.startswith(entry.path + "/") for k in keep):
                if stat.S_ISDIR(st.st_mode) and entry.path not in keep:
                    pending.append(entry.path)
                continue
            if st.st_uid == uid:
                removed += 1
                if stat.S_ISDIR(st.st_mode):
                    shutil.rmtree(entry.path, ignore_errors=True)
                else:
                    try:
                        os.unlink(entry.path)
                    except OSError:
                        pass
            elif stat.S_ISDIR(st.st_mode) and st.st_mode & 0o002:
                pending.append(entry.path)
    return removed


def _unshare_net():
    if _LIBC.unshare(CLONE_NEWNET) != 0:
        raise OSError(ctypes.get_errno(), "unshare(CLONE_NEWNET) failed")


def claim_uid(preferred: int) -> tuple[int, socket.socket]:
    """A sandbox user id that no other grader on this machine is using now,
    and the lock that holds it (release: close the socket).

    Two graders (a batch and a test run, or two test workers) using the same
    uid would kill each other's children with ``kill_uid``.  The lock is an
    abstract unix socket named after the uid: the kernel frees it when its
    owner dies, and sandboxed children cannot take it, because they live in
    another network namespace."""
    first = UID_BASE + 1
    for uid in itertools.chain([preferred], range(first, first + UID_COUNT)):
        sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        try:
            sock.bind(f"\0dl-grader-uid-{uid}")
        except OSError:
            sock.close()
            continue
        return uid, sock
    raise RuntimeError(f"all {UID_COUNT} sandbox user ids are in use")


def _statuses(uid: int):
    """(pid, /proc/<pid>/status fields) of the live (not zombie) processes
    whose real user id is ``uid``."""
    wanted = f"\nUid:\t{uid}\t"
    for name in os.listdir("/proc"):
        if not name.isdigit():
            continue
        try:
            with open(f"/proc/{name}/status") as fh:
                status = fh.read()
        except OSError:
            continue
        if wanted not in status:  # (throughput) most processes: no need to parse all their fields
            continue
        fields = dict(line.split(":", 1) for line in status.splitlines() if ":" in line)
        if fields.get("Uid", "").split()[:1] == [str(uid)] and \
                not fields.get("State", "").strip().startswith(("Z", "X")):
            yield int(name), fields


def uid_processes(uid: int) -> list[int]:
    """Live (not zombie) processes whose real user id is ``uid``."""
    return [pid for pid, _ in _statuses(uid)]


def uid_threads(uid: int) -> int:
    """Threads of ``uid``: what RLIMIT_NPROC really counts."""
    return sum(int(fields.get("Threads", "1").strip() or 1) for _, fields in _statuses(uid))


def kill_uid(uid: int) -> None:
    """SIGKILL every process running as ``uid`` (processes that left the
    process group with setsid, daemons, fork bombs), until none is left:
    a fork bomb may fork again while one round of kill(-1) runs."""
    for _ in range(20):
        if not uid_processes(uid):  # the usual case: nothing left, no fork needed
            return
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
        time.sleep(0.005)


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
        # The same Python as the grader's, not one that merely starts: a user
        # that cannot search the folders above it gets another stdlib.
        same = [sys.executable, "-I", "-c",
                f"import sys, numpy; sys.exit(sys.base_prefix != {sys.base_prefix!r})"]
        uid = UID_BASE if root and os.path.exists("/usr/bin/setpriv") else None
        drop = drop_prefix(uid) if uid else []
        bwrap = shutil.which("bwrap") if allow_bwrap and os.environ.get("GRADER_NO_BWRAP") != "1" else None
        no_bwrap = "" if bwrap else _why_no_bwrap(allow_bwrap)
        if bwrap and not _try(bwrap_prefix(bwrap, tmp) + drop + same):
            if _try(bwrap_prefix(bwrap, tmp) + same):
                uid = None
            else:
                no_bwrap = _why_bwrap_fails(bwrap, tmp)
                bwrap = None
        warning = ""
        if not bwrap and uid and not _try(drop + same):
            if _try(drop + check):
                warning = (f"the sandbox's user cannot read the grader's Python under {sys.base_prefix} "
                           "(a folder above it is not searchable by others), so student code runs with "
                           "another Python library; install bubblewrap, or chmod o+x those folders")
            else:
                uid = None
        private_net = bool(bwrap) or (root and _try(check, preexec_fn=_unshare_net))
    private_tmp = bool(bwrap) or (root and private_tmp_works())
    from grader.sandbox import cgroups
    found = cgroups.detect() if os.environ.get("GRADER_NO_CGROUP") != "1" else None
    return Isolation(bwrap=bwrap, drop_uid=uid is not None, private_net=private_net, warning=warning,
                     private_tmp=private_tmp, no_bwrap_reason=no_bwrap,
                     cgroup=found[0] if found else None,
                     no_cgroup_reason="" if found else (
                         "turned off by GRADER_NO_CGROUP=1" if os.environ.get("GRADER_NO_CGROUP") == "1"
                         else cgroups.why_not()))


def _why_no_bwrap(allow_bwrap: bool) -> str:
    if not allow_bwrap:
        return "bubblewrap was not asked for"
    if os.environ.get("GRADER_NO_BWRAP") == "1":
        return "bubblewrap is turned off by GRADER_NO_BWRAP=1"
    return "bubblewrap (bwrap) is not installed"


def _why_bwrap_fails(bwrap: str, tmp: str) -> str:
    """What a fixable failure of bubblewrap is, from its own words."""
    try:
        r = subprocess.run([bwrap, "--ro-bind", "/", "/", "--unshare-pid", "--unshare-net", "true"],
                           capture_output=True, text=True, timeout=30)
        said = (r.stderr.strip().splitlines() or [""])[-1]
    except (OSError, subprocess.SubprocessError) as e:
        return f"bubblewrap could not be started ({e})"
    if r.returncode == 0:
        return (f"bubblewrap works but cannot start the grader's Python ({sys.executable}) inside its "
                "view (is it under a folder bubblewrap does not mount?)")
    if "namespace" in said.lower() or "uid map" in said.lower() or "permission" in said.lower():
        return (f"bubblewrap cannot create namespaces here ({said.removeprefix('bwrap: ')}): unprivileged "
                "user namespaces are not allowed (sysctl kernel.unprivileged_userns_clone=1, or "
                "kernel.apparmor_restrict_unprivileged_userns=0 on Ubuntu)")
    return f"bubblewrap fails to start ({said.removeprefix('bwrap: ') or f'exit code {r.returncode}'})"




class SandboxRefused(Exception):
    """Student code would run with the grader's rights and nobody consented."""


def require_sandbox(iso: Isolation) -> Isolation:
    """``iso`` if student code is confined (bubblewrap, or a uid of its own),
    or if the instructor passed --unsafe-no-sandbox (``GRADER_UNSAFE_NO_SANDBOX=1``,
    which worker processes inherit); else SandboxRefused saying why and how
    to fix it."""
    if not iso.unsafe or os.environ.get(UNSAFE_ENV) == "1":
        return iso
    reason = iso.no_bwrap_reason or "bubblewrap is not available"
    raise SandboxRefused(
        f"refusing to run student code without a sandbox: {reason}, and the grader is not root, so "
        "student code would run with your own rights (it could rewrite gradebook.db and other students' "
        "grades, your files and shell start-up files, and leave processes behind); fix it by installing "
        "bubblewrap (e.g. apt install bubblewrap), allowing unprivileged user namespaces, running the "
        "grader as root, or running it in a container, or pass --unsafe-no-sandbox to accept the risk")
