"""A redirect's ``Location`` as the next URL to ask, or why the server's redirect cannot be followed.

The header is the server's text, so anything can be in it: bytes that are not UTF-8, control
characters, a host in brackets that never close, a port that is not a number. Each of these is
the server's fault (a malformed redirect), not the fault of the URL being checked.

    >>> next_url("https://a.example/x/y", "../z#top")
    'https://a.example/z'
    >>> next_url("https://a.example/", "http://[::1")
    Traceback (most recent call last):
    ...
    jtd_evidence.links.redirects.RedirectError: the server sent a malformed redirect: Location 'http://[::1' is not a URL (Invalid IPv6 URL)
"""

from __future__ import annotations

import re
from urllib.parse import urljoin, urlsplit

import requests
from requests.utils import requote_uri

from jtd_evidence.exceptions import JTDError
from jtd_evidence.links.types import ErrorKind

__all__ = ["RedirectError", "host_problem", "next_url"]

_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")
_NOT_IN_HOSTS = frozenset("{}<>\\^`|\"' ")


class RedirectError(JTDError):
    """A redirect that cannot be followed; ``kind`` says whose fault (never raised out of the checker:
    it becomes the link's result)."""

    def __init__(self, kind: ErrorKind, message: str) -> None:
        self.kind = kind
        super().__init__(message)


def _malformed(location: str, why: str) -> RedirectError:
    return RedirectError(
        ErrorKind.MALFORMED_REDIRECT, f"the server sent a malformed redirect: Location {location!r} {why}"
    )


def _as_text(location: str) -> str:
    """Header values arrive decoded as Latin-1; servers send UTF-8 (as browsers read it)."""
    try:
        raw = location.encode("latin-1")
    except UnicodeEncodeError:
        return location  # already decoded by someone else
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        shown = raw.decode("ascii", "backslashreplace")
        raise RedirectError(
            ErrorKind.MALFORMED_REDIRECT,
            f"the server sent a malformed redirect: Location '{shown}' is not UTF-8 text",
        ) from None


def next_url(current: str, location: str) -> str:
    """The absolute URL (no fragment) that ``location``, answered for ``current``, points to.

    Raises :class:`RedirectError`: ``malformed-redirect`` when the header cannot be read as a URL,
    ``bad-redirect`` when it is a URL but not an http(s) address."""
    text = _as_text(location).strip()
    if _CONTROL.search(text):
        raise _malformed(text, "contains control characters")
    try:
        target = requote_uri(urljoin(current, text))
        parts = urlsplit(target)
        parts.port  # noqa: B018 - raises ValueError on a bad port
    except ValueError as error:
        raise _malformed(text, f"is not a URL ({error})") from None
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise RedirectError(ErrorKind.BAD_REDIRECT, f"redirect to {text!r}, which is not an http(s) address")
    target = parts._replace(fragment="").geturl()
    problem = host_problem(parts.hostname)
    if problem is None:
        try:
            requests.PreparedRequest().prepare_url(target, None)
        except (requests.exceptions.RequestException, ValueError) as error:
            problem = str(error)
    if problem is not None:
        raise _malformed(text, f"has a host name no site can have ({problem})")
    return target


def host_problem(host: str) -> str | None:
    """What makes ``host`` a name no site can have (template marks, an empty label), or None.

    >>> host_problem("a..b"), host_problem("{host}"), host_problem("example.org")
    ('an empty label', 'the character {', None)
    """
    for ch in host:
        if ch in _NOT_IN_HOSTS:
            return f"the character {ch}"
    if ".." in host or host.startswith((".", "-")):
        return "an empty label" if ".." in host or host.startswith(".") else "a label that starts with -"
    return None
