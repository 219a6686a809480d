"""The SSRF guard: which addresses a URL may reach.

A host is judged by the addresses it resolves to, on every redirect hop. Refused: loopback, private
(RFC 1918, ULA fc00::/7), shared CGNAT 100.64/10, link-local (169.254/16 with the cloud metadata
service, fe80::/10), multicast, unspecified, reserved, broadcast, and anything else that is not
globally routable. IPv4 wrapped in IPv6 (IPv4-mapped ::ffff:0:0/96, IPv4-compatible ::/96, NAT64
64:ff9b::/96 and 64:ff9b:1::/48, 6to4 2002::/16, Teredo) is unwrapped and judged as IPv4, because
`ipaddress` calls `::ffff:127.0.0.1` global. Numeric host spellings that `inet_aton` and getaddrinfo
accept (`2130706433`, `0x7f.1`, `0177.0.0.1`, `127.1`) are read the same way they would be.
"""

from __future__ import annotations

import ipaddress
import logging
import re
import socket
from collections.abc import Callable, Sequence

from audiatur.errors import FetchFailed, FetchRefused

__all__ = ["IPAddress", "Resolver", "parse_numeric_host", "refusal", "resolve", "system_resolver"]

log = logging.getLogger(__name__)

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
Resolver = Callable[[str, int], Sequence[str]]

_NAT64 = (ipaddress.IPv6Network("64:ff9b::/96"), ipaddress.IPv6Network("64:ff9b:1::/48"))
_COMPATIBLE = ipaddress.IPv6Network("::/96")
_SHARED = ipaddress.IPv4Network("100.64.0.0/10")
_IETF_PROTOCOL = ipaddress.IPv4Network("192.0.0.0/24")  # not globally reachable (IANA), only partly "private"
_BROADCAST = ipaddress.IPv4Address("255.255.255.255")
# A label of a numeric IPv4 spelling: hex (0x…), octal (0…) or decimal.
_NUMERIC_LABEL = re.compile(r"0[xX][0-9a-fA-F]*|[0-9]+")


def _label_value(label: str) -> int | None:
    if label[:2] in ("0x", "0X"):
        return int(label[2:] or "0", 16)
    if len(label) > 1 and label.startswith("0"):
        return int(label, 8) if all(c in "01234567" for c in label) else None
    return int(label)


def parse_numeric_host(host: str) -> IPAddress | None:
    """The address a numeric host denotes (IPv6 literal, or IPv4 in any `inet_aton` spelling), else None.

    Raises `FetchRefused` for a host that is all numeric labels but not a valid address (`1.2.3.999`),
    since resolvers disagree about such names.
    """
    bare = host.strip("[]").split("%", 1)[0]
    if ":" in bare:
        try:
            return ipaddress.IPv6Address(bare)
        except ValueError as exc:
            raise FetchRefused(host, f"not a valid IPv6 address: {exc}") from exc
    labels = bare.removesuffix(".").split(".")
    if not all(_NUMERIC_LABEL.fullmatch(label) for label in labels):
        return None
    values = [_label_value(label) for label in labels]
    if len(values) > 4 or any(v is None for v in values):
        raise FetchRefused(host, "not a valid IPv4 address")
    parts = [v for v in values if v is not None]
    # inet_aton: every label but the last is one byte; the last fills the remaining bytes.
    head, last = parts[:-1], parts[-1]
    if any(v > 0xFF for v in head) or last >= 1 << (8 * (5 - len(parts))):
        raise FetchRefused(host, "not a valid IPv4 address")
    number = 0
    for v in head:
        number = number << 8 | v
    number = number << (8 * (5 - len(parts))) | last
    return ipaddress.IPv4Address(number)


def _unwrap(address: IPAddress) -> IPAddress:
    """The IPv4 address carried inside an IPv6 one, if it carries one."""
    if isinstance(address, ipaddress.IPv4Address):
        return address
    if address.ipv4_mapped is not None:
        return address.ipv4_mapped
    if address.sixtofour is not None:
        return address.sixtofour
    if address.teredo is not None:
        return address.teredo[1]
    if any(address in net for net in _NAT64):
        return ipaddress.IPv4Address(int(address) & 0xFFFFFFFF)
    if address in _COMPATIBLE and int(address) > 1:
        return ipaddress.IPv4Address(int(address) & 0xFFFFFFFF)
    return address


def _category(inner: IPAddress) -> str | None:
    checks: tuple[tuple[bool, str], ...] = (
        (inner.is_unspecified, "unspecified"),
        (inner.is_loopback, "loopback"),
        (inner.is_link_local, "link-local"),
        (inner.is_multicast, "multicast"),
        (isinstance(inner, ipaddress.IPv4Address) and inner in _SHARED, "shared (CGNAT)"),
        (inner == _BROADCAST, "broadcast"),
        (isinstance(inner, ipaddress.IPv6Address) and inner.is_site_local, "site-local"),
        (isinstance(inner, ipaddress.IPv4Address) and inner in _IETF_PROTOCOL, "IETF protocol assignment"),
        (inner.is_reserved, "reserved"),
        (inner.is_private, "private"),
        (not inner.is_global, "not globally routable"),
    )
    for refused, reason in checks:
        if refused:
            return reason
    return None


def refusal(address: IPAddress) -> str | None:
    """Why `address` may not be fetched from ("loopback address 127.0.0.1"), or None if it is public."""
    inner = _unwrap(address)
    category = _category(inner)
    if category is None:
        return None
    wrapped = f" inside {address}" if inner is not address else ""
    return f"{category} address {inner}{wrapped}"


def system_resolver(host: str, port: int) -> list[str]:
    """The addresses the system resolver gives for `host` (every family, in its order)."""
    infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM, proto=socket.IPPROTO_TCP)
    return list(dict.fromkeys(str(info[4][0]) for info in infos))


def resolve(host: str, port: int, resolver: Resolver | None = None) -> list[IPAddress]:
    """The addresses `host` stands for: itself if numeric, else what `resolver` returns."""
    numeric = parse_numeric_host(host)
    if numeric is not None:
        return [numeric]
    try:
        answers = (resolver or system_resolver)(host, port)
    except (OSError, UnicodeError) as exc:
        raise FetchFailed(host, f"cannot resolve host: {exc}") from exc
    addresses: list[IPAddress] = []
    for answer in answers:
        try:
            addresses.append(ipaddress.ip_address(answer.split("%", 1)[0]))
        except ValueError as exc:
            raise FetchFailed(host, f"resolver returned a non-address {answer!r}") from exc
    if not addresses:
        raise FetchFailed(host, "cannot resolve host: no addresses")
    return addresses
