import random

import pytest

import jtd_evidence
from jtd_evidence.lint import Finding, Severity, apply_fixes, lint
from jtd_evidence.lint.rules import (
    ArticlesWithoutLink,
    DoiInUrl,
    EmptyStatements,
    HostTypos,
    NameVariants,
    ProbableDuplicates,
    PublisherVariants,
    RequiredFields,
    SameAuthorYear,
)
from jtd_evidence.lint.similarity import edit_distance
from jtd_evidence.models import Entry, Person


def entry(key, **fields):
    fields.setdefault("title", f"Title of {key}")
    fields.setdefault("year", 2020)
    fields.setdefault("authors", (Person(family="Smith", given="J."),))
    fields.setdefault("type", "report")
    fields.setdefault("publisher", "Press")
    return Entry(key=key, **fields)


def rules_of(findings):
    return [(f.rule, f.key) for f in findings]


def test_required_fields_per_type():
    article = entry("a", type="article-journal", publisher=None)
    webpage = entry("w", type="webpage", url=None, authors=(), publisher=None)
    book = entry("b", type="book", authors=(), editors=(Person(family="Lee", given="K."),))
    findings = list(RequiredFields().check([article, webpage, book]))
    assert ("a", "container_title") in [(f.key, f.field) for f in findings]
    assert ("w", "url") in [(f.key, f.field) for f in findings]
    assert not [f for f in findings if f.key == "b"]  # editors stand in for authors


def test_probable_duplicates_by_title_or_url():
    a = entry("smith2020place", title="Place and space data gathering to support Contextual Safeguarding")
    b = entry("smith2020place2", title="Place and space data gathering; to support Contextual Safeguarding")
    c = entry("smith2020other", title="Something else entirely")
    d = entry("smith2020x", title="One title", url="https://example.org/x/")
    e = entry("smith2020y", title="Different", url="https://example.org/x")
    found = list(ProbableDuplicates().check([a, b, c, d, e]))
    assert rules_of(found) == [
        ("probable-duplicate", "smith2020place2"),
        ("probable-duplicate", "smith2020y"),
    ]
    assert found[0].related == ("smith2020place",)


def test_name_variant_one_letter_same_initial():
    entries = [
        entry("a", authors=(Person(family="Fairgrieve", given="E."),)),
        entry("b", authors=(Person(family="Fairgrieve", given="E."),)),
        entry("c", authors=(Person(family="Fairgrieves", given="E."),)),
        entry("d", authors=(Person(family="Fairgrieves", given="K."),)),  # another initial: another person
    ]
    found = list(NameVariants().check(entries))
    assert rules_of(found) == [("name-variant", "c")]
    assert "'Fairgrieve'" in found[0].message and found[0].related == ("a", "b")


def test_host_typo_against_a_host_used_more_often():
    entries = [entry(f"t{i}", url=f"https://tce.researchinpractice.org.uk/page{i}/") for i in range(3)]
    entries.append(entry("typo", url="https://tceresearchinpractice.org.uk/leading/"))
    entries.append(entry("other", url="https://www.gov.uk/x"))
    found = list(HostTypos().check(entries))
    assert rules_of(found) == [("host-typo", "typo")]
    assert "tce.researchinpractice.org.uk" in found[0].suggestion


def test_doi_in_url_has_a_safe_fix():
    e = entry("d", url="https://journals.sagepub.com/doi/pdf/10.1177/1473225419883706")
    found = lint([e], rules=[DoiInUrl()])
    assert found[0].fix is not None
    fixed, applied = apply_fixes([e], found)
    assert fixed[0].doi == "10.1177/1473225419883706"
    assert len(applied) == 1
    assert lint(fixed, rules=[DoiInUrl()]) == []


def test_articles_without_doi_or_url():
    found = list(
        ArticlesWithoutLink().check(
            [entry("x", type="article-journal"), entry("y", type="article-journal", doi="10.1000/1")]
        )
    )
    assert rules_of(found) == [("article-without-link", "x")]


def test_publisher_spellings():
    entries = [
        entry("a", publisher="The King's Fund"),
        entry("b", publisher="The King's Fund"),
        entry("c", publisher="The Kings Fund"),
    ]
    found = list(PublisherVariants().check(entries))
    assert rules_of(found) == [("publisher-variant", "c")]
    assert "The King's Fund" in found[0].suggestion


def test_same_author_year_and_empty_statements():
    entries = [
        entry("g1", title="Using data", statements=("BB1",)),
        entry("g2", title="Power in data", statements=("BB1",)),
    ]
    assert rules_of(SameAuthorYear().check(entries)) == [
        ("same-author-year", "g1"),
        ("same-author-year", "g2"),
    ]
    empty = list(EmptyStatements().check(entries))
    assert len(empty) == 11 and all(f.key is None for f in empty)
    assert list(EmptyStatements().check([entry("n")])) == []  # no statement tags at all: not an evidence list


def test_lint_of_the_shipped_base_finds_its_real_problems():
    findings = lint(jtd_evidence.load())
    warnings = {(f.rule, f.key) for f in findings if f.severity is Severity.WARNING}
    assert warnings == {
        ("host-typo", "godar2018leading"),
        ("name-variant", "hurst2021place"),
        ("article-without-link", "franklin2018use"),
        ("article-without-link", "lefevre2019both"),
    }
    assert findings == sorted(
        findings,
        key=lambda f: (["error", "warning", "info"].index(f.severity), f.key or "", f.rule, f.message),
    )


def test_custom_rules_append_to_the_stack():
    class NoRedTitles:
        name = "no-red"

        def check(self, entries):
            return [Finding(self.name, Severity.ERROR, e.key, "red") for e in entries if "red" in e.title]

    findings = lint([entry("r", title="A red book")], append_rules=[NoRedTitles()])
    assert findings[0].rule == "no-red" and findings[0].severity is Severity.ERROR


@pytest.mark.parametrize(
    ("a", "b", "distance"),
    [("kitten", "sitting", 3), ("same", "same", 0), ("abc", "abd", 1), ("a", "abcdef", 4)],
)
def test_edit_distance(a, b, distance):
    assert edit_distance(a, b, limit=3) == min(distance, 4)


def test_probable_duplicate_sees_through_a_leading_the():
    """Issue 9.1: the two spellings of the panel differ only by 'The'; lint reports the pair."""
    a = Entry(
        key="panel2020a",
        title="It was hard to escape: safeguarding children",
        year=2020,
        authors=(Person(literal="The Child Safeguarding Practice Review Panel"),),
    )
    b = Entry(
        key="panel2020b",
        title="It Was Hard to Escape",
        year=2020,
        authors=(Person(literal="Child Safeguarding Practice Review Panel"),),
    )
    found = [f for f in lint([a, b]) if f.rule == "probable-duplicate"]
    assert [(f.key, f.related) for f in found] == [("panel2020b", ("panel2020a",))]


def _full_edit_distance(a: str, b: str) -> int:
    """Levenshtein distance over the whole table: what the banded one must agree with."""
    previous = list(range(len(b) + 1))
    for i, char_a in enumerate(a, start=1):
        current = [i]
        for j, char_b in enumerate(b, start=1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (char_a != char_b)))
        previous = current
    return previous[-1]


def test_edit_distance_agrees_with_the_full_table_within_its_limit():
    rng = random.Random(4)
    for _ in range(3000):
        a = "".join(rng.choice("abc ") for _ in range(rng.randint(0, 14)))
        b = "".join(rng.choice("abc ") for _ in range(rng.randint(0, 14)))
        limit = rng.randint(0, 5)
        assert edit_distance(a, b, limit=limit) == min(_full_edit_distance(a, b), limit + 1), (a, b, limit)


def test_an_entry_without_a_title_is_asked_for_one_and_never_a_duplicate_by_it():
    first = entry("smith2020", title=None, url="https://example.org/a")
    second = entry("smith2020a", title=None, url="https://example.org/b")
    findings = list(RequiredFields().check([first]))
    assert ("smith2020", "title") in [(f.key, f.field) for f in findings]
    assert "a report should have a title" in [f.message for f in findings]
    assert "an article should have a title" in [
        f.message for f in RequiredFields().check([Entry(key="k", type="article")])
    ]
    assert not list(ProbableDuplicates().check([first, second]))  # same author and year, no title
    same_page = entry("smith2020b", title=None, url="https://example.org/a/")
    assert rules_of(ProbableDuplicates().check([first, same_page])) == [("probable-duplicate", "smith2020b")]
