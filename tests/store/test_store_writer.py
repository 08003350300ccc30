"""The BibTeX text the writer produces, byte for byte, and what it refuses to write."""

import datetime as dt

import bibtexparser
import pytest

from jtd_evidence.exceptions import EntryValidationError, JTDError
from jtd_evidence.models import Entry, Person
from jtd_evidence.store import dumps_bib, loads_bib, write_bib

ARTICLE = Entry(
    key="firmin2019contextual",
    type="article-journal",
    title="Contextual Safeguarding: Theory and Practice",
    year=2019,
    month=5,
    authors=(Person(family="Firmin", given="C."), Person(family="Uhl-Bien", given="M.")),
    container_title="British Journal of Social Work",
    volume="49",
    issue="6",
    number="e12",
    pages="1506-1523",
    doi="10.1093/bjsw/bcz045",
    statements=("LC3", "BB1"),
)
ARTICLE_BIB = """\
@article{firmin2019contextual,
  author = {Firmin, C. and Uhl-Bien, M.},
  title = {Contextual Safeguarding: Theory and Practice},
  journal = {British Journal of Social Work},
  year = {2019},
  date = {2019-05},
  volume = {49},
  number = {6},
  eid = {e12},
  pages = {1506--1523},
  doi = {10.1093/bjsw/bcz045},
  keywords = {BB1, LC3},
  jtd-statements = {BB1, LC3}
}
"""

REPORT = Entry(
    key="childsafeguarding2022child",
    type="report",
    title="Child Protection in England",
    year=2022,
    authors=(Person(literal="The Child Safeguarding Practice Review Panel"),),
    publisher="HM Government",
    place="London",
    genre="National review",
    number="CP-7",
    url="https://www.gov.uk/government/publications/child-protection-in-england",
)
REPORT_BIB = """\
@techreport{childsafeguarding2022child,
  author = {{The Child Safeguarding Practice Review Panel}},
  title = {Child Protection in England},
  year = {2022},
  number = {CP-7},
  institution = {HM Government},
  address = {London},
  type = {National review},
  url = {https://www.gov.uk/government/publications/child-protection-in-england}
}
"""

CHAPTER = Entry(
    key="mendezsayer2020relational",
    type="chapter",
    title="Relational Practice & Trust",
    year=2020,
    authors=(Person(family="Mendez Sayer", given="E."),),
    editors=(
        Person(family="Berg", particle="van der", given="A."),
        Person(family="King", suffix="Jr", given="M. L."),
    ),
    container_title="Working with Young People",
    publisher="Policy Press",
    pages="45-60",
    edition="2",
)
CHAPTER_BIB = """\
@incollection{mendezsayer2020relational,
  author = {Mendez Sayer, E.},
  editor = {van der Berg, A. and King, Jr, M. L.},
  title = {Relational Practice \\& Trust},
  booktitle = {Working with Young People},
  year = {2020},
  pages = {45--60},
  edition = {2},
  publisher = {Policy Press}
}
"""

WEBPAGE = Entry(
    key="ofstedndchild",
    type="webpage",
    title="What is child exploitation?",
    authors=(Person(literal="Ofsted"),),
    url="https://www.example.org/cce?a=1&b=50%25#top",
    accessed=dt.date(2024, 3, 1),
    source="Ofsted (n.d.) What is child exploitation? Available at: https://www.example.org/cce",
)
WEBPAGE_BIB = """\
@online{ofstedndchild,
  author = {{Ofsted}},
  title = {What is child exploitation?},
  url = {https://www.example.org/cce?a=1&b=50%25#top},
  urldate = {2024-03-01},
  jtd-source = {Ofsted (n.d.) What is child exploitation? Available at: https://www.example.org/cce}
}
"""

NEWSPAPER = Entry(
    key="darcy2021gangs",
    type="article-newspaper",
    title='Gangs, 50% "county lines" & {braces}_~^$#\\',
    authors=(Person(family="D'Arcy", given="K."), Person(family="Müller", given="Ä.")),
    authors_et_al=True,
    container_title="The Guardian",
    year=2021,
    month=11,
    day=3,
    note="Opinion -- see 'print' edition",
    extra_fields=(("isbn", "978-0"), ("abstract", "An {\\em abstract}")),
)
NEWSPAPER_BIB = """\
@article{darcy2021gangs,
  author = {D'Arcy, K. and Müller, Ä. and others},
  title = {Gangs, 50\\% "county lines" \\& \\{braces\\}\\_\\textasciitilde{}\\textasciicircum{}\\$\\#\\textbackslash{}},
  journal = {The Guardian},
  year = {2021},
  date = {2021-11-03},
  entrysubtype = {newspaper},
  note = {Opinion -{}- see 'print' edition},
  abstract = {An {\\em abstract}},
  isbn = {978-0}
}
"""


@pytest.mark.parametrize(
    ("entry", "expected"),
    [
        pytest.param(ARTICLE, ARTICLE_BIB, id="article-with-doi"),
        pytest.param(REPORT, REPORT_BIB, id="report-by-organisation"),
        pytest.param(CHAPTER, CHAPTER_BIB, id="chapter-with-editors-particle-suffix"),
        pytest.param(WEBPAGE, WEBPAGE_BIB, id="webpage-nd-accessed"),
        pytest.param(NEWSPAPER, NEWSPAPER_BIB, id="newspaper-et-al-escapes-extras"),
    ],
)
def test_exact_text(entry, expected):
    assert dumps_bib([entry]) == expected
    assert loads_bib(expected) == [entry]


def test_entries_sorted_by_key_and_separated_by_blank_line():
    text = dumps_bib([WEBPAGE, ARTICLE, REPORT])
    assert text == REPORT_BIB + "\n" + ARTICLE_BIB + "\n" + WEBPAGE_BIB
    assert dumps_bib([REPORT, WEBPAGE, ARTICLE]) == text
    assert dumps_bib([]) == ""


@pytest.mark.parametrize(
    ("kind", "genre", "header", "fields"),
    [
        ("book", None, "@book{", []),
        ("paper-conference", None, "@inproceedings{", ["booktitle = {C}"]),
        ("thesis", None, "@phdthesis{", ["school = {P}"]),
        ("thesis", "Master's thesis", "@mastersthesis{", ["school = {P}", "type = {Master's thesis}"]),
        ("dataset", None, "@dataset{", []),
        ("legislation", None, "@misc{", ["entrysubtype = {legislation}"]),
        ("article", None, "@misc{", []),
        ("article-magazine", None, "@article{", ["journal = {C}", "entrysubtype = {magazine}"]),
    ],
)
def test_type_mapping(kind, genre, header, fields):
    entry = Entry(key="k", type=kind, genre=genre, title="T", container_title="C", publisher="P")
    text = dumps_bib([entry])
    assert text.startswith(header + "k,\n")
    for field in fields:
        assert f"  {field}" in text
    assert loads_bib(text) == [entry]


def test_people_that_need_braces():
    people = (
        Person(family="de la Cruz"),
        Person(family="Plato"),
        Person(family="Smith and Jones", given="A, B"),
        Person(family="King", suffix="Jr"),
        Person(family="others"),
        Person(literal="Simon & Schuster"),
    )
    text = dumps_bib([Entry(key="k", title="T", authors=people)])
    assert (
        "author = {{de la Cruz}, {} and Plato and {Smith and Jones}, {A, B} and King, Jr, {}"
        " and others, {} and {Simon {\\&} Schuster}}" in text
    )
    assert loads_bib(text)[0].authors == people


def test_unwritable_particle_is_refused():
    entry = Entry(key="k", title="T", authors=(Person(family="Dyke", particle="Van", given="J."),))
    with pytest.raises(EntryValidationError, match="lower-case"):
        dumps_bib([entry])


@pytest.mark.parametrize(
    ("entry", "fragment"),
    [
        (Entry(title="No key here"), "'No key here' has no citation key"),
        (Entry(key="a b", title="T"), "cannot contain spaces"),
        (Entry(key="k", title="T", extra_fields=(("title", "x"),)), "also written from the entry"),
        (Entry(key="k", title="T", extra_fields=(("bad field", "x"),)), "not a valid BibTeX field name"),
        (Entry(key="k", title="T", extra_fields=(("isbn", "{"),)), "unpaired braces"),
        (Entry(key="k", title="T", url="https://x.org/{"), "unpaired braces"),
        (
            Entry(key="k", type="article-journal", title="T", extra_fields=(("journal", "J"),)),
            "container_title: would read back as 'J', not None",
        ),
    ],
)
def test_refuses_what_would_not_read_back(entry, fragment):
    with pytest.raises(JTDError) as info:
        dumps_bib([entry])
    assert fragment in str(info.value)


def test_duplicate_keys_refused_ignoring_case():
    with pytest.raises(JTDError, match="share the key"):
        dumps_bib([Entry(key="Smith2020", title="A"), Entry(key="smith2020", title="B")])


def test_failed_write_leaves_file_untouched(tmp_path):
    path = tmp_path / "refs.bib"
    write_bib([ARTICLE], path)
    before = path.read_bytes()
    with pytest.raises(EntryValidationError, match="no citation key"):
        write_bib([ARTICLE, Entry(title="Keyless")], path)
    assert path.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == ["refs.bib"]


def test_output_parses_cleanly_with_bibtexparser():
    text = dumps_bib([ARTICLE, REPORT, CHAPTER, WEBPAGE, NEWSPAPER])
    library = bibtexparser.parse_string(text)
    assert not library.failed_blocks
    assert [e.key for e in library.entries] == sorted(
        e.key for e in (ARTICLE, REPORT, CHAPTER, WEBPAGE, NEWSPAPER)
    )
    assert library.entries_dict["darcy2021gangs"]["date"] == "2021-11-03"
