"""Reading BibTeX written by other tools, and the errors a broken file gives."""

import datetime as dt

import pytest

from jtd_evidence._input import EncodingNote
from jtd_evidence.exceptions import BibDataError, BibSyntaxError, InputError, JTDError
from jtd_evidence.models import EntryType, Person
from jtd_evidence.store import dumps_bib, loads_bib, read_bib

THIRD_PARTY = r"""
% Exported by a reference manager
@string{bjsw = "British Journal of Social Work"}

@Article{firmin2019,
  Author    = {Firmin, Carlene and M{\"u}ller, J{\'e}r{\^o}me and van der Berg, Anna and {Home Office} and others},
  Title     = {{Contextual} Safeguarding: {Theory} \& Practice},
  journal   = bjsw,
  year      = 2019,
  month     = may,
  volume    = {49},
  number    = "6",
  pages     = {1506--1523},
  doi       = {https://doi.org/10.1093/bjsw/bcz045},
  isbn      = {978-1-2345},
  abstract  = {A long abstract
               that wraps over lines, with $x^2$ and {\em emphasis}.},
}

@mastersthesis{smith2020,
  author = {Smith, J.},
  title = {A study of harm --- and care},
  school = {University of Bedfordshire},
  date = {2020-07-15},
  urldate = {2021-01-02},
  url = {\url{https://example.org/thesis}},
  keywords = {safeguarding, exploitation},
}
"""


def test_third_party_file_decodes_to_plain_unicode():
    article, thesis = loads_bib(THIRD_PARTY)
    assert article.key == "firmin2019"
    assert article.type is EntryType.ARTICLE_JOURNAL
    assert article.title == "Contextual Safeguarding: Theory & Practice"
    assert article.container_title == "British Journal of Social Work"
    assert article.authors == (
        Person(family="Firmin", given="Carlene"),
        Person(family="Müller", given="Jérôme"),
        Person(family="Berg", particle="van der", given="Anna"),
        Person(literal="Home Office"),
    )
    assert article.authors_et_al
    assert (article.year, article.month, article.day) == (2019, 5, None)
    assert (article.volume, article.issue, article.pages) == ("49", "6", "1506-1523")
    assert article.doi == "10.1093/bjsw/bcz045"
    extra = dict(article.extra_fields)
    assert extra["isbn"] == "978-1-2345"
    assert extra["abstract"].startswith("A long abstract\n")  # extra fields stay verbatim

    assert thesis.type is EntryType.THESIS
    assert thesis.genre == "Master's thesis"
    assert thesis.title == "A study of harm — and care"
    assert thesis.publisher == "University of Bedfordshire"
    assert (thesis.year, thesis.month, thesis.day) == (2020, 7, 15)
    assert thesis.accessed == dt.date(2021, 1, 2)
    assert thesis.url == "https://example.org/thesis"
    assert thesis.extra_fields == (("keywords", "safeguarding, exploitation"),)


def test_third_party_entries_survive_a_rewrite():
    entries = loads_bib(THIRD_PARTY)
    text = dumps_bib(entries)
    assert loads_bib(text) == entries
    assert "@mastersthesis{smith2020," in text


def test_wrapped_lines_join_into_one_space():
    (entry,) = loads_bib("@book{k,\n  title = {A title that\n      goes on},\n  note = {kept\nas is}}")
    assert entry.title == "A title that goes on"
    assert entry.note == "kept\nas is"


def test_keywords_beside_statements_are_kept():
    text = "@misc{k, title = {T}, keywords = {BB1, LC3, youth work}, jtd-statements = {LC3, BB1}}"
    (entry,) = loads_bib(text)
    assert entry.statements == ("BB1", "LC3")
    assert entry.extra_fields == (("keywords", "youth work"),)
    assert "keywords = {BB1, LC3, youth work}" in dumps_bib([entry])


@pytest.mark.parametrize(
    ("keywords", "statements", "others"),
    [
        ("BB1, LC3, youth work,CSE", ("BB1", "LC3"), "youth work,CSE"),  # ids first: the rest verbatim
        ("youth work, LC3,  BB1", ("BB1", "LC3"), "youth work"),  # a reference manager's tags
        ("youth work,CSE", (), "youth work,CSE"),
        ("LC3", ("LC3",), None),
    ],
)
def test_statement_ids_are_read_from_keywords_alone(keywords, statements, others):
    (entry,) = loads_bib(f"@misc{{k, title = {{T}}, keywords = {{{keywords}}}}}")
    assert entry.statements == statements
    assert dict(entry.extra_fields).get("keywords") == others


@pytest.mark.parametrize(
    ("text", "line", "fragment"),
    [
        ("@article{a,\n  title = {x}\n\n@article{b, title = {y}}\n", 1, "not closed before the next entry"),
        ("\n\n@article{a title = {x}}\n", 3, "the citation key must be followed by a ','"),
        ("@misc{a, title = {x}}\n\n@book{a,\n title = {y}}\n", 3, "duplicate key 'a' (first used on line 1)"),
        ("@misc{Smith, title = {x}}\n@book{smith, title = {y}}\n", 2, "duplicate key 'smith'"),
        ("@misc{a,\n title = {x},\n title = {y}}\n", 3, "the title field is given twice in entry 'a'"),
        ("@misc{, title = {x}}\n", 1, "no citation key"),
    ],
)
def test_syntax_errors_name_file_and_line(text, line, fragment):
    with pytest.raises(BibSyntaxError) as info:
        loads_bib(text, source="refs.bib")
    assert info.value.path == "refs.bib"
    assert info.value.line == line
    assert str(info.value).startswith(f"refs.bib:{line}: ")
    assert fragment in str(info.value)


@pytest.mark.parametrize(
    ("fields", "field", "fragment"),
    [
        ("year = {20x}", "year", "not a four-digit year"),
        ("year = {1700}", "year", "outside 1800"),
        ("month = {Mayday}, year = 2020", "month", "not a month"),
        ("date = {2020-05}, year = {2021}", "year", "disagrees with date"),
        ("date = {May 2020}", "date", "YYYY-MM-DD"),
        ("url = {www.example.org}", "url", "not an absolute http(s)"),
        ("doi = {12.34/x}", "doi", "10.NNNN/suffix"),
        ("urldate = {yesterday}", "urldate", "not a date"),
        ("jtd-statements = {BB9}", "jtd-statements", "unknown statement id(s) BB9"),
        ("author = {Smith, J., K., L}", "author", "Too many commas"),
        ("author = {, J.}", "author", "family name"),
    ],
)
def test_bad_field_names_entry_and_field(fields, field, fragment):
    text = f"@article{{smith2020,\n  title = {{T}},\n  {fields}\n}}\n"
    with pytest.raises(BibDataError) as info:
        loads_bib(text, source="refs.bib")
    assert (info.value.path, info.value.key, info.value.field) == ("refs.bib", "smith2020", field)
    assert fragment in str(info.value)


def test_an_entry_without_a_title_is_read_and_left_to_lint_to_ask_for_one():
    from jtd_evidence.lint import lint

    text = "@misc{k,\n  author = {Smith, J.},\n  year = {2020},\n}\n"
    [entry] = loads_bib(text)
    assert entry.title is None and entry.year == 2020  # as BibTeX, biber and JabRef read it
    assert [(f.rule, f.key, f.field) for f in lint([entry]) if f.field == "title"] == [
        ("required-fields", "k", "title")
    ]


def test_read_bib_names_the_file(tmp_path):
    path = tmp_path / "broken.bib"
    path.write_text("@misc{ok, title = {Fine}}\n\n@misc{bad,\n  title = {x}\n", encoding="utf-8")
    with pytest.raises(BibSyntaxError, match=r"broken\.bib:3: "):
        read_bib(path)


def test_read_bib_reads_latin1_with_a_note_and_refuses_binary(tmp_path):
    path = tmp_path / "latin1.bib"
    path.write_bytes("@misc{k,\n  title = {Caf\xe9}}\n".encode("latin-1"))
    with pytest.warns(EncodingNote, match=r"latin1\.bib: not UTF-8, so read as Windows-1252"):
        assert read_bib(path)[0].title == "Caf\xe9"
    path.write_bytes(b"@misc{k,\n  title = {\x00\x01}}\n")
    with pytest.raises(InputError, match=r"latin1\.bib:2: this is not a text file"):
        read_bib(path)


def test_errors_are_jtd_errors():
    assert issubclass(BibSyntaxError, JTDError)
    assert issubclass(BibDataError, ValueError)
