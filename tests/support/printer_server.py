"""A raw-TCP "printer" on 127.0.0.1 for tests: records every job, and can misbehave on purpose.

Modes:
- ``"normal"``: reads each connection to the end, then closes (as port-9100 printers do).
- ``"stall"``: accepts but never reads, with a tiny receive buffer, so a client's send blocks.
- ``"close_mid_job"``: reads ``close_after`` bytes, then resets the connection (RST).
``status_reply`` (e.g. ``{2: 0x12, 4: 0x72}``) answers ``DLE EOT n`` queries like a printer.

Use as a context manager (``with PrinterServer() as server: ...``) or through the ``printer_server``
fixture; :func:`closed_port` gives a port where nothing listens (connections are refused).
"""

from __future__ import annotations

import contextlib
import socket
import struct
import threading
import time
from collections.abc import Iterator
from typing import Literal

import pytest

Mode = Literal["normal", "stall", "close_mid_job"]


class PrinterServer:
    """A threaded fake printer listening on an ephemeral port of 127.0.0.1."""

    def __init__(
        self, mode: Mode = "normal", *, close_after: int = 64, status_reply: dict[int, int] | None = None
    ) -> None:
        self.mode = mode
        self.close_after = close_after
        self.status_reply = status_reply or {}
        self._listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self._listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        if mode == "stall":
            # Set before listen() so accepted sockets inherit it and advertise a tiny window.
            self._listener.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 1024)
        self._listener.bind(("127.0.0.1", 0))
        self._listener.listen(8)
        self._listener.settimeout(0.05)
        self.host, self.port = self._listener.getsockname()
        self._stop = threading.Event()
        self._lock = threading.Lock()
        self._jobs: list[bytes] = []
        self._open: list[socket.socket] = []
        self._threads: list[threading.Thread] = []
        self._acceptor = threading.Thread(target=self._accept_loop, name="printer-server", daemon=True)

    @property
    def uri(self) -> str:
        """``tcp://127.0.0.1:PORT`` for :func:`app.receipts.parse_printer_uri`."""
        return f"tcp://{self.host}:{self.port}"

    def start(self) -> PrinterServer:
        self._acceptor.start()
        return self

    def stop(self) -> None:
        self._stop.set()
        self._acceptor.join(timeout=5)
        with self._lock:
            for conn in self._open:
                with contextlib.suppress(OSError):
                    conn.close()
        for thread in self._threads:
            thread.join(timeout=5)
        self._listener.close()

    def __enter__(self) -> PrinterServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    @property
    def jobs(self) -> list[bytes]:
        """The bytes of each finished connection, in the order they finished."""
        with self._lock:
            return list(self._jobs)

    def wait_for_jobs(self, count: int = 1, timeout: float = 5.0) -> list[bytes]:
        """The first ``count`` jobs, waiting up to ``timeout`` seconds for them to finish."""
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            jobs = self.jobs
            if len(jobs) >= count:
                return jobs[:count]
            time.sleep(0.01)
        raise AssertionError(f"expected {count} job(s), got {len(self.jobs)}")

    def _accept_loop(self) -> None:
        while not self._stop.is_set():
            try:
                conn, _ = self._listener.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            with self._lock:
                self._open.append(conn)
            if self.mode == "stall":
                continue  # never read; closed by stop()
            thread = threading.Thread(target=self._serve, args=(conn,), daemon=True)
            self._threads.append(thread)
            thread.start()

    def _serve(self, conn: socket.socket) -> None:
        received = bytearray()
        answered = 0
        conn.settimeout(0.05)
        try:
            while not self._stop.is_set():
                want = 65536
                if self.mode == "close_mid_job":
                    want = self.close_after - len(received)
                    if want <= 0:
                        # SO_LINGER 0: close() sends RST, as a printer that is switched off or crashes.
                        conn.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
                        break
                try:
                    chunk = conn.recv(want)
                except TimeoutError:
                    continue
                except OSError:
                    break
                if not chunk:
                    break
                received += chunk
                answered = self._answer_status(conn, bytes(received), answered)
        finally:
            with contextlib.suppress(OSError):
                conn.close()
            with self._lock:
                self._jobs.append(bytes(received))

    def _answer_status(self, conn: socket.socket, data: bytes, answered: int) -> int:
        """Reply to the ``DLE EOT n`` queries in ``data`` after the first ``answered``; the new count."""
        if not self.status_reply:
            return answered
        queries = [data[i + 2] for i in range(len(data) - 2) if data[i : i + 2] == b"\x10\x04"]
        for n in queries[answered:]:
            reply = self.status_reply.get(n)
            if reply is not None:
                conn.sendall(bytes([reply]))
        return len(queries)


@contextlib.contextmanager
def closed_port() -> Iterator[int]:
    """A port of 127.0.0.1 that is bound but not listening: connecting to it is refused."""
    holder = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    holder.bind(("127.0.0.1", 0))
    try:
        yield holder.getsockname()[1]
    finally:
        holder.close()


@pytest.fixture(name="printer_server")
def printer_server_fixture() -> Iterator[PrinterServer]:
    """A started, well-behaved :class:`PrinterServer`; stopped after the test."""
    with PrinterServer() as server:
        yield server
