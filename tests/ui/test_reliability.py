"""The window when its board file is in trouble, after a crash, and on a second launch."""
from app.model import store
from app.model.document import Document, Place


def test_the_window_offers_save_as_when_its_file_was_deleted(qtbot, window, tmp_path, monkeypatch):
    from PySide6.QtWidgets import QMessageBox
    shown = []
    monkeypatch.setattr(QMessageBox, "warning", lambda parent, title, text, *a: shown.append(text) or QMessageBox.Save)
    monkeypatch.setattr("app.ui.main_window.QFileDialog.getSaveFileName",
                        lambda *a, **k: (str(tmp_path / "saved.cjm"), ""))
    window.doc.add_note(Place.parking(), "kept")
    window.doc.path.unlink()
    window.scene.run(lambda: window.doc.add_note(Place.parking(), "lost"))
    assert len(shown) == 1 and "was deleted while it was open here" in shown[0]
    assert window.doc.path == tmp_path / "saved.cjm" and not window.doc.read_only
    with Document.snapshot(tmp_path / "saved.cjm") as saved:
        assert [n.text for n in saved.notes_at(Place.parking())] == ["kept"]
    assert store.shown(window.doc.path.name) in window.windowTitle()


def test_the_window_says_it_removed_stray_temporary_files(qtbot, tmp_path):
    from app.ui.application import Boards
    from tests.model.test_store import make_board
    board = make_board(tmp_path / "board.cjm")
    (tmp_path / ".board.cjm.abcd1234.tmp").write_bytes(b"half")
    window = Boards().open_path(str(board))
    qtbot.addWidget(window)
    message = window.statusBar().currentMessage()
    assert "Removed 1 unfinished temporary file" in message and ".board.cjm.abcd1234.tmp" in message


def _start_a_new_note(window):
    from tests.ui.conftest import cell
    place = cell(window, 0, 0)
    window.scene.editing.add_note(place)
    return place, window.scene.editing.editor


def test_text_typed_in_the_note_editor_is_in_the_file_within_a_second(qtbot, window):
    from tests.ui.conftest import file_json
    place, editor = _start_a_new_note(window)
    qtbot.keyClicks(window.view.viewport(), "Checkout takes too long")
    assert window.scene.editing.active  # still typing: nothing has ended the editing
    qtbot.waitUntil(lambda: "Checkout takes too long" in file_json(window), timeout=1000)


def _window_to_crash(qtbot, tmp_path):
    """A window the test closes itself, as if its process had died: the editor says nothing."""
    from app.model.templates import template
    from app.ui.application import Boards
    window = Boards().show(Document.create(tmp_path / "board.cjm", lambda d: template("current-state").apply(d)))
    qtbot.waitExposed(window)
    return window


def _crash(qtbot, window):
    window.scene.editing.editor.signals.blockSignals(True)
    window.close()
    qtbot.waitUntil(lambda: not store._open_in_this_process)


def test_an_empty_new_note_left_by_a_crash_is_gone_after_a_restart(qtbot, tmp_path):
    from app.ui.application import Boards
    window = _window_to_crash(qtbot, tmp_path)
    path = window.doc.path
    place, editor = _start_a_new_note(window)
    new_id = window.doc.notes_at(place)[-1].id
    # A crash: the process ends with the editor open on the empty note, which is in the file.
    with Document.snapshot(path) as crashed:
        assert crashed.has_note(new_id) and crashed.note(new_id).text == ""
    _crash(qtbot, window)
    again = Boards().open_path(str(path))
    qtbot.addWidget(again)
    assert not again.doc.has_note(new_id)
    with Document.snapshot(path) as restarted:
        assert not restarted.has_note(new_id)
    assert again.stack.count() == 0  # the clean-up is no step to undo


def test_a_new_note_that_got_text_before_a_crash_survives_the_restart(qtbot, tmp_path):
    from app.ui.application import Boards
    window = _window_to_crash(qtbot, tmp_path)
    path = window.doc.path
    place, editor = _start_a_new_note(window)
    new_id = window.doc.notes_at(place)[-1].id
    qtbot.keyClicks(window.view.viewport(), "kept")
    qtbot.waitUntil(lambda: window.doc.note(new_id).text == "kept", timeout=1000)
    _crash(qtbot, window)
    again = Boards().open_path(str(path))
    qtbot.addWidget(again)
    assert again.doc.note(new_id).text == "kept"


def test_a_launch_on_another_display_starts_its_own_window_and_one_on_the_same_hands_over(
        qtbot, tmp_path, monkeypatch, capsys):
    from app.ui.application import Boards, hand_over_to_running_instance, listen_for_other_instances
    from tests.model.test_store import make_board
    path = make_board(tmp_path / "board.cjm")
    monkeypatch.setenv("DISPLAY", ":1")
    boards = Boards()
    server = listen_for_other_instances(boards)
    try:
        monkeypatch.setenv("DISPLAY", ":2")  # the same user, logged in on a second screen
        assert not hand_over_to_running_instance(str(path))  # so this launch starts normally
        assert boards.windows == []
        monkeypatch.setenv("DISPLAY", ":1")
        assert hand_over_to_running_instance(str(path))
        assert "already running on this display; the board was opened there" in capsys.readouterr().err
        qtbot.waitUntil(lambda: boards.window_of(str(path)) is not None, timeout=5000)
        qtbot.addWidget(boards.window_of(str(path)))
    finally:
        server.close()


def test_text_typed_without_a_pause_is_in_the_file_within_a_second(qtbot, window):
    from PySide6.QtCore import QTimer
    from tests.ui.conftest import file_json
    _start_a_new_note(window)
    keys = iter("a steady typist never pauses long enough for a debounce alone" * 2)
    typist = QTimer()
    typist.setInterval(100)  # a key every 0.1 s: always sooner than the pause that saves
    typist.timeout.connect(lambda: qtbot.keyClick(window.view.viewport(), next(keys, " ")))
    typist.start()
    try:
        qtbot.waitUntil(lambda: "a steady" in file_json(window), timeout=2500)
        assert typist.isActive() and window.scene.editing.active  # saved while the typing went on
    finally:
        typist.stop()


def test_file_history_lists_copies_and_restores_one_as_an_undo_step(qtbot, window, monkeypatch):
    from app.model import history
    from app.ui.history_dialog import HistoryDialog
    lanes = [lane.name for lane in window.doc.lanes()]
    assert history.snapshots(window.doc.path)  # the window kept one as it opened
    window.scene.run(lambda: window.doc.delete_lane(window.doc.lanes()[0].id))
    shown = []

    def choose_the_newest(dialog):
        shown.append([dialog.list.item(i).text() for i in range(dialog.list.count())])
        dialog.restore_button.click()
    monkeypatch.setattr(HistoryDialog, "exec", choose_the_newest)
    window.actions_by_id["board_history"].trigger()
    assert len(shown[0]) == 1 and shown[0][0].endswith("— 0 notes")
    assert [lane.name for lane in window.doc.lanes()] == lanes
    window.actions_by_id["undo"].trigger()
    assert len(window.doc.lanes()) == len(lanes) - 1


def test_file_history_opens_a_copy_read_only_in_its_own_window(qtbot, window, monkeypatch):
    from app.ui.history_dialog import HistoryDialog
    monkeypatch.setattr(HistoryDialog, "exec", lambda dialog: dialog.open_button.click())
    window.actions_by_id["board_history"].trigger()
    [copy] = [w for w in window.boards.windows if w is not window]
    qtbot.addWidget(copy)
    assert copy.doc.read_only and len(copy.doc.lanes()) == len(window.doc.lanes())
