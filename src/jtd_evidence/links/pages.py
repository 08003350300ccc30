"""What a page and its address say: bot protection, 'not found' pages, sign-in pages, anchors.

Heuristics over :class:`~jtd_evidence.links.types.ResponseFacts` (a bounded body prefix and the
headers) and URLs; no network here. :mod:`jtd_evidence.links.classify` turns them into verdicts.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from urllib.parse import unquote, urlsplit

from jtd_evidence.links.types import ResponseFacts

__all__ = [
    "bot_protection",
    "has_anchor",
    "is_challenge",
    "is_sign_in_redirect",
    "looks_like_not_found",
    "page_text",
    "redirect_soft_404",
]

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


_HEADER_SIGNS: tuple[tuple[str, tuple[str, ...] | None, str], ...] = (
    ("cf-mitigated", ("challenge",), "Cloudflare challenge"),
    ("x-datadome", None, "DataDome"),
    ("x-dd-b", None, "DataDome"),
    ("x-amzn-waf-action", ("captcha", "challenge", "block"), "AWS WAF"),
    ("x-sucuri-block", None, "Sucuri"),
)
"""(header, the values that count or None for any, protection): headers that give a protection away."""


@dataclass(frozen=True)
class _Page:
    """A response's body as the bot-protection tests read it."""

    status: int
    text: str
    lowered: str
    title: str
    server: str

    @classmethod
    def of(cls, facts: ResponseFacts) -> _Page:
        text = page_text(facts)
        title_match = _TITLE.search(text)
        title = _clean(title_match.group(1)) if title_match else ""
        server = facts.headers.get("server", "").lower()
        return cls(facts.status, text, text[:65536].lower(), title, server)

    @property
    def challenge_title(self) -> bool:
        return bool(self.title) and bool(_CHALLENGE_TITLES.search(self.title))

    def marker(self) -> str | None:
        """The protection a marker in the page names, or None."""
        return next((name for marker, name in _CHALLENGE_MARKERS if marker in self.lowered), None)

    def vendor(self) -> str:
        return self.marker() or ("Cloudflare" if self.server == "cloudflare" else "a human check")


def bot_protection(facts: ResponseFacts) -> str | None:
    """Name of the bot protection or human check this response is, or None."""
    for header, values, name in _HEADER_SIGNS:
        value = facts.headers.get(header)
        if value is not None and (values is None or value.lower() in values):
            return name
    if 200 <= facts.status < 300:
        return _challenge_page(_Page.of(facts))
    if facts.status >= 400:
        return _refusal_page(_Page.of(facts))
    return None


def _challenge_page(page: _Page) -> str | None:
    """A 2xx that is a challenge *page* (a normal page may embed a CAPTCHA widget in a form)."""
    if page.challenge_title and len(_visible(page.text)) < 4000:
        return page.vendor()
    return None


def _refusal_page(page: _Page) -> str | None:
    """A 4xx/5xx whose page names a protection or a human check."""
    marker = page.marker()
    if marker is not None:
        return marker
    if page.challenge_title:
        return page.vendor()
    if "akamaighost" in page.server and page.status == 403 and "reference #" in page.lowered:
        return "Akamai"
    if page.server == "cloudflare" and page.status in (403, 503) and "cloudflare" in page.lowered:
        return "Cloudflare"
    return None


def is_challenge(facts: ResponseFacts) -> bool:
    """Whether this response is a bot-protection answer (retrying will not help)."""
    return bot_protection(facts) is not None


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


def redirect_soft_404(url: str, final_url: str) -> str | None:
    """Why being redirected from ``url`` to ``final_url`` means the page is gone (a deep link sent
    to the home page or to an error page), or None."""
    start = urlsplit(url)
    end = urlsplit(final_url)
    if (start.netloc.lower(), start.path, start.query) == (end.netloc.lower(), end.path, end.query):
        return None
    if _is_deep(start.path, start.query) and not _is_deep(end.path, end.query):
        return f"the deep link was redirected to the site's home page {final_url}"
    if _ERROR_PATHS.search(end.path) and not _ERROR_PATHS.search(start.path):
        return f"the link was redirected to an error page {final_url}"
    if "404" in end.query and "404" not in start.query and re.search(r"(?:^|[&=])404(?:$|&)", end.query):
        return f"the link was redirected to an error page {final_url}"
    return None


def is_sign_in_redirect(url: str, final_url: str) -> bool:
    """Whether following ``url`` ended on a sign-in page it did not itself point at."""
    return bool(_LOGIN_PATHS.search(urlsplit(final_url).path)) and not _LOGIN_PATHS.search(urlsplit(url).path)


def has_anchor(facts: ResponseFacts, fragment: str) -> bool:
    """Whether the page (as far as it was read) has an element with id or name ``fragment``."""
    wanted = {fragment, unquote(fragment)}
    for match in _ANCHORS.finditer(page_text(facts)):
        value = html.unescape(next(g for g in match.groups() if g is not None))
        if value in wanted:
            return True
    return False
