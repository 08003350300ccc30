import datetime as dt
import json

import pytest

import jtd_evidence
from jtd_evidence.exceptions import FormatError
from jtd_evidence.formats import detect_format, dumps, loads
from jtd_evidence.models import Entry, Person
from jtd_evidence.store.latex import decode, encode

TRICKY = [
    Entry(
        key="berg2019title",
        type="chapter",
        authors=(Person(family="Berg", given="A.", particle="van der"), Person(literal="Home Office")),
        authors_et_al=True,
        editors=(Person(family="King", given="M. L.", suffix="Jr."),),
        year=2019,
        month=5,
        day=3,
        title="Risk & “harm”: 50% of {braces} #1_a",
        container_title="Handbook, 2nd part",
        pages="9-20",
        edition="2",
        publisher="Policy Press",
        place="Bristol",
        url="https://example.org/a_b?x=1&y=2",
        doi="10.1000/xyz(1)",
        accessed=dt.date(2021, 5, 1),
        note="See also the video.",
        statements=("LC3", "WC1"),
        source="van der Berg, A. (2019). Risk...",
        extra_fields=(("isbn", "978-1-4473-1234-5"), ("keywords", "CSE, county lines")),
    ),
    Entry(key="anon", title="Untitled leaflet"),
]


@pytest.mark.parametrize("name", ["csl-json", "ris", "bibtex", "biblatex"])
def test_round_trip_of_the_shipped_base(name):
    entries = list(jtd_evidence.load())
    text = dumps(entries, name)
    assert detect_format(text) == name.replace("biblatex", "bibtex")
    if name == "biblatex":  # the source text comes back as the annotation field it was written to
        entries = [as_biblatex_reads(entry) for entry in entries]
    assert loads(text) == entries
    assert dumps(loads(text), name) == text


def as_biblatex_reads(entry):
    if entry.source is None:
        return entry
    annotation = encode(entry.source)
    assert decode(annotation) == entry.source
    extra = tuple(sorted((*entry.extra_fields, ("annotation", annotation))))
    return entry.model_copy(update={"source": None, "extra_fields": extra})


@pytest.mark.parametrize("name", ["csl-json", "ris", "bibtex", "biblatex"])
def test_round_trip_of_tricky_entries(name):
    by_key = sorted(TRICKY, key=lambda e: e.key)
    if name == "biblatex":
        by_key = [as_biblatex_reads(entry) for entry in by_key]
    assert sorted(loads(dumps(TRICKY, name)), key=lambda e: e.key) == by_key


def test_biblatex_vocabulary():
    report = Entry(
        key="r", type="report", title="R", year=2020, month=5, publisher="Home Office", place="London"
    )
    thesis = Entry(
        key="t", type="thesis", title="T", year=2019, publisher="Cardiff University", genre="PhD thesis"
    )
    text = dumps([report, thesis, TRICKY[0]], "biblatex")
    assert "@report{r," in text and "@thesis{t," in text
    assert "  date = {2020-05}," in text and "year =" not in text
    assert "  location = {London}" in text and "address" not in text
    assert "  institution = {Cardiff University}," in text


def test_statement_tags_are_carried_as_keywords():
    ris = dumps(TRICKY[:1], "ris")
    assert "KW  - LC3\nKW  - WC1\nKW  - CSE\nKW  - county lines" in ris
    csl = json.loads(dumps(TRICKY[:1], "csl-json"))[0]
    assert csl["keyword"] == "LC3, WC1, CSE, county lines"


ZOTERO_CSL = """[
  {"id": "http://zotero.org/users/1/items/ABC", "type": "article-journal",
   "title": "Mitigating harm", "container-title": "Children & Society",
   "author": [{"family": "Hickle", "given": "Kristine"}, {"family": "Hallett", "given": "Sophie"}],
   "issued": {"date-parts": [["2016", 7, 1]]}, "volume": "30", "issue": "4", "page": "302-313",
   "DOI": "10.1111/chso.12145", "ISSN": "1099-0860", "keyword": "LC3, harm reduction",
   "accessed": {"date-parts": [[2021, 5, 1]]}},
  {"id": "x2", "type": "post-weblog", "title": "A blog post", "author": [{"literal": "NSPCC"}],
   "issued": {"raw": "2020-03"}, "URL": "https://learning.nspcc.org.uk/x"}
]"""


def test_import_zotero_csl_json():
    first, second = loads(ZOTERO_CSL)
    assert first.type.value == "article-journal" and first.year == 2016 and first.month == 7
    assert first.statements == ("LC3",)
    assert dict(first.extra_fields) == {"issn": "1099-0860", "keywords": "harm reduction"}
    assert first.accessed == dt.date(2021, 5, 1)
    assert second.type.value == "webpage" and second.authors == (Person(literal="NSPCC"),)
    assert (second.year, second.month) == (2020, 3)
    assert dict(second.extra_fields) == {"csl-type": "post-weblog"}


ENDNOTE_RIS = """TY  - JOUR
AU  - Firmin, Carlene
AU  - Lloyd, Jenny
T1  - Green lights and red flags
JO  - Social Sciences
Y1  - 2020/11/04/
VL  - 9
IS  - 11
SP  - 205
KW  - WC2
KW  - contextual safeguarding
SN  - 2076-0760
UR  - https://www.mdpi.com/2076-0760/9/11/205
ER  -

TY  - RPRT
AU  - Home Office
TI  - Serious violence strategy: a long title that
  wraps onto a second line
PY  - 2018
PB  - Home Office
CY  - London
ER  -
"""


def test_import_endnote_ris():
    first, second = loads(ENDNOTE_RIS, source="export.ris")
    assert first.authors[0] == Person(family="Firmin", given="Carlene")
    assert (first.year, first.month, first.day) == (2020, 11, 4)
    assert first.container_title == "Social Sciences" and first.pages == "205"
    assert first.statements == ("WC2",)
    assert dict(first.extra_fields) == {"isbn": "2076-0760", "keywords": "contextual safeguarding"}
    assert second.authors == (Person(literal="Home Office"),)
    assert second.title == "Serious violence strategy: a long title that wraps onto a second line"


def test_wrong_format_names_what_was_detected():
    with pytest.raises(FormatError, match=r"looks like RIS, not BibTeX.*--format ris"):
        loads(ENDNOTE_RIS, format="bibtex", source="export.ris")
    with pytest.raises(FormatError, match="looks like CSL-JSON, not RIS"):
        loads(ZOTERO_CSL, format="ris")


def test_detect_format():
    assert detect_format("@article{a, title={x}}") == "bibtex"
    assert detect_format("Smith, J. (2020). *Title*. Publisher.") == "text"
    assert detect_format("Contact us @researchIP") == "text"
    assert detect_format("[1] Smith J. Title. London: Sage; 2020.") == "text"


def test_malformed_inputs_name_source_and_line():
    with pytest.raises(FormatError, match=r"refs.json:1: not valid JSON"):
        loads("[{", format="csl-json", source="refs.json")
    with pytest.raises(FormatError, match="no 'ER  - ' end line"):
        loads("TY  - JOUR\nTI  - Unfinished\n", source="a.ris")
    with pytest.raises(FormatError, match="not CSL-JSON items"):
        loads('[{"name": 1}]', source="x.json")
