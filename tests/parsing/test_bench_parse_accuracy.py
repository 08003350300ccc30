"""The accuracy benchmark's scorer (normalisation, counting) and the development set's files."""

from pathlib import Path

import pytest
from script_modules import load_script

from jtd_evidence.models import Entry, Person
from jtd_evidence.parsing.labels import format_tagged, parse_tagged

ROOT = Path(__file__).resolve().parents[2]
bench = load_script("bench_parse_accuracy")
DEV_FILES = sorted((ROOT / "data" / "parser" / "dev").glob("*.tagged"))


@pytest.mark.parametrize(
    ("function", "value", "expected"),
    [
        (bench.normalise_text, "*Child  Development*.", "child development"),
        (bench.normalise_text, "“Men behaving badly”: patriarchy", 'men behaving badly": patriarchy'),
        (bench.normalise_text, "Développement’s", "developpement's"),
        (bench.normalise_text, " .,", None),
        (bench.normalise_pages, "pp. 13 – 30", "13-30"),
        (bench.normalise_pages, "S28—40.", "s28-40"),
        (bench.normalise_doi, "https://doi.org/10.1377/HLTHAFF.21.2.13.", "10.1377/hlthaff.21.2.13"),
        (bench.normalise_doi, "doi: 10.1364/BOE.6.001565", "10.1364/boe.6.001565"),
        (bench.normalise_url, "<HTTPS://WWW.Gov.UK/Guidance/>.", "https://www.gov.uk/Guidance"),
        (bench.normalise_url, "WWW.Gov.UK/Guidance.", "https://www.gov.uk/Guidance"),
        (bench.normalise_url, "http://www.gov.uk/guidance", "http://www.gov.uk/guidance"),
        (bench.normalise_url, "geography.org.uk/", "https://geography.org.uk"),
        (bench.year_of, "2018a", 2018),
        (bench.year_of, "n.d.", None),
        (bench.year_of, "12 March 2024", 2024),
    ],
)
def test_normalisation(function, value, expected):
    assert function(value) == expected


def test_gold_authors_are_family_names_in_order_and_et_al_is_dropped():
    ref = parse_tagged(
        "<author>van der Kolk, B., Brönte, A. &amp; Yeo, C., et al.</author> (<date>2014</date>)."
    )
    assert bench.gold_fields(ref)["author"] == ("van der kolk", "bronte", "yeo")
    assert bench.gold_fields(ref, ("Araujo de Carvalho",))["author"] == ("araujo de carvalho",)


def _fields(**values):
    return {name: values.get(name.replace("-", "_")) for name in bench.FIELDS}


def test_a_field_counts_when_either_side_has_it_and_is_right_only_when_both_agree():
    score = bench.Score()
    gold = _fields(title="a", year=2020, volume="3")
    predicted = _fields(title="a", year=2021, pages="1-2")
    wrong = score.add(gold, predicted)
    assert sorted(wrong) == ["pages", "volume", "year"]  # missing on one side is wrong
    assert score.total["title"] == score.correct["title"] == 1
    assert score.total["doi"] == 0  # missing on both sides: not counted
    assert score.total["pages"] == 1 and score.correct["pages"] == 0
    assert score.accuracy == 1 / 4
    assert score.fully_right == 0
    score.add(gold, gold)
    assert score.references == 2 and score.fully_right == 1 and score.full_share == 0.5


def test_scoring_a_parser_end_to_end(tmp_path):
    (tmp_path / "a.tagged").write_text(
        "# subset: intl-academic\n"
        "<author>Yeo, A.</author> (<date>2021</date>). <title>Community engagement</title>. "
        "<container-title>Child Dev</container-title>, <volume>4</volume>, <pages>1–9</pages>.\n"
        "# subset: uk-grey\n"
        "<author>Home Office</author> (<date>2019</date>) <title>Report</title>.\n",
        encoding="utf-8",
    )

    def parser(text):
        if text.startswith("Yeo"):
            return Entry(
                title="Community engagement",
                authors=(Person(family="Yeo", given="A."),),
                year=2021,
                container_title="Child Dev",
                volume="4",
                pages="1-9",
            )
        raise ValueError("cannot read")  # counts as an empty entry

    scores, errors = bench.score(bench.read_dev(tmp_path), parser)
    assert scores["intl-academic"].full_share == 1.0 and scores["intl-academic"].accuracy == 1.0
    assert scores["uk-grey"].accuracy == 0.0 and scores["all"].references == 2
    assert sorted(name for _, name, _, _ in errors) == ["author", "title", "year"]
    table = bench.report({"a:grammar": scores, "b:learned": scores})
    assert "field accuracy" in table and "grammar" in table and "learned" in table
    assert table.splitlines()[3].split()[-1] == f"{scores['all'].accuracy:.3f}"  # all, the second parser


def test_a_reference_without_a_subset_is_refused(tmp_path):
    (tmp_path / "a.tagged").write_text("<title>x</title>\n", encoding="utf-8")
    with pytest.raises(SystemExit, match="subset"):
        bench.read_dev(tmp_path)


@pytest.mark.parametrize("path", DEV_FILES, ids=lambda p: p.name)
def test_dev_files_are_canonical_tagged_lines_with_provenance(path):
    lines = path.read_text(encoding="utf-8").splitlines()
    assert any(line.startswith("# source: ") for line in lines), "name the source document"
    for number, line in enumerate(lines, start=1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        ref = parse_tagged(line, path.name, number)
        assert format_tagged(ref) == line, f"{path.name}:{number} is not in canonical form"
        for span in ref.spans:  # spans hold no surrounding blanks
            value = ref.text[span.start : span.end]
            assert value == value.strip(), f"{path.name}:{number} {span.label.value} {value!r}"


def test_dev_set_has_both_subsets():
    references = bench.read_dev(ROOT / "data" / "parser" / "dev")
    subsets = {item.subset for item in references}
    assert subsets == set(bench.SUBSETS)
