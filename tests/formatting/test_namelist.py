"""A cs:name's people joined with options read once and a cs:names without upstream's caught
exceptions (formatting/_namelist.py) give what citeproc-py's own Name.process and
Names.process give."""

from __future__ import annotations

import random
from typing import Any

import pytest
from citeproc import model

from jtd_evidence.formatting import _names, processor
from jtd_evidence.formatting.engine import Processor

FAMILIES = ["Hurst", "van der Berg", "D'Arcy", "Mendez Sayer", "de la Cruz", "Wroe"]
GIVENS = ["Anna", "Mary-Kate", "Jenny J.", "Carlene", "Ph. D.", "Esther"]


def _items() -> list[dict[str, Any]]:
    rng = random.Random(3)
    items = []
    for i in range(40):
        count = rng.choice([1, 2, 3, 4, 7, 22])
        people = [
            {"family": rng.choice(FAMILIES), "given": rng.choice(GIVENS), "parse-names": True}
            for _ in range(count)
        ]
        if i % 7 == 0:
            people.append({"literal": "TCE Support Programme"})
        item: dict[str, Any] = {
            "id": f"i{i}",
            "type": rng.choice(["book", "chapter", "article-journal"]),
            "title": f"Title {i % 9}",
            "author": people,
            "issued": {"date-parts": [[2000 + i % 4]]},
        }
        if i % 3 == 0:
            item["editor"] = people[:2]
        if i % 5 == 0:
            item["translator"] = people[:2] if i % 10 else people[:1]
        items.append(item)
    return items


def _everything(engine: Processor, items: list[dict[str, Any]]) -> list[Any]:
    rendering = engine.render(items)
    out: list[Any] = []
    for entry in rendering.entries:
        forms = entry.citation
        out += [entry.html, forms.parenthetical, forms.narrative, forms.author_only, forms.suppress_author]
    out.append(rendering.cluster(list(range(len(items)))))
    return out


@pytest.mark.parametrize(
    "style",
    ["apa", "harvard", "chicago-author-date", "ieee", "modern-language-association", "elsevier-vancouver"],
)
def test_joined_names_as_upstream(style: str, monkeypatch: pytest.MonkeyPatch) -> None:
    items = _items()
    ours = _everything(Processor(str(processor(style).style_path), "en-GB"), items)

    def upstream(
        name: Any, item: Any, variable: str, name_parts: Any, context: Any = None, sort_options: Any = None
    ) -> Any:
        return model.Name.process(name, item, variable, context=context, sort_options=sort_options)

    def upstream_names(names: Any, item: Any, **kwargs: Any) -> Any:
        return model.Names.process(names, item, **kwargs)

    monkeypatch.setattr(_names, "joined_names", upstream)
    monkeypatch.setattr(_names, "names_process", upstream_names)
    theirs = _everything(Processor(str(processor(style).style_path), "en-GB"), items)
    assert ours == theirs
