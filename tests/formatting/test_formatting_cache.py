"""Reuse without change of output (memoised style look-ups, the per-entry memo, the on-disk
cache, the column-wise sort, order-independent rendering) and citeproc-js's disambiguation runs."""

from __future__ import annotations

import json
import sys
from concurrent.futures import ThreadPoolExecutor
from functools import cmp_to_key
from pathlib import Path

import pytest
from citeproc import model

import jtd_evidence
from jtd_evidence.formatting import cache as cache_module
from jtd_evidence.formatting import render, resolve_style
from jtd_evidence.formatting._collation import collation_key
from jtd_evidence.formatting._disambig import Run
from jtd_evidence.formatting._memo import Memoised
from jtd_evidence.formatting.cache import CacheWarning, EntryMemo, RenderCache, entry_digest
from jtd_evidence.formatting.engine import Processor

DATA = Path(__file__).resolve().parents[1] / "data" / "formatting"
DIVERSE = json.loads((DATA / "cases-diverse.json").read_text(encoding="utf-8"))
TEST_STYLE = str(DATA / "order-and-dates.csl")


def shipped() -> list[dict]:
    return [entry.to_csl() for entry in jtd_evidence.load()]


def fresh(style: str = "apa", locale: str = "en-GB") -> Processor:
    """A processor of its own (the shared ones keep what they rendered)."""
    return Processor(str(resolve_style(style)), locale)


def html(rendering) -> list[tuple[str, str, str, str]]:
    return [(e.id, e.html, e.citation.parenthetical, e.citation.narrative) for e in rendering.entries]


def godar(title: str, key: str) -> dict:
    return {
        "id": key,
        "type": "report",
        "title": title,
        "publisher": "TCE Support Programme",
        "author": [{"family": "Godar", "given": "R."}],
        "issued": {"date-parts": [[2021]]},
    }


# -- memoised look-ups ----------------------------------------------------------------------
def test_style_elements_are_memoised_and_answer_as_citeproc_py():
    processor = fresh()
    root = processor.style.root
    assert isinstance(root, Memoised)
    assert all(isinstance(e, Memoised) for e in root.iter())
    for element in list(root.iter())[:400:7]:
        expression = "./ancestor-or-self::cs:layout[1]"
        assert list(element.xpath_search(expression)) == element.xpath(expression, namespaces=root.nsmap)
        assert element.get_root() is element.getroottree().getroot()
    text = root.bibliography.layout
    for name, form in (("et-al", None), ("and", "symbol"), ("retrieved", None), ("no date", "short")):
        assert str(text.get_single_term(name, form)) == str(
            model.CitationStylesElement.get_single_term(text, name, form)
        )
    assert root.get_macro("title") is root.get_macro("title")


def test_memoised_values_outlive_the_proxies_of_one_render():
    processor = fresh()
    layout = processor.style.root.bibliography.layout
    layout.xpath_search("./cs:text")
    assert id(processor.style.root.bibliography.layout) == id(layout)
    assert "_memo_xpath" in processor.style.root.bibliography.layout.__dict__


# -- sorting --------------------------------------------------------------------------------
def _full_sort(sort, items, context) -> list:
    """Every key of every item, compared in full (the order the column-wise sort must give)."""
    columns = []
    for key in sort.findall("cs:key", sort.nsmap):
        raw = key.sort_keys(items, context)
        columns.append(
            ([None if k is None else collation_key(k) for k in raw], key.get("sort") == "descending")
        )

    def compare(a: int, b: int) -> int:
        for keys, descending in columns:
            left, right = keys[a], keys[b]
            if left == right:
                continue
            if left is None:  # empty keys last, also when descending (citeproc-js)
                return 1
            if right is None:
                return -1
            return (-1 if left < right else 1) * (-1 if descending else 1)
        return (a > b) - (a < b)

    return [items[i] for i in sorted(range(len(items)), key=cmp_to_key(compare))]


@pytest.mark.parametrize("style", ["apa", "harvard", TEST_STYLE])
def test_column_wise_sort_gives_the_full_comparison_order(style):
    processor = fresh(style)
    items = DIVERSE + [dict(item, id=f"{item['id']}-again", title="Another title") for item in DIVERSE[:20]]
    rendering = processor.render(items)
    bib = rendering._bib
    element = processor.style.root.bibliography
    sort = element.find("cs:sort", element.nsmap)
    assert [i.key for i in sort.sort(list(bib.items), element.layout)] == bib.keys
    assert [i.key for i in _full_sort(sort, list(bib.items), element.layout)] == bib.keys


def test_descending_keys_and_empty_keys():
    items = [
        {"id": "a", "type": "book", "title": "A", "issued": {"date-parts": [[2019, 3, 1]]}},
        {"id": "b", "type": "book", "title": "A", "issued": {"date-parts": [[2021, 5, 1]]}, "publisher": "Z"},
        {"id": "c", "type": "book", "title": "A", "publisher": "Y"},
        {"id": "d", "type": "book", "title": "A", "issued": {"date-parts": [[2021, 5, 1]]}, "publisher": "X"},
        {"id": "e", "type": "book", "title": "B"},
    ]
    # as citeproc-js orders them: the item with no date after the dated ones, though dates descend
    assert [e.id for e in render(items, TEST_STYLE).entries] == ["d", "b", "a", "c", "e"]


def test_a_date_part_override_stays_with_its_date():
    """citeproc-py copies a style's date-part attributes onto the locale's for good, so a date
    rendered later took the short month too; here each date keeps its own form."""
    item = {
        "id": "a",
        "type": "book",
        "title": "A",
        "issued": {"date-parts": [[2019, 3, 1]]},
        "accessed": {"date-parts": [[2024, 3, 2]]},
    }
    later = {"id": "b", "type": "book", "title": "B", "accessed": {"date-parts": [[2024, 3, 2]]}}
    assert [e.html for e in render([item, later], TEST_STYLE).entries] == [
        "A. 1 Mar. 2019 / 2 March 2024",
        "B. / 2 March 2024",
    ]


# -- the per-entry memo ---------------------------------------------------------------------
def test_entry_memo_counts_and_remembers_what_was_used():
    memo = EntryMemo(limit=3)
    memo.update({"old": 1})
    assert memo.get("x") is None and memo.misses == 1
    memo.put("x", "X")
    assert memo.get("x") == "X" and memo.hits == 1
    assert memo.used() == {"x": "X"}
    memo.mark()
    assert memo.used() == {}
    assert memo.get("old") == 1 and memo.used() == {"old": 1}
    memo.put("y", None)
    memo.put("z", [1])  # over the limit: starts afresh
    assert len(memo) == 1 and memo.get("z") == [1]


def test_entry_digest_ignores_the_id_only():
    item = godar("Using data", "a")
    assert entry_digest(item) == entry_digest(dict(item, id="b"))
    assert entry_digest(item) != entry_digest(dict(item, title="Using data again"))


def test_a_second_render_renders_nothing():
    processor = fresh()
    first = html(processor.render(shipped()))
    misses = processor.memo.misses
    assert html(processor.render(shipped())) == first
    assert processor.memo.misses == misses


def test_year_suffixes_are_part_of_the_key():
    processor = fresh("harvard")
    alone = processor.render([godar("The power in data", "a")]).entries
    assert alone[0].html.startswith("Godar, R. (2021) <i>The power")
    pair = processor.render([godar("The power in data", "a"), godar("Using data", "b")]).entries
    assert [e.html[:17] for e in pair] == ["Godar, R. (2021a)", "Godar, R. (2021b)"]
    assert [e.citation.parenthetical for e in pair] == ["(Godar, 2021a)", "(Godar, 2021b)"]
    assert processor.render([godar("The power in data", "a")]).entries[0].html == alone[0].html


@pytest.mark.parametrize("style", ["apa", "harvard"])
def test_memoised_renders_equal_fresh_ones_whatever_came_before(style):
    """Rendering other lists first (other suffixes, initials, names) changes nothing."""
    processor = fresh(style)
    processor.render(DIVERSE[:30])
    processor.render(shipped()[::2])
    processor.render(DIVERSE[10:] + shipped()[:20])
    assert html(processor.render(DIVERSE)) == html(fresh(style).render(DIVERSE))


# -- the on-disk cache ----------------------------------------------------------------------
def _build(directory: Path, items: list[dict], style: str = "apa") -> tuple[Processor, list]:
    processor = fresh(style)
    cache = RenderCache(directory)
    cache.load(processor.fingerprint, processor.memo)
    rendered = html(processor.render(items))  # every citation form is read before the cache is saved
    cache.save(processor.fingerprint, processor.memo)
    return processor, rendered


def test_disk_cache_serves_a_new_process_without_rendering(tmp_path):
    _processor, first = _build(tmp_path, shipped())
    files = list(tmp_path.glob("entries-*.json"))
    assert len(files) == 1
    processor, again = _build(tmp_path, shipped())
    assert again == first
    assert processor.memo.misses == 0


def test_after_one_edit_only_that_entry_renders_again(tmp_path):
    items = shipped()
    _build(tmp_path, items)
    edited = [dict(item) for item in items]
    edited[7]["title"] = "A title that was edited"
    processor, got = _build(tmp_path, edited)
    # the edited entry's sort keys, citation forms and reference; nothing of the other 58
    assert 0 < processor.memo.misses <= 12
    assert got == html(fresh().render(edited))


def test_adding_a_same_author_same_year_entry_renders_its_group_again(tmp_path):
    items = [godar("The power in data", "a"), godar("Hearing voices", "h") | {"author": [{"family": "Hill"}]}]
    _build(tmp_path, items, "harvard")
    _processor, got = _build(tmp_path, [*items, godar("Using data", "b")], "harvard")
    assert [row[1][:17] for row in got] == ["Godar, R. (2021a)", "Godar, R. (2021b)", "Hill (2021) <i>He"]
    assert got == html(fresh("harvard").render([*items, godar("Using data", "b")]))


def test_a_corrupt_cache_file_is_ignored_with_a_warning_and_replaced(tmp_path):
    _processor, first = _build(tmp_path, DIVERSE[:10])
    (path,) = tmp_path.glob("entries-*.json")
    path.write_text('{"version": "3", "entries": {"bib', encoding="utf-8")
    with pytest.warns(CacheWarning, match="unreadable"):
        _processor, again = _build(tmp_path, DIVERSE[:10])
    assert again == first
    assert json.loads(path.read_text(encoding="utf-8"))["entries"]


def test_a_cache_file_of_another_version_is_ignored(tmp_path, monkeypatch):
    _processor, first = _build(tmp_path, DIVERSE[:5])
    (path,) = tmp_path.glob("entries-*.json")
    data = json.loads(path.read_text(encoding="utf-8"))
    data["version"] = "0"
    data["entries"] = dict.fromkeys(data["entries"], "stale")
    path.write_text(json.dumps(data), encoding="utf-8")
    with pytest.warns(CacheWarning):
        processor, again = _build(tmp_path, DIVERSE[:5])
    assert again == first and processor.memo.misses > 0


def test_cache_files_are_written_atomically_and_only_when_changed(tmp_path, monkeypatch):
    writes = []
    real = cache_module.atomic_write_text
    monkeypatch.setattr(cache_module, "atomic_write_text", lambda p, t: (writes.append(p), real(p, t)))
    _build(tmp_path, DIVERSE[:5])
    _build(tmp_path, DIVERSE[:5])
    assert len(writes) == 1


def test_render_with_a_cache_folder(tmp_path):
    items = [*DIVERSE[:8], godar("Only here", "only")]
    rendering = render(items, "harvard", "en-US", cache=RenderCache(tmp_path))
    assert rendering.entries
    assert list(tmp_path.glob("entries-*.json"))


# -- citeproc-js's disambiguation runs ------------------------------------------------------
def _run(group: dict[str, str], *, names: dict[str, int] | None = None, add_names: bool = True) -> dict:
    """A run over items whose citations read ``group[item]`` (whatever the names shown)."""
    names = names or {}
    run = Run(
        list(group),
        cite=lambda item, _config: group[item],
        shown=lambda item: [1],
        names_max=lambda item: [names.get(item, 1)],
        item_id=str,
        position=sorted(group, key=lambda item: (group[item], item)).index,  # bibliography: by name
        add_names=add_names,
        add_year_suffix=True,
    )
    return {item: config.year_suffix for item, config in run.run().items() if config.year_suffix is not None}


def test_year_suffixes_go_to_every_item_of_a_list_whose_first_item_clashes():
    # "Brodie (2007)" in id order: G, N, J. J., J. J., C, N; lists are split at the first
    # item's partners, and C lands with the J. J. pair, so all three get suffixes
    group = {"1-g": "G", "2-n": "N", "3-jj": "JJ", "4-jj": "JJ", "5-c": "C", "6-n": "N"}
    assert _run(group) == {"2-n": 0, "6-n": 1, "5-c": 0, "3-jj": 1, "4-jj": 2}


def test_no_suffixes_for_a_list_whose_first_item_clashes_with_nothing():
    # "Godar (2024)": E twice, then I, G, G, A; G's pair follows I and gets none
    group = {"1-e": "E", "2-e": "E", "3-i": "I", "4-g": "G", "5-g": "G", "6-a": "A"}
    assert _run(group) == {"1-e": 0, "2-e": 1}


def test_a_group_without_clashes_gets_no_suffixes():
    assert _run({"a": "A", "b": "B", "c": "C"}) == {}
    assert _run({"a": "A", "b": "A"}, add_names=False) == {"a": 0, "b": 1}


def test_added_names_settle_an_item_before_suffixes():
    shown_names = {"a": "Smith et al.", "b": "Smith et al.", "c": "Smith et al."}
    full = {"a": "Smith, Jones", "b": "Smith, Brown", "c": "Smith, Brown"}
    run = Run(
        list(shown_names),
        cite=lambda item, config: full[item] if config.names[0] > 1 else shown_names[item],
        shown=lambda item: [1],
        names_max=lambda item: [3],
        item_id=str,
        position="abc".index,
        add_names=True,
        add_year_suffix=True,
    )
    settled = run.run()
    assert settled["a"].names == [2] and settled["a"].year_suffix is None
    assert [settled[k].year_suffix for k in "bc"] == [0, 1]


def test_by_cite_raises_given_name_levels_before_adding_names():
    """citeproc-js's by-cite rule: initials, then whole given names, then another name."""
    people = {"a": ("Rachel", "R."), "b": ("Ruth", "R."), "c": ("Nick", "N.")}
    seen = []

    def cite(item, config):
        level = config.givens[0][0] if config.givens and config.givens[0] else 0
        seen.append(level)
        return ["Godar", f"{people[item][1]} Godar", f"{people[item][0]} Godar"][level]

    run = Run(
        list(people),
        cite=cite,
        shown=lambda item: [1],
        names_max=lambda item: [1],
        item_id=str,
        position="abc".index,
        add_names=True,
        add_year_suffix=True,
        by_cite_givens=True,
    )
    settled = run.run()
    assert max(seen) == 2
    assert {k: (c.givens[0][0], c.year_suffix) for k, c in settled.items()} == {
        "a": (2, None),
        "b": (2, None),
        "c": (1, None),
    }


# -- threads -------------------------------------------------------------------------------
def test_one_processor_shared_between_threads_renders_as_alone():
    """Renders on a shared processor run one at a time (Processor.lock): the parsed style holds
    per-render state (substituted variables, date-part attributes) that threads would mix up."""
    lists = [DIVERSE[i::4] for i in range(4)] * 4
    alone = [html(fresh("harvard").render(items)) for items in lists]
    shared = fresh("harvard")
    interval = sys.getswitchinterval()
    sys.setswitchinterval(1e-6)  # switch threads often, so that renders interleave
    try:
        with ThreadPoolExecutor(max_workers=4) as pool:
            together = list(pool.map(lambda items: html(shared.render(items)), lists))
    finally:
        sys.setswitchinterval(interval)
    assert together == alone
