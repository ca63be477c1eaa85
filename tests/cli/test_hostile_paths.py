"""Odd names and odd files where a board or JSON is expected: names whose bytes are not UTF-8,
a FIFO named like a board, a symbolic link loop. Each works or gets one clear line; none hangs."""
import os
import threading
from pathlib import Path

import pytest

from app.model import store
from app.model.document import Document
from tests.cli.test_cli import SAMPLE, fails, info_json, run
from tests.model.test_store import make_board

ODD = os.fsdecode(b"caf\xe9")  # Latin-1 "café": not UTF-8, so Python holds the byte as a surrogate


@pytest.fixture
def odd_folder(tmp_path):
    folder = tmp_path / f"{ODD} workshop"
    folder.mkdir()
    return folder


def test_new_info_and_export_work_in_a_folder_and_name_that_are_not_utf8(capsys, odd_folder):
    board = odd_folder / f"{ODD}.cjm"
    code, out, err = run(capsys, "new", board)
    assert code == 0, err
    assert "caf\N{REPLACEMENT CHARACTER}.cjm" in out  # shown, not crashed on
    assert info_json(capsys, board)["stages"]
    code, out, err = run(capsys, "export", board, "--json", odd_folder / f"{ODD}.json",
                         "--pdf", odd_folder / f"{ODD}.pdf")
    assert code == 0, err
    assert sorted(os.listdir(odd_folder)) == sorted([f"{ODD}.cjm", f"{ODD}.json", f"{ODD}.pdf"])


def test_import_to_and_from_names_that_are_not_utf8(capsys, odd_folder):
    source = odd_folder / f"{ODD}.json"
    source.write_bytes(SAMPLE.read_bytes())
    board = odd_folder / f"{ODD} board.cjm"
    code, out, err = run(capsys, "import", source, board)
    assert code == 0, err
    assert info_json(capsys, board)["notes"]["total"] == 36


def test_a_board_named_in_non_utf8_bytes_opens_for_editing(odd_folder):
    path = make_board(odd_folder / f"{ODD}.cjm")
    with Document.open(path) as doc:
        assert not doc.read_only
        doc.set_board_info(title="Edited")
    with Document.snapshot(path) as doc:
        assert doc.board.title == "Edited"


def test_a_refusal_names_a_non_utf8_file_readably(capsys, odd_folder):
    path = odd_folder / f"{ODD}.cjm"
    path.write_text("not a board")
    line = fails(capsys, "info", path, words=("“caf\N{REPLACEMENT CHARACTER}.cjm”", "not a Journey Wall board"))
    line.encode("utf-8")  # printable anywhere: no lone surrogate in it


def _finishes(call, seconds: float = 20):
    """Runs call in a thread; True when it returned (a FIFO open would block it forever)."""
    done = threading.Event()
    result = []

    def target():
        result.append(call())
        done.set()
    threading.Thread(target=target, daemon=True).start()
    return done.wait(seconds), result


@pytest.mark.parametrize("command", [("info",), ("export", "--json", "{out}")])
def test_a_fifo_named_like_a_board_is_refused_without_waiting(capsys, tmp_path, command):
    fifo = tmp_path / "x.cjm"
    os.mkfifo(fifo)
    args = [a.format(out=tmp_path / "out.json") for a in command]
    finished, _ = _finishes(lambda: run(capsys, args[0], fifo, *args[1:]))
    assert finished, "blocked on the FIFO"
    line = fails(capsys, args[0], fifo, *args[1:], words=("x.cjm", "pipe"))
    assert sorted(os.listdir(tmp_path)) == ["x.cjm"], line


def test_a_fifo_named_like_json_is_refused_without_waiting(capsys, tmp_path):
    fifo = tmp_path / "x.json"
    os.mkfifo(fifo)
    finished, _ = _finishes(lambda: run(capsys, "import", fifo, tmp_path / "new.cjm"))
    assert finished, "blocked on the FIFO"
    fails(capsys, "import", fifo, tmp_path / "new.cjm", words=("x.json", "pipe"))
    assert sorted(os.listdir(tmp_path)) == ["x.json"]


def test_a_fifo_is_refused_by_document_open(tmp_path):
    fifo = tmp_path / "x.cjm"
    os.mkfifo(fifo)

    def attempt():
        try:
            Document.open(fifo)
        except store.BoardFileError as error:
            return str(error)
    finished, result = _finishes(attempt)
    assert finished and "pipe" in result[0]


def test_a_symbolic_link_loop_gets_a_clear_message(capsys, tmp_path):
    loop = tmp_path / "loop.cjm"
    os.symlink(loop, loop)
    before = sorted(os.listdir(tmp_path))
    with pytest.raises(store.BoardFileError, match="link loop"):
        Document.open(loop)
    fails(capsys, "info", loop, words=("loop.cjm", "link loop"))
    fails(capsys, "new", loop, words=("loop.cjm",))
    assert sorted(os.listdir(tmp_path)) == before and os.readlink(loop) == str(loop)


def test_a_board_named_in_non_utf8_bytes_opens_in_a_window(qtbot, odd_folder):
    from app.ui.application import Boards
    path = make_board(odd_folder / f"{ODD}.cjm")
    window = Boards().open_path(str(path))
    qtbot.addWidget(window)
    assert window is not None and not window.doc.read_only
    assert "caf\N{REPLACEMENT CHARACTER}.cjm" in window.windowTitle()


def test_a_second_launch_hands_over_a_non_utf8_path(qtbot, odd_folder):
    from app.ui.application import Boards, hand_over_to_running_instance, listen_for_other_instances
    boards = Boards()
    server = listen_for_other_instances(boards)
    path = make_board(odd_folder / f"{ODD}.cjm")
    try:
        assert hand_over_to_running_instance(str(path))
        qtbot.waitUntil(lambda: boards.window_of(str(path)) is not None, timeout=5000)
        qtbot.addWidget(boards.window_of(str(path)))
    finally:
        server.close()


def test_names_are_shown_with_replacement_characters():
    assert store.shown(Path(f"/x/{ODD}.cjm")) == "/x/caf\N{REPLACEMENT CHARACTER}.cjm"
