"""The near-title index finds exactly the pairs that comparing every pair of titles finds."""

from __future__ import annotations

import random

from jtd_evidence.lint.rules import ProbableDuplicates
from jtd_evidence.lint.similarity import close_title_pairs, close_titles
from jtd_evidence.models import Entry, Person

WORDS = "the of and young people youth work learning practice evidence review national study outcomes".split()


def _slipped(rng: random.Random, title: str) -> str:
    """``title`` with up to five random edits: a letter changed, added or dropped."""
    letters = list(title)
    for _ in range(rng.randint(0, 5)):
        at = rng.randrange(len(letters) + 1)
        edit = rng.randrange(3)
        if edit == 0 and at < len(letters):
            letters[at] = rng.choice("abcde ")
        elif edit == 1:
            letters.insert(at, rng.choice("xyzé-"))
        elif at < len(letters):
            del letters[at]
    return "".join(letters)


def test_the_index_finds_exactly_the_close_pairs() -> None:
    rng = random.Random(10)
    for _ in range(200):
        titles = [" ".join(rng.choices(WORDS, k=rng.randint(1, 10))) for _ in range(rng.randint(1, 20))]
        titles += [_slipped(rng, rng.choice(titles)) for _ in range(rng.randint(0, 12))]
        titles += [title.upper() for title in titles[:2]]
        every = [
            (i, j)
            for i in range(len(titles))
            for j in range(i + 1, len(titles))
            if close_titles(titles[i], titles[j])
        ]
        assert close_title_pairs(titles) == every, titles


def test_probable_duplicates_in_a_large_same_author_year_group() -> None:
    """400 works by one author in one year: the two a slip apart are found, no other pair."""
    rng = random.Random(4)
    author = (Person(family="Berg", given="A."),)
    titles = [" ".join(rng.choices(WORDS, k=6)) + f" part {n}" for n in range(400)]
    titles.append(titles[123].replace("youth", "yuoth", 1) if "youth" in titles[123] else titles[123] + "s")
    entries = [Entry(key=f"k{n}", title=t, authors=author, year=2020) for n, t in enumerate(titles)]
    found = list(ProbableDuplicates().check(entries))
    assert [(f.key, f.related) for f in found] == [("k400", ("k123",))]


def test_a_missing_title_is_close_to_no_other() -> None:
    # two works without a title are not one work by their titles (they were equal as empty strings)
    assert not close_titles("", "")
    assert not close_titles(None, None)
    assert not close_titles("Contextual safeguarding", None)
    assert not close_titles("\u2014", "...")  # no letter or digit: folded, these were equal as empty strings
    assert close_titles("Contextual safeguarding", "Contextual  Safeguarding")
