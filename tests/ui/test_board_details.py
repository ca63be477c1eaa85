"""Board › Board Details…: the facilitator edits the title, map type, goal, date and participants."""
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QComboBox, QDialogButtonBox, QLineEdit, QPlainTextEdit

from app.model.document import Document

from .conftest import to_view, type_text


def fill_and_press_ok(fill) -> None:
    """Fills the dialog that opens next, then presses its OK button."""
    from app.ui.board_details_dialog import BoardDetailsDialog

    def run() -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, BoardDetailsDialog):
            QTimer.singleShot(20, run)
            return
        fill(dialog)
        dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.Ok).click()
    QTimer.singleShot(0, run)


def retype(widget, text: str) -> None:
    widget.setFocus()
    widget.selectAll()
    type_text(widget, text)


def test_double_click_on_the_title_edits_the_board_details_in_one_undo_step(qtbot, window):
    doc = window.doc
    before = (doc.board.title, doc.board.map_type, doc.board.goal, doc.board.date, doc.board.participants)

    def fill(dialog) -> None:
        retype(dialog.findChild(QLineEdit, "title"), "Renewal journey of Zoë")
        combo = dialog.findChild(QComboBox, "map_type")
        combo.setCurrentIndex(combo.findData("churn-renewal"))
        retype(dialog.findChild(QPlainTextEdit, "goal"), "Why small agencies renew, or leave, in month 11.")
        retype(dialog.findChild(QLineEdit, "date"), "3 December 2026")
        retype(dialog.findChild(QPlainTextEdit, "participants"), "Zoë Müller\nBen\n\n")
    fill_and_press_ok(fill)
    title = window.scene.layout.title
    window.view.centerOn(title.x + 40, title.y + title.h / 2)
    qtbot.mouseDClick(window.view.viewport(), Qt.LeftButton, pos=to_view(window, title.x + 40, title.y + title.h / 2))
    with Document.snapshot(doc.path) as fresh:  # what the file says now
        board = fresh.board
        assert (board.title, board.map_type, board.goal, board.date, board.participants) == (
            "Renewal journey of Zoë", "churn-renewal", "Why small agencies renew, or leave, in month 11.",
            "3 December 2026", ["Zoë Müller", "Ben"])
    assert window.windowTitle().startswith("Renewal journey of Zoë")
    assert window.scene.layout.title_text.lines[0].startswith("Renewal journey")
    window.undo()  # one step takes all of it back
    assert (doc.board.title, doc.board.map_type, doc.board.goal, doc.board.date, doc.board.participants) == before


def test_the_board_menu_offers_details_and_an_empty_title_is_refused_with_a_message(qtbot, window):
    from app.ui.board_details_dialog import BoardDetailsDialog
    action = window.actions_by_id["board_details"]
    assert action in window.menus["Board"].actions() and action.isVisible()
    dialog = BoardDetailsDialog(window.doc, window)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.title.clear()
    dialog.accept()
    assert dialog.isVisible() and dialog.problem.text() == "The board needs a title."
    assert dialog.changed_fields()["title"] == ""
    assert window.doc.board.title == "Current-state journey"  # nothing written
