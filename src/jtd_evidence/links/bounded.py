"""Reading a response body without trusting it: never more than a bound, decompression included.

>>> import gzip
>>> class Raw:  # the part of urllib3's response used
...     def __init__(self, data):
...         self.data = data
...     def read(self, amt, decode_content=False):
...         chunk, self.data = self.data[:amt], self.data[amt:]
...         return chunk
>>> body, complete, error = read_bounded(Raw(gzip.compress(b"x" * 10_000)), {"content-encoding": "gzip"}, 1024)
>>> len(body), complete, error
(1024, False, None)
"""

from __future__ import annotations

import zlib
from typing import Any, Protocol

__all__ = ["read_bounded", "wants_body"]

_CHUNK = 16384
_RAW_SLACK = 65536
"""Raw bytes read beyond the decoded bound (compressed framing, a gzip header)."""


class _Decoder(Protocol):
    @property
    def unconsumed_tail(self) -> bytes: ...

    def decompress(self, data: bytes, max_length: int) -> bytes: ...


def wants_body(content_type: str | None) -> bool:
    """Pages (HTML, XHTML, text or unlabelled) are read to spot 'not found' and bot-protection pages."""
    if not content_type:
        return True
    ct = content_type.split(";", 1)[0].strip().lower()
    return ct.startswith("text/") or "html" in ct or ct.endswith("+xml") or ct in ("application/xml", "")


def _decoder(encoding: str) -> _Decoder | None:
    if encoding in ("gzip", "x-gzip"):
        return zlib.decompressobj(16 + zlib.MAX_WBITS)
    return _DeflateDecoder()  # 'deflate'


def read_bounded(
    raw: Any, headers: dict[str, str], limit: int
) -> tuple[bytes | None, bool, Exception | None]:
    """Read at most ``limit`` decoded bytes (and about as many raw ones): never an unbounded body,
    never decompression beyond the bound. Returns (prefix, whether the body ended within it, the
    error that stopped the reading if any: what arrived before it is kept)."""
    encoding = headers.get("content-encoding", "").strip().lower()
    if encoding not in ("", "identity", "gzip", "x-gzip", "deflate"):
        return None, False, None  # an encoding we did not ask for: do not try to decode it
    decoder = None if encoding in ("", "identity") else _decoder(encoding)
    # read1 returns what has arrived instead of waiting for a full chunk (a server may keep the
    # connection open after a body without Content-Length)
    read = getattr(raw, "read1", None) or raw.read
    raw_limit = limit + _RAW_SLACK
    out = bytearray()
    raw_read = 0
    while len(out) < limit and raw_read < raw_limit:
        try:
            chunk = read(_CHUNK, decode_content=False)
        except Exception as error:
            return bytes(out), False, error
        if not chunk:
            return bytes(out), True, None
        raw_read += len(chunk)
        if decoder is None:
            out += chunk
            continue
        try:
            out += decoder.decompress(chunk, limit - len(out))
        except zlib.error:
            return bytes(out), False, None
        if decoder.unconsumed_tail:
            break
    return bytes(out[:limit]), False, None


class _DeflateDecoder:
    """'deflate' is zlib-wrapped by the standard but raw deflate from some servers."""

    def __init__(self) -> None:
        self._obj = zlib.decompressobj()
        self._first = True

    @property
    def unconsumed_tail(self) -> bytes:
        return self._obj.unconsumed_tail

    def decompress(self, data: bytes, max_length: int) -> bytes:
        if self._first:
            self._first = False
            try:
                return self._obj.decompress(data, max_length)
            except zlib.error:
                self._obj = zlib.decompressobj(-zlib.MAX_WBITS)
        return self._obj.decompress(data, max_length)
