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
from jtd_evidence.reading_lists.writers import FORMATS, WRITER_VERSION, Format, write

__all__ = [
    "DEFAULT_FORMATS",
    "DEFAULT_LOCALES",
    "DEFAULT_STYLES",
    "FEWEST_FOR_HELPER",
    "LIST_TITLES",
    "BuildPlan",
    "BuildReport",
    "build_reading_lists",
]

DEFAULT_STYLES = ("harvard", "apa")
DEFAULT_LOCALES = ("en-GB",)
DEFAULT_FORMATS = tuple(Format)
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


@dataclass(frozen=True)
class BuildPlan:
    """What a build makes and how: made once by the caller and passed whole.

    ``styles``, ``locales`` and ``formats``: every list in each of them. ``principles`` and
    ``statements``: only their lists (by id; none: every list). Each list is its own
    bibliography (year suffixes and added initials told apart within it);
    ``consistent_across_base`` works them out over the whole base instead, the same in every
    list. Word documents name ``author`` as theirs (default: the programme, see :mod:`.word`).
    Every page shows the build date ``built`` (default: today, or the day
    ``SOURCE_DATE_EPOCH`` names). The coverage page counts as healthy the links that the
    link-check cache ``link_cache`` holds (none without one).

    Renderings are kept in ``cache``. With ``reuse``, documents whose list and format are
    unchanged since the previous build in the folder are copied from it rather than written
    again. ``replace`` says whether the folder is replaced (True) or keeps the documents this
    build does not make (False); by default a full build (:attr:`is_full`) replaces and a
    partial one keeps. A build waits up to ``lock_timeout`` seconds for another build of the
    same folder. With ``jobs`` above 1, a build of :data:`FEWEST_FOR_HELPER` or more (works
    times styles, locales and formats) has a second process draw the charts and write some of
    the Word documents (see :mod:`._helper`); the files are the same bytes either way.

    Unknown formats raise :class:`~jtd_evidence.exceptions.UnknownChoiceError` here.
    """

    styles: Sequence[str] = DEFAULT_STYLES
    locales: Sequence[str] = DEFAULT_LOCALES
    formats: Sequence[Format] = DEFAULT_FORMATS
    principles: Sequence[str] = ()
    statements: Sequence[str] = ()
    consistent_across_base: bool = False
    author: str | None = None
    built: date | None = None
    link_cache: Path | None = None
    cache: RenderCache | None = None
    reuse: bool = True
    replace: bool | None = None
    lock_timeout: float = 300.0
    jobs: int = 1

    def __post_init__(self) -> None:
        for name in ("styles", "locales", "principles", "statements"):
            object.__setattr__(self, name, tuple(getattr(self, name)))
        object.__setattr__(self, "formats", tuple(_format(fmt) for fmt in self.formats))

    @property
    def is_full(self) -> bool:
        """Whether the build makes every document a default build makes (then it replaces the
        folder unless told otherwise)."""
        return (
            not self.principles
            and not self.statements
            and set(DEFAULT_STYLES) <= set(self.styles)
            and set(DEFAULT_LOCALES) <= set(self.locales)
            and set(DEFAULT_FORMATS) <= set(self.formats)
        )

    @property
    def replaces(self) -> bool:
        """Whether the build replaces the folder (else it keeps what it does not make)."""
        return self.is_full if self.replace is None else self.replace

    def lists(self, base: EvidenceBase, style: str, locale: str) -> list[tuple[str, ReadingList]]:
        """The lists the plan makes in one style and locale, by list id, in index order."""
        consistent = self.consistent_across_base
        out: list[tuple[str, ReadingList]] = []
        if not self.principles and not self.statements:
            for list_id, group_by in (("bibliography", "work"), ("all", "principle")):
                out.append(
                    (list_id, reading_list(base, style, locale, group_by, consistent_across_base=consistent))
                )
        for p in PRINCIPLES:
            if self._wants_principle(p.id):
                out.append(
                    (
                        p.id,
                        reading_list(
                            base, style, locale, "principle", [p.id], consistent_across_base=consistent
                        ),
                    )
                )
        for s in STATEMENTS:
            if self._wants_statement(s.id, s.principle_id):
                out.append(
                    (
                        s.id,
                        reading_list(
                            base,
                            style,
                            locale,
                            "statement",
                            statements=[s.id],
                            consistent_across_base=consistent,
                        ),
                    )
                )
        return out

    def _wants_principle(self, principle_id: str) -> bool:
        if self.principles and principle_id not in self.principles:
            return False
        return not self.statements or any(
            s.principle_id == principle_id and s.id in self.statements for s in STATEMENTS
        )

    def _wants_statement(self, statement_id: str, principle_id: str) -> bool:
        if self.statements and statement_id not in self.statements:
            return False
        return not self.principles or principle_id in self.principles


def _format(name: str) -> Format:
    try:
        return Format(name)
    except ValueError:
        raise UnknownChoiceError("format", name, FORMATS) from None


def build_reading_lists(
    base: EvidenceBase, out_dir: str | os.PathLike[str], plan: BuildPlan = BuildPlan()
) -> BuildReport:
    """Write the lists of ``plan`` (see :class:`BuildPlan`; default: every list in the default
    styles, locales and formats) under ``out_dir`` with ``index.html``/``index.md``.

    Unknown styles, locales and formats raise before anything is written. Another build of
    the same folder holding it past ``plan.lock_timeout`` raises
    :class:`~jtd_evidence.exceptions.LockedError`; disk errors raise
    :class:`~jtd_evidence.exceptions.WriteError`.
    """
    for style in plan.styles:
        for locale in plan.locales:
            processor(style, locale)  # UnknownStyleError / UnknownLocaleError up front
    target = Path(out_dir)
    report = BuildReport(target, incomplete=incomplete_entries(base.entries), full=plan.replaces)
    try:
        folder = target.resolve() if target.is_symlink() else target  # the folder a link points to
        with FolderLock(folder, plan.lock_timeout, "reading-list build") as lock:
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
            _build(base, folder, report, plan, plan.built or build_date())
    except JTDError:
        raise
    except OSError as error:
        raise write_error(target, error) from error
    report.files = [target / path.relative_to(folder) for path in report.files]
    return report


_Made = tuple[str, str, bytes | Pending[bytes], list[str] | None]
"""(path, digest, bytes or the pending bytes, the previous build's manifest row if its file is
taken as it is) of one document."""


@dataclass
class _Staged:
    """A build in progress: the staging folder beside the target and what is written in it."""

    target: Path
    staging: Path
    previous: dict[str, list[str]]
    manifest: dict[str, list[str]] = field(default_factory=dict)
    made: set[str] = field(default_factory=set)
    folders: dict[str, tuple[str, str]] = field(default_factory=dict)
    modes: list[tuple[Path, int]] = field(default_factory=list)
    """Folders' permissions, set once they are written (they may forbid writing)."""

    def put(self, relative: str, data: bytes) -> None:
        _put(self.staging / relative, data, self.target / relative)


def _build(base: EvidenceBase, target: Path, report: BuildReport, plan: BuildPlan, day: date) -> None:
    exists = target.is_dir()
    stage = _Staged(target, new_staging(target), _read_manifest(target) if exists else {})
    try:
        root_mode = _mode(target)
        if root_mode is not None:
            stage.modes.append((stage.staging, root_mode))
        size = len(base) * len(plan.styles) * len(plan.locales) * len(plan.formats)
        with Helper(plan.jobs if size >= FEWEST_FOR_HELPER else 1) as helper:
            cov = coverage(base, day.year, link_cache=plan.link_cache)
            coverage_digest = cov.digest(day)
            old = stage.previous.get(COVERAGE) if plan.reuse else None
            page = _intact(target / COVERAGE, old[1]) if old and old[0] == coverage_digest else None
            # drawn again only when its numbers or the day changed; beside the documents
            chart = helper.submit(coverage_html, cov, day) if page is None else None
            documents = _documents(base, plan, day, stage, report, helper)
            _write_documents(documents, stage, report)
            if chart is not None:
                page = chart.result().encode()
        if exists:
            _keep(target, stage.staging, stage.made, stage.modes, documents=not report.full)
            for relative, digests in stage.previous.items():
                if relative not in stage.made and (stage.staging / relative).is_file():
                    stage.manifest[relative] = digests
        assert page is not None
        stage.manifest[COVERAGE] = [coverage_digest, hashlib.sha256(page).hexdigest()]
        _finish(base, stage, report, day, page)
        swap(stage.staging, target, MANIFEST)
    except BaseException:
        discard(stage.staging, MANIFEST)
        raise


def _documents(
    base: EvidenceBase, plan: BuildPlan, day: date, stage: _Staged, report: BuildReport, helper: Helper
) -> list[_Made]:
    """Every document of the plan, made, taken from the previous output, or handed to the helper."""
    previous = stage.previous if plan.reuse else {}
    documents: list[_Made] = []
    for style in plan.styles:
        for locale in plan.locales:
            render(
                base.entries, style, locale, cache=plan.cache, links=True
            )  # one rendering serves every list
            folder = f"{style}-{locale}"
            stage.folders[folder] = (style, locale)
            _make_folder(stage.staging / folder, stage.target / folder, stage.modes)
            for list_id, listed in plan.lists(base, style, locale):
                rl = dataclasses.replace(listed, built=day, root="..")
                for fmt in plan.formats:
                    relative = f"{folder}/{list_id}.{fmt}"
                    documents.append(
                        _document(rl, fmt, relative, stage.target, previous, plan.author, helper)
                    )
                    stage.made.add(relative)
                    report.files.append(stage.target / relative)
                report.lists += 1
    return documents


def _write_documents(documents: list[_Made], stage: _Staged, report: BuildReport) -> None:
    # the last documents first: those the helper has not taken are written here meanwhile
    data = {relative: _bytes(found) for relative, _digest, found, _old in reversed(documents)}
    for relative, digest, _found, old_digests in documents:
        if old_digests is not None:
            report.reused += 1
            stage.manifest[relative] = old_digests
        else:
            stage.manifest[relative] = [digest, hashlib.sha256(data[relative]).hexdigest()]
        stage.put(relative, data[relative])


def _finish(base: EvidenceBase, stage: _Staged, report: BuildReport, day: date, page: bytes) -> None:
    """The index pages, the coverage page and the manifest (last, whole: the folder is
    complete), then the folders' permissions."""
    table = _table(stage.staging, stage.folders)
    report.kept = sum(len(document.links) for document in table) - len(stage.made)
    counts = _counts(base)
    for name, index in (("index.html", index_html), ("index.md", index_md)):
        stage.put(name, index(table, counts, day, len(base)).encode())
    stage.put(COVERAGE, page)
    text = json.dumps(stage.manifest, indent=0, sort_keys=True) + "\n"
    _put(stage.staging / f"{MANIFEST}.part", text.encode(), stage.target / MANIFEST)
    (stage.staging / f"{MANIFEST}.part").rename(stage.staging / MANIFEST)
    for folder_path, mode in reversed(stage.modes):
        folder_path.chmod(mode)
    report.files[:0] = [stage.target / name for name in _INDEXES]


FEWEST_FOR_HELPER = 200
"""Works times styles, locales and formats below which a build does without the helper process
(starting it costs more than a small build gains)."""
_HELPED_FORMATS = frozenset({Format.DOCX})
"""Formats slow enough to write (python-docx) to be worth handing to the helper process."""


def _document(
    rl: ReadingList,
    fmt: Format,
    relative: str,
    target: Path,
    previous: dict[str, list[str]],
    author: str | None,
    helper: Helper,
) -> _Made:
    """One document, made, taken from the previous output, or handed to the helper."""
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
