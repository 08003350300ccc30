"""The name grammar (jtd_evidence.parsing.names.parse_names) on the forms reference lists write.

Every name here is invented."""

from __future__ import annotations

import pytest

from jtd_evidence.parsing.names import parse_names


def families(text: str) -> list[str]:
    return [p.full_family for p in parse_names(text).people]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # Chicago and MLA: the first author family first, the co-authors given name first
        ("Brandle, Orla, and Tomas Veskin", ["Brandle", "Veskin"]),
        ("Quillon, T., and Marisol Adebe", ["Quillon", "Adebe"]),
        (
            "Farrow, Inge, Petra K. Olund, Wes Darrant, and N. Ysolde",
            ["Farrow", "Olund", "Darrant", "Ysolde"],
        ),
        ("Marchetti, Luca, Anneke van der Moolen, and Ruth Dale", ["Marchetti", "van der Moolen", "Dale"]),
        ("Orsay, Lene, Bart Quint, Cleo F. Maro, et al.", ["Orsay", "Quint", "Maro"]),
        ("Tamsin, Eli, and Jonah Brevik Jr.", ["Tamsin", "Brevik"]),
        # Harvard with the last co-author given name first
        ("Pell, K., Arden, M. and Yusuf K. Amberley", ["Pell", "Arden", "Amberley"]),
        # lists written given name first throughout
        ("Corin Haldane and Mabel Strick", ["Haldane", "Strick"]),
        ("Corin Haldane, Mabel Strick", ["Haldane", "Strick"]),
        ("Ilse Varga, Tobin Roark, Hester Penn, Amos Quade", ["Varga", "Roark", "Penn", "Quade"]),
        ("P. Ostrander, L. Bewick and T. Quayle", ["Ostrander", "Bewick", "Quayle"]),
        ("Gwen Adair, Rufus P. Van Brekel", ["Adair", "Van Brekel"]),
        # no separator between one author's initials and the next author's family name
        ("Ambry, S. Colfax, M. Dunmore, J. Ettrick, A.", ["Ambry", "Colfax", "Dunmore", "Ettrick"]),
        ("Brisco, LM. Tanager, CE.", ["Brisco", "Tanager"]),
        # a full stop in the comma's place
        ("Harwell, O., Penhallow. J.A., Quist, P.R.", ["Harwell", "Penhallow", "Quist"]),
        # family names with particles inside them, and in capitals
        ("Lemos, V., Sousa de Almeida, J., Tern, S.", ["Lemos", "Sousa de Almeida", "Tern"]),
        ("ORMOND, A., VELLACOTT, M.W. and DE BRUYNE, K.", ["ORMOND", "VELLACOTT", "DE BRUYNE"]),
        ("O’Fallow, Zia J.", ["O’Fallow"]),
        ("al-Khatri, Samir", ["al-Khatri"]),
        ("FitzHollis, Aldo", ["FitzHollis"]),
        ("Tovey-MacAllan, R.M. and Quist, G.", ["Tovey-MacAllan", "Quist"]),
        ("Hallam TM-K, Orrin S, Dace M", ["Hallam", "Orrin", "Dace"]),
        ("Lorne, S. R., & Al‐Farsi, F.", ["Lorne", "Al‐Farsi"]),  # U+2010 hyphens, as PDFs give them
        ("Quennell, L., & Dorr, P.‑C.", ["Quennell", "Dorr"]),
        ("Ardent, Marcus Vinicius Tello", ["Ardent"]),
        ("Lindqvist, M and vom Asten, J.", ["Lindqvist", "vom Asten"]),
        ("Белоусов, П.", ["Белоусов"]),
        ("Ines Varra, Guus SMJE Brandt, Leon GJ Oster", ["Varra", "Brandt", "Oster"]),
        # particles written after the given names, as styles that demote them write them
        ("Velde, Maarten van der, and Ines Karsh", ["van der Velde", "Karsh"]),
        ("Pardo M de la, Oster J", ["de la Pardo", "Oster"]),
        # a suffix after the given names
        ("Cromwell, Ellis, Jr.", ["Cromwell"]),
        # 'and' never stands between a family name and its given names
        ("Vander Pol and Kestrel", ["Vander Pol", "Kestrel"]),
        # family names alone, as endnotes write them: no author is left without given names
        ("Harrow, Quell, Obi & Tamber", ["Harrow", "Quell", "Obi", "Tamber"]),
        ("Lisle, Marden, Ovett, Pask and Renner", ["Lisle", "Marden", "Ovett", "Pask", "Renner"]),
        ("Harrow, Quell, and Tamber", ["Harrow", "Quell", "Tamber"]),
        ("Harrow, Quell and Tamber, Ines", ["Harrow", "Tamber"]),  # the last has given names: pairs
        ("Harrow, Ines and Petra Tamber", ["Harrow", "Tamber"]),  # the last is given name first
        ("Harrow, Quell, Obi & Salas Del Monte", ["Harrow", "Quell", "Obi", "Salas Del Monte"]),
        # organisations joined by '/' or ';'
        ("Borough Housing Trust / Westmoor Council", ["Borough Housing Trust", "Westmoor Council"]),
        (
            "Harbour Research Institute; Coastal Data Service",
            ["Harbour Research Institute", "Coastal Data Service"],
        ),
        # a person and an organisation
        (
            "Tamsin Orr and Westmoor Health and Social Care Partnership",
            ["Orr", "Westmoor Health and Social Care Partnership"],
        ),
        ("Health and Safety Executive", ["Health and Safety Executive"]),
        # Vancouver forms with a suffix or a hyphenated given name
        ("Brenner E Jr., Quade T", ["Brenner", "Quade"]),
        ("Weisz, LV & Ardent, CM-K", ["Weisz", "Ardent"]),
        ("Costa Pires JMC, Lund S", ["Costa Pires", "Lund"]),
        # an organisation alone, also with an acronym that looks like initials
        ("Lattice Quality DSI", ["Lattice Quality DSI"]),
        ("Department for Culture, Media and Sport", ["Department for Culture, Media and Sport"]),
        # forms that stay as they were
        ("Mendez Sayer, Mary", ["Mendez Sayer"]),
        ("Pell, K., Masri Arden, Zoe Ann", ["Pell", "Masri Arden"]),
        ("Brodie, I. Hurst, A.", ["Brodie", "Hurst"]),
        ("Pelham, J., & Voss, K.", ["Pelham", "Voss"]),
        ("Ravel JA, Okoro B, Lind T", ["Ravel", "Okoro", "Lind"]),
        (
            "Public Health Wales and Natural Resources Wales",
            ["Public Health Wales and Natural Resources Wales"],
        ),
    ],
)
def test_author_lists_split_into_families(text: str, expected: list[str]) -> None:
    assert families(text) == expected


def test_given_names_first_keep_given_names_and_suffixes() -> None:
    people = parse_names("Brandle, Orla, and Tomas K. Veskin III").people
    assert [(p.family, p.given, p.suffix) for p in people] == [
        ("Brandle", "Orla", None),
        ("Veskin", "Tomas K.", "III"),
    ]


def test_particle_of_a_given_name_first_author() -> None:
    person = parse_names("Brandle, Orla, and Anneke van der Moolen").people[1]
    assert (person.particle, person.family, person.given) == ("van der", "Moolen", "Anneke")


def test_et_al_after_given_names_first() -> None:
    names = parse_names("Orsay, Lene, Bart Quint, et al.")
    assert names.et_al and [p.family for p in names.people] == ["Orsay", "Quint"]


def test_suffix_after_given_names_belongs_to_the_person() -> None:
    people = parse_names("Cromwell, Ellis R., Jr., and Odile Fenn").people
    assert [(p.family, p.given, p.suffix) for p in people] == [
        ("Cromwell", "Ellis R.", "Jr."),
        ("Fenn", "Odile", None),
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Lord Hartwell", [("Hartwell", None)]),
        ("Sir Owen Pellow", [("Pellow", "Owen")]),
        ("Sir Owen Pellow QC", [("Pellow", "Owen")]),  # not 'Sir Owen Pellow' with initials Q. C.
        ("Professor Baroness Ada Quill", [("Quill", "Ada")]),
        ("Tom Rendle QC MP", [("Rendle", "Tom")]),
        ("The Rt Hon Mary Ashdown MP", [("Ashdown", "Mary")]),
        ("Professor Ann Vale and Dr Elin Dorr", [("Vale", "Ann"), ("Dorr", "Elin")]),
        ("Lady Corran, Lord Felt", [("Corran", None), ("Felt", None)]),
    ],
)
def test_titles_and_letters_are_no_part_of_a_name(text: str, expected: list[tuple[str, str | None]]) -> None:
    # footnotes of UK reports name people with their titles: without this they were read as
    # a body's name ('Lord Hartwell') or with the title as a given name ('Professor Ann')
    assert [(p.family, p.given) for p in parse_names(text).people] == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Department for Education", [(None, None)]),
        ("The Children's Society", [(None, None)]),
        ("MS Society", [(None, None)]),
        ("Lord", [(None, None)]),
        ("Smith QC", [("Smith", "Q. C.")]),  # no title first: Vancouver initials, as before
    ],
)
def test_bodies_and_initials_are_not_read_as_titled_names(
    text: str, expected: list[tuple[str | None, str | None]]
) -> None:
    assert [(p.family, p.given) for p in parse_names(text).people] == expected


@pytest.mark.parametrize("text", ["Carers UK", "Age UK", "Save the Children UK"])
def test_a_body_named_with_its_country_is_one_body(text: str) -> None:
    # 'UK' after a single name is the body's country, not initials U. K.
    assert [(p.family, p.literal) for p in parse_names(text).people] == [(None, text)]


def test_a_country_code_in_a_list_of_people_is_still_initials() -> None:
    assert families("Smith UK, Jones AB") == ["Smith", "Jones"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Alan Pellow", [("Pellow", "Alan")]),
        ("Elizabeth Q. Varden", [("Varden", "Elizabeth Q.")]),
        ("Joseph Rowntree Foundation", [(None, None)]),  # a body's word
        ("Mark Pellow Consulting", [(None, None)]),  # three words with no initial between
        ("Harbour Lights", [(None, None)]),  # not a given name first
    ],
)
def test_a_lone_name_that_starts_with_a_common_given_name_is_a_person(
    text: str, expected: list[tuple[str | None, str | None]]
) -> None:
    # footnotes name one person given name first ('Alan Rusbridger, Title, date'): it was read as a body's name
    assert [(p.family, p.given) for p in parse_names(text).people] == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Rural and Coastal Planning", ["Rural and Coastal Planning"]),  # one body, no given names
        ("Clarke and Hill Associates", ["Clarke and Hill Associates"]),
        ("Smith, J. and Jones, K.", [("Smith", "J."), ("Jones", "K.")]),
        ("Lloyd J and Firmin C", [("Lloyd", "J."), ("Firmin", "C.")]),  # initials after 'and' still complete
    ],
)
def test_and_never_leads_from_a_family_name_to_given_names(text: str, expected: list[object]) -> None:
    people = parse_names(text).people
    assert [p.literal or (p.family, p.given) for p in people] == expected


@pytest.mark.parametrize(
    ("text", "expected", "et_al"),
    [
        ("Rowe, N., Penn, K., & others", [("Rowe", "N."), ("Penn", "K.")], True),
        ("Rowe, N., and others.", [("Rowe", "N.")], True),
        ("Rowe & Others Ltd", ["Rowe & Others Ltd"], False),  # a word after it: a body's name
        ("Cole, B. and Sant’Anna, P. H. C.", [("Cole", "B."), ("Sant’Anna", "P. H. C.")], False),
        ("Dell'Orto, G.", [("Dell'Orto", "G.")], False),
    ],
)
def test_others_closes_a_list_and_an_apostrophe_joins_a_family_name(
    text: str, expected: list[object], et_al: bool
) -> None:
    read = parse_names(text)
    assert [p.literal or (p.family, p.given) for p in read.people] == expected
    assert read.et_al is et_al
