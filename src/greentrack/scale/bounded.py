"""A few worker processes that run one call at a time each, with a deadline and a memory cap.

The server's heavy work (reading an uploaded plan or sheet) runs here and not in the server's own process:
a document that needs minutes of CPU or gigabytes of memory then costs one worker, which is killed at its
deadline (`max_processing_seconds`) or stopped by its address-space cap (`job_memory_mb`), and replaced —
the server keeps its CPU share and its memory. A worker is a fresh `python -m greentrack.scale.bounded`
(never a fork of the server's threads), started on first use and kept between calls; calls and answers
travel pickled over two pipes.
"""

from __future__ import annotations

import os
import resource
import subprocess
import sys
from collections.abc import Callable
from multiprocessing.connection import Connection
from typing import Any

from greentrack import config

PRELOAD = ("greentrack.pipeline.jobs", "greentrack.ledger.intake_read")  # imported once, when a worker starts
_MB = 1024 * 1024
SETTINGS_PREFIX = "GREENTRACK_"  # the settings' environment variables travel with each call


class WorkerStopped(Exception):
    """The worker ended without an answer: over its deadline (`timed_out`), or it died (memory, a crash)."""

    def __init__(self, timed_out: bool, seconds: float) -> None:
        super().__init__("timed out" if timed_out else "worker died")
        self.timed_out, self.seconds = timed_out, seconds


def _serve(calls: Connection, answers: Connection, memory_mb: int) -> None:
    """A worker's life: run each (function, arguments) it receives and send back ("ok", result) or
    ("error", exception)."""
    if memory_mb > 0:  # past this the worker's allocations fail (MemoryError) instead of the machine swapping
        resource.setrlimit(resource.RLIMIT_AS, (memory_mb * _MB, memory_mb * _MB))
    while True:
        try:
            function, arguments, settings = calls.recv()
        except (EOFError, OSError):
            return  # the server went away
        for name in [name for name in os.environ if name.startswith(SETTINGS_PREFIX)]:
            del os.environ[name]
        os.environ.update(settings)  # the server's settings as they are now, not as they were when the worker began
        try:
            answer: tuple[str, Any] = ("ok", function(*arguments))
        except BaseException as exc:  # everything goes back to the caller, who decides what it means
            answer = ("error", exc)
        try:
            answers.send(answer)
        except (TypeError, AttributeError, ValueError, MemoryError) as exc:  # an answer that cannot be pickled
            answers.send(("error", RuntimeError(f"unpicklable answer: {exc}")))


class Worker:
    """One worker process and the pipe to it; started when first needed, started again after it is killed."""

    def __init__(self) -> None:
        self._process: subprocess.Popen[bytes] | None = None
        self._connection: Connection | None = None  # answers come in here
        self._calls: Connection | None = None  # calls go out here

    def call(self, function: Callable[..., Any], arguments: tuple[Any, ...], seconds: float) -> Any:
        """`function(*arguments)` in the worker: its result, its exception raised again, or WorkerStopped."""
        connection = self._connect()
        settings = {name: value for name, value in os.environ.items() if name.startswith(SETTINGS_PREFIX)}
        try:
            self._calls.send((function, arguments, settings))
        except OSError:
            self.stop()
            raise WorkerStopped(False, seconds) from None
        try:
            ready = connection.poll(seconds)
            status, value = connection.recv() if ready else ("timeout", None)
        except (EOFError, OSError):
            self.stop()
            raise WorkerStopped(False, seconds) from None
        if status == "timeout":
            self.stop()
            raise WorkerStopped(True, seconds)
        if status == "error":
            raise value
        return value

    def _connect(self) -> Connection:
        if self._process is not None and self._process.poll() is None and self._connection is not None:
            return self._connection
        self.stop()
        calls_read, calls_write = os.pipe()
        answers_read, answers_write = os.pipe()
        command = [sys.executable, "-m", "greentrack.scale.bounded", str(calls_read), str(answers_write),
                   str(int(config.get("job_memory_mb")))]
        self._process = subprocess.Popen(command, pass_fds=(calls_read, answers_write), stdin=subprocess.DEVNULL)
        os.close(calls_read)
        os.close(answers_write)
        self._calls = Connection(calls_write, readable=False)
        self._connection = Connection(answers_read, writable=False)
        return self._connection

    def stop(self) -> None:
        """Kill the worker (if it runs) and forget it."""
        for connection in (self._calls, self._connection):
            if connection is not None:
                connection.close()
        if self._process is not None:
            if self._process.poll() is None:
                self._process.kill()
            self._process.wait(5)
        self._process, self._connection, self._calls = None, None, None

    @property
    def pid(self) -> int | None:
        """The worker's process id while it runs (the benchmark reads its memory)."""
        return self._process.pid if self._process is not None and self._process.poll() is None else None


def main(arguments: list[str]) -> None:
    """A worker's entry point: `python -m greentrack.scale.bounded CALLS_FD ANSWERS_FD MEMORY_MB`."""
    import importlib

    for module in PRELOAD:
        importlib.import_module(module)
    sys.stdout = sys.stderr  # nothing a library prints may land where the answers go
    calls, answers, memory_mb = int(arguments[0]), int(arguments[1]), int(arguments[2])
    _serve(Connection(calls, writable=False), Connection(answers, readable=False), memory_mb)


if __name__ == "__main__":
    main(sys.argv[1:])
