"""A disk that will not take a file (full, or a file size limit), and a board file that another
program deletes, renames or replaces while it is open: one clear message, nothing half
written, and the board as shown can still be saved elsewhere."""
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from app.model.document import BoardError, Document, Place
from tests.cli.test_cli import SAMPLE
from tests.model.test_store import ROOT, make_board

# Runs the command line, or a save, in a process whose files may not grow past a limit (as a
# full disk would stop them); the signal that would kill it is ignored, so writes fail instead.
LIMITED = """
import resource, signal, sys
signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
resource.setrlimit(resource.RLIMIT_FSIZE, (int(sys.argv[1]), resource.RLIM_INFINITY))
if sys.argv[2] == "save":
    from app.model.document import Document
    from app.model.store import BoardFileError
    with Document.open(sys.argv[4]) as doc:
        try:
            getattr(doc, sys.argv[3])(sys.argv[5])
        except BoardFileError as error:
            print(f"refused: {error}", file=sys.stderr)
            sys.exit(1)
    sys.exit(0)
from app.cli import main
sys.exit(main(sys.argv[2:]))
"""


def limited(limit: int, *args) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-c", LIMITED, str(limit), *map(str, args)], cwd=ROOT,
                          capture_output=True, text=True, timeout=120)


def assert_clear_refusal(result: subprocess.CompletedProcess) -> None:
    assert result.returncode == 1, result
    assert "Traceback" not in result.stderr and result.stderr.count("\n") == 1, result.stderr
    assert "the disk would not take it" in result.stderr and "Nothing was written" in result.stderr


@pytest.mark.parametrize("limit", [4_000, 40_000])
def test_new_on_a_disk_that_is_full_says_so_and_leaves_nothing(tmp_path, limit):
    assert_clear_refusal(limited(limit, "new", tmp_path / "new.cjm"))
    assert os.listdir(tmp_path) == []


def test_import_on_a_disk_that_is_full_says_so_and_leaves_nothing(tmp_path):
    assert_clear_refusal(limited(30_000, "import", SAMPLE, tmp_path / "imported.cjm"))
    assert os.listdir(tmp_path) == []


@pytest.mark.parametrize("how", ["save_copy", "save_as"])
def test_save_a_copy_or_save_as_on_a_full_disk_leaves_the_board_and_no_copy(tmp_path, how):
    board = make_board(tmp_path / "board.cjm", notes=300)
    before = board.read_bytes()
    (tmp_path / "copies").mkdir()
    result = limited(board.stat().st_size // 2, "save", how, board, tmp_path / "copies" / "copy.cjm")
    assert result.returncode == 1 and result.stderr.startswith("refused: Cannot write “copy.cjm”"), result.stderr
    assert "the disk would not take it" in result.stderr
    assert board.read_bytes() == before and os.listdir(tmp_path / "copies") == []


def _delete(path: Path) -> None:
    path.unlink()


def _rename(path: Path) -> None:
    path.rename(path.with_name("elsewhere.cjm"))


def _replace(path: Path) -> None:
    shutil.copy(path, path.with_name("other.cjm"))
    os.replace(path.with_name("other.cjm"), path)


@pytest.mark.parametrize("happen, words", [(_delete, "was deleted"), (_rename, "was renamed or moved"),
                                           (_replace, "was replaced by another file")])
def test_a_board_file_taken_away_while_open_says_what_happened(tmp_path, happen, words):
    doc = Document.open(make_board(tmp_path / "board.cjm"))
    try:
        happen(doc.path)
        with pytest.raises(BoardError) as caught:  # a BoardError: the window reports it as a refusal
            doc.add_note(Place.parking(), "after")
        assert f"“board.cjm” {words} while it was open here" in str(caught.value)
        assert "Save As" in str(caught.value)
        doc.save_as(tmp_path / "rescued.cjm")  # what the window showed is kept
        doc.add_note(Place.parking(), "rescued")
    finally:
        doc.close()
    with Document.snapshot(tmp_path / "rescued.cjm") as rescued:
        assert [n.text for n in rescued.notes_at(Place.parking())] == ["rescued"]
        assert len(rescued.notes()) == 4


def test_stray_temporary_files_of_a_killed_write_are_removed_on_the_next_open(tmp_path):
    board = make_board(tmp_path / "board.cjm")
    strays = [".board.cjm.k1ll3d_x.tmp", ".board.cjm.k1ll3d_x.tmp-journal", ".import.cjm.0123abcd.tmp"]
    for name in strays:
        (tmp_path / name).write_bytes(b"half a board")
    (tmp_path / ".notes.txt").write_text("mine")  # not one of ours: stays
    busy = tmp_path / ".other.cjm.busy0000.tmp"  # being written by a live process right now
    busy.write_bytes(b"")
    holder = os.open(busy, os.O_RDONLY)
    try:
        import fcntl
        fcntl.flock(holder, fcntl.LOCK_EX)
        with Document.snapshot(board):  # reading changes nothing in the folder
            pass
        assert all((tmp_path / name).exists() for name in strays)
        with Document.open(board) as doc:
            assert sorted(doc.file.cleaned) == sorted(strays)
        assert sorted(os.listdir(tmp_path)) == sorted([".notes.txt", busy.name, "board.cjm"])
    finally:
        os.close(holder)


def test_a_killed_import_leaves_a_stray_that_the_next_open_removes(tmp_path):
    board = make_board(tmp_path / "board.cjm")
    script = ("import os, sys\nfrom app.model import store\n"
              "def die(tmp):\n    tmp.write_bytes(b'half')\n    os._exit(9)\n"
              "store.write_atomically(store.Path(sys.argv[1]), die, replace=False)\n")
    result = subprocess.run([sys.executable, "-c", script, str(tmp_path / "imported.cjm")], cwd=ROOT)
    assert result.returncode == 9
    [stray] = [n for n in os.listdir(tmp_path) if n.endswith(".tmp")]
    with Document.open(board) as doc:
        assert doc.file.cleaned == (stray,)
    assert os.listdir(tmp_path) == ["board.cjm"]
