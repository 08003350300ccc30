"""Names, labels made from names and disambiguation as citeproc-js renders them, each on a tiny
style mirroring a fixture of the CSL test suite."""

from __future__ import annotations

from pathlib import Path

from jtd_evidence import Cite, format_citations
from jtd_evidence.formatting import format_bibliography, format_citation
from jtd_evidence.formatting._citation_label import citation_label


def style(tmp_path: Path, body: str, name: str = "names", cls: str = "in-text") -> str:
    path = tmp_path / f"{name}.csl"
    path.write_text(
        f'<style xmlns="http://purl.org/net/xbiblio/csl" class="{cls}" version="1.0"><info><id/><title/></info>'
        + body
        + "</style>",
        encoding="utf-8",
    )
    return str(path)


PARSE = {"parse-names": True}
"""A name asks for citeproc-js's particle and suffix parsing (Zotero turns it off)."""

PLAIN_NAMES = "<citation><layout><names variable='author'><name/></names></layout></citation>"
"""A citation of the author's names in long form."""


def book(key: str, *families: str, year: int | None = None, **fields: object) -> dict[str, object]:
    item: dict[str, object] = {"id": key, "type": "book", **fields}
    if families:
        item["author"] = [{"family": family, "given": "A."} for family in families]
    if year is not None:
        item["issued"] = {"date-parts": [[year]]}
    return item


def test_citation_label_is_a_trigraph_or_the_items_own_label_with_its_year_suffix(tmp_path):
    path = style(
        tmp_path,
        "<citation disambiguate-add-year-suffix='true'><layout delimiter='; '>"
        "<text variable='citation-label'/></layout></citation>",
    )
    items = [
        book("a", "Asthma", year=2000),
        book("b", "Asthma", year=2000, title="Other"),
        book("c", "Bronchitis", "Cholera", year=1998),
        book("d", "von Dipheria", "Eczema", "Flatulence", "Goiter", "Hiccups", year=1926),
        book("e", "Zed", year=1900, **{"citation-label": "Spiff1900"}),
    ]
    assert format_citation(items, style=path) == "Asth00a; Asth00b; BrCh98; DEFG26; Spiff1900"
    assert citation_label({"title": "the  big book"}) == "Theb00"


SAS_STYLE = (
    "<citation><layout><text variable='title'/></layout></citation>"
    "<bibliography subsequent-author-substitute='---'{rule}><sort><key macro='author'/><key variable='title'/></sort>"
    "<layout><group delimiter='. '><text macro='author'/><text variable='title'/></group></layout></bibliography>"
)
SAS_MACRO = (
    "<macro name='author'><names variable='author'><name name-as-sort-order='first' and='text'/>"
    "<label form='short' prefix=' '/><substitute><names variable='editor'/><text variable='title'/></substitute>"
    "</names></macro>"
)


def test_subsequent_author_substitute_replaces_a_repeated_author_but_keeps_its_label(tmp_path):
    path = style(tmp_path, SAS_MACRO + SAS_STYLE.format(rule=""))
    doe = [{"family": "Doe", "given": "John"}]
    items = [
        {"id": "a", "type": "book", "title": "A", "author": doe},
        {"id": "b", "type": "book", "title": "B", "editor": doe},  # the editor's label ("ed.") is no sort key
        {"id": "c", "type": "book", "title": "C", "author": [*doe, {"family": "Roe", "given": "Jane"}]},
        {"id": "d", "type": "book", "title": "Untitled"},
        {"id": "e", "type": "book", "title": "Untitled"},  # a substituted title is compared as the names
    ]
    assert format_bibliography(items, style=path) == [
        "Doe, John. A",
        "--- ed. B",
        "Doe, John and Jane Roe. C",
        "Untitled",
        "---",
    ]


def test_subsequent_author_substitute_partial_each_replaces_the_leading_names_that_match(tmp_path):
    path = style(
        tmp_path, SAS_MACRO + SAS_STYLE.format(rule=" subsequent-author-substitute-rule='partial-each'")
    )
    doe, roe, poe = ({"family": f, "given": "J"} for f in ("Doe", "Roe", "Poe"))
    items = [
        {"id": "a", "type": "book", "title": "A", "author": [doe, roe]},
        {"id": "b", "type": "book", "title": "B", "author": [doe, poe]},
    ]
    assert format_bibliography(items, style=path) == ["Doe, J and J Poe. B", "--- and J Roe. A"]


def test_no_substitute_when_something_prints_before_the_names(tmp_path):
    body = SAS_MACRO + SAS_STYLE.format(rule="").replace(
        "<group delimiter='. '>", "<group delimiter='. '><text value='See'/>"
    )
    path = style(tmp_path, body)
    doe = [{"family": "Doe", "given": "J"}]
    items = [{"id": k, "type": "book", "title": k, "author": doe} for k in "AB"]
    assert format_bibliography(items, style=path) == ["See. Doe, J. A", "See. Doe, J. B"]


GLOBAL_RULE = (
    "<citation disambiguate-add-givenname='true' givenname-disambiguation-rule='{rule}'>"
    "<layout delimiter='; '><group delimiter=' '><names variable='author'>"
    "<name form='short' and='text' delimiter=', ' delimiter-precedes-last='never'{initialize}/></names>"
    "<date variable='issued'><date-part name='year'/></date></group></layout></citation>"
)


def people(*names: tuple[str, str]) -> list[dict[str, str]]:
    return [{"family": family, "given": given} for family, given in names]


def test_all_names_rule_gives_initials_where_they_tell_names_apart_and_else_the_given_name(tmp_path):
    items = [
        {
            "id": "a",
            "type": "book",
            "issued": {"date-parts": [[1980]]},
            "author": people(("Asthma", "Albert"), ("Bronchitis", "Bosworth"), ("Cold", "Crispin")),
        },
        {
            "id": "b",
            "type": "book",
            "issued": {"date-parts": [[1995]]},
            "author": people(("Asthma", "Albert"), ("Bronchitis", "Beauregarde"), ("Cold", "Odeous")),
        },
    ]
    initialized = style(
        tmp_path, GLOBAL_RULE.format(rule="all-names", initialize=" initialize-with='. '"), "all"
    )
    assert format_citation(items, style=initialized) == (
        "Asthma, Bosworth Bronchitis and C. Cold 1980; Asthma, Beauregarde Bronchitis and O. Cold 1995"
    )
    with_initials = style(
        tmp_path,
        GLOBAL_RULE.format(rule="all-names-with-initials", initialize=" initialize-with='. '"),
        "init",
    )
    assert format_citation(items, style=with_initials) == (
        "Asthma, Bronchitis and C. Cold 1980; Asthma, Bronchitis and O. Cold 1995"
    )


def test_primary_name_rule_without_initialize_with_gives_the_first_names_given_name(tmp_path):
    items = [
        {
            "id": "a",
            "type": "book",
            "issued": {"date-parts": [[1980]]},
            "author": people(("Asthma", "Aloysius"), ("Bronchitis", "Bosworth")),
        },
        {
            "id": "b",
            "type": "book",
            "issued": {"date-parts": [[1995]]},
            "author": people(("Asthma", "Artemis"), ("Bronchitis", "Beau")),
        },
        {"id": "c", "type": "book", "issued": {"date-parts": [[2001]]}, "author": people(("Doe", "J. J."))},
        {"id": "d", "type": "book", "issued": {"date-parts": [[2002]]}, "author": people(("Doe", "J.J."))},
    ]
    path = style(tmp_path, GLOBAL_RULE.format(rule="primary-name", initialize=""))
    assert format_citation(items, style=path) == (
        "Aloysius Asthma and Bronchitis 1980; Artemis Asthma and Bronchitis 1995; Doe 2001; Doe 2002"
    )


def test_person_names_given_only_east_asian_comma_suffix_and_delimiter_after_inverted_name(tmp_path):
    body = (
        "<citation><layout delimiter='; '><names variable='author'>"
        "<name name-as-sort-order='first' and='text' delimiter-precedes-last='after-inverted-name'"
        " delimiter-precedes-et-al='after-inverted-name' et-al-min='3' et-al-use-first='1'/>"
        "</names></layout></citation>"
    )
    path = style(tmp_path, body)
    items = [
        {"id": "a", "type": "book", "author": [{"given": "Banksy"}]},
        {"id": "b", "type": "book", "author": [{"family": "我妻", "given": "栄"}]},
        {"id": "c", "type": "book", "author": people(("Appleby", "Al"), ("Brown", "Bo"))},
        {"id": "d", "type": "book", "author": people(("Doe", "Jo"), ("Roe", "Ja"), ("Poe", "Ed"))},
    ]
    assert format_citation(items, style=path) == "Banksy; 我妻栄; Appleby, Al, and Bo Brown; Doe, Jo, et al."
    long_form = style(tmp_path, PLAIN_NAMES, "l")
    doe = {"family": "Doe", "given": "Jeffrey", "suffix": "Jr.", "comma-suffix": True}
    assert (
        format_citation({"id": "e", "type": "book", "author": [doe]}, style=long_form) == "Jeffrey Doe, Jr."
    )


def test_a_substitute_renders_a_variable_once_and_an_empty_term_ends_it(tmp_path):
    body = (
        "<macro name='editor'><names variable='editor'><name/><label prefix=' ' form='short'/></names>"
        "<names variable='editor'><name/></names></macro>"
        "<citation><layout><group delimiter=' '><group><text value='By'/></group><names variable='translator'><name/>"
        "<substitute>{first}<text macro='editor'/></substitute></names></group></layout></citation>"
    )
    item = {"id": "a", "type": "book", "editor": [{"family": "Doe", "given": "Jo"}]}
    once = style(tmp_path, body.format(first=""), "once")
    assert format_citation(item, style=once) == "By Jo Doe ed."
    empty_term = style(
        tmp_path,
        "<locale><terms><term name='editor'></term></terms></locale>"
        + body.format(first="<text term='editor'/>"),
        "term",
    )
    assert format_citation(item, style=empty_term) == "By"


def test_et_al_min_without_et_al_use_first_abbreviates_nothing(tmp_path):
    body = (
        "<citation et-al-use-first='1'><layout><names variable='author'><name et-al-min='3' delimiter=', '/>"
        "</names></layout></citation><bibliography><layout><names variable='author'>"
        "<name et-al-min='3' delimiter=', '/></names></layout></bibliography>"
    )
    path = style(tmp_path, body)
    item = {"id": "a", "type": "book", "author": people(("Doe", "Jo"), ("Roe", "Ja"), ("Poe", "Ed"))}
    assert format_bibliography([item], style=path) == ["Jo Doe, Ja Roe, Ed Poe"]
    assert format_citation(item, style=path) == "Jo Doe et al."


def test_particles_are_parsed_from_family_and_given_names(tmp_path):
    body = (
        "<citation><sort><key variable='author'/></sort><layout delimiter='; '><names variable='author'>"
        "<name name-as-sort-order='all' sort-separator=', '/></names></layout></citation>"
    )
    path = tmp_path / "particles.csl"
    path.write_text(
        '<style xmlns="http://purl.org/net/xbiblio/csl" class="in-text" version="1.0"'
        ' demote-non-dropping-particle="sort-only"><info><id/><title/></info>' + body + "</style>",
        encoding="utf-8",
    )
    items = [
        {"id": "v", "type": "book", "author": [{"family": "van der Vlist", "given": "Eric", **PARSE}]},
        {"id": "g", "type": "book", "author": [{"family": "van Gogh", "given": "Vincent", **PARSE}]},
        {"id": "h", "type": "book", "author": [{"family": "Humboldt", "given": "Alexander von", **PARSE}]},
        {"id": "o", "type": "book", "author": [{"family": "al-One", "given": "Alan", **PARSE}]},
    ]
    assert format_citation(items, style=str(path)) == (
        "van Gogh, Vincent; Humboldt, Alexander von; al-One, Alan; van der Vlist, Eric"
    )
    # as Zotero: no parsing, "van Gogh" sorts under V
    as_zotero = [
        {**item, "author": [{k: v for k, v in item["author"][0].items() if k != "parse-names"}]}
        for item in items[1:3]
    ]
    assert format_citation(as_zotero, style=str(path)) == "Humboldt, Alexander von; van Gogh, Vincent"


def test_disambiguate_tests_hold_one_at_a_time_until_cites_read_differently(tmp_path):
    body = (
        "<citation><layout><group delimiter=', '><names variable='author'><name/></names>"
        "<choose><if disambiguate='true'><text variable='title'/></if></choose>"
        "<choose><if disambiguate='true'><number variable='edition'/></if></choose>"
        "</group></layout></citation>"
    )
    path = style(tmp_path, body)
    smith = [{"family": "Smith", "given": "John"}]
    items = [
        {"id": "a", "type": "book", "author": smith, "title": "One", "edition": 3},
        {"id": "b", "type": "book", "author": smith, "title": "Two", "edition": 4},
        {"id": "c", "type": "book", "author": smith, "title": "Works", "edition": 5},
        {"id": "d", "type": "book", "author": smith, "title": "Works", "edition": 6},
        {"id": "e", "type": "book", "author": [{"family": "Trisk", "given": "Yost"}], "title": "One"},
    ]
    cites = [format_citation(item, style=path, context=items) for item in items]
    assert cites == [
        "John Smith, One",
        "John Smith, Two",
        "John Smith, Works, 5",
        "John Smith, Works, 6",
        "Yost Trisk",
    ]


def test_a_family_name_in_double_quotes_is_kept_whole(tmp_path):
    path = style(tmp_path, PLAIN_NAMES)
    item = {"id": "a", "type": "book", "author": [{"family": '"Van Dyke"', "given": "Dick"}]}
    assert format_citation(item, style=path) == "Dick Van Dyke"


def test_name_parts_format_particles_apart_from_the_family_name(tmp_path):
    body = (
        "<citation><layout delimiter='; '><names variable='author'><name{inverted}>"
        "<name-part name='family' text-case='uppercase' prefix='(' suffix=')'/>"
        "<name-part name='given' font-style='italic'/></name></names></layout></citation>"
    )
    meer = {"given": "Gerard", "dropping-particle": "van", "non-dropping-particle": "der", "family": "Meer"}
    item = {"id": "a", "type": "book", "author": [meer]}
    plain = style(tmp_path, body.format(inverted=""), "plain")
    assert format_citation(item, style=plain, output="html") == "<i>Gerard</i> (van DER MEER)"
    inverted = style(tmp_path, body.format(inverted=" name-as-sort-order='all'"), "inverted")
    assert format_citation(item, style=inverted, output="html") == "(MEER), <i>Gerard</i> <i>van</i> DER"


def test_a_suffix_after_a_comma_in_the_given_name_and_sorting_by_citation_label(tmp_path):
    path = style(tmp_path, PLAIN_NAMES)
    with_comma = {"id": "a", "type": "book", "author": [{"family": "Doe", "given": "John,! Jr.", **PARSE}]}
    without = {"id": "b", "type": "book", "author": [{"family": "Doe", "given": "John, III", **PARSE}]}
    assert format_citation(with_comma, style=path) == "John Doe, Jr."
    assert format_citation(without, style=path) == "John Doe III"
    labels = style(
        tmp_path,
        "<citation><sort><key variable='citation-label'/></sort><layout delimiter=', '>"
        "<text variable='citation-label'/></layout></citation>",
        "labels",
    )
    items = [book("r", "Roe", "Noakes", year=1978), book("d", "Doe", year=1965)]
    assert format_citation(items, style=labels) == "Doe65, RoNo78"


def test_et_al_subsequent_applies_to_a_work_cited_before_and_an_apostrophe_particle_joins(tmp_path):
    body = (
        "<citation et-al-min='5' et-al-use-first='5' et-al-subsequent-min='3' et-al-subsequent-use-first='1'>"
        "<layout><names variable='author'><name/></names></layout></citation>"
    )
    path = style(tmp_path, body)
    item = {"id": "a", "type": "book", "author": people(("Doe", "John"), ("Roe", "Jane"), ("Poe", "Ed"))}
    assert format_citations([[Cite("a")], [Cite("a")]], style=path, context=[item]) == [
        "John Doe, Jane Roe, Ed Poe",
        "John Doe et al.",
    ]
    jones = {
        "id": "j",
        "type": "book",
        "author": [{"family": "Jones", "given": "John", "dropping-particle": "d'"}],
    }
    assert format_citation(jones, style=path) == "John d’Jones"


def test_a_parsed_particle_keeps_the_space_after_its_apostrophe(tmp_path):
    path = tmp_path / "never.csl"
    path.write_text(
        '<style xmlns="http://purl.org/net/xbiblio/csl" class="in-text" version="1.0"'
        ' demote-non-dropping-particle="never"><info><id/><title/></info><citation><layout delimiter="; ">'
        '<names variable="author"><name name-as-sort-order="all" initialize-with=" "/></names>'
        "</layout></citation></style>",
        encoding="utf-8",
    )
    items = [
        {"id": "f", "type": "book", "author": [{"family": "de'Frinkle", "given": "Bevis", **PARSE}]},
        {"id": "g", "type": "book", "author": [{"family": "de' Frinkle", "given": "Bevis", **PARSE}]},
    ]
    assert format_citation(items, style=str(path)) == "de’Frinkle, B; de’ Frinkle, B"
