"""Boards damaged or crafted in ways SQLite's own quick_check passes: a missing table or column,
values of the wrong kind, triggers and views. Each is refused on open, info and export with one
clear message naming the damage, and the file is left exactly as it was."""
import random
import shutil
import sqlite3
from pathlib import Path

import pytest

from app.model import store
from app.model.document import Document
from tests.cli.test_cli import fails, run
from tests.model.test_store import FIXTURE_V2, folder_state, make_board


def damaged(tmp_path: Path, *statements: str) -> Path:
    """A real board changed by statements, as another program (or a bad disk) could."""
    path = make_board(tmp_path / "damaged.cjm")
    conn = sqlite3.connect(path)
    for statement in statements:
        conn.execute(statement)
    conn.commit()
    conn.close()
    return path


def assert_refused_everywhere(capsys, path: Path, *words: str) -> None:
    folder = path.parent
    before = folder_state(folder)
    with pytest.raises(store.CorruptBoardError) as caught:
        Document.open(path)
    for word in words:
        assert word in str(caught.value)
    fails(capsys, "info", path, words=words)
    fails(capsys, "export", path, "--pdf", folder / "out.pdf", words=words)
    assert folder_state(folder) == before
    assert not store._open_in_this_process


CASES = {
    "a dropped column": (["ALTER TABLE note DROP COLUMN owner"], ["“owner”", "missing"]),
    "a dropped table": (["DROP TABLE metric"], ["“metric”", "missing"]),
    "an added column": (["ALTER TABLE lane ADD COLUMN secret TEXT"], ["“secret”"]),
    "invalid UTF-8 text": (["UPDATE note SET text = CAST(x'4361ff66' AS TEXT) WHERE id = 2"],
                           ["note 2's text", "UTF-8"]),
    "tags that are not JSON": (["UPDATE note SET tags = 'a, b' WHERE id = 1"], ["note 1's tags", "JSON"]),
    "tags that are not a list": (["UPDATE note SET tags = '[[1]]' WHERE id = 1"], ["note 1's tags"]),
    "a text position": (["UPDATE note SET position = 'first' WHERE id = 3"], ["note 3's position"]),
    "a text width": (["UPDATE stage SET width = 'wide' WHERE id = 1"], ["stage 1's width"]),
    "a width out of range": (["UPDATE stage SET width = 1e300 WHERE id = 1"], ["stage 1's width"]),
    "a BLOB text": (["UPDATE lane SET name = x'00ff' WHERE id = 1"], ["lane 1's name", "must be text"]),
    "participants '5'": (["UPDATE board SET participants = '5'"], ["board 1's participants"]),
    "a colour 'red'": (["UPDATE note SET color = 'red' WHERE id = 1"], ["note 1's color", "'red'"]),
    "an unknown lane kind": (["UPDATE lane SET kind = 'graph' WHERE id = 2"], ["lane 2's kind"]),
    "a note in no place": (["UPDATE note SET place = 'cell', stage_id = NULL WHERE id = 1"], ["note 1's place"]),
    "a note of a stage that is gone": (["PRAGMA foreign_keys = OFF", "UPDATE note SET stage_id = 999 WHERE id = 1"],
                                       ["note", "refers to a stage"]),
    "no board record": (["DELETE FROM board"], ["board record is missing"]),
    "a huge id": (["UPDATE note SET id = 9223372036854775807 WHERE id = 1"], ["note", "id"]),
}


@pytest.mark.parametrize("case", CASES)
def test_a_damaged_row_or_schema_is_refused_with_what_is_wrong(capsys, tmp_path, case):
    statements, words = CASES[case]
    assert_refused_everywhere(capsys, damaged(tmp_path, *statements), "damaged.cjm", *words)


def test_a_board_with_a_trigger_is_refused_and_the_trigger_never_runs(capsys, tmp_path):
    # The crafted board of the issue: every new note would copy itself twelve times in memory's
    # view, while the file kept one.
    path = damaged(tmp_path, "CREATE TABLE log (x)", "DROP TABLE log",
                   "CREATE TRIGGER grow AFTER INSERT ON note BEGIN "
                   "UPDATE note SET text = text || '!' WHERE id = new.id; END")
    assert_refused_everywhere(capsys, path, "trigger", "“grow”")


def test_a_board_with_a_view_is_refused(capsys, tmp_path):
    path = damaged(tmp_path, "CREATE VIEW everything AS SELECT * FROM note")
    assert_refused_everywhere(capsys, path, "view", "“everything”")


def test_a_board_with_an_unknown_table_or_index_is_refused(capsys, tmp_path):
    assert_refused_everywhere(capsys, damaged(tmp_path, "CREATE TABLE extra (x)"), "table", "“extra”")
    shutil.rmtree(tmp_path)
    tmp_path.mkdir()
    assert_refused_everywhere(capsys, damaged(tmp_path, "CREATE INDEX ix_mine ON note (text)"), "index", "“ix_mine”")


def test_the_committed_boards_pass_every_check(tmp_path):
    for fixture in (FIXTURE_V2, FIXTURE_V2.with_name("board-v1.cjm")):
        copy = tmp_path / fixture.name
        shutil.copy(fixture, copy)
        with Document.snapshot(copy) as doc:
            assert len(doc.notes()) >= 36


def test_bit_flips_of_a_real_board_never_give_a_traceback_on_info(capsys, tmp_path):
    original = FIXTURE_V2.read_bytes()
    rng = random.Random(12)
    outcomes = set()
    for attempt in range(40):
        data = bytearray(original)
        for _ in range(rng.randint(1, 4)):
            data[rng.randrange(len(data))] ^= 1 << rng.randrange(8)
        path = tmp_path / f"flipped-{attempt}.cjm"
        path.write_bytes(bytes(data))
        code, out, err = run(capsys, "info", path)  # an uncaught exception fails the test here
        assert code in (0, 1) and "Traceback" not in err
        if code == 1:
            assert err.startswith("journeywall: ") and err.count("\n") == 1, err
        assert path.read_bytes() == bytes(data)
        outcomes.add(code)
    assert outcomes == {0, 1}  # some flips land in unused space, others are caught
