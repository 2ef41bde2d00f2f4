"""A fault-injecting HTTP/1.1 proxy on 127.0.0.1, between a branch and head office.

For each request it reads the whole request (head and Content-Length body), then, by a seeded random
draw, either forwards it, or:
- ``cut``: sends only part of the request upstream and closes both sides (the server never completes it);
- ``drop``: forwards the whole request, reads the whole answer (the server has committed) and closes
  the branch's connection without answering;
- ``delay``: waits, then forwards;
- ``error``: answers 503 itself without forwarding.
It counts what it did (``counts``), so a test can check that every fault really happened.
"""

from __future__ import annotations

import random
import socket
import threading
import time
from collections import Counter

FAULTS = ("pass", "cut", "drop", "delay", "error")


def _read_message(sock: socket.socket, buffer: bytearray) -> bytes | None:
    """One HTTP message (head + Content-Length body) from ``sock``; ``None`` when it closes first."""
    while b"\r\n\r\n" not in buffer:
        chunk = sock.recv(65536)
        if not chunk:
            return None
        buffer += chunk
    head_end = buffer.index(b"\r\n\r\n") + 4
    length = 0
    for line in bytes(buffer[:head_end]).split(b"\r\n")[1:]:
        name, _, value = line.partition(b":")
        if name.strip().lower() == b"content-length":
            length = int(value.strip())
    while len(buffer) < head_end + length:
        chunk = sock.recv(65536)
        if not chunk:
            return None
        buffer += chunk
    message = bytes(buffer[: head_end + length])
    del buffer[: head_end + length]
    return message


class FaultProxy:
    def __init__(
        self, upstream_port: int, weights: dict[str, float], seed: int = 1, delay: float = 0.2
    ) -> None:
        self.upstream = ("127.0.0.1", upstream_port)
        self.weights = weights
        self.delay = delay
        self.rng = random.Random(seed)
        self.lock = threading.Lock()
        self.counts: Counter[str] = Counter()
        self.enabled = True
        self.listener = socket.socket()
        self.listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.listener.bind(("127.0.0.1", 0))
        self.listener.listen(64)
        self.port = self.listener.getsockname()[1]
        self._stop = False
        self._thread = threading.Thread(target=self._accept, daemon=True)
        self._thread.start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def close(self) -> None:
        self._stop = True
        self.listener.close()

    def _draw(self) -> str:
        with self.lock:
            if not self.enabled:
                return "pass"
            fault = self.rng.choices(list(self.weights), weights=list(self.weights.values()))[0]
            self.counts[fault] += 1
            return fault

    def _accept(self) -> None:
        while not self._stop:
            try:
                client, _ = self.listener.accept()
            except OSError:
                return
            threading.Thread(target=self._serve, args=(client,), daemon=True).start()

    def _serve(self, client: socket.socket) -> None:
        upstream: socket.socket | None = None
        inbound, outbound = bytearray(), bytearray()
        try:
            client.settimeout(30)
            while True:
                request = _read_message(client, inbound)
                if request is None:
                    return
                fault = self._draw()
                if fault == "error":
                    client.sendall(
                        b"HTTP/1.1 503 Service Unavailable\r\ncontent-length: 0\r\nconnection: close\r\n\r\n"
                    )
                    return
                if fault == "delay":
                    time.sleep(self.delay)
                if upstream is None:
                    upstream = socket.create_connection(self.upstream, timeout=30)
                if fault == "cut":
                    upstream.sendall(request[: max(1, len(request) // 2)])
                    return
                upstream.sendall(request)
                response = _read_message(upstream, outbound)
                if response is None:
                    return
                if fault == "drop":
                    return
                client.sendall(response)
        except OSError:
            return
        finally:
            client.close()
            if upstream is not None:
                upstream.close()
