"""Hostile HTTP for the link checker's tests: answers that try to exhaust it, and a guard that
sees every read of a response body from a socket.

Test modules import this as ``hostile_http`` (``tests/conftest.py`` puts this folder on the path).
"""

from __future__ import annotations

import http.client
import socket
import struct
import threading
import zlib
from collections.abc import Callable
from typing import Any

import pytest
import requests

from jtd_evidence.links import CheckOptions

READ_CALL_LIMIT = 65536
"""Largest single read of a response body the checker may ask for."""
READ_TOTAL_LIMIT = CheckOptions().fragment_body_limit + 2 * 65536
"""Most bytes the checker may read from one response (its largest body bound, plus slack for
compressed data in flight)."""


class BodyReads(list[str]):
    """Violations seen by :func:`watch_body_reads`: each an unbounded or over-long read of a body."""


def watch_body_reads(monkeypatch: pytest.MonkeyPatch) -> BodyReads:
    """Record every read of a response body from a socket made without the bound: a read of
    everything (no size), a read larger than :data:`READ_CALL_LIMIT`, more than
    :data:`READ_TOTAL_LIMIT` bytes from one response, or ``Response.content`` on a live socket.

    The checks sit where bodies leave the socket (``http.client.HTTPResponse``), below requests
    and urllib3, so any path that reads a body is seen. Violations are collected, not raised (the
    checker would turn an exception into a link's result); the caller fails on them."""
    seen = BodyReads()

    def checked(real: Any, name: str) -> Any:
        def read(self: http.client.HTTPResponse, amt: int | None = None) -> bytes:
            where = f"{self._method} -> {self.status} {name}({amt})"  # type: ignore[attr-defined]
            if amt is None or amt < 0 or amt > READ_CALL_LIMIT:
                seen.append(f"unbounded read: {where}")
            data: bytes = real(self) if amt is None else real(self, amt)
            before = getattr(self, "_bounded_total", 0)
            total = before + len(data)
            self._bounded_total = total  # type: ignore[attr-defined]
            if total > READ_TOTAL_LIMIT >= before:  # said once per response
                seen.append(f"{total} bytes read from one response: {where}")
            return data

        return read

    real_content = requests.models.Response.content

    def content(self: requests.Response) -> Any:
        if isinstance(getattr(self.raw, "_fp", None), http.client.HTTPResponse):
            seen.append(f"Response.content read the whole body of {self.status_code} {self.url}")
        return real_content.fget(self)  # type: ignore[attr-defined]

    monkeypatch.setattr(http.client.HTTPResponse, "read", checked(http.client.HTTPResponse.read, "read"))
    monkeypatch.setattr(http.client.HTTPResponse, "read1", checked(http.client.HTTPResponse.read1, "read1"))
    monkeypatch.setattr(requests.models.Response, "content", property(content))
    return seen


# -- hostile answers on raw sockets ------------------------------------------------------------

FILLER = b"a" * 65536


def head(status_line: bytes, *headers: bytes) -> bytes:
    """An HTTP/1.1 status line and headers, blank line included."""
    return b"\r\n".join([b"HTTP/1.1 " + status_line, *headers]) + b"\r\n\r\n"


class Hostile:
    """Answers that try to exhaust the checker: each sends its head, then a body that never ends
    or is huge, counting what the socket accepted (until the checker hangs up)."""

    def __init__(self) -> None:
        self.sent = 0
        self.stop = threading.Event()

    def endless(self, head_bytes: bytes) -> Callable[[socket.socket], None]:
        return self.sized(head_bytes, None)

    def sized(self, head_bytes: bytes, size: int | None) -> Callable[[socket.socket], None]:
        def answer(conn: socket.socket) -> None:
            conn.settimeout(10)
            conn.sendall(head_bytes)
            left = size
            while (left is None or left > 0) and not self.stop.is_set():
                piece = FILLER if left is None else FILLER[:left]
                conn.sendall(piece)
                self.sent += len(piece)
                if left is not None:
                    left -= len(piece)

        return answer

    def once(self, data: bytes) -> Callable[[socket.socket], None]:
        def answer(conn: socket.socket) -> None:
            conn.sendall(data)
            self.sent += len(data)

        return answer


def gzip_bomb(mib: int) -> bytes:
    """A gzip body that inflates to ``mib`` MiB of zeros from about 1/1000 of that: one compressed
    MiB repeated (a full flush after it makes each copy stand alone)."""
    zeros = bytes(1 << 20)
    deflate = zlib.compressobj(9, zlib.DEFLATED, -15)
    block = deflate.compress(zeros) + deflate.flush(zlib.Z_FULL_FLUSH)
    crc = 0
    for _ in range(mib):
        crc = zlib.crc32(zeros, crc)
    end = zlib.compressobj(9, zlib.DEFLATED, -15).flush()
    trailer = struct.pack("<II", crc, (mib << 20) & 0xFFFFFFFF)
    return b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x02\xff" + block * mib + end + trailer
