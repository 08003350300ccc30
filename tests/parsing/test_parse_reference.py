"""Each reference form gets its own case with the exact fields expected."""

import datetime as dt

import pytest

from jtd_evidence.models import Person
from jtd_evidence.parsing.markup import strip_bullet
from jtd_evidence.parsing.reference import parse_reference, read_reference


@pytest.fixture(autouse=True)
def _grammar_alone(monkeypatch, tmp_path):
    """These tests pin the hand-written grammar's readings; the shipped model, which reads
    references by default, is measured by scripts/bench_parse_accuracy.py instead."""
    from jtd_evidence.parsing import learned

    monkeypatch.setattr(learned, "MODEL", tmp_path / "no-model.crfsuite")


P = Person


def org(name):
    return Person(literal=name)


def person(family, given, particle=None):
    return Person(family=family, given=given, particle=particle)


CASES = [
    pytest.param(
        "Brodie, I. Hurst, A. (2022). *Community Awareness Raising: key issues for strategic leaders*. "
        "TCE Support Programme. <https://tce.researchinpractice.org.uk/community-awareness-raising/>",
        {
            "type": "report",
            "authors": (person("Brodie", "I."), person("Hurst", "A.")),
            "year": 2022,
            "title": "Community Awareness Raising: key issues for strategic leaders",
            "publisher": "TCE Support Programme",
            "url": "https://tce.researchinpractice.org.uk/community-awareness-raising/",
        },
        id="missing-comma-between-authors-angle-url-italic-title",
    ),
    pytest.param(
        "Mendez Sayer, E. (2021). *Unseen? Overlooked? Stigmatised? The role faith organisations can play*. "
        "TCE Support Programme. https://tce.example.org/2757_TCE_Unseen_12pp_v1.pdf",
        {
            "authors": (person("Mendez Sayer", "E."),),
            "title": "Unseen? Overlooked? Stigmatised? The role faith organisations can play",
            "url": "https://tce.example.org/2757_TCE_Unseen_12pp_v1.pdf",
            "type": "report",
        },
        id="multi-word-surname-question-marks-bare-url-with-underscores",
    ),
    pytest.param(
        "Bailey, S & West, M. (2022). *What is compassionate leadership?* The Kings Fund. "
        "<https://www.kingsfund.org.uk/publications/what-is-compassionate-leadership>",
        {
            "authors": (person("Bailey", "S."), person("West", "M.")),
            "title": "What is compassionate leadership?",
            "publisher": "The Kings Fund",
        },
        id="initial-without-stop-ampersand-title-ending-in-question-mark",
    ),
    pytest.param(
        "Uhl-Bien, M., & Arena, M. (2017). Complexity leadership: Enabling people and organizations for "
        "adaptability. *Organizational Dynamics*, 46(1), 9–20. "
        "<https://www.sciencedirect.com/science/article/pii/S0090261616301590?via%3Dihub>",
        {
            "type": "article-journal",
            "authors": (person("Uhl-Bien", "M."), person("Arena", "M.")),
            "title": "Complexity leadership: Enabling people and organizations for adaptability",
            "container_title": "Organizational Dynamics",
            "volume": "46",
            "issue": "1",
            "pages": "9-20",
            "doi": None,
        },
        id="apa-journal-article-hyphenated-surname",
    ),
    pytest.param(
        "- Densley, J., & Pyrooz, D. (2020). *The Matrix in Context: Taking Stock of Police Gang Databases*. "
        "Youth Justice, 20(1-2), 11-30. <https://journals.sagepub.com/doi/pdf/10.1177/1473225419883706>",
        {
            "type": "article-journal",
            "container_title": "Youth Justice",
            "volume": "20",
            "issue": "1-2",
            "pages": "11-30",
            "doi": "10.1177/1473225419883706",
            "url": "https://journals.sagepub.com/doi/pdf/10.1177/1473225419883706",
        },
        id="bullet-doi-from-publisher-url-italic-title-on-article",
    ),
    pytest.param(
        "Wroe, L., & Lloyd, J. (2020). *Watching over or Working with? Understanding Social Work Innovation*. "
        "Social Sciences, 9(4), Article 37. <https://www.mdpi.com/2076-0760/9/4/37>",
        {"type": "article-journal", "volume": "9", "issue": "4", "number": "37", "pages": None},
        id="article-number",
    ),
    pytest.param(
        "Ofsted et al. (2016). *Time to Listen – a joined up response to child sexual exploitation*. "
        "https://assets.publishing.service.gov.uk/file/676421/Time_to_listen.pdf",
        {
            "authors": (org("Ofsted"),),
            "authors_et_al": True,
            "title": "Time to Listen – a joined up response to child sexual exploitation",
            "type": "report",
        },
        id="organisation-et-al",
    ),
    pytest.param(
        "The Child Safeguarding Practice Review Panel (2020). *It was hard to escape: safeguarding children "
        "at risk from criminal exploitation*. https://assets.publishing.service.gov.uk/file/870035/review.pdf",
        {
            "authors": (org("The Child Safeguarding Practice Review Panel"),),
            "title": "It was hard to escape: safeguarding children at risk from criminal exploitation",
        },
        id="organisation-author-no-full-stop-before-date",
    ),
    pytest.param(
        "Lammy, D., et al. (2017). *The Lammy Review: An independent review into the treatment of, and "
        "outcomes for, Black, Asian and Minority Ethnic individuals*. https://example.org/lammy.pdf",
        {
            "authors": (person("Lammy", "D."),),
            "authors_et_al": True,
            "title": "The Lammy Review: An independent review into the treatment of, and outcomes for, "
            "Black, Asian and Minority Ethnic individuals",
        },
        id="person-et-al",
    ),
    pytest.param(
        "Warrington, C., Ackerley, E., Beckett, H., Walker, M., & Allnock, D. (2016). *Making Noise: "
        "Children's voices for positive change after sexual abuse*. University of Bedfordshire / Children's "
        "Commissioner. <https://www.beds.ac.uk/media/86813/makingnoise-20042017.pdf> (See also this "
        "[webpage](#) and the associated [video](#).)",
        {
            "publisher": "University of Bedfordshire / Children's Commissioner",
            "note": "See also this webpage and the associated video.",
            "url": "https://www.beds.ac.uk/media/86813/makingnoise-20042017.pdf",
        },
        id="trailing-remark-placeholder-links-publisher-with-slash",
    ),
    pytest.param(
        "Warrington, C. (2020). *Creating a safe space*. University of Bedfordshire et al. "
        "https://www.our-voices.org.uk/assets/documents/FINAL_TOOLKIT_PAGES.pdf",
        {"publisher": "University of Bedfordshire et al.", "authors": (person("Warrington", "C."),)},
        id="publisher-et-al",
    ),
    pytest.param(
        "Warrington C. (2017). *Young person-centred approaches in CSE - promoting participation*. "
        "Research in Practice. <https://www.researchinpractice.org.uk/children/publications/x/>",
        {"authors": (person("Warrington", "C."),), "publisher": "Research in Practice"},
        id="missing-comma-after-surname",
    ),
    pytest.param(
        "Brodie, I., D'Arcy, K., Harris, J.P., Roker, D., Shuker, L., & Pearce, J.J. (2016). *The "
        "participation of young people*. University of Bedfordshire. <https://www.alexiproject.org.uk/x.pdf>",
        {
            "authors": (
                person("Brodie", "I."),
                person("D'Arcy", "K."),
                person("Harris", "J.P."),
                person("Roker", "D."),
                person("Shuker", "L."),
                person("Pearce", "J.J."),
            )
        },
        id="apostrophe-surname-run-together-initials",
    ),
    pytest.param(
        "Allnock, D., Beckett, H., Soares, C., & Warrington, C., Hagell, A., & Starbuck, L. (2021). "
        "*Learning from the Experts*. University of Bedfordshire.",
        {
            "authors": tuple(
                person(f, g)
                for f, g in [
                    ("Allnock", "D."),
                    ("Beckett", "H."),
                    ("Soares", "C."),
                    ("Warrington", "C."),
                    ("Hagell", "A."),
                    ("Starbuck", "L."),
                ]
            )
        },
        id="stray-ampersand-mid-list",
    ),
    pytest.param(
        "Lowe, T., Jennions, B.N., Plimmer, D. (2021). *Human Learning Systems*. "
        "<https://www.centreforpublicimpact.org/assets/documents/hls-real-world-summary.pdf>",
        {
            "authors": (person("Lowe", "T."), person("Jennions", "B.N."), person("Plimmer", "D.")),
            "type": "report",
        },
        id="initials-with-two-stops-pdf-without-publisher-is-report",
    ),
    pytest.param(
        'Beckett, H., & Warrington, C. (2013). "It\'s wrong... but you get used to it": A qualitative study '
        "of gang-associated sexual violence towards, and exploitation of, young people in England. "
        "University of Bedfordshire / Children's Commissioner. <https://www.beds.ac.uk/media/243971/g.pdf>",
        {
            "title": '"It\'s wrong... but you get used to it": A qualitative study of gang-associated '
            "sexual violence towards, and exploitation of, young people in England",
            "publisher": "University of Bedfordshire / Children's Commissioner",
        },
        id="plain-title-with-quotes-ellipsis-and-commas",
    ),
    pytest.param(
        "Wroe, L. (2021). 'County lines', inequalities and young people's rights: a moment of pause and "
        "reflection. TCE Support Programme. <https://tce.researchinpractice.org.uk/county-lines/>",
        {
            "title": "'County lines', inequalities and young people's rights: a moment of pause and reflection",
            "publisher": "TCE Support Programme",
        },
        id="title-starting-with-a-quoted-phrase",
    ),
    pytest.param(
        'Lefevre, M., Hickle, K., & Luckock, B. (2019). "Both/And" Not "Either/Or": Reconciling Rights to '
        "Protection and Participation. The British Journal of Social Work, 49(7), 1837-1855.",
        {
            "type": "article-journal",
            "title": '"Both/And" Not "Either/Or": Reconciling Rights to Protection and Participation',
            "container_title": "The British Journal of Social Work",
            "volume": "49",
            "issue": "7",
            "pages": "1837-1855",
            "url": None,
        },
        id="plain-journal-no-url",
    ),
    pytest.param(
        "Hurst, A., & Fairgrieves, E. (2021). *Place and space data gathering and intelligence sharing; to "
        "support Contextual Safeguarding*. TCE Support Programme.",
        {
            "title": "Place and space data gathering and intelligence sharing; to support Contextual Safeguarding"
        },
        id="semicolon-in-title",
    ),
    pytest.param(
        "Firmin, C. (2020). Contextual safeguarding: An overview. In J. Pearce & K. Lee (Eds.), *Child "
        "sexual exploitation: Why theory matters* (2nd ed., pp. 117–135). Policy Press.",
        {
            "type": "chapter",
            "title": "Contextual safeguarding: An overview",
            "editors": (person("Pearce", "J."), person("Lee", "K.")),
            "container_title": "Child sexual exploitation: Why theory matters",
            "edition": "2",
            "pages": "117-135",
            "publisher": "Policy Press",
        },
        id="apa-chapter-with-editors-edition-pages",
    ),
    pytest.param(
        "Firmin, C. (2020) 'Contextual safeguarding', in Pearce, J. (ed.) *Child sexual exploitation: why "
        "theory matters*. Bristol: Policy Press, pp. 117-135.",
        {
            "type": "chapter",
            "title": "Contextual safeguarding",
            "editors": (person("Pearce", "J."),),
            "container_title": "Child sexual exploitation: why theory matters",
            "place": "Bristol",
            "publisher": "Policy Press",
            "pages": "117-135",
        },
        id="harvard-chapter",
    ),
    pytest.param(
        "Munro, E. (2011). *The Munro review of child protection: Final report* (3rd ed.). London: The "
        "Stationery Office.",
        {"type": "book", "edition": "3", "place": "London", "publisher": "The Stationery Office"},
        id="edition-and-place-publisher",
    ),
    pytest.param(
        "Coffey, A. (2014) *Real voices*. 2nd edn. Manchester: Greater Manchester Police.",
        {"type": "book", "edition": "2", "place": "Manchester", "publisher": "Greater Manchester Police"},
        id="harvard-edition",
    ),
    pytest.param(
        "Barnardo's. (n.d.). *Child sexual exploitation*. Retrieved May 1, 2021, from "
        "https://www.barnardos.org.uk/what-we-do/cse",
        {
            "type": "webpage",
            "authors": (org("Barnardo's"),),
            "year": None,
            "title": "Child sexual exploitation",
            "accessed": dt.date(2021, 5, 1),
            "url": "https://www.barnardos.org.uk/what-we-do/cse",
        },
        id="no-date-retrieved-from",
    ),
    pytest.param(
        "Home Office (2019) *County lines guidance*. Available at: https://www.gov.uk/county-lines "
        "(Accessed: 1 May 2021).",
        {
            "authors": (org("Home Office"),),
            "year": 2019,
            "title": "County lines guidance",
            "url": "https://www.gov.uk/county-lines",
            "accessed": dt.date(2021, 5, 1),
            "note": None,
        },
        id="harvard-available-at-accessed",
    ),
    pytest.param(
        "Home Office (2019) Serious violence strategy [Online]. London: Home Office. Available from: "
        "https://www.gov.uk/serious-violence [Accessed 3 June 2020].",
        {
            "title": "Serious violence strategy",
            "place": "London",
            "publisher": "Home Office",
            "accessed": dt.date(2020, 6, 3),
            "genre": None,
        },
        id="harvard-online-marker",
    ),
    pytest.param(
        "Smith, J. and Jones, K. (2018) 'Young people and risk', *Journal of Youth Studies*, 21(4), pp. "
        "455-470. doi:10.1080/13676261.2017.1394998",
        {
            "type": "article-journal",
            "authors": (person("Smith", "J."), person("Jones", "K.")),
            "title": "Young people and risk",
            "container_title": "Journal of Youth Studies",
            "volume": "21",
            "issue": "4",
            "pages": "455-470",
            "doi": "10.1080/13676261.2017.1394998",
        },
        id="harvard-article-quoted-title-doi-prefix",
    ),
    pytest.param(
        "Hickle, K., & Hallett, S. (2016). Mitigating harm. *Children & Society*, *30*(4), 302–313. "
        "https://doi.org/10.1111/chso.12145",
        {
            "container_title": "Children & Society",
            "volume": "30",
            "issue": "4",
            "doi": "10.1111/chso.12145",
            "url": None,
        },
        id="apa-doi-url-italic-volume",
    ),
    pytest.param(
        "Smith, J. 2020. Title of the work. London: Sage.",
        {"year": 2020, "title": "Title of the work", "place": "London", "publisher": "Sage", "type": "book"},
        id="harvard-year-without-brackets",
    ),
    pytest.param(
        "Coffey, A. (2014) Real voices: child sexual exploitation in Greater Manchester. Manchester: "
        "Greater Manchester Police.",
        {"year": 2014, "title": "Real voices: child sexual exploitation in Greater Manchester"},
        id="harvard-no-stop-after-year",
    ),
    pytest.param(
        "Firmin C, Lloyd J. Green lights and red flags: the (im)possibilities of contextual safeguarding. "
        "Soc Sci. 2020;9(11):205.",
        {
            "type": "article-journal",
            "authors": (person("Firmin", "C."), person("Lloyd", "J.")),
            "year": 2020,
            "title": "Green lights and red flags: the (im)possibilities of contextual safeguarding",
            "container_title": "Soc Sci",
            "volume": "9",
            "issue": "11",
            "pages": "205",
        },
        id="vancouver-article",
    ),
    pytest.param(
        "Hallett S. Making sense of child sexual exploitation. Bristol: Policy Press; 2017.",
        {
            "authors": (person("Hallett", "S."),),
            "year": 2017,
            "place": "Bristol",
            "publisher": "Policy Press",
        },
        id="vancouver-book",
    ),
    pytest.param(
        "Child sexual exploitation: Definition and guide. (2017). Department for Education.",
        {"authors": (), "year": 2017, "title": "Child sexual exploitation: Definition and guide"},
        id="apa-no-author",
    ),
    pytest.param(
        "Maxwell, N. (2022). *Missing children and child criminal exploitation* [Doctoral dissertation, "
        "Cardiff University].",
        {"type": "thesis", "genre": "Doctoral dissertation", "publisher": "Cardiff University"},
        id="thesis",
    ),
    pytest.param(
        "Department for Education. (2018). *Working together to safeguard children* (Report No. "
        "DFE-00195-2018). HM Government.",
        {
            "authors": (org("Department for Education"),),
            "number": "DFE-00195-2018",
            "publisher": "HM Government",
        },
        id="report-number",
    ),
    pytest.param(
        "NSPCC (2021, March 3). *Grooming: signs, symptoms and effects*. https://www.nspcc.org.uk/grooming/",
        {"year": 2021, "month": 3, "day": 3, "type": "webpage"},
        id="webpage-full-date",
    ),
    pytest.param(
        "van der Berg, A., & De Souza, B. C. (2019). *Title*. Publisher.",
        {"authors": (person("Berg", "A.", "van der"), person("De Souza", "B. C."))},
        id="particles",
    ),
    pytest.param(
        "Smith, J., & Lee, K. (Eds.). (2019). *Handbook of safeguarding* (2nd ed.). Routledge.",
        {
            "type": "book",
            "authors": (),
            "editors": (person("Smith", "J."), person("Lee", "K.")),
            "edition": "2",
            "publisher": "Routledge",
        },
        id="edited-book-editors-in-author-place",
    ),
    pytest.param(
        "Ofsted, Care Quality Commission, HM Inspectorate of Constabulary and Fire & Rescue Services, & HM "
        "Inspectorate of Probation. (2018). Protecting children from criminal exploitation: an addendum. Ofsted.",
        {
            "authors": (
                org(
                    "Ofsted, Care Quality Commission, HM Inspectorate of Constabulary and Fire & Rescue "
                    "Services, & HM Inspectorate of Probation"
                ),
            ),
            "title": "Protecting children from criminal exploitation: an addendum",
            "publisher": "Ofsted",
        },
        id="joint-organisations-kept-as-written",
    ),
    pytest.param(
        "1. Firmin C. Contextual safeguarding and child protection: rewriting the rules. London: Routledge; 2020.",
        {
            "authors": (person("Firmin", "C."),),
            "year": 2020,
            "place": "London",
            "publisher": "Routledge",
            "type": "book",
        },
        id="numbered-vancouver-book",
    ),
    pytest.param(
        "Lloyd, J. (2019). Response and interventions into harmful sexual behaviour in schools. Child Abuse & "
        "Neglect, 94, 104037. https://doi.org/10.1016/j.chiabu.2019.104037",
        {"container_title": "Child Abuse & Neglect", "volume": "94", "issue": None, "pages": "104037"},
        id="volume-without-issue",
    ),
    pytest.param(
        "Wroe, Lauren (2021) Young people and ‘county lines’: a contextual and social account. Journal of "
        "Children's Services, 16 (1). pp. 39-55. ISSN 1746-6660",
        {
            "type": "article-journal",
            "authors": (person("Wroe", "Lauren"),),
            "container_title": "Journal of Children's Services",
            "volume": "16",
            "issue": "1",
            "pages": "39-55",
            "extra_fields": (("issn", "1746-6660"),),
            "note": None,
        },
        id="repository-citation-line-issn",
    ),
    pytest.param(
        "Beckett, Helen and Pearce, Jenny (2018) Understanding and responding to child sexual exploitation. "
        "Routledge, London. ISBN 9781138646940",
        {
            "type": "book",
            "publisher": "Routledge",
            "place": "London",
            "extra_fields": (("isbn", "9781138646940"),),
        },
        id="repository-book-publisher-then-place-isbn",
    ),
    pytest.param(
        "Department for Education. Working together to safeguard children. London: DfE; 2018 [cited 2021 May 1]. "
        "Available from: https://www.gov.uk/government/publications/working-together-to-safeguard-children--2",
        {
            "authors": (org("Department for Education"),),
            "year": 2018,
            "title": "Working together to safeguard children",
            "place": "London",
            "publisher": "DfE",
            "accessed": dt.date(2021, 5, 1),
        },
        id="vancouver-organisation-cited-date",
    ),
    pytest.param(
        "Serious Case Review: Child A (2018). Local Safeguarding Children Board. https://example.org/scr.pdf",
        {
            "authors": (),
            "title": "Serious Case Review: Child A",
            "publisher": "Local Safeguarding Children Board",
        },
        id="no-author-title-with-colon-before-date",
    ),
    pytest.param(
        "Smith, J. (2020) Title of the article, Journal of Youth Studies, 12(3): 45–67.",
        {
            "type": "article-journal",
            "title": "Title of the article",
            "container_title": "Journal of Youth Studies",
            "volume": "12",
            "issue": "3",
            "pages": "45-67",
        },
        id="harvard-title-comma-journal-without-quotes",
    ),
    pytest.param(
        "National Crime Agency (2019) County Lines Drug Supply, Vulnerability and Harm 2018. NCA.",
        {
            "type": "report",
            "title": "County Lines Drug Supply, Vulnerability and Harm 2018",
            "publisher": "NCA",
        },
        id="title-ending-in-a-year-is-not-a-journal",
    ),
    pytest.param(
        "Smith, J. (in press). Title of the forthcoming article. Journal of Youth Studies.",
        {
            "type": "article-journal",
            "year": None,
            "container_title": "Journal of Youth Studies",
            "note": "In press.",
        },
        id="in-press-article",
    ),
    pytest.param(
        "Children and Social Work Act 2017 (c. 16). https://www.legislation.gov.uk/ukpga/2017/16",
        {
            "type": "legislation",
            "authors": (),
            "title": "Children and Social Work Act 2017",
            "year": 2017,
            "number": "16",
        },
        id="legislation",
    ),
    pytest.param(
        "Working together to safeguard children (2018) London: HM Government.",
        {
            "authors": (),
            "title": "Working together to safeguard children",
            "year": 2018,
            "place": "London",
            "publisher": "HM Government",
        },
        id="harvard-no-author-title-first",
    ),
    pytest.param(
        "Wroe, L. E. (2021). Young people and “county lines”: A contextual and social account. Journal of "
        "Children’s Services, 16(1), 39–55. https://doi.org/10.1108/JCS-10-2020-0063",
        {
            "title": "Young people and “county lines”: A contextual and social account",
            "container_title": "Journal of Children’s Services",
            "doi": "10.1108/JCS-10-2020-0063",
        },
        id="curly-quotes-en-dash",
    ),
]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_reference_form(text, expected):
    entry = parse_reference(text)
    actual = {name: getattr(entry, name) for name in expected}
    if "type" in actual:
        actual["type"] = actual["type"].value
    assert actual == expected
    assert entry.source == strip_bullet(" ".join(text.split()))


def test_hard_wrapped_text_reads_like_one_line():
    wrapped = "Grauberg, J. (2021).\n*Approaches to\nStrategy*. TCE Support\nProgramme."
    entry = parse_reference(wrapped)
    assert entry.title == "Approaches to Strategy"
    assert entry.publisher == "TCE Support Programme"


def test_unreadable_reference_is_kept_with_problems():
    reading = read_reference("see the list on our website for more")
    assert reading.problems
    assert reading.entry.source == "see the list on our website for more"
    assert reading.entry.title


def test_missing_comma_is_reported_as_a_note_not_a_problem():
    reading = read_reference("Brodie, I. Hurst, A. (2022). *Title*. Publisher.")
    assert reading.problems == []
    assert any("missing comma" in note for note in reading.notes)


def test_invalid_field_is_dropped_with_a_problem_not_an_exception():
    reading = read_reference("Smith, J. (2090). *Future book*. Publisher.")
    assert reading.entry.year is None
    assert reading.entry.title == "Future book"
    assert reading.entry.publisher == "Publisher"
    assert any("2090" in problem for problem in reading.problems)
