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

With a global given-name rule (``primary-name``, ``all-names``...) initials do not depend
on the run and are given by the caller; with the "by-cite" rule the counter also raises
the given-name level of each name in turn (initials, then the whole given name) before it
adds a name, as citeproc-js does. Rendering a cite for a scan sets the counter's names to
the names that cite shows (citeproc-js renders with the counter itself as settings).
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass, field
from typing import Generic, TypeVar

__all__ = ["Config", "Run", "ambiguity_groups"]

T = TypeVar("T", bound=Hashable)


@dataclass
class Config:
    """citeproc-js's disambiguation settings of one cite: names shown per name variable, the
    given-name level of each shown name (0 none, 1 initials, 2 whole), year suffix."""

    names: list[int] = field(default_factory=list)
    givens: list[list[int]] = field(default_factory=list)
    year_suffix: int | None = None

    def clone(self) -> Config:
        return Config(list(self.names), [list(g) for g in self.givens], self.year_suffix)

    def pad(self) -> None:
        """citeproc-js's padBase: a level (0) for every shown name."""
        for i, count in enumerate(self.names):
            while len(self.givens) <= i:
                self.givens.append([])
            while len(self.givens[i]) < count:
                self.givens[i].append(0)

    def level(self, nameset: int, name: int) -> int | None:
        try:
            return self.givens[nameset][name]
        except IndexError:
            return None


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
        cite: Callable[[T, Config], str],
        shown: Callable[[T], list[int]],
        names_max: Callable[[T], list[int]],
        item_id: Callable[[T], str],
        position: Callable[[T], int],
        add_names: bool,
        add_year_suffix: bool,
        by_cite_givens: bool = False,
    ) -> None:
        self.group = list(group)
        self._cite = cite
        self._position = position
        self.add_names = add_names
        self.givens_max = 2 if by_cite_givens else None
        names_mode = add_names or by_cite_givens
        self.modes = [m for m, on in (("names", names_mode), ("years", add_year_suffix)) if on]
        self.settled: dict[T, Config] = {}
        self._order = {item: i for i, item in enumerate(self.group)}  # citeproc-js's submission order
        self._max = {item: names_max(item) for item in self.group}
        self._ids = {item: item_id(item) for item in self.group}
        self._shown = shown

    def run(self) -> dict[T, Config]:
        if len(self.group) < 2 or not self.modes:
            return self.settled
        first = self.group[0]
        plain = Config(list(self._shown(first)))
        plain.pad()
        self.base = plain.clone()
        self.better = plain.clone()
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
        base = self.base
        add_name = self.givens_max is None
        if self.givens_max is not None:
            level = base.level(self.gnameset, self.gname)
            if base.givens and level is not None and level < self.givens_max:
                base.givens[self.gnameset][self.gname] += 1
            else:
                add_name = True
        next_nameset = self.names_limit is None
        if self.names_limit is not None and add_name:
            if self.add_names and self.gname < self.names_limit:
                base.names[self.gnameset] += 1
                self.gname += 1
                next_nameset = False
            else:
                next_nameset = True
        if next_nameset and self.gnameset < self.namesets_max:
            self.gnameset += 1
            base.names[self.gnameset] = 1
            self.gname = 0
        level = base.level(self.gnameset, self.gname)
        return (
            (self.namesets_max == -1 or self.gnameset == self.namesets_max)
            and (not self.add_names or self.names_limit is None or self.gname == self.names_limit)
            and (self.givens_max is None or level is None or level == self.givens_max)
        )

    def _render(self, item: T) -> str:
        """A cite rendered with the counter, which then shows the names that cite shows."""
        base = self.base
        text = self._cite(item, base.clone())
        for i, total in enumerate(self._max[item][: len(base.names)]):
            if base.names[i]:
                base.names[i] = min(base.names[i], total)
        base.pad()
        return text

    def _scan(self, entry: tuple[Config, list[T]]) -> None:
        items = entry[1]
        leader = items[0]
        text = self._render(leader)
        self.partners = [leader]
        self.others: list[T] = []
        for other in items[1:]:
            (self.partners if self._render(other) == text else self.others).append(other)
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
        base, better = self.base, self.better
        if self.givens_max is not None and base.givens:
            level = base.level(self.gnameset, self.gname)
            if level is not None:
                if len(better.givens) < len(base.givens):
                    better.givens = [list(g) for g in base.givens]
                while len(better.givens[self.gnameset]) <= self.gname:
                    better.givens[self.gnameset].append(0)
                better.givens[self.gnameset][self.gname] = level
        better.names[self.gnameset] = base.names[self.gnameset]

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
