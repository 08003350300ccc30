"""Added names and year suffixes decided as citeproc-js decides them.

citeproc-js (``CSL.Disambiguation`` in citeproc-js 2.4) does not simply give every set of
identical citations its own suffixes. It first groups items whose citations read the same
*before* any disambiguation (no added names, no initials: the "ambiguous cite"), then
works through each group with a list of items and a forward-only counter of names shown:

* the first item of the list is compared with the others (with initials as the name
  registry gives them); those that read the same are its partners;
* while names can be added, the counter grows one name at a time; an item that no longer
  clashes is settled with the names that settled it, and the list shrinks;
* when names are exhausted, the list is split into the first item's partners and the rest,
  and year suffixes are given to *every* item of a list whose first item still clashes,
  in bibliography order, and to no item of a list whose first item does not.

So a group "Godar (2024)" holding E. Godar twice, G. Godar twice and one I. Godar gives
2024a/2024b to E. Godar's works only (G. Godar's pair lands in a list whose first item,
I. Godar, clashes with nothing), and "Brodie (2007)" holding C. Brodie once and J. J. Brodie
twice gives C. Brodie 2007a. Zotero shows exactly this, so :class:`Run` replays it.

Only the name-count dimension of citeproc-js's counter is replayed; initials follow the
global given-name rules (``primary-name``, ``all-names``...), which do not depend on the
counter. Styles that disambiguate given names "by-cite" are handled by the engine itself.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass, field
from typing import Generic, TypeVar

__all__ = ["Config", "Run", "ambiguity_groups"]

T = TypeVar("T", bound=Hashable)


@dataclass
class Config:
    """citeproc-js's disambiguation settings of one cite: names shown per name variable, year suffix."""

    names: list[int] = field(default_factory=list)
    year_suffix: int | None = None

    def clone(self) -> Config:
        return Config(list(self.names), self.year_suffix)


def ambiguity_groups(items: Sequence[T], plain: Callable[[T], str]) -> list[list[T]]:
    """Items whose plain citation (no disambiguation) reads the same, in input order; groups of two or more."""
    groups: dict[str, list[T]] = {}
    for item in items:
        groups.setdefault(plain(item), []).append(item)
    return [group for group in groups.values() if len(group) > 1]


def _js_array_text(values: list[int]) -> str:
    """How JavaScript compares arrays with < and >: as their comma-joined text."""
    return ",".join(str(v) for v in values)


class Run(Generic[T]):
    """One citeproc-js disambiguation run over a group of items with the same plain citation.

    ``cite(item, names)`` renders an item's citation showing ``names`` names per name variable
    (no year suffix); ``shown(item)`` gives the names its plain citation shows and
    ``names_max(item)`` how many each of its name variables holds; ``item_id`` is the id
    citeproc-js orders by and ``position`` the item's place in the bibliography. After
    :meth:`run`, :attr:`settled` holds the settings citeproc-js registered for each item it
    settled (others keep their plain settings).
    """

    def __init__(
        self,
        group: Sequence[T],
        *,
        cite: Callable[[T, list[int]], str],
        shown: Callable[[T], list[int]],
        names_max: Callable[[T], list[int]],
        item_id: Callable[[T], str],
        position: Callable[[T], int],
        add_names: bool,
        add_year_suffix: bool,
    ) -> None:
        self.group = list(group)
        self._cite = cite
        self._position = position
        self.add_names = add_names
        self.modes = [m for m, on in (("names", add_names), ("years", add_year_suffix)) if on]
        self.settled: dict[T, Config] = {}
        self._order = {item: i for i, item in enumerate(self.group)}  # citeproc-js's submission order
        self._max = {item: names_max(item) for item in self.group}
        self._ids = {item: item_id(item) for item in self.group}
        self._shown = shown

    def run(self) -> dict[T, Config]:
        if len(self.group) < 2 or not self.modes:
            return self.settled
        first = self.group[0]
        self.base = Config(list(self._shown(first)))
        self.better = self.base.clone()
        self.namesets_max = len(self.base.names) - 1
        ordered = sorted(self.group, key=lambda item: (_js_array_text(self._max[item]), self._ids[item]))
        self.lists: list[tuple[Config, list[T]]] = [(self.base, ordered)]
        leader = self._max[ordered[0]]
        self.names_limit: int | None = leader[0] if leader else None
        self.mode = 0
        self.init_givens = True
        while self.lists:
            self.gnameset = 0
            self.gname = 0
            self.clashes = [1, 0]
            while self.lists[0][1]:
                self.listpos = 0
                maxed = self._increment()
                self._scan(self.lists[0])
                self._evaluate(maxed)
            self.lists = self.lists[1:]
        return self.settled

    # -- citeproc-js's steps -------------------------------------------------------------
    def _register(self, item: T, config: Config) -> None:
        self.settled[item] = config.clone()

    def _increment(self) -> bool:
        if self.init_givens:
            self.init_givens = False
            return False
        if self.modes[self.mode] != "names":
            return False
        next_nameset = self.names_limit is None
        if self.names_limit is not None:
            if self.add_names and self.gname < self.names_limit:
                self.base.names[self.gnameset] += 1
                self.gname += 1
                next_nameset = False
            else:
                next_nameset = True
        if next_nameset and self.gnameset < self.namesets_max:
            self.gnameset += 1
            self.base.names[self.gnameset] = 1
            self.gname = 0
        return (self.namesets_max == -1 or self.gnameset == self.namesets_max) and (
            not self.add_names or self.names_limit is None or self.gname == self.names_limit
        )

    def _scan(self, entry: tuple[Config, list[T]]) -> None:
        items = entry[1]
        leader = items[0]
        text = self._cite(leader, list(self.base.names))
        self.partners = [leader]
        self.others: list[T] = []
        for other in items[1:]:
            (self.partners if self._cite(other, list(self.base.names)) == text else self.others).append(other)
        self.clashes = [self.clashes[1], len(self.partners) - 1]

    def _evaluate(self, maxed: bool) -> None:
        if self.modes[self.mode] == "names":
            self._names(maxed)
        else:
            self._years()
        if maxed:
            if self.mode < len(self.modes) - 1:
                self.mode += 1
            else:
                self._set(self.listpos + 1, (self.base, []))

    def _set(self, index: int, entry: tuple[Config, list[T]]) -> None:
        if index < len(self.lists):
            self.lists[index] = entry
        else:
            self.lists.append(entry)

    def _capture(self) -> None:
        self.better.names[self.gnameset] = self.base.names[self.gnameset]

    def _names(self, maxed: bool) -> None:
        clashes, partners, others = self.clashes[1], self.partners, self.others
        if clashes == 0 and len(others) == 1:
            self._capture()
            self._register(others[0], self.better)
            self._register(partners[0], self.better)
            self.lists[self.listpos] = (self.better, [])
        elif clashes == 0:
            self._capture()
            self._register(partners[0], self.better)
            self.lists[self.listpos] = (self.better, others)
            if others:
                self.init_givens = True
        elif len(others) == 1:
            self._capture()
            self._register(others[0], self.better)
            self.lists[self.listpos] = (self.better, partners)
        elif clashes < self.clashes[0]:
            self._capture()
            self.lists[self.listpos] = (self.better, partners)
            self.lists.append((self.better, others))
        elif maxed:
            self.lists[self.listpos] = (self.better, others)
            self.lists.append((self.better, partners))
            if self.mode == len(self.modes) - 1:
                for item in partners:
                    self._register(item, self.better)
                self.lists[self.listpos] = (self.better, [])

    def _years(self) -> None:
        config, items = self.lists[self.listpos]
        tokens = sorted(items, key=self._order.__getitem__) if self.clashes[1] else []
        for suffix, item in enumerate(sorted(tokens, key=self._position)):
            config.year_suffix = suffix
            self._register(item, config)
        self.lists[self.listpos] = (self.better, [])
