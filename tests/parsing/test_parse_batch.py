"""Reading many references at once: on worker processes, the same readings as one by one."""

from __future__ import annotations

import gc
import sys
from pathlib import Path

import pytest

from jtd_evidence.exceptions import ReferenceParseError
from jtd_evidence.parsing import batch, evidence_list
from jtd_evidence.parsing.batch import read_references
from jtd_evidence.parsing.evidence_list import parse_evidence_list
from jtd_evidence.parsing.reference_line import judge_line

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "scripts"))
from synthetic_references import generate


def _texts(count: int) -> list[str]:
    return [reference.text for reference in generate(count)]


def test_workers_read_what_one_process_reads_in_the_same_order(monkeypatch):
    monkeypatch.setattr(batch, "FEWEST_PER_JOB", 20)
    texts = [*_texts(59), " - . ", "Yeo, A. (2021). *Community engagement*. TCE Support Programme."]
    alone = read_references(texts, jobs=1)
    shared = read_references(texts, jobs=2)
    assert len(shared) == len(texts)
    assert isinstance(alone[59], ReferenceParseError) and isinstance(shared[59], ReferenceParseError)
    assert str(alone[59]) == str(shared[59])
    for one, other in zip(alone, shared, strict=True):
        if not isinstance(one, ReferenceParseError):
            assert not isinstance(other, ReferenceParseError)
            assert (one.entry, one.problems, one.notes) == (other.entry, other.problems, other.notes)
    assert shared[-1].entry.authors[0].family == "Yeo"


def test_a_batch_reads_what_read_reference_reads_one_by_one():
    from jtd_evidence.parsing.reference import read_reference

    texts = [
        *_texts(40),
        " - . ",
        "x" * 3500,
        "Yeo, A. (2021). *Community engagement*. TCE Support Programme.",
    ]
    batch_read = read_references(texts, jobs=1)
    for text, many in zip(texts, batch_read, strict=True):
        try:
            one = read_reference(text)
        except ReferenceParseError as error:
            assert str(many) == str(error)
            continue
        assert not isinstance(many, ReferenceParseError)
        assert (one.entry, one.problems, one.notes, one.confidence) == (
            many.entry,
            many.problems,
            many.notes,
            many.confidence,
        )


def _collector_thresholds(texts: list[str]) -> list[int]:
    return [gc.get_threshold()[0]] * len(texts)


def test_the_collector_runs_less_often_while_a_list_is_read_here_and_in_the_workers(monkeypatch):
    monkeypatch.setattr(batch, "FEWEST_PER_JOB", 20)
    monkeypatch.setattr(batch, "_read", _collector_thresholds)  # forked workers run it as it is here
    judged: list[int] = []

    def judging(text: str):
        judged.append(gc.get_threshold()[0])
        return judge_line(text)

    monkeypatch.setattr(evidence_list, "judge_line", judging)
    before = gc.get_threshold()
    assert before[0] < batch.COLLECT_AFTER
    assert set(read_references(_texts(60), jobs=2)) == {batch.COLLECT_AFTER}
    parse_evidence_list("\n".join(_texts(5)), keep_unassigned=True)
    assert set(judged) == {batch.COLLECT_AFTER}
    assert gc.get_threshold() == before


def test_the_collector_is_set_back_after_an_error_and_left_alone_when_switched_off():
    before = gc.get_threshold()
    with pytest.raises(RuntimeError), batch.fewer_collections():
        raise RuntimeError("stop")
    assert gc.get_threshold() == before
    try:
        gc.set_threshold(0)
        with batch.fewer_collections():
            assert gc.get_threshold()[0] == 0
    finally:
        gc.set_threshold(*before)


def test_the_model_is_loaded_here_for_the_workers_to_start_with(monkeypatch):
    from jtd_evidence.parsing import learned

    labeller = learned._labeller(learned.MODEL)
    monkeypatch.setattr(labeller, "_model", None)
    batch.preload_model()
    assert labeller._model is not None


def test_a_short_list_is_read_here(monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("no worker processes for two references")

    monkeypatch.setattr(batch, "ProcessPoolExecutor", refuse)
    assert len(read_references(_texts(2), jobs=2)) == 2


def test_a_long_pasted_list_parses_the_same_on_two_processes(monkeypatch):
    monkeypatch.setattr(batch, "FEWEST_PER_JOB", 20)
    lines = _texts(50)
    text = "\n".join([*lines[:25], "", "Please see the notes below.", "", *lines[25:], lines[3]])
    one = parse_evidence_list(text, keep_unassigned=True)
    two = parse_evidence_list(text, keep_unassigned=True, jobs=2)
    assert one.entries == two.entries
    assert one.warnings == two.warnings
    assert one.lines == two.lines
    assert one.occurrences == two.occurrences


def test_workers_keep_each_references_labelling_when_asked(monkeypatch):
    from jtd_evidence.parsing import learned
    from jtd_evidence.parsing.corrections import corrections

    if not learned.MODEL.is_file():
        pytest.skip("no model shipped")
    monkeypatch.setattr(batch, "FEWEST_PER_JOB", 20)
    text = "\n".join(_texts(50))
    kept = parse_evidence_list(text, keep_unassigned=True, jobs=2, labels=True)
    assert all(occurrence.labelled is not None for occurrence in kept.occurrences)
    assert corrections(kept, "x") == corrections(parse_evidence_list(text, keep_unassigned=True), "x")


def test_workers_judge_lines_as_one_process_does(monkeypatch):
    monkeypatch.setattr(batch, "FEWEST_PER_JOB", 20)
    lines = [*_texts(30), "Please see the notes below.", "Holmes (2022) argues that it is needed.", ""] * 2
    with batch.Workers(2, len(lines)) as workers:
        verdicts = workers.judge(lines)
        assert [verdicts.get(line) for line in lines] == [judge_line(line) for line in lines]


def test_each_distinct_line_of_a_list_is_judged_once(monkeypatch):
    judged: list[str] = []

    def counting(text: str):
        judged.append(text)
        return judge_line(text)

    monkeypatch.setattr(evidence_list, "judge_line", counting)
    lines = _texts(5)
    parse_evidence_list("\n".join([*lines, *lines, "Please see the notes below."]), keep_unassigned=True)
    assert sorted(judged) == sorted({*lines, "Please see the notes below."})


def test_results_arrive_in_order_and_a_key_asked_for_waits_for_its_own():
    from concurrent.futures import Future

    first: Future[list[int]] = Future()
    second: Future[list[int]] = Future()
    arriving: batch.Arriving[str, int] = batch.Arriving(lambda value: value * 10)
    arriving.expect(["a", "b"], first)
    arriving.expect(["c"], second)
    first.set_result([1, 2])
    assert arriving.get("b") == 20  # the second chunk has not come: not waited for
    second.set_result([3])
    assert arriving.get("c") == 30
    assert arriving.get("never asked for") is None
    arriving["d"] = 4
    assert arriving.get("d") == 4


def test_a_wrapped_document_with_headings_parses_the_same_on_two_processes(monkeypatch):
    monkeypatch.setattr(batch, "FEWEST_PER_JOB", 10)
    lines = _texts(40)
    wrapped = [part for line in lines for part in (line[: len(line) // 2], line[len(line) // 2 :])]
    text = "\n".join(
        [
            "# Bridging Boundaries",
            "## Non-traditional partners share power",
            *wrapped[:40],
            "",
            "Please see the notes below.",
            "## Partnerships are creative in their structure and culture",
            *wrapped[40:],
            *wrapped[:2],
        ]
    )
    one = parse_evidence_list(text)
    two = parse_evidence_list(text, jobs=2)
    assert len(one.entries) > 30
    assert (one.entries, one.warnings, one.lines, one.occurrences) == (
        two.entries,
        two.warnings,
        two.lines,
        two.occurrences,
    )
