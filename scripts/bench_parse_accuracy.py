"""Field accuracy of a reference parser on the hand-labelled development set.

Reads every ``data/parser/dev/*.tagged`` file (real references, hand-labelled; see
``data/parser/README.md``), parses each reference's text with each parser (default: the
hand-written grammar, ``jtd_evidence.parsing.reference:read_with_grammar``, and what users
get, ``jtd_evidence.parsing.reference:read_reference``: the learned model, with the grammar
where the model misses a title or year; ``jtd_evidence.parsing.learned:read_learned`` is the
model alone) and compares the entry with
the gold fields:

    author (family names, in order), year, title, container-title, volume, issue, pages,
    publisher, URL, DOI

A field *counts* for a reference when the gold or the prediction has a value; it is
*correct* when both have one and they are equal after normalisation (see ``normalise_*``):
a value missing on one side is wrong, a field missing on both sides does not count.

Prints, for each subset (``# subset: uk-grey`` / ``# subset: intl-academic`` comment lines
in the files) and for all references together: overall field accuracy (correct / counted
over all fields), each field's correct/total, and the share of references with every
counted field right. ``--errors`` lists every mismatch. Output is deterministic.

Usage:
    python scripts/bench_parse_accuracy.py [--parser MODULE:FUNCTION ...] [--errors] [--dev DIR]

The parser function takes the reference text and returns an ``Entry`` (or an object with
an ``entry`` attribute, as ``read_reference`` does); an exception counts as an empty entry.
"""

from __future__ import annotations

import argparse
import importlib
import re
import sys
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from jtd_evidence.parsing.labels import Label, LabelledReference, parse_tagged
from jtd_evidence.parsing.markup import with_scheme
from jtd_evidence.parsing.names import parse_names

ROOT = Path(__file__).resolve().parents[1]
DEV = ROOT / "data" / "parser" / "dev"
FIELDS = (
    "author",
    "year",
    "title",
    "container-title",
    "volume",
    "issue",
    "pages",
    "publisher",
    "url",
    "doi",
)
SUBSETS = {"uk-grey": "UK grey literature", "intl-academic": "international academic"}
_SUBSET_LINE = re.compile(r"^#\s*subset:\s*(\S+)\s*$")
_AUTHORS_LINE = re.compile(r"^#\s*authors:\s*(.*?)\s*$")
_YEAR = re.compile(r"(?<!\d)(1[5-9]\d\d|20\d\d)(?!\d)")
_EDGE = " \t.,;:!?*_'\"‘’“”«»()[]<>"
_DASHES = re.compile(r"\s*[-‐‑‒–—−]+\s*")
_DOI_PREFIX = re.compile(r"^(?:https?://(?:dx\.)?doi\.org/|doi:\s*)", re.IGNORECASE)


# --- normalisation ---------------------------------------------------------------------


def fold(text: str) -> str:
    """Case- and accent-folded text with one space between words and curly quotes made straight."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c))
    text = text.replace("’", "'").replace("‘", "'").replace("“", '"').replace("”", '"')
    return " ".join(text.casefold().split())


def normalise_text(value: str | None) -> str | None:
    """Titles, container titles, publishers, volumes, issues: folded, Markdown emphasis
    markers and surrounding punctuation, quotes and brackets removed."""
    if value is None:
        return None
    text = value.replace("**", "").replace("\\", "")
    text = re.sub(r"(?<!\w)[*_]|[*_](?!\w)", "", text)
    text = fold(text).strip(_EDGE)
    return text or None


def normalise_pages(value: str | None) -> str | None:
    """Page ranges with any dash as '-', no spaces, no 'pp.'/'p.'."""
    if value is None:
        return None
    text = re.sub(r"^(?:pp?\.?\s*)", "", value.strip(), flags=re.IGNORECASE)
    text = _DASHES.sub("-", text).replace(" ", "").strip(_EDGE + "-")
    return text.casefold() or None


def normalise_url(value: str | None) -> str | None:
    """Web addresses without surrounding brackets and trailing punctuation or '/'; the
    scheme and host folded to lower case; one written without its scheme ('www.gov.uk/...')
    with the 'https://' that the readers give it (a labelled span holds the text as written)."""
    if value is None:
        return None
    text = value.strip()
    while text and (text[0] in "<(" or text[-1] in ">.,;:)]/"):
        text = text[1:] if text[0] in "<(" else text[:-1]
    text = with_scheme(text)
    match = re.match(r"^([a-z][a-z0-9+.-]*://)?([^/]*)(.*)$", text, re.IGNORECASE)
    if match is None:  # pragma: no cover - the pattern matches any string
        return text or None
    scheme, host, rest = match.groups()
    return ((scheme or "").lower() + host.lower() + rest) or None


def normalise_doi(value: str | None) -> str | None:
    """DOIs lower-cased, without 'doi:' or a doi.org address in front or punctuation after."""
    if value is None:
        return None
    text = _DOI_PREFIX.sub("", value.strip().strip("<>")).strip().rstrip(".,;:)]").lower()
    return text or None


def year_of(value: str | None) -> int | None:
    """The first year (1500-2099) in a date text; None for 'n.d.' and the like."""
    if value is None:
        return None
    match = _YEAR.search(value)
    return int(match.group(1)) if match else None


def family_names(author_text: str | None) -> tuple[str, ...] | None:
    """The folded family names (with particles; an organisation's whole name) in a gold author
    span, split by the project's name grammar (jtd_evidence.parsing.names.parse_names);
    'et al.' is dropped."""
    if author_text is None:
        return None
    text = author_text.replace("*", "")
    people = parse_names(text).people
    names = tuple(fold(p.full_family).strip(_EDGE) for p in people)
    return names or None


# --- gold and predicted fields ---------------------------------------------------------


def gold_fields(reference: LabelledReference, families: tuple[str, ...] | None = None) -> dict[str, object]:
    """The scored fields of a labelled reference: each from the first span with its label
    (authors: all author spans, joined, split by the name grammar unless ``families`` gives
    them), normalised."""
    first: dict[Label, str] = {}
    authors: list[str] = []
    for label, text in reference.fields():
        if label is Label.AUTHOR:
            authors.append(text)
        first.setdefault(label, text)
    return {
        "author": (
            tuple(fold(f).strip(_EDGE) for f in families)
            if families
            else family_names(", ".join(authors) if authors else None)
        ),
        "year": year_of(first.get(Label.DATE)),
        "title": normalise_text(first.get(Label.TITLE)),
        "container-title": normalise_text(first.get(Label.CONTAINER)),
        "volume": normalise_text(first.get(Label.VOLUME)),
        "issue": normalise_text(first.get(Label.ISSUE)),
        "pages": normalise_pages(first.get(Label.PAGES)),
        "publisher": normalise_text(first.get(Label.PUBLISHER)),
        "url": normalise_url(first.get(Label.URL)),
        "doi": normalise_doi(first.get(Label.DOI)),
    }


def predicted_fields(entry: object | None) -> dict[str, object]:
    """The scored fields of a parser's entry (None: nothing was read), normalised as the gold."""
    if entry is None:
        return dict.fromkeys(FIELDS)
    authors = tuple(fold(p.full_family).strip(_EDGE) for p in getattr(entry, "authors", ()))
    return {
        "author": authors or None,
        "year": getattr(entry, "year", None),
        "title": normalise_text(getattr(entry, "title", None)),
        "container-title": normalise_text(getattr(entry, "container_title", None)),
        "volume": normalise_text(getattr(entry, "volume", None)),
        "issue": normalise_text(getattr(entry, "issue", None)),
        "pages": normalise_pages(getattr(entry, "pages", None)),
        "publisher": normalise_text(getattr(entry, "publisher", None)),
        "url": normalise_url(getattr(entry, "url", None)),
        "doi": normalise_doi(getattr(entry, "doi", None)),
    }


# --- scoring ----------------------------------------------------------------------------


@dataclass(frozen=True)
class DevReference:
    reference: LabelledReference
    subset: str
    where: str  # file:line
    families: tuple[str, ...] | None = None  # from an '# authors:' line: the gold family names


@dataclass
class Score:
    """Counts for one subset."""

    references: int = 0
    fully_right: int = 0
    correct: dict[str, int] = field(default_factory=lambda: dict.fromkeys(FIELDS, 0))
    total: dict[str, int] = field(default_factory=lambda: dict.fromkeys(FIELDS, 0))

    def add(self, gold: dict[str, object], predicted: dict[str, object]) -> list[str]:
        """Count one reference; the names of its wrong fields."""
        wrong = []
        for name in FIELDS:
            g, p = gold[name], predicted[name]
            if g is None and p is None:
                continue
            self.total[name] += 1
            if g == p:
                self.correct[name] += 1
            else:
                wrong.append(name)
        self.references += 1
        self.fully_right += not wrong
        return wrong

    @property
    def accuracy(self) -> float:
        counted = sum(self.total.values())
        return sum(self.correct.values()) / counted if counted else 1.0

    @property
    def full_share(self) -> float:
        return self.fully_right / self.references if self.references else 1.0


def read_dev(directory: Path) -> list[DevReference]:
    """The labelled references in ``directory/*.tagged`` (sorted by file name): see
    :func:`read_labelled`."""
    return [item for path in sorted(directory.glob("*.tagged")) for item in read_labelled(path)]


def read_labelled(path: Path) -> list[DevReference]:
    """The labelled references of one ``.tagged`` file, each with its subset (from the last
    ``# subset:`` line above it) and, where an ``# authors: Family | Family`` line stands right
    above it, its gold family names (for author lists the name grammar would split wrongly)."""
    found = []
    subset = None
    families = None
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        stripped = line.strip()
        if not stripped:
            continue
        if stripped.startswith("#"):
            override = _AUTHORS_LINE.match(stripped)
            if override:
                families = tuple(name.strip() for name in override.group(1).split("|") if name.strip())
                continue
            match = _SUBSET_LINE.match(stripped)
            if match:
                subset = match.group(1)
                if subset not in SUBSETS:
                    raise SystemExit(f"{path.name}:{number}: unknown subset {subset!r}")
            continue
        if subset is None:
            raise SystemExit(f"{path.name}:{number}: no '# subset:' line above this reference")
        reference = parse_tagged(line, path.name, number)
        found.append(DevReference(reference, subset, f"{path.name}:{number}", families))
        families = None
    return found


def load_parser(spec: str) -> Callable[[str], object]:
    module_name, _, function_name = spec.partition(":")
    if not function_name:
        raise SystemExit(f"--parser wants MODULE:FUNCTION, not {spec!r}")
    return getattr(importlib.import_module(module_name), function_name)


def run_parser(parser: Callable[[str], object], text: str) -> object | None:
    try:
        result = parser(text)
    except Exception:
        return None
    return getattr(result, "entry", result)


def score(
    references: Iterable[DevReference], parser: Callable[[str], object]
) -> tuple[dict[str, Score], list[tuple[DevReference, str, object, object]]]:
    """Scores per subset and for 'all', and the mismatches (reference, field, gold, predicted)."""
    scores = {name: Score() for name in (*SUBSETS, "all")}
    errors = []
    for item in references:
        gold = gold_fields(item.reference, item.families)
        predicted = predicted_fields(run_parser(parser, item.reference.text))
        for name in (item.subset, "all"):
            wrong = scores[name].add(gold, predicted)
        errors.extend((item, name, gold[name], predicted[name]) for name in wrong)
    return scores, errors


def report(results: dict[str, dict[str, Score]]) -> str:
    """One table: for each subset and for all references, each parser's figures side by side."""
    columns = [(c, parser) for c in (*SUBSETS, "all") for parser in results]
    names = {parser: parser.rpartition(":")[2] for parser in results}
    width = max(14, *(len(n) + 2 for n in names.values()))
    group = [c for c, _ in columns]
    heads = [group[0]] + ["" if group[i] == group[i - 1] else group[i] for i in range(1, len(group))]
    lines = ["".ljust(16) + "".join(h[: width - 2].rjust(width) for h in heads)]
    lines.append("field".ljust(16) + "".join(names[p].rjust(width) for _, p in columns))
    lines.append(
        "references".ljust(16) + "".join(str(results[p][c].references).rjust(width) for c, p in columns)
    )
    lines.append(
        "field accuracy".ljust(16) + "".join(f"{results[p][c].accuracy:.3f}".rjust(width) for c, p in columns)
    )
    lines.append(
        "fully right".ljust(16)
        + "".join(
            f"{results[p][c].full_share:.2f} ({results[p][c].fully_right})".rjust(width) for c, p in columns
        )
    )
    for name in FIELDS:
        cells = []
        for c, p in columns:
            total, correct = results[p][c].total[name], results[p][c].correct[name]
            share = f"{correct / total:.2f}" if total else "-"
            cells.append(f"{share} {correct}/{total}".rjust(width))
        lines.append(f"  {name}".ljust(16) + "".join(cells))
    return "\n".join(lines)


PARSERS = (
    "jtd_evidence.parsing.reference:read_with_grammar",
    "jtd_evidence.parsing.reference:read_reference",
)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--parser",
        action="append",
        help="MODULE:FUNCTION taking a reference's text, returning an Entry; give it more than once "
        "to compare (default: the grammar and the learned model side by side)",
    )
    parser.add_argument("--errors", action="store_true", help="list every wrong field (of the last parser)")
    parser.add_argument("--dev", type=Path, default=DEV, help=f"folder of .tagged files (default {DEV})")
    args = parser.parse_args(argv)

    references = read_dev(args.dev)
    results: dict[str, dict[str, Score]] = {}
    errors: list[tuple[DevReference, str, object, object]] = []
    for spec in args.parser or PARSERS:
        results[spec], errors = score(references, load_parser(spec))
    where = args.dev.resolve()
    shown = where.relative_to(ROOT) if where.is_relative_to(ROOT) else where
    print(f"development set: {len(references)} references in {shown}")
    for spec in results:
        print(f"parser {spec.rpartition(':')[2]}: {spec}")
    print(report(results))
    if args.errors:
        print("\nmismatches (file:line field: gold | predicted):")
        for item, name, gold, predicted in errors:
            print(f"{item.where} {name}: {gold!r} | {predicted!r}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
