"""Conditions (cs:choose, cs:if, cs:else-if) answered without exceptions, memoised by item shape."""

from __future__ import annotations

import re
from typing import Any

from citeproc import model

from jtd_evidence.formatting._host import ConditionElement
from jtd_evidence.formatting._reads import TracedReference, note
from jtd_evidence.formatting._state import CSL_NS, render_state

__all__ = ["AMBIGUOUS", "Choose", "Else_If", "If"]

AMBIGUOUS = "jtd-ambiguous"
"""Field the engine sets on a reference whose plain citation reads as another's (cs:if disambiguate):
how many ``disambiguate="true"`` tests, in the order a cite evaluates them, hold for it."""


def _disambiguate(item: Any) -> bool:
    """citeproc-js's incremental disambiguate="true": the first n tests evaluated in a cite hold."""
    level = item.reference.get(AMBIGUOUS)
    state = render_state()
    if level and state.disambiguate_count < level:
        state.disambiguate_count += 1
        return True
    return False


class _Condition(ConditionElement):
    """cs:if and cs:else-if: the tests an element makes are listed once; ``holds`` answers
    without raising (citeproc-py raises ConditionFailed for every branch not taken)."""

    _TESTS = ("type", "variable", "is-numeric", "is-uncertain-date", "locator", "position", "disambiguate")

    def _attribute(self, name: str) -> str:
        """The value of an attribute the element has (its test is in the plan)."""
        return self.attrib[name]

    def _plan(self) -> tuple[tuple[str, ...], str | None]:
        plan = self.__dict__.get("_memo_plan")
        if plan is None:
            attrib = self.attrib
            plan = self.__dict__["_memo_plan"] = (
                tuple(test for test in self._TESTS if test in attrib),
                self.get("match"),
            )
            self.__dict__["_memo_by_fields"] = (
                bool(plan[0])
                and set(plan[0]) <= {"type", "variable"}
                and "locator" not in (self.get("variable") or "").split()
            )
            self.__dict__["_memo_holds"] = {}
            # what a memoised answer read: the type, and whether the item has each variable tested
            variables = (self.get("variable") or "").split()
            self.__dict__["_memo_reads"] = (("type", True),) * ("type" in attrib) + tuple(
                (v.replace("-", "_"), False) for v in variables
            )
        return plan

    def holds(self, item: Any, context: Any = None) -> bool:
        memos = self.__dict__
        by_fields = memos.get("_memo_by_fields")
        if by_fields is None:
            self._plan()
            by_fields = memos["_memo_by_fields"]
        if by_fields:
            # type and variable tests only: the answer follows from the item's type and fields
            reference = item.reference
            fields = _fields(reference)
            memo: dict[tuple[Any, frozenset[str]], bool] = memos["_memo_holds"]
            found = memo.get(fields)
            if found is None:
                found = memo[fields] = self._holds(item, context, *memos["_memo_plan"])
            elif type(reference) is TracedReference:
                note(reference, memos["_memo_reads"])  # for the macro memo (_reads)
            return found
        return self._holds(item, context, *memos["_memo_plan"])

    def _holds(self, item: Any, context: Any, tests: tuple[str, ...], match: str | None) -> bool:
        results: list[Any] = []
        for test in tests:
            if test == "type":
                results += self._type(item)
            elif test == "variable":
                results += self._variable(item)
            elif test == "is-numeric":
                results += self._is_numeric(item)
            elif test == "is-uncertain-date":
                results += self._is_uncertain_date(item)
            elif test == "locator":
                results += self._locator(item)
            elif test == "disambiguate":
                results.append(_disambiguate(item))
            else:
                results += self._position(item, context)
        if match == "any":
            return any(results)
        if match == "none":
            return not any(results)
        return all(results)

    def render(self, item: Any, context: Any = None, delimiter: str = "", **kwargs: Any) -> Any:
        if not self.holds(item, context):
            raise model.ConditionFailed
        return self.render_children(item, context=context, delimiter=delimiter, **kwargs)

    def _type(self, item: Any) -> list[bool]:
        types = self.__dict__.get("_memo_types")
        if types is None:
            types = self.__dict__["_memo_types"] = tuple(t.lower() for t in self._attribute("type").split())
        kind = item.reference.type
        return [t == kind for t in types]

    def _variable(self, item: Any) -> list[bool]:
        variables = self.__dict__.get("_memo_variables")
        if variables is None:
            variables = self.__dict__["_memo_variables"] = tuple(
                v.replace("-", "_") for v in self._attribute("variable").split()
            )
        reference = item.reference
        return [("locator" in item) if v == "locator" else (v in reference) for v in variables]

    def _position(self, item: Any, context: Any) -> list[bool]:
        """As citeproc-py, with near-note measured in notes: an earlier cite of the item at most
        near-note-distance (default 5) notes back (citeproc-py reads a style option that does not exist)."""
        positions = self._attribute("position").split()
        if "near-note" not in positions:
            results: list[bool] = model.If._position(self, item, context)  # citeproc-py's own test
            return results
        host = context if context is not None else self
        citation = host.get_layout().getparent()
        if citation.tag != f"{{{CSL_NS}}}citation":
            return [False] * len(positions)
        distance = int(citation.get("near-note-distance", "5"))
        note = vars(item).get("note_number")
        earlier = [cite for cite in citation.cites if cite.key == item.key]
        if note is None:
            near = bool(earlier)
        else:
            near = any(note - vars(cite).get("note_number", note) <= distance for cite in earlier)
        others = [p for p in positions if p != "near-note"]
        found: list[bool] = []
        if others:
            self.set("position", " ".join(others))
            try:
                found = model.If._position(self, item, context)
            finally:
                self.set("position", " ".join(positions))
        return [*found, near]

    def _is_numeric(self, item: Any) -> list[bool]:
        """As citeproc-py, and a cite's locator is tested too (citeproc-py looks for it in the item's fields)."""
        variables = self._attribute("is-numeric").split()
        if "locator" not in variables:
            results: list[bool] = model.If._is_numeric(self, item)  # citeproc-py's own test
            return results
        locator = str(item.locator.identifier) if "locator" in item else ""
        found = [bool(_NUMERIC_LOCATOR.match(locator.strip()))]
        others = [v for v in variables if v != "locator"]
        if others:
            saved = self._attribute("is-numeric")
            self.set("is-numeric", " ".join(others))
            try:
                found += model.If._is_numeric(self, item)
            finally:
                self.set("is-numeric", saved)
        return found


_NUMERIC_LOCATOR = re.compile(r"^[A-Za-z]*\d+[A-Za-z]*(?:\s*(?:[-–,&]|and)\s*[A-Za-z]*\d+[A-Za-z]*)*$")
"""A locator CSL calls numeric: numbers with letters before or after them ("D2", "2b"), in lists and ranges."""


def _fields(reference: Any) -> tuple[Any, frozenset[str]]:
    """An item's type and the fields it has (remembered until a field is added, e.g. a year
    suffix; read past any tracing: the caller notes what its answer read)."""
    found: tuple[int, tuple[Any, frozenset[str]]] | None = reference.__dict__.get("_jtd_fields")
    size = dict.__len__(reference)
    if found is None or found[0] != size:
        found = reference.__dict__["_jtd_fields"] = (
            size,
            (dict.get(reference, "type"), frozenset(dict.keys(reference))),
        )
    return found[1]


class If(_Condition, model.If):
    pass


class Else_If(_Condition, model.Else_If):  # noqa: N801 (citeproc-py's class name)
    pass


class Choose(model.Choose):
    def render(self, item: Any, context: Any = None, delimiter: str = "", **kwargs: Any) -> Any:
        """The first branch whose condition holds (cs:else always does), as citeproc-py."""
        children = self.__dict__.get("_memo_children")  # known_children(), without its call
        if children is None:
            children = self.known_children()
        for child in children:
            if isinstance(child, _Condition):
                if not child.holds(item, context):
                    continue
                return child.render_children(item, context=context, delimiter=delimiter, **kwargs)
            try:
                return child.render(item, context=context, delimiter=delimiter, **kwargs)
            except model.ConditionFailed:
                continue
        return None
