"""Corrections of the model's spans from how a reference is built (jtd_evidence.parsing.relabel)."""

import pytest

from jtd_evidence.parsing.labels import format_tagged, parse_tagged
from jtd_evidence.parsing.relabel import relabel


@pytest.mark.parametrize(
    ("read", "meant"),
    [
        (  # a title before the date and another after it: the first is in the author's place
            "<title>PSNet</title>. (<date>2023</date>). *<title>Patient Safety</title>*. Retrieved from <url>https://x.org</url>",
            "<author>PSNet</author>. (<date>2023</date>). *<title>Patient Safety</title>*. Retrieved from <url>https://x.org</url>",
        ),
        (  # one run of italics is one title
            "<author>DHSC</author> (<date>2025</date>). _<title>Finance report</title>, <publisher>England</publisher>: <note>2024 to 2025</note>_.",
            "<author>DHSC</author> (<date>2025</date>). _<title>Finance report, England: 2024 to 2025</title>_.",
        ),
        (  # an acronym in brackets after a body's name, read as other text or a publisher
            "<author>Office for Students</author> (OfS) (<date>2024</date>). <title>Annual review</title>.",
            "<author>Office for Students (OfS)</author> (<date>2024</date>). <title>Annual review</title>.",
        ),
        (  # a quoted work read as a container, with no other title: the quotes hold the title
            "<author>Ali, D.</author>. <date>2021</date>. <container-title>“Therapeutic Inertia</container-title>.” <container-title>Journal of Hypertension</container-title> <volume>39</volume>.",
            "<author>Ali, D.</author>. <date>2021</date>. “<title>Therapeutic Inertia</title>.” <container-title>Journal of Hypertension</container-title> <volume>39</volume>.",
        ),
        (  # a quoted title broken in two
            "<author>Bolen, S.</author> <date>2008</date>. “<container-title>Failure to Intensify</container-title> by <title>Primary Care</title>.” <container-title>J Gen Intern Med</container-title>.",
            "<author>Bolen, S.</author> <date>2008</date>. “<title>Failure to Intensify by Primary Care</title>.” <container-title>J Gen Intern Med</container-title>.",
        ),
        (  # words before the date, unread or read as a site, with a title after it: the author
            "PSNet. (<date>2023</date>). *<title>Patient Safety</title>*.",
            "<author>PSNet</author>. (<date>2023</date>). *<title>Patient Safety</title>*.",
        ),
        (
            "<container-title>The Scout</container-title>, <date>2025</date>. <title>FPL basics</title>.",
            "<author>The Scout</author>, <date>2025</date>. <title>FPL basics</title>.",
        ),
        (  # the one work named, in italics after the date, read as a container: the title
            "<author>University of Greenwich</author> (<date>2022</date>) *<container-title>Digital Strategy 2030</container-title>.* Internal document",
            "<author>University of Greenwich</author> (<date>2022</date>) *<title>Digital Strategy 2030</title>.* Internal document",
        ),
        (  # a name in italics after the authors and the title: the site, not more authors
            "<author>Sullivan, R.</author> (<date>2024</date>) _<title>Ten challenges</title>_, _<author>King’s College London</author>_.",
            "<author>Sullivan, R.</author> (<date>2024</date>) _<title>Ten challenges</title>_, _<container-title>King’s College London</container-title>_.",
        ),
        (  # a title running on past its closing quote: the quotes end it
            "<author>DLUHC</author> (<date>2025</date>) <title>'Statutory invitation to Lancashire', letter to council leaders</title>, <date>5 February</date>.",
            "<author>DLUHC</author> (<date>2025</date>) '<title>Statutory invitation to Lancashire</title>', <note>letter to council leaders</note>, <date>5 February</date>.",
        ),
        (  # a title's quotes pair up
            '<author>Lefevre, M.</author> (<date>2019</date>). "<title>Both/And" Not "Either/Or": Rights</title>. <container-title>BJSW</container-title>.',
            '<author>Lefevre, M.</author> (<date>2019</date>). <title>"Both/And" Not "Either/Or": Rights</title>. <container-title>BJSW</container-title>.',
        ),
        (  # an ORCID address names an author, not the work
            "<author>Patel, R.</author>, ORCID: <url>https://orcid.org/0000-0001-5109-3700</url>, <author>Hughes, M.</author> (<date>2021</date>) <title>Exploitation</title>.",
            "<author>Patel, R.</author>, ORCID: https://orcid.org/0000-0001-5109-3700, <author>Hughes, M.</author> (<date>2021</date>) <title>Exploitation</title>.",
        ),
        (  # a site's name in an address's place is the container, not the publisher
            "<author>Shelter</author> (<date>2025</date>) _<title>Bills soar</title>_. Available at: <publisher>Shelter Media Centre</publisher>.",
            "<author>Shelter</author> (<date>2025</date>) _<title>Bills soar</title>_. Available at: <container-title>Shelter Media Centre</container-title>.",
        ),
        (  # the text of a link pasted in an address's place is a note: a file's name, a page's title
            "<author>NYA</author> (<date>2019</date>) <title>Youth Work Inquiry</title>. Available at: <container-title>APPG-Final-Report-2019.pdf</container-title> (Accessed: <accessed>15.07.2025</accessed>).",
            "<author>NYA</author> (<date>2019</date>) <title>Youth Work Inquiry</title>. Available at: <note>APPG-Final-Report-2019.pdf</note> (Accessed: <accessed>15.07.2025</accessed>).",
        ),
        (
            "<author>Food Foundation</author>. <title>The Broken Plate</title>. <date>2025</date>. Available from: <publisher>The Broken Plate 2025 | Food Foundation</publisher>",
            "<author>Food Foundation</author>. <title>The Broken Plate</title>. <date>2025</date>. Available from: <note>The Broken Plate 2025 | Food Foundation</note>",
        ),
        (
            "<author>Carers UK</author> (<date>2020</date>) <title>Carers</title>. Available at: <title>Caring as a social determinant of health</title>.",
            "<author>Carers UK</author> (<date>2020</date>) <title>Carers</title>. Available at: <note>Caring as a social determinant of health</note>.",
        ),
        (  # a host in lower case with no address after it is the address
            "<author>AQA</author> (<date>2024</date>) *<title>Fieldwork guidance</title>*. Available at: <container-title>aqa.org.uk</container-title>",
            "<author>AQA</author> (<date>2024</date>) *<title>Fieldwork guidance</title>*. Available at: <url>aqa.org.uk</url>",
        ),
        (  # a host with a path, or a www. address with one, is the address too; a web page's file name a note
            "<author>NHS</author> (<date>2024</date>) <title>Obesity</title>. Available at: <note>nhs.uk/conditions/obesity</note>",
            "<author>NHS</author> (<date>2024</date>) <title>Obesity</title>. Available at: <url>nhs.uk/conditions/obesity</url>",
        ),
        (
            "<author>NHS</author> (<date>2024</date>) <title>Obesity</title>. Available at: <container-title>www.nhs.uk/obesity</container-title>",
            "<author>NHS</author> (<date>2024</date>) <title>Obesity</title>. Available at: <url>www.nhs.uk/obesity</url>",
        ),
        (
            "<author>NHS</author> (<date>2024</date>) <title>Obesity</title>. Available at: <container-title>obesity-guide.html</container-title>",
            "<author>NHS</author> (<date>2024</date>) <title>Obesity</title>. Available at: <note>obesity-guide.html</note>",
        ),
        (  # the author's name again after the title is the body that issued it
            "<author>DfT</author> (<date>2023</date>) <title>National Travel Survey</title>. <container-title>DfT</container-title>.",
            "<author>DfT</author> (<date>2023</date>) <title>National Travel Survey</title>. <publisher>DfT</publisher>.",
        ),
        (  # a report's number, read as more of the title, as a series and volume, or as pages: a note
            "<author>IFS</author> (<date>2024</date>) <title>Council funding. IFS Report R214</title>. <place>London</place>.",
            "<author>IFS</author> (<date>2024</date>) <title>Council funding</title>. <note>IFS Report R214</note>. <place>London</place>.",
        ),
        (
            "<author>NAO</author> (<date>2009</date>) *<title>Terminal 5</title>*. <title>HC 788 Session 2008-09</title>.",
            "<author>NAO</author> (<date>2009</date>) *<title>Terminal 5</title>*. <note>HC 788 Session 2008-09</note>.",
        ),
        (
            "<author>Historic England</author> (<date>2019</date>) <title>Significance</title>. "
            "<container-title>Historic England Advice Note</container-title> <volume>12</volume>.",
            "<author>Historic England</author> (<date>2019</date>) <title>Significance</title>. "
            "<note>Historic England Advice Note 12</note>.",
        ),
        (
            "<author>Kind P</author>. <title>Norms</title>. <place>York</place>; <date>1999</date>. Report No.: <pages>172</pages>.",
            "<author>Kind P</author>. <title>Norms</title>. <place>York</place>; <date>1999</date>. <note>Report No.: 172</note>.",
        ),
        (  # after the title, a body's name is the publisher, a site's host the container
            "<author>Cairns S</author> (<date>2017</date>) <title>Motoring along</title>. <container-title>RAC Foundation</container-title>. <url>https://x.org</url>",
            "<author>Cairns S</author> (<date>2017</date>) <title>Motoring along</title>. <publisher>RAC Foundation</publisher>. <url>https://x.org</url>",
        ),
        (
            "<author>NHS</author> (<date>2017</date>) <title>Obesity</title>, <publisher>nhs.uk</publisher>. Available at: <url>https://www.nhs.uk</url>",
            "<author>NHS</author> (<date>2017</date>) <title>Obesity</title>, <container-title>nhs.uk</container-title>. Available at: <url>https://www.nhs.uk</url>",
        ),
        (  # no author, and the first field runs over a sentence's end: the first sentence is the author
            "<title>r5r developers. r5r changelog</title> [Internet]. [cited <accessed>2026 Aug 6</accessed>].",
            "<author>r5r developers</author>. <title>r5r changelog</title> [Internet]. [cited <accessed>2026 Aug 6</accessed>].",
        ),
        (
            "<author>National Fly-Tipping Prevention Group. Partnership Framework</author>. <url>https://x.org</url>",
            "<author>National Fly-Tipping Prevention Group</author>. <title>Partnership Framework</title>. <url>https://x.org</url>",
        ),
        (  # a title that opens with a quoted phrase, its opening mark left outside: the mark is the title's
            "<author>Wroe, L.</author> (<date>2021</date>). '<title>County lines', inequalities and young people's rights</title>.",
            "<author>Wroe, L.</author> (<date>2021</date>). <title>'County lines', inequalities and young people's rights</title>.",
        ),
        (
            "<author>Bo, S.</author> (<date>2020</date>). ‘<title>They need to see us’: advocacy</title>.",
            "<author>Bo, S.</author> (<date>2020</date>). <title>‘They need to see us’: advocacy</title>.",
        ),
        (  # and a title that ends in a quoted phrase, its closing mark left outside
            "<author>Bo, S.</author> (<date>2020</date>). <title>Advocacy and 'a seat at the table</title>'.",
            "<author>Bo, S.</author> (<date>2020</date>). <title>Advocacy and 'a seat at the table'</title>.",
        ),
    ],
)
def test_what_the_marks_hold_together_is_one_field(read, meant):
    assert format_tagged(relabel(parse_tagged(read))) == meant


@pytest.mark.parametrize(
    "read",
    [
        # a title in the author's place with no other title: it is the title (APA with no author)
        "<title>Equality Act 2010</title>. (<date>2010</date>) *<container-title>legislation.gov.uk</container-title>*.",
        # title-first references keep their title before the authors
        "<title>The GATE frame</title>. <author>R. Jackson</author>. <container-title>Evid Based Med</container-title> <date>2006</date>: <volume>11</volume>.",
        # a journal and its volume in italics are not a title
        "<author>Hill, N.</author> (<date>2019</date>). <title>Voices</title>. *<container-title>Child Abuse Review</container-title>, <volume>28</volume>*.",
        # a bracketed word after the authors that is no acronym, or not before the date
        "<author>Smith, J.</author> (<note>Ed</note>) (<date>2019</date>). <title>Voices</title>.",
        "<author>Smith, J.</author> (<genre>PDF</genre>) <title>Voices</title> (<date>2019</date>).",
        # words before the date beside an unread one, or with no title after the date
        "Smith and <publisher>Sons</publisher> (<date>2020</date>) <title>Trade</title>.",
        "FinCap (<date>2023</date>). Available at: <url>https://fincap.org.uk</url>.",
        # title first, then the authors in italics; a container before the date
        "**<title>Learning Transitions</title>.** *<author>Daniel D. Johnson</author>.* <date>ICLR 2017</date>.",
        "<author>Hume, D.</author> *<container-title>A Treatise</container-title>*. <date>2002</date>. *<container-title>Original Text</container-title>*",
        # a title that opens with a quoted phrase, then more of it or a colon
        "<author>Wroe, L.</author> (<date>2021</date>). <title>'County lines', inequalities and young people's rights</title>.",
        "<author>Wainwright, O.</author> (<date>2024</date>). <title>‘A triumph’: Elizabeth line wins</title>.",
        # a title in single quotes, or one with an apostrophe only, keeps the marks outside it
        "<author>Ray, A.</author> (<date>2020</date>) '<title>Young people's rights</title>', <container-title>BMJ</container-title>.",
        "<author>Ray, A.</author> (<date>2020</date>) ‘<title>Rights</title>’. <publisher>NSPCC</publisher>.",
        "<author>Ray, A.</author> (<date>2020</date>) <title>The Smiths' house</title>. <publisher>NSPCC</publisher>.",
        # quoted words inside a title, or a quoted container after the title, are left alone
        '<author>Ray, A.</author> (<date>2020</date>) <title>The "5S" model</title>. <container-title>BMJ</container-title>.',
        '<author>Ray, A.</author> (<date>2020</date>) <title>Lessons</title>, in "<container-title>Care Today</container-title>".',
        # a site named like its author, in italics or after [online], is the site
        "<author>IMDb</author> (<date>2015</date>). _<title>Hunted</title>_. <genre>[online]</genre> <container-title>IMDb</container-title>.",
        "<author>Inside GNSS</author> (<date>2018</date>) '<title>UK study</title>', *<container-title>Inside GNSS</container-title>*.",
        "<author>Worldometer</author> (<date>2024</date>). <title>UK Coronavirus</title> - <container-title>Worldometer</container-title>.",
        # an address after "Available at:" and a site with no title before it stay as read
        "<author>NHS</author> (<date>2024</date>) <title>Care</title>. Available at: <url>https://nhs.uk</url>.",
        "Available at: <publisher>Shelter</publisher>.",
        "<author>Shelter</author> (<date>2025</date>) _<title>Bills</title>_. Available at: <container-title>Shelter</container-title>.",
        # a link's text in an address's place is a note; a site's words before the address stay its name
        "<author>NYA</author> (<date>2019</date>) <title>Inquiry</title>. Available at: <note>Final-Report.pdf</note>.",
        "<author>NHS</author> (<date>2024</date>) <title>Care</title>. Retrieved from <container-title>Part 8: Drug use</container-title>: <url>https://nhs.uk</url>",
        "<author>NHS</author> (<date>2017</date>) <title>Obesity</title>. Available at: <container-title>GOV.UK</container-title>.",
        # a journal's page range is no report number; a year is no number; a site after a tab's dash
        "<title>A lie</title>. <author>Lore C</author>. <container-title>Med Sci Monit</container-title> <volume>11</volume>; <pages>SR27-31</pages>.",
        "<author>ONS</author> (<date>2024</date>) <title>Census</title>. <title>Annual Report 2022</title>.",
        "<author>ONS</author>. <date>2024</date>. <title>House prices</title> - <container-title>Office for National Statistics</container-title>.",
        # a body in brackets after another, a journal or a conference named after the title
        "<author>Tong, M.</author> (<date>2023</date>) <title>Costs</title>, <publisher>Bank of England</publisher> (<container-title>Bank Underground</container-title>).",
        "<author>Ray, A.</author> (<date>2020</date>) <title>Lessons</title>. <container-title>Journal of the Society for Care</container-title>.",
        # a first sentence that is an abbreviation's, or one with a year
        "<title>Finance (No. 2) Bill</title> — <container-title>UK Parliament Bills</container-title>.",
        "<title>Equality Act 2010. Guidance</title>. <container-title>GOV.UK</container-title>.",
    ],
)
def test_other_readings_are_left_as_they_are(read):
    reference = parse_tagged(read)
    assert relabel(reference) is reference
