"""CSL rules the engine follows as citeproc-js does, each on a tiny style (see the CSL test suite,
github.com/citation-style-language/test-suite, for the fixtures these mirror)."""

from __future__ import annotations

from pathlib import Path

import pytest

from jtd_evidence.formatting import format_bibliography, format_citation

HEAD = (
    '<style xmlns="http://purl.org/net/xbiblio/csl" class="in-text" version="1.0"><info><id/><title/></info>'
)


def style(tmp_path: Path, body: str, name: str = "rules") -> str:
    path = tmp_path / f"{name}.csl"
    path.write_text(HEAD + body + "</style>", encoding="utf-8")
    return str(path)


def book(key: str, title: str, **fields: object) -> dict[str, object]:
    return {"id": key, "type": "book", "title": title, **fields}


TITLE_BIB = "<citation><layout><text variable='title'/></layout></citation><bibliography>{sort}<layout>{layout}</layout></bibliography>"


def test_markup_in_a_field_is_markup_and_nocase_resists_text_case(tmp_path):
    path = style(
        tmp_path, TITLE_BIB.format(sort="", layout="<text variable='title' text-case='capitalize-all'/>")
    )
    item = book("a", 'cats (<i>Felis</i>) & the <span class="nocase">iPod</span> <b>x</b> <em>y</em>')
    assert format_bibliography([item], style=path, output="html") == [
        "Cats (<i>Felis</i>) &amp; The iPod <b>x</b> &lt;em&gt;y&lt;/em&gt;"
    ]
    plain = style(tmp_path, TITLE_BIB.format(sort="", layout="<text variable='title'/>"), "plain")
    assert format_bibliography([book("b", "An <sc>Nasa</sc> <i>unclosed")], style=plain, output="html") == [
        'An <span style="font-variant:small-caps;">Nasa</span> &lt;i&gt;unclosed'
    ]


def test_empty_sort_keys_go_last_also_when_descending(tmp_path):
    sort = "<sort><key variable='status' sort='descending'/><key variable='title'/></sort>"
    path = style(tmp_path, TITLE_BIB.format(sort=sort, layout="<text variable='title'/>"))
    items = [book("a", "A"), book("b", "B", status="forthcoming"), book("c", "C")]
    assert format_bibliography(items, style=path) == ["B", "A", "C"]


def test_sort_macros_honour_short_form_count_and_names_use_last(tmp_path):
    macros = (
        "<macro name='short'><names variable='author'><name form='short'/></names></macro>"
        "<macro name='count'><names variable='author'><name form='count'/></names></macro>"
        "<macro name='long'><names variable='author'><name/></names></macro>"
    )
    people = [{"family": f, "given": "A"} for f in ("Doe", "Xu", "Zed")]
    items = [
        book("a", "Two", author=people[:2]),
        book("b", "Zero", author=[{"family": "Doe", "given": "Z"}]),
        book("c", "Three", author=[people[0], {"family": "Ames", "given": "A"}, people[2]]),
    ]
    sort = "<sort><key macro='short'/><key macro='count'/></sort>"
    path = style(tmp_path, macros + TITLE_BIB.format(sort=sort, layout="<text variable='title'/>"), "count")
    # "Doe" ties "Doe, Z" (no given name in a short-form key), then one name before two
    assert format_bibliography(items[:2], style=path) == ["Zero", "Two"]
    sort = "<sort><key macro='long' names-min='3' names-use-first='1' names-use-last='true'/></sort>"
    path = style(tmp_path, macros + TITLE_BIB.format(sort=sort, layout="<text variable='title'/>"), "last")
    # c's key is "Doe, Zed" (first and last of three), after a's "Doe, Xu"; without names-use-last
    # it would be "Doe" alone, before a
    assert format_bibliography([items[2], items[0]], style=path) == ["Two", "Three"]


def test_an_entry_that_prints_nothing_is_left_out(tmp_path):
    layout = "<choose><if type='personal_communication' match='none'><text variable='title'/></if></choose>"
    path = style(tmp_path, TITLE_BIB.format(sort="", layout=layout))
    items = [book("a", "A"), {"id": "b", "type": "personal_communication", "title": "Letter"}, book("c", "C")]
    assert format_bibliography(items, style=path) == ["A", "C"]


def test_macros_and_nested_groups_are_groups(tmp_path):
    body = (
        "<macro name='m'><text value='X:'/><text variable='publisher'/></macro>"
        "<macro name='t'><text term='anonymous'/></macro>"
        "<citation><layout><text variable='title' suffix='|'/><text macro='m' suffix='|'/>"
        "<group delimiter='+'><text variable='edition'/><text macro='t'/></group>"
        "<group delimiter=' '><text variable='edition'/><group><text value='nested'/></group></group>"
        "</layout></citation>"
    )
    path = style(tmp_path, body)
    # as citeproc-js: a macro whose variables are all empty prints nothing, and a macro or group
    # that prints counts as a rendered variable of the group around it
    assert format_citation(book("a", "T"), style=path) == "T|anonymousnested"


def test_implicit_year_suffix_follows_the_first_year(tmp_path):
    body = (
        "<citation disambiguate-add-year-suffix='true'><layout prefix='(' suffix=')' delimiter='; '>"
        "<group delimiter=', '><names variable='author'><name form='short'/></names>"
        "<date variable='issued'><date-part name='year'/></date>"
        "<date variable='accessed'><date-part name='year'/></date></group></layout></citation>"
    )
    path = style(tmp_path, body)
    godar = {"author": [{"family": "Godar", "given": "R."}], "issued": {"date-parts": [[2021]]}}
    seen = {"accessed": {"date-parts": [[2022]]}}
    items = [book("a", "A", **godar, **seen), book("b", "B", **godar, **seen)]
    assert format_citation(items, style=path) == "(Godar, 2021a, 2022; Godar, 2021b, 2022)"


def test_initials_for_a_name_with_a_particle(tmp_path):
    body = (
        "<citation disambiguate-add-givenname='true' givenname-disambiguation-rule='primary-name'>"
        "<layout delimiter='; '><names variable='author'><name form='short' initialize-with='. '/></names>"
        "</layout></citation>"
    )
    path = style(tmp_path, body)
    dos = {"family": "Santos", "given": "Rafael", "non-dropping-particle": "dos"}
    items = [
        book("a", "A", author=[dos]),
        book("b", "B", author=[{"family": "Santos", "given": "Beatriz"}]),
        book("c", "C", author=[{"family": "Santos", "given": "Carla"}]),
    ]
    assert format_citation(items[:2], style=path) == "dos Santos; Santos"
    assert format_citation(items, style=path) == "dos Santos; B. Santos; C. Santos"


def test_name_count_adds_up_the_variables(tmp_path):
    body = (
        "<citation et-al-min='4' et-al-use-first='3'><layout><names variable='author editor'>"
        "<name form='count'/></names></layout></citation>"
    )
    path = style(tmp_path, body)
    people = [{"family": f, "given": "A"} for f in "BCDEF"]
    assert format_citation(book("a", "T", author=people, editor=people[:2]), style=path) == "5"


@pytest.mark.parametrize(
    ("given", "mark", "initialize", "want"),
    [
        ("ME", ". ", "true", "M."),
        ("ME", ". ", "false", "ME"),
        ("Ph. M.E.", "", "true", "PhME"),
        ("John M.E.", ".", "false", "John M.E."),
        ("TSerendorjiin", ".", "true", "Ts."),
        ("Guo-ping", "", "true", "G"),
        ("Mary-Kate", ". ", "true", "M.-K."),
    ],
)
def test_initials_as_citeproc_js_writes_them(tmp_path, given, mark, initialize, want):
    name = f"<name initialize-with='{mark}' initialize='{initialize}' name-as-sort-order='all'/>"
    path = style(tmp_path, f"<citation><layout><names variable='author'>{name}</names></layout></citation>")
    item = book("a", "T", author=[{"family": "Doe", "given": given}])
    assert format_citation(item, style=path) == f"Doe, {want}"


@pytest.mark.parametrize(
    ("case", "title", "want"),
    [
        (
            "title",
            "employee pro-environmental behavior: a cat/mouse study",
            "Employee Pro-Environmental Behavior: A Cat/Mouse Study",
        ),
        (
            "title",
            "out-of-fashion initiatives from “new careers” to",
            "Out-of-Fashion Initiatives from “New Careers” To",
        ),
        ("title", "UK traits—self-esteem—with 07-x – test", "UK Traits—Self-Esteem—with 07-x – Test"),
        (
            "uppercase",
            'pens & <i>pencils</i> by <span class="nocase">Smith</span>',
            "PENS &amp; <i>PENCILS</i> BY Smith",
        ),
        (
            "lowercase",
            "My <sc>Small Caps</sc> and <sup>Sup</sup>",
            'my <span style="font-variant:small-caps;">Small Caps</span> and <sup>Sup</sup>',
        ),
    ],
)
def test_text_case_leaves_markup_and_protected_text_alone(tmp_path, case, title, want):
    path = style(
        tmp_path, f"<citation><layout><text variable='title' text-case='{case}'/></layout></citation>"
    )
    assert format_citation(book("a", title), style=path, output="html") == want


def test_nested_decorations_flip_and_nodecor_undoes_them(tmp_path):
    path = style(
        tmp_path, "<citation><layout><text variable='title' font-style='italic'/></layout></citation>"
    )
    title = 'One <i>Two</i> <span class="nodecor">v.</span> <b>Three</b>'
    assert format_citation(book("a", title), style=path, output="html") == (
        '<i>One <span style="font-style:normal;">Two</span> <span style="font-style:normal;">v.</span>'
        " <b>Three</b></i>"
    )


def test_cites_of_one_author_are_grouped_by_a_sorted_citation(tmp_path):
    citation = (
        "<citation collapse='year'{extra}><sort><key variable='issued'/></sort>"
        "<layout delimiter='; '><group delimiter=' '><names variable='author'><name form='short'/></names>"
        "<date variable='issued'><date-part name='year'/></date></group></layout></citation>"
    )
    path = style(tmp_path, citation.format(extra=""))
    items = [
        book("s10", "A", author=[{"family": "Smith", "given": "J"}], issued={"date-parts": [[2010]]}),
        book("j05", "B", author=[{"family": "Jones", "given": "K"}], issued={"date-parts": [[2005]]}),
        book("s03", "C", author=[{"family": "Smith", "given": "J"}], issued={"date-parts": [[2003]]}),
    ]
    assert format_citation(items, style=path) == "Smith 2003, 2010; Jones 2005"
    # cite-group-delimiter groups without leaving the author out
    grouped = style(
        tmp_path, citation.replace("collapse='year'", "").format(extra=" cite-group-delimiter=', '"), "g"
    )
    assert format_citation(items, style=grouped) == "Smith 2003, Smith 2010; Jones 2005"


def test_implicit_year_suffix_in_a_localised_date_and_collapsed(tmp_path):
    body = (
        "<citation collapse='year-suffix' cite-group-delimiter=', ' disambiguate-add-year-suffix='true'>"
        "<layout prefix='(' suffix=')' delimiter='; '><group delimiter=' '><names variable='author'>"
        "<name form='short'/></names><date variable='issued' form='text' date-parts='year'/></group>"
        "</layout></citation>"
    )
    path = style(tmp_path, body)
    aalto = {"author": [{"family": "Aalto", "given": "A"}], "issued": {"date-parts": [[2015]]}}
    assert (
        format_citation([book("a", "A", **aalto), book("b", "B", **aalto)], style=path) == "(Aalto 2015a, b)"
    )


def test_upper_and_lower_case_follow_the_item_language(tmp_path):
    # Turkish: "i" capitalises to dotted "İ", dotless "ı" to "I" (JavaScript's toLocaleUpperCase)
    path = style(tmp_path, TITLE_BIB.format(sort="", layout="<text variable='title' text-case='uppercase'/>"))
    items = [book("a", "ic ıd", language="tr"), book("b", "ic ıd", language="en-GB")]
    assert format_bibliography(items, style=path, output="text") == ["İC ID", "IC ID"]


def test_title_case_leaves_lone_greek_letters_and_orphan_quotes_alone(tmp_path):
    path = style(tmp_path, TITLE_BIB.format(sort="", layout="<text variable='title' text-case='title'/>"))
    items = [
        book("a", "saline solution of β-carotine", language="en"),
        book("b", 'rights of "positive duties " of state'),
    ]
    assert format_bibliography(items, style=path, output="text") == [
        "Saline Solution of β-Carotine",  # a Greek letter standing alone is a symbol (citeproc-js)
        'Rights of "Positive Duties " of State',  # a lone closing quote ends no sentence
    ]


def test_a_narrow_no_break_space_binds_guillemets_and_high_punctuation(tmp_path):
    # citeproc-js: field text's space after « and before » : ; ? ! becomes U+202F
    path = style(tmp_path, TITLE_BIB.format(sort="", layout="<text variable='title'/>"))
    items = [book("a", "His « Anonymous » Life : why ?")]
    assert format_bibliography(items, style=path, output="text") == [
        "His «\u202fAnonymous\u202f» Life\u202f: why\u202f?"
    ]
