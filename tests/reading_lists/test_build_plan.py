"""BuildPlan: what a reading-list build makes, checked and made once by the caller."""

from __future__ import annotations

import pytest

import jtd_evidence
from jtd_evidence.exceptions import UnknownChoiceError
from jtd_evidence.reading_lists.build import BuildPlan
from jtd_evidence.reading_lists.writers import Format


def test_formats_are_the_format_enum_and_unknown_ones_raise_at_once() -> None:
    plan = BuildPlan(formats=["md", "docx"], statements=["LC4"])
    assert plan.formats == (Format.MD, Format.DOCX) and all(isinstance(f, Format) for f in plan.formats)
    assert plan.statements == ("LC4",)
    with pytest.raises(UnknownChoiceError, match="unknown format 'pdf'; choose one of md, html, txt, docx"):
        BuildPlan(formats=["md", "pdf"])


def test_full_plans_replace_the_folder_partial_ones_keep_it() -> None:
    assert BuildPlan().is_full and BuildPlan().replaces
    assert BuildPlan(styles=("harvard", "apa", "chicago-author-date")).is_full
    assert not BuildPlan(formats=["md"]).is_full and not BuildPlan(formats=["md"]).replaces
    assert not BuildPlan(principles=["LC"]).is_full
    assert BuildPlan(formats=["md"], replace=True).replaces and not BuildPlan(replace=False).replaces


def test_lists_follow_the_principles_and_statements_asked_for() -> None:
    base = jtd_evidence.load()
    every = [list_id for list_id, _ in BuildPlan().lists(base, "apa", "en-GB")]
    assert every[:2] == ["bibliography", "all"] and "LC" in every and "LC4" in every
    one_statement = BuildPlan(statements=["LC4"]).lists(base, "apa", "en-GB")
    assert [list_id for list_id, _ in one_statement] == ["LC", "LC4"]
    principle = [list_id for list_id, _ in BuildPlan(principles=["LC"]).lists(base, "apa", "en-GB")]
    assert principle[0] == "LC" and all(list_id.startswith("LC") for list_id in principle)
    assert len(principle) > 2
