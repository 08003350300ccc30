"""Turning what was observed (a :class:`~jtd_evidence.links.types.FetchOutcome`) into a status class.

A failure to get an answer maps through its :class:`~jtd_evidence.links.types.ErrorKind`. An
answer goes through :data:`RULES`, an ordered list of small named rules, each saying
"this is the verdict" or "not mine" (None); the first verdict wins, and an answer no rule claims
is a working link (:func:`working`). Order matters: a rule may rely on the ones before it having
passed (after ``not_a_final_answer`` every answer is a 2xx).

Pure functions over facts: no network here, so every rule can be tested on its own. The page
heuristics they use live in :mod:`jtd_evidence.links.pages`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property

from jtd_evidence.links.pages import (
    bot_protection,
    has_anchor,
    is_challenge,
    is_sign_in_redirect,
    looks_like_not_found,
    page_text,
    redirect_soft_404,
)
from jtd_evidence.links.types import REDIRECTS, ErrorKind, Failure, FetchOutcome, LinkStatus, ResponseFacts

__all__ = [
    "RULES",
    "Answer",
    "Rule",
    "Verdict",
    "bot_protection",
    "classify",
    "is_challenge",
    "looks_like_not_found",
    "page_text",
    "working",
]

_PERMANENT = frozenset({301, 308})
_BLOCKED_STATUSES = frozenset({401, 403, 407, 451, 999})
_BROWSER_CHECK = "open it in a browser to confirm it works"


@dataclass(frozen=True)
class Verdict:
    status: LinkStatus
    error: str | None = None
    suggestion: str | None = None
    fragments_checked: bool = False
    error_kind: ErrorKind | None = None


@dataclass(frozen=True)
class _FragmentCheck:
    missing: Verdict | None = None
    checked: bool = True
    note: str | None = None


@dataclass
class Answer:
    """What a rule looks at: the URL asked, what following it showed, and how to judge it."""

    url: str
    outcome: FetchOutcome
    facts: ResponseFacts
    """The final response."""
    fragment: str = ""
    check_fragments: bool = False
    detect_soft_404: bool = True
    is_doi: bool = False
    fragment_limit: int = 0

    @property
    def status(self) -> int:
        return self.facts.status

    @property
    def after(self) -> str:
        """' after 2 redirects' (or '' when none were followed)."""
        hops = len(self.outcome.hops)
        return f" after {hops} redirect{'s' if hops != 1 else ''}" if hops else ""

    @property
    def http_text(self) -> str:
        return f"HTTP {self.status} {self.facts.reason}".rstrip() + self.after

    @cached_property
    def fragment_check(self) -> _FragmentCheck:
        """Whether the #anchor is on the page (checked only when asked and when it can be)."""
        fragment = self.fragment
        if not (self.check_fragments and fragment):
            return _FragmentCheck(checked=False)
        if fragment.startswith((":~:", "/", "!")) or fragment.lower() == "top":
            return _FragmentCheck()
        if "html" not in (self.facts.content_type or "text/html").lower():
            return _FragmentCheck()  # e.g. #page=3 in a PDF
        if has_anchor(self.facts, fragment):
            return _FragmentCheck()
        if self.facts.body_complete:
            missing = Verdict(
                LinkStatus.FRAGMENT_MISSING,
                error=f"the page has no element with id or name {fragment!r}",
                fragments_checked=True,
            )
            return _FragmentCheck(missing=missing)
        limit = self.fragment_limit // 1024
        note = f"anchor {fragment!r} not found in the first {limit} KiB of the page (not checked further)"
        return _FragmentCheck(checked=False, note=note)


Rule = Callable[[Answer], Verdict | None]
"""A rule: the verdict on an answer, or None when the rule does not apply."""


# -- the rules, in order ---------------------------------------------------------------------


def invalid_status(answer: Answer) -> Verdict | None:
    if answer.status < 100 or answer.status >= 600:
        return Verdict(LinkStatus.PROTOCOL_ERROR, f"invalid HTTP status code {answer.status}")
    return None


def body_cut_short(answer: Answer) -> Verdict | None:
    """A 2xx whose body broke off (a stall after some content is not counted: the page arrived)."""
    failure = answer.facts.body_failure
    if failure is None or not 200 <= answer.status < 300:
        return None
    timed_out = failure.kind is ErrorKind.TIMEOUT
    if timed_out and answer.facts.body:
        return None
    cut = ErrorKind.TIMEOUT if timed_out else ErrorKind.PROTOCOL
    text = f"HTTP {answer.status} headers arrived but {failure.message}"
    return Verdict(cut.status, text, error_kind=cut)


def redirect_without_location(answer: Answer) -> Verdict | None:
    if answer.status in REDIRECTS:
        return Verdict(LinkStatus.PROTOCOL_ERROR, f"{answer.http_text}: a redirect without a Location header")
    return None


def bot_protected(answer: Answer) -> Verdict | None:
    bot = bot_protection(answer.facts)
    if bot is None:
        return None
    return Verdict(
        LinkStatus.BLOCKED,
        f"{answer.http_text}: {bot} stands in front of the page",
        f"{_BROWSER_CHECK}; automated checks are refused here",
    )


def access_refused(answer: Answer) -> Verdict | None:
    if answer.status not in _BLOCKED_STATUSES:
        return None
    return Verdict(
        LinkStatus.BLOCKED,
        f"{answer.http_text}: access refused to the checker",
        f"{_BROWSER_CHECK}; the site refuses automated checks",
    )


def gone(answer: Answer) -> Verdict | None:
    return Verdict(LinkStatus.GONE, answer.http_text) if answer.status == 410 else None


def rate_limited(answer: Answer) -> Verdict | None:
    if answer.status != 429:
        return None
    outcome = answer.outcome
    note = f"; {outcome.rate_limit_note}" if outcome.rate_limit_note else ""
    return Verdict(LinkStatus.RATE_LIMITED, f"{answer.http_text} after {outcome.attempts} attempt(s){note}")


def client_error(answer: Answer) -> Verdict | None:
    return Verdict(LinkStatus.BROKEN, answer.http_text) if 400 <= answer.status < 500 else None


def server_error(answer: Answer) -> Verdict | None:
    if answer.status < 500:
        return None
    return Verdict(LinkStatus.SERVER_ERROR, f"{answer.http_text} after {answer.outcome.attempts} attempt(s)")


def not_a_final_answer(answer: Answer) -> Verdict | None:
    """A 3xx that is not a redirect, or a 1xx, where the final answer should be."""
    if answer.status >= 300:
        return Verdict(LinkStatus.PROTOCOL_ERROR, f"{answer.http_text}: a 3xx status that is not a redirect")
    if answer.status < 200:
        why = "an informational status as the final answer"
        return Verdict(LinkStatus.PROTOCOL_ERROR, f"{answer.http_text}: {why}")
    return None


def sign_in_page(answer: Answer) -> Verdict | None:
    if not is_sign_in_redirect(answer.url, answer.facts.url):
        return None
    return Verdict(
        LinkStatus.BLOCKED,
        f"{answer.http_text}: redirected to a sign-in page {answer.facts.url}",
        "open it in a browser (signed in) to confirm the content is there",
    )


def soft_404(answer: Answer) -> Verdict | None:
    """A 2xx that is really 'not found': redirected to the home or an error page, or saying so."""
    if not answer.detect_soft_404:
        return None
    redirected = redirect_soft_404(answer.url, answer.facts.url) if answer.outcome.hops else None
    reason = redirected or looks_like_not_found(answer.facts)
    if reason:
        return Verdict(LinkStatus.SOFT_404, f"HTTP {answer.status}{answer.after}, but {reason}")
    return None


def fragment_missing(answer: Answer) -> Verdict | None:
    return answer.fragment_check.missing


RULES: tuple[Rule, ...] = (
    invalid_status,
    body_cut_short,
    redirect_without_location,
    bot_protected,
    access_refused,
    gone,
    rate_limited,
    client_error,
    server_error,
    not_a_final_answer,
    sign_in_page,
    soft_404,
    fragment_missing,
)
"""The rules an answer goes through, in order (the first verdict wins)."""


def working(answer: Answer) -> Verdict:
    """The verdict on an answer no rule claimed: OK, or a permanent or temporary redirect."""
    check = answer.fragment_check
    note, checked = check.note, check.checked
    hops = answer.outcome.hops
    if not hops or answer.is_doi:  # a DOI works by redirecting: that is no news
        return Verdict(LinkStatus.OK, note, fragments_checked=checked)
    leading = 0
    for hop in hops:
        if hop.status not in _PERMANENT:
            break
        leading += 1
    if not leading:
        return Verdict(LinkStatus.REDIRECT_TEMPORARY, note, fragments_checked=checked)
    target = hops[leading].url if leading < len(hops) else answer.facts.url
    if answer.fragment:
        target = f"{target}#{answer.fragment}"
    error = note or f"moved permanently (HTTP {hops[0].status})"
    return Verdict(LinkStatus.REDIRECT_PERMANENT, error, target, checked)


def classify(
    url: str,
    outcome: FetchOutcome,
    *,
    fragment: str = "",
    check_fragments: bool = False,
    detect_soft_404: bool = True,
    is_doi: bool = False,
    fragment_limit: int = 0,
) -> Verdict:
    """The status class of ``url`` (without its fragment) given what following it showed."""
    if outcome.failure is not None:
        return _no_answer(outcome.failure, outcome)
    assert outcome.final is not None  # the fetcher's contract: a final response or a failure
    answer = Answer(
        url, outcome, outcome.final, fragment, check_fragments, detect_soft_404, is_doi, fragment_limit
    )
    for rule in RULES:
        verdict = rule(answer)
        if verdict is not None:
            return verdict
    return working(answer)


_SAID_ONCE = frozenset({ErrorKind.TIMEOUT, ErrorKind.UNSAFE, ErrorKind.LOOP, ErrorKind.TOO_MANY_REDIRECTS})
"""Failures whose message already says it all: not '(after 3 attempts)'."""
_WHERE_MATTERS = frozenset(
    {ErrorKind.UNSAFE, ErrorKind.DNS, ErrorKind.REFUSED, ErrorKind.TIMEOUT, ErrorKind.TLS}
)
"""Failures that belong to the host reached by redirect, not the one in the link."""


def _no_answer(failure: Failure, outcome: FetchOutcome) -> Verdict:
    kind = failure.kind
    text = failure.message or kind.value
    if outcome.attempts > 1 and kind not in _SAID_ONCE:
        text += f" (after {outcome.attempts} attempts)"
    if outcome.hops and kind in _WHERE_MATTERS:
        text += f" (at {outcome.final_url}, reached by redirect)"
    return Verdict(kind.status, text, error_kind=kind)
