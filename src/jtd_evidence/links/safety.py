"""Address safety: never connect to loopback, private, link-local or reserved addresses unless allowed.

The rule is enforced where the socket is opened (a urllib3 connection class used by
:class:`SafeAdapter`), after name resolution, so a public name that resolves to a private
address and a redirect that leads to one are refused as well as literal addresses. The
connection then goes to the address that was checked, so the name cannot be re-resolved
to something else in between.

    >>> from jtd_evidence.links.safety import address_refusal
    >>> address_refusal("10.1.2.3"), address_refusal("::1"), address_refusal("93.184.215.14")
    ('private', 'loopback', None)
"""

from __future__ import annotations

import ipaddress
import socket
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, ClassVar
from urllib.parse import urlsplit

import idna
from requests.adapters import HTTPAdapter
from urllib3.connection import HTTPConnection, HTTPSConnection
from urllib3.connectionpool import HTTPConnectionPool, HTTPSConnectionPool
from urllib3.exceptions import ConnectTimeoutError, NameResolutionError, NewConnectionError
from urllib3.util.connection import create_connection

from jtd_evidence.links.deadline import attach_socket
from jtd_evidence.links.errors import UnsafeAddressError
from jtd_evidence.links.options import Resolver
from jtd_evidence.links.strict_http import StrictHTTPResponse

__all__ = ["AddressPolicy", "SafeAdapter", "address_refusal"]

_PRIVATE_NETS = tuple(
    ipaddress.ip_network(n) for n in ("10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "fc00::/7")
)


def address_refusal(ip: str) -> str | None:
    """Why ``ip`` must not be contacted ('loopback', 'private', ...), or None for a public address."""
    try:
        addr: ipaddress.IPv4Address | ipaddress.IPv6Address = ipaddress.ip_address(ip.split("%", 1)[0])
    except ValueError:
        return "unparseable"
    if isinstance(addr, ipaddress.IPv6Address):
        embedded = addr.ipv4_mapped or addr.sixtofour or (addr.teredo[1] if addr.teredo else None)
        if embedded is not None:
            reason = address_refusal(str(embedded))
            if reason:
                return reason
    if addr.is_loopback:
        return "loopback"
    if addr.is_link_local:
        return "link-local"
    if addr.is_unspecified:
        return "unspecified"
    if addr.is_multicast:
        return "multicast"
    if any(addr in net for net in _PRIVATE_NETS):
        return "private"
    if addr.is_private or addr.is_reserved or not addr.is_global:
        return "reserved"
    return None


def _norm_host(host: str) -> str:
    """A host name as it is compared: lower case, no brackets or final dot, and in its ASCII
    (IDNA) form, so ``bücher.test``, ``BÜCHER.test`` and ``xn--bcher-kva.test`` are one host."""
    host = host.strip().strip("[]").rstrip(".").lower()
    if host.isascii():
        return host
    try:
        return idna.encode(host, uts46=True).decode("ascii")
    except (idna.IDNAError, UnicodeError, ValueError):
        return host  # not a name IDNA can write: compared as given (it will not resolve anyway)


def _parse_allowed(entry: str) -> tuple[str, int | None]:
    entry = entry.strip().lower()
    if entry.startswith("["):
        host, _, rest = entry[1:].partition("]")
        port = rest[1:] if rest.startswith(":") else ""
    elif entry.count(":") == 1:
        host, _, port = entry.partition(":")
    else:
        host, port = entry, ""
    return _norm_host(host), (int(port) if port.isdigit() else None)


@dataclass(frozen=True)
class AddressPolicy:
    """Which destinations may be contacted."""

    allow_private: bool = False
    allow_hosts: tuple[str, ...] = ()
    resolver: Resolver | None = None

    def host_allowed(self, host: str, port: int | None) -> bool:
        """True when the safety rule is lifted for this host (and port)."""
        if self.allow_private:
            return True
        host = _norm_host(host)
        for entry in self.allow_hosts:
            allowed_host, allowed_port = _parse_allowed(entry)
            if allowed_host == host and (allowed_port is None or allowed_port == port):
                return True
        return False

    def resolve(self, host: str, port: int) -> list[str]:
        """IP addresses for host (raises socket.gaierror when it does not resolve)."""
        try:
            return [str(ipaddress.ip_address(_norm_host(host).split("%", 1)[0]))]
        except ValueError:
            pass
        if self.resolver is not None:
            addresses = list(self.resolver(host, port))
            if not addresses:
                raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")
            return addresses
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
        seen: list[str] = []
        for info in infos:
            ip = str(info[4][0])
            if ip not in seen:
                seen.append(ip)
        return seen

    def url_refusal(self, url: str) -> str | None:
        """A reason to refuse ``url`` without resolving anything (literal addresses, localhost), or None."""
        parts = urlsplit(url)
        host = _norm_host(parts.hostname or "")
        try:
            port = parts.port or (443 if parts.scheme == "https" else 80)
        except ValueError:
            return None
        if self.host_allowed(host, port):
            return None
        if host == "localhost" or host.endswith(".localhost"):
            return str(UnsafeAddressError(host, host, "loopback", port))
        try:
            ipaddress.ip_address(host.split("%", 1)[0])
        except ValueError:
            return None
        reason = address_refusal(host)
        if reason:
            return str(UnsafeAddressError(host, host, reason, port))
        return None

    def safe_addresses(self, host: str, port: int) -> list[str]:
        """Resolved addresses that may be contacted; raises UnsafeAddressError when there are none."""
        addresses = self.resolve(host, port)
        if self.host_allowed(host, port):
            return addresses
        allowed = [ip for ip in addresses if address_refusal(ip) is None]
        if not allowed:
            ip = addresses[0]
            raise UnsafeAddressError(_norm_host(host), ip, address_refusal(ip) or "reserved", port)
        return allowed


if TYPE_CHECKING:
    _Connection = HTTPConnection
else:
    _Connection = (
        object  # the mixin adds no base at run time: it goes in front of urllib3's connection classes
    )


class _SafeConnectMixin(_Connection):
    """Resolve, check each address against the policy, then connect to an allowed one."""

    policy: ClassVar[AddressPolicy] = AddressPolicy()

    def _new_conn(self) -> socket.socket:
        conn: Any = self
        host = conn._dns_host
        try:
            addresses = self.policy.safe_addresses(host, conn.port)
        except socket.gaierror as error:
            raise NameResolutionError(conn.host, conn, error) from error
        last: OSError | None = None
        for ip in addresses:
            try:
                sock = create_connection(
                    (ip, conn.port),
                    conn.timeout,
                    source_address=conn.source_address,
                    socket_options=conn.socket_options,
                )
            except TimeoutError as error:
                raise ConnectTimeoutError(
                    conn, f"connection to {conn.host} timed out (connect timeout={conn.timeout})"
                ) from error
            except OSError as error:
                last = error
                continue
            attach_socket(sock)  # under the deadline of the fetch on this thread
            return sock
        raise NewConnectionError(conn, f"Failed to establish a new connection: {last}") from last

    def request(self, *args: Any, **kwargs: Any) -> Any:
        sock = getattr(self, "sock", None)
        if sock is not None:  # a pooled connection, reused by this fetch
            attach_socket(sock)
        return super().request(*args, **kwargs)


class SafeAdapter(HTTPAdapter):
    """A requests adapter whose connections obey an :class:`AddressPolicy` (and whose responses
    notice headers cut off by a closed connection, see :mod:`jtd_evidence.links.strict_http`)."""

    def __init__(self, policy: AddressPolicy, **kwargs: Any) -> None:
        self._policy = policy
        super().__init__(**kwargs)

    def init_poolmanager(self, *args: Any, **kwargs: Any) -> None:
        super().init_poolmanager(*args, **kwargs)
        policy = getattr(self, "_policy", AddressPolicy())
        members = {"policy": policy, "response_class": StrictHTTPResponse}
        http_conn = type("SafeHTTPConnection", (_SafeConnectMixin, HTTPConnection), members)
        https_conn = type("SafeHTTPSConnection", (_SafeConnectMixin, HTTPSConnection), members)
        http_pool = type("SafeHTTPConnectionPool", (HTTPConnectionPool,), {"ConnectionCls": http_conn})
        https_pool = type("SafeHTTPSConnectionPool", (HTTPSConnectionPool,), {"ConnectionCls": https_conn})
        self.poolmanager.pool_classes_by_scheme = {"http": http_pool, "https": https_pool}

    def __getstate__(self) -> dict[str, Any]:
        state = super().__getstate__()
        state["_policy"] = self._policy
        return state

    def __setstate__(self, state: dict[str, Any]) -> None:
        self._policy = state.pop("_policy", AddressPolicy())
        super().__setstate__(state)
