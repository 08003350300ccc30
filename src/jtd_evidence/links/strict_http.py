"""HTTP responses that notice headers cut off by a closed connection.

``http.client`` reads header lines until a blank line *or the end of the stream*, so a server
that hangs up in the middle of its headers looks like one that sent them all, and then an empty
body: a link that is not there would be reported as working. :class:`StrictHTTPResponse` watches
the line that ended the headers and raises :class:`HeadersCutOff` when it was the end of the stream.
"""

from __future__ import annotations

import http.client
from typing import Any

__all__ = ["HeadersCutOff", "StrictHTTPResponse"]


class HeadersCutOff(http.client.HTTPException):
    """The connection closed before the blank line that ends a response's headers."""

    def __init__(self) -> None:
        super().__init__("the server closed the connection in the middle of the response headers")


class _LastLine:
    """The response's stream, remembering the last line read."""

    __slots__ = ("last", "stream")

    def __init__(self, stream: Any) -> None:
        self.stream = stream
        self.last: bytes | None = None

    def readline(self, limit: int = -1) -> bytes:
        line: bytes = self.stream.readline(limit)
        self.last = line
        return line

    def __getattr__(self, name: str) -> Any:
        return getattr(self.stream, name)


class StrictHTTPResponse(http.client.HTTPResponse):
    def begin(self) -> None:
        if self.headers is not None:
            return
        stream = self.fp
        watched = _LastLine(stream)
        self.fp = watched
        try:
            super().begin()
        finally:
            if self.fp is watched:
                self.fp = stream
        if watched.last == b"":
            self.close()
            raise HeadersCutOff()
