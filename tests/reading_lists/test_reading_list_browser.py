"""The reading-list site in a real browser (headless Chromium, where installed; CI installs
Debian's ``chromium``): at a phone's width of 375 px no page scrolls sideways, each has one
``h1`` and a navigation bar, and a screenshot shows it.

The pages are served from 127.0.0.1 by the test and opened side by side in frames 375 px wide
of one harness page, whose script measures each and writes what it found into the page;
Chromium's ``--dump-dom`` prints it. One browser start measures every page; a second takes the
screenshot.
"""

from __future__ import annotations

import functools
import html
import json
import re
import shutil
import subprocess
import threading
from collections.abc import Iterator
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

import jtd_evidence
from jtd_evidence.reading_lists.build import BuildPlan, build_reading_lists

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="headless Chromium is not installed")

PAGES = ("index.html", "coverage.html", "harvard-en-GB/WC2.html", "harvard-en-GB/bibliography.html")
WIDTH = 375

HARNESS = """<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>harness</title></head><body>
{frames}
<pre id="result">pending</pre>
<script>
window.addEventListener("load", () => {{
  const found = [...document.querySelectorAll("iframe")].map((frame) => {{
    const doc = frame.contentDocument, root = doc.documentElement;
    const wide = [...doc.body.querySelectorAll("*")]
      .filter((e) => e.getBoundingClientRect().right > root.clientWidth + 1 && !e.closest(".table"))
      .slice(0, 5).map((e) => e.tagName + " " + (e.textContent || "").slice(0, 60));
    return {{page: frame.dataset.page, scrollWidth: root.scrollWidth, clientWidth: root.clientWidth,
             h1: doc.querySelectorAll("h1").length, nav: doc.querySelectorAll("nav a").length,
             main: doc.querySelectorAll("main").length, svg: doc.querySelectorAll("figure svg").length,
             wide: wide}};
  }});
  document.getElementById("result").textContent = JSON.stringify(found);
}});
</script>
</body></html>
"""


def _chromium(*args: str, profile: Path) -> subprocess.CompletedProcess[str]:
    assert CHROMIUM is not None
    flags = [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--hide-scrollbars",
        f"--user-data-dir={profile}",
    ]
    return subprocess.run([CHROMIUM, *flags, *args], capture_output=True, text=True, timeout=90, check=True)


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path]]:
    """The real base's site (Harvard, HTML) under http://127.0.0.1:PORT/site/, and a scratch folder."""
    root = tmp_path_factory.mktemp("browser")
    build_reading_lists(
        jtd_evidence.load(), root / "site", BuildPlan(styles=("harvard",), formats=("html",), link_cache=None)
    )
    frames = "\n".join(
        f'<iframe data-page="{page}" src="site/{page}" style="width:{WIDTH}px;height:600px;border:0"></iframe>'
        for page in PAGES
    )
    (root / "harness.html").write_text(HARNESS.format(frames=frames), encoding="utf-8")
    handler = functools.partial(_QuietHandler, directory=str(root))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", root
    finally:
        server.shutdown()
        server.server_close()


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


def test_every_page_fits_a_phone_with_one_h1_and_a_nav(served):
    url, root = served
    dom = _chromium(
        "--virtual-time-budget=10000", "--dump-dom", f"{url}/harness.html", profile=root / "p1"
    ).stdout
    match = re.search(r'<pre id="result">(.*?)</pre>', dom, re.S)
    assert match, dom[-2000:]
    found = {row["page"]: row for row in json.loads(html.unescape(match.group(1)))}
    assert set(found) == set(PAGES)
    for page, row in found.items():
        assert row["clientWidth"] == WIDTH, row
        assert row["scrollWidth"] <= row["clientWidth"], f"{page} scrolls sideways: {row}"
        assert row["wide"] == [], row
        assert row["h1"] == 1 and row["main"] == 1 and row["nav"] >= 2, row
    assert found["coverage.html"]["svg"] == 3


def test_a_statement_page_screenshot(served):
    url, root = served
    shot = root / "WC2.png"
    _chromium(
        f"--window-size={WIDTH},900",
        f"--screenshot={shot}",
        f"{url}/site/harvard-en-GB/WC2.html",
        profile=root / "p2",
    )
    data = shot.read_bytes()
    assert data.startswith(b"\x89PNG\r\n\x1a\n") and len(data) > 10_000
    width, height = int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")
    assert (width, height) == (WIDTH, 900)
