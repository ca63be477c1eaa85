"""What a facilitator sees first: where windows open, and a hint on an empty board."""
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication

from app.model.document import Document
from app.model.templates import template


def test_a_second_board_window_stays_on_the_screen(qtbot, window, tmp_path):
    area = QApplication.primaryScreen().availableGeometry()
    QSettings().setValue("window/geometry", window.saveGeometry())  # what closing the first one keeps
    window.move(area.topLeft())
    second = window.boards.show(Document.create(tmp_path / "second.cjm", lambda d: template("blank").apply(d)))
    qtbot.addWidget(second)
    qtbot.waitExposed(second)
    assert area.contains(second.frameGeometry()), (area, second.frameGeometry())
    assert second.height() <= area.height() - 40  # room for a window manager's title bar above it
    assert second.pos() != window.pos()  # a step aside, not exactly over the first


def test_an_empty_board_says_what_to_do_and_a_toolbar_offers_the_first_steps(qtbot, window):
    from PySide6.QtWidgets import QToolBar
    from .conftest import cell
    hint = window.start_hint
    assert window.doc.notes() == [] and hint.isVisible() and "Double-click a cell to add a note" in hint.text()
    assert window.view.rect().contains(hint.geometry())
    bar = window.findChild(QToolBar)
    assert bar is not None and bar.isVisible()
    texts = [a.text().replace("&", "") for a in bar.actions()]
    assert {"New Note", "Add Stage", "Present", "Start Voting Round…", "Undo"} <= set(texts)
    window.doc.add_note(cell(window, 0, 0), "the first note")
    assert not hint.isVisible()


def test_a_seven_stage_board_opens_with_every_stage_in_view_on_a_laptop_window(qtbot, tmp_path):
    from app.model.interchange import import_file
    from app.ui.application import Boards
    win = Boards().show(import_file("resources/samples/paige-saas.json", tmp_path / "sample.cjm"))
    qtbot.addWidget(win)
    win.resize(1350, 700)  # a 1366 x 768 screen, less the window's frame
    qtbot.waitExposed(win)
    win.view.show_start()
    last = win.scene.layout.stages[-1].column
    shown = win.view.mapToScene(win.view.viewport().rect()).boundingRect()
    assert shown.left() <= 0 and shown.right() >= last.right  # Advocacy too
    assert win.view.zoom() * 12 >= 6  # and the smallest note text is drawn as text, not bars
