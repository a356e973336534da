"""The parent's side of one sandboxed child.

``StudentProcess`` starts the child for one submission's working folder,
sends requests, and waits for each reply with a wall-clock deadline.  When
the child dies, hangs or talks nonsense, the request fails with a
``ChildFailure`` carrying a one-line reason, the child is killed with
everything it started, and the next request starts a fresh one.  Nothing the
child sends is trusted: replies are decoded by ``wire`` (data only) and
validated by the caller.
"""
from __future__ import annotations

import ast
import builtins
import os
import re
import select
import signal
import struct
import subprocess
import threading
import time

from grader.sandbox import cgroups, isolation, wire
from grader.sandbox.arena import Arena
from grader.sandbox.isolation import Isolation, Limits


READ_CHUNK = 1 << 20


class ChildFailure(Exception):
    """The child could not answer: it crashed, exited or sent bad data."""

    status = "error"


class ChildTimeout(ChildFailure):
    """The child did not answer within the call's time limit."""

    status = "timeout"


def one_line(text, limit: int) -> str:
    """``text`` as one printable line of at most ``limit`` characters: what
    the child sends may hold newlines, control and terminal escape codes."""
    text = "".join(c if c.isprintable() else " " for c in str(text))
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 3] + "..."


class BudgetSpent(ChildTimeout):
    """The exercise's whole wall-clock budget (``exercise_seconds``) is spent."""


class ReplyTooLarge(ChildFailure):
    """A reply over ``reply_mb``: refused before it is read."""

    def __init__(self, mb: int):
        super().__init__(f"the reply was larger than the {mb} MB limit (return less data)")


BUILTIN_EXCEPTIONS = frozenset(name for name, v in vars(builtins).items()
                                if isinstance(v, type) and issubclass(v, BaseException))
# Raised by numpy itself, or by the child runtime about a reply.
KNOWN_EXCEPTIONS = BUILTIN_EXCEPTIONS | {"LinAlgError", "AxisError", "WireError", "ProtocolError"}
WHERE = re.compile(r"(?P<file>[\w./-]{1,200}) line (?P<line>\d{1,7})")


class Vocabulary:
    """What a child's error report may name, read from the submission before
    any of its code ran: its files (and how many lines each has) and the
    classes they define.  Anything else in a report is the child's invention."""

    def __init__(self, workdir: str):
        self.lines: dict[str, int] = {}
        self.classes: set[str] = set()
        for root, dirs, files in os.walk(workdir):
            dirs[:] = sorted(d for d in dirs if not d.startswith("."))[:50]
            for name in sorted(files)[:200]:
                if name.endswith(".py"):
                    self._read(os.path.join(root, name), os.path.relpath(os.path.join(root, name), workdir))

    def _read(self, path: str, rel: str) -> None:
        try:
            with open(path, "rb") as fh:
                source = fh.read(4 * 1024 * 1024)
        except OSError:
            return
        count = source.count(b"\n") + 1
        self.lines[rel] = count
        self.lines.setdefault(os.path.basename(rel), count)  # a SyntaxError names the file only
        try:
            tree = ast.parse(source)
        except (SyntaxError, ValueError, RecursionError, MemoryError):
            return
        self.classes.update(n.name for n in ast.walk(tree) if isinstance(n, ast.ClassDef))

    def exception_type(self, name) -> str:
        """A builtin or numpy exception, or a class the submission defines;
        anything else reads "Exception"."""
        name = name if isinstance(name, str) else ""
        if name.isidentifier() and len(name) <= 64 and (name in KNOWN_EXCEPTIONS or name in self.classes):
            return name
        return "Exception"

    def location(self, where) -> str:
        """``file line N`` for a file of the submission and a line it has, or ""."""
        match = WHERE.fullmatch(where) if isinstance(where, str) else None
        if not match or match["file"] not in self.lines:
            return ""
        return where if 1 <= int(match["line"]) <= self.lines[match["file"]] else ""


class StudentError(Exception):
    """The student's code raised; ``info`` has type, message and where.

    The type and place are what a hidden test shows the student, so they are
    checked against the submission (``vocabulary``): a forged report cannot
    carry data in them.  The message, free text, is shown for visible tests
    only."""

    def __init__(self, info: dict, vocabulary: Vocabulary | None = None):
        info = info if isinstance(info, dict) else {}
        if vocabulary is not None:
            self.type = vocabulary.exception_type(info.get("type"))
            self.where = vocabulary.location(info.get("where"))
        else:
            self.type = one_line(info.get("type", "Exception"), 100) or "Exception"
            self.where = one_line(info.get("where", ""), 200)
        super().__init__(one_line(info.get("message", self.type), 500) or self.type)


class OutputPipe:
    """Drains the child's stdout+stderr so it can never block, keeping the
    first ``cap`` bytes since the last ``take`` (what a report shows) and
    counting the rest."""

    # ---- (throughput) every read happens under the lock, and ``take`` first
    # reads what is already in the pipe: the child writes its output before
    # its reply, so what a call printed is always in that call's take, not in
    # whichever later take the drain thread happened to be ready for.

    def __init__(self, fd: int, cap: int):
        self.fd, self.cap = fd, cap
        os.set_blocking(fd, False)
        self.kept = bytearray()
        self.dropped = 0
        self.closed = False
        self.lock = threading.Lock()
        self.thread = threading.Thread(target=self._drain, daemon=True)
        self.thread.start()

    def _drain(self):
        poller = select.poll()
        poller.register(self.fd, select.POLLIN | select.POLLHUP)
        while True:
            poller.poll()
            with self.lock:
                if self._read_available():
                    break
        os.close(self.fd)

    def _read_available(self) -> bool:
        """With the lock held: read what the pipe holds now; True at its end."""
        if self.closed:
            return True
        while True:
            try:
                chunk = os.read(self.fd, 65536)
            except BlockingIOError:
                return False
            except OSError:
                chunk = b""
            if not chunk:
                self.closed = True
                return True
            room = max(self.cap - len(self.kept), 0)
            self.kept += chunk[:room]
            self.dropped += max(len(chunk) - room, 0)

    def take(self, wait: float = 0.0) -> str:
        """What was printed since the last take (``wait``: for the end of a
        child that died, whose last words may still be in the pipe)."""
        self.thread.join(timeout=wait)
        with self.lock:
            self._read_available()
            out = self.kept.decode("utf-8", "replace")
            if self.dropped:
                out += f"\n[... {self.dropped} more bytes of output dropped]"
            self.kept.clear()
            self.dropped = 0
        return out

    # ---- end (throughput)

    def last_line(self, wait: float = 0.2) -> str:
        """The last line printed so far, without taking it."""
        self.thread.join(timeout=wait)
        with self.lock:
            lines = self.kept.decode("utf-8", "replace").strip().splitlines()
        return lines[-1] if lines else ""


class StudentProcess:
    """One child serving one submission; restarted on demand after a failure."""

    def __init__(self, workdir: str, iso: Isolation, limits: Limits, slot: int = 0):
        self.workdir = workdir
        self.iso = iso
        self.limits = limits
        self.uid = isolation.UID_BASE + 1 + slot if iso.drop_uid else None
        self.proc: subprocess.Popen | None = None
        self.output: OutputPipe | None = None
        self.starts = 0
        self._rbuf = bytearray()
        self.arena: Arena | None = None
        self.cgroup: cgroups.Group | None = None
        self._vocabulary = None
        self._uid_lock = None
        self._workdir_id = None
        # Hard wall-clock end of the current exercise (monotonic), or None:
        # every call's deadline is the smaller of its own limit and this.
        self.budget_deadline: float | None = None
        self.budget_seconds: float | None = None

    # ------------------------------------------------------------ lifecycle

    def start(self) -> None:
        """Start a fresh child; ChildFailure if the sandbox cannot start."""
        if self.uid is not None:
            self._claim_uid()
            try:
                isolation.kill_uid(self.uid)
                self._own_workdir()
            except BaseException:
                self._release_uid()
                raise
        # Without a uid of its own the child's forks count with all of the
        # grader's user's threads: a desktop has thousands.
        running = 0 if self.uid is not None else isolation.uid_threads(os.getuid())
        self.vocabulary()  # before any child ran: what its reports may name
        try:
            self._open_cgroup()
        except ChildFailure:
            self._release_uid()
            raise
        req_r, req_w = os.pipe()
        resp_r, resp_w = os.pipe()
        out_r, out_w = os.pipe()
        self.arena = Arena(self.limits.arena_mb)
        try:
            argv = isolation.command(self.iso, self.workdir, self.uid, req_r, resp_w, self.limits,
                                     self.arena.fd)
            self.proc = subprocess.Popen(
                argv, stdin=subprocess.DEVNULL, stdout=out_w, stderr=out_w,
                pass_fds=(req_r, resp_w, self.arena.fd), env=isolation.child_env(self._home()), close_fds=True,
                cwd=self.workdir,
                preexec_fn=self._preexec(running))
        except (OSError, subprocess.SubprocessError) as e:  # e.g. bwrap gone, preexec failed
            os.set_blocking(out_r, False)
            try:  # what preexec said, if anything
                said = os.read(out_r, 4096).decode("utf-8", "replace").strip().splitlines()[-1:]
            except OSError:
                said = []
            for fd in (req_w, resp_r, out_r):
                os.close(fd)
            if said:
                e = said[0]
            self.arena.close()
            self.arena = None
            self._close_cgroup()
            self._release_uid()
            raise ChildFailure(f"the sandbox could not start ({getattr(e, 'strerror', None) or e})") from None
        finally:
            for fd in (req_r, resp_w, out_w):
                os.close(fd)
        os.set_blocking(req_w, False)  # writes wait with a deadline, see _write
        self.req_w, self.resp_r = req_w, resp_r
        self._rbuf = bytearray()  # bytes read ahead from this child's replies
        self.output = OutputPipe(out_r, self.limits.output_kb * 1024)
        self.starts += 1

    def _home(self) -> str | None:
        """Where HOME and TMPDIR point when the child shares the host's /tmp
        (no bubblewrap, no mount namespace): a folder of its own submission."""
        if self.iso.bwrap or self.iso.private_tmp:
            return None
        home = os.path.join(self.workdir, ".home")
        os.makedirs(home, mode=0o700, exist_ok=True)
        if self.uid is not None:
            os.chown(home, self.uid, self.uid)
        return home

    def _preexec(self, running: int):
        """Limits for the forked child; first of all, into its cgroup."""
        private_tmp = os.path.realpath(self.workdir) if self.iso.private_tmp and not self.iso.bwrap else None
        limits = isolation.preexec(self.limits, self.iso.private_net and not self.iso.bwrap,
                                   bare=not self.iso.bwrap, running=running, private_tmp=private_tmp)
        group = self.cgroup

        def apply():
            if group is not None:
                group.join()
            limits()
        return apply

    def _open_cgroup(self) -> None:
        """A fresh control group for the child about to start (cgroups.py);
        its processes limit leaves room for bubblewrap's and setpriv's own."""
        self.cgroup = None
        if self.iso.cgroup:
            try:
                self.cgroup = cgroups.Group(self.limits.memory_mb, self.limits.processes + 8)
            except OSError as e:
                raise ChildFailure(f"the sandbox could not start (cgroup: {e.strerror or e})") from None

    def _close_cgroup(self) -> None:
        if getattr(self, "cgroup", None) is not None:
            self.cgroup.close()
            self.cgroup = None

    def _claim_uid(self) -> None:
        if self._uid_lock is None:
            try:
                self.uid, self._uid_lock = isolation.claim_uid(self.uid)
            except RuntimeError as e:
                raise ChildFailure(f"the sandbox could not start ({e})") from None

    def _release_uid(self) -> None:
        if self._uid_lock is not None:
            self._uid_lock.close()
            self._uid_lock = None

    def _own_workdir(self) -> None:
        """Give the working folder to the child's uid, through a descriptor
        that does not follow links: without bubblewrap the child can rename
        its folder and leave a link to any directory in its place, which a
        plain chown on the next start would hand over to it."""
        try:
            fd = os.open(self.workdir, os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW)
        except FileNotFoundError:
            raise ChildFailure("the submission's working folder is gone") from None
        except OSError:  # ELOOP, ENOTDIR: a link or a file in its place
            raise ChildFailure("the submission's working folder was replaced") from None
        try:
            st = os.fstat(fd)
            if self._workdir_id is None:
                self._workdir_id = (st.st_dev, st.st_ino)
            if (st.st_dev, st.st_ino) != self._workdir_id:
                raise ChildFailure("the submission's working folder was replaced")
            os.fchown(fd, self.uid, self.uid)
        finally:
            os.close(fd)

    def vocabulary(self) -> Vocabulary:
        """The submission's files and classes, read once, before its code ran."""
        if self._vocabulary is None:
            self._vocabulary = Vocabulary(self.workdir)
        return self._vocabulary

    def error(self, info) -> StudentError:
        """The student's exception from the child's report, validated."""
        return StudentError(info, self.vocabulary())

    def prepare(self) -> Arena:
        """Start the child if needed and give its arena, empty, for the
        arguments of the next request (``request(..., arena=)``)."""
        if not self.alive():
            self.close()
            self.start()
        self.arena.reset()
        return self.arena

    def alive(self) -> bool:
        return self.proc is not None and self.proc.poll() is None

    def close(self) -> None:
        """Kill the child and everything it started; safe to call twice."""
        if self.proc is None:
            return
        for fd in (self.req_w, self.resp_r):
            try:
                os.close(fd)
            except OSError:
                pass
        try:
            os.killpg(self.proc.pid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            pass
        try:
            self.proc.kill()
        except ProcessLookupError:
            pass
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:  # stuck in the kernel; the uid kill below still runs
            pass
        self._close_cgroup()  # kills whatever is left in it, whatever its uid
        if self.uid is not None:
            isolation.kill_uid(self.uid)
            isolation.remove_uid_files(self.uid, keep=[self.workdir])  # before another child may get the uid
        self._release_uid()
        if self.arena is not None:
            self.arena.close()
            self.arena = None
        self.proc = None

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def take_output(self) -> str:
        """The output printed since the last call (by this child or the one
        that died before it), at most ``output_kb`` of it."""
        if self.output is None:
            return ""
        return self.output.take(wait=0 if self.alive() else 1)

    # ------------------------------------------------------------ requests

    def request(self, header: dict, buffers: list[bytes], timeout: float,
                arena: Arena | None = None) -> tuple[dict, list]:
        """Send one frame and wait for the reply; ChildFailure on any failure
        (the child is then killed so the next request starts a fresh one).
        ``arena``: the one ``prepare`` gave, holding this request's arrays."""
        data = wire.pack(header, buffers)  # before the try: a bad request is the grader's bug
        self._check_budget()
        self._same_child(arena)
        deadline, timeout = self._deadline(timeout)
        try:
            self._write(data, deadline, timeout)
            return self._read_reply(deadline, timeout)
        except ChildFailure:
            self.close()
            raise
        except wire.WireError as e:
            reason = self._death_reason(wait=0) or f"the process sent invalid data ({e})"
            self.close()
            raise ChildFailure(reason) from None

    def request_many(self, header: dict, buffers: list[bytes], count: int, timeout: float,
                     arena: Arena | None = None):
        """Send one batch frame and yield its ``count`` replies as they come,
        each within ``timeout`` of the previous one.  On a failure the child is
        killed and ChildFailure says which reply was due."""
        data = wire.pack(header, buffers)
        index = 0
        try:
            self._check_budget()
            self._same_child(arena)
        except ChildFailure as e:
            e.index = index
            raise
        deadline, limit = self._deadline(timeout)
        try:
            self._write(data, deadline, limit)
            for index in range(count):
                yield self._read_reply(deadline, limit)
                deadline, limit = self._deadline(timeout)
        except ChildFailure as e:
            self.close()
            e.index = index
            raise
        except wire.WireError as e:
            reason = self._death_reason(wait=0) or f"the process sent invalid data ({e})"
            self.close()
            failure = ChildFailure(reason)
            failure.index = index
            raise failure from None

    def _same_child(self, arena: Arena | None) -> None:
        """Start a child if none runs; a request laid out in the arena of a
        child that died since cannot be sent to its successor."""
        if arena is not None and (arena is not self.arena or not self.alive()):
            self.close()
            raise ChildFailure("the process ended before the call could start")
        if not self.alive():
            self.close()
            self.start()

    def _check_budget(self) -> None:
        """ChildTimeout at once when the exercise's time budget is spent."""
        if self.budget_deadline is not None and time.monotonic() >= self.budget_deadline:
            raise BudgetSpent(f"not run: the {self.budget_seconds:g} s time budget of this exercise was used up")

    def _deadline(self, timeout: float) -> tuple[float, float]:
        """(deadline, the limit it stands for): the call's own limit, or what
        is left of the exercise's budget if that is less."""
        now = time.monotonic()
        if self.budget_deadline is not None and self.budget_deadline < now + timeout:
            return self.budget_deadline, self.budget_seconds
        return now + timeout, timeout

    def _wait_fd(self, fd: int, event: int, deadline: float, timeout: float) -> None:
        """Until ``fd`` is ready, or ChildTimeout at the deadline (poll, not
        select: descriptors above 1024 are fine)."""
        poller = select.poll()
        poller.register(fd, event)
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                if timeout == self.budget_seconds and self.budget_deadline is not None \
                        and time.monotonic() >= self.budget_deadline:
                    raise BudgetSpent(f"killed: the {timeout:g} s time budget of this exercise ran out")
                raise ChildTimeout(f"killed after {timeout:g} s (time limit)")
            if poller.poll(max(left * 1000, 1)):
                return

    def _write(self, data: bytes, deadline: float, timeout: float) -> None:
        """All of ``data`` to the child, within the deadline: a child that
        stops reading (busy, or answering with forged replies) must not block
        the grader on a full pipe."""
        view = memoryview(data)
        while view:
            self._wait_fd(self.req_w, select.POLLOUT, deadline, timeout)
            try:
                view = view[os.write(self.req_w, view):]
            except BlockingIOError:
                continue
            except OSError:  # EPIPE: the child is gone or closed its end
                reason = self._death_reason() or "the process closed its connection to the grader"
                raise ChildFailure(reason) from None

    def _read(self, n: int, deadline: float, timeout: float) -> bytes:
        """Exactly ``n`` bytes of the reply stream.  Reads are buffered: the
        child writes a whole frame at once, so one read usually brings it all
        (length, header and buffers) instead of a poll and a read for each."""
        buf = self._rbuf
        while len(buf) < n:
            self._wait_fd(self.resp_r, select.POLLIN, deadline, timeout)
            try:
                chunk = os.read(self.resp_r, max(n - len(buf), READ_CHUNK))
            except OSError as e:
                raise ChildFailure(f"the connection to the process failed ({e.strerror})") from None
            if not chunk:
                raise ChildFailure(self._death_reason() or "the process closed its connection to the grader")
            buf += chunk
        data = bytes(buf[:n])
        del buf[:n]
        return data

    def _read_reply(self, deadline: float, timeout: float):
        """One reply frame.  Its size is checked against ``reply_mb`` from the
        length header and the buffer list, before the bytes are read: what
        the parent holds per child stays bounded whatever the child sends."""
        cap = self.limits.reply_mb * 1024 * 1024
        (n,) = struct.unpack(">I", self._read(4, deadline, timeout))
        if n > wire.MAX_HEADER_BYTES:
            raise wire.WireError("reply header too large")
        if n > cap:
            raise ReplyTooLarge(self.limits.reply_mb)
        header = wire.parse_header(self._read(n, deadline, timeout))
        sizes = header.get("buffers", [])
        if n + sum(sizes) > cap:
            raise ReplyTooLarge(self.limits.reply_mb)
        buffers = [self._read(size, deadline, timeout) for size in sizes]
        return header, buffers

    def _death_reason(self, wait: float = 1.0) -> str | None:
        """Why the child died, in one line; None if it is still running
        ``wait`` seconds from now (a child that closed its pipe is usually
        dying; one that sent nonsense usually is not)."""
        if self.proc is None:
            return None
        try:
            code = self.proc.wait(timeout=wait) if wait else self.proc.poll()
        except subprocess.TimeoutExpired:
            return None
        if code is None:
            return None
        if code < 0:
            return _signal_reason(-code, self.limits)
        if self.iso.bwrap and code > 128:  # bwrap reports a killed child as 128 + signal
            return _signal_reason(code - 128, self.limits)
        if code == 0:
            reason = "the process exited (exit code 0) instead of answering"
        else:
            reason = f"the process exited with code {code} instead of answering"
        last = one_line(self.output.last_line(), 200) if self.output else ""
        return f"{reason} (last output: {last})" if last else reason


def _signal_reason(sig: int, limits: Limits) -> str:
    if sig == signal.SIGSEGV:
        return "crashed with a segmentation fault"
    if sig == signal.SIGXCPU:
        return f"killed: used more than {limits.cpu_seconds} s of CPU"
    if sig == signal.SIGXFSZ:
        return f"killed: wrote a file larger than {limits.file_size_mb} MB"
    if sig == signal.SIGKILL:
        return "killed (SIGKILL; memory exhausted or out of time)"
    try:
        name = signal.Signals(sig).name
    except ValueError:
        name = str(sig)
    return f"killed by signal {name}"
