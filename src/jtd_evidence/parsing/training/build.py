"""Training references: synthetic items rendered through many styles, then noised.

:func:`build_references` is what ``scripts/build_parser_data.py`` (and later
``scripts/train_parser.py``) calls. Item ``i`` gets a style drawn by weight, is rendered
with the other items of its style in batches, and is noised with a generator seeded from
``seed`` and ``i``; references come back in item order, so the same seed and count give
the same references, whatever the batch size.
"""

from __future__ import annotations

import multiprocessing
import tempfile
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from random import Random
from typing import Any

from jtd_evidence.parsing.labels import LabelledReference
from jtd_evidence.parsing.training.metadata import synthetic_item
from jtd_evidence.parsing.training.noise import noisy
from jtd_evidence.parsing.training.render import RenderStats, StyleRenderer
from jtd_evidence.parsing.training.styles import TrainingStyle, select_styles

__all__ = ["BuildReport", "build_references"]


@dataclass
class BuildReport:
    """What a build made: counts by style and kind, the renderings dropped, the time taken."""

    requested: int = 0
    written: int = 0
    noised: int = 0
    seconds: float = 0.0
    by_style: Counter[str] = field(default_factory=Counter)
    by_kind: Counter[str] = field(default_factory=Counter)
    render: RenderStats = field(default_factory=RenderStats)

    def summary(self) -> str:
        stats = self.render
        rate = self.written / self.seconds if self.seconds else 0.0
        lines = [
            f"{self.written} references ({self.noised} noised) from {self.requested} items "
            f"in {self.seconds:.1f} s ({rate:.0f}/s), {len(self.by_style)} styles",
            f"renderings: {stats.rendered}, checked against the plain style {stats.checked}: "
            f"identical after stripping markers {stats.identical}, "
            f"labels carried over by alignment {stats.aligned}, dropped {stats.dropped}, empty {stats.empty}",
        ]
        if stats.failed_styles:
            lines.append(f"styles that failed: {', '.join(stats.failed_styles)}")
        if stats.reasons:
            lines.append("drop reasons: " + "; ".join(f"{r} x{n}" for r, n in stats.reasons.most_common(8)))
        lines.append("by kind: " + ", ".join(f"{k} {n}" for k, n in sorted(self.by_kind.items())))
        lines.append("by style: " + ", ".join(f"{k} {n}" for k, n in sorted(self.by_style.items())))
        return "\n".join(lines)


@dataclass
class _Task:
    style: TrainingStyle
    seed: int
    items: list[tuple[int, dict[str, Any]]]
    batch: int
    check_share: float


def _render_style(task: _Task) -> tuple[list[tuple[int, LabelledReference]], RenderStats]:
    """One style's items rendered in batches (a process of its own when jobs > 1)."""
    stats = RenderStats()
    found: list[tuple[int, LabelledReference]] = []
    style = task.style
    with tempfile.TemporaryDirectory(prefix="jtd-style-") as scratch:
        try:
            renderer = StyleRenderer(style.path, Path(scratch), style.locale)
        except Exception as error:  # a style citeproc-py cannot load
            stats.failed_styles.append(f"{style.name} ({type(error).__name__})")
            return found, stats
        rng = Random(f"{task.seed}/{style.name}")
        for start in range(0, len(task.items), task.batch):
            chunk = task.items[start : start + task.batch]
            csl = [{k: v for k, v in item.items() if k != "kind"} for _n, item in chunk]
            check = start == 0 or rng.random() < task.check_share
            try:
                out = renderer.render(csl, rng, stats, check=check)
            except Exception as error:  # a style that breaks on a whole batch: skip it
                stats.reasons[f"{style.name}: {type(error).__name__}"] += len(chunk)
                stats.dropped += len(chunk)
                continue
            for (n, _item), reference in zip(chunk, out, strict=True):
                if reference is not None and reference.spans:
                    found.append((n, reference))
    return found, stats


def build_references(
    count: int = 20_000,
    seed: int = 1,
    styles: int | tuple[TrainingStyle, ...] = 120,
    noise_share: float = 0.6,
    batch: int = 40,
    check_share: float = 0.25,
    jobs: int = 1,
) -> tuple[list[LabelledReference], BuildReport]:
    """``count`` items rendered and (a share of them) noised; dropped renderings leave gaps, so
    slightly fewer references than ``count`` may come back (the report says how many).

    Each style's first batch, and ``check_share`` of the others, is also rendered without
    instrumentation to check the instrumented text (:class:`.render.StyleRenderer`)."""
    started = time.perf_counter()
    chosen = select_styles(styles) if isinstance(styles, int) else styles
    rng = Random(seed)
    weights = [style.weight for style in chosen]
    items: list[dict[str, Any]] = []
    assigned: dict[str, list[int]] = {style.name: [] for style in chosen}
    for number in range(count):
        item = synthetic_item(rng, number)
        items.append(item)
        style = rng.choices(chosen, weights)[0]
        assigned[style.name].append(number)
    report = BuildReport(requested=count)
    rendered: list[LabelledReference | None] = [None] * count
    tasks = [
        _Task(style, seed, [(n, items[n]) for n in assigned[style.name]], batch, check_share)
        for style in chosen
        if assigned[style.name]
    ]
    tasks.sort(key=lambda task: -len(task.items))  # the longest first, for the processes to share the work
    if jobs > 1:
        with multiprocessing.get_context("spawn").Pool(jobs) as pool:
            results = pool.map(_render_style, tasks, chunksize=1)
    else:
        results = [_render_style(task) for task in tasks]
    for task, (found, stats) in zip(tasks, results, strict=True):
        report.render.merge(stats)
        for n, reference in found:
            rendered[n] = reference
            report.by_style[task.style.name] += 1
            report.by_kind[items[n]["kind"]] += 1
    references: list[LabelledReference] = []
    for n, made in enumerate(rendered):
        if made is None:
            continue
        noise_rng = Random(f"{seed}:{n}")
        if noise_rng.random() < noise_share:
            made = noisy(made, noise_rng)
            report.noised += 1
        references.append(made)
    report.written = len(references)
    report.seconds = time.perf_counter() - started
    return references, report
