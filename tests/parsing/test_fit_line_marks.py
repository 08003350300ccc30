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
