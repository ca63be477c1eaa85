"""The board file: opening checks, "a failed open never damages a file", locks between
windows and processes, copies, migrations and what lands on disk."""
import os
import select
import shutil
import signal
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from app.model import agenda_timer, board_check, store
from app.model.document import Document, Place, ReadOnlyError
from app.model.templates import template

ROOT = Path(__file__).resolve().parents[2]
FIXTURE_V1 = ROOT / "tests" / "fixtures" / "board-v1.cjm"
FIXTURE_V2 = ROOT / "tests" / "fixtures" / "board-v2.cjm"


# ---------------------------------------------------------------- helpers


def folder_state(folder: Path) -> dict:
    """Every entry of a folder with its bytes and mtime: what a failed open must leave alone.
    A board this process has open is only stat()ed: closing a descriptor of it would drop
    SQLite's POSIX locks (see app.model.store)."""
    state = {}
    for entry in sorted(folder.iterdir()):
        if os.path.realpath(entry) in store._open_in_this_process:
            stat = entry.stat()
            state[entry.name] = ("<open here>", stat.st_size, stat.st_mtime_ns)
        elif entry.is_file():
            state[entry.name] = (entry.read_bytes(), entry.stat().st_mtime_ns)
        else:
            state[entry.name] = ("<dir>", entry.stat().st_mtime_ns)
    return state


def make_board(path: Path, notes: int = 3) -> Path:
    with Document.create(path, lambda d: template("current-state").apply(d)) as doc:
        first = cell(doc)
        doc.add_notes(first, [{"text": f"note {i} " + "x" * 150} for i in range(notes)])
    return path


def cell(doc, stage=0, lane=0):
    return Place.cell(doc.stages()[stage].id, doc.lanes()[lane].id)


def raw(path: Path) -> sqlite3.Connection:
    """A plain read-only sqlite3 connection, as another program would read the file."""
    return sqlite3.connect(f"file:{path}?mode=ro", uri=True)


def one(path: Path, sql: str, *args):
    """The first row of a query through a separate plain connection, closed at once."""
    conn = raw(path)
    try:
        return conn.execute(sql, args).fetchone()
    finally:
        conn.close()


def pragma(path: Path, name: str):
    conn = raw(path)
    try:
        return conn.execute(f"PRAGMA {name}").fetchone()[0]
    finally:
        conn.close()


def dump(path: Path) -> list[str]:
    conn = raw(path)
    try:
        return list(conn.iterdump())
    finally:
        conn.close()


def assert_refused(path: Path, error_type, *words):
    """Opening path fails with error_type, a message holding words, and changes nothing."""
    folder = path.parent
    before = folder_state(folder)
    with pytest.raises(error_type) as caught:
        Document.open(path)
    message = str(caught.value)
    for word in words:
        assert word in message, message
    assert path.name in message  # the user learns which file
    assert "\n" not in message, message
    assert folder_state(folder) == before  # bytes, mtimes, and no -journal or backup beside it
    # And once more with the read-only request and a snapshot: same refusal, same rule.
    with pytest.raises(error_type):
        Document.open(path, read_only=True)
    with pytest.raises(error_type):
        Document.snapshot(path)
    assert folder_state(folder) == before
    assert not store._open_in_this_process  # nothing is left half-open
    return message


# A subprocess that holds a board open like another Journey Wall window would.
HOLDER = r"""
import sys
from app.model.document import Document, Place
doc = Document.open(sys.argv[1])
print("ready", "ro" if doc.read_only else "rw", flush=True)
for line in sys.stdin:
    command, _, text = line.strip().partition(" ")
    if command == "add":
        place = Place.cell(doc.stages()[0].id, doc.lanes()[0].id)
        print("added", doc.add_note(place, text).result, flush=True)
"""


class Holder:
    """Another process that has the board open for editing."""

    def __init__(self, path: Path):
        env = dict(os.environ, PYTHONPATH=str(ROOT))
        self.proc = subprocess.Popen(
            [sys.executable, "-c", HOLDER, str(path)], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
            stderr=subprocess.PIPE, env=env, text=True, bufsize=1)
        assert self.reply() == "ready rw"

    def reply(self, timeout: float = 15.0) -> str:
        ready, _, _ = select.select([self.proc.stdout], [], [], timeout)
        assert ready, "the other process did not answer in time"
        line = self.proc.stdout.readline().strip()
        assert line, f"the other process ended: {self.proc.stderr.read()}"
        return line

    def add_note(self, text: str) -> int:
        self.proc.stdin.write(f"add {text}\n")
        self.proc.stdin.flush()
        kind, note_id = self.reply().split()
        assert kind == "added"
        return int(note_id)

    def kill(self) -> None:
        self.proc.send_signal(signal.SIGKILL)
        self.proc.wait(timeout=15)
        for stream in (self.proc.stdin, self.proc.stdout, self.proc.stderr):
            stream.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        if self.proc.poll() is None:
            self.kill()


# ---------------------------------------------------------------- files that are not boards


def test_a_text_file_named_cjm_is_refused_untouched(tmp_path):
    path = tmp_path / "notes.cjm"
    path.write_text("Shopping list\nmilk\neggs\n" * 20)
    assert_refused(path, store.NotABoardError, "not a Journey Wall board")


def test_an_empty_file_is_refused_untouched(tmp_path):
    path = tmp_path / "empty.cjm"
    path.write_bytes(b"")
    assert_refused(path, store.NotABoardError, "empty file")
    assert path.stat().st_size == 0  # SQLite would happily turn it into a database


def test_a_png_renamed_cjm_is_refused_untouched(tmp_path):
    path = tmp_path / "photo.cjm"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 8)
    assert_refused(path, store.NotABoardError, "not a Journey Wall board")


def test_another_programs_database_is_refused_untouched(tmp_path):
    path = tmp_path / "contacts.cjm"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE contact (name TEXT)")
    conn.execute("INSERT INTO contact VALUES ('Ana')")
    conn.commit()
    conn.close()
    assert pragma(path, "application_id") == 0
    assert_refused(path, store.NotABoardError, "another program", "not a Journey Wall board")


def test_another_programs_wal_database_is_refused_and_leaves_no_wal_files(tmp_path):
    path = tmp_path / "app-data.cjm"
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("CREATE TABLE setting (key TEXT, value TEXT)")
    conn.commit()
    conn.close()
    assert os.listdir(tmp_path) == [path.name]
    assert_refused(path, store.NotABoardError, "another program")


def test_an_empty_database_is_refused_untouched(tmp_path):
    path = tmp_path / "blank.cjm"
    conn = sqlite3.connect(path)
    conn.execute("VACUUM")  # writes the header: a valid database with no tables
    conn.close()
    assert path.read_bytes().startswith(store.SQLITE_HEADER)
    assert_refused(path, store.NotABoardError, "empty database", "not a Journey Wall board")


def test_our_application_id_without_a_known_format_is_refused_untouched(tmp_path):
    # user_version 0 is no format Journey Wall ever wrote: there is nothing to migrate from.
    path = tmp_path / "half.cjm"
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA application_id={store.APPLICATION_ID}")
    conn.commit()
    conn.close()
    assert_refused(path, store.BoardFileError, "format")


def test_a_newer_board_is_refused_untouched(tmp_path):
    path = make_board(tmp_path / "from-the-future.cjm")
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA user_version={store.SCHEMA_VERSION + 1}")
    conn.commit()
    conn.close()
    message = assert_refused(path, store.NewerBoardError, "newer")
    assert "update" in message.lower()


def corrupt_a_note_page(path: Path) -> None:
    """Overwrites the middle of a b-tree page of the note table (a leaf full of notes)."""
    conn = raw(path)
    page_size = conn.execute("PRAGMA page_size").fetchone()[0]
    try:
        leaves = [row[0] for row in conn.execute(
            "SELECT pageno FROM dbstat WHERE name='note' AND pagetype='leaf' ORDER BY pageno")]
    except sqlite3.OperationalError:  # SQLite built without dbstat: the table's root page
        leaves = [conn.execute("SELECT rootpage FROM sqlite_master WHERE name='note'").fetchone()[0]]
    conn.close()
    page = leaves[len(leaves) // 2]
    data = bytearray(path.read_bytes())
    start = (page - 1) * page_size + 8  # keep the page header, scramble its cells
    data[start:start + page_size - 16] = b"\xff" * (page_size - 16)
    path.write_bytes(bytes(data))


def test_a_damaged_board_is_refused_untouched(tmp_path):
    path = make_board(tmp_path / "damaged.cjm", notes=200)
    corrupt_a_note_page(path)
    conn = raw(path)
    try:  # quick_check reports damage as rows, or SQLite refuses the page outright
        assert conn.execute("PRAGMA quick_check").fetchone()[0] != "ok"
    except sqlite3.DatabaseError:
        pass
    finally:
        conn.close()
    assert_refused(path, store.CorruptBoardError, "damaged")


def test_a_truncated_board_is_refused_untouched(tmp_path):
    path = make_board(tmp_path / "cut.cjm", notes=200)
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])
    assert_refused(path, store.CorruptBoardError, "damaged")


def test_a_folder_is_refused(tmp_path):
    path = tmp_path / "looks-like-a-board.cjm"
    path.mkdir()
    (path / "inside.txt").write_text("x")
    assert_refused(path, store.NotABoardError, "folder")
    assert os.listdir(path) == ["inside.txt"]


def test_a_missing_file_is_refused_and_not_created(tmp_path):
    path = tmp_path / "nowhere.cjm"
    assert_refused(path, store.BoardFileError, "does not exist")
    assert not path.exists()
    assert os.listdir(tmp_path) == []


# ---------------------------------------------------------------- read-only boards


def test_a_read_only_file_opens_read_only_with_a_reason(tmp_path):
    path = make_board(tmp_path / "locked-down.cjm")
    path.chmod(0o444)
    try:
        if os.access(path, os.W_OK):
            pytest.skip("running as root: a 0444 file is still writable for this user "
                        "(the read-only request path is tested below)")
        before = folder_state(tmp_path)
        with Document.open(path) as doc:
            assert doc.read_only
            assert "read-only" in doc.file.read_only_reason
            with pytest.raises(ReadOnlyError):
                doc.add_note(cell(doc), "lost")
        assert folder_state(tmp_path) == before
    finally:
        path.chmod(0o644)


@pytest.mark.parametrize("locked, words", [("file", "file is read-only"),
                                           ("folder", "folder it is in is read-only")])
def test_a_board_the_os_says_is_not_writable_opens_read_only(tmp_path, monkeypatch, locked, words):
    """As root every file is writable, so the answer of os.access is what this test sets."""
    path = make_board(tmp_path / "shared drive.cjm")
    real_access = os.access
    denied = path if locked == "file" else tmp_path

    def access(target, mode, *args, **kwargs):
        if Path(target) == denied and mode & os.W_OK:
            return False
        return real_access(target, mode, *args, **kwargs)

    monkeypatch.setattr(os, "access", access)
    before = folder_state(tmp_path)
    with Document.open(path) as doc:
        assert doc.read_only
        assert words in doc.file.read_only_reason
        with pytest.raises(ReadOnlyError) as caught:
            doc.add_note(cell(doc), "lost")
        assert words in str(caught.value)
        # And SQLite itself was opened read-only: a write through it fails too.
        with pytest.raises(sqlite3.OperationalError):
            doc.file.sqlite_connection().execute("DELETE FROM note")
    assert folder_state(tmp_path) == before


def test_a_read_only_request_opens_read_only_and_refuses_edits(tmp_path):
    path = make_board(tmp_path / "look-only.cjm")
    before = folder_state(tmp_path)
    with Document.open(path, read_only=True) as doc:
        assert doc.read_only
        assert "read-only" in doc.file.read_only_reason
        count = len(doc.notes())
        note_id = doc.notes()[0].id
        with pytest.raises(ReadOnlyError) as caught:
            doc.add_note(cell(doc), "lost")
        assert "read-only" in str(caught.value)
        with pytest.raises(ReadOnlyError):
            doc.edit_note(note_id, text="changed")
        with pytest.raises(ReadOnlyError):
            doc.delete_notes([note_id])
        with pytest.raises(ReadOnlyError):
            doc.set_board_info(title="Other")
        assert len(doc.notes()) == count
        assert doc.note(note_id).text.startswith("note 0")
    assert folder_state(tmp_path) == before


def test_a_snapshot_is_read_only(doc):
    with Document.snapshot(doc.path) as snap:
        assert snap.read_only
        with pytest.raises(ReadOnlyError):
            snap.add_note(cell(snap), "lost")


# ---------------------------------------------------------------- one board, two windows


def test_a_board_open_in_another_process_opens_read_only_until_that_process_dies(tmp_path):
    path = make_board(tmp_path / "shared.cjm")
    with Holder(path) as other:
        with Document.open(path) as second:
            assert second.read_only
            assert "another" in second.file.read_only_reason
            assert "window" in second.file.read_only_reason
            with pytest.raises(ReadOnlyError) as caught:
                second.add_note(cell(second), "would overwrite")
            assert "another" in str(caught.value)
            # A second window looking on never stalls the first one's saving.
            note_id = other.add_note("still saving")
            assert one(path, "SELECT text FROM note WHERE id=?", note_id) == (
                "still saving",)
        other.kill()  # a crash: the kernel drops its lock, which is then taken over
    with Document.open(path) as doc:
        assert not doc.read_only, doc.file.read_only_reason
        assert "still saving" in [n.text for n in doc.notes()]
        note_id = doc.add_note(cell(doc), "taken over").result
    assert one(path, "SELECT text FROM note WHERE id=?", note_id) == ("taken over",)
    assert pragma(path, "integrity_check") == "ok"


def test_a_snapshot_reads_a_board_open_in_another_process(tmp_path):
    path = make_board(tmp_path / "shared.cjm")
    with Holder(path) as other:
        other.add_note("from the other window")
        before = folder_state(tmp_path)
        with Document.snapshot(path) as snap:
            assert "from the other window" in [n.text for n in snap.notes()]
            assert len(snap.notes()) == 4
        assert folder_state(tmp_path) == before
        other.add_note("and it goes on saving")  # the snapshot took no lasting lock


def test_the_same_board_twice_in_one_process_is_refused(doc, tmp_path):
    with pytest.raises(store.BoardAlreadyOpenError) as caught:
        Document.open(doc.path)
    assert "already open" in str(caught.value)
    with pytest.raises(store.BoardAlreadyOpenError):
        Document.open(doc.path, read_only=True)
    alias = tmp_path / "alias.cjm"
    alias.symlink_to(doc.path)
    with pytest.raises(store.BoardAlreadyOpenError):
        Document.open(alias)
    # The refusals did not disturb the open board (closing a descriptor drops POSIX locks).
    note_id = doc.add_note(cell(doc), "still mine").result
    assert one(doc.path, "SELECT text FROM note WHERE id=?", note_id) == ("still mine",)


def test_the_same_board_opens_again_after_close(board_path):
    make_board(board_path)
    Document.open(board_path).close()
    with Document.open(board_path) as again:
        assert not again.read_only


def test_a_snapshot_of_a_board_open_in_this_process(doc):
    note_id = doc.add_note(cell(doc), "unsaved? no: saved").result
    with Document.snapshot(doc.path) as snap:
        assert snap.note(note_id).text == "unsaved? no: saved"
        assert snap.path is None
    # The open board goes on as before, lock and all.
    doc.edit_note(note_id, text="edited after the snapshot")
    assert one(doc.path, "SELECT text FROM note WHERE id=?", note_id) == (
        "edited after the snapshot",)
    with pytest.raises(store.BoardAlreadyOpenError):
        Document.open(doc.path)


# ---------------------------------------------------------------- save a copy, save as


def test_save_copy_writes_a_copy_and_stays_on_the_original(doc, tmp_path):
    first = doc.add_note(cell(doc), "in both").result
    target = tmp_path / "copy.cjm"
    doc.save_copy(target)
    assert doc.path == tmp_path / "board.cjm"
    second = doc.add_note(cell(doc), "only in the original").result
    with Document.open(target) as copy:
        assert not copy.read_only  # the copy is not locked by us
        assert copy.note(first).text == "in both"
        assert not copy.has_note(second)
        assert copy.board.title == doc.board.title
    assert pragma(target, "application_id") == store.APPLICATION_ID
    assert not [name for name in os.listdir(tmp_path) if name.endswith(".tmp")]


def test_save_as_moves_the_document_onto_the_new_file(doc, tmp_path):
    old = doc.path
    doc.add_note(cell(doc), "before save as")
    old_stat = old.stat()  # only stat(): the board is open here
    target = tmp_path / "renamed.cjm"
    doc.save_as(target)
    assert doc.path == target and not doc.read_only
    note_id = doc.add_note(cell(doc), "after save as").result
    assert one(target, "SELECT text FROM note WHERE id=?", note_id) == ("after save as",)
    after = old.stat()  # the old file no longer changes
    assert (after.st_size, after.st_mtime_ns) == (old_stat.st_size, old_stat.st_mtime_ns)
    before_bytes = old.read_bytes()  # closed now, so reading it is safe
    assert one(old, "SELECT count(*) FROM note WHERE text='after save as'") == (0,)
    doc.add_note(cell(doc), "more after save as")
    assert old.read_bytes() == before_bytes
    # The old file is free (its lock went with it), the new one is ours.
    with Document.open(old) as previous:
        assert not previous.read_only
    with pytest.raises(store.BoardAlreadyOpenError):
        Document.open(target)


def test_save_as_from_a_read_only_window_goes_on_editing_the_new_file(tmp_path):
    path = make_board(tmp_path / "theirs.cjm")
    with Holder(path):
        with Document.open(path) as doc:
            assert doc.read_only
            target = tmp_path / "mine.cjm"
            doc.save_as(target)
            assert doc.path == target and not doc.read_only
            note_id = doc.add_note(cell(doc), "my own copy").result
            assert one(target, "SELECT text FROM note WHERE id=?", note_id) == ("my own copy",)
            assert one(path, "SELECT count(*) FROM note WHERE text='my own copy'") == (0,)


def test_save_copy_onto_a_board_open_in_another_process_is_refused(doc, tmp_path):
    target = make_board(tmp_path / "theirs.cjm")
    with Holder(target):
        before = folder_state(tmp_path)
        with pytest.raises(store.BoardFileError) as caught:
            doc.save_copy(target)
        assert "another" in str(caught.value)
        assert folder_state(tmp_path) == before


def test_save_copy_onto_a_board_open_here_is_refused(doc, tmp_path):
    with pytest.raises(store.BoardFileError):
        doc.save_copy(doc.path)
    with pytest.raises(store.BoardFileError):
        doc.save_as(doc.path)
    assert not doc.read_only
    doc.add_note(cell(doc), "still fine")


def test_a_failed_save_copy_leaves_no_temporary_file(doc, tmp_path):
    before = folder_state(tmp_path)
    with pytest.raises(store.BoardFileError) as caught:
        doc.save_copy(tmp_path / "no such folder" / "copy.cjm")
    assert "does not exist" in str(caught.value)
    (tmp_path / "a folder.cjm").mkdir()
    before = folder_state(tmp_path)
    with pytest.raises(store.BoardFileError):
        doc.save_copy(tmp_path / "a folder.cjm")
    assert folder_state(tmp_path) == before  # no .tmp and no -journal left behind
    doc.add_note(cell(doc), "the board still works")


def test_save_copy_replaces_an_existing_closed_board(doc, tmp_path):
    target = make_board(tmp_path / "old copy.cjm", notes=7)
    doc.save_copy(target)
    with Document.open(target) as copy:
        assert len(copy.notes()) == len(doc.notes()) == 0


# ---------------------------------------------------------------- migrations


def add_shape_column(conn: sqlite3.Connection) -> None:
    conn.execute("ALTER TABLE note ADD COLUMN shape TEXT NOT NULL DEFAULT 'square'")
    conn.execute("CREATE TABLE migrated_marker (at TEXT)")


CURRENT = store.SCHEMA_VERSION  # the format make_board writes; the tests pretend to go one past it


def one_version_on(monkeypatch, step) -> None:
    """Pretends this Journey Wall writes format CURRENT + 1, reached from CURRENT by step."""
    monkeypatch.setattr(store, "SCHEMA_VERSION", CURRENT + 1)
    monkeypatch.setattr(store, "MIGRATIONS", {**store.MIGRATIONS, CURRENT: step})
    # The pretend format adds a column and a table that no entity defines, which the checks of a
    # board's contents rightly refuse; a real migration matches the entities (see
    # test_a_migrated_board_has_the_schema_of_a_new_one).
    monkeypatch.setattr(board_check, "unknown_objects", lambda conn: None)
    monkeypatch.setattr(board_check, "complete_schema", lambda conn: None)


def test_an_older_board_is_migrated_and_the_original_kept_as_a_backup(tmp_path, monkeypatch):
    path = make_board(tmp_path / "Workshop.cjm", notes=5)
    original = dump(path)
    one_version_on(monkeypatch, add_shape_column)
    with Document.open(path) as doc:
        assert not doc.read_only
        assert len(doc.notes()) == 5
        doc.add_note(cell(doc), "after the update")
    assert pragma(path, "user_version") == CURRENT + 1
    conn = raw(path)
    assert "shape" in [row[1] for row in conn.execute("PRAGMA table_info(note)")]
    assert conn.execute("SELECT count(*) FROM note").fetchone() == (6,)
    conn.close()
    backup = tmp_path / f"Workshop (format {CURRENT} backup).cjm"
    assert sorted(os.listdir(tmp_path)) == [backup.name, path.name]
    assert pragma(backup, "user_version") == CURRENT
    assert pragma(backup, "application_id") == store.APPLICATION_ID
    assert dump(backup) == original
    # Opening again neither migrates again nor touches the backup.
    backup_state = folder_state(tmp_path)[backup.name]
    Document.open(path).close()
    assert folder_state(tmp_path)[backup.name] == backup_state


def test_a_failed_migration_leaves_the_board_as_it_was(tmp_path, monkeypatch):
    path = make_board(tmp_path / "Workshop.cjm", notes=5)
    original = dump(path)

    def half_then_fail(conn):
        add_shape_column(conn)
        raise RuntimeError("a bug in the migration")

    one_version_on(monkeypatch, half_then_fail)
    with pytest.raises(store.BoardFileError) as caught:
        Document.open(path)
    assert "Workshop.cjm" in str(caught.value)
    assert dump(path) == original  # all of the migration or nothing: it can be tried again
    assert pragma(path, "user_version") == CURRENT
    assert os.listdir(tmp_path) == [path.name]
    assert not store._open_in_this_process
    one_version_on(monkeypatch, add_shape_column)
    with Document.open(path) as doc:
        assert len(doc.notes()) == 5
    assert pragma(path, "user_version") == CURRENT + 1


def test_an_older_board_can_be_read_without_being_migrated(tmp_path, monkeypatch):
    """info and export take snapshots: they read an older board and leave it as it is."""
    path = make_board(tmp_path / "Workshop.cjm", notes=5)
    one_version_on(monkeypatch, add_shape_column)
    before = folder_state(tmp_path)
    with Document.snapshot(path) as snap:
        assert len(snap.notes()) == 5
        conn = snap.file.sqlite_connection()  # the copy in memory was updated, not the file
        assert conn.execute("PRAGMA user_version").fetchone()[0] == CURRENT + 1
        assert conn.execute("SELECT count(*) FROM sqlite_master WHERE name='migrated_marker'").fetchone() == (1,)
    assert folder_state(tmp_path) == before


def test_the_committed_format_1_board_still_opens(tmp_path):
    """tests/fixtures/board-v1.cjm was made once from the sample with format 1; never regenerate it."""
    assert pragma(FIXTURE_V1, "user_version") == 1
    assert pragma(FIXTURE_V1, "application_id") == store.APPLICATION_ID
    path = tmp_path / "board-v1.cjm"
    shutil.copyfile(FIXTURE_V1, path)  # an open may migrate: never the committed file itself
    with Document.open(path) as doc:
        assert not doc.read_only
        assert doc.board.title == "Paige's journey: marketing automation for a startup"
        assert len(doc.notes()) == 36
        assert doc.persona.name == "Paige"
        assert [s.name for s in doc.stages()] == [
            "Awareness", "Research", "Trial", "Purchase", "Onboarding", "Expansion", "Advocacy"]
        doc.add_note(cell(doc), "the current version edits it")
    assert pragma(path, "user_version") == store.SCHEMA_VERSION


def rows(path: Path, sql: str) -> list:
    conn = raw(path)
    try:
        return conn.execute(sql).fetchall()
    finally:
        conn.close()


def schema(path: Path) -> dict:
    """Every table's columns, foreign keys and indexes as SQLite describes them (the CREATE
    statements' text differs between a new board and an ALTERed one; their meaning must not)."""
    conn = raw(path)
    try:
        tables = [r[0] for r in conn.execute(
            "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%' ORDER BY name")]
        described = {}
        for table in tables:
            indexes = {}
            for index in conn.execute(f"PRAGMA index_list('{table}')"):
                columns = [c[2] for c in conn.execute(f"PRAGMA index_info('{index[1]}')")]
                indexes[tuple(columns)] = (index[2], index[3])  # unique, origin
            described[table] = (
                {c[1]: (c[2], c[3], c[4], c[5]) for c in conn.execute(f"PRAGMA table_info('{table}')")},
                sorted(tuple(f[2:5]) for f in conn.execute(f"PRAGMA foreign_key_list('{table}')")),
                indexes)
        return described
    finally:
        conn.close()


def test_the_format_1_board_is_migrated_to_format_2_with_a_backup(tmp_path):
    path = tmp_path / "Paige.cjm"
    shutil.copyfile(FIXTURE_V1, path)
    original = dump(path)
    notes_before = rows(path, "SELECT id, place, stage_id, lane_id, section, position, text, color, "
                              "tags, owner, idea FROM note ORDER BY id")
    votes_before = rows(path, "SELECT id, note_id, voter, round FROM vote ORDER BY id")
    assert len(notes_before) == 36 and len(votes_before) == 18
    with Document.open(path) as doc:
        assert len(doc.notes()) == 36 and len(doc.votes()) == 18
        assert doc.vote_counts() == dict(rows(path, "SELECT note_id, count(*) FROM vote GROUP BY note_id"))
        # The new columns and rows have their defaults.
        assert all(not note.hidden and note.cluster_id is None for note in doc.notes())
        assert all(not lane.hidden for lane in doc.lanes())
        assert doc.board.reveal_mode is False
        assert doc.clusters() == [] and doc.rounds() == []
        assert doc.timer_state() == agenda_timer.TimerState()
        assert doc.timer_view(0.0).name == doc.agenda()[0].name
        # And the migrated board takes the new calls.
        cluster_id = doc.group_notes([n.id for n in doc.notes_at(cell(doc, 1, 1))], "compare").result
        assert doc.start_round(3, voters=["Ana"]).result == 1
        doc.set_lane_hidden(doc.lanes()[-1].id, True)
    assert pragma(path, "user_version") == store.SCHEMA_VERSION
    assert rows(path, "SELECT id, place, stage_id, lane_id, section, position, text, color, tags, "
                      "owner, idea FROM note ORDER BY id") == notes_before
    assert rows(path, "SELECT id, note_id, voter, round FROM vote ORDER BY id") == votes_before
    assert rows(path, "SELECT count(*) FROM note WHERE cluster_id=%d" % cluster_id) == [(2,)]
    assert rows(path, "SELECT id, block, running, remaining, started_at FROM agenda_timer") == [
        (1, 0, 0, None, None)]
    assert pragma(path, "integrity_check") == "ok"
    assert rows(path, "PRAGMA foreign_key_check") == []
    backup = tmp_path / "Paige (format 1 backup).cjm"
    assert sorted(os.listdir(tmp_path)) == [backup.name, path.name]
    assert pragma(backup, "user_version") == 1
    assert dump(backup) == original


def test_a_migrated_board_has_the_schema_of_a_new_one(tmp_path):
    migrated = tmp_path / "old.cjm"
    shutil.copyfile(FIXTURE_V1, migrated)
    Document.open(migrated).close()
    new = make_board(tmp_path / "new.cjm")
    assert schema(migrated) == schema(new)
    assert "cluster" in schema(new) and "voting_round" in schema(new)


def test_a_snapshot_of_a_format_1_board_reads_it_as_format_2_and_leaves_it(tmp_path):
    path = tmp_path / "old.cjm"
    shutil.copyfile(FIXTURE_V1, path)
    before = folder_state(tmp_path)
    with Document.snapshot(path) as snap:
        assert len(snap.notes()) == 36
        assert snap.timer_state() == agenda_timer.TimerState()
        assert snap.clusters() == []
    assert folder_state(tmp_path) == before  # no backup, no migration of the file


def test_the_committed_format_2_board_opens(tmp_path):
    """tests/fixtures/board-v2.cjm was made once with format 2 (tests/fixtures/README.md)."""
    assert pragma(FIXTURE_V2, "user_version") == 2
    path = tmp_path / "board-v2.cjm"
    shutil.copyfile(FIXTURE_V2, path)
    with Document.open(path) as doc:
        assert not doc.read_only
        assert len(doc.notes()) == 37
        assert [lane.name for lane in doc.lanes() if lane.hidden] == ["KPIs"]
        [cluster] = doc.clusters()
        assert (cluster.label, cluster.collapsed) == ("Where Paige compares us", True)
        assert len(doc.cluster_notes(cluster.id)) == 2
        assert doc.board.reveal_mode is True
        assert [n.text for n in doc.hidden_notes()] == ["Silent idea: a guided first campaign"]
        first, second = doc.rounds()
        assert (first.number, first.voters, first.open) == (1, ["Ana", "Bo", "Cy"], False)
        assert (second.number, second.participants, second.open, second.hidden) == (2, 4, True, True)
        assert doc.current_voter() == "Voter 2"
        assert [dots for _, dots in doc.tally(1)] == [3, 3, 1]
        assert [dots for _, dots in doc.tally(1, lane_roles=["opportunities"])] == [1]
        round_two = [v.note_id for v in doc.votes() if v.round == 2]
        assert sum(doc.visible_votes(n, "Voter 1") for n in set(round_two)) - sum(
            doc.visible_votes(n) for n in set(round_two)) == 2  # Voter 1 sees their own 2 dots
        assert sum(doc.visible_votes(n, "Voter 2") for n in set(round_two)) - sum(
            doc.visible_votes(n) for n in set(round_two)) == 1
        view = doc.timer_view(1_750_000_400.0 + 100)
        assert (view.name, view.remaining, view.phase) == ("Empathy mapping", 1400.0, "running")
        doc.add_note(cell(doc), "the current version edits it")
        assert all(note.source == "" for note in doc.notes())  # format 3's column, its default
    # Format 3 added a note's source: the open migrated the file and kept the format 2 original.
    assert sorted(os.listdir(tmp_path)) == ["board-v2 (format 2 backup).cjm", path.name]


# ---------------------------------------------------------------- the file on disk


def test_the_file_is_marked_and_uses_a_rollback_journal(doc):
    doc.add_note(cell(doc), "x")
    path = doc.path
    assert path.read_bytes()[:16] == store.SQLITE_HEADER
    assert pragma(path, "application_id") == store.APPLICATION_ID
    assert pragma(path, "user_version") == store.SCHEMA_VERSION
    assert pragma(path, "journal_mode") == "delete"
    header = path.read_bytes()[:20]
    assert (header[18], header[19]) == (1, 1)  # legacy rollback journal, not WAL (2, 2)
    assert sorted(os.listdir(path.parent)) == [path.name]  # no -wal, -shm or -journal beside it
    # The writer's own connection too.
    conn = doc.file.sqlite_connection()
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
    assert conn.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL
    assert conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1


def test_each_call_is_on_disk_when_it_returns(doc):
    def on_disk(sql, *args):
        conn = raw(doc.path)  # a separate connection, as after a crash
        try:
            return conn.execute(sql, args).fetchall()
        finally:
            conn.close()

    note_id = doc.add_note(cell(doc), "first").result
    assert on_disk("SELECT text FROM note WHERE id=?", note_id) == [("first",)]
    doc.edit_note(note_id, text="second", tags=["x"])
    assert on_disk("SELECT text, tags FROM note WHERE id=?", note_id) == [("second", '["x"]')]
    doc.move_notes([note_id], cell(doc, 2, 1))
    assert on_disk("SELECT stage_id, lane_id FROM note WHERE id=?", note_id) == [
        (doc.stages()[2].id, doc.lanes()[1].id)]
    doc.add_votes(note_id, 2)
    assert on_disk("SELECT count(*) FROM vote WHERE note_id=?", note_id) == [(2,)]
    doc.set_board_info(title="Über-Board")
    assert on_disk("SELECT title FROM board") == [("Über-Board",)]
    change = doc.delete_notes([note_id])
    assert on_disk("SELECT count(*) FROM note WHERE id=?", note_id) == [(0,)]
    doc.undo(change)
    assert on_disk("SELECT text FROM note WHERE id=?", note_id) == [("second",)]
    assert not (doc.path.parent / (doc.path.name + "-journal")).exists()
