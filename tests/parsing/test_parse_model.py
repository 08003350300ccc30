"""The CRF labeller: it learns what it is shown, deterministically, and says how sure it is."""

import random

import pytest

from jtd_evidence.exceptions import TrainingError
from jtd_evidence.parsing.labels import Label, format_tagged, parse_tagged
from jtd_evidence.parsing.model import Labeller, sequence, train, without_words

LINES = [
    "<author>Firmin, C.</author> (<date>2020</date>). <title>Contextual safeguarding</title>. <publisher>Routledge</publisher>.",
    "<author>Yeo, A.</author> (<date>2021</date>). <title>Community engagement</title>. <publisher>TCE Support Programme</publisher>.",
    "<author>Hill, N., &amp; Wroe, L.</author> (<date>2019</date>). <title>Young people's voices</title>. <container-title>Child Abuse Review</container-title>, <volume>28</volume>(<issue>3</issue>), <pages>12–30</pages>.",
    "<author>Holmes, D.</author> (<date>2022</date>). <title>Transitional safeguarding</title>. <container-title>Practice</container-title>, <volume>34</volume>(<issue>1</issue>), <pages>7–23</pages>. <doi>https://doi.org/10.1080/09503153.2021.1904864</doi>",
    "<author>Department for Education</author> (<date>2018</date>). <title>Working together to safeguard children</title>. <publisher>HM Government</publisher>. <url>https://www.gov.uk/working-together</url>",
    "<author>Lloyd, J.</author> (<date>2017</date>). <title>Gendered responses</title>. <place>London</place>: <publisher>Policy Press</publisher>.",
]  # fmt: skip


def test_the_model_learns_its_training_data_and_is_deterministic(tmp_path):
    references = [parse_tagged(line) for line in LINES]
    assert train(references * 3, tmp_path / "a.crfsuite") == 18
    train(references * 3, tmp_path / "b.crfsuite")
    assert (tmp_path / "a.crfsuite").read_bytes() == (tmp_path / "b.crfsuite").read_bytes()


def test_repeated_references_train_the_model_of_the_repeats_written_out(tmp_path):
    references = [parse_tagged(line) for line in LINES]
    once, again = references[:2], references[2:]
    train(once + again * 3, tmp_path / "a.crfsuite", max_iterations=20)
    assert train(once, tmp_path / "b.crfsuite", repeated=again, times=3, max_iterations=20) == 2 + 4
    # one copy of weight 3, not three of weight 1: the same objective, summed in another order
    written_out, weighted_once = Labeller(tmp_path / "a.crfsuite"), Labeller(tmp_path / "b.crfsuite")
    for text in [reference.text for reference in references] + ["Smith, J. (2015). A study. London: Press."]:
        one, other = written_out.label(text), weighted_once.label(text)
        assert one.labels == other.labels
        assert one.confidence == pytest.approx(other.confidence, abs=1e-6)
    train(once, tmp_path / "c.crfsuite", repeated=again, times=1, max_iterations=20)  # so the test can fail
    weight_one = Labeller(tmp_path / "c.crfsuite")
    gaps = [
        abs(a - b)
        for reference in references
        for a, b in zip(
            weight_one.label(reference.text).confidence,
            weighted_once.label(reference.text).confidence,
            strict=True,
        )
    ]
    assert max(gaps) > 1e-3
    labeller = Labeller(tmp_path / "a.crfsuite")
    for line, reference in zip(LINES, references, strict=True):
        labelling = labeller.label(reference.text)
        assert format_tagged(labelling.reference()) == line
        assert all(0.0 < sure <= 1.0 for sure in labelling.confidence)
    labelling = labeller.label("Smith, J. (2015). A new study. London: Example Press.")
    fields = dict(labelling.reference().fields())
    assert fields[Label.DATE] == "2015"
    assert set(labelling.field_confidence()) == set(fields)


def test_word_dropout_leaves_out_words_only_and_trains_deterministically(tmp_path):
    made = sequence(parse_tagged(LINES[0]))
    assert made is not None
    features, labels = made
    assert without_words(made, 0.0, random.Random(1)) == made
    kept, same_labels = without_words(made, 1.0, random.Random(1))
    assert same_labels == labels
    assert kept == [[f for f in token if "w=" not in f] for token in features]
    some, _ = without_words(made, 0.5, random.Random(1))
    assert some == without_words(made, 0.5, random.Random(1))[0]  # seeded: the same every time
    assert sum(map(len, kept)) < sum(map(len, some)) < sum(map(len, features))
    references = [parse_tagged(line) for line in LINES]
    for name in ("a", "b"):
        train(
            references[:2],
            tmp_path / f"{name}.crfsuite",
            repeated=references[2:],
            times=3,
            max_iterations=20,
            word_dropout=0.3,
        )
    plain = tmp_path / "plain.crfsuite"
    train(references[:2], plain, repeated=references[2:], times=3, max_iterations=20)
    assert (tmp_path / "a.crfsuite").read_bytes() == (tmp_path / "b.crfsuite").read_bytes()
    assert (tmp_path / "a.crfsuite").read_bytes() != plain.read_bytes()


def test_no_model_file_is_a_clear_error(tmp_path):
    import pytest

    from jtd_evidence.exceptions import JTDError

    with pytest.raises(JTDError, match=r"train one with scripts/train_parser\.py"):
        Labeller(tmp_path / "missing.crfsuite")


def test_read_learned_gives_an_entry_and_the_confidence_of_each_field(tmp_path):
    import pytest

    from jtd_evidence.exceptions import ReferenceParseError
    from jtd_evidence.parsing.learned import read_learned

    train([parse_tagged(line) for line in LINES] * 3, tmp_path / "m.crfsuite")
    reading = read_learned(
        "- Smith, J. (2015). *A new study*. London: Example Press.", tmp_path / "m.crfsuite"
    )
    assert reading.entry.year == 2015 and reading.entry.authors[0].family == "Smith"
    assert Label.DATE in reading.confidence and 0.0 < reading.weakest <= 1.0
    with pytest.raises(ReferenceParseError):
        read_learned(" .. ", tmp_path / "m.crfsuite")


def test_segment_features_count_sentences_from_the_year():
    from jtd_evidence.parsing.features import token_features
    from jtd_evidence.parsing.labels import tokenise

    text = "Trickett EJ. Research as worldview? Am J Public Health. 2011;101(8):1353-5."
    tokens = tokenise(text)
    rows = dict(zip([t.text for t in tokens], token_features(text, tokens), strict=True))
    assert {"seg=1", "yseg=-2", "segstart"} <= set(rows["Research"])
    assert {"seg=2", "yseg=-1", "segcaps"} <= set(rows["Am"])
    assert "seg=0" in rows["EJ"]  # the dot of an initial does not end a segment


def test_a_word_gives_affixes_as_long_as_it_allows_and_lends_none_to_its_neighbours():
    from jtd_evidence.parsing.features import token_features
    from jtd_evidence.parsing.labels import tokenise

    text = "Barnardo's (2021) Safeguarding in Lancashire and Leeds. Ofsted."
    tokens = tokenise(text)
    rows = dict(zip([t.text for t in tokens], token_features(text, tokens), strict=True))

    def affixes(word: str) -> set[str]:
        return {f for f in rows[word] if f.startswith(("pre=", "suf="))}

    assert affixes("Lancashire") == set(
        "pre=lan pre=lanc pre=lanca suf=re suf=ire suf=hire suf=shire".split()
    )
    assert affixes("Leeds") == set(
        "pre=lee pre=leed suf=ds suf=eds suf=eeds".split()
    )  # five letters: not five
    assert affixes("Ofsted") == set("pre=ofs pre=ofst pre=ofste suf=ed suf=ted suf=sted suf=fsted".split())
    assert not [f for f in rows["and"] if "pre=" in f or "suf=" in f]  # three letters: none, and none lent


def test_read_reference_uses_the_shipped_model_and_reports_the_weakest_field(tmp_path, monkeypatch):
    from jtd_evidence.parsing import learned
    from jtd_evidence.parsing.reference import read_reference, read_with_grammar

    text = "Smith, J. (2015). A new study. London: Example Press."
    monkeypatch.setattr(learned, "MODEL", tmp_path / "absent.crfsuite")
    assert read_reference(text).confidence == {} and read_reference(text).weakest is None  # the grammar
    train([parse_tagged(line) for line in LINES] * 3, tmp_path / "m.crfsuite")
    monkeypatch.setattr(learned, "MODEL", tmp_path / "m.crfsuite")
    reading = read_reference(text)
    assert reading.entry.year == 2015 and "date" in reading.confidence
    name, sure = reading.weakest
    assert reading.confidence[name] == sure
    assert sure == min(reading.confidence.values()) and 0.0 < sure <= 1.0
    assert read_reference(text, learned=False).entry == read_with_grammar(text).entry
    monkeypatch.setattr(learned, "MODEL", tmp_path / "absent.crfsuite")
    assert read_reference(text, model=tmp_path / "m.crfsuite").confidence == reading.confidence


def test_sequences_made_once_train_the_same_model_as_references(tmp_path):
    from jtd_evidence.parsing.model import sequence, train_sequences, weighted

    references = [parse_tagged(line) for line in LINES] * 2
    train(references, tmp_path / "a.crfsuite", max_iterations=20)
    made = [sequence(reference) for reference in references]
    assert sequence(parse_tagged("  ")) is None
    assert train_sequences(weighted(s for s in made if s), tmp_path / "b.crfsuite", max_iterations=20) == 12
    assert (tmp_path / "a.crfsuite").read_bytes() == (tmp_path / "b.crfsuite").read_bytes()


def test_markdown_links_are_read_as_text_and_the_source_is_kept_as_written(tmp_path):
    from jtd_evidence.parsing.learned import read_learned

    train([parse_tagged(line) for line in LINES] * 3, tmp_path / "m.crfsuite")
    text = "Yeo, A. (2021). Community engagement. [TCE Support Programme](#)."
    reading = read_learned(text, tmp_path / "m.crfsuite")
    assert reading.entry.source == text
    assert reading.entry.publisher == "TCE Support Programme"


def test_parse_labels_prints_what_the_shipped_model_labelled(tmp_path, monkeypatch, capsys):
    from jtd_evidence.cli import main
    from jtd_evidence.parsing import learned

    train([parse_tagged(line) for line in LINES] * 3, tmp_path / "m.crfsuite")
    monkeypatch.setattr(learned, "MODEL", tmp_path / "m.crfsuite")
    text = "Lloyd, J. (2019). Safer spaces. London: Policy Press."
    (tmp_path / "refs.txt").write_text(text + "\n", encoding="utf-8")
    main(["parse", str(tmp_path / "refs.txt"), "--labels"])
    printed = [line for line in capsys.readouterr().out.splitlines() if not line.startswith("#")]
    assert printed == [format_tagged(learned.read_learned(text).labelled)]


def test_parse_lists_the_references_the_reader_is_least_sure_of_first(tmp_path, monkeypatch, capsys):
    from jtd_evidence.cli import main
    from jtd_evidence.parsing import evidence_list, learned

    train([parse_tagged(line) for line in LINES] * 3, tmp_path / "m.crfsuite")
    monkeypatch.setattr(learned, "MODEL", tmp_path / "m.crfsuite")
    monkeypatch.setattr(evidence_list, "UNSURE", 1.01)  # every reference counts as unsure
    (tmp_path / "refs.txt").write_text(
        "Lloyd, J. (2019). Safer spaces. London: Policy Press.\n\nYeo, A. (2021). Voices. TCE Support Programme.\n",
        encoding="utf-8",
    )
    assert main(["parse", str(tmp_path / "refs.txt"), "--statement", "WC1"]) == 0  # unsure is no problem
    err = capsys.readouterr().err
    assert "check these 2 reference(s) first" in err
    listed = [line for line in err.splitlines() if line.startswith("  ")]
    sure = [float(line.split(" is ")[1].split("%")[0]) for line in listed]
    assert sure == sorted(sure) and len(listed) == 2
    monkeypatch.setattr(learned, "MODEL", tmp_path / "absent.crfsuite")  # the grammar gives no confidence
    main(["parse", str(tmp_path / "refs.txt"), "--statement", "WC1"])
    assert "first" not in capsys.readouterr().err


def test_text_longer_than_any_reference_is_read_by_the_grammar(tmp_path, monkeypatch):
    from jtd_evidence.parsing import learned, reference

    train([parse_tagged(line) for line in LINES] * 3, tmp_path / "m.crfsuite")
    monkeypatch.setattr(learned, "MODEL", tmp_path / "m.crfsuite")
    page = "Smith, J. (2020). A study of things. Journal of Stuff, 3(2), 1-10. " * 100
    assert len(page) > reference.LONGEST_LEARNED
    assert reference.read_reference(page).confidence == {}  # the grammar's reading: no confidence
    assert reference.read_reference(page[:200]).confidence  # a reference-sized text: the model's


def test_the_grammar_is_asked_only_where_the_model_left_the_title_or_year_unread():
    from jtd_evidence.models import Entry
    from jtd_evidence.parsing.learned import LearnedReading
    from jtd_evidence.parsing.problems import Problem, Unread

    dated = Entry(type="report", title="T", year=2017, source="x")
    undated = Entry(type="report", title="T", source="x")
    sure = {Label.TITLE: 0.9, Label.DATE: 0.9}
    assert not LearnedReading(dated, ["entry: url: not an address"], sure).unread
    assert not LearnedReading(undated, [], sure).unread  # 'n.d.': read, no year
    no_year = Problem(Unread.DATE_WITHOUT_YEAR, "could not read a year in 'May'")
    assert LearnedReading(undated, [no_year], sure).unread
    assert not LearnedReading(undated, [str(no_year)], sure).unread  # the kind decides, not the wording
    assert LearnedReading(undated, [], {Label.TITLE: 0.9}).unread
    assert LearnedReading(dated, [Problem(Unread.TITLE, "no title was found")], {Label.DATE: 0.9}).unread
    # an Act named with its year: every year written is in the title, so the year is read (none)
    act = parse_tagged("<title>Equality Act 2010</title>. <place>London</place>: <publisher>TSO</publisher>.")
    assert not LearnedReading(undated, [], {Label.TITLE: 0.9}, act).unread
    dated_after = parse_tagged("<title>Equality Act 2010</title>. <publisher>TSO</publisher>, 2012.")
    assert LearnedReading(undated, [], {Label.TITLE: 0.9}, dated_after).unread  # a year the model missed


def test_the_grammar_reads_each_text_once_per_call_for_the_features_and_the_fallback(tmp_path, monkeypatch):
    from jtd_evidence.parsing import learned, reference

    train([parse_tagged(line) for line in LINES] * 3, tmp_path / "m.crfsuite")
    monkeypatch.setattr(learned, "MODEL", tmp_path / "m.crfsuite")
    asked: list[str] = []
    grammar = reference._read_with_grammar
    monkeypatch.setattr(reference, "_read_with_grammar", lambda text: asked.append(text) or grammar(text))
    untitled = "NSPCC. https://www.nspcc.org.uk/keeping-children-safe"  # no title: the fallback asks again
    texts = [untitled, "Firmin, C. (2020). Safeguarding. Routledge."]
    readings = reference.read_references(texts)
    assert sorted(asked) == sorted(texts)  # once each, not twice for the untitled one
    first = readings[0]
    assert not isinstance(first, Exception)
    first.problems.append("changed by a caller")
    assert "changed by a caller" not in reference.read_reference(untitled).problems  # copies, kept per call
    assert asked.count(untitled) == 2  # a second call reads it afresh
    assert reference.read_with_grammar(untitled) is not reference.read_with_grammar(untitled)


def test_where_the_model_found_no_title_the_grammars_title_is_taken_if_its_year_is_no_worse():
    from jtd_evidence.models import Entry
    from jtd_evidence.parsing.learned import LearnedReading
    from jtd_evidence.parsing.problems import Problem, Unread
    from jtd_evidence.parsing.reference import ReferenceReading, _reads_more

    no_title = Problem(Unread.TITLE, "no title found")
    no_year = Problem(Unread.YEAR, "no year or 'n.d.' found")

    whole = Entry(type="webpage", url="https://x.org/g", source="x")
    untitled = LearnedReading(whole, [no_title], {Label.URL: 0.9})
    titled = ReferenceReading(Entry(type="webpage", title="Geosphere R package", source="x"), [no_year])
    assert _reads_more(titled, untitled)
    dated = Entry(type="webpage", url="https://x.org/g", year=2019, source="x")
    assert not _reads_more(titled, LearnedReading(dated, [no_title], {Label.DATE: 0.9}))
    assert not _reads_more(
        titled,
        LearnedReading(
            whole, [Problem(Unread.DATE_WITHOUT_YEAR, "could not read a year in 'May'")], {Label.TITLE: 0.9}
        ),
    )
    kept_whole = ReferenceReading(whole, [no_year, Problem(Unread.TITLE, "no title found")])
    assert not _reads_more(kept_whole, untitled)
    not_understood = ReferenceReading(
        titled.entry, [no_year, Problem(Unread.TEXT, "text not understood: 'p'")]
    )
    assert not _reads_more(not_understood, untitled)
    assert _reads_more(ReferenceReading(titled.entry, []), untitled)  # no problem at all
    # the kinds decide, not the wording: a plain note worded as a problem is no problem of that kind
    assert not _reads_more(titled, LearnedReading(whole, [str(no_title)], {Label.URL: 0.9}))


def test_as_read_takes_off_the_list_bullet_or_number_the_reader_strips():
    from jtd_evidence.parsing.model import as_read

    bulleted = parse_tagged("  19. <author>Deaton A</author>. <title>Policy</title>. <date>2002</date>.")
    plain = parse_tagged("<author>Deaton A</author>. <title>Policy</title>. <date>2002</date>.")
    assert as_read(bulleted) == plain and as_read(plain) is plain


def test_shares_scale_each_repeated_references_weight(tmp_path):
    references = [parse_tagged(line) for line in LINES]
    once, again = references[:2], references[2:]
    train(once, tmp_path / "half.crfsuite", repeated=again, times=2, shares=[0.5] * 4, max_iterations=20)
    train(once, tmp_path / "one.crfsuite", repeated=again, times=1, max_iterations=20)
    half, one = Labeller(tmp_path / "half.crfsuite"), Labeller(tmp_path / "one.crfsuite")
    for reference in references:  # twice at half weight is once (shares ignored, it would be twice)
        assert half.label(reference.text).confidence == pytest.approx(
            one.label(reference.text).confidence, abs=1e-6
        )
    with pytest.raises(TrainingError, match="3 shares for 4 repeated"):
        train(once, tmp_path / "m.crfsuite", repeated=again, times=2, shares=[1.0] * 3)
    for times, shares in ((2.5, []), (2, [0.5] * 4)):  # word dropout writes whole copies out
        with pytest.raises(TrainingError, match="whole number of times"):
            train(once, tmp_path / "m.crfsuite", repeated=again, times=times, shares=shares, word_dropout=0.2)
    assert not (tmp_path / "m.crfsuite").exists()
