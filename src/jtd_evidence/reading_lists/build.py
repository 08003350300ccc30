"""Build every reading list — the whole base, each principle, each statement — in every
style, locale and format into one folder with an index page.

The folder is built beside the target under a temporary name and swapped in only when
everything has been written: a failed build leaves the previous output untouched.

A rebuild writes again only the documents whose content changed: the folder keeps a
manifest (``.build.json``) with, for each document, a digest of what it was made from (its
list, format and writer version) and a digest of its bytes; a document made from the same
input whose file is intact is taken from the previous output instead.
"""

from __future__ import annotations

import hashlib
import html
import json
import os
import shutil
import tempfile
import warnings
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from jtd_evidence.base import EvidenceBase
from jtd_evidence.formatting import RenderCache, processor, render
from jtd_evidence.framework import PRINCIPLES, STATEMENTS
from jtd_evidence.reading_lists import STYLE_NAMES, ReadingList, incomplete_entries, reading_list
from jtd_evidence.reading_lists.writers import FORMATS, WRITER_VERSION, write

__all__ = ["DEFAULT_FORMATS", "DEFAULT_LOCALES", "DEFAULT_STYLES", "BuildReport", "build_reading_lists"]

DEFAULT_STYLES = ("harvard", "apa")
DEFAULT_LOCALES = ("en-GB",)
DEFAULT_FORMATS = tuple(FORMATS)
_FORMAT_LABELS = {"md": "Markdown", "html": "HTML", "txt": "Text", "docx": "Word"}
MANIFEST = ".build.json"
"""Digest of every document in a built folder, by relative path (see :func:`document_digest`)."""


@dataclass
class BuildReport:
    """What a build wrote, and the entries that render with something missing."""

    out_dir: Path
    files: list[Path] = field(default_factory=list)
    lists: int = 0
    incomplete: list[tuple[str, tuple[str, ...]]] = field(default_factory=list)
    reused: int = 0
    """Documents taken unchanged from the previous output instead of written again."""


def _lists(
    base: EvidenceBase,
    style: str,
    locale: str,
    principles: Sequence[str] | None,
    statements: Sequence[str] | None,
) -> list[tuple[str, ReadingList]]:
    out: list[tuple[str, ReadingList]] = []
    if not principles and not statements:
        out.append(("all", reading_list(base, style, locale, group_by="principle")))
    for p in PRINCIPLES:
        if principles and p.id not in principles:
            continue
        if statements and not any(s.principle_id == p.id and s.id in statements for s in STATEMENTS):
            continue
        out.append((p.id, reading_list(base, style, locale, group_by="principle", principles=[p.id])))
    for s in STATEMENTS:
        if statements and s.id not in statements:
            continue
        if principles and s.principle_id not in principles:
            continue
        out.append((s.id, reading_list(base, style, locale, group_by="statement", statements=[s.id])))
    return out


def build_reading_lists(
    base: EvidenceBase,
    out_dir: str | os.PathLike[str],
    styles: Sequence[str] = DEFAULT_STYLES,
    locales: Sequence[str] = DEFAULT_LOCALES,
    formats: Sequence[str] = DEFAULT_FORMATS,
    principles: Sequence[str] | None = None,
    statements: Sequence[str] | None = None,
    cache: RenderCache | None = None,
    reuse: bool = True,
) -> BuildReport:
    """Write every list in every style, locale and format under ``out_dir`` with ``index.html``/``index.md``.

    Unknown styles, locales and formats raise before anything is written. With ``reuse``,
    documents whose list and format are unchanged since the previous build in ``out_dir``
    are copied from it rather than written again.
    """
    for fmt in formats:
        if fmt not in FORMATS:
            raise ValueError(f"unknown format {fmt!r}; choose from {', '.join(FORMATS)}")
    for style in styles:
        for locale in locales:
            processor(style, locale)  # UnknownStyleError / UnknownLocaleError up front
    target = Path(out_dir)
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{target.name}-", dir=target.parent))
    report = BuildReport(target, incomplete=incomplete_entries(base.entries))
    previous = _read_manifest(target) if reuse else {}
    manifest: dict[str, list[str]] = {}
    try:
        table: list[tuple[str, str, str, list[tuple[str, str]]]] = []  # folder, list id, title, [(fmt, path)]
        for style in styles:
            for locale in locales:
                render(base.entries, style, locale, cache=cache)  # one rendering serves every list
                folder = f"{style}-{locale}"
                (staging / folder).mkdir()
                for list_id, rl in _lists(base, style, locale, principles, statements):
                    links = []
                    for fmt in formats:
                        relative = f"{folder}/{list_id}.{fmt}"
                        digest = document_digest(rl, fmt)
                        old = previous.get(relative)
                        if old and old[0] == digest and _reuse(target / relative, staging / relative, old[1]):
                            report.reused += 1
                            manifest[relative] = old
                        else:
                            data = write(rl, fmt)
                            (staging / relative).write_bytes(data)
                            manifest[relative] = [digest, hashlib.sha256(data).hexdigest()]
                        report.files.append(target / relative)
                        links.append((fmt, relative))
                    report.lists += 1
                    table.append((folder, list_id, rl.title, links))
        (staging / "index.html").write_text(_index_html(table, styles, locales), encoding="utf-8")
        (staging / "index.md").write_text(_index_md(table), encoding="utf-8")
        (staging / MANIFEST).write_text(
            json.dumps(manifest, indent=0, sort_keys=True) + "\n", encoding="utf-8"
        )
        report.files[:0] = [target / "index.html", target / "index.md"]
        _swap(staging, target)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return report


def document_digest(rl: ReadingList, fmt: str) -> str:
    """A digest of everything a document depends on: the list (every entry as rendered), the
    format and the writers' version (and python-docx's, for Word)."""
    tool = ""
    if fmt == "docx":
        from importlib.metadata import version

        tool = version("python-docx")
    text = f"{WRITER_VERSION}\0{fmt}\0{tool}\0{rl!r}"
    return hashlib.sha256(text.encode()).hexdigest()


def _read_manifest(target: Path) -> dict[str, list[str]]:
    path = target / MANIFEST
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return {}
    except (OSError, ValueError) as error:
        warnings.warn(f"ignoring unreadable build manifest {path}: {error}", stacklevel=3)
        return {}
    if not isinstance(data, dict) or not all(
        isinstance(v, list) and len(v) == 2 and all(isinstance(x, str) for x in v) for v in data.values()
    ):
        warnings.warn(f"ignoring unreadable build manifest {path}: not a mapping of digests", stacklevel=3)
        return {}
    return data


def _reuse(source: Path, destination: Path, content_digest: str) -> bool:
    """Copy a previous document into the new folder if its bytes are as written; False otherwise."""
    try:
        data = source.read_bytes()
    except OSError:
        return False
    if hashlib.sha256(data).hexdigest() != content_digest:
        return False
    destination.write_bytes(data)
    return True


def _swap(staging: Path, target: Path) -> None:
    """Put ``staging`` where ``target`` is, keeping the old folder until the new one is in place."""
    old = None
    if target.exists():
        old = Path(tempfile.mkdtemp(prefix=f".{target.name}-old-", dir=target.parent))
        old.rmdir()
        target.rename(old)
    try:
        staging.rename(target)
    except BaseException:
        if old is not None:
            old.rename(target)
        raise
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)


def _split(folder: str) -> tuple[str, str]:
    parts = folder.split("-")
    return "-".join(parts[:-2]), "-".join(parts[-2:])


def _index_md(table: list[tuple[str, str, str, list[tuple[str, str]]]]) -> str:
    lines = ["# Joining the Dots reading lists", ""]
    current = None
    for folder, _list_id, title, links in table:
        if folder != current:
            style, locale = _split(folder)
            lines += ["", f"## {STYLE_NAMES.get(style, style)} ({locale})", ""]
            current = folder
        formats = " · ".join(f"[{_FORMAT_LABELS[fmt]}]({path})" for fmt, path in links)
        lines.append(f"- {title}: {formats}")
    return "\n".join(lines).replace("\n\n\n", "\n\n").rstrip() + "\n"


def _index_html(
    table: list[tuple[str, str, str, list[tuple[str, str]]]], styles: Sequence[str], locales: Sequence[str]
) -> str:
    out = [
        "<!DOCTYPE html>",
        '<html lang="en-GB">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        "<title>Joining the Dots reading lists</title>",
        "<style>body{font-family:system-ui,sans-serif;max-width:48rem;margin:2rem auto;padding:0 1rem;line-height:1.5}"
        "a{color:#0645ad}li{margin:.3em 0}@media print{a{color:inherit}}</style>",
        "</head>",
        "<body>",
        "<main>",
        "<h1>Joining the Dots reading lists</h1>",
        "<p>The evidence behind each principle and practice statement, as reference lists ready for reports.</p>",
    ]
    current = None
    for folder, _list_id, title, links in table:
        if folder != current:
            if current is not None:
                out += ["</ul>", "</section>"]
            style, locale = _split(folder)
            heading = f"{STYLE_NAMES.get(style, style)} ({locale})"
            out += [
                f'<section aria-labelledby="{folder}">',
                f'<h2 id="{folder}">{html.escape(heading)}</h2>',
                "<ul>",
            ]
            current = folder
        formats = " · ".join(f'<a href="{path}">{_FORMAT_LABELS[fmt]}</a>' for fmt, path in links)
        out.append(f"<li>{html.escape(title)}: {formats}</li>")
    if current is not None:
        out += ["</ul>", "</section>"]
    out += ["</main>", "</body>", "</html>"]
    return "\n".join(out) + "\n"
