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
