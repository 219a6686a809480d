"""The SSRF guard's address rules: numeric host spellings and IPv4 wrapped in IPv6."""

from __future__ import annotations

import ipaddress

import pytest

from audiatur.errors import FetchFailed, FetchRefused
from audiatur.ingest.addresses import parse_numeric_host, refusal, resolve


@pytest.mark.parametrize(
    ("host", "address"),
    [
        ("127.0.0.1", "127.0.0.1"),
        ("2130706433", "127.0.0.1"),  # one decimal number
        ("0x7f000001", "127.0.0.1"),
        ("0x7f.1", "127.0.0.1"),  # hex, and the last label fills the rest
        ("0177.0.0.1", "127.0.0.1"),  # octal
        ("127.1", "127.0.0.1"),
        ("127.0.1", "127.0.0.1"),
        ("127.0.0.1.", "127.0.0.1"),  # trailing dot
        ("0", "0.0.0.0"),
        ("10.0.0.1", "10.0.0.1"),
        ("[::1]", "::1"),
        ("fe80::1%eth0", "fe80::1"),
        ("::ffff:127.0.0.1", "::ffff:127.0.0.1"),
    ],
)
def test_numeric_hosts_are_read_like_inet_aton(host: str, address: str) -> None:
    assert parse_numeric_host(host) == ipaddress.ip_address(address)


@pytest.mark.parametrize("host", ["news.arvenia.example", "1e3", "127.0.0.1.nip.example", "localhost"])
def test_names_are_not_numeric(host: str) -> None:
    assert parse_numeric_host(host) is None


@pytest.mark.parametrize("host", ["1.2.3.999", "0x100000000", "08.1.1.1", "1.2.3.4.5", "::gg"])
def test_malformed_numeric_hosts_are_refused(host: str) -> None:
    with pytest.raises(FetchRefused):
        parse_numeric_host(host)


@pytest.mark.parametrize(
    ("address", "reason"),
    [
        ("127.0.0.1", "loopback address 127.0.0.1"),
        ("127.255.0.9", "loopback"),
        ("::1", "loopback address ::1"),
        ("10.0.0.1", "private address 10.0.0.1"),
        ("172.16.5.4", "private"),
        ("192.168.1.1", "private"),
        ("100.64.0.1", "shared (CGNAT) address 100.64.0.1"),
        ("169.254.169.254", "link-local address 169.254.169.254"),
        ("fe80::1", "link-local"),
        ("fc00::1", "private"),
        ("fd12:3456::1", "private"),
        ("224.0.0.251", "multicast"),
        ("ff02::1", "multicast"),
        ("0.0.0.0", "unspecified"),
        ("::", "unspecified"),
        ("255.255.255.255", "broadcast"),
        ("240.0.0.1", "reserved"),
        ("192.0.2.7", "private"),  # documentation range: not globally routable
        ("fec0::1", "site-local"),  # deprecated, and not "private" to ipaddress
        ("192.0.0.8", "IETF protocol assignment"),  # 192.0.0.0/24 is only partly "private" to ipaddress
        # IPv4 wrapped in IPv6, which ipaddress alone calls global:
        ("::ffff:127.0.0.1", "loopback address 127.0.0.1 inside ::ffff:7f00:1"),
        ("::ffff:169.254.169.254", "link-local address 169.254.169.254"),
        ("64:ff9b::7f00:1", "loopback address 127.0.0.1 inside 64:ff9b::7f00:1"),  # NAT64
        ("64:ff9b:1::a00:1", "private address 10.0.0.1"),  # local-use NAT64
        ("2002:7f00:1::", "loopback address 127.0.0.1 inside 2002:7f00:1::"),  # 6to4
        ("2002:a9fe:a9fe::1", "link-local address 169.254.169.254"),
        ("::127.0.0.1", "loopback address 127.0.0.1"),  # IPv4-compatible
    ],
)
def test_non_public_addresses_are_refused(address: str, reason: str) -> None:
    found = refusal(ipaddress.ip_address(address))
    assert found is not None and found.startswith(reason)


@pytest.mark.parametrize(
    "address",
    ["93.184.216.34", "8.8.8.8", "2606:4700:4700::1111", "::ffff:93.184.216.34", "64:ff9b::808:808"],
)
def test_public_addresses_pass(address: str) -> None:
    assert refusal(ipaddress.ip_address(address)) is None


def test_resolve_uses_the_given_resolver_and_never_for_numeric_hosts() -> None:
    asked: list[tuple[str, int]] = []

    def resolver(host: str, port: int) -> list[str]:
        asked.append((host, port))
        return ["93.184.216.34", "2606:2800:220:1::1"]

    assert resolve("0x7f.1", 80, resolver) == [ipaddress.ip_address("127.0.0.1")]
    assert asked == []
    assert [str(a) for a in resolve("news.arvenia.example", 443, resolver)] == [
        "93.184.216.34",
        "2606:2800:220:1::1",
    ]
    assert asked == [("news.arvenia.example", 443)]


@pytest.mark.parametrize("answer", [[], ["not-an-address"]])
def test_resolve_failures_are_fetch_failures(answer: list[str]) -> None:
    with pytest.raises(FetchFailed):
        resolve("news.arvenia.example", 80, lambda host, port: answer)
