"""scripts/fold_parser.py: documents grouped by repository, dealt into folds; held-out folders scored, never trained on."""

from pathlib import Path

from script_modules import load_script


def load():
    return load_script("fold_parser")


def write(path: Path, source: str, count: int) -> None:
    lines = [f"# source: {source}", "# subset: uk-grey"]
    lines += [
        f"<author>Body {n}</author> (<date>2020</date>) <title>Report {n}</title>." for n in range(count)
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def test_documents_group_by_repository_and_held_out_ones_are_never_trained_on(tmp_path):
    fold_parser = load()
    (tmp_path / "train").mkdir()
    (tmp_path / "pending").mkdir()
    write(tmp_path / "train" / "a-one.tagged", "owner/a one.md", 3)
    write(tmp_path / "train" / "a-two.tagged", "owner/a two.md", 2)
    write(tmp_path / "train" / "b.tagged", "owner/b x.md", 4)
    write(tmp_path / "pending" / "c.tagged", "owner/c x.md", 1)
    found = fold_parser.documents([tmp_path / "train"], [tmp_path / "pending"])
    assert [(d.key, len(d.references), d.trained) for d in found] == [
        ("owner/a", 5, True),
        ("owner/b", 4, True),
        ("owner/c", 1, False),
    ]
    dealt = fold_parser.deal(found, 2)
    assert [[d.key for d in fold] for fold in dealt] == [["owner/a"], ["owner/b", "owner/c"]]


def test_the_development_set_is_never_a_fold(tmp_path):
    import pytest

    (tmp_path / "dev").mkdir()
    with pytest.raises(SystemExit, match="never cross-validated"):
        load().main(["--held-out", str(tmp_path / "dev"), "--out", str(tmp_path / "out")])


def test_the_selection_sets_files_in_pending_are_never_a_fold(tmp_path):
    train, pending = tmp_path / "train", tmp_path / "pending"
    files = {
        pending / "uk12a-held-back.tagged": "owner/held",
        pending / "uk17a-waiting.tagged": "owner/waiting",
        train / "uk12a-trained.tagged": "owner/trained",  # a name of the set's form outside pending/
    }
    for path, repository in files.items():
        path.parent.mkdir(exist_ok=True)
        write(path, f"{repository} x.md", 2)
    for folders, held in (([pending, train], []), ([train], [pending])):
        assert [d.key for d in load().documents(folders, held)] == ["owner/trained", "owner/waiting"]


def test_a_folds_document_cap_weighs_as_train_parsers():
    fold_parser, train_parser = load(), load_script("train_parser")
    assert fold_parser.document_share.__module__ == "train_parser"  # one formula, not a copy
    for cap, size in ((2, 4), (10, 4), (0, 4), (3, 3)):
        assert train_parser.document_share(size, cap) == train_parser.capped_shares(["a"] * size, cap)[0]
