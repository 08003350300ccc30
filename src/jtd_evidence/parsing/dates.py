"""Dates in references: the date block after the authors, and 'Accessed' / 'Retrieved' dates."""

from __future__ import annotations

import datetime as _dt
import re
from dataclasses import dataclass

MONTHS = {
    name: number
    for number, names in enumerate(
        [
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ],
        start=1,
    )
    for name in names
}
_MONTH = r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sept?(?:ember)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?"
_YEAR = r"(?:1[89]\d\d|20\d\d)"
_NO_DATE = r"(?:n\.\s?d\.?|n\.d|nd|no date|undated|in press|forthcoming)"

# "(2021)", "(2021a)", "(2021 a)", "(2021, May 3)", "(2021, 3 May)", "(n.d.)", "[2019]", "(2020/2021)"
DATE_BLOCK = re.compile(
    rf"[(\[]\s*(?:(?P<year>{_YEAR})(?:\s*[/–-]\s*\d{{2,4}})?(?:\s?(?P<suffix>[a-z]))?"
    rf"(?:\s*,\s*(?P<extra>[^)\]]{{1,30}}))?|(?P<nodate>{_NO_DATE}))\s*[)\]]",
    re.IGNORECASE,
)
A_YEAR = re.compile(r"\b(?:1[5-9]|20)\d\d\b")
"""A year standing as a word anywhere in a text ('Report 2019', '(2020)'), 1500 to 2099: what
the reader's rules look for where a year says a span is no name or title."""
# Harvard without brackets: "Smith, J. 2020. Title" / "Smith, J., 2020, Title"
BARE_YEAR = re.compile(rf"(?<=[.,])\s+(?P<year>{_YEAR})(?P<suffix>[a-z])?\s*[.,:]\s+")

_DAY_MONTH = re.compile(rf"^(?P<day>\d{{1,2}})(?:st|nd|rd|th)?\s+(?P<month>{_MONTH})$", re.I)
_MONTH_DAY = re.compile(rf"^(?P<month>{_MONTH})\s+(?P<day>\d{{1,2}})(?:st|nd|rd|th)?$", re.I)
_MONTH_ONLY = re.compile(rf"^(?P<month>{_MONTH})(?:\s*[/–-]\s*{_MONTH})?$", re.I)

# Any full date: "1 May 2021", "May 1, 2021", "2021-05-01", "01/05/2021" (UK order), "1st May 2021"
_FULL_DATE = re.compile(
    rf"(?P<d1>\d{{1,2}})(?:st|nd|rd|th)?\s+(?P<m1>{_MONTH}),?\s+(?P<y1>{_YEAR})"
    rf"|(?P<m2>{_MONTH})\s+(?P<d2>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<y2>{_YEAR})"
    rf"|(?P<y3>{_YEAR})-(?P<m3>\d{{1,2}})-(?P<d3>\d{{1,2}})"
    rf"|(?P<d4>\d{{1,2}})[/.](?P<m4>\d{{1,2}})[/.](?P<y4>{_YEAR})"
    rf"|(?P<y5>{_YEAR})\s+(?P<m5>{_MONTH})\s+(?P<d5>\d{{1,2}})\b"
    rf"|(?P<d6>\d{{1,2}})-(?P<m6>{_MONTH})-(?P<y6>{_YEAR})",
    re.IGNORECASE,
)
# An access date with its year in two digits: "09/03/21", "9.3.21", "09 03 21", "15 April 21"
_SHORT_DATE = re.compile(
    rf"(?<![\d/.])(?P<d>\d{{1,2}})(?P<sep>[/. ])(?P<m>\d{{1,2}})(?P=sep)(?P<y>\d\d)\b(?![/.]\d)"
    rf"|\b(?P<dn>\d{{1,2}})\s+(?P<mn>{_MONTH})\s+(?P<yn>\d\d)\b",
    re.IGNORECASE,
)
ACCESSED = re.compile(
    rf"[(\[]?\s*(?:last\s+)?(?:accessed|viewed|retrieved|cited|consulted)(?:\s+on)?\s*:?\s*"
    rf"(?P<date>{_FULL_DATE.pattern}|{_SHORT_DATE.pattern})\s*[)\]]?\.?(?:,?\s*from\b:?)?",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class DateBlock:
    """The publication date read from a reference."""

    start: int
    end: int
    year: int | None
    suffix: str | None = None
    month: int | None = None
    day: int | None = None
    status: str | None = None  # 'in press', 'forthcoming' and the like


def _month(text: str) -> int:
    return MONTHS[text.lower().rstrip(".")]


def _month_day(extra: str | None) -> tuple[int | None, int | None]:
    if not extra:
        return None, None
    extra = extra.strip()
    for pattern in (_DAY_MONTH, _MONTH_DAY):
        match = pattern.match(extra)
        if match:
            return _month(match["month"]), int(match["day"])
    match = _MONTH_ONLY.match(extra)
    if match:
        return _month(match["month"]), None
    return None, None


def find_date_block(text: str, start: int = 0) -> DateBlock | None:
    """The first bracketed date in ``text`` at or after ``start``."""
    match = DATE_BLOCK.search(text, start)
    if not match:
        return None
    if match["nodate"]:
        status = match["nodate"].lower()
        status = status if status in ("in press", "forthcoming") else None
        return DateBlock(match.start(), match.end(), None, status=status)
    month, day = _month_day(match["extra"])
    if day is not None:
        try:
            _dt.date(int(match["year"]), month or 1, day)
        except ValueError:
            month, day = None, None
    return DateBlock(match.start(), match.end(), int(match["year"]), match["suffix"], month, day)


def parse_full_date(text: str) -> _dt.date | None:
    """A calendar date written any of the usual ways, or None."""
    match = _FULL_DATE.search(text)
    if not match:
        return None
    groups = match.groupdict()
    try:
        if groups["y1"]:
            return _dt.date(int(groups["y1"]), _month(groups["m1"]), int(groups["d1"]))
        if groups["y2"]:
            return _dt.date(int(groups["y2"]), _month(groups["m2"]), int(groups["d2"]))
        if groups["y3"]:
            return _dt.date(int(groups["y3"]), int(groups["m3"]), int(groups["d3"]))
        if groups["y5"]:
            return _dt.date(int(groups["y5"]), _month(groups["m5"]), int(groups["d5"]))
        if groups["y6"]:
            return _dt.date(int(groups["y6"]), _month(groups["m6"]), int(groups["d6"]))
        return _numeric_date(int(groups["y4"]), int(groups["m4"]), int(groups["d4"]))
    except (ValueError, KeyError):
        return None


def _numeric_date(year: int, month: int, day: int) -> _dt.date:
    """A date written in numbers, day first as in the UK; month first where the second number is
    over 12 and the first is not (``12/25/2020``, American)."""
    if month > 12 >= day:
        month, day = day, month
    return _dt.date(year, month, day)


def parse_accessed(text: str) -> _dt.date | None:
    """The date a page was read on, written any of the usual ways (:func:`parse_full_date`) or
    with its year in two digits (``09/03/21``, ``15 April 21``: a web page was read in this
    century), or None."""
    found = parse_full_date(text)
    if found is not None:
        return found
    match = _SHORT_DATE.search(text)
    if not match:
        return None
    try:
        if match["y"]:
            return _numeric_date(2000 + int(match["y"]), int(match["m"]), int(match["d"]))
        return _dt.date(2000 + int(match["yn"]), _month(match["mn"]), int(match["dn"]))
    except (ValueError, KeyError):
        return None
