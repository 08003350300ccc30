"""The one place where requests, urllib3 and socket exceptions become :class:`Failure` values.

>>> import socket
>>> failure = translate_error(socket.gaierror(socket.EAI_AGAIN, "Temporary failure"), deadline=60)
>>> failure.kind.value, failure.retriable
('dns', True)
"""

from __future__ import annotations

import socket
from collections.abc import Iterator

import requests
from urllib3.exceptions import NameResolutionError, NewConnectionError, ProtocolError

from jtd_evidence.links.errors import UnsafeAddressError
from jtd_evidence.links.strict_http import HeadersCutOff
from jtd_evidence.links.types import ErrorKind, Failure
from jtd_evidence.links.untrusted import printable

__all__ = ["deadline_failure", "translate_error"]

_RETRIABLE = frozenset({ErrorKind.REFUSED, ErrorKind.RESET, ErrorKind.PROTOCOL, ErrorKind.CONNECTION})
_PROTOCOL_ERRORS = (
    requests.exceptions.ChunkedEncodingError,
    requests.exceptions.ContentDecodingError,
    requests.exceptions.InvalidHeader,
    ProtocolError,
)
_INVALID_URL_ERRORS = (
    requests.exceptions.InvalidURL,
    requests.exceptions.InvalidSchema,
    requests.exceptions.MissingSchema,
    UnicodeError,
)


def deadline_failure(deadline: float) -> Failure:
    """The failure of a URL whose deadline passed."""
    return Failure(ErrorKind.TIMEOUT, f"no complete answer within the {deadline:g} s deadline")


def _failure(kind: ErrorKind, message: str) -> Failure:
    return Failure(kind, message, retriable=kind in _RETRIABLE)


def _causes(error: BaseException) -> Iterator[BaseException]:
    seen: set[int] = set()
    stack = [error]
    while stack:
        item = stack.pop()
        if id(item) in seen:
            continue
        seen.add(id(item))
        yield item
        for nxt in (getattr(item, "reason", None), item.__cause__, item.__context__, *item.args):
            if isinstance(nxt, BaseException):
                stack.append(nxt)


def translate_error(error: BaseException, *, deadline: float, deadline_fired: bool = False) -> Failure | None:
    """The failure ``error`` means, or None when it is not a network failure (a bug: re-raise it).

    ``deadline_fired`` says the watchdog cut the connection, so whatever broke was the deadline."""
    chain = list(_causes(error))
    if unsafe := next((item for item in chain if isinstance(item, UnsafeAddressError)), None):
        return _failure(ErrorKind.UNSAFE, str(unsafe))
    if deadline_fired:
        return deadline_failure(deadline)
    if cut := next((item for item in chain if isinstance(item, HeadersCutOff)), None):
        return _failure(ErrorKind.PROTOCOL, str(cut))
    for test in _TESTS:
        for item in chain:
            found = test(item, error)
            if found is not None:
                return found
    return None


def _tls(item: BaseException, error: BaseException) -> Failure | None:
    if isinstance(item, requests.exceptions.SSLError):
        return _failure(ErrorKind.TLS, f"TLS error: {_short(item)}")
    return None


def _timeout(item: BaseException, error: BaseException) -> Failure | None:
    if isinstance(item, (requests.exceptions.Timeout, TimeoutError, socket.timeout)):
        phase = "connect" if isinstance(item, requests.exceptions.ConnectTimeout) else "read"
        return _failure(ErrorKind.TIMEOUT, f"{phase} timed out: {_short(error)}")
    return None


def _dns(item: BaseException, error: BaseException) -> Failure | None:
    if isinstance(item, socket.gaierror):
        if item.errno == socket.EAI_AGAIN:
            return Failure(ErrorKind.DNS, f"DNS lookup failed temporarily: {item}", retriable=True)
        return _failure(ErrorKind.DNS, f"host name does not resolve: {item}")
    if isinstance(item, NameResolutionError):
        return _failure(ErrorKind.DNS, f"host name does not resolve: {item}")
    return None


def _refused(item: BaseException, error: BaseException) -> Failure | None:
    if isinstance(item, ConnectionRefusedError):
        return _failure(ErrorKind.REFUSED, "connection refused: nothing is listening at that address")
    return None


def _reset(item: BaseException, error: BaseException) -> Failure | None:
    if isinstance(item, ConnectionResetError):
        return _failure(ErrorKind.RESET, "the connection was reset before a complete response")
    return None


def _protocol(item: BaseException, error: BaseException) -> Failure | None:
    if isinstance(item, _PROTOCOL_ERRORS) or type(item).__module__ == "http.client":
        return _failure(ErrorKind.PROTOCOL, f"malformed or empty HTTP response: {_short(error)}")
    return None


def _invalid(item: BaseException, error: BaseException) -> Failure | None:
    if isinstance(item, _INVALID_URL_ERRORS):
        return _failure(ErrorKind.INVALID, f"not a valid URL: {_short(error)}")
    return None


def _connection(item: BaseException, error: BaseException) -> Failure | None:
    if isinstance(item, (NewConnectionError, OSError, requests.exceptions.RequestException)):
        return _failure(ErrorKind.CONNECTION, f"connection failed: {_short(error)}")
    return None


_TESTS = (_tls, _timeout, _dns, _refused, _reset, _protocol, _invalid, _connection)
"""In order of precedence: the first test any exception of the chain passes names the failure."""


def _short(error: BaseException) -> str:
    text = printable(str(error) or type(error).__name__)  # may quote what the server sent
    return text if len(text) <= 300 else text[:297] + "..."
