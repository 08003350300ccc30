"""Property tests: whatever entries we write, reading the file gives the same entries back."""

import datetime as dt
import random

import bibtexparser
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from jtd_evidence.framework import STATEMENT_IDS
from jtd_evidence.models import Entry, EntryType, Person
from jtd_evidence.store import dumps_bib, loads_bib, read_bib, write_bib
from jtd_evidence.store.latex import encode

# Text that LaTeX and BibTeX treat specially, mixed with anything unicode allows in a file.
TRICKY = [*"\\{}&%$#_~^-`'!?@\"=,() \n\t\r", "and", "others", " and ", "\n  ", "é", "ß", "\u00a0", "—"]
text = st.one_of(
    st.text(st.characters(exclude_categories=("Cs",)), max_size=12),
    st.lists(st.one_of(st.sampled_from(TRICKY), st.text("abcXYZ. ", max_size=3)), max_size=8).map("".join),
)
nonblank = text.filter(lambda s: s.strip())
optional = st.none() | nonblank

people = st.one_of(
    st.builds(Person, literal=nonblank),
    st.builds(
        Person,
        family=nonblank,
        given=optional,
        particle=st.none() | st.sampled_from(["van", "van der", "de la", "von", "d'", "al"]),
        suffix=st.none() | st.sampled_from(["Jr", "III", "Snr."]) | nonblank,
    ),
)
safe_url_text = st.text("abcXYZ0189-._~%!$&'()*+;=:@/?#", max_size=15)


@st.composite
def entries(draw: st.DrawFn) -> Entry:
    year = draw(st.none() | st.integers(1800, dt.date.today().year))
    month = draw(st.none() | st.integers(1, 12)) if year else None
    day = draw(st.none() | st.integers(1, 31)) if month else None
    statements = draw(st.lists(st.sampled_from(sorted(STATEMENT_IDS)), max_size=3))
    extra_names = st.sampled_from(["isbn", "abstract", "language", "x-custom", "shorttitle", "keywords"])
    extra = draw(st.dictionaries(extra_names, st.one_of(text.map(encode), st.just(r"{\'E}tude")), max_size=2))
    return Entry(
        type=draw(st.sampled_from(list(EntryType))),
        authors=tuple(draw(st.lists(people, max_size=3))),
        authors_et_al=draw(st.booleans()),
        editors=tuple(draw(st.lists(people, max_size=2))),
        year=year,
        month=month,
        day=day,
        title=draw(optional),
        **{
            name: draw(optional)
            for name in (
                "container_title",
                "volume",
                "issue",
                "pages",
                "number",
                "edition",
                "genre",
                "publisher",
                "place",
                "note",
            )
        },
        url=draw(st.none() | safe_url_text.map(lambda s: "https://example.org/" + s)),
        doi=draw(st.none() | st.from_regex(r"10\.\d{4,9}/[a-zA-Z0-9.()<>;:%#_-]+", fullmatch=True)),
        accessed=draw(st.none() | st.dates(dt.date(1990, 1, 1), dt.date(2030, 12, 31))),
        statements=tuple(statements),
        source=draw(st.none() | text),
        extra_fields=tuple(extra.items()),
    )


@st.composite
def bibliographies(draw: st.DrawFn) -> list[Entry]:
    found = draw(st.lists(entries(), min_size=1, max_size=4))
    return [entry.model_copy(update={"key": f"k{i}"}) for i, entry in enumerate(found)]


@pytest.mark.slow
@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(bibliographies(), st.randoms())
def test_write_read_gives_equal_entries(bibliography: list[Entry], rnd: random.Random) -> None:
    text = dumps_bib(bibliography)
    read = loads_bib(text)
    assert read == sorted(bibliography, key=lambda e: str(e.key))
    rnd.shuffle(read)
    assert dumps_bib(read) == text  # same entries, any order: the same bytes
    assert not bibtexparser.parse_string(text).failed_blocks


def test_file_round_trip(tmp_path):
    entry = Entry(key="k", title="Ünïcode — & more", source="line one\n  line two\r\n")
    path = tmp_path / "refs.bib"
    write_bib([entry], path)
    assert read_bib(path) == [entry]
    first = path.read_bytes()
    write_bib(read_bib(path), path)
    assert path.read_bytes() == first
