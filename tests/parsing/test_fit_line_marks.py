"""scripts/fit_line_marks.py: writing fitted weights changes only the weights, and leaves the module
formatted as the project's formatter would."""

import ast

from script_modules import load_script


def load():
    return load_script("fit_line_marks")


def weights_in(source, names):
    """Each Mark(...)'s name and weight as written in ``source``."""
    found = {}
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Call) and getattr(node.func, "id", None) == "Mark":
            name, weight = node.args[0].value, node.args[1]
            value = -weight.operand.value if isinstance(weight, ast.UnaryOp) else weight.value
            found[name] = value
    assert set(found) == set(names)
    return found


def test_the_current_weights_give_back_the_module_byte_for_byte():
    script = load()
    source = script.MODULE.read_text(encoding="utf-8")
    same = script.rewritten(source, [mark.weight for mark in script.MARKS])
    assert same == source
    assert script.formatted(same) == source  # the committed module is formatted


def test_new_weights_land_on_their_marks_and_the_module_stays_formatted():
    script = load()
    source = script.MODULE.read_text(encoding="utf-8")
    names = [mark.name for mark in script.MARKS]
    new = [round(mark.weight + 100.25 * (k % 3 - 1), 2) for k, mark in enumerate(script.MARKS)]
    written = script.formatted(script.rewritten(source, new))
    assert weights_in(written, names) == dict(zip(names, new, strict=True))
    assert script.formatted(written) == written


def test_the_formatter_is_really_run():
    assert load().formatted("x=( 1 )\n") == "x = 1\n"


def test_the_table_stays_while_the_fit_takes_no_more_lines_right():
    script = load()
    threshold = script.THRESHOLD
    # two marks; a reference showing mark 0 once, a prose line showing mark 1 twice, each half the loss
    rows = [([(0, 1)], 1, 0.5), ([(1, 2)], 0, 0.5)]
    right = [threshold, -1.0]
    assert script.wrong(right, rows) == 0.0
    assert script.wrong([threshold - 0.25, -1.0], rows) == 0.5  # the reference falls short
    assert script.wrong([threshold, threshold], rows) == 0.5  # the prose line is taken
    # other weights that take the same lines right are settled: no refit for a quarter's move
    assert script.settled([threshold + 0.25, -0.75], right, rows)
    # weights that take a line wrong are not
    assert not script.settled([threshold - 0.25, -1.0], right, rows)


def test_a_small_loss_within_the_tolerance_keeps_the_table_and_a_larger_one_does_not():
    script = load()
    short = script.THRESHOLD - 0.25
    fitted = [short, 0.25]
    for extra, kept in ((script.SETTLED * 0.8, True), (script.SETTLED * 1.2, False)):
        rows = [
            ([(0, 1)], 1, 1.0),  # a reference no weight below the threshold takes: wrong either way
            ([(0, 1), (1, 1)], 1, extra),  # a reference that mark 1 takes over the threshold
        ]
        assert script.wrong(fitted, rows) == 1.0
        assert script.wrong([short, 0.0], rows) == 1.0 + extra
        assert script.settled([short, 0.0], fitted, rows) is kept
