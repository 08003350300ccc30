"""Errors of the link checker. Only misuse raises: a dead link is a result, never an exception."""

from __future__ import annotations

from jtd_evidence.exceptions import JTDError

__all__ = ["LinkInputError", "LinkOptionsError", "UnsafeAddressError"]


class LinkOptionsError(JTDError, ValueError):
    """A check option with an impossible value; names the option and the accepted range."""

    def __init__(self, option: str, value: object, expected: str) -> None:
        self.option = option
        self.value = value
        self.expected = expected
        super().__init__(f"link-check option {option}={value!r} is not allowed: expected {expected}")


class LinkInputError(JTDError, ValueError):
    """Something given to check that is neither a URL, an Entry nor a (key, url) pair, or an unreadable list."""

    def __init__(self, where: str, message: str) -> None:
        self.where = where
        super().__init__(f"{where}: {message}")


class UnsafeAddressError(JTDError):
    """Raised inside a connection attempt to a refused address; the checker turns it into an
    ``unsafe`` result. Deliberately not an :class:`OSError`, so that urllib3 neither wraps nor retries it."""

    def __init__(self, host: str, address: str, reason: str, port: int | None = None) -> None:
        self.host = host
        self.address = address
        self.reason = reason
        self.port = port
        shown = host if host == address else f"{host} ({address})"
        named = f"[{host}]" if ":" in host else host
        if port is not None and port not in (80, 443):
            named += f":{port}"
        super().__init__(
            f"refused to connect to {shown}: {reason} address; "
            f"use --allow-host {named} to check it anyway (e.g. a local mirror)"
        )
