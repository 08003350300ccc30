#!/usr/bin/env python3
"""Render a synthetic bibliography (default 2,000 items) through jtd_evidence.formatting and
through citeproc-js (node, same items, style and locale) and print both wall times, the
ratio and how many entries agree.

    python scripts/bench_formatting.py --cslcompare /tmp/cslcompare            # APA, en-GB
    python scripts/bench_formatting.py --n 500 --style harvard --cslcompare DIR --profile
    python scripts/bench_formatting.py --cslcompare DIR --items gen_synthetic    # cslcompare's items

The items are this script's own synthetic set (few families, many same-author-same-year
works: a hard case for disambiguation) or, with --items gen_synthetic, those of
cslcompare's gen_synthetic.py. --cslcompare is ../shared/tools/cslcompare (or a copy) with `npm ci` run
in it; without the option that folder beside the checkout is used once `npm ci` has been run there, and
otherwise only jtd_evidence is timed, as the output says (citeproc-js is needed only here, never by the
library or its tests). Times are whole processes (start-up,
parsing the style, rendering the bibliography), the median of --runs runs; the on-disk
render cache is not used.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import json
import pstats
import random
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

FAMILIES = [
    "Brodie",
    "Hurst",
    "Hill",
    "Mendez Sayer",
    "Pollard",
    "Godar",
    "Wroe",
    "D'Arcy",
    "Firmin",
    "Lloyd",
]
GIVEN = ["Isabelle", "Anna", "Nicola", "Esther", "Grace", "Jenny J.", "Carlene", "Mary-Kate"]
ORGS = ["Department for Education", "TCE Support Programme", "NSPCC", "The Children's Society"]
WORDS = [
    "child",
    "exploitation",
    "safeguarding",
    "contextual",
    "partnership",
    "'county lines'",
    "young",
    "voices",
]


_SHARED_CSLCOMPARE = Path(__file__).resolve().parents[1].parent / "shared" / "tools" / "cslcompare"


def make_items(n: int, seed: int = 7) -> list[dict]:
    rng = random.Random(seed)
    items = []
    for i in range(n):
        kind = rng.choice(["report", "report", "article-journal", "book", "chapter", "webpage"])
        title = " ".join(rng.choice(WORDS) for _ in range(rng.randint(3, 7))).capitalize()
        if rng.random() < 0.5:
            title += ": " + " ".join(rng.choice(WORDS) for _ in range(3))
        item: dict = {"id": f"item{i:05d}", "type": kind, "title": title}
        if kind == "report" and rng.random() < 0.4:
            item["author"] = [{"literal": rng.choice(ORGS)}]
        else:
            count = rng.choice([1, 1, 2, 3, 5, 22])
            item["author"] = [
                {"family": rng.choice(FAMILIES), "given": rng.choice(GIVEN)} for _ in range(count)
            ]
        if rng.random() < 0.95:
            item["issued"] = {"date-parts": [[rng.randint(2005, 2024)]]}
        if kind == "article-journal":
            item.update(
                {
                    "container-title": "Child Abuse Review",
                    "volume": str(rng.randint(1, 40)),
                    "issue": str(rng.randint(1, 6)),
                    "page": "10-20",
                    "DOI": f"10.1002/car.{i}",
                }
            )
        elif kind == "chapter":
            item.update(
                {
                    "container-title": "Safeguarding young people",
                    "publisher": "Routledge",
                    "editor": [{"family": "Beckett", "given": "Helen"}],
                    "page": "1-20",
                }
            )
        elif kind == "webpage":
            item.update(
                {"URL": f"https://example.org.uk/page-{i}", "accessed": {"date-parts": [[2024, 3, 1]]}}
            )
        else:
            item["publisher"] = rng.choice(ORGS)
            item["URL"] = f"https://example.org.uk/r/{i}?a=1&b=2"
        items.append(item)
    return items


def child(style: str, locale: str, items_path: str, out_path: str) -> None:
    from jtd_evidence.formatting import processor

    items = json.loads(Path(items_path).read_text(encoding="utf-8"))
    rendering = processor(style, locale).render(items)
    Path(out_path).write_text(json.dumps([[e.id, e.html] for e in rendering.entries]), encoding="utf-8")


def main() -> int:
    ap = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0], formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("--n", type=int, default=2000)
    ap.add_argument("--style", default="apa")
    ap.add_argument("--locale", default="en-GB")
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument(
        "--cslcompare",
        type=Path,
        default=_SHARED_CSLCOMPARE if (_SHARED_CSLCOMPARE / "node_modules").is_dir() else None,
        help="folder with render_js.js and node_modules (npm ci); default: ../shared/tools/cslcompare "
        "beside the checkout once `npm ci` has been run there",
    )
    ap.add_argument(
        "--items",
        choices=["own", "gen_synthetic"],
        default="own",
        help="the synthetic items: this script's own (default) or cslcompare's gen_synthetic.py (needs --cslcompare)",
    )
    ap.add_argument("--profile", action="store_true", help="cProfile our layer, top 25 by cumulative time")
    ap.add_argument("--child", nargs=4, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child:
        child(*args.child)
        return 0

    import citeproc

    from jtd_evidence.formatting import resolve_style

    style_path = str(resolve_style(args.style))
    work = Path(tempfile.mkdtemp(prefix="jtd-bench-"))
    items_path = work / "items.json"
    if args.items == "gen_synthetic":
        if not args.cslcompare:
            ap.error("--items gen_synthetic needs --cslcompare")
        sys.path.insert(0, str(args.cslcompare))
        from gen_synthetic import make_items as cslcompare_items

        items = cslcompare_items(args.n)
    else:
        items = make_items(args.n)
    items_path.write_text(json.dumps(items, ensure_ascii=False), encoding="utf-8")
    print(
        f"{args.n} synthetic items ({args.items}), {args.style}, {args.locale}, median of {args.runs} runs;"
        f" files in {work}"
    )

    def timed(cmd: list[str], stdout_path: Path | None = None) -> float:
        start = time.perf_counter()
        with (stdout_path or Path("/dev/null")).open("w", encoding="utf-8") as out:
            subprocess.run(cmd, check=True, stdout=out)
        return time.perf_counter() - start

    ours_cmd = [
        sys.executable,
        __file__,
        "--child",
        args.style,
        args.locale,
        str(items_path),
        str(work / "py.json"),
    ]
    ours = statistics.median(timed(ours_cmd) for _ in range(args.runs))
    print(f"jtd_evidence.formatting  {ours:7.2f} s")
    if not args.cslcompare:
        print("citeproc-js (node)       not run: give --cslcompare DIR (a cslcompare folder after `npm ci`)")
    else:
        js_cmd = [
            "node",
            str(args.cslcompare / "render_js.js"),
            "--style",
            style_path,
            "--items",
            str(items_path),
            "--locale",
            args.locale,
            "--locales-dir",
            citeproc.LOCALES_PATH,
            "--no-citations",
        ]
        theirs = statistics.median(timed(js_cmd, work / "js.json") for _ in range(args.runs))
        print(f"citeproc-js (node)       {theirs:7.2f} s")
        print(f"ratio ours / citeproc-js: {ours / theirs:.2f}x")
        wrap = re.compile(r'^\s*<div class="csl-entry">(.*)</div>\s*$', re.S)
        js = [
            (e["id"], wrap.sub(r"\1", e["html"]).replace("&#38;", "&amp;").strip())
            for e in json.loads((work / "js.json").read_text())["bibliography"]
        ]
        py = json.loads((work / "py.json").read_text())
        same = sum(1 for a, b in zip(py, js, strict=False) if a[0] == b[0] and a[1] == b[1])
        print(f"{same} of {len(js)} entries identical to citeproc-js (text and position)")
    if args.profile:
        from jtd_evidence.formatting import processor

        items = json.loads(items_path.read_text(encoding="utf-8"))
        profile = cProfile.Profile()
        profile.enable()
        processor(args.style, args.locale).render(items)
        profile.disable()
        stream = io.StringIO()
        pstats.Stats(profile, stream=stream).sort_stats("cumulative").print_stats(25)
        print(stream.getvalue())
    return 0


if __name__ == "__main__":
    sys.exit(main())
