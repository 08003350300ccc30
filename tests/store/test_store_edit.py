"""Editing a .bib file in its own text: only the changed fields change, every other byte stays."""

import datetime as dt
import re
import warnings
from pathlib import Path

import pytest
from bibtexparser import model as bib
from bibtexparser.entrypoint import parse_string
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from jtd_evidence.exceptions import InputError, JTDError
from jtd_evidence.models import Entry, EntryType, Person
from jtd_evidence.store import dumps_bib, loads_bib, read_bib
from jtd_evidence.store.edit import BibText, read_bib_text, rewrite_bib
from jtd_evidence.store.writer import normalise

ROOT = Path(__file__).resolve().parents[2]

# What people's own .bib files look like: JabRef and Zotero headers, comments, macros,
# quotes and braces, aligned or tab-indented fields, trailing commas, parentheses, unknown fields.
USER_BIB = """\
% Reading list kept by the Bristol hub
% last checked March 2024
@preamble{ "\\providecommand{\\noopsort}[1]{}" }
@string{ cr = "Child Abuse Review" }
@String{jyr = {Journal of Youth Research}}

@comment{ jabref-meta: databaseType:bibtex; }
Stray notes between entries are comments too.

@Article{smith2020safe,
   Author = "Smith, Jane and Patel, Ravi",
   Title = "Safe places",
   Journal = cr,
   Year = 2020,
   month = jan,
   Pages = {11-30},
   abstract = {Kept {as} written},
   url = "https://example.org/safe"
}

@book{jones2019harm,
\ttitle\t\t= {Harm outside the home},
\tpublisher\t= {Policy Press},
\tlocation\t= {Bristol},
\tyear\t\t= {2019},
}
@misc(ofsted2021note, title = {Inspection note}, year = 2021, howpublished = jyr)
@techreport{aligned2018,
  author      = {{Home Office}},
  title       = {Serious violence strategy},
  institution = {Home Office},
  year        = {2018}
}
% trailing comment
"""


def entries_of(text):
    return {e.key: e for e in loads_bib(text.removeprefix("\ufeff"))}


def changed(text, **updates):
    """``text`` rewritten with ``updates`` (key -> dict of Entry attributes) applied."""
    entries = [e.model_copy(update=updates.get(e.key, {})) for e in loads_bib(text.removeprefix("\ufeff"))]
    return rewrite_bib(text, entries)


def test_a_new_field_goes_at_the_end_of_its_entry_and_nothing_else_moves():
    after = changed(USER_BIB, smith2020safe={"doi": "10.1234/abc"})
    assert after == USER_BIB.replace(
        '   url = "https://example.org/safe"\n}',
        '   url = "https://example.org/safe",\n   doi = "10.1234/abc"\n}',
    )
    assert entries_of(after)["smith2020safe"].doi == "10.1234/abc"


def test_a_changed_value_keeps_the_field_name_spelling_and_enclosing():
    after = changed(
        USER_BIB,
        smith2020safe={"title": "Safer places", "year": 2021},
        jones2019harm={"place": "London"},  # read from `location`: changed there, no `address` added
    )
    assert after == (
        USER_BIB.replace('Title = "Safe places"', 'Title = "Safer places"')
        .replace("Year = 2020,", "Year = 2021,")
        .replace("\tlocation\t= {Bristol},", "\tlocation\t= {London},")
    )


def test_macro_references_and_unchanged_fields_stay_as_written():
    after = changed(USER_BIB, smith2020safe={"note": "Seen at the hub"}, ofsted2021note={"note": "Draft"})
    assert "   Journal = cr,\n   Year = 2020,\n   month = jan,\n   Pages = {11-30}," in after
    assert "howpublished = jyr, note = {Draft})" in after
    entries = entries_of(after)
    assert entries["smith2020safe"].container_title == "Child Abuse Review"
    assert entries["ofsted2021note"].extra_fields == (("howpublished", "Journal of Youth Research"),)


def test_a_new_field_follows_the_entrys_indentation_alignment_and_trailing_comma():
    after = changed(
        USER_BIB,
        jones2019harm={"note": "Chapter 3"},
        aligned2018={"url": "https://www.gov.uk/serious-violence"},
    )
    assert "\tyear\t\t= {2019},\n\tnote\t\t= {Chapter 3},\n}" in after
    assert "  year        = {2018},\n  url         = {https://www.gov.uk/serious-violence}\n}" in after


def test_a_month_written_as_a_macro_or_number_stays_so():
    assert changed(USER_BIB, smith2020safe={"month": 3}) == USER_BIB.replace("month = jan,", "month = mar,")
    with_day = changed(USER_BIB, smith2020safe={"day": 15})
    assert with_day == USER_BIB.replace(
        '"https://example.org/safe"\n', '"https://example.org/safe",\n   date = "2020-01-15"\n'
    )
    numbered = USER_BIB.replace("month = jan,", "month = {1},")
    assert changed(numbered, smith2020safe={"month": 11}) == numbered.replace("{1},", "{11},")
    assert changed(numbered, smith2020safe={"month": None}) == numbered.replace("   month = {1},\n", "")


def test_a_removed_fields_line_goes_away():
    middle = changed(USER_BIB, smith2020safe={"pages": None})
    assert middle == USER_BIB.replace("   Pages = {11-30},\n", "")
    last = changed(USER_BIB, smith2020safe={"url": None})
    assert last == USER_BIB.replace(',\n   url = "https://example.org/safe"', "")
    trailing_comma = changed(USER_BIB, jones2019harm={"year": None})
    assert trailing_comma == USER_BIB.replace("\tyear\t\t= {2019},\n", "")


def test_new_entries_are_appended_after_one_blank_line():
    new = Entry(key="holmes2022transitional", title="Transitional safeguarding", year=2022)
    after = rewrite_bib(USER_BIB, [*loads_bib(USER_BIB), new])
    assert after == USER_BIB + "\n" + dumps_bib([new])
    no_newline = USER_BIB.rstrip("\n")
    assert rewrite_bib(no_newline, [*loads_bib(no_newline), new]) == no_newline + "\n\n" + dumps_bib([new])
    assert rewrite_bib("", [new]) == dumps_bib([new])


def test_crlf_and_byte_order_mark_are_kept():
    text = "\ufeff" + USER_BIB.replace("\n", "\r\n")
    new = Entry(key="holmes2022transitional", title="Transitional safeguarding", year=2022)
    entries = [e.model_copy(update={"accessed": dt.date(2024, 3, 12)}) for e in loads_bib(text[1:])]
    after = rewrite_bib(text, [*entries, new])
    assert after.startswith("\ufeff% Reading list")
    assert "\n" not in after.replace("\r\n", "")  # no bare line feed anywhere
    assert after.startswith(text[: text.index("@Article")])  # comments, macros, preamble untouched
    assert '   url = "https://example.org/safe",\r\n   urldate = "2024-03-12"\r\n}' in after
    assert after.endswith("% trailing comment\r\n\r\n" + dumps_bib([new]).replace("\n", "\r\n"))
    assert [e.accessed for e in loads_bib(after[1:])][:-1] == [dt.date(2024, 3, 12)] * len(entries)


def test_line_breaks_inside_new_values_are_kept_as_given_in_a_crlf_file():
    text = USER_BIB.replace("\n", "\r\n")
    new = Entry(key="holmes2022transitional", title="Transitional safeguarding", note="One\ntwo")
    after = changed(text, jones2019harm={"note": "First line\nsecond line"})
    after = rewrite_bib(after, [*loads_bib(after), new])
    assert "\tnote\t\t= {First line\nsecond line},\r\n}" in after
    assert after.endswith("\r\n  note = {One\ntwo}\r\n}\r\n")
    entries = entries_of(after)
    assert entries["jones2019harm"].note == "First line\nsecond line"
    assert entries["holmes2022transitional"].note == "One\ntwo"


def test_entries_without_fields_and_on_one_line_gain_fields_in_their_style():
    text = "@misc{bare,}\n@misc(oneline, title={One line}, year=2019)\n"
    entries = [
        Entry(key="bare", title="Bare"),
        Entry(key="oneline", title="One line", year=2019, note="n"),
    ]
    text = "@misc{bare, title = {Bare}}\n" + text.split("\n", 1)[1]
    assert rewrite_bib(text, entries) == (
        "@misc{bare, title = {Bare}}\n@misc(oneline, title={One line}, year=2019, note={n})\n"
    )


def test_a_changed_entry_type_changes_only_the_type_word():
    after = changed(USER_BIB, aligned2018={"type": "thesis"})
    assert after == USER_BIB.replace("@techreport{aligned2018,", "@phdthesis{aligned2018,")
    assert entries_of(after)["aligned2018"].type.value == "thesis"


def test_a_report_without_a_publisher_is_a_misc_entry_of_subtype_report():
    after = changed(USER_BIB, smith2020safe={"type": "report"})
    assert after.count("@Misc{smith2020safe,\n   Author") == 1
    assert '   entrysubtype = "report"\n}' in after
    assert entries_of(after)["smith2020safe"].type.value == "report"


def test_low_level_set_fields_and_append():
    document = BibText(USER_BIB, "mine.bib")
    document.set_fields("ofsted2021note", {"HOWPUBLISHED": "Ofsted", "title": None, "note": "x"})
    document.set_fields("jones2019harm", {"note": "5"}, entry_type="incollection")
    text = document.text()
    assert "@misc(ofsted2021note, year = 2021, howpublished = {Ofsted}, note = {x})" in text
    assert "@incollection{jones2019harm," in text
    with pytest.raises(JTDError, match="no entry 'nobody'"):
        document.set_fields("nobody", {"note": "x"})
    with pytest.raises(JTDError, match="already there"):
        document.append(Entry(key="Jones2019Harm", title="Clash"))


def test_rewriting_never_drops_an_entry_and_checks_what_it_wrote():
    entries = loads_bib(USER_BIB)
    with pytest.raises(JTDError, match="would remove the entries aligned2018"):
        rewrite_bib(USER_BIB, entries[:-1], source="mine.bib")
    document = BibText(USER_BIB, "mine.bib")
    document.set_fields("aligned2018", {"year": "2019"})
    with pytest.raises(JTDError, match="year"):
        document.verify(document.text(), entries)  # it reads back 2019, not the 2018 asked for


def test_keys_are_checked_only_where_they_are_written():
    text = "@misc{o'brien2019, title = {A}}\n@misc{b2020, title = {B}}\n"
    first, second = loads_bib(text)
    after = rewrite_bib(text, [first, second.model_copy(update={"note": "x"})])
    assert after == text.replace("{B}}", "{B}, note = {x}}")  # a key we would not write stays
    with pytest.raises(JTDError, match="key"):
        rewrite_bib(text, [first, second, Entry(key="new~key", title="C")])
    with pytest.raises(JTDError, match="no citation key"):
        rewrite_bib(text, [first, second, Entry(title="C")])
    with pytest.raises(JTDError, match="two entries share the key 'b2020'"):
        rewrite_bib(text, [first, second, second])
    with pytest.raises(JTDError, match="already there"):
        rewrite_bib(text, [first, second, Entry(key="B2020", title="C")])


def test_unchanged_entries_give_the_same_bytes_even_if_the_writer_would_write_them_differently():
    assert rewrite_bib(USER_BIB, loads_bib(USER_BIB)) == USER_BIB


def test_read_bib_text_keeps_the_bytes(tmp_path):
    path = tmp_path / "mine.bib"
    data = ("\ufeff" + USER_BIB.replace("\n", "\r\n")).encode("utf-8")
    path.write_bytes(data)
    assert read_bib_text(path).encode("utf-8") == data


@pytest.mark.parametrize(
    ("data", "saved_as"),
    [
        ("@misc{k, title = {Café}}\n".encode("cp1252"), "Windows-1252"),
        ("@misc{k, title = {Café}}\n".encode("utf-16"), "UTF-16"),
        (b"@misc{k,\r  title = {Old Mac}\r}\r", "old-Mac (CR) line endings"),
    ],
    ids=["cp1252", "utf-16", "cr"],
)
def test_a_file_that_cannot_be_written_back_byte_for_byte_is_refused(tmp_path, data, saved_as):
    path = tmp_path / "mine.bib"
    path.write_bytes(data)
    with pytest.raises(InputError, match=rf"mine\.bib: this file is saved as .*{re.escape(saved_as)}.*UTF-8"):
        read_bib_text(path)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # the note on Windows-1252
        assert read_bib(path)[0].key == "k"  # reading it is fine


# --- property: random edits of generated files touch only the entries they change ----------------

SHIPPED = loads_bib((ROOT / "bib" / "joining-the-dots.bib").read_text(encoding="utf-8"))
NOTES = st.text(alphabet='abc XYZ&%$#_{}~^\\é–"', min_size=1, max_size=20).map(str.strip).filter(bool)
EDITS = st.one_of(
    st.none(),
    st.fixed_dictionaries({"note": st.one_of(st.none(), NOTES)}),
    st.fixed_dictionaries({"doi": st.sampled_from([None, "10.1234/abc", "10.5555/x.y-z"])}),
    st.fixed_dictionaries({"accessed": st.dates(dt.date(2000, 1, 1), dt.date(2030, 12, 31))}),
    st.fixed_dictionaries({"statements": st.sampled_from([("WC2",), ("BB1", "LC3")])}),
    st.fixed_dictionaries({"url": st.none(), "title": NOTES}),
)


def masked(text, keys):
    """``text`` with each entry whose key is in ``keys`` replaced by a marker."""
    for block in parse_string(text, parse_stack=[]).blocks:
        if isinstance(block, bib.Entry) and block.key in keys:
            text = text.replace(block.raw, f"<{block.key}>", 1)
    return text


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    chosen=st.lists(st.integers(0, len(SHIPPED) - 1), min_size=1, max_size=5, unique=True),
    edits=st.lists(EDITS, min_size=5, max_size=5),
    header=st.sampled_from(["", "% mine\n", '@string{hub = "Bristol"}\n\n', "@comment{x}\n% y\n\n"]),
    new=st.booleans(),
)
def test_random_edits_leave_every_untouched_block_byte_identical(chosen, edits, header, new):
    original = [SHIPPED[i] for i in sorted(chosen)]
    text = header + dumps_bib(original)
    wanted = [e.model_copy(update=edit) if edit else e for e, edit in zip(original, edits, strict=False)]
    added = [Entry(key="zz9999added", title="Added", year=2024, authors=(Person(family="Added"),))] * new
    after = rewrite_bib(text, [*wanted, *added])
    touched = {e.key for e, w in zip(original, wanted, strict=True) if normalise(w) != e} | {
        e.key for e in added
    }
    before_masked, after_masked = masked(text, touched), masked(after, touched)
    if added:
        assert after_masked == before_masked + "\n<zz9999added>\n"
    else:
        assert after_masked == before_masked
    assert loads_bib(after) == [normalise(e) for e in [*wanted, *added]]


ATTRIBUTES = {
    "title": NOTES,
    "note": st.one_of(st.none(), NOTES),
    "place": st.one_of(st.none(), NOTES),
    "pages": st.sampled_from([None, "1-2", "12"]),
    "month": st.sampled_from([None, 1, 5, 12]),
    "year": st.sampled_from([None, 1999, 2024]),
    "statements": st.sampled_from([(), ("WC2",), ("BB1", "LC3")]),
    "type": st.sampled_from(
        [EntryType(t) for t in ("article-journal", "book", "report", "webpage", "chapter")]
    ),
    "url": st.sampled_from([None, "https://example.org/a"]),
    "container_title": st.one_of(st.none(), NOTES),
    "accessed": st.sampled_from([None, dt.date(2024, 1, 2)]),
}


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    newline=st.sampled_from(["\n", "\r\n"]),
    edits=st.lists(
        st.tuples(
            st.sampled_from(["smith2020safe", "jones2019harm", "ofsted2021note", "aligned2018"]),
            st.sampled_from(sorted(ATTRIBUTES)).flatmap(lambda a: st.tuples(st.just(a), ATTRIBUTES[a])),
        ),
        min_size=1,
        max_size=4,
    ),
)
def test_random_edits_of_a_hand_written_file_read_back_and_keep_the_rest(newline, edits):
    text = USER_BIB.replace("\n", newline)
    wanted = {e.key: e for e in loads_bib(text)}
    for key, (attribute, value) in edits:
        wanted[key] = wanted[key].model_copy(update={attribute: value})
    try:  # only entries the model accepts (a month without a year is not one)
        wanted = {key: Entry.model_validate(entry.model_dump()) for key, entry in wanted.items()}
    except ValidationError:
        assume(False)
    after = rewrite_bib(text, wanted.values())
    assert loads_bib(after) == [normalise(e) for e in wanted.values()]
    touched = {key for key, _ in edits}
    assert masked(after, touched) == masked(text, touched)
