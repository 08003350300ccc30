"""Dates as citeproc-js reads and prints them, where citeproc-py differs.

Reading (:func:`clean_date`, on a CSL-JSON date before citeproc-py parses it): date parts
given as text are numbers and empty parts are absent; a month of 13 to 24 is a season
(13, 17 and 21 are spring, ..., 24 is winter), any other month outside 1 to 12 is dropped
with its day; a date with no parts but a ``raw`` or ``literal`` text prints that text.

Printing (:class:`DateRanges`, mixed into the cs:date element): a range joins its begin
and end with the ``range-delimiter`` of the largest date part that differs (an en dash by
default), prints the parts they share once, and handles seasons.

    >>> clean_date({"date-parts": [["1999", "22"], ["2001", "21"]]})
    {'date-parts': [[1999], [2001]], 'seasons': [2, 1]}
    >>> clean_date({"date-parts": [["2000", "", ""]]}), clean_date({"date-parts": [], "raw": "Bogus Date"})
    ({'date-parts': [[2000]]}, {'literal': 'Bogus Date'})
    >>> clean_date({"date-parts": [[1965, 60, 1]]})
    {'date-parts': [[1965]]}
"""

from __future__ import annotations

from typing import Any

from citeproc.string import String

__all__ = ["DATE_VARIABLES", "DateRanges", "clean_date", "set_seasons"]

DATE_VARIABLES = ("issued", "accessed", "event-date", "original-date", "submitted", "available-date")
EN_DASH = "\u2013"
_ORDER = ("year", "month", "day")  # most significant first


def clean_date(value: Any) -> Any:
    """A CSL-JSON date as citeproc-js reads it (see the module docstring); ``seasons`` holds
    the season of each date of a range whose month was a season."""
    if not isinstance(value, dict):
        return value
    parts = value.get("date-parts")
    if not parts or not isinstance(parts, list) or not any(parts):
        text = value.get("literal") or value.get("raw")
        return {"literal": str(text)} if text else value
    out = {k: v for k, v in value.items() if k not in ("date-parts", "raw")}
    dates: list[list[int]] = []
    seasons: list[int] = []
    for date in parts:
        numbers: list[int] = []
        for part in date if isinstance(date, list) else [date]:
            number = _number(part)
            if number is None:  # an empty part ends the date
                break
            numbers.append(number)
        season = 0
        if len(numbers) > 1 and not 1 <= numbers[1] <= 12:
            season = (numbers[1] - 13) % 4 + 1 if 13 <= numbers[1] <= 24 else 0
            numbers = numbers[:1]
        dates.append(numbers)
        seasons.append(season)
    out["date-parts"] = dates
    if any(seasons):
        if len(dates) == 1:
            out["season"] = seasons[0]
        else:
            out["seasons"] = seasons
    return out


def set_seasons(reference: Any, item: dict[str, Any]) -> None:
    """The seasons :func:`clean_date` found in a range, set on the begin and end dates citeproc-py made."""
    for variable in DATE_VARIABLES:
        value = item.get(variable)
        if not isinstance(value, dict) or "seasons" not in value:
            continue
        found = reference.get(variable.replace("-", "_"))
        for date, season in zip(
            (getattr(found, "begin", None), getattr(found, "end", None)), value["seasons"], strict=False
        ):
            if date is not None and season:
                date["season"] = season


def _number(part: Any) -> int | None:
    if isinstance(part, int):
        return part
    try:
        return int(str(part).strip())
    except ValueError:
        return None


def _part(date: Any, name: str) -> Any:
    if name == "month":
        return date.get("month", date.get("season"))
    return date.get(name)


class DateRanges:
    """Mixin for citeproc-py's cs:date: date ranges as citeproc-js prints them."""

    def render_date_range(self, date_range: Any, show_parts: Any = None, context: Any = None) -> Any:
        element: Any = self
        shown = [p for p in _ORDER if p in (show_parts or _ORDER)]
        begin, end = date_range.begin, date_range.end
        if end.is_nil():  # an open range: "1987–"
            text = element.render_single_date(begin, list(shown), context)
            return String(str(text).rstrip()) + EN_DASH if text else None
        differing = next((p for p in shown if _part(begin, p) != _part(end, p)), None)
        if differing is None:
            return element.render_single_date(begin, list(shown), context)
        varying = set(shown[shown.index(differing) :])
        order = [name for name in _names(element, context) if name in shown]
        run = [i for i, name in enumerate(order) if name in varying]
        before, after = order[: run[0]], order[run[-1] + 1 :]
        first = element.render_single_date(begin, [order[i] for i in run], context)
        last = element.render_single_date(end, [order[i] for i in run], context)
        if not first or not last:
            return None
        suffix = _attribute(element, context, order[run[-1]], "suffix")
        first = str(first)
        if suffix and first.endswith(suffix):
            first = first[: -len(suffix)]
        pieces = [element.render_single_date(end, before, context) if before else None]
        pieces.append(
            String(first.rstrip())
            + _attribute(element, context, differing, "range-delimiter", EN_DASH)
            + last
        )
        pieces.append(element.render_single_date(end, after, context) if after else None)
        return _joined(element, context, [piece for piece in pieces if piece])

    def render_single_date(self, date: Any, show_parts: Any = None, context: Any = None) -> Any:
        element: Any = self
        parts = (
            element.parts(date, show_parts, context)
            if context != element
            else element.parts(date, show_parts)
        )
        return _joined(element, context, parts) if parts else None


def _joined(element: Any, context: Any, parts: list[Any]) -> Any:
    """Date parts joined by the style's date delimiter, else (a localized date) the locale's."""
    if not element.is_locale_date() or context is None:
        return element.join(parts)
    return context.join(parts, element.get("delimiter", ""))


def _names(element: Any, context: Any) -> list[str]:
    """The date's parts in the order it prints them."""
    return [str(child.get("name")) for child in element.iterchildren() if child.get("name") in _ORDER]


def _attribute(element: Any, context: Any, name: str, attribute: str, default: str = "") -> str:
    """An attribute of the date part ``name``, as the style's date overrides the locale's."""
    for date in (context, element):
        if date is None:
            continue
        for child in date.iterchildren():
            if child.get("name") == name and child.get(attribute) is not None:
                return str(child.get(attribute))
    return default
