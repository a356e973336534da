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

import os
import select
import signal
import struct
import subprocess
import threading
import time

from grader.sandbox import isolation, wire
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


class StudentError(Exception):
    """The student's code raised; ``info`` has type, message and where."""

    def __init__(self, info: dict):
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
        self._uid_lock = None
        self._workdir_id = None

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
        req_r, req_w = os.pipe()
        resp_r, resp_w = os.pipe()
        out_r, out_w = os.pipe()
        try:
            argv = isolation.command(self.iso, self.workdir, self.uid, req_r, resp_w, self.limits)
            self.proc = subprocess.Popen(
                argv, stdin=subprocess.DEVNULL, stdout=out_w, stderr=out_w,
                pass_fds=(req_r, resp_w), env=isolation.child_env(), close_fds=True,
                cwd=self.workdir,
                preexec_fn=isolation.preexec(self.limits, self.iso.private_net and not self.iso.bwrap,
                                             bare=not self.iso.bwrap, running=running))
        except (OSError, subprocess.SubprocessError) as e:  # e.g. bwrap gone, preexec failed
            for fd in (req_w, resp_r, out_r):
                os.close(fd)
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
        if self.uid is not None:
            isolation.kill_uid(self.uid)
        self._release_uid()
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

    def request(self, header: dict, buffers: list[bytes], timeout: float) -> tuple[dict, list]:
        """Send one frame and wait for the reply; ChildFailure on any failure
        (the child is then killed so the next request starts a fresh one)."""
        data = wire.pack(header, buffers)  # before the try: a bad request is the grader's bug
        if not self.alive():
            self.close()
            self.start()
        deadline = time.monotonic() + timeout
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

    def request_many(self, header: dict, buffers: list[bytes], count: int, timeout: float):
        """Send one batch frame and yield its ``count`` replies as they come,
        each within ``timeout`` of the previous one.  On a failure the child is
        killed and ChildFailure says which reply was due."""
        data = wire.pack(header, buffers)
        if not self.alive():
            self.close()
            self.start()
        deadline = time.monotonic() + timeout
        index = 0
        try:
            self._write(data, deadline, timeout)
            for index in range(count):
                yield self._read_reply(deadline, timeout)
                deadline = time.monotonic() + timeout
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

    def _wait_fd(self, fd: int, event: int, deadline: float, timeout: float) -> None:
        """Until ``fd`` is ready, or ChildTimeout at the deadline (poll, not
        select: descriptors above 1024 are fine)."""
        poller = select.poll()
        poller.register(fd, event)
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
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
        (n,) = struct.unpack(">I", self._read(4, deadline, timeout))
        if n > wire.MAX_HEADER_BYTES:
            raise wire.WireError("reply header too large")
        header = wire.parse_header(self._read(n, deadline, timeout))
        buffers = [self._read(size, deadline, timeout) for size in header.get("buffers", [])]
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
