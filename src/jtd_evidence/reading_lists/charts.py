"""Charts of the coverage page, drawn by matplotlib as SVG to put inline in HTML.

The output is the same bytes for the same data (a fixed ``svg.hashsalt`` per chart, no date
in the metadata, one font named, text kept as text), and each chart's element ids start with
its own salt, so several charts live in one page. matplotlib is imported on first use: a
rebuild that reuses the coverage page never loads it.
"""

from __future__ import annotations

import io
import re
from collections.abc import Mapping, Sequence
from typing import Any

__all__ = ["Series", "dot_matrix", "stacked_bars"]

Series = tuple[str, Sequence[float], str]
"""(legend label, one value per row, colour)."""

FLAG_COLOUR = "#a00000"
_WIDTH = 4.8  # inches (460 px): the page scales the SVG to its column, 0.75 at a phone's width


def _rc(salt: str) -> Any:  # matplotlib types its keys as literals
    return {
        "svg.hashsalt": salt,
        "svg.fonttype": "none",
        "font.family": "DejaVu Sans",
        "font.size": 9,
        "axes.spines.top": False,
        "axes.spines.right": False,
    }


def _svg(figure: Any, salt: str, label: str) -> str:
    """The figure as an ``<svg>`` element: no XML prologue, a role and a name for assistive
    technology (the table beside it gives the numbers)."""
    buffer = io.StringIO()
    figure.savefig(buffer, format="svg", metadata={"Date": None, "Creator": None})
    text = buffer.getvalue()
    text = text[text.index("<svg") :]
    text = text.replace("<svg ", f'<svg role="img" aria-label="{_attribute(label)}" ', 1)
    return _scoped(text, salt)


def _attribute(text: str) -> str:
    return text.replace("&", "&amp;").replace('"', "&quot;").replace("<", "&lt;")


def _scoped(svg: str, prefix: str) -> str:
    """Every id in ``svg`` (and every reference to one) prefixed, unique in a page of charts."""
    ids = set(re.findall(r'\bid="([^"]+)"', svg))
    if not ids:
        return svg

    def rename(match: re.Match[str]) -> str:
        name = match.group(2)
        return f"{match.group(1)}{prefix}-{name}" if name in ids else match.group(0)

    return re.sub(r'(\bid="|#)([A-Za-z_][\w.-]*)', rename, svg)


_LEFT, _RIGHT, _TOP, _BOTTOM = 1.15, 0.15, 0.1, 0.85
"""Margins in inches: row labels on the left, axis label and legend below (a fixed layout
draws once; a computed one draws twice)."""


def _figure(rows: int) -> tuple[Any, Any]:
    from matplotlib.figure import Figure

    height = _TOP + _BOTTOM + 0.26 * max(rows, 1)
    figure = Figure(figsize=(_WIDTH, height))
    figure.subplots_adjust(
        left=_LEFT / _WIDTH, right=1 - _RIGHT / _WIDTH, top=1 - _TOP / height, bottom=_BOTTOM / height
    )
    return figure, figure.add_subplot()


def _legend(axes: Any, figure: Any, columns: int) -> None:
    """The legend in one row under the axis label."""
    axes.legend(
        loc="lower center",
        bbox_to_anchor=(0.5, 0.0),
        bbox_transform=figure.transFigure,
        ncols=columns,
        frameon=False,
        borderaxespad=0.2,
    )


def _mark_rows(axes: Any, labels: Sequence[str], flagged: Mapping[int, str]) -> None:
    """Row labels on the y axis, top to bottom; flagged rows in red and bold, with their flag."""
    axes.set_yticks(range(len(labels)))
    axes.set_yticklabels(
        [f"{label} ({flagged[n]})" if n in flagged else label for n, label in enumerate(labels)]
    )
    for n, tick in enumerate(axes.get_yticklabels()):
        if n in flagged:
            tick.set_color(FLAG_COLOUR)
            tick.set_fontweight("bold")
    axes.set_ylim(len(labels) - 0.5, -0.5)
    axes.tick_params(axis="y", length=0)


def stacked_bars(
    salt: str,
    title: str,
    labels: Sequence[str],
    series: Sequence[Series],
    flagged: Mapping[int, str],
    xlabel: str,
) -> str:
    """Horizontal bars, one per label, stacked by series."""
    import matplotlib

    with matplotlib.rc_context(_rc(salt)):
        figure, axes = _figure(len(labels))
        left = [0.0] * len(labels)
        for name, values, colour in series:
            axes.barh(range(len(labels)), values, left=left, color=colour, label=name, height=0.7)
            left = [a + b for a, b in zip(left, values, strict=True)]
        _mark_rows(axes, labels, flagged)
        axes.set_xlabel(xlabel)
        axes.xaxis.get_major_locator().set_params(integer=True)
        _legend(axes, figure, len(series))
        axes.grid(axis="x", color="#dddddd", linewidth=0.6)
        axes.set_axisbelow(True)
        return _svg(figure, salt, title)


def dot_matrix(
    salt: str,
    title: str,
    labels: Sequence[str],
    counts: Sequence[Mapping[int, int]],
    medians: Sequence[float | None],
    flagged: Mapping[int, str],
) -> str:
    """One row per label, a dot per year with works (its area the number of works, the number
    beside it), and a bar at the row's median year."""
    import matplotlib

    years = sorted({year for row in counts for year in row})
    with matplotlib.rc_context(_rc(salt)):
        figure, axes = _figure(len(labels))
        for n, row in enumerate(counts):
            xs = sorted(row)
            sizes = [28 * row[x] for x in xs]
            axes.scatter(xs, [n] * len(xs), s=sizes, color="#0072B2", alpha=0.85, linewidths=0, zorder=3)
            for x in xs:
                if row[x] > 1:
                    axes.annotate(str(row[x]), (x, n), xytext=(6, 3), textcoords="offset points", fontsize=7)
        median_rows = [(m, n) for n, m in enumerate(medians) if m is not None]
        if median_rows:
            axes.scatter(
                [m for m, _n in median_rows],
                [n for _m, n in median_rows],
                marker="|",
                s=160,
                color="#000000",
                linewidths=1.5,
                zorder=4,
                label="median year",
            )
            _legend(axes, figure, 1)
        _mark_rows(axes, labels, flagged)
        if years:
            axes.set_xlim(years[0] - 0.7, years[-1] + 0.9)
        axes.xaxis.get_major_locator().set_params(integer=True)
        axes.set_xlabel("year of publication (dot area: works that year)")
        axes.grid(axis="x", color="#dddddd", linewidth=0.6)
        axes.set_axisbelow(True)
        return _svg(figure, salt, title)
