"""The one place where requests, urllib3 and socket exceptions become :class:`Failure` values.

>>> import socket
>>> failure = translate_error(socket.gaierror(socket.EAI_AGAIN, "Temporary failure"), deadline=60)
>>> failure.kind.value, failure.retriable
('dns', True)
"""

from __future__ import annotations

import http.client
import re
import socket
import ssl
from collections.abc import Iterator, Sequence

import requests
from urllib3.exceptions import NameResolutionError, NewConnectionError, ProtocolError

from jtd_evidence.links.errors import UnsafeAddressError
from jtd_evidence.links.strict_http import HeadersCutOff
from jtd_evidence.links.types import ErrorKind, Failure
from jtd_evidence.links.untrusted import printable

__all__ = ["deadline_failure", "in_words", "translate_error"]

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


_NAME_LOOKUP = {
    socket.EAI_NONAME: "no such host name is known",
    socket.EAI_AGAIN: "the name servers did not answer (no network, or a temporary DNS failure)",
    socket.EAI_FAIL: "the name servers failed to answer",
    getattr(socket, "EAI_NODATA", socket.EAI_NONAME): "the name has no address",
}
_HTTP_CLIENT = (
    (http.client.RemoteDisconnected, "the server closed the connection without answering"),
    (http.client.IncompleteRead, "the response ended before the length it announced"),
    (http.client.LineTooLong, "a line of the response was too long"),
    (http.client.BadStatusLine, "the answer did not start with an HTTP status line"),
)
_LIBRARY_TEXT = re.compile(
    r"<[\w.]+ object at 0x[0-9a-fA-F]+>:?\s*"  # <urllib3.connection.HTTPConnection object at 0x7f...>
    r"|\b\w+\(host=[^)]*\):\s*"  # SafeHTTPSConnectionPool(host='x', port=443):
    r"|Max retries exceeded with url: \S+ \(Caused by "
    r"|\b\w+(?:Error|Exception|Warning)\((?:\w+\()*\d*,?\s*['\"]?"  # SSLError(SSLError(1, '
    r"|['\"]?\)+(?=$|\s)"
    r"|\[Errno -?\d+\]\s*|\[SSL: \w+\]\s*|\s*\(_ssl\.c:\d+\)"
)


def _name_lookup(item: BaseException) -> str | None:
    if isinstance(item, socket.gaierror):
        return _NAME_LOOKUP.get(item.errno, printable(str(item.strerror or "the name lookup failed")))
    return None


def _certificate(item: BaseException) -> str | None:
    if isinstance(item, ssl.SSLCertVerificationError) and item.verify_message:
        return f"the certificate is not valid ({printable(item.verify_message)})"
    return None


def _http_answer(item: BaseException) -> str | None:
    return next((words for kind, words in _HTTP_CLIENT if isinstance(item, kind)), None)


def _handshake(item: BaseException) -> str | None:
    if isinstance(item, ssl.SSLError) and item.reason:
        return f"the TLS handshake failed ({item.reason.replace('_', ' ').lower()})"
    return None


def _system(item: BaseException) -> str | None:
    if isinstance(item, OSError) and item.strerror:
        return printable(item.strerror[:1].lower() + item.strerror[1:])
    return None


_WORDS = (_name_lookup, _certificate, _http_answer, _handshake, _system)
"""Where words for a failure come from, most telling first."""


def in_words(chain: Sequence[BaseException]) -> str:
    """What went wrong, said in words: the most telling cause in the chain, never a library's
    object names (``SafeHTTPSConnection(host=...)``) or exception reprs."""
    for source in _WORDS:
        for item in chain:
            words = source(item)
            if words:
                return words
    return _scrubbed(chain[0]) if chain else "no details"


def _scrubbed(error: BaseException) -> str:
    text = _LIBRARY_TEXT.sub("", str(error)).strip(" :.")
    return _short_text(text or type(error).__name__)


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
        for nxt in (
            getattr(item, "reason", None),
            getattr(item, "_reason", None),
            item.__cause__,
            item.__context__,
            *item.args,
        ):
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
            found = test(item, chain)
            if found is not None:
                return found
    return None


def _tls(item: BaseException, chain: Sequence[BaseException]) -> Failure | None:
    if isinstance(item, requests.exceptions.SSLError):
        return _failure(ErrorKind.TLS, f"TLS error: {in_words(chain)}")
    return None


def _timeout(item: BaseException, chain: Sequence[BaseException]) -> Failure | None:
    if isinstance(item, requests.exceptions.ConnectTimeout):
        return _failure(
            ErrorKind.TIMEOUT, "connect timed out: the server did not accept the connection in time"
        )
    if isinstance(item, (requests.exceptions.Timeout, TimeoutError, socket.timeout)):
        return _failure(
            ErrorKind.TIMEOUT, "read timed out: the server stopped sending before the answer was complete"
        )
    return None


def _dns(item: BaseException, chain: Sequence[BaseException]) -> Failure | None:
    if not isinstance(item, (socket.gaierror, NameResolutionError)):
        return None
    lookup = next((cause for cause in chain if isinstance(cause, socket.gaierror)), None)
    if lookup is not None and lookup.errno == socket.EAI_AGAIN:
        return Failure(ErrorKind.DNS, f"DNS lookup failed temporarily: {in_words(chain)}", retriable=True)
    return _failure(ErrorKind.DNS, f"host name does not resolve: {in_words(chain)}")


def _refused(item: BaseException, chain: Sequence[BaseException]) -> Failure | None:
    if isinstance(item, ConnectionRefusedError):
        return _failure(ErrorKind.REFUSED, "connection refused: nothing is listening at that address")
    return None


def _reset(item: BaseException, chain: Sequence[BaseException]) -> Failure | None:
    if isinstance(item, ConnectionResetError):
        return _failure(ErrorKind.RESET, "the connection was reset before a complete response")
    return None


def _protocol(item: BaseException, chain: Sequence[BaseException]) -> Failure | None:
    if isinstance(item, _PROTOCOL_ERRORS) or type(item).__module__ == "http.client":
        return _failure(ErrorKind.PROTOCOL, f"malformed or empty HTTP response: {in_words(chain)}")
    return None


def _invalid(item: BaseException, chain: Sequence[BaseException]) -> Failure | None:
    if isinstance(item, _INVALID_URL_ERRORS):
        return _failure(ErrorKind.INVALID, f"not a valid URL: {in_words(chain)}")
    return None


def _connection(item: BaseException, chain: Sequence[BaseException]) -> Failure | None:
    if isinstance(item, (NewConnectionError, OSError, requests.exceptions.RequestException)):
        return _failure(ErrorKind.CONNECTION, f"connection failed: {in_words(chain)}")
    return None


_TESTS = (_tls, _timeout, _dns, _refused, _reset, _protocol, _invalid, _connection)
"""In order of precedence: the first test any exception of the chain passes names the failure."""


def _short_text(text: str) -> str:
    text = printable(text)  # may quote what the server sent
    return text if len(text) <= 300 else text[:297] + "..."
