"""Corrections of where the model's fields start and end (jtd_evidence.parsing.relabel_edges),
made by relabel after its own."""

import pytest

from jtd_evidence.parsing.labels import format_tagged, parse_tagged
from jtd_evidence.parsing.relabel import relabel
from jtd_evidence.parsing.relabel_edges import relabel_edges


@pytest.mark.parametrize(
    ("read", "meant"),
    [
        (  # a list's number before the first author
            "<author>7 Home Office</author>. <date>2019</date>. <title>Knife crime review</title>.",
            "7 <author>Home Office</author>. <date>2019</date>. <title>Knife crime review</title>.",
        ),
        (  # a number is never cut
            "<author>Ofcom</author>. <title>Broadcast Code 3</title>.2. <url>https://ofcom.example</url>",
            "<author>Ofcom</author>. <title>Broadcast Code 3.2</title>. <url>https://ofcom.example</url>",
        ),
        (  # the body's full name in brackets after its acronym, before the date
            "<author>DfT</author> (<title>Department for Transport)</title>. (<date>2022</date>). <title>Road safety</title>.",
            "<author>DfT (Department for Transport)</author>. (<date>2022</date>). <title>Road safety</title>.",
        ),
        (  # an acronym in square brackets after the body
            "<author>Office for Students</author> [OfS]. (<date>2021</date>). <title>Access plans</title>.",
            "<author>Office for Students [OfS]</author>. (<date>2021</date>). <title>Access plans</title>.",
        ),
        (  # a bracket opened in the author's name is closed in it
            "<author>NCB (National Children’s</author> Bureau). (<date>2020</date>). <title>Play</title>.",
            "<author>NCB (National Children’s Bureau)</author>. (<date>2020</date>). <title>Play</title>.",
        ),
        (  # the words of an access date read as a site, the date as a date
            "<author>Ofwat</author>. <date>2024</date>. <title>Water bills</title>. <container-title>As of</container-title> <date>3 May 2025</date>: <url>https://ofwat.example</url>",
            "<author>Ofwat</author>. <date>2024</date>. <title>Water bills</title>. As of <accessed>3 May 2025</accessed>: <url>https://ofwat.example</url>",
        ),
        (  # Vancouver's [cited ...] read as a title
            "<author>NSPCC</author>. <title>Neglect</title>. <date>2020</date> [cited <title>2022 Jan 4</title>]. Available from: <url>https://x.example</url>",
            "<author>NSPCC</author>. <title>Neglect</title>. <date>2020</date> [cited <accessed>2022 Jan 4</accessed>]. Available from: <url>https://x.example</url>",
        ),
        (  # a site named first, before [Internet], with the page's title after the access date
            "<author>GOV.UK</author> <genre>[Internet]</genre>. [cited <accessed>2025 Jun 26</accessed>]. <title>Saturated fats</title>. Available from: <url>https://gov.example</url>",
            "<container-title>GOV.UK</container-title> <genre>[Internet]</genre>. [cited <accessed>2025 Jun 26</accessed>]. <title>Saturated fats</title>. Available from: <url>https://gov.example</url>",
        ),
        (  # ... and the page's title after the access date read as a site is the title
            "<author>nhs.uk</author> [Internet]. <date>2017</date> [cited <accessed>2025 Jul 8</accessed>]. <container-title>Obesity</container-title>. Available from: <url>https://nhs.example</url>",
            "<container-title>nhs.uk</container-title> [Internet]. <date>2017</date> [cited <accessed>2025 Jul 8</accessed>]. <title>Obesity</title>. Available from: <url>https://nhs.example</url>",
        ),
        (  # a second title before the access date, the page's title after it: the first is the site
            "<author>UCL</author>. <title>MRC Clinical Trials Unit</title>. <date>2018</date> [cited <accessed>2024 Feb 19</accessed>]. <title>What is a trial?</title>",
            "<author>UCL</author>. <container-title>MRC Clinical Trials Unit</container-title>. <date>2018</date> [cited <accessed>2024 Feb 19</accessed>]. <title>What is a trial?</title>",
        ),
        (  # a page's one-word title after an author, then its site after a dash
            "<author>Autism.org.uk</author>. <date>2017</date>. <title>Classroom - National Autistic Society</title>. <url>https://autism.example</url>",
            "<author>Autism.org.uk</author>. <date>2017</date>. <title>Classroom</title> - <container-title>National Autistic Society</container-title>. <url>https://autism.example</url>",
        ),
        (  # a site's name with its full name in brackets
            "<author>NORD</author>. <date>2020</date>. <title>Locked in Syndrome - NORD (National Organization for Rare Disorders)</title>. <url>https://nord.example</url>",
            "<author>NORD</author>. <date>2020</date>. <title>Locked in Syndrome</title> - <container-title>NORD (National Organization for Rare Disorders)</container-title>. <url>https://nord.example</url>",
        ),
        (  # no author, two titles one after the other: the first, a body's name, is the author
            "<title>Nudge Associates</title>. <title>Sexual Health Needs Assessment</title>. <publisher>WSCC</publisher>, <date>2014</date>.",
            "<author>Nudge Associates</author>. <title>Sexual Health Needs Assessment</title>. <publisher>WSCC</publisher>, <date>2014</date>.",
        ),
        (
            "<title>WHO Study Group on Tobacco Product Regulation (TobReg)</title>. <title>Advisory note</title>. <date>2015</date>.",
            "<author>WHO Study Group on Tobacco Product Regulation (TobReg)</author>. <title>Advisory note</title>. <date>2015</date>.",
        ),
        (  # a date in figures in square brackets after the title: the access date; the year before it the date
            "<author>ONS</author>. <title>No garden 2020</title> [<volume>19</volume>/<issue>12/25</issue>]. Available from: <url>https://ons.example</url>.",
            "<author>ONS</author>. <title>No garden</title> <date>2020</date> [<accessed>19/12/25</accessed>]. Available from: <url>https://ons.example</url>.",
        ),
        (
            "<author>Nesta</author>. <title>Diets</title> <date>2021</date> [<note>08/12/25]</note>. Available from: <url>https://nesta.example</url>.",
            "<author>Nesta</author>. <title>Diets</title> <date>2021</date> [<accessed>08/12/25</accessed>]. Available from: <url>https://nesta.example</url>.",
        ),
        (  # a title does not end on a small word: it runs on through the name after it
            "<author>PHRU</author>. (<date>2019</date>). <title>Survey of 10 year olds</title> in <container-title>West Sussex</container-title>. <place>Chichester</place>.",
            "<author>PHRU</author>. (<date>2019</date>). <title>Survey of 10 year olds in West Sussex</title>. <place>Chichester</place>.",
        ),
        (
            "<author>Lewer D</author>. <title>A study in London and</title> <publisher>Birmingham, England</publisher>. <container-title>BMJ Open</container-title>.",
            "<author>Lewer D</author>. <title>A study in London and Birmingham, England</title>. <container-title>BMJ Open</container-title>.",
        ),
        (  # [Internet] read as a kind together with the title's last words: they are the title's
            "<author>OHAS</author>. <title>Commercial Determinants – explainer</title> <genre>blog [Internet]</genre>. <date>2024</date>.",
            "<author>OHAS</author>. <title>Commercial Determinants – explainer blog</title> <genre>[Internet]</genre>. <date>2024</date>.",
        ),
        (
            "<author>ESCC</author>. <title>Hot Food Takeaway</title> (<genre>HFT) Guidance [Internet]</genre>. <date>2024</date>.",
            "<author>ESCC</author>. <title>Hot Food Takeaway (HFT) Guidance</title> <genre>[Internet]</genre>. <date>2024</date>.",
        ),
        (  # no author read: a body's name and its acronym opening the title are the author
            "<title>Sussex Violence Reduction Partnership (VRP) Serious Violence Strategy</title>. <url>https://vrp.example</url>",
            "<author>Sussex Violence Reduction Partnership (VRP)</author> <title>Serious Violence Strategy</title>. <url>https://vrp.example</url>",
        ),
        (  # ... also read as an author and a title from the bracket on
            "<author>AYPH</author> (<title>Association for Young People’s Health) Organisational Strategy</title>.",
            "<author>AYPH (Association for Young People’s Health)</author> <title>Organisational Strategy</title>.",
        ),
        (  # biblatex's back-references are the list's remark, no field
            "<author>PHE</author>. <title>HIV in the UK</title>. <publisher>PHE</publisher>, <date>2016</date> (cited <genre>on page</genre> <volume>108</volume>).",
            "<author>PHE</author>. <title>HIV in the UK</title>. <publisher>PHE</publisher>, <date>2016</date> (cited on page 108).",
        ),
        (
            "<author>ONS</author>. <title>Estimates</title>, <date>2017</date>. (cited on pages <volume>44</volume>, <issue>54</issue>).",
            "<author>ONS</author>. <title>Estimates</title>, <date>2017</date>. (cited on pages 44, 54).",
        ),
        (  # a site or note read right after the title's colon is its subtitle
            "<author>Pinkney V</author>. <title>Data Pack</title>: <container-title>Coastal Communities in West Sussex</container-title> [Internet]. <date>2024</date>.",
            "<author>Pinkney V</author>. <title>Data Pack: Coastal Communities in West Sussex</title> [Internet]. <date>2024</date>.",
        ),
        (  # a publisher read with its town before a colon: the place, then the publisher
            "<author>Johnsen S</author>. <title>Homelessness</title>. <publisher>Heriot-Watt University: Heriot Watt University</publisher>. <date>2014</date>.",
            "<author>Johnsen S</author>. <title>Homelessness</title>. <place>Heriot-Watt University</place>: <publisher>Heriot Watt University</publisher>. <date>2014</date>.",
        ),
        (
            "<author>WHO</author>. <title>Obesity</title>. <publisher>Geneva: World Health Organization</publisher>; <date>2000</date>.",
            "<author>WHO</author>. <title>Obesity</title>. <place>Geneva</place>: <publisher>World Health Organization</publisher>; <date>2000</date>.",
        ),
        (  # the name after the place and its colon is the publisher
            "<author>Smith, J.</author> (<date>2010</date>) <title>Carers</title>. <place>Leeds</place>: <container-title>Carers Leeds</container-title>.",
            "<author>Smith, J.</author> (<date>2010</date>) <title>Carers</title>. <place>Leeds</place>: <publisher>Carers Leeds</publisher>.",
        ),
        (  # after the year, a date set off from the title
            "<author>LGA</author>. (<date>2023</date>). <title>Council budgets survey – 4 July 2023</title>.",
            "<author>LGA</author>. (<date>2023</date>). <title>Council budgets survey</title> – <date>4 July 2023</date>.",
        ),
        (  # a body's acronym before a dash, no author read
            "<title>ONS — Labour market overview</title>. <url>https://ons.example</url>",
            "<author>ONS</author> — <title>Labour market overview</title>. <url>https://ons.example</url>",
        ),
        (  # a site's name with a comma, between "Retrieved from" and the address
            "<author>DWP</author>. (<date>2021</date>). <title>Benefit rates</title>. Retrieved from <container-title>Work</container-title>, <publisher>Pensions Hub</publisher>: <url>https://dwp.example</url>",
            "<author>DWP</author>. (<date>2021</date>). <title>Benefit rates</title>. Retrieved from <container-title>Work, Pensions Hub</container-title>: <url>https://dwp.example</url>",
        ),
        (  # a site read as an access date or a place after "Retrieved from" (relabel's own rule)
            "<author>ONS</author>. (<date>2022</date>). <title>Census maps</title>. Retrieved from <accessed>ONS</accessed>: <url>https://ons.example</url>",
            "<author>ONS</author>. (<date>2022</date>). <title>Census maps</title>. Retrieved from <container-title>ONS</container-title>: <url>https://ons.example</url>",
        ),
        (  # a web page's title read on over its site after a bar
            "<author>Mind</author>. <date>2020</date>. <title>Coping with stress | Mental Health Charity</title>. <genre>[online]</genre> Available at: <url>https://mentalhealth.example</url>",
            "<author>Mind</author>. <date>2020</date>. <title>Coping with stress</title> | <container-title>Mental Health Charity</container-title>. <genre>[online]</genre> Available at: <url>https://mentalhealth.example</url>",
        ),
        (  # a site after a dash named in the address's host
            "<author>NASA</author>. <title>What Is Climate Change? - NASA Science</title> [Internet]. Available from: <url>https://science.nasa.gov/climate</url>",
            "<author>NASA</author>. <title>What Is Climate Change?</title> - <container-title>NASA Science</container-title> [Internet]. Available from: <url>https://science.nasa.gov/climate</url>",
        ),
        (  # a title broken at a bracket it holds
            "<author>Road Traffic</author> (<title>Speed Limits) Regulations 2021</title>. <place>London</place>: <publisher>TSO</publisher>.",
            "<title>Road Traffic (Speed Limits) Regulations 2021</title>. <place>London</place>: <publisher>TSO</publisher>.",
        ),
        (  # a host name before a colon, no author read
            "<title>Legislation.gov.uk: Children Act 1989</title> <url>https://legislation.example</url>",
            "<author>Legislation.gov.uk</author>: <title>Children Act 1989</title> <url>https://legislation.example</url>",
        ),
        (  # an Act's year after its name is part of its title
            "<author>GOV.UK</author>: <title>Housing Act</title> <date>1996</date> <url>https://legislation.example</url>",
            "<author>GOV.UK</author>: <title>Housing Act 1996</title> <url>https://legislation.example</url>",
        ),
        (  # a title's last word read as the start of the journal after it
            "<author>Lee, A.</author> (<date>2021</date>) <title>Pathways of young people leaving</title> <container-title>care Child Welfare Studies</container-title>, <volume>3</volume>",
            "<author>Lee, A.</author> (<date>2021</date>) <title>Pathways of young people leaving care</title> <container-title>Child Welfare Studies</container-title>, <volume>3</volume>",
        ),
        (  # a second author after the author and the title is the publisher
            "<author>Khan, R.</author> (<date>2018</date>) <title>Kinship care</title>. <author>Family Rights Group</author>.",
            "<author>Khan, R.</author> (<date>2018</date>) <title>Kinship care</title>. <publisher>Family Rights Group</publisher>.",
        ),
        (  # the author's name again, read as a site after the title: the body that issued the work
            "<author>DfT</author> (<date>2023</date>) <title>National Travel Survey</title>. <container-title>DfT</container-title>.",
            "<author>DfT</author> (<date>2023</date>) <title>National Travel Survey</title>. <publisher>DfT</publisher>.",
        ),
        (  # the author's name written again after the title, left unread
            "<author>DfE</author> (<date>2022</date>) <title>School census</title>. DfE. <url>https://dfe.example</url>",
            "<author>DfE</author> (<date>2022</date>) <title>School census</title>. <publisher>DfE</publisher>. <url>https://dfe.example</url>",
        ),
        (  # a body's acronym before a comma, a footnote's "Source:" before it, the whole read as a title
            "Source: <title>PHE, Modern Slavery and Public Health</title> (<date>2017</date>)",
            "Source: <author>PHE</author>, <title>Modern Slavery and Public Health</title> (<date>2017</date>)",
        ),
        (  # a capitalised name holding a body's word before a colon
            "<title>Royal College of Nursing: Staffing for Safe Care</title> <url>https://rcn.example</url>",
            "<author>Royal College of Nursing</author>: <title>Staffing for Safe Care</title> <url>https://rcn.example</url>",
        ),
        (  # a title before a dash names no body: no author, but the site after the dash is the container
            "<title>Finance Bill — UK Parliament Bills</title>. <url>https://bills.example</url>",
            "<title>Finance Bill</title> — <container-title>UK Parliament Bills</container-title>. <url>https://bills.example</url>",
        ),
    ],
)
def test_field_edges_are_corrected(read, meant):
    assert format_tagged(relabel(parse_tagged(read))) == meant


@pytest.mark.parametrize(
    "read",
    [
        # a title that opens with a number keeps it; an author only loses a list number before a word
        "<title>10 ideas for play</title>. <date>2019</date>.",
        # a title's own period, with no year before it, stays in the title
        "<author>NHS Digital</author>. <title>Dementia Data, December 2023</title>. <date>2024</date>.",
        # a date that closes a range in the title stays in it
        "<author>DfE</author> (<date>2019</date>). <title>Fostering in England 1 April 2018 to 31 March 2019</title>.",
        # "(Ed.)" after a name is no part of it
        "<author>Smith, J.</author> (Ed.) (<date>2019</date>). <title>Play</title>.",
        # a subtitle in lower case after a dash is no site
        "<author>Ofsted</author>. <date>2020</date>. <title>Review - a look at schools</title>. <url>https://x.example</url>",
        # a title in italics is kept whole, whatever dashes it holds
        "<author>Ofsted</author>. <date>2020</date>. *<title>Annual Report - Main Findings</title>*. <url>https://x.example</url>",
        # a topic before a colon is no body: the title keeps it
        "<title>Fostering: a guide for carers</title>. <url>https://x.example</url>",
        # before a comma or colon: a body's word in a name not all capitalised, a subtitle in lower
        # case, a year, or two acronyms: no body's name, the title is kept whole
        "<title>Services for young people, A review</title>. <url>https://x.example</url>",
        "<title>Council Tax: guidance for councils</title>. <url>https://x.example</url>",
        "<title>NHS Trust 2019: Annual report</title>. <url>https://x.example</url>",
        "<title>GP Survey: Dental Statistics</title>. <url>https://x.example</url>",
        "<title>NHS Digital, 2023 statistics</title>. <url>https://x.example</url>",
        # a year after a title that is no Act is the date
        "<title>Housing review</title> <date>1996</date> <url>https://x.example</url>",
        # a publisher with its capital after the title is left alone
        "<author>Lee, A.</author> (<date>2021</date>) <title>Leaving care</title> <publisher>Policy Press</publisher>.",
        # the author's name again as a tab title's site or as a host is no publisher
        "<author>Worldometer</author> (<date>2024</date>). <title>UK Coronavirus</title> - <container-title>Worldometer</container-title>.",
        "<author>GOV.UK</author> (<date>2023</date>) <title>Benefits</title>. <container-title>GOV.UK</container-title>.",
        # a site named like its author, in italics, after [online] or "Available at:", is the site
        "<author>IMDb</author> (<date>2015</date>). _<title>Hunted</title>_. <genre>[online]</genre> <container-title>IMDb</container-title>.",
        "<author>Shelter</author> (<date>2025</date>) <title>Bills</title>. Available at: <container-title>Shelter</container-title>.",
        # an author before [Internet] with the title before the access date, or with no access date
        "<author>NHS England</author> [Internet]. <title>Waiting times</title>. <date>2024</date> [cited <accessed>2025 Jan 3</accessed>].",
        "<author>NHS England</author> [Internet]. <date>2024</date>. <title>Waiting times</title>.",
        # two titles with no access date between them
        "<author>ONS</author>. <title>Census</title>. <title>Annual Report</title>. <date>2021</date> [cited <accessed>2022 Jan 1</accessed>].",
        # an acronym or a host before a dash, spelt out after it, is one title
        "<author>NISO</author>. <title>CRediT — Contributor Roles Taxonomy</title>. <url>https://credit.example</url>",
        "<author>netsimk.com</author>. <title>NetSimK.com - CCNA Network Simulator</title>. <url>http://netsimk.example</url>",
        # a publisher with a colon after a long or lower-case head, or with two colons, is left whole
        "<author>Lee, A.</author>. <title>Care</title>. <publisher>Centre for Research on Care Homes and Health: Leeds</publisher>.",
        "<author>Lee, A.</author>. <title>Care</title>. <publisher>London: Sage: Reprints</publisher>.",
        # two titles where the first is no body's name (too long, no body's word or acronym)
        "<title>Measuring Sex, Gender Identity, and Sexual Orientation</title>. <title>National Academies of Sciences</title>. <url>https://nap.example</url>",
        # a date in brackets before any title, or inside a field, is left as read
        "[<date>12/05/2020</date>] <author>ONS</author>. <title>Census</title>.",
        "<author>ONS</author>. <title>Census [12/05/2020] maps</title>.",
        # a subtitle after a dash whose words are not in the address's host is no site
        "<author>USDA</author>. <title>Food Security in the U.S. - Definitions of Food Security</title> [Internet]. Available from: <url>https://www.ers.usda.gov/topics</url>",
        # a chapter's book after "In" with a capital, or after punctuation, is no run-on title
        "<author>Lee, A.</author> (<date>2021</date>) <title>Care</title>. In <container-title>Social Work Today</container-title>.",
        "<author>Lee, A.</author> (<date>2021</date>) <title>Care</title>, in <container-title>Social Work Today</container-title>.",
        # a kind of work after a full stop, or [Internet] alone, stays as read
        "<author>ESCC</author>. <title>Takeaways</title>. <genre>Guidance [Internet]</genre>.",
        "<author>ESCC</author>. <title>Takeaways</title> <genre>[Internet]</genre>.",
        # a survey's name with its acronym opening a title stays in the title
        "<title>Estimates from the Annual Population Survey (APS) Personal Well-being dataset</title>, <date>2013</date>.",
        # Vancouver's [cited ...] is an access date, not a back-reference
        "<author>NSPCC</author>. <title>Neglect</title>. <date>2020</date> [cited <accessed>2022 Jan 4</accessed>].",
        # a publisher after the title's colon, or a journal after it, stays as read
        "<author>Poet, H.</author> (<date>2022</date>) <title>Evaluation</title>: <publisher>Education Endowment Foundation</publisher>.",
        "<author>Lee, A.</author> (<date>2021</date>) <title>Care</title>: <container-title>Child Welfare</container-title>, <volume>3</volume>.",
        # an access word before a site is not a date
        "<author>ONS</author>. <title>Census</title>. Retrieved from <url>https://ons.example</url>",
    ],
)
def test_other_readings_are_left_as_they_are(read):
    reference = parse_tagged(read)
    assert relabel_edges(reference) is reference


def test_a_long_run_of_lower_case_words_does_not_hang():
    # A guard against catastrophic backtracking, not a speed target: the possessive pattern gives
    # this up in milliseconds, the lazy repeat it replaced took minutes. The bound is far from both
    # so that a loaded machine never fails it.
    import time

    text = "<title>T</title> <container-title>" + "word " * 5000 + "1</container-title>."
    started = time.monotonic()
    relabel_edges(parse_tagged(text))
    assert time.monotonic() - started < 20.0
