"""Build every reading list — the whole base, each principle, each statement — in every
style, locale and format into one folder with an index page.

The folder is built beside the target under a temporary name and swapped in only when
everything has been written (see :mod:`jtd_evidence._tree`): a failed or killed build leaves
the previous output untouched, and the next build cleans up after a killed one.

A *full* build (every list, in at least the default styles, locales and formats) replaces
every document in the folder. A *partial* build (some statements or principles, or fewer
styles, locales or formats) refreshes only the documents it makes and keeps the others; the
index pages list every document in the folder afterwards. Neither touches files that no
build writes (put there by hand), and neither builds into a folder that holds such files
but no manifest (``-o`` given an existing folder of other work).

A rebuild writes again only the documents whose content changed: the folder keeps a
manifest (``.build.json``) with, for each document, a digest of what it was made from (its
list, format and writer version) and a digest of its bytes; a document made from the same
input whose file is intact is taken from the previous output instead. The manifest is
written last: a staging folder that holds one is complete.

Disk errors (a read-only or full drive, no permission) raise
:class:`~jtd_evidence.exceptions.WriteError`, naming the output folder and saying what to do.
"""

from __future__ import annotations

import dataclasses
import errno
import hashlib
import json
import os
import shutil
import stat
import warnings
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from jtd_evidence._atomic import write_error
from jtd_evidence._tree import FolderLock, discard, new_staging, recover, swap
from jtd_evidence.base import EvidenceBase
from jtd_evidence.exceptions import JTDError, UnknownChoiceError, WriteError
from jtd_evidence.formatting import RenderCache, processor, render
from jtd_evidence.framework import PRINCIPLES, STATEMENTS
from jtd_evidence.reading_lists import ReadingList, incomplete_entries, reading_list
from jtd_evidence.reading_lists._helper import Helper, Pending
from jtd_evidence.reading_lists._page import build_date
from jtd_evidence.reading_lists.coverage import coverage, coverage_html
from jtd_evidence.reading_lists.site import LIST_TITLES, Document, index_html, index_md
from jtd_evidence.reading_lists.writers import FORMATS, WRITER_VERSION, write

__all__ = [
    "DEFAULT_FORMATS",
    "DEFAULT_LOCALES",
    "DEFAULT_STYLES",
    "FEWEST_FOR_HELPER",
    "LIST_TITLES",
    "BuildReport",
    "build_reading_lists",
    "is_full_build",
]

DEFAULT_STYLES = ("harvard", "apa")
DEFAULT_LOCALES = ("en-GB",)
DEFAULT_FORMATS = tuple(FORMATS)
MANIFEST = ".build.json"
"""Digest of every document in a built folder, by relative path (see :func:`document_digest`),
and of the coverage page."""
COVERAGE = "coverage.html"
_INDEXES = ("index.html", "index.md", COVERAGE)
"""The site's own pages at the top of the folder, written by every build."""


@dataclass
class BuildReport:
    """What a build wrote, and the entries that render with something missing."""

    out_dir: Path
    files: list[Path] = field(default_factory=list)
    lists: int = 0
    incomplete: list[tuple[str, tuple[str, ...]]] = field(default_factory=list)
    reused: int = 0
    """Documents taken unchanged from the previous output instead of written again."""
    kept: int = 0
    """Documents of earlier builds that a partial build kept (and lists in the index)."""
    full: bool = True
    """Whether the build replaced the folder (else it kept what it did not make)."""


def _lists(
    base: EvidenceBase,
    style: str,
    locale: str,
    principles: Sequence[str] | None,
    statements: Sequence[str] | None,
    consistent: bool = False,
) -> list[tuple[str, ReadingList]]:
    out: list[tuple[str, ReadingList]] = []
    if not principles and not statements:
        out.append(
            (
                "bibliography",
                reading_list(base, style, locale, group_by="work", consistent_across_base=consistent),
            )
        )
        out.append(
            (
                "all",
                reading_list(base, style, locale, group_by="principle", consistent_across_base=consistent),
            )
        )
    for p in PRINCIPLES:
        if principles and p.id not in principles:
            continue
        if statements and not any(s.principle_id == p.id and s.id in statements for s in STATEMENTS):
            continue
        out.append(
            (
                p.id,
                reading_list(
                    base,
                    style,
                    locale,
                    group_by="principle",
                    principles=[p.id],
                    consistent_across_base=consistent,
                ),
            )
        )
    for s in STATEMENTS:
        if statements and s.id not in statements:
            continue
        if principles and s.principle_id not in principles:
            continue
        out.append(
            (
                s.id,
                reading_list(
                    base,
                    style,
                    locale,
                    group_by="statement",
                    statements=[s.id],
                    consistent_across_base=consistent,
                ),
            )
        )
    return out


def is_full_build(
    styles: Sequence[str] = DEFAULT_STYLES,
    locales: Sequence[str] = DEFAULT_LOCALES,
    formats: Sequence[str] = DEFAULT_FORMATS,
    principles: Sequence[str] | None = None,
    statements: Sequence[str] | None = None,
) -> bool:
    """Whether a build makes every document a default build makes (then it replaces the folder)."""
    return (
        not principles
        and not statements
        and set(DEFAULT_STYLES) <= set(styles)
        and set(DEFAULT_LOCALES) <= set(locales)
        and set(DEFAULT_FORMATS) <= set(formats)
    )


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
    replace: bool | None = None,
    lock_timeout: float = 300.0,
    consistent_across_base: bool = False,
    built: date | None = None,
    link_cache: Path | None = None,
    author: str | None = None,
    jobs: int = 1,
) -> BuildReport:
    """Write every list in every style, locale and format under ``out_dir`` with ``index.html``/``index.md``.

    Unknown styles, locales and formats raise before anything is written. With ``reuse``,
    documents whose list and format are unchanged since the previous build in ``out_dir``
    are copied from it rather than written again. ``replace`` says whether the folder is
    replaced (True) or keeps the documents this build does not make (False); by default a
    full build (see :func:`is_full_build`) replaces and a partial one keeps. A build waits up
    to ``lock_timeout`` seconds for another build of the same folder (then
    :class:`~jtd_evidence.exceptions.LockedError`); disk errors raise
    :class:`~jtd_evidence.exceptions.WriteError`. Each list is its own bibliography (year
    suffixes and added initials told apart within it); ``consistent_across_base`` works them
    out over the whole base instead, the same in every list. Every page shows the build date ``built``
    (default: today, or the day ``SOURCE_DATE_EPOCH`` names). The coverage page counts as
    healthy the links that the link-check cache ``link_cache`` holds (none without one). Word
    documents name ``author`` as theirs (default: the programme, see :mod:`.word`). With
    ``jobs`` above 1, a build of :data:`FEWEST_FOR_HELPER` or more (works times styles,
    locales and formats) has a second process draw the charts and write some of the Word
    documents (see :mod:`._helper`); the files are the same bytes either way.
    """
    for fmt in formats:
        if fmt not in FORMATS:
            raise UnknownChoiceError("format", fmt, FORMATS)
    for style in styles:
        for locale in locales:
            processor(style, locale)  # UnknownStyleError / UnknownLocaleError up front
    day = built or build_date()
    full = is_full_build(styles, locales, formats, principles, statements) if replace is None else replace
    target = Path(out_dir)
    report = BuildReport(target, incomplete=incomplete_entries(base.entries), full=full)
    try:
        folder = target.resolve() if target.is_symlink() else target  # the folder a link points to
        with FolderLock(folder, lock_timeout, "reading-list build") as lock:
            recover(folder, MANIFEST, _built, locked=lock.held)
            if os.path.lexists(folder) and not folder.is_dir():  # never replace a file by a folder
                raise NotADirectoryError(errno.ENOTDIR, os.strerror(errno.ENOTDIR), str(folder))
            if folder.is_dir() and not (folder / MANIFEST).exists() and not _built(folder):
                raise WriteError(
                    str(target),
                    f"not a reading-list folder (it holds files that no build wrote, and no {MANIFEST}); "
                    "nothing was changed. To fix: give a new or empty folder with -o, or move those "
                    "files elsewhere.",
                )
            _build(
                base,
                folder,
                report,
                styles,
                locales,
                formats,
                principles,
                statements,
                cache,
                reuse,
                consistent_across_base,
                day,
                link_cache,
                author,
                jobs,
            )
    except JTDError:
        raise
    except OSError as error:
        raise write_error(target, error) from error
    report.files = [target / path.relative_to(folder) for path in report.files]
    return report


def _build(
    base: EvidenceBase,
    target: Path,
    report: BuildReport,
    styles: Sequence[str],
    locales: Sequence[str],
    formats: Sequence[str],
    principles: Sequence[str] | None,
    statements: Sequence[str] | None,
    cache: RenderCache | None,
    reuse: bool,
    consistent: bool,
    day: date,
    link_cache: Path | None,
    author: str | None,
    jobs: int,
) -> None:
    exists = target.is_dir()
    previous = _read_manifest(target) if exists else {}
    staging = new_staging(target)
    modes: list[tuple[Path, int]] = []  # folders' permissions, set once they are written
    try:
        root_mode = _mode(target)
        if root_mode is not None:
            modes.append((staging, root_mode))
        manifest: dict[str, list[str]] = {}
        made: set[str] = set()
        folders: dict[str, tuple[str, str]] = {}
        size = len(base) * len(styles) * len(locales) * len(formats)
        with Helper(jobs if size >= FEWEST_FOR_HELPER else 1) as helper:
            cov = coverage(base, day.year, link_cache=link_cache)
            coverage_digest = cov.digest(day)
            old = previous.get(COVERAGE) if reuse else None
            page = _intact(target / COVERAGE, old[1]) if old and old[0] == coverage_digest else None
            # drawn again only when its numbers or the day changed; beside the documents
            chart = helper.submit(coverage_html, cov, day) if page is None else None
            documents: list[tuple[str, str, bytes | Pending[bytes], list[str] | None]] = []
            for style in styles:
                for locale in locales:
                    render(
                        base.entries, style, locale, cache=cache, links=True
                    )  # one rendering serves every list
                    folder = f"{style}-{locale}"
                    folders[folder] = (style, locale)
                    _make_folder(staging / folder, target / folder, modes)
                    for list_id, listed in _lists(base, style, locale, principles, statements, consistent):
                        rl = dataclasses.replace(listed, built=day, root="..")
                        for fmt in formats:
                            relative = f"{folder}/{list_id}.{fmt}"
                            documents.append(
                                _document(
                                    rl, fmt, relative, target, previous if reuse else {}, author, helper
                                )
                            )
                            made.add(relative)
                            report.files.append(target / relative)
                        report.lists += 1
            # the last documents first: those the helper has not taken are written here meanwhile
            data = {relative: _bytes(found) for relative, _digest, found, _old in reversed(documents)}
            for relative, digest, _found, old_digests in documents:
                if old_digests is not None:
                    report.reused += 1
                    manifest[relative] = old_digests
                else:
                    manifest[relative] = [digest, hashlib.sha256(data[relative]).hexdigest()]
                _put(staging / relative, data[relative], target / relative)
            if chart is not None:
                page = chart.result().encode()
        if exists:
            _keep(target, staging, made, modes, documents=not report.full)
            for relative, digests in previous.items():
                if relative not in made and (staging / relative).is_file():
                    manifest[relative] = digests
        table = _table(staging, folders)
        report.kept = sum(len(document.links) for document in table) - len(made)
        counts = _counts(base)
        for name, index in (("index.html", index_html), ("index.md", index_md)):
            _put(staging / name, index(table, counts, day, len(base)).encode(), target / name)
        assert page is not None
        manifest[COVERAGE] = [coverage_digest, hashlib.sha256(page).hexdigest()]
        _put(staging / COVERAGE, page, target / COVERAGE)
        text = json.dumps(manifest, indent=0, sort_keys=True) + "\n"
        _put(staging / f"{MANIFEST}.part", text.encode(), target / MANIFEST)
        (staging / f"{MANIFEST}.part").rename(staging / MANIFEST)  # last, whole: the folder is complete
        for folder_path, mode in reversed(modes):
            folder_path.chmod(mode)
        report.files[:0] = [target / name for name in _INDEXES]
        swap(staging, target, MANIFEST)
    except BaseException:
        discard(staging, MANIFEST)
        raise


FEWEST_FOR_HELPER = 200
"""Works times styles, locales and formats below which a build does without the helper process
(starting it costs more than a small build gains)."""
_HELPED_FORMATS = frozenset({"docx"})
"""Formats slow enough to write (python-docx) to be worth handing to the helper process."""


def _document(
    rl: ReadingList,
    fmt: str,
    relative: str,
    target: Path,
    previous: dict[str, list[str]],
    author: str | None,
    helper: Helper,
) -> tuple[str, str, bytes | Pending[bytes], list[str] | None]:
    """(path, digest, bytes or the pending bytes, the previous build's manifest row if its file
    is taken as it is) of one document."""
    digest = document_digest(rl, fmt, author)
    old = previous.get(relative)
    if old and old[0] == digest:
        data = _intact(target / relative, old[1])
        if data is not None:
            return relative, digest, data, old
    if fmt in _HELPED_FORMATS:
        return relative, digest, helper.submit(_write, rl, fmt, author), None
    return relative, digest, _write(rl, fmt, author), None


def _write(rl: ReadingList, fmt: str, author: str | None) -> bytes:
    return write(rl, fmt, author=author)


def _bytes(found: bytes | Pending[bytes]) -> bytes:
    return found if isinstance(found, bytes) else found.result()


_FILE_MANAGERS = (".DS_Store", "Thumbs.db", "desktop.ini")
"""Files that Finder and Windows Explorer put in folders they show."""


def _built(folder: Path) -> bool:
    """Whether ``folder`` holds nothing but what a build writes (or nothing, or what a file
    manager leaves in any folder)."""
    try:
        for path in folder.iterdir():
            if path.name in (MANIFEST, *_INDEXES, *_FILE_MANAGERS) and path.is_file():
                continue
            if path.name.startswith(".") or not path.is_dir() or path.is_symlink():
                return False
            for document in path.iterdir():
                list_id, _dot, fmt = document.name.rpartition(".")
                if list_id not in LIST_TITLES or fmt not in FORMATS or not document.is_file():
                    return False
    except OSError:
        return False
    return True


def _mode(path: Path) -> int | None:
    try:
        return stat.S_IMODE(path.lstat().st_mode)
    except OSError:
        return None


def _make_folder(folder: Path, like: Path, modes: list[tuple[Path, int]]) -> None:
    """Make ``folder`` with the umask's permissions; if the old output had it, note ``like``'s
    in ``modes``, to be given once everything is written (they may forbid writing)."""
    if folder.is_dir():
        return
    folder.mkdir()
    mode = _mode(like)
    if mode is not None:
        modes.append((folder, mode))


def _put(path: Path, data: bytes, like: Path) -> None:
    """Write a new file with the permissions of the file it replaces (else the umask's)."""
    path.write_bytes(data)
    mode = _mode(like)
    if mode is not None:
        path.chmod(mode)


def _is_document(relative: str) -> bool:
    """Whether a path in a build folder names a document a build writes (``apa-en-GB/LC4.md``)."""
    folder, _slash, name = relative.rpartition("/")
    list_id, _dot, fmt = name.rpartition(".")
    return (
        bool(folder)
        and "/" not in folder
        and not folder.startswith(".")
        and (list_id in LIST_TITLES and fmt in FORMATS)
    )


def _keep(
    target: Path, staging: Path, made: set[str], modes: list[tuple[Path, int]], documents: bool
) -> None:
    """Copy into ``staging`` the files of the old output that this build does not make: files
    put there by hand always, and the other documents of earlier builds if ``documents`` (a
    partial build); keeping permissions and times."""
    for root, dirs, files in os.walk(target):
        here = Path(root)
        relative_root = here.relative_to(target)
        for name in dirs:  # an empty folder of the user's (a build's folders are never empty)
            source = here / name
            if not source.is_symlink() and not any(source.iterdir()):
                _make_folder(staging / relative_root / name, source, modes)
        for name in [*files, *(d for d in dirs if (here / d).is_symlink())]:
            relative = (relative_root / name).as_posix()
            if relative in made or relative in (MANIFEST, *_INDEXES):
                continue
            if not documents and _is_document(relative):
                continue  # a full build replaces every document
            for parent in reversed((relative_root / name).parents[:-1]):
                _make_folder(staging / parent, target / parent, modes)
            shutil.copy2(here / name, staging / relative, follow_symlinks=False)


def _table(root: Path, known: dict[str, tuple[str, str]]) -> list[Document]:
    """Every document in ``root``, in index order: default styles and locales first, lists as a
    full build makes them, formats in order."""
    order = {list_id: n for n, list_id in enumerate(LIST_TITLES)}
    formats = list(FORMATS)
    found: dict[tuple[str, str], list[tuple[str, str]]] = {}
    for path in root.iterdir():
        folder = path.name
        if folder.startswith(".") or not path.is_dir():
            continue
        for document in path.iterdir():
            list_id, dot, fmt = document.name.rpartition(".")
            if dot and list_id in LIST_TITLES and fmt in FORMATS and document.is_file():
                found.setdefault((folder, list_id), []).append((fmt, f"{folder}/{document.name}"))

    def folder_rank(folder: str) -> tuple[int, str, int, str]:
        style, locale = known.get(folder) or _split(folder)
        s = DEFAULT_STYLES.index(style) if style in DEFAULT_STYLES else len(DEFAULT_STYLES)
        n = DEFAULT_LOCALES.index(locale) if locale in DEFAULT_LOCALES else len(DEFAULT_LOCALES)
        return s, style, n, locale

    table = []
    for folder, list_id in sorted(found, key=lambda k: (folder_rank(k[0]), order[k[1]])):
        links = sorted(found[folder, list_id], key=lambda link: formats.index(link[0]))
        style, locale = known.get(folder) or _split(folder)
        table.append(Document(folder, style, locale, list_id, tuple(links)))
    return table


def _counts(base: EvidenceBase) -> dict[str, int]:
    """The number of works in each list a build makes, by list id."""
    return {
        "bibliography": len(base),
        "all": len(base),
        **{p.id: len(base.for_principle(p.id)) for p in PRINCIPLES},
        **{s.id: len(base.for_statement(s.id)) for s in STATEMENTS},
    }


def document_digest(rl: ReadingList, fmt: str, author: str | None = None) -> str:
    """A digest of everything a document depends on: the list (every entry as rendered), the
    format and the writers' version (and python-docx's and the author, for Word)."""
    tool = ""
    if fmt == "docx":
        from importlib.metadata import version

        tool = f"{version('python-docx')}\0{author}"
    text = f"{WRITER_VERSION}\0{fmt}\0{tool}\0{rl!r}"
    return hashlib.sha256(text.encode()).hexdigest()


def _read_manifest(target: Path) -> dict[str, list[str]]:
    path = target / MANIFEST
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return {}
    except (OSError, ValueError) as error:
        warnings.warn(f"ignoring unreadable build manifest {path}: {error}", stacklevel=4)
        return {}
    if not isinstance(data, dict) or not all(
        isinstance(v, list) and len(v) == 2 and all(isinstance(x, str) for x in v) for v in data.values()
    ):
        warnings.warn(f"ignoring unreadable build manifest {path}: not a mapping of digests", stacklevel=4)
        return {}
    return data


def _intact(source: Path, content_digest: str) -> bytes | None:
    """The bytes of a previous document if they are as written, else None."""
    try:
        data = source.read_bytes()
    except OSError:
        return None
    return data if hashlib.sha256(data).hexdigest() == content_digest else None


def _split(folder: str) -> tuple[str, str]:
    parts = folder.split("-")
    return "-".join(parts[:-2]), "-".join(parts[-2:])
