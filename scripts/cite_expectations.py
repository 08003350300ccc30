"""Write tests/data/formatting/cites-expected.json: citations with locators, labels, prefixes,
suffixes, the author options and document positions as citeproc-js renders them.

The scenarios (which works are cited, how, in which style and locale) are defined here; the
citations are rendered by citeproc-js through ``cite_expectations.js``, configured as Zotero
configures it, over the shipped evidence base. tests/formatting/test_cites.py checks that
``format_citation`` / ``format_citations`` give exactly these strings.

    cd ../shared/tools/cslcompare && npm ci       # once: citeproc-js 2.4.63
    python scripts/cite_expectations.py --citeproc ../shared/tools/cslcompare/node_modules/citeproc

Regenerate only when the styles, the locale files or the shipped base change, and review the
diff: the file is the reference, not a snapshot of our output.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

import citeproc

import jtd_evidence
from jtd_evidence.formatting import resolve_style

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "tests" / "data" / "formatting" / "cites-expected.json"
LOCALES = Path(citeproc.__file__).parent / "data" / "locales"

Cluster = list[dict[str, Any]]


def _one(key: str, **options: Any) -> Cluster:
    """A cluster of one cite; options as CSL-JSON cite items name them (suppress_author -> suppress-author)."""
    return [{"id": key, **{name.replace("_", "-"): value for name, value in options.items()}}]


SINGLE: list[Cluster] = [
    _one("hurst2021place", locator="12"),
    _one("hurst2021place", locator="12-14"),
    _one("godar2021using", locator="3", label="chapter", prefix="see"),
    _one("godar2021using", locator="3", label="chapter", prefix="see "),
    _one("godar2021power", locator="2.4", label="section"),
    _one("godar2021power", locator="7", label="paragraph"),
    _one("godar2021power", locator="7-9", label="paragraph"),
    _one("lefevre2019both", locator="2", label="figure"),
    _one("lefevre2019both", locator="iv", label="page"),
    _one("allnock2021learning", locator="5", label="volume"),
    _one("beckett2013wrong", locator="10", label="line"),
    _one("childrenssociety2022appropriate", locator="4", suffix="emphasis added"),
    _one("childrenssociety2022appropriate", suffix=", emphasis added"),
    _one("ofsted2016time", prefix="e.g.", locator="8"),
    _one("ofsted2016time", prefix="cf.:"),
    _one("wroe2021county", suppress_author=True),
    _one("wroe2021county", suppress_author=True, locator="6"),
    _one("wroe2021county", author_only=True),
    [
        {"id": "godar2021using", "locator": "3-5", "label": "paragraph"},
        {"id": "hurst2021place", "locator": "2"},
    ],
    [{"id": "godar2021power", "prefix": "see"}, {"id": "godar2021using", "suffix": "for a summary"}],
    [{"id": "wroe2021young", "suffix": "and others;"}, {"id": "fraser2021public"}],
    [{"id": "wroe2021young"}, {"id": "fraser2021public", "prefix": ", also"}],
    [{"id": "lowe2021human", "locator": "33"}, {"id": "brodie2016participation", "prefix": "and"}],
]

DOCUMENT: list[Cluster] = [
    _one("hurst2021place", locator="12"),
    _one("hurst2021place", locator="12"),
    _one("hurst2021place", locator="13"),
    _one("hurst2021place"),
    _one("godar2021using", locator="3", label="chapter", prefix="see"),
    [{"id": "godar2021using"}, {"id": "hurst2021place"}],
    _one("hurst2021place"),
    _one("allnock2013one"),
    _one("bailey2022compassionate"),
    _one("wroe2021county"),
    _one("fraser2021public"),
    _one("hill2021hearing"),
    _one("hudson2021slowing"),
    _one("hurst2021place"),
    [{"id": "allnock2013one"}, {"id": "allnock2013one", "locator": "5"}],
    [{"id": "wroe2021county", "locator": "4"}, {"id": "wroe2021county", "locator": "4"}],
]

SCENARIOS: list[dict[str, Any]] = [
    *(
        {"style": style, "locale": locale, "document": False, "clusters": SINGLE}
        for style in ("harvard", "apa")
        for locale in ("en-GB", "en-US")
    ),
    *(
        {"style": style, "locale": "en-GB", "document": True, "clusters": DOCUMENT}
        for style in (
            "harvard",
            "apa",
            "chicago-notes-bibliography",
            "chicago-notes-bibliography-16th-edition",
        )
    ),
]


def render(citeproc_dir: Path, scenario: dict[str, Any], items: list[dict[str, Any]]) -> list[str]:
    task = {
        "items": items,
        "style": str(resolve_style(scenario["style"])),
        "locale": scenario["locale"],
        "locales": str(LOCALES),
        "document": scenario["document"],
        "clusters": scenario["clusters"],
    }
    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False, encoding="utf-8") as f:
        json.dump(task, f)
    try:
        done = subprocess.run(
            ["node", str(Path(__file__).with_suffix(".js")), str(citeproc_dir), f.name],
            capture_output=True,
            text=True,
            check=True,
        )
    finally:
        Path(f.name).unlink()
    return [text.replace("&#38;", "&amp;") for text in json.loads(done.stdout)["citations"]]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--citeproc", type=Path, required=True, help="citeproc-js's folder (node_modules/citeproc)"
    )
    parser.add_argument("-o", "--out", type=Path, default=OUT)
    args = parser.parse_args(argv)
    items = [entry.to_csl() for entry in jtd_evidence.load()]
    out = []
    for scenario in SCENARIOS:
        expected = render(args.citeproc.resolve(), scenario, items)
        out.append({**scenario, "expected": expected})
    version = json.loads((args.citeproc / "package.json").read_text("utf-8"))["version"]
    data = {"engine": f"citeproc-js {version}", "items": "jtd_evidence.load()", "scenarios": out}
    args.out.write_text(json.dumps(data, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"{sum(len(s['expected']) for s in out)} citations in {len(out)} scenarios -> {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
