"""Files from the window: Save As, Save a Copy, read-only boards, the running instance, menus."""
import subprocess
import sys
from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtGui import QContextMenuEvent
from PySide6.QtWidgets import QApplication, QMenu, QMessageBox

from app.model import drafts
from app.model.document import Document, Place
from app.model.templates import template
from app.ui.application import Boards, hand_over_to_running_instance, listen_for_other_instances

from .conftest import cell, drag, note_center, reveal, to_view

ROOT = Path(__file__).resolve().parents[2]


def answer_save_dialog(monkeypatch, path):
    monkeypatch.setattr("app.ui.main_window.QFileDialog.getSaveFileName", lambda *a, **k: (str(path), ""))


def test_save_as_moves_the_window_to_the_new_file(qtbot, window, tmp_path, monkeypatch):
    old = window.doc.path
    window.doc.add_note(cell(window, 0, 0), "before")
    answer_save_dialog(monkeypatch, tmp_path / "renamed")  # the suffix is added
    window.save_as()
    new = tmp_path / "renamed.cjm"
    assert window.doc.path == new and "renamed.cjm" in window.windowTitle()
    window.scene.run(lambda: window.doc.add_note(cell(window, 0, 0), "after"))
    with Document.snapshot(new) as copy:
        assert sorted(n.text for n in copy.notes()) == ["after", "before"]
    with Document.snapshot(old) as original:
        assert [n.text for n in original.notes()] == ["before"]


def test_save_a_copy_keeps_the_window_on_its_file(qtbot, window, tmp_path, monkeypatch):
    answer_save_dialog(monkeypatch, tmp_path / "copy.cjm")
    window.save_copy()
    window.scene.run(lambda: window.doc.add_note(cell(window, 0, 0), "only here"))
    assert window.doc.path.name == "board.cjm"
    with Document.snapshot(tmp_path / "copy.cjm") as copy:
        assert copy.notes() == []


def test_save_as_of_an_untitled_draft_moves_the_draft(qtbot, tmp_path, monkeypatch):
    doc = drafts.create_draft("blank", "Workshop")
    draft = doc.path
    window = Boards().show(doc)
    qtbot.addWidget(window)
    assert "untitled" in window.windowTitle()
    answer_save_dialog(monkeypatch, tmp_path / "workshop.cjm")
    window.save_as()
    assert not draft.exists() and (tmp_path / "workshop.cjm").exists()


def test_a_board_open_in_another_process_opens_read_only_with_a_banner(qtbot, tmp_path):
    path = tmp_path / "shared.cjm"
    Document.create(path).close()
    holder = subprocess.Popen(
        [sys.executable, "-c", "import sys; from app.model.document import Document; "
         "d = Document.open(sys.argv[1]); print('open', flush=True); sys.stdin.read()", str(path)],
        cwd=ROOT, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "open"
        window = Boards().open_path(str(path))
        qtbot.addWidget(window)
        assert window.doc.read_only and window.banner.isVisibleTo(window)
        assert "another Journey Wall window" in window.banner.text()
        assert not window.actions_by_id["delete"].isEnabled()
        assert window.actions_by_id["save_copy"].isEnabled()
    finally:
        holder.kill()
        holder.wait()


def test_a_second_launch_hands_the_board_to_the_running_instance(qtbot, tmp_path):
    boards = Boards()
    server = listen_for_other_instances(boards)
    path = tmp_path / "second.cjm"
    Document.create(path).close()
    try:
        assert hand_over_to_running_instance(str(path))
        qtbot.waitUntil(lambda: boards.window_of(str(path)) is not None, timeout=5000)
        window = boards.window_of(str(path))
        qtbot.addWidget(window)
        assert boards.open_path(str(path)) is window  # never a second, read-only window of it
        assert len(boards.windows) == 1
    finally:
        server.close()


def test_right_click_on_a_note_offers_its_actions(qtbot, window, monkeypatch):
    note_id = window.doc.add_note(cell(window, 0, 0), "menu").result
    shown = []

    def read_and_close_menu():
        menu = QApplication.activePopupWidget()
        if isinstance(menu, QMenu):
            shown.append([a.text() for a in menu.actions()])
            menu.close()
        else:
            QTimer.singleShot(20, read_and_close_menu)
    QTimer.singleShot(20, read_and_close_menu)
    reveal(window, *note_center(window, note_id))
    point = to_view(window, *note_center(window, note_id))
    QApplication.sendEvent(window.view.viewport(), QContextMenuEvent(QContextMenuEvent.Mouse, point,
                                                                       window.view.viewport().mapToGlobal(point)))
    assert shown and "&Delete" in shown[-1] and "&Tags and Owner…" in shown[-1]
    assert window.scene.selected_note_ids() == [note_id]


def test_the_shortcut_list_comes_from_the_action_table(qtbot, window, monkeypatch):
    from app.ui import dialogs
    seen = []
    monkeypatch.setattr(dialogs.ShortcutsDialog, "exec", lambda self: seen.append(
        self.findChild(dialogs.QTextBrowser).toPlainText()))
    window.show_shortcuts()
    assert "Ctrl+Z" in seen[0] and "Ctrl+F" in seen[0] and "Double-click an empty spot" in seen[0]


def test_parking_lot_takes_notes_and_gives_them_back(qtbot, window):
    note_id = window.doc.add_note(cell(window, 0, 0), "later").result
    parking = window.scene.layout.parking.rect
    reveal(window, parking.x + 200, parking.y)
    start = note_center(window, note_id)
    reveal(window, start[0], (start[1] + parking.y) / 2)
    window.view.set_zoom(0.5)
    drag(qtbot, window, start, (parking.x + 100, parking.y + 60))
    assert [n.id for n in window.doc.notes_at(Place.parking())] == [note_id]
    back = window.scene.layout.cells[0].rect
    drag(qtbot, window, note_center(window, note_id), (back.x + 30, back.y + 30))
    assert [n.id for n in window.doc.notes_at(cell(window, 0, 0))] == [note_id]


def test_the_timer_keys_on_a_read_only_board_say_why_and_change_nothing(qtbot, tmp_path, monkeypatch):
    # An exception out of a slot fails the test (pytest-qt); in the app it is the error dialog.
    dialogs = []
    for kind in ("critical", "warning", "information"):
        monkeypatch.setattr(QMessageBox, kind, lambda *args, kind=kind, **kw: dialogs.append(kind))
    path = tmp_path / "locked.cjm"
    Document.create(path, lambda d: template("current-state").apply(d)).close()
    before = path.read_bytes()
    window = Boards().show(Document.open(path, read_only=True))
    qtbot.addWidget(window)
    for action_id in ("timer_start", "timer_minute", "timer_next", "timer_reset"):
        window.statusBar().clearMessage()
        window.actions_by_id[action_id].trigger()
        assert "read-only" in window.statusBar().currentMessage(), action_id
    assert dialogs == []
    assert path.read_bytes() == before


def test_an_undo_that_an_edit_from_elsewhere_took_away_says_why(qtbot, window):
    place = cell(window, 0, 0)
    window.scene.run(lambda: window.doc.add_note(place, "mine"))
    mine = window.doc.notes_at(place)[-1].id
    window.scene.run(lambda: window.doc.edit_note(mine, text="mine, edited"))
    window.doc.delete_notes([mine])  # as a second laptop would: not on this window's undo stack
    window.actions_by_id["undo"].trigger()
    assert "Cannot undo" in window.statusBar().currentMessage()
    assert window.stack.count() == 1  # the step that can no longer be undone is gone
    assert not window.doc.has_note(mine)


def big_board(path, notes: int = 3_200) -> Path:
    def fill(doc):
        template("current-state").apply(doc)
        places = [Place.cell(s.id, lane.id) for s in doc.stages() for lane in doc.lanes()[:3]]
        for i, place in enumerate(places):
            doc.add_notes(place, [{"text": f"Research note {i}.{n} about the sign-up form"}
                                  for n in range(notes // len(places) + 1)])
    Document.create(path, fill).close()
    return path


def test_a_big_board_opens_while_the_event_loop_keeps_running(qtbot, tmp_path):
    path = big_board(tmp_path / "big.cjm")
    ticks = []
    timer = QTimer()
    timer.timeout.connect(lambda: ticks.append(1))
    timer.start(5)
    boards = Boards()
    window = boards.open_path(str(path))
    qtbot.addWidget(window)
    assert ticks  # the other windows, the timer, the projector's clock answered during the open
    opened = len(ticks)
    qtbot.waitUntil(lambda: len(window.scene.note_items) == len(window.doc.notes()) >= 3_200)
    timer.stop()
    assert len(ticks) > opened  # the last notes' items were made while the event loop ran


def test_a_long_open_can_be_cancelled_and_leaves_the_file_alone(qtbot, tmp_path, monkeypatch):
    from app.ui import board_opening
    monkeypatch.setattr(board_opening, "SHOW_AFTER_MS", 0)
    path = big_board(tmp_path / "big.cjm")
    before = path.read_bytes()
    cancelled = []

    def cancel():
        dialogs = [w for w in QApplication.topLevelWidgets() if w.isVisible() and w.inherits("QProgressDialog")]
        for dialog in dialogs:
            assert "laying out" in dialog.labelText() and "big.cjm" in dialog.labelText()
            dialog.cancel()
            cancelled.append(dialog)
    timer = QTimer()
    timer.timeout.connect(cancel)
    timer.start(1)
    boards = Boards()
    assert boards.open_path(str(path)) is None
    timer.stop()
    assert cancelled and boards.windows == []
    assert path.read_bytes() == before
    with Document.open(path) as again:  # not left locked or half open
        assert not again.read_only


def test_select_all_right_after_opening_a_big_board_selects_every_note(qtbot, tmp_path):
    window = Boards().open_path(str(big_board(tmp_path / "big.cjm")))
    qtbot.addWidget(window)
    assert len(window.scene.note_items) < len(window.doc.notes())  # the rest are still being made
    window.notes.select_all()
    assert len(window.scene.selected_note_ids()) == len(window.doc.notes())
