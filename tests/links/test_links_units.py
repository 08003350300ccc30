"""Small pure pieces: options, address rules, classification helpers, the cache, the scheduler."""

from __future__ import annotations

import json
import threading
import time

import pytest

from jtd_evidence.exceptions import JTDError
from jtd_evidence.links import (
    CheckOptions,
    LinkInputError,
    LinkOptionsError,
    LinkResult,
    LinkStatus,
    check_urls,
)
from jtd_evidence.links.bounded import read_bounded as _read_bounded
from jtd_evidence.links.cache import LinkCache, LinkCacheWarning
from jtd_evidence.links.classify import bot_protection, looks_like_not_found
from jtd_evidence.links.fetch import ResponseFacts, retry_after_seconds
from jtd_evidence.links.safety import AddressPolicy, address_refusal
from jtd_evidence.links.scheduler import run_pool


@pytest.mark.parametrize(
    ("changes", "option"),
    [
        ({"concurrency": 0}, "concurrency"),
        ({"per_host": -1}, "per_host"),
        ({"read_timeout": 0}, "read_timeout"),
        ({"retries": 99}, "retries"),
        ({"method": "post"}, "method"),
        ({"allow_hosts": ("http://x/",)}, "allow_hosts"),
        ({"colour": "red"}, "colour"),
    ],
)
def test_bad_options_say_which_and_what_is_allowed(changes, option):
    with pytest.raises(LinkOptionsError) as caught:
        CheckOptions().replace(**changes)
    assert isinstance(caught.value, JTDError)
    assert option in str(caught.value) and "expected" in str(caught.value)


def test_bad_items_are_refused_with_their_position():
    with pytest.raises(LinkInputError, match="item 1"):
        check_urls(["#", 42])
    with pytest.raises(LinkInputError, match="not a single string"):
        check_urls("https://example.org/")


@pytest.mark.parametrize(
    ("ip", "reason"),
    [
        ("127.0.0.1", "loopback"),
        ("10.20.30.40", "private"),
        ("172.16.0.1", "private"),
        ("192.168.0.1", "private"),
        ("169.254.169.254", "link-local"),
        ("0.0.0.0", "unspecified"),
        ("224.0.0.1", "multicast"),
        ("100.64.0.1", "reserved"),
        ("240.0.0.1", "reserved"),
        ("::1", "loopback"),
        ("fe80::1", "link-local"),
        ("fd00::1", "private"),
        ("::ffff:10.0.0.1", "private"),
        ("1.1.1.1", None),
        ("2606:4700::1111", None),
    ],
)
def test_address_classes(ip, reason):
    assert address_refusal(ip) == reason


def test_allow_hosts_match_host_and_port():
    policy = AddressPolicy(allow_hosts=("127.0.0.1:8000", "mirror.local", "[::1]:9000"))
    assert policy.host_allowed("127.0.0.1", 8000)
    assert not policy.host_allowed("127.0.0.1", 8001)
    assert policy.host_allowed("MIRROR.local.", 1234)
    assert policy.host_allowed("::1", 9000)
    assert not policy.host_allowed("::1", 9001)


def test_name_resolving_to_private_and_public_uses_only_public():
    policy = AddressPolicy(resolver=lambda host, port: ["10.0.0.5", "93.184.215.14"])
    assert policy.safe_addresses("mixed.example.org", 443) == ["93.184.215.14"]


def _facts(status=200, body=b"", **headers):
    return ResponseFacts(
        "GET", "https://x.example.org/p", status, "", {k.lower(): v for k, v in headers.items()}, body
    )


@pytest.mark.parametrize(
    ("status", "body", "headers", "vendor"),
    [
        (403, b"<title>Attention Required! | Cloudflare</title>", {"server": "cloudflare"}, "Cloudflare"),
        (
            403,
            b"<html>please enable JS <script src='https://ct.captcha-delivery.com/c.js'></script>",
            {},
            "DataDome",
        ),
        (403, b"<html>Request unsuccessful. Incapsula incident ID: 123</html>", {}, "Imperva Incapsula"),
        (405, b"<div id='px-captcha'></div>", {}, "PerimeterX"),
        (202, b"", {"x-amzn-waf-action": "challenge"}, "AWS WAF"),
        (
            403,
            b"<HTML><HEAD><TITLE>Access Denied</TITLE></HEAD>Reference #18.abc",
            {"server": "AkamaiGHost"},
            None,
        ),
    ],
)
def test_bot_protection_vendors(status, body, headers, vendor):
    found = bot_protection(_facts(status, body, **headers))
    assert found is not None
    if vendor:
        assert vendor in found


def test_plain_pages_are_not_bot_pages_or_not_found():
    body = (
        b"<html><head><title>Annual report 2023</title></head><body><h1>Annual report</h1><p>"
        + b"text " * 400
    )
    assert bot_protection(_facts(200, body)) is None
    assert looks_like_not_found(_facts(200, body)) is None


def test_not_found_in_latin1_page():
    body = "<html><head><meta charset='iso-8859-1'><title>Página no encontrada</title></head></html>".encode(
        "latin-1"
    )
    assert looks_like_not_found(_facts(200, body, **{"content-type": "text/html"}))


def test_retry_after_forms():
    assert retry_after_seconds("7") == 7.0
    assert retry_after_seconds("Wed, 21 Oct 2015 07:28:00 GMT") == 0.0
    assert retry_after_seconds("soon") is None
    assert retry_after_seconds(None) is None


class _Raw:
    def __init__(self, data: bytes) -> None:
        self.data, self.read_total = data, 0

    def read(self, amt, decode_content=False):
        chunk = self.data[self.read_total : self.read_total + amt]
        self.read_total += len(chunk)
        return chunk


def test_decompression_is_bounded():
    import gzip

    bomb = gzip.compress(b"\0" * 50_000_000)  # ~50 KB that would inflate to 50 MB
    raw = _Raw(bomb)
    body, complete, error = _read_bounded(raw, {"content-encoding": "gzip"}, 65536)
    assert error is None
    assert len(body) == 65536 and not complete
    assert raw.read_total <= 65536 + 16384


def test_unrequested_encoding_is_not_decoded():
    assert _read_bounded(_Raw(b"xx"), {"content-encoding": "br"}, 1024) == (None, False, None)


def test_cache_ttl_and_only_working_links(tmp_path):
    path = tmp_path / "c.json"
    cache = LinkCache(path, ttl=60)
    cache.put(LinkResult("https://a.example.org/", LinkStatus.OK, keys=("k",)))
    cache.put(LinkResult("https://b.example.org/", LinkStatus.BROKEN))
    cache.save()
    rows = json.loads(path.read_text())["results"]
    assert list(rows) == ["https://a.example.org/"] and rows["https://a.example.org/"]["result"]["keys"] == []
    again = LinkCache(path, ttl=60)
    hit = again.get("https://a.example.org/")
    assert hit is not None and hit.cached and hit.status is LinkStatus.OK
    assert again.get("https://a.example.org/", need_fragments=True) is None
    rows["https://a.example.org/"]["checked_epoch"] -= 120
    path.write_text(json.dumps({"version": 1, "results": rows}))
    assert LinkCache(path, ttl=60).get("https://a.example.org/") is None


def test_corrupt_cache_is_ignored(tmp_path):
    path = tmp_path / "c.json"
    path.write_text("{not json")
    with pytest.warns(LinkCacheWarning, match="not valid JSON"):
        assert LinkCache(path, ttl=60).get("https://a.example.org/") is None


def test_scheduler_limits_and_redirect_slots_do_not_deadlock():
    active: dict[str, int] = {}
    most: dict[str, int] = {}
    lock = threading.Lock()

    def visit(key):
        with lock:
            active[key] = active.get(key, 0) + 1
            most[key] = max(most.get(key, 0), active[key])
        time.sleep(0.01)
        with lock:
            active[key] -= 1

    def work(task, gate):
        first, second = task
        visit(first)
        assert gate.enter(second, time.monotonic() + 5)  # a redirect to another host
        visit(second)

    tasks = [(a, (a, b)) for a, b in [("x", "y"), ("y", "x")] * 10]
    run_pool(tasks, work, workers=8, per_host=2)
    assert most == {"x": 2, "y": 2}
