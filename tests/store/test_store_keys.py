"""Citation keys: readable, unique, independent of input order, stable as entries are added."""

import itertools

import pytest

from jtd_evidence.exceptions import JTDError
from jtd_evidence.models import Entry, Person
from jtd_evidence.store import assign_keys, base_key


def entry(title, year=2021, family=None, literal=None, **fields):
    authors = (Person(family=family, given="A."),) if family else ()
    authors = (Person(literal=literal),) if literal else authors
    return Entry(title=title, year=year, authors=authors, **fields)


@pytest.mark.parametrize(
    ("work", "key"),
    [
        (entry("The Power of Care", family="D'Arcy"), "darcy2021power"),
        (entry("What is a Safe Space?", family="Mendez Sayer"), "mendezsayer2021safe"),
        (entry("Leadership and Complexity", family="Uhl-Bien", year=2007), "uhlbien2007leadership"),
        (entry("Étude sur l'enfance", family="Ñúñez-Ängström"), "nunezangstrom2021etude"),
        (
            entry("Annual Report", literal="The Child Safeguarding Practice Review Panel"),
            "childsafeguarding2021annual",
        ),
        (entry("Annual Report", literal="Ofsted", year=None), "ofstedndannual"),
        (entry("On the Edge of Harm", year=None), "edgendharm"),
        (entry("10 Steps to Safety", family="Berg"), "berg2021steps"),
        (entry("What is it?", family="Li"), "li2021what"),
        (entry(None, url="https://www.nspcc.org.uk/keeping-children-safe"), "nspcc2021"),
        (entry(None, url="https://learning.nspcc.org.uk/research"), "nspcc2021"),
        (entry(None, family="Berg", container_title="Child Abuse Review"), "berg2021child"),
        (entry(None, publisher="Ofsted", year=None), "ofstednd"),
        (entry(None, literal="NSPCC", url="https://www.nspcc.org.uk/x"), "nspcc2021"),
    ],
)
def test_base_key(work, key):
    assert base_key(work) == key


def test_particle_is_not_part_of_the_key():
    work = Entry(title="Trust", year=2020, authors=(Person(family="Berg", particle="van der", given="A."),))
    assert base_key(work) == "berg2020trust"


def keys_of(entries):
    return [e.key for e in assign_keys(entries)]


def test_collisions_get_more_title_words():
    a = entry("Child Exploitation in Schools", family="Smith")
    b = entry("Child Exploitation and Gangs", family="Smith")
    c = entry("Child Protection", family="Smith")
    d = entry("Child Safety", family="Jones")
    assert keys_of([a, b, c, d]) == [
        "smith2021childexploitationschools",
        "smith2021childexploitationgangs",
        "smith2021childprotection",
        "jones2021child",
    ]


def test_letter_suffix_only_when_titles_cannot_tell_apart():
    a = entry("Annual Report", literal="Ofsted", url="https://example.org/a")
    b = entry("Annual Report", literal="Ofsted", url="https://example.org/b")
    c = entry("Annual", literal="Ofsted")
    keys = keys_of([a, b, c])
    assert sorted(keys) == ["ofsted2021annual", "ofsted2021annualreporta", "ofsted2021annualreportb"]
    assert keys[2] == "ofsted2021annual"


def test_keys_do_not_depend_on_input_order():
    works = [
        entry("Annual Report", literal="Ofsted", url="https://example.org/a"),
        entry("Annual Report", literal="Ofsted", url="https://example.org/b"),
        entry("Annual Report", literal="Ofsted", note="same title, no URL"),
        entry("Child Exploitation in Schools", family="Smith"),
        entry("Child Exploitation and Gangs", family="Smith"),
        entry("Child", family="Smith"),
    ]
    expected = dict(zip(works, keys_of(works), strict=True))
    for order in itertools.permutations(works):
        assert dict(zip(order, keys_of(order), strict=True)) == expected
    assert len(set(expected.values())) == len(works)


def test_previous_keys_are_kept_when_a_colliding_entry_is_added():
    old = assign_keys([entry("Child Exploitation", family="Smith")])
    assert old[0].key == "smith2021child"
    new = assign_keys(
        [entry("Child Exploitation and Gangs", family="Smith"), entry("Child Exploitation", family="Smith")],
        previous=old,
    )
    assert [e.key for e in new] == ["smith2021childexploitation", "smith2021child"]


def test_previous_entry_matched_by_url_or_normalised_title():
    old = [
        Entry(key="legacyKey", title="Contextual  Safeguarding!", year=2019),
        Entry(key="web1", title="Old page title", url="https://example.org/page/"),
    ]
    new = assign_keys(
        [
            Entry(title="contextual safeguarding", year=2019),
            Entry(title="New page title", url="https://example.org/page"),
            Entry(title="Contextual Safeguarding", year=2020),
        ],
        previous=old,
    )
    assert [e.key for e in new] == ["legacyKey", "web1", "contextual2020safeguarding"]


def test_previous_keys_are_never_reused_for_other_works():
    old = [Entry(key="smith2021child", title="Removed from the document", year=2021)]
    (new,) = assign_keys([entry("Child Care", family="Smith")], previous=old)
    assert new.key == "smith2021childcare"


def test_existing_keys_are_kept_and_must_be_unique():
    keyed = Entry(key="mine", title="Anything")
    assert assign_keys([keyed]) == [keyed]
    with pytest.raises(JTDError, match="two entries have the key 'MINE'"):
        assign_keys([keyed, Entry(key="MINE", title="Other")])


def test_a_look_alike_never_takes_the_key_of_the_work_it_resembles():
    """The old work keeps its key even when a new reading shares its title and year."""
    old = entry("It was hard to escape", year=2020, literal="The Child Safeguarding Practice Review Panel")
    old = old.model_copy(
        update={"key": "childsafeguarding2020hard", "source": "The Child ... (2020). It was hard"}
    )
    look_alike = entry("It was hard to escape", year=2020, literal="Somebody Else Entirely")
    again = old.model_copy(update={"key": None})
    for order in ([look_alike, again], [again, look_alike]):
        keyed = {e.authors[0].literal: e.key for e in assign_keys(order, previous=[old])}
        assert keyed["The Child Safeguarding Practice Review Panel"] == "childsafeguarding2020hard"
        assert keyed["Somebody Else Entirely"] != "childsafeguarding2020hard"


def test_a_corrected_reading_keeps_its_key():
    old = entry("Contextual safeguarding", family="Firmin").model_copy(update={"key": "firmin2021contextual"})
    fixed = entry("Contextual Safeguarding: an overview", family="Firmin")  # subtitle added later
    assert assign_keys([fixed], previous=[old])[0].key == "firmin2021contextual"


def test_two_works_without_a_title_are_never_taken_for_one_by_it():
    # the keys run against the addresses' order, so that a match by (empty) title would swap them
    old = [
        entry(None, url="https://www.gov.uk/b", key="gov2021"),
        entry(None, url="https://www.gov.uk/a", key="gov2021a"),
    ]
    new = [entry(None, url="https://www.gov.uk/a"), entry(None, url="https://www.gov.uk/b")]
    keyed = {e.url: e.key for e in assign_keys(new, previous=old)}
    assert keyed == {"https://www.gov.uk/b": "gov2021", "https://www.gov.uk/a": "gov2021a"}
