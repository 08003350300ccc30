"""Turning what was observed (:class:`~jtd_evidence.links.fetch.FetchOutcome`) into a status class.

Pure functions over facts: no network here, so every rule can be tested on its own.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from urllib.parse import unquote, urlsplit

from jtd_evidence.links.types import REDIRECTS, ErrorKind, FetchOutcome, LinkStatus, ResponseFacts

__all__ = ["Verdict", "bot_protection", "classify", "is_challenge", "looks_like_not_found", "page_text"]

_PERMANENT = frozenset({301, 308})
_BLOCKED_STATUSES = frozenset({401, 403, 407, 451, 999})

_NOT_FOUND = re.compile(
    r"page not found|\bnot found\b|\b404\b|"
    r"(?:page|document|file|article|resource|content|url)\s+(?:you\s+(?:requested|are looking for)\s+)?"
    r"(?:could not|cannot|can't|can ?not|couldn't)\s+be\s+found|"
    r"(?:page|document|file|article|resource|content)\s+(?:does not|doesn't|no longer)\s+exists?|"
    r"no longer (?:available|exists)|has been (?:removed|deleted)|"
    r"(?:we )?(?:couldn't|could not|can't|cannot) find (?:that|this|the|what)|"
    r"page (?:is )?(?:missing|unavailable)|"
    r"seite (?:wurde )?nicht gefunden|page introuvable|p[áa]gina no encontrada|pagina non trovata|"
    r"pagina niet gevonden|nie znaleziono strony|sidan hittades inte|siden blev ikke fundet",
    re.IGNORECASE,
)
_NOT_FOUND_BODY = re.compile(
    r"page not found|404[^a-z0-9]{0,5}(?:error|not found|page)|error[^a-z0-9]{0,3}404|"
    r"(?:page|document|file|article|resource|url|content|item|publication)\b[^.<>]{0,60}?"
    r"(?:(?:could not|cannot|can't|can ?not|couldn't) be found|(?:was|were|is) not found|"
    r"(?:does not|doesn't|no longer|did not) exists?|(?:is|are) no longer (?:available|online)|"
    r"(?:has|have) been (?:removed|deleted|taken down))|"
    r"(?:we )?(?:couldn't|could not|can't|cannot|can ?not) find (?:that|this|the|what you)|"
    r"nothing (?:was )?found (?:here|at this address)|"
    r"seite (?:wurde )?nicht gefunden|page introuvable|p[áa]gina no encontrada|pagina non trovata",
    re.IGNORECASE,
)
_HOME_PATHS = re.compile(
    r"^/?(?:(?:index|default|home|start|main|welcome)(?:\.\w{2,5})?/?|"
    r"(?:en|fr|de|es|it|nl|pt|sv|da|fi|no|nb|pl|cy|ga|ja|zh|ko|ru|ar)(?:[-_][a-z]{2})?/?)?$",
    re.IGNORECASE,
)
_ERROR_PATHS = re.compile(
    r"(?:^|/)(?:404|40x|not[-_]?found|page[-_]?not[-_]?found|error[-_]?404|errors?/404|404[-_]?error|"
    r"error|errors|missing|pagenotfound|notfound)(?:\.\w{2,5})?/?$",
    re.IGNORECASE,
)
_LOGIN_PATHS = re.compile(
    r"/(?:log-?in|sign-?in|signon|auth(?:enticate|orize)?|sso|cas/login|idp|shibboleth|wayf|"
    r"account/login|users?/login|session/new)(?:[/.?;]|$)",
    re.IGNORECASE,
)
_TITLE = re.compile(r"<title[^>]*>(.*?)</title\s*>", re.IGNORECASE | re.DOTALL)
_HEADINGS = re.compile(r"<h[12][^>]*>(.*?)</h[12]\s*>", re.IGNORECASE | re.DOTALL)
_TAGS = re.compile(r"<[^>]+>")
_SCRIPTS = re.compile(r"<(script|style|noscript|template)\b[^>]*>.*?</\1\s*>", re.IGNORECASE | re.DOTALL)
_CHARSET = re.compile(rb"""charset=["']?([a-zA-Z0-9_.:-]+)""")
_ANCHORS = re.compile(r"""\b(?:id|name)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>"']+))""", re.IGNORECASE)

_CHALLENGE_TITLES = re.compile(
    r"just a moment|attention required|access denied|are you a (?:robot|human)|captcha|"
    r"verify(?:ing)? (?:that )?you are (?:a )?human|checking (?:your|if the site connection is secure)|"
    r"security check|bot (?:check|protection)|ddos protection|request (?:blocked|rejected)|pardon our interruption|"
    r"one more step|please wait while we verify",
    re.IGNORECASE,
)
_CHALLENGE_MARKERS = (
    ("cf-chl", "Cloudflare"),
    ("challenge-platform", "Cloudflare"),
    ("cf-browser-verification", "Cloudflare"),
    ("__cf_chl", "Cloudflare"),
    ("captcha-delivery.com", "DataDome"),
    ("datadome", "DataDome"),
    ("_incapsula_resource", "Imperva Incapsula"),
    ("incapsula incident", "Imperva Incapsula"),
    ("px-captcha", "PerimeterX"),
    ("_pxcaptcha", "PerimeterX"),
    ("perimeterx", "PerimeterX"),
    ("sucuri website firewall", "Sucuri"),
    ("awswaf", "AWS WAF"),
    ("aws-waf-token", "AWS WAF"),
    ("ddos-guard", "DDoS-Guard"),
    ("g-recaptcha", "a CAPTCHA"),
    ("h-captcha", "a CAPTCHA"),
    ("hcaptcha.com", "a CAPTCHA"),
    ("cf-turnstile", "Cloudflare Turnstile"),
    ("are you a robot", "a CAPTCHA"),
    ("verify you are human", "a human check"),
    ("enable javascript and cookies to continue", "a JavaScript check"),
    ("unusual traffic from your computer", "a traffic check"),
)


@dataclass(frozen=True)
class Verdict:
    status: LinkStatus
    error: str | None = None
    suggestion: str | None = None
    fragments_checked: bool = False
    error_kind: ErrorKind | None = None


def page_text(facts: ResponseFacts) -> str:
    """The decoded body prefix ('' when none was read)."""
    body = facts.body or b""
    if not body:
        return ""
    charset = None
    ct = facts.content_type or ""
    if "charset=" in ct.lower():
        charset = ct.lower().split("charset=", 1)[1].split(";")[0].strip().strip("\"'")
    if not charset:
        found = _CHARSET.search(body[:2048])
        charset = found.group(1).decode("ascii", "replace") if found else "utf-8"
    try:
        return body.decode(charset, errors="replace")
    except LookupError:
        return body.decode("utf-8", errors="replace")


def _clean(fragment: str) -> str:
    return " ".join(html.unescape(_TAGS.sub(" ", fragment)).split())


def bot_protection(facts: ResponseFacts) -> str | None:
    """Name of the bot protection or human check this response is, or None."""
    headers = facts.headers
    if headers.get("cf-mitigated", "").lower() == "challenge":
        return "Cloudflare challenge"
    if "x-datadome" in headers or "x-dd-b" in headers:
        return "DataDome"
    if headers.get("x-amzn-waf-action", "").lower() in ("captcha", "challenge", "block"):
        return "AWS WAF"
    if "x-sucuri-block" in headers:
        return "Sucuri"
    text = page_text(facts)
    lowered = text[:65536].lower()
    title_match = _TITLE.search(text)
    title = _clean(title_match.group(1)) if title_match else ""
    server = headers.get("server", "").lower()
    if 200 <= facts.status < 300:
        # A normal page may embed a CAPTCHA widget in a form: only a challenge *page* counts.
        if title and _CHALLENGE_TITLES.search(title) and len(_visible(text)) < 4000:
            return _vendor(lowered, server) or "a human check"
        return None
    if facts.status < 400:
        return None
    for marker, name in _CHALLENGE_MARKERS:
        if marker in lowered:
            return name
    if title and _CHALLENGE_TITLES.search(title):
        return _vendor(lowered, server) or "a human check"
    if "akamaighost" in server and facts.status == 403 and "reference #" in lowered:
        return "Akamai"
    if server == "cloudflare" and facts.status in (403, 503) and "cloudflare" in lowered:
        return "Cloudflare"
    return None


def is_challenge(facts: ResponseFacts) -> bool:
    """Whether this response is a bot-protection answer (retrying will not help)."""
    return bot_protection(facts) is not None


def _vendor(lowered: str, server: str) -> str | None:
    for marker, name in _CHALLENGE_MARKERS:
        if marker in lowered:
            return name
    if server == "cloudflare":
        return "Cloudflare"
    return None


def _visible(text: str) -> str:
    body = _SCRIPTS.sub(" ", text)
    return " ".join(html.unescape(_TAGS.sub(" ", body)).split())


def looks_like_not_found(facts: ResponseFacts) -> str | None:
    """Why this 2xx page is really a 'not found' page (title, heading or a short body), or None."""
    text = page_text(facts)
    if not text:
        return None
    title_match = _TITLE.search(text)
    if title_match:
        title = _clean(title_match.group(1))
        if _NOT_FOUND.search(title):
            return f"the page title says {title[:80]!r}"
    for heading in _HEADINGS.findall(text[:65536])[:3]:
        cleaned = _clean(heading)
        if cleaned and len(cleaned) < 120 and _NOT_FOUND.search(cleaned):
            return f"the page heading says {cleaned[:80]!r}"
    visible = _visible(text)
    if len(visible) < 1500:
        found = _NOT_FOUND_BODY.search(visible)
        if found:
            return f"the page says {found.group(0)!r}"
    return None


def _is_deep(path: str, query: str) -> bool:
    return bool(query) or not _HOME_PATHS.match(path or "/")


def _redirect_soft_404(url: str, outcome: FetchOutcome) -> str | None:
    if not outcome.hops or outcome.final is None:
        return None
    start = urlsplit(url)
    end = urlsplit(outcome.final.url)
    if (start.netloc.lower(), start.path, start.query) == (end.netloc.lower(), end.path, end.query):
        return None
    if _is_deep(start.path, start.query) and not _is_deep(end.path, end.query):
        return f"the deep link was redirected to the site's home page {outcome.final.url}"
    if _ERROR_PATHS.search(end.path) and not _ERROR_PATHS.search(start.path):
        return f"the link was redirected to an error page {outcome.final.url}"
    if "404" in end.query and "404" not in start.query and re.search(r"(?:^|[&=])404(?:$|&)", end.query):
        return f"the link was redirected to an error page {outcome.final.url}"
    return None


def _fragment_verdict(facts: ResponseFacts, fragment: str, limit: int) -> Verdict | None:
    """None when the anchor is there or cannot be checked; a Verdict when something must be said."""
    if not fragment or fragment.startswith((":~:", "/", "!")) or fragment.lower() == "top":
        return None
    ct = (facts.content_type or "text/html").lower()
    if "html" not in ct:
        return None  # e.g. #page=3 in a PDF
    text = page_text(facts)
    wanted = {fragment, unquote(fragment)}
    for match in _ANCHORS.finditer(text):
        value = html.unescape(next(g for g in match.groups() if g is not None))
        if value in wanted:
            return None
    if facts.body_complete:
        return Verdict(
            LinkStatus.FRAGMENT_MISSING,
            error=f"the page has no element with id or name {fragment!r}",
            fragments_checked=True,
        )
    return Verdict(
        LinkStatus.OK,
        error=f"anchor {fragment!r} not found in the first {limit // 1024} KiB of the page (not checked further)",
    )


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
    kind = outcome.error_kind
    if kind is not None:
        return _failure(kind, outcome)
    facts = outcome.final
    assert facts is not None
    status = facts.status
    after = (
        f" after {len(outcome.hops)} redirect{'s' if len(outcome.hops) != 1 else ''}" if outcome.hops else ""
    )
    http_text = f"HTTP {status} {facts.reason}".rstrip() + after
    if status < 100 or status >= 600:
        return Verdict(LinkStatus.PROTOCOL_ERROR, f"invalid HTTP status code {status}")
    body_failure = facts.body_failure
    stalled_after_content = (
        body_failure is not None and body_failure.kind is ErrorKind.TIMEOUT and bool(facts.body)
    )
    if 200 <= status < 300 and body_failure is not None and not stalled_after_content:
        cut = ErrorKind.TIMEOUT if body_failure.kind is ErrorKind.TIMEOUT else ErrorKind.PROTOCOL
        return Verdict(
            cut.status, f"HTTP {status} headers arrived but {body_failure.message}", error_kind=cut
        )
    if status in REDIRECTS:
        return Verdict(LinkStatus.PROTOCOL_ERROR, f"{http_text}: a redirect without a Location header")
    bot = bot_protection(facts)
    if bot is not None:
        return Verdict(
            LinkStatus.BLOCKED,
            f"{http_text}: {bot} stands in front of the page",
            "open it in a browser to confirm it works; automated checks are refused here",
        )
    if status in _BLOCKED_STATUSES:
        return Verdict(
            LinkStatus.BLOCKED,
            f"{http_text}: access refused to the checker",
            "open it in a browser to confirm it works; the site refuses automated checks",
        )
    if status == 410:
        return Verdict(LinkStatus.GONE, http_text)
    if status == 429:
        note = f"; {outcome.rate_limit_note}" if outcome.rate_limit_note else ""
        return Verdict(LinkStatus.RATE_LIMITED, f"{http_text} after {outcome.attempts} attempt(s){note}")
    if 400 <= status < 500:
        return Verdict(LinkStatus.BROKEN, http_text)
    if status >= 500:
        return Verdict(LinkStatus.SERVER_ERROR, f"{http_text} after {outcome.attempts} attempt(s)")
    if status >= 300:
        return Verdict(LinkStatus.PROTOCOL_ERROR, f"{http_text}: a 3xx status that is not a redirect")
    if 100 <= status < 200:
        return Verdict(LinkStatus.PROTOCOL_ERROR, f"{http_text}: an informational status as the final answer")
    # 2xx
    final_path = urlsplit(facts.url).path
    if _LOGIN_PATHS.search(final_path) and not _LOGIN_PATHS.search(urlsplit(url).path):
        return Verdict(
            LinkStatus.BLOCKED,
            f"{http_text}: redirected to a sign-in page {facts.url}",
            "open it in a browser (signed in) to confirm the content is there",
        )
    if detect_soft_404:
        reason = _redirect_soft_404(url, outcome) or looks_like_not_found(facts)
        if reason:
            return Verdict(LinkStatus.SOFT_404, f"HTTP {status}{after}, but {reason}")
    checked = False
    note = None
    if check_fragments and fragment:
        verdict = _fragment_verdict(facts, fragment, fragment_limit)
        if verdict is not None and verdict.status is LinkStatus.FRAGMENT_MISSING:
            return verdict
        checked = verdict is None
        note = verdict.error if verdict is not None else None
    if not outcome.hops or is_doi:  # a DOI works by redirecting: that is no news
        return Verdict(LinkStatus.OK, note, fragments_checked=checked)
    leading = 0
    for hop in outcome.hops:
        if hop.status not in _PERMANENT:
            break
        leading += 1
    if leading:
        target = outcome.hops[leading].url if leading < len(outcome.hops) else facts.url
        if fragment:
            target = f"{target}#{fragment}"
        return Verdict(
            LinkStatus.REDIRECT_PERMANENT,
            note or f"moved permanently (HTTP {outcome.hops[0].status})",
            target,
            checked,
        )
    return Verdict(LinkStatus.REDIRECT_TEMPORARY, note, fragments_checked=checked)


def _failure(kind: ErrorKind, outcome: FetchOutcome) -> Verdict:
    status = kind.status
    text = outcome.error or kind.value
    if outcome.attempts > 1 and kind not in ("timeout", "unsafe", "loop", "too-many-redirects"):
        text += f" (after {outcome.attempts} attempts)"
    if outcome.hops and kind in ("unsafe", "dns", "refused", "timeout", "tls"):
        text += f" (at {outcome.final_url}, reached by redirect)"
    return Verdict(status, text, error_kind=kind)
