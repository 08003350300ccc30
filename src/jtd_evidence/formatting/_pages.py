r"""Page ranges and page locators as citeproc-js prints them (CSL 1.0.2 "Page Ranges").

A range is two numbers joined by a hyphen or dash, each a run of digits after an optional
prefix that ends in a letter ("N110", "8n11564"), or two roman numerals ("i-ix"). It is a range
only when both numbers have the same prefix ("N110-N5" is, "N110-5" and "110-N6" are not); a
hyphen escaped with a backslash (``3\-B``) never joins one. A range is
printed with the locale's ``page-range-delimiter`` (an en dash by default) and its second
number in the style's ``page-range-format``; anything else keeps its hyphen, spaces around
it dropped.

    >>> page_range("110-5", "expanded")
    '110–115'
    >>> page_range("1496-1500", "chicago"), page_range("1496-1500", "chicago-16")
    ('1496–1500', '1496–500')
    >>> page_range("n11564 - n11568, N110 - 5, 3\\-B", "minimal")
    'n11564–8, N110-5, 3-B'
    >>> is_plural("327\\-30"), is_plural("i-ix"), is_plural("213 & 235"), is_plural("Michaelson-Morely")
    (False, True, True, False)
"""

from __future__ import annotations

import re
from typing import Any

from jtd_evidence.formatting._host import VariableElement

__all__ = ["PageNumbers", "is_plural", "page_range"]

EN_DASH = "\u2013"
_NUMBER = r"(?:[0-9]*[A-Za-z]+)?[0-9]+|[ivxlcdm]+|[IVXLCDM]+"
_RANGE = re.compile(rf"(?<![\w\\])({_NUMBER})\s*([-\u2013])\s*({_NUMBER})(?!\w)")
_SPLIT = re.compile(r"^(.*?)([0-9]+)$")
_LIST = re.compile(r"\d+[^\d.]+\d+")  # two numbers with a list or range between (not a dotted "2.0")


def page_range(value: str, range_format: str | None, delimiter: str = EN_DASH, and_symbol: str = "&") -> str:
    """``value`` (page numbers, ranges, lists) with its ranges in ``range_format`` ("expanded",
    "minimal", "minimal-two", "chicago" or "chicago-15", "chicago-16"; None: the numbers as given)."""

    def one(match: re.Match[str]) -> str:
        first, dash, last = match.groups()
        formatted = _format(first, last, range_format)
        return f"{first}{delimiter}{formatted}" if formatted is not None else f"{first}{dash}{last}"

    text = _RANGE.sub(one, value)
    text = re.sub(r"\s*&\s*", f" {and_symbol} ", text) if "&" in text else text
    return text.replace("\\-", "-")


def is_plural(value: str) -> bool:
    """Whether page numbers or a locator name more than one page: a range or a list ("213 and
    235"); numbers joined by an escaped hyphen are one."""
    return any(_format(m.group(1), m.group(3), None) is not None for m in _RANGE.finditer(value)) or bool(
        _LIST.search(value.replace("\\-", ""))
    )


def _format(first: str, last: str, range_format: str | None) -> str | None:
    """The second number of a range as printed, or None when the two do not make a range."""
    if first.isalpha() or last.isalpha():  # roman numerals: both, printed as given
        return last if first.isalpha() and last.isalpha() else None
    head, start = _split(first)
    other_head, end = _split(last)
    if other_head != head:
        return None
    if len(end) < len(start):  # "110-5" is 110 to 115
        end = start[: len(start) - len(end)] + end
    if range_format is None or int(end) <= int(start):
        return last
    if range_format == "expanded":
        return head + end
    return _shortened(start, end, range_format)


def _split(number: str) -> tuple[str, str]:
    match = _SPLIT.match(number)
    assert match is not None
    return match.group(1), match.group(2)


def _shortened(start: str, end: str, range_format: str) -> str:
    """The end of the range start-end (start < end, both digits) in a shortening format."""
    if range_format in ("chicago", "chicago-15", "chicago-16"):
        begin = int(start)
        if begin < 100 or begin % 100 == 0:
            return end
        two = _minimal(start, end, 2)
        if range_format != "chicago-16" and len(start) == 4 and len(two) >= 3:
            return end  # Chicago 15th: four digits of which three change are printed in full
        return _minimal(start, end, 1) if begin % 100 < 10 else two
    if range_format == "minimal-two":
        return _minimal(start, end, 2)
    if range_format == "minimal":
        return _minimal(start, end, 1)
    return end


def _minimal(start: str, end: str, keep: int) -> str:
    """``end`` without the leading digits it shares with ``start``, keeping at least ``keep``."""
    if len(start) != len(end):
        return end
    same = 0
    while same < len(end) and start[same] == end[same]:
        same += 1
    return end[min(same, max(len(end) - keep, 0)) :]


class PageNumbers(VariableElement):
    """Mixin for citeproc-py's Text, Number and Label: the page variable and a page locator
    as :func:`page_range` prints them, and their labels plural as :func:`is_plural` says."""

    def page_text(self, value: str) -> str:
        element: Any = self
        delimiter = element.get_single_term(name="page-range-delimiter") or EN_DASH
        symbol = element.get_single_term(name="and", form="symbol") or "&"
        return page_range(value, element.get_root().get_option("page-range-format"), delimiter, symbol)

    def _process(self, value: Any, variable: str) -> Any:  # citeproc-py's FormatNumber._process
        if variable == "page":
            return self.page_text(str(value))
        return super()._process(value, variable)

    def _variable(self, item: Any, context: Any) -> Any:  # citeproc-py's Text._variable
        element: Any = self
        if element.get("variable") == "locator" and item.has_locator:
            identifier = str(item.locator.identifier).strip()
            if item.locator.label == "page":
                return self.page_text(identifier)
            return page_range(identifier, None)  # ranges with an en dash, as the page variable
        return super()._variable(item, context)

    def _is_plural(self, item: Any) -> bool:  # citeproc-py's Label._is_plural
        element: Any = self
        variable = element.get("variable")
        if variable == "locator" and item.has_locator:
            return is_plural(str(item.locator.identifier))
        if variable == "page" and "page" in item.reference:
            return is_plural(str(item.reference.page))
        if variable.startswith("number-of-"):  # upstream reads the cite, not the item, and raises
            value = str(item.reference.get(variable.replace("-", "_"), "")).strip()
            return value.isdigit() and int(value) > 1
        return bool(super()._is_plural(item))
