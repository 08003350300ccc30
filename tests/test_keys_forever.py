"""Keys are forever: any sequence of additions and regenerations keeps every key on its work.

A small evidence base (generated from source lists, or someone's own .bib) is grown by
random operations: pasting references (each
work written in one of several ways a maintainer meets: with or without a leading "The",
as an abbreviation, in another case, without its subtitle, with or without its address)
under random statements, importing records, applying lint's safe fixes, and regenerating
after a cosmetic edit of the source lists or the deletion of a reference. The pool of works is full of look-alikes (one title by two publishers, one
author's two works with the same main title, one title in two years). After every
operation each key must still be in the .bib and name the work it named when it appeared,
or (its work deleted from the sources) be retired, never to name another work.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from jtd_evidence.adding import apply_plan, plan_add
from jtd_evidence.cli import main
from jtd_evidence.framework import STATEMENTS
from jtd_evidence.regenerate import regenerate, retired_keys
from jtd_evidence.store import read_bib


@dataclass(frozen=True)
class Work:
    authors: tuple[str, ...]  # organisations as written; people as "Family, G."
    forms: tuple[tuple[str, ...], ...]  # other ways each author is written
    year: int
    title: str
    url: str | None


POOL = (
    Work(("The Child Safeguarding Practice Review Panel",), (("Child Safeguarding Practice Review Panel",),),
         2020, "It was hard to escape: safeguarding children at risk", "https://example.org/escape"),
    Work(("Ofsted",), ((),), 2020, "It was hard to escape", None),
    Work(("Firmin, C.",), ((),), 2017, "Contextual safeguarding: an overview", "https://doi.org/10.1234/cs.2017"),
    Work(("Firmin, C.",), ((),), 2017, "Contextual safeguarding: implementation toolkit", None),
    Work(("Firmin, C.",), ((),), 2018, "Contextual safeguarding: an overview", None),
    Work(("NSPCC",), (("National Society for the Prevention of Cruelty to Children",),), 2013,
         "No one noticed, no one heard", "https://example.org/noticed"),
    Work(("Smith, J.",), ((),), 2021, "Annual report", "https://example.org/smith-j"),
    Work(("Smith, K.",), ((),), 2021, "Annual report", None),
    Work(("Department for Education",), (("DfE",),), 2018, "Working together to safeguard children", None),
    Work(("Wroe, L.", "Lloyd, J."), ((), ()), 2019, "Young people's voices: a study", None),
)  # fmt: skip


def _main_title_is_shared(index: int) -> bool:
    work = POOL[index]
    main = work.title.split(":")[0].lower()
    return any(
        i != index
        and w.authors == work.authors
        and w.year == work.year
        and w.title.split(":")[0].lower() == main
        for i, w in enumerate(POOL)
    )


@st.composite
def readings(draw: st.DrawFn) -> tuple[int, str]:
    """A work of the pool, written one of the ways a maintainer meets it."""
    index = draw(st.integers(0, len(POOL) - 1))
    work = POOL[index]
    names = [
        draw(st.sampled_from((name, *alternatives))) if alternatives else name
        for name, alternatives in zip(work.authors, work.forms, strict=True)
    ]
    title = work.title
    if ":" in title and not _main_title_is_shared(index) and draw(st.booleans()):
        title = title.split(":")[0]
    title = draw(st.sampled_from((title, title.title(), title[0].upper() + title[1:])))
    people = " & ".join(names) if len(names) == 2 else names[0]
    text = f"{people} ({work.year}). *{title}*. Example Press."
    if work.url and draw(st.booleans()):
        text += f" {work.url}"
    return index, text


BASE = """# Evidence

## Bridging Boundaries

### Non-traditional partners share power

- Yeo, A. (2021). *Community engagement*. TCE Support Programme.
"""


def _check(bib: Path, works: dict[str, int], keys: dict[str, int]) -> None:
    entries = read_bib(bib)
    present = {e.key for e in entries} | set(retired_keys(bib.read_text(encoding="utf-8")))
    assert set(keys) <= present, f"keys lost: {sorted(set(keys) - present)}"
    for entry in entries:
        work = works.get(" ".join((entry.source or "").split()))
        if work is None:
            continue
        assert keys.setdefault(str(entry.key), work) == work, f"{entry.key} now names another work"


operations = st.lists(
    st.one_of(
        st.tuples(st.just("add"), st.sampled_from([s.id for s in STATEMENTS]), st.lists(readings(), min_size=1, max_size=3)),
        st.tuples(st.just("import"), st.sampled_from([s.id for s in STATEMENTS]), st.lists(readings(), min_size=1, max_size=2)),
        st.tuples(st.just("regenerate"), st.integers(0, 50)),
        st.tuples(st.just("lint")),
        st.tuples(st.just("delete"), st.integers(0, 50)),
    ),
    min_size=1,
    max_size=6,
)  # fmt: skip


@settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(steps=operations, generated=st.booleans())
def test_every_key_stays_on_its_work(tmp_path_factory, steps, generated):
    """On a generated base (source lists + .bib) and on someone's own .bib alike."""
    root = tmp_path_factory.mktemp("base")
    source = root / "source" / "base-evidence.md"
    source.parent.mkdir()
    source.write_text(BASE, encoding="utf-8")
    bib = root / "base.bib"
    regenerate(source, bib)
    if not generated:  # the same start, as a .bib of one's own that nothing regenerates
        bib = bib.rename(root / "own.bib")
    works: dict[str, int] = {"Yeo, A. (2021). *Community engagement*. TCE Support Programme.": -1}
    keys: dict[str, int] = {}
    for step in steps:
        if step[0] in ("add", "import"):
            _, statement, pasted = step
            for index, text in pasted:
                works[" ".join(text.split())] = index
            text = "\n".join(text for _, text in pasted) + "\n"
            if step[0] == "import":  # the same readings as a reference manager's records
                text = plan_add(text, statement, root / "scratch.bib").writes[root / "scratch.bib"]
                text = re.sub(r"\n  doi = \{[^}]*\},?", "", text)  # as exports often come: lint can add it
            plan = plan_add(text, statement, bib)
            assert not plan.problems, plan.problems
            apply_plan(plan)
        elif step[0] == "lint":
            assert main(["lint", str(bib), "--fix"] + (["--write"] if not generated else [])) in (0, 1)
        elif generated:  # a cosmetic edit of the source lists (one line's spacing), then regenerate
            lines = source.read_text(encoding="utf-8").splitlines()
            refs = [i for i, line in enumerate(lines) if line.startswith("- ")]
            if not refs:
                continue
            line = refs[step[1] % len(refs)]
            lines[line] = lines[line].replace(" (", "  (", 1)
            works.update(
                {" ".join(lines[line][2:].split()): works.get(" ".join(lines[line][2:].split()), -1)}
            )
            source.write_text("\n".join(lines) + "\n", encoding="utf-8")
            regenerate(source, bib)
        _check(bib, works, keys)
