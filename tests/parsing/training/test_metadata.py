"""Synthetic metadata: deterministic from a seed, every kind, wide vocabularies."""

from __future__ import annotations

import re
from collections import Counter
from random import Random

from jtd_evidence.parsing.training.metadata import (
    KINDS,
    family_name,
    isbn,
    issn,
    organisation,
    synthetic_items,
    title,
)


def test_same_seed_same_items_other_seed_other_items() -> None:
    assert synthetic_items(3, 200) == synthetic_items(3, 200)
    assert synthetic_items(3, 200) != synthetic_items(4, 200)


def test_every_kind_and_the_fields_reference_lists_hold() -> None:
    items = synthetic_items(1, 2000)
    kinds = Counter(item["kind"] for item in items)
    assert set(kinds) == set(KINDS)
    fields = Counter(key for item in items for key in item)
    for name in (
        "author",
        "editor",
        "title",
        "container-title",
        "collection-title",
        "volume",
        "issue",
        "page",
        "edition",
        "publisher",
        "publisher-place",
        "URL",
        "DOI",
        "ISBN",
        "ISSN",
        "accessed",
        "genre",
        "note",
        "number",
        "status",
    ):
        assert fields[name] > 0, name
    assert sum("issued" not in item for item in items) > 20  # n.d. works
    assert sum("author" not in item and "editor" not in item for item in items) > 20  # no-author works
    assert sum(len(item.get("author", [])) > 6 for item in items) > 20  # et al. lists
    assert any(item["container-title"].islower() for item in items if "container-title" in item)


def test_thousands_of_family_names_from_many_languages() -> None:
    rng = Random(5)
    names = {family_name(rng) for _ in range(10_000)}
    assert len(names) > 4000
    assert any("-" in name for name in names) and any(" " in name for name in names)
    assert any(name.startswith(("al-", "Al-", "el-")) for name in names)
    assert any(name.startswith(("Mc", "Mac", "O'")) for name in names)


def test_organisations_titles_and_identifiers() -> None:
    rng = Random(2)
    orgs = {organisation(rng) for _ in range(2000)}
    assert len(orgs) > 800
    titles = [title(rng) for _ in range(2000)]
    assert any(":" in t for t in titles) and any("?" in t for t in titles)
    assert any(re.search(r"['\"]", t) for t in titles) and any(re.search(r"\d", t) for t in titles)
    number = isbn(rng).replace("-", "")
    assert (
        len(number) == 13 and sum(int(d) * (1 if i % 2 == 0 else 3) for i, d in enumerate(number)) % 10 == 0
    )
    code = issn(rng).replace("-", "")
    total = sum(int(d) * w for d, w in zip(code[:7], range(8, 1, -1), strict=True))
    assert (code[7] == "X" and (11 - total % 11) % 11 == 10) or int(code[7]) == (11 - total % 11) % 11
