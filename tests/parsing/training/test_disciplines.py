"""Academic vocabulary for training references: titles, journals and their abbreviations."""

from random import Random

from jtd_evidence.parsing.training import disciplines
from jtd_evidence.parsing.training.metadata import synthetic_items


def test_abbreviations_drop_small_words_and_shorten_known_ones():
    assert disciplines.abbreviate("Journal of the American Academy of Child and Adolescent Psychiatry") == (
        "J Am Acad Child Adolesc Psychiatry"
    )
    assert disciplines.abbreviate("BMC Public Health", dots=True) == "BMC Public Health"
    assert disciplines.abbreviate("IEEE Transactions on Biomedical Engineering", dots=True) == (
        "IEEE Trans. Biomed. Eng."
    )


def test_titles_and_journals_come_from_many_disciplines_and_are_reproducible():
    titles = {disciplines.academic_title(Random(n)) for n in range(300)}
    journals = {disciplines.academic_journal(Random(n)) for n in range(300)}
    assert len(titles) > 250 and len(journals) > 150
    assert [disciplines.academic_title(Random(7)) for _ in range(2)] == [
        disciplines.academic_title(Random(7))
    ] * 2


def test_articles_carry_a_short_journal_name_for_abbreviating_styles():
    items = [item for item in synthetic_items(5, 400) if item["kind"] == "article"]
    short = [item for item in items if "container-title-short" in item]
    assert 0.3 < len(short) / len(items) < 0.7
    assert all(len(i["container-title-short"]) <= len(i["container-title"]) for i in short)
