"""Every line a person would call a reference is read as one; prose stays prose and is reported.

The lines here are written for these tests (invented works in the forms reference lists use):
APA and Harvard with and without a year, a year suffix after a space, ORCID text after names,
a missing title, Vancouver, repository lines, the year at the very end, organisations, links.
"""

import itertools

import pytest

from jtd_evidence.parsing.evidence_list import parse_evidence_list
from jtd_evidence.parsing.reference_line import MARKS, THRESHOLD, judge_line

REFERENCES = [
    "Morrow, K. (2018 a) Early help and the family court: a review. Leeds: Northern Policy Unit.",
    "Okonjo, T. and Reeve, S. (2016 b). Listening to siblings in care. Child Care in Practice, 22(3), pp. 211-226.",
    "Jones, A. [ORCID 0000-0002-1825-0097] (2019). Multi-agency panels and risk. Journal of Social Work Practice, 33(2), 145–160.",
    "Patel, R., ORCID: https://orcid.org/0000-0001-5109-3700, Hughes, M. (2021) Exploitation beyond the county line. Bristol: Policy Press.",
    "Whitfield, C. https://orcid.org/0000-0003-4421-9812 (2020). Contextual safeguarding in rural schools. Children & Society, 34(6), 503-518.",
    "Lowe, P. (2015). Journal of Adolescence, 41, 12-20.",
    "Brennan, F. Working with fathers in child protection. London: Family Rights Group.",
    "Nash, D., Ellery, J. and Tamm, K. Peer mentoring for care leavers: an evaluation. Research in Practice, Dartington.",
    "12. Harlow KE, Mbeki T. Adolescent neglect and school exclusion. Child Abuse Negl. 2019;88(2):214–22.",
    "3. Fenwick R, Osei A, Lindqvist M, et al. Trauma-informed care in secure settings. BMJ Open. 2022;12:e051234.",
    "[7] Carvalho D, Byrne J. Online grooming: a scoping review. Trauma Violence Abuse 2020;21(5):1015-29.",
    "Greaves, Martin and Oduya, Lena (2017) Safeguarding in youth sport clubs: a survey of practice. In: Sport, Youth and Society. Routledge, London, pp. 88-104. ISBN 9781138000001 [Book Section]",
    "Carrick, Ailsa (2019) Youth workers as first responders. Youth and Policy, 118. pp. 40-57. ISSN 1234-5678",
    "Bell, H. Parenting under pressure: family support after lockdown. Family Matters Trust, Manchester, 2021.",
    "Adeyemi, S., Hart, L. Student voice in safeguarding policy. Educational Review 72(4): 455–471, 2020.",
    "Safe Families Network (n.d.) Guidance for volunteers. Available at: https://safefamilies.example.org/guidance (Accessed: 3 March 2022).",
    "NSPCC Learning. Managing allegations against staff. https://learning.nspcc.example.org.uk/allegations",
    "Lindsay, M. (2012) 'Residential care and risk', in Stein, M. and Munro, E. (eds) Young people leaving care. London: Jessica Kingsley, pp. 77-95.",
    "Department for Education (2018). Working together: statutory guidance. ISBN 978-1-78105-876-1.",
    "Keeping kids safe online | Internet Safety Hub. https://internetsafety.example.com/kids (accessed 4 February 2022).",
    "Murray J, Kaur P (2017) Missing from care: patterns and responses. Youth Justice 17(1): 3-19.",
    "Stewart, L. (2014). Neighbourhood effects on youth offending. journal of criminology, 9(2), 100-115.",
    "Quinn, Roisin (2016) Restorative approaches in residential homes. PhD thesis, University of Stirling.",
    "Ahmed, N. & Doyle, E. Reaching hidden young carers. Cardiff: Carers Wales, n.d.",
    "Osei, K. (2022). Peer-on-peer abuse in further education [Report]. Association of Colleges.",
    "Tran, V. 2019. Safeguarding adolescents in care. London: Policy Exchange.",
    "van Dijk, E., & de Bruin, M. (2020). Family group conferencing in the Netherlands. European Journal of Social Work, 23(5), 812-824. https://doi.org/10.1080/13691457.2019.1234567",
    "HM Government. Keeping children safe in education. Statutory guidance for schools. London: Department for Education; 2023.",
    "Marsh, P., Oyelaran, B. & Kettle, J. (2015 c). Whose risk is it anyway? Youth Justice Review, 6(1), 33–49.",
    "Irvine, Catriona ORCID: 0000-0001-2345-6789 and Lamb, Peter (2021) Listening circles in primary schools. Education 3-13, 49 (5). pp. 601-614. ISSN 0300-4279",
    "Duarte, M. https://orcid.org/0000-0002-9999-0001 Family time for children in care. Adoption & Fostering 44(2): 160–175.",
    "Fairclough, R. (2019). London: Coram BAAF.",
    "Ward, H. Outcomes for children looked after away from home. Dartington Social Research Unit, 2009.",
    "4. Kaplan S, Ruiz-Perez E. Domestic abuse and teenage relationships. J Fam Violence. 2018;33(7):455-66. doi:10.1007/s10896-018-0001-2",
    "27. World Health Organization. Global status report on preventing violence against children. Geneva: WHO; 2020.",
    "Bryant, Lois (2013) Children's centres and the reach of early help. Project Report. Sheffield Hallam University, Sheffield.",
    "Kerr, J. (ed.) (2017) Working with young people who go missing. Bristol: Policy Press.",
    "Children's Commissioner for England. Keeping kids safe: improving safeguarding responses to gang violence. 2019.",
    "Lefebvre, A. and Ngata, T. (n.d.) A practitioner's guide to contextual mapping [PDF]. Available from: www.contextmap.example.net/guide",
    "Rahman, S.; Ellis, J.; Doherty, K. Parental mental health and child protection. British Journal of Social Work, 50(8), 2301-2318. 2020.",
    "Chen Y, Abara O, Müller K. Adolescent exploitation in online spaces: a systematic review. Child Abuse Rev 2023; 32: e2789.",
    "O'Sullivan, D. (2016). 'Nobody asked me': young carers and school attendance. Children & Society 30 (4): 280-291.",
    "Local Government Association (2022) Serious violence duty: a guide for councils. London: LGA.",
    "Hughes, N., Chitsabesan, P., Bryan, K. et al. (2017). Language impairment and young offenders. Journal of Children's Services, 12(2/3), 88-97.",
    "Sands, C. Harmful sexual behaviour in schools, 2nd edn. London: Jessica Kingsley, 2018.",
    "Youth Endowment Fund. Mentoring: toolkit technical report. https://youthendowment.example.org.uk/toolkit/mentoring/ [Accessed 12/05/2023]",
    # given names first, the title in quotes
    '-   Irene Calder and Tomasz Wolny, "Counting the unseen: missing children in rural districts", Rural Welfare Review, 12.',
    'R. Esposito, K. Hayashi and B. Laine, "Voice of the child in case conferences," in Proc. Social Work Informatics Workshop, Glasgow.',
    # the title first, the authors after it
    "What do families value in early help? A qualitative synthesis. N. Obi, F. Carr. Child Fam Soc Work 2016: 21; 340-9.",
    "**Learning from serious case reviews with topic models.** ECSW 2020. *Hana Kral, Peter Moss, Ade Ojo.*",
    # Acts and statutory instruments
    "Youth Services (Provision and Inspection) Regulations 2019 (SI 2019/812). London: The Stationery Office.",
    "Family Support Act 2016, s 12",
    # web sources: a numbered bare address, a body and a title, a sentence-case title and its address
    "6. https://www.example.org.uk/statistics/looked-after-children-2023/",
    "Northern Rail Board — Timetable review (July 2025). https://www.example.org.uk/timetable-review",
    "Ending rough sleeping for good. https://www.example.gov.uk/news/ending-rough-sleeping",
    "Legislation.gov.uk: Family Support Act 2016 https://www.example.gov.uk/ukpga/2016/12/contents",
]
PROSE = [
    "Further reading",
    "References",
    "Bibliography",
    "Contents",
    "Key messages for practitioners:",
    "Appendix A: search terms used",
    "Here are the references from the briefing that we talked about on Tuesday, as promised.",
    "In 2019 the council commissioned an independent review of its early help offer, which reported in March.",
    "The panel met three times between 2020 and 2021 to consider the findings.",
    "Please contact the team if you have any questions about these sources.",
    "See also the resources listed on page 12.",
    "This section lists the studies that informed each of the principles.",
    "Smith and Jones (2019) found that young people valued being listened to by the professionals around them.",
    "As Holmes (2022) argues, transitional safeguarding needs a whole-system response.",
    "Table 3: Number of referrals by year, 2015–2020",
    "Most of the sources below were published after 2015, and several are free to read online.",
    "We are grateful to the young people who reviewed this list in June 2023.",
    "The list was last checked in January 2024.",
    "Sources marked with an asterisk are not peer reviewed.",
    "Evidence reviews published by the Early Intervention Foundation",
    "Acknowledgements",
    "Further resources and reading",
    "Useful websites",
    "Reference list (APA 7th edition)",
    "The following sources were used to inform this briefing.",
    "Updated in March 2022 to include new guidance from the Department for Education.",
    "Ofsted (2021) found that sexual harassment had become normalised for many pupils in schools.",
    "According to Firmin (2020), contextual safeguarding extends the reach of child protection beyond the family.",
    "If you would like a copy of any of these papers, please email the research team.",
    "Many of these reports are available free of charge from the publishers' websites.",
    "Note: sources published before 2010 have been excluded unless they are still widely cited.",
    "Each of the studies below was rated for quality by two reviewers working independently.",
    "Chapter 4: What the evidence tells us about early help",
    "It is important to read these sources alongside the local safeguarding procedures.",
    "Research summaries were written by the team between 2021 and 2023.",
    "Page 3 of 12",
    "Updated in 2022: the full list is kept at https://www.example.org/evidence and is reviewed each spring.",
    "More information is available at https://www.example.gov.uk/guidance",
    "You can read the briefing online at www.example.org.uk/briefing, or ask us for a printed copy.",
    "The Children Act 1989 places a duty on every local authority to safeguard children in need.",
    "Under the Care Act 2014, councils must assess anyone who appears to need care and support.",
    "Maria Lopez and Tom Hughes led the review with help from the youth panel in 2021.",
    "Thanks to Priya Shah, Omar Farouk and Ellen Price for their comments on the draft.",
    "1. Read the guidance before the first meeting.",
    "2. Check each link at https://www.example.org/links before sharing it.",
    "Contact: Jane Doe, Research Lead",
    "Version 2.1, published 14 March 2023",
    "Smith (2019) and Patel (2020) both describe the same pilot in Leeds.",
    "Figures for 2019–2020 are provisional and may change.",
    "Section 47 enquiries rose by 12% between 2018 and 2022.",
    "Last updated: 3 May 2024",
    "Questions? Email research@example.org or visit https://www.example.org/contact",
    "The full list of sources is kept on our website. https://www.example.org/sources",
    "Find out more about the programme and how to take part. https://www.example.org/take-part",
    "The Youth Justice Board (2021) guidance asks every team to record the child's own account.",
    "The Education Act 2011, section 2, gives head teachers wider powers to search pupils.",
    '*¤§¶©®¬ ±¿× ÷¦¯ kÍëù* ~¸ "»¼½¾ ×ÞÆ ¢¥" 2019',
]


@pytest.mark.parametrize("line", REFERENCES)
def test_a_reference_line_is_a_reference(line):
    verdict = judge_line(line)
    assert verdict.is_reference, verdict.marks
    assert verdict.score >= THRESHOLD


@pytest.mark.parametrize("line", PROSE)
def test_prose_and_headings_are_not(line):
    verdict = judge_line(line)
    assert not verdict.is_reference, verdict.marks


def test_a_pasted_list_takes_every_reference_and_reports_every_other_line():
    lines = [line for pair in itertools.zip_longest(REFERENCES, PROSE) for line in pair if line is not None]
    text = "\n\n".join(lines) + "\n"
    result = parse_evidence_list(text, keep_unassigned=True)
    numbers = {line: 2 * n + 1 for n, line in enumerate(lines)}
    kinds = {line.text: line.kind for line in result.lines if line.text}
    assert [line for line in REFERENCES if kinds[line] != "reference"] == []
    assert [line for line in PROSE if kinds[line] not in ("warning", "ornament")] == []  # 'Page 3 of 12'
    assert len(result.occurrences) == len(REFERENCES)
    reported = [line for line in PROSE if kinds[line] == "warning"]
    unrecognised = {w.line: w for w in result.warnings if w.kind == "unrecognised"}
    assert sorted(unrecognised) == sorted(numbers[line] for line in reported)
    for line in reported:
        message = unrecognised[numbers[line]].message
        assert message.endswith(": not read")
        assert message.startswith(("reads as prose", "line is neither", "contact details"))


def test_what_is_read_from_the_lines_the_old_classifier_dropped():
    text = "\n".join(
        [
            "Morrow, K. (2018 a) Early help and the family court: a review. Leeds: Northern Policy Unit.",
            "Brennan, F. Working with fathers in child protection. London: Family Rights Group.",
            "12. Harlow KE, Mbeki T. Adolescent neglect and school exclusion. Child Abuse Negl. 2019;88(2):214–22.",
        ]
    )
    morrow, brennan, harlow = parse_evidence_list(text, keep_unassigned=True).entries
    assert (morrow.authors[0].family, morrow.year) == ("Morrow", 2018)
    assert morrow.title == "Early help and the family court: a review"
    assert brennan.year is None and brennan.authors[0].family == "Brennan"
    assert [p.family for p in harlow.authors] == ["Harlow", "Mbeki"]
    assert (harlow.year, harlow.volume, harlow.issue, harlow.pages) == (2019, "88", "2", "214-22")


def test_a_wrapped_reference_is_one_reference_even_when_its_second_line_looks_like_a_source():
    text = (
        "Okonjo, T. and Reeve, S. (2016). Listening to siblings in care: what they tell us\n"
        "about contact. Child Care in Practice, 22(3), pp. 211-226.\n"
        "Irvine, C. Listening circles in primary schools. Education 3-13, 49 (5). pp. 601-614.\n"
    )
    result = parse_evidence_list(text, keep_unassigned=True)
    assert [line.kind for line in result.lines] == ["reference", "continuation", "reference"]
    assert result.entries[0].container_title == "Child Care in Practice"


def test_a_cited_date_inside_a_sentence_is_not_a_reference():
    verdict = judge_line("Smith and Jones (2019) found that young people valued being listened to.")
    assert not verdict.is_reference
    assert dict(verdict.marks)["verb-after-date"] < 0


def test_the_reason_given_names_the_evidence():
    result = parse_evidence_list(
        "Smith, J. (2020). *A title*. Press.\n\nWe are grateful to the young people who reviewed this list.\n",
        keep_unassigned=True,
    )
    (warning,) = result.warnings
    assert warning.line == 3
    assert warning.message.startswith("reads as prose, not a reference (it has ")
    # the reasons are the line's own strongest marks (which ones depends on the fitted weights)
    assert (
        warning.message == f"reads as prose, not a reference ({judge_line(warning.raw).explain()}): not read"
    )
    assert "verbs" in warning.message


def test_no_single_mark_makes_a_reference():
    """A line needs two kinds of evidence: a year, a link or a name alone is not enough. The one
    mark that reaches the threshold alone is the grammar's own test, which is two already (a date
    that follows an author block or a title)."""
    assert [mark.name for mark in MARKS if mark.weight >= THRESHOLD] == ["author-date"]
    for line in ("2019", "https://www.example.org/page", "Smith, J.", "ISBN 978-1-78105-876-1"):
        assert not judge_line(line).is_reference


def test_every_mark_is_seen_on_the_lines_here():
    seen = {name for line in REFERENCES + PROSE for name, _ in judge_line(line).marks}
    assert seen == {mark.name for mark in MARKS}


def test_orcid_text_after_a_name_is_not_read_as_part_of_the_reference():
    text = "\n".join(
        [
            "Jones, A. [ORCID 0000-0002-1825-0097] (2019). Multi-agency panels and risk. "
            "Journal of Social Work Practice, 33(2), 145–160.",
            "Patel, R., ORCID: https://orcid.org/0000-0001-5109-3700, Hughes, M. (2021) "
            "Exploitation beyond the county line. Bristol: Policy Press.",
            "Whitfield, C. https://orcid.org/0000-0003-4421-9812 (2020). Contextual safeguarding in rural "
            "schools. Children & Society, 34(6), 503-518. https://doi.org/10.1111/chso.12345",
        ]
    )
    jones, patel, whitfield = parse_evidence_list(text, keep_unassigned=True).entries
    assert [p.family for p in jones.authors] == ["Jones"] and jones.year == 2019
    assert [p.family for p in patel.authors] == ["Patel", "Hughes"] and patel.url is None
    assert [p.family for p in whitfield.authors] == ["Whitfield"]
    assert (whitfield.container_title, whitfield.doi) == ("Children & Society", "10.1111/chso.12345")
    assert "orcid" in whitfield.source.lower()  # the raw text keeps it


def test_the_authors_of_a_reference_with_no_year_are_read():
    text = "\n".join(
        [
            "Brennan, F. Working with fathers in child protection. London: Family Rights Group.",
            "Nash, D., Ellery, J. and Tamm, K. Peer mentoring for care leavers: an evaluation. "
            "Research in Practice, Dartington.",
            "Ahmed, N. & Doyle, E. Reaching hidden young carers. Cardiff: Carers Wales, n.d.",
        ]
    )
    brennan, nash, ahmed = parse_evidence_list(text, keep_unassigned=True).entries
    assert [p.family for p in brennan.authors] == ["Brennan"] and brennan.year is None
    assert brennan.title == "Working with fathers in child protection"
    assert (brennan.place, brennan.publisher) == ("London", "Family Rights Group")
    assert [p.family for p in nash.authors] == ["Nash", "Ellery", "Tamm"]
    assert nash.title == "Peer mentoring for care leavers: an evaluation"
    assert [p.family for p in ahmed.authors] == ["Ahmed", "Doyle"] and ahmed.year is None


def test_a_line_after_a_reference_ending_in_an_address_is_a_line_of_its_own():
    """An address without a closing '/' used to leave the reference open, so the next line, a
    reference of its own or not, was joined to it unseen. Only the rest of a wrapped address, or a
    bracketed note on it, carries the reference on."""
    text = "\n".join(
        [
            "Northern Rail Board — Timetable review. https://www.example.org.uk/timetable-review",
            "Ending rough sleeping for good. https://www.example.gov.uk/news/ending-rough-sleeping",
            "Hale, R. (2020). Night shelters. Available at: https://www.example.org/shelters/night-",
            "shelters-review.pdf",
            "(Accessed: 3 March 2022).",
            "Quayle, T. Warm spaces. https://www.example.net/warm",
            "We are grateful to the young people who reviewed this list.",
        ]
    )
    result = parse_evidence_list(text, keep_unassigned=True)
    kinds = [line.kind for line in result.lines]
    assert kinds[3:5] == ["continuation", "continuation"]
    assert "continuation" not in kinds[:3] + kinds[5:]
    assert kinds[6] == "warning"
    hale = next(entry for entry in result.entries if entry.authors and entry.authors[0].family == "Hale")
    assert hale.url == "https://www.example.org/shelters/night-shelters-review.pdf"


NEW_FORMS = REFERENCES[-10:]  # given names first, title first, Acts, web sources (issue 11 point 4)


def test_each_new_form_is_taken_and_reported_with_what_could_be_read():
    result = parse_evidence_list("\n".join(NEW_FORMS) + "\n", keep_unassigned=True)
    assert [line.kind for line in result.lines] == ["reference"] * len(NEW_FORMS)
    assert len(result.occurrences) == len(NEW_FORMS)
    assert not [w for w in result.warnings if w.kind == "unrecognised"]
    by_line = {o.line: result.entries[o.entry_index] for o in result.occurrences}
    assert by_line[3].title == "What do families value in early help? A qualitative synthesis"
    assert [p.family for p in by_line[3].authors] == ["Obi", "Carr"]
    assert by_line[9].url == "https://www.example.gov.uk/news/ending-rough-sleeping"
    no_year = {w.line for w in result.warnings if w.kind == "unparsed" and "no year" in w.message}
    assert {1, 2, 9} <= no_year  # what could not be read is said, not dropped


@pytest.mark.parametrize(
    ("line", "mark"),
    [
        (NEW_FORMS[0], "given-first"),
        (NEW_FORMS[2], "names-later"),
        (NEW_FORMS[3], "names-later"),
        (NEW_FORMS[4], "legislation"),
        (NEW_FORMS[5], "legislation"),
        (NEW_FORMS[6], "numbered"),
        (NEW_FORMS[7], "body-title"),
        (NEW_FORMS[8], "titled-link"),
    ],
)
def test_the_new_forms_show_their_own_marks(line, mark):
    verdict = judge_line(line)
    assert verdict.is_reference and mark in dict(verdict.marks), verdict.marks


def test_a_sentence_case_title_before_its_link_is_not_counted_as_lower_case_prose():
    title = judge_line(
        "Ending rough sleeping for good. https://www.example.gov.uk/news/ending-rough-sleeping"
    )
    sentence = judge_line(
        "You can read the briefing online at www.example.org.uk/briefing, or ask us for a copy."
    )
    assert "lower-case" not in dict(title.marks) and title.is_reference
    assert "lower-case" in dict(sentence.marks) and not sentence.is_reference


def test_a_link_alone_or_with_a_year_in_it_is_not_a_reference_but_a_numbered_one_is():
    assert not judge_line("https://www.example.org/2019/annual-report").is_reference
    assert judge_line("6. https://www.example.org/2019/annual-report").is_reference
    assert not judge_line(
        "2. Check each link at https://www.example.org/links before sharing it."
    ).is_reference


MARKED_FORMS = [
    # resource lists give a title in plain words and its address, or Word's pasted link text; a
    # sentence leads into its address with a word such as 'at', 'visit' or 'here'
    (
        "titled-link",
        [
            "Choosing keywords https://www.example.org/guide.pdf",
            "Searching databases basic guidelines https://www.example.org/guide.pdf",
            "Report a missing child - GOV.UK (www.gov.uk)",
            "Longitudinal study of social workers (Wave 5) (publishing.service.gov.uk)",
        ],
        [
            "The full guidance is online at https://www.example.org/guidance",
            "For the form, visit https://www.example.org/form",
            "Read the findings here https://www.example.org/findings",
            "Call the helpline or visit (www.example.org.uk).",
            "Send the form to the team at (example.org.uk).",
            "The figures are in the annual report (report.pdf)",
        ],
    ),
    # official footnotes write 'Body, Title, date'; a sentence names a body and goes on after the comma
    (
        "organisation",
        [
            "Department for Transport, Local Transport White Paper, 19 January 2011",
            "BBC News, Lift-off for the new space programme, 23 June 2021",
        ],
        [
            "The Youth Justice Board, which met on 4 May 2021, agreed the plan.",
            "NSPCC, working with schools since 2019, has trained many staff.",
        ],
    ),
    # data-source lists and endnotes write 'Title, Body' and 'Title, Body (Month Year)'
    (
        "body-end",
        [
            "Annual Survey of Hours and Earnings 2008-2012, Office for National Statistics.",
            "Creating growth, cutting carbon, Department for Transport (January 2011)",
        ],
        [
            "We met the team at the Department for Education.",  # no comma or dash before the body
            "The figures were checked by colleagues, who work with the ONS data every day.",
        ],
    ),
]


@pytest.mark.parametrize(
    ("mark", "references", "sentences"), MARKED_FORMS, ids=[m for m, _, _ in MARKED_FORMS]
)
def test_a_mark_finds_its_form_of_reference_and_not_the_sentences_like_it(mark, references, sentences):
    for line in references:
        verdict = judge_line(line)
        assert mark in dict(verdict.marks) and verdict.is_reference, line
    for line in sentences:
        verdict = judge_line(line)
        assert mark not in dict(verdict.marks) and not verdict.is_reference, line


def test_list_context_takes_a_line_with_reference_marks_between_two_references_only():
    between = "Safe Steps Trust. Guidance for volunteers, 2nd edn."
    verdict = judge_line(between)
    assert not verdict.is_reference and len(verdict.marks) >= 2  # not enough alone
    listed = parse_evidence_list(f"{REFERENCES[0]}\n\n{between}\n\n{REFERENCES[1]}\n", keep_unassigned=True)
    assert [line.kind for line in listed.lines if line.text] == ["reference"] * 3
    assert len(listed.occurrences) == 3
    alone = parse_evidence_list(f"{between}\n\n{REFERENCES[1]}\n", keep_unassigned=True)
    assert [line.kind for line in alone.lines if line.text] == ["warning", "reference"]
    prose = "Thanks to Priya Shah, Omar Farouk and Ellen Price for their comments on the draft."
    with_prose = parse_evidence_list(f"{REFERENCES[0]}\n{prose}\n{REFERENCES[1]}\n", keep_unassigned=True)
    assert [line.kind for line in with_prose.lines] == ["reference", "warning", "reference"]


def test_a_reference_that_starts_like_one_is_not_joined_to_an_unfinished_looking_line_before():
    """References that end without a stop ('*Names*', 'Act 2015, s 49') were joined to the next
    reference when it began with a title or an Act rather than with authors."""
    text = "\n".join(
        [
            "**Learning from serious case reviews with topic models.** ECSW 2020. *Hana Kral, Peter Moss.*",
            "**Mapping contextual risk with graphs.** SWIC 2021. *Tomas Berg, Ines Lund.*",
            "Family Support Act 2016, s 12",
            "Youth Services (Provision and Inspection) Regulations 2019 (SI 2019/812), reg 4",
            "Irene Calder and Tomasz Wolny, 'Counting the unseen', Rural Welfare Review, 12",
            "Northern Rail Board — Timetable review (July 2025). https://www.example.org.uk/timetable-review",
        ]
    )
    result = parse_evidence_list(text, keep_unassigned=True)
    assert [line.kind for line in result.lines] == ["reference"] * 6


def test_in_a_list_of_one_reference_a_line_a_reference_is_never_joined_to_the_one_before():
    """Repository listings end each line without a stop and start each with its title: in a list
    whose lines are references on their own, none is joined to the line before; a hard-wrapped
    list (whose halves are not references alone) is still joined."""
    listing = [
        "Kinship care and school belonging Reid, A. & Okafor, B., 3 Mar 2024, In: Child Care in Practice. "
        "30, 2, p. 101-118 Research output: Contribution to journal › Article › peer-review",
        "Peer mentoring in secure settings Lund, I., Berg, T. & Moss, P., 9 Jun 2023, In: Youth Justice. "
        "23, 1, p. 40-57 Research output: Contribution to journal › Article › peer-review",
        "Listening to fathers in child protection Hale, R., 12 Jan 2022, In: Child Abuse Review. "
        "31, 4, p. 211-226 Research output: Contribution to journal › Review article › peer-review",
        "Night shelters for young people Quayle, T. & Ojo, A., 2 Feb 2021, London: Policy Press. "
        "180 p. Research output: Book/Report › Book",
        "Safeguarding in rural schools Calder, I., 5 May 2020, In: Children & Society. 34, 6, "
        "p. 503-518 Research output: Contribution to journal › Article › peer-review",
    ]
    result = parse_evidence_list("\n".join(listing) + "\n", keep_unassigned=True)
    assert [line.kind for line in result.lines] == ["reference"] * len(listing)
    assert len(result.occurrences) == len(listing)
    wrapped = (
        "Okonjo, T. and Reeve, S. (2016). Listening to siblings in care: what they tell us\n"
        "about contact. Child Care in Practice, 22(3), pp. 211-226.\n"
        "Irvine, C. (2019). Listening circles in primary schools: a study of\n"
        "practice. Education 3-13, 49 (5). pp. 601-614.\n"
    )
    kinds = [line.kind for line in parse_evidence_list(wrapped, keep_unassigned=True).lines]
    assert kinds == ["reference", "continuation", "reference", "continuation"]


@pytest.mark.parametrize(
    ("mark", "line"),
    [
        ("identifier", "See doi 10.1234/abc here"),
        ("identifier", "isbn: 978-0-00"),
        ("identifier", "ORCID listed"),
        ("identifier", "id 0000-0002-1825-009x"),
        ("volume", "Journal 12 (3), here"),
        ("volume", "Lancet 2020; 395: 10"),
        ("volume", "Vol. 4 and more"),
        ("volume", "issue. 7 of the series"),
        ("descriptor", "Title [Online] words"),
        ("descriptor", "Name (Eds.) words"),
        ("descriptor", "available from the library"),
        ("descriptor", "Words. in: Some Book"),
        ("descriptor", "Site name | Page title"),
        ("pages", "Some words, p. 4"),
        ("pages", "A journal article e0123456"),
        ("pages", "A journal 12, 219–239"),
    ],
)
def test_each_form_of_a_mark_searched_apart_is_found(mark, line):
    # identifier, volume, descriptor and pages are each searched as a few patterns, not one alternation
    found = dict(judge_line(line).marks)
    assert mark in found


@pytest.mark.parametrize(
    ("line", "garbled"),
    [
        ("\x01\x02\x03 Smith, J. (2020) Title. Press. \x04\x05", True),
        ("Żółć, Ł. (2020) Émile et la vérité. Éditions Présence.", False),
        ("Smith ☺☺☺☺☺ ✓✓✓ (2020)", True),
    ],
)
def test_garbled_counts_what_is_neither_a_letter_a_digit_nor_a_plain_sign(line, garbled):
    assert ("garbled" in dict(judge_line(line).marks)) is garbled


def test_a_span_of_years_is_no_page_range():
    assert "pages" not in dict(judge_line("Reviews of the service 1990-2010 and since").marks)
