"""The macro memo (formatting/_macromemo.py): what a macro reads, and output identical to
rendering every macro afresh."""

from __future__ import annotations

import json
import random
from pathlib import Path
from typing import Any

import pytest

from jtd_evidence.formatting import _elements, _macromemo, processor
from jtd_evidence.formatting import _reads as _reads_module
from jtd_evidence.formatting._source import make_source
from jtd_evidence.formatting.engine import Processor

HEAD = (
    '<style xmlns="http://purl.org/net/xbiblio/csl" class="in-text" version="1.0"><info><id/><title/></info>'
)
MACROS = (
    "<macro name='date'><choose><if variable='DOI'><date variable='issued'><date-part name='year'/></date>"
    "</if><else><text term='no date'/></else></choose></macro>"
    "<macro name='author'><names variable='author'><name form='short'/><substitute>"
    "<text macro='title'/></substitute></names></macro>"
    "<macro name='title'><text variable='title' font-style='italic'/></macro>"
    "<macro name='where'><choose><if position='subsequent'><text value='ibid'/></if></choose></macro>"
)


def _style(tmp_path: Path) -> Processor:
    path = tmp_path / "memo.csl"
    body = (
        MACROS + "<citation><layout><text macro='author'/><text macro='date' prefix=' '/></layout></citation>"
        "<bibliography><layout><text macro='author'/></layout></bibliography>"
    )
    path.write_text(HEAD + body + "</style>", encoding="utf-8")
    return Processor(str(path), "en-GB")


def _reads(tmp_path: Path, items: list[dict[str, Any]], monkeypatch: Any) -> dict[str, dict[str, bool]]:
    """The fields each macro's first afresh render read, by macro name."""
    records: dict[str, dict[str, bool]] = {}
    opened = _reads_module.traced

    class Recording(opened):  # type: ignore[misc,valid-type]
        def __enter__(self) -> dict[str, bool]:
            record = super().__enter__()
            records.setdefault(_rendering[-1], record)
            return record

    _rendering: list[str] = []
    rendered = _macromemo.rendered_macro

    def named(macro: Any, *args: Any, **kwargs: Any) -> Any:
        _rendering.append(macro.get("name"))
        try:
            return rendered(macro, *args, **kwargs)
        finally:
            _rendering.pop()

    monkeypatch.setattr(_macromemo, "traced", Recording)
    monkeypatch.setattr(_elements, "rendered_macro", named)
    _style(tmp_path).render(items)
    return records


def test_a_macro_reads_the_values_it_prints_and_the_presence_it_tests(tmp_path, monkeypatch):
    records = _reads(
        tmp_path,
        [{"id": "a", "type": "book", "DOI": "10.1/x", "issued": {"date-parts": [[2020]]}}],
        monkeypatch,
    )
    assert records["date"]["issued"] is True and records["date"]["DOI"] is False
    assert "title" not in records["date"]


def test_a_substitute_is_read_only_when_its_names_are_missing(tmp_path, monkeypatch):
    person = [{"family": "Hill", "given": "A"}]
    records = _reads(tmp_path, [{"id": "a", "type": "book", "title": "T", "author": person}], monkeypatch)
    assert records["author"]["author"] is True and "title" not in records["author"]
    records = _reads(tmp_path, [{"id": "a", "type": "book", "title": "T"}], monkeypatch)
    assert records["author"]["title"] is True and records["author"]["author"] is False


def test_a_traced_reference_notes_reads_into_the_innermost_record_and_the_enclosing_one():
    reference = make_source([{"id": "k", "type": "book", "title": "T", "volume": "2"}])["k"]
    with _reads_module.traced(reference) as outer:
        assert str(reference.title) == "T"
        with _reads_module.traced(reference) as inner:
            assert "volume" in reference and reference.get("edition") is None
        assert type(reference).__name__ == "TracedReference"
    assert type(reference).__name__ == "FastReference"
    assert inner == {"volume": False, "edition": True}
    assert outer == {"title": True, "volume": False, "edition": True}
    with _reads_module.traced(reference) as whole:
        sorted(reference)
    assert _reads_module.ALL in whole


def test_a_macro_that_reads_the_document_is_not_remembered(tmp_path):
    root = _style(tmp_path).style.root
    assert _macromemo.dependencies(root.get_macro("where")) is None


def _items(n: int) -> list[dict[str, Any]]:
    rng = random.Random(3)
    families = ["Hill", "Hurst", "Wroe"]
    items = []
    for i in range(n):
        item: dict[str, Any] = {"id": f"i{i}", "type": rng.choice(["book", "report", "chapter"])}
        item["title"] = rng.choice(["Safeguarding", "Contextual safeguarding", "Young voices"])
        if rng.random() < 0.8:
            item["author"] = [{"family": rng.choice(families), "given": rng.choice("AB")}]
        if rng.random() < 0.9:
            item["issued"] = {"date-parts": [[rng.choice([2019, 2020])]]}
        if rng.random() < 0.3:
            item["DOI"] = f"10.1/{i}"
        if item["type"] == "chapter":
            item["editor"] = [{"family": "Beckett", "given": "Helen"}]
            item["container-title"] = "Handbook"
        items.append(item)
    return items


def _rendered(name: str, items: list[dict[str, Any]]) -> str:
    shared = processor(name)
    rendering = Processor(shared.style_path, "en-GB").render(items)  # a processor of its own: no shared memo
    out = [[e.id, e.html, e.citation.parenthetical, e.citation.narrative] for e in rendering.entries]
    out.append([rendering.cluster(list(range(0, 12, 3))), rendering.cluster([1, 4, 9], "narrative")])
    return json.dumps(out)


@pytest.mark.parametrize(
    "name",
    [
        "apa",
        "harvard",
        "chicago-author-date-17th-edition",
        "modern-language-association",
        "academy-of-management-review",
    ],
)
def test_remembered_macros_render_as_macros_rendered_afresh(name, monkeypatch):
    items = _items(60)
    remembered = _rendered(name, items)
    monkeypatch.setattr(_macromemo, "dependencies", lambda macro: None)
    assert _rendered(name, items) == remembered
