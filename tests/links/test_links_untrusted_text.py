"""Server text in reports: control characters and escape sequences in a reason phrase, a Location
or a header are shown escaped in every format; markup in it (rich, Markdown, HTML) stays text;
CSV cells that a spreadsheet would run as a formula are kept text."""

from __future__ import annotations

import csv
import io
import json
import re

import pytest
from commands import check_urls as main
from hostile_http import head

from jtd_evidence.links import LinkResult, LinkStatus
from jtd_evidence.links.reporters import render
from jtd_evidence.links.types import Hop

REASON = (
    b"404 \x1b]0;owned\x07\x1b[2J[bold red]Not[/] Found <script>alert(1)</script> "
    b"[click](http://evil.example) \x9b31m\xe2\x80\xae"
)
# what no report may contain: C0 controls but the line break, DEL, C1, bidi overrides
FORBIDDEN = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


@pytest.fixture
def hostile_site(make_raw, site):
    """A URL answered 404 with a poisoned reason phrase and Content-Type, and one redirected with a
    poisoned Location; plus a list entry that looks like a spreadsheet formula."""
    reasons = make_raw(
        lambda conn: conn.sendall(head(REASON, b"Content-Type: text/html\x1b[31m", b"Content-Length: 0"))
    )
    moved = make_raw(
        lambda conn: conn.sendall(head(b"302 Found", b"Location: /next\x1b[2J\x07", b"Content-Length: 0"))
    )
    return [reasons.url("/a"), moved.url("/b"), site.url("/ok"), '=HYPERLINK("http://evil.example")'], [
        reasons.host,
        moved.host,
        site.host,
    ]


@pytest.mark.parametrize("fmt", ["terminal", "markdown", "csv", "html", "json"])
def test_no_report_passes_server_control_characters_on(hostile_site, tmp_path, capsys, fmt):
    urls, hosts = hostile_site
    listing = tmp_path / "urls.txt"
    listing.write_text("\n".join(urls) + "\n", encoding="utf-8")
    argv = ["--urls", str(listing), "--format", fmt, "--no-cache", "--retries", "0", "--show-ok"]
    for host in hosts:
        argv += ["--allow-host", host]
    assert main(argv) == 1
    out = capsys.readouterr().out
    assert "404" in out
    assert not FORBIDDEN.search(out), FORBIDDEN.findall(out)
    assert "x1b" in out and "owned" in out  # shown escaped, so a reader sees what came
    if fmt == "terminal":
        assert "[bold red]Not[/]" in out  # rich markup from the server is text, not style
    if fmt == "html":
        assert "<script>" not in out and "&lt;script&gt;" in out
    if fmt == "markdown":
        assert "](http://evil.example)" not in out.replace("\\]", "")  # no link made by the server
        assert "<script>" not in out
    if fmt == "csv":
        rows = {row["url"]: row for row in csv.DictReader(io.StringIO(out))}
        assert '\'=HYPERLINK("http://evil.example")' in rows
        assert all(
            not cell.startswith(("=", "+", "-", "@")) for row in rows.values() for cell in row.values()
        )
    if fmt == "json":
        results = json.loads(out)["results"]
        assert any("\\x1b[2J" in (hop["location"] or "") for r in results for hop in r["redirects"])


def test_results_from_the_api_keep_escapes_not_controls(hostile_site):
    from jtd_evidence.links import CheckOptions, check_urls

    urls, hosts = hostile_site
    results = check_urls(urls[:2], options=CheckOptions(retries=0, deadline=5.0), allow_hosts=hosts)
    for result in results:
        for text in (
            result.error or "",
            result.content_type or "",
            *(h.location or "" for h in result.redirects),
        ):
            assert not FORBIDDEN.search(text), text


def test_reports_escape_what_a_list_itself_contains():
    """A URL or key from the user's own list is shown escaped too (a .bib can hold anything)."""
    result = LinkResult(
        "http://example.org/\x1b[2J",
        LinkStatus.BROKEN,
        keys=("key\u202e",),
        error="HTTP 404",
        redirects=(Hop("http://example.org/", 301, "/\x07"),),
        suggestion="+1-800",
    )
    for fmt in ("terminal", "markdown", "csv", "html", "json"):
        out = render(fmt, [result], {"sources": ["list\x1b.txt"]})
        assert not FORBIDDEN.search(out), (fmt, FORBIDDEN.findall(out))
    assert "'+1-800" in render("csv", [result], {})


def test_json_keeps_the_data_and_escapes_what_would_act():
    result = LinkResult("http://example.org/", LinkStatus.BROKEN, keys=("k\u202e\x9b\ud800",), error="x\x1b")
    out = render("json", [result], {})
    assert not FORBIDDEN.search(out)
    assert json.loads(out)["results"][0]["keys"] == ["k\u202e\x9b\ud800"]
    out.encode("utf-8")  # a lone surrogate would not encode: the file could not be written
