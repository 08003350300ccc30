"""What the sequence labeller sees of each token: its shape, its neighbours, where it stands.

Each token of a reference (see :func:`jtd_evidence.parsing.labels.tokenise`) becomes a list
of short feature strings: the lower-cased word (only for short words and the words of
:data:`_COMMON` and the lexicons: the model is trained mostly on generated references, and
should learn their shape, not their vocabulary), its shape (``Xx``, ``dddd``, ``X.``),
affixes (its first three to five letters, its last two to five), whether it is a year, a
month, an initial, a page range, a web address; what surrounds it (inside quotes, brackets,
parentheses or ``*italics*``); where it stands in the reference (tenth of the way through)
and among its sentences (counted from the one holding the year); what kind of word it is by
the lexicons below (publisher, place, organisation, journal, edition and locator words);
the field the hand-written grammar reads it as (:func:`grammar_guesses`: the model learns
where to trust it); and the same for its neighbours two either side. Features are plain
strings, so the model file stays readable and small.

>>> from jtd_evidence.parsing.labels import tokenise
>>> text = "Firmin, C. (2020). *Contextual safeguarding*. Routledge."
>>> rows = token_features(text, tokenise(text))
>>> [f for f in rows[5] if f.startswith(("w=", "shape=", "year", "paren", "g="))]
['w=*', 'shape=dddd', 'year', 'paren', 'g=date']
>>> [f for f in rows[9] if f.startswith(("w=", "g="))]
['w=*', 'g=title']
>>> "italic" in rows[9], "italic" in rows[13]
(True, False)
"""

from __future__ import annotations

import bisect
import itertools
import operator
import re
from collections.abc import Sequence

from jtd_evidence.parsing.align import align
from jtd_evidence.parsing.dates import MONTHS
from jtd_evidence.parsing.labels import Label, Token, token_labels
from jtd_evidence.parsing.reference import read_with_grammar

__all__ = ["Piece", "token_features", "token_pieces"]

Piece = tuple[str, ...]
"""Some of a token's features that come together (a word's own, its place, what a neighbour
lends it): a model can weigh a piece once and add it to every token that has it."""

# fmt: off
_MONTHS = frozenset(MONTHS) | {"spring", "summer", "autumn", "winter"}
_LEXICONS: dict[str, frozenset[str]] = {
    "publisher": frozenset({
        "press", "publishing", "publishers", "publications", "books", "verlag", "editions", "routledge",
        "sage", "wiley", "springer", "elsevier", "palgrave", "macmillan", "policy", "bristol", "hmso",
        "stationery", "jessica", "kingsley", "pearson", "cambridge", "oxford", "francis", "taylor",
        "blackwell", "ltd", "limited", "inc", "plc",
    }),
    "organisation": frozenset({
        "department", "ministry", "office", "council", "society", "agency", "authority", "government",
        "commission", "committee", "board", "trust", "foundation", "institute", "centre", "center",
        "university", "college", "school", "association", "panel", "partnership", "service", "services",
        "nhs", "ofsted", "nspcc", "barnardo's", "unicef", "who", "police", "group", "network", "programme",
        "unit", "team", "alliance", "charity", "coalition", "children's", "commissioner",
    }),
    "journal": frozenset({
        "journal", "review", "quarterly", "bulletin", "annals", "proceedings", "studies", "research",
        "practice", "letters", "transactions", "psychology", "medicine", "social", "work", "science",
        "sciences", "health", "criminology", "policing", "abuse", "neglect", "child", "youth", "family",
    }),
    "place": frozenset({
        "london", "bristol", "manchester", "birmingham", "leeds", "edinburgh", "glasgow", "cardiff",
        "belfast", "oxford", "cambridge", "york", "new", "abingdon", "basingstoke", "thousand", "oaks",
        "chicago", "boston", "sydney", "toronto", "dublin", "uk", "usa", "ny", "ca", "ma",
    }),
    "locator": frozenset({"vol", "volume", "no", "issue", "pp", "p", "pages", "art", "article", "ch", "chapter"}),
    "edition": frozenset({"ed", "edn", "edition", "rev", "revised"}),
    "editor": frozenset({"eds", "editor", "editors", "ed", "hrsg"}),
    "access": frozenset({"accessed", "retrieved", "available", "viewed", "online", "cited", "from", "at"}),
    "container": frozenset({"in"}),
    "genre": frozenset({"report", "thesis", "dissertation", "briefing", "guidance", "paper", "section", "online", "pdf"}),
}
# fmt: on

_COMMON = frozenset(
    """the of and in on for to a an with from by at as or is are be what how why who when does do can we our
    their its this that between among through towards toward into over under after before about against within
    without across beyond using based versus vs not new et al edited editor eds edition accessed retrieved
    available online doi url isbn issn pmid pmcid arxiv preprint proceedings conference symposium workshop
    congress meeting annual journal review report reports thesis dissertation phd msc university press
    publishing publisher department ministry office council government national international institute
    society association vol volume issue number pages chapter series working paper papers technical
    unpublished presented cited viewed last updated published forthcoming translated trans www http https
    pdf html web website blog news article briefing guidance statistics bulletin act parliament
    """.split()
)
"""Words whose identity is a feature; other words are known by their shape, affixes and
lexicons only, so that a model trained on generated references does not learn their words."""
_YEAR = re.compile(r"^(?:1[5-9]|20)\d\d[a-z]?$")
_DIGITS = re.compile(r"^\d+$")
_ROMAN = re.compile(r"^[ivxlcdm]+$", re.IGNORECASE)
_OPENERS = {"(": "paren", "[": "bracket", "“": "quote", "‘": "quote", '"': "quote"}
_CLOSERS = {")": "paren", "]": "bracket", "”": "quote", "’": "quote", '"': "quote"}


_KNOWN = _COMMON | _MONTHS | frozenset().union(*_LEXICONS.values())
"""Words whose identity is a feature (short words are too)."""
_IN_LEXICONS = {
    word: tuple(f"lex={name}" for name, words in _LEXICONS.items() if word in words)
    for word in frozenset().union(*_LEXICONS.values())
}
"""Each lexicon word's lex= features, in the order of :data:`_LEXICONS`."""


def _shape(word: str) -> str:
    """Letters as X/x, digits as d, runs squeezed to two: 'McCarthy' -> 'XxXx', '2020' -> 'dddd'."""
    if word.isdigit():
        return "d" * min(len(word), 4)
    out: list[str] = []
    for char in word[:12]:
        code = "X" if char.isupper() else "x" if char.isalpha() else "d" if char.isdigit() else char
        if len(out) < 2 or out[-1] != code or out[-2] != code:
            out.append(code)
    return "".join(out)


def _own(word: str) -> list[str]:
    """Features of a word on its own."""
    lower = word.lower()
    known = len(lower) <= 3 or lower in _KNOWN
    found = [f"w={lower}" if known else "w=*", f"shape={_shape(word)}"]
    if len(word) > 3:
        found += [f"pre={lower[:3]}", f"suf={lower[-3:]}"]
    if len(word) > 4:  # longer affixes read unseen documents better (data/parser/README.md, twentieth round)
        found += [f"pre={lower[:4]}", f"suf={lower[-4:]}", f"suf={lower[-2:]}"]
    if len(word) > 5:
        found += [f"pre={lower[:5]}", f"suf={lower[-5:]}"]
    if _YEAR.match(word):
        found.append("year")
    elif _DIGITS.match(word):
        found.append(f"num{min(len(word), 5)}")
    if lower in _MONTHS:
        found.append("month")
    if len(word) == 1 and word.isupper():
        found.append("initial")
    if word[:1].isupper() and word[1:].islower():
        found.append("title-case")
    elif word.isupper() and len(word) > 1:
        found.append("upper")
    elif word.islower():
        found.append("lower")
    if lower.startswith(("http", "www.")):
        found.append("url")
    if lower.startswith(("doi:", "10.")) or "doi.org" in lower:
        found.append("doi")
    if _ROMAN.match(word) and len(word) <= 4:
        found.append("roman")
    found += _IN_LEXICONS.get(lower, ())
    return found


_POSITIONS = tuple(f"pos={tenth}" for tenth in range(10))
_MARKS = frozenset(_OPENERS) | frozenset(_CLOSERS)


def _context(text: str, tokens: Sequence[Token]) -> list[Piece]:
    """Where each token stands: inside which marks, how far along, after a line break."""
    rows: list[Piece] = []
    depth = {"paren": 0, "bracket": 0, "quote": 0}
    inside: list[str] = []  # the marks the current token is inside, in the order of ``depth``
    italic = False
    count = len(tokens)
    breaks = "\n" in text
    last = count - 1
    previous_end = -1
    for index, token in enumerate(tokens):
        row = [_POSITIONS[10 * index // count]]
        if index == 0:
            row.append("first")
        if index == last:
            row.append("last")
        word = token.text
        marker = word == "*" or word == "_"
        if marker:
            italic = not italic
        if inside:
            row += inside
        if italic and not marker:
            row.append("italic")
        if index:
            if breaks and "\n" in text[previous_end : token.start]:
                row.append("after-break")
            if previous_end == token.start:
                row.append("joined")
        if word in _MARKS:
            opener, closer = _OPENERS.get(word), _CLOSERS.get(word)
            if closer and (depth[closer] > 0 or not opener):
                depth[closer] = max(0, depth[closer] - 1)
            elif opener:
                depth[opener] += 1
            inside = [name for name, level in depth.items() if level > 0]
        previous_end = token.end
        rows.append(tuple(row))
    return rows


_ENDS = frozenset({".", "?", "!"})
_CLOSING = frozenset({"”", "’", '"', "*", ")", "]"})
_AFTER_END = _ENDS | {","}


def _segments(text: str, tokens: Sequence[Token]) -> list[tuple[str, ...]]:
    """Where each token stands among the reference's sentences ("segments"): a segment ends at
    a full stop, question or exclamation mark followed by a space (not the dot of an initial
    or a one-letter abbreviation) and at a closing quote or italic marker followed by a space.

    Features: the segment's number (capped), its number counted from the segment holding the
    first year (a title usually follows the author-and-date segment, a journal comes one
    later), its length in words, whether most of its words are capitalised, whether it holds
    digits, and whether the token opens or closes it."""
    count = len(tokens)
    starts = [0]
    for index in range(1, count - 1):  # the first token ends no segment (it follows no word)
        token = tokens[index]
        word = token.text
        if word in _ENDS:
            if tokens[index + 1].start == token.end:  # no space after it: not a boundary
                continue
            before = tokens[index - 1].text
            if word == "." and len(before) == 1 and before.isalpha():
                continue  # an initial
            starts.append(index + 1)
        elif (
            word in _CLOSING and tokens[index - 1].text in _AFTER_END and tokens[index + 1].start != token.end
        ):
            starts.append(index + 1)
    starts.append(count)
    year_at = next((i for i, t in enumerate(tokens) if _YEAR.match(t.text)), None)
    year_segment = None if year_at is None else bisect.bisect_right(starts, year_at) - 1
    rows: list[tuple[str, ...]] = []
    firsts = [token.text[:1] for token in tokens]
    for number, (start, end) in enumerate(itertools.pairwise(starts)):
        heads = [char for char in firsts[start:end] if char.isalnum()]  # its words' first characters
        capitalised = sum(map(str.isupper, heads))
        shape: tuple[str, ...] = (
            _SEGMENT_NUMBERS[min(number, 6)],
            _SEGMENT_LENGTHS[min(len(heads), 12) // 3],
            "segcaps" if heads and capitalised * 3 >= len(heads) * 2 else "seglower",
        )
        if any(map(str.isdigit, heads)):
            shape += ("segdigits",)
        if year_segment is not None:
            shape += (_YEAR_SEGMENTS[max(-2, min(number - year_segment, 4)) + 2],)
        else:
            shape += ("yseg=none",)
        if end - start == 1:
            rows.append((*shape, "segstart", "segend"))
            continue
        rows.append((*shape, "segstart"))
        rows.extend([shape] * (end - start - 2))  # the tokens inside a segment share its features
        rows.append((*shape, "segend"))
    return rows


_SEGMENT_NUMBERS = tuple(f"seg={number}" for number in range(7))
_SEGMENT_LENGTHS = tuple(f"seglen={length}" for length in range(5))
_YEAR_SEGMENTS = tuple(f"yseg={number}" for number in range(-2, 5))


def grammar_guesses(text: str, tokens: Sequence[Token]) -> list[str]:
    """The label the hand-written grammar gives each token (its reading found in the text),
    or "g=none" for every token where the grammar cannot read the reference."""
    try:
        reference, _missing = align(text, read_with_grammar(text).entry)
    except Exception:  # the grammar failing is no reason not to label the text
        return ["g=none"] * len(tokens)
    return list(map(_GUESS_NAMES.__getitem__, token_labels(reference, tokens)))


_GUESS_NAMES = {label: f"g={label.value}" for label in Label}
"""Each label as the grammar's guess feature ('g=title'), made once."""


_OFFSETS = (-2, -1, 1, 2)
_WORDS: dict[str, tuple[tuple[str, ...], tuple[tuple[str, ...], ...]]] = {}
_WORDS_KEPT = 100_000
_LENT: dict[tuple[str, str], tuple[tuple[str, ...], ...]] = {}
_LENT_KEPT = 50_000
_GUESSES: dict[str, tuple[tuple[str], ...]] = {}  # a guess -> what it lends each neighbour offset


def _lent_guess(guess: str) -> tuple[tuple[str], ...]:
    """The grammar's guess as each neighbour offset sees it ('-1:g=title', ...), each alone in a
    tuple to end that offset's lent features with, made once."""
    found = _GUESSES.get(guess)
    if found is None:
        found = _GUESSES[guess] = tuple((f"{offset}:{guess}",) for offset in _OFFSETS)
    return found


def _word(word: str) -> tuple[tuple[str, ...], tuple[tuple[str, ...], ...]]:
    """A word's own features and, for each neighbour offset, the features it lends a neighbour
    (all but its affixes), computed once per distinct word: references repeat their words."""
    found = _WORDS.get(word)
    if found is None:
        own = tuple(_own(word))
        lent = [
            _PREFIXED.get(feature) or _prefixed(feature)
            for feature in own
            if not feature.startswith(("pre=", "suf="))
        ]
        found = (own, tuple(zip(*lent, strict=True)))  # each offset's features, from each feature's four
        if len(_WORDS) < _WORDS_KEPT:
            _WORDS[word] = found
    return found


_PREFIXED: dict[str, tuple[str, ...]] = {}
_PREFIXED_KEPT = 100_000


def _prefixed(feature: str) -> tuple[str, ...]:
    """A feature as each neighbour offset sees it ('-2:w=the', '-1:w=the', ...), made once per
    distinct feature: words of one shape, case and lexicon share most of theirs."""
    found = tuple(f"{offset}:{feature}" for offset in _OFFSETS)
    if len(_PREFIXED) < _PREFIXED_KEPT:
        _PREFIXED[feature] = found
    return found


def _lent(word: str, guess: str) -> tuple[tuple[str, ...], ...]:
    """What a word and the grammar's guess for it lend each neighbour offset ('-1:w=the',
    '-1:shape=xx', ..., '-1:g=title'), made once per distinct pair."""
    key = (word, guess)
    found = _LENT.get(key)
    if found is None:
        words = _WORDS.get(word) or _word(word)
        found = tuple(map(tuple.__add__, words[1], _lent_guess(guess)))
        if len(_LENT) < _LENT_KEPT:
            _LENT[key] = found
    return found


def token_pieces(text: str, tokens: Sequence[Token]) -> list[tuple[Piece, ...]]:
    """Every token's features in pieces, in the order :func:`token_features` lists them:
    'bias', the word's own, its place (context, segment), what the tokens two before, one
    before, one after and two after lend it, and the grammar's guess."""
    guesses = grammar_guesses(text, tokens)
    words = [token.text for token in tokens]
    known = _WORDS
    made = _LENT.get
    # two stand-ins either side for the neighbours a token lacks: they lend only '-2:none' ...
    lent = [
        _NOTHING,
        _NOTHING,
        *[made(pair) or _lent(*pair) for pair in zip(words, guesses, strict=True)],
        _NOTHING,
        _NOTHING,
    ]
    return list(
        zip(
            itertools.repeat(_BIAS),
            [(known.get(word) or _word(word))[0] for word in words],
            _context(text, tokens),
            _segments(text, tokens),
            map(_TWO_BEFORE, lent),  # lent[index] is the token two before (shifted by the stand-ins)
            map(_ONE_BEFORE, lent[1:]),
            map(_ONE_AFTER, lent[3:]),
            map(_TWO_AFTER, lent[4:]),
            [_GUESS_PIECES.get(guess) or _guess_piece(guess) for guess in guesses],
            strict=False,  # as many as the tokens: the neighbours' lists run on past the last
        )
    )


_TWO_BEFORE, _ONE_BEFORE, _ONE_AFTER, _TWO_AFTER = (operator.itemgetter(n) for n in range(4))
"""What a token lends the token two after it, one after, one before, two before (see _OFFSETS)."""


def token_features(text: str, tokens: Sequence[Token]) -> list[list[str]]:
    """Feature strings for every token of ``text`` (its own, its place, and its neighbours')."""
    return [[*itertools.chain.from_iterable(pieces)] for pieces in token_pieces(text, tokens)]


_BIAS: Piece = ("bias",)
_GUESS_PIECES: dict[str, Piece] = {}


def _guess_piece(guess: str) -> Piece:
    found = _GUESS_PIECES[guess] = (guess,)
    return found


_NOTHING = tuple((f"{offset}:none",) for offset in _OFFSETS)
