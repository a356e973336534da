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

from . import isolation, wire
from .isolation import Isolation, Limits


class ChildFailure(Exception):
    """The child could not answer: it crashed, exited or sent bad data."""

    status = "error"


class ChildTimeout(ChildFailure):
    """The child did not answer within the call's time limit."""

    status = "timeout"


class StudentError(Exception):
    """The student's code raised; ``info`` has type, message and where."""

    def __init__(self, info: dict):
        self.type = str(info.get("type", "Exception"))[:100]
        self.where = str(info.get("where", ""))[:200]
        super().__init__(str(info.get("message", self.type))[:500])


class OutputPipe:
    """Drains the child's stdout+stderr so it can never block, keeping the
    first ``cap`` bytes (what a report shows) and counting the rest."""

    def __init__(self, fd: int, cap: int):
        self.fd, self.cap = fd, cap
        self.kept = bytearray()
        self.dropped = 0
        self.thread = threading.Thread(target=self._drain, daemon=True)
        self.thread.start()

    def _drain(self):
        while True:
            try:
                chunk = os.read(self.fd, 65536)
            except OSError:
                break
            if not chunk:
                break
            room = self.cap - len(self.kept)
            self.kept += chunk[:max(room, 0)]
            self.dropped += max(len(chunk) - max(room, 0), 0)
        os.close(self.fd)

    def text(self) -> str:
        self.thread.join(timeout=1)
        out = self.kept.decode("utf-8", "replace")
        if self.dropped:
            out += f"\n[... {self.dropped} more bytes of output dropped]"
        return out


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

    # ------------------------------------------------------------ lifecycle

    def start(self) -> None:
        if self.uid is not None:
            isolation.kill_uid(self.uid)
            os.chown(self.workdir, self.uid, self.uid)
        req_r, req_w = os.pipe()
        resp_r, resp_w = os.pipe()
        out_r, out_w = os.pipe()
        argv = isolation.command(self.iso, self.workdir, self.uid, req_r, resp_w)
        try:
            self.proc = subprocess.Popen(
                argv, stdin=subprocess.DEVNULL, stdout=out_w, stderr=out_w,
                pass_fds=(req_r, resp_w), env=isolation.child_env(), close_fds=True,
                cwd=self.workdir,
                preexec_fn=isolation.preexec(self.limits, self.iso.private_net and not self.iso.bwrap))
        finally:
            for fd in (req_r, resp_w, out_w):
                os.close(fd)
        self.req_w, self.resp_r = req_w, resp_r
        self.output = OutputPipe(out_r, self.limits.output_kb * 1024)
        self.starts += 1

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
        self.proc.wait()
        if self.uid is not None:
            isolation.kill_uid(self.uid)
        self.proc = None

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def take_output(self) -> str:
        """The output printed so far by the current child."""
        if self.output is None:
            return ""
        if self.alive():
            text = bytes(self.output.kept).decode("utf-8", "replace")
            self.output.kept.clear()
            return text
        return self.output.text()

    # ------------------------------------------------------------ requests

    def request(self, header: dict, buffers: list[bytes], timeout: float) -> tuple[dict, list]:
        """Send one frame and wait for the reply; ChildFailure on any failure
        (the child is then killed so the next request starts a fresh one)."""
        if not self.alive():
            self.close()
            self.start()
        try:
            wire.write_frame(self.req_w, wire.pack(header, buffers))
            return self._read_reply(time.monotonic() + timeout, timeout)
        except ChildFailure:
            self.close()
            raise
        except (OSError, wire.WireError, EOFError) as e:
            reason = self._death_reason() or f"the process sent invalid data ({e})"
            self.close()
            raise ChildFailure(reason) from None

    def _read(self, n: int, deadline: float, timeout: float) -> bytes:
        chunks, got = [], 0
        while got < n:
            left = deadline - time.monotonic()
            if left <= 0:
                raise ChildTimeout(f"killed after {timeout:g} s (time limit)")
            ready, _, _ = select.select([self.resp_r], [], [], left)
            if not ready:
                continue
            chunk = os.read(self.resp_r, min(n - got, 1 << 20))
            if not chunk:
                self.proc.wait(timeout=5) if self.proc else None
                raise ChildFailure(self._death_reason() or "the process closed its connection")
            chunks.append(chunk)
            got += len(chunk)
        return b"".join(chunks)

    def _read_reply(self, deadline: float, timeout: float):
        (n,) = struct.unpack(">I", self._read(4, deadline, timeout))
        if n > wire.MAX_HEADER_BYTES:
            raise wire.WireError("reply header too large")
        header = wire.parse_header(self._read(n, deadline, timeout))
        buffers = [self._read(size, deadline, timeout) for size in header.get("buffers", [])]
        return header, buffers

    def _death_reason(self) -> str | None:
        if self.proc is None:
            return None
        try:
            code = self.proc.wait(timeout=2)
        except subprocess.TimeoutExpired:
            return None
        if code < 0:
            return _signal_reason(-code, self.limits)
        if self.iso.bwrap and code > 128:  # bwrap reports a killed child as 128 + signal
            return _signal_reason(code - 128, self.limits)
        if code == 0:
            return "the process exited (exit code 0) instead of answering"
        return f"the process exited with code {code}"


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
