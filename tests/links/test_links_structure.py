"""The link checker's seams: classifying needs no HTTP machinery, rules are small and named."""

from __future__ import annotations

import ast
from pathlib import Path

from jtd_evidence.links.classify import RULES, classify, working
from jtd_evidence.links.types import ErrorKind, Failure, FetchOutcome, Hop, LinkStatus, ResponseFacts

LINKS = Path(__file__).resolve().parents[2] / "src" / "jtd_evidence" / "links"


def _imports(module: Path) -> set[str]:
    """Every module ``module`` imports (at any level, under TYPE_CHECKING too)."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(module.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
    return found


def test_classifying_needs_no_fetching_and_the_core_no_reporter():
    for name in ("classify", "pages", "types"):
        imported = _imports(LINKS / f"{name}.py")
        assert not {
            m for m in imported if m.endswith(".fetch") or m.split(".")[0] in ("requests", "urllib3")
        }, name
    for module in LINKS.glob("*.py"):
        if module.stem != "cli":
            assert not {m for m in _imports(module) if ".reporters" in m}, module.name


def _answered(
    status: int, body: bytes = b"<title>Annual report</title>" + b"text " * 400, hops=()
) -> FetchOutcome:
    facts = ResponseFacts(
        "GET", "https://x.example.org/report", status, "", {"content-type": "text/html"}, body, True
    )
    return FetchOutcome("https://x.example.org/report", hops=list(hops), final=facts)


def test_rules_are_named_and_a_plain_page_passes_every_one():
    names = [rule.__name__ for rule in RULES]
    assert len(set(names)) == len(names)
    outcome = _answered(200)
    assert classify(outcome.url, outcome).status is LinkStatus.OK
    assert working.__name__ == "working"


def test_a_failure_is_judged_by_its_kind_alone():
    outcome = FetchOutcome(
        "https://a.example.org/",
        hops=[Hop("https://a.example.org/", 301, "https://b.example.org/")],
        failure=Failure(ErrorKind.DNS, "host name does not resolve: no such host name is known"),
        failed_url="https://b.example.org/",
    )
    verdict = classify(outcome.url, outcome)
    assert (verdict.status, verdict.error_kind) == (LinkStatus.DNS_ERROR, ErrorKind.DNS)
    assert verdict.error.endswith("(at https://b.example.org/, reached by redirect)")
