"""A tiny SMTP server on a local port for the mail tests: it speaks just enough SMTP for smtplib and keeps what it
was sent (no aiosmtpd or smtpd: neither is installed)."""

from __future__ import annotations

import socket
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field


@dataclass
class Sink:
    """Where the server listens and the mails it received (the envelope recipients and the raw message)."""

    port: int
    mails: list[tuple[list[str], str]] = field(default_factory=list)


def _serve_one(connection: socket.socket, sink: Sink) -> None:
    reader = connection.makefile("rb")

    def say(line: str) -> None:
        connection.sendall(line.encode() + b"\r\n")

    say("220 sink ESMTP")
    recipients: list[str] = []
    while True:
        line = reader.readline().decode("utf-8", "replace").rstrip("\r\n")
        if not line:
            return
        verb = line.split(" ", 1)[0].upper()
        if verb in ("EHLO", "HELO"):
            say("250 sink")
        elif verb == "MAIL":
            recipients = []
            say("250 OK")
        elif verb == "RCPT":
            recipients.append(line.partition(":")[2].strip().strip("<>"))
            say("250 OK")
        elif verb == "DATA":
            say("354 go on")
            body = []
            while (part := reader.readline().decode("utf-8", "replace")) not in (".\r\n", ""):
                body.append(part)
            sink.mails.append((recipients, "".join(body)))
            say("250 OK queued")
        elif verb == "QUIT":
            say("221 bye")
            return
        else:
            say("250 OK")


@contextmanager
def smtp_sink() -> Iterator[Sink]:
    """An SMTP server on 127.0.0.1 (a free port) answering connections until the block ends."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen()
    server.settimeout(0.2)
    sink = Sink(server.getsockname()[1])
    stop = threading.Event()

    def run() -> None:
        while not stop.is_set():
            try:
                connection, _ = server.accept()
            except TimeoutError:
                continue
            with connection:
                connection.settimeout(10)
                _serve_one(connection, sink)

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    try:
        yield sink
    finally:
        stop.set()
        thread.join(5)
        server.close()


def refused_port() -> int:
    """A local port nothing listens on (bound, then released)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]
