"""The keyboard model, one rule: arrows move the cell focus (between notes while a note is
selected), Enter or N adds a note to the focused cell, F2 edits the selected note, Escape ends
the editing and the selection; a click moves the focus; Shift-click adds to the selection."""
from PySide6.QtCore import Qt

from .conftest import cell, cell_rect, note_center, reveal, to_view, type_text


def texts(window, stage: int, lane: int) -> list[str]:
    return [n.text for n in window.doc.notes_at(cell(window, stage, lane))]


def test_a_keyboard_only_session(qtbot, window):
    view = window.view
    view.setFocus()
    window.scene.set_focused_cell(cell(window, 0, 0))
    qtbot.keyClick(view, Qt.Key_Return)  # a new note in the focused cell
    type_text(view, "first")
    qtbot.keyClick(view, Qt.Key_Escape)
    assert window.scene.selected_note_ids() == []  # Escape ends the note and its selection
    qtbot.keyClick(view, Qt.Key_Right)  # so the arrows move between cells again
    assert window.scene.focused_cell == cell(window, 1, 0)
    qtbot.keyClick(view, Qt.Key_Return)
    type_text(view, "second")
    qtbot.keyClick(view, Qt.Key_Escape)
    qtbot.keyClick(view, Qt.Key_Return)  # Enter adds another note; it never appends to one
    type_text(view, "third")
    qtbot.keyClick(view, Qt.Key_Escape)
    assert texts(window, 0, 0) == ["first"] and texts(window, 1, 0) == ["second", "third"]
    qtbot.keyClick(view, Qt.Key_Z, Qt.ControlModifier)  # "third" goes
    assert texts(window, 1, 0) == ["second"] and window.scene.selected_note_ids() == []
    qtbot.keyClick(view, Qt.Key_Delete)  # nothing selected after the undo: no other note is hit
    assert texts(window, 1, 0) == ["second"]
    qtbot.keyClick(view, Qt.Key_Down)
    qtbot.keyClick(view, Qt.Key_N)
    type_text(view, "fourth")
    qtbot.keyClick(view, Qt.Key_Escape)
    assert texts(window, 1, 1) == ["fourth"]


def test_a_click_moves_the_cell_focus_and_enter_adds_there(qtbot, window):
    view = window.view
    target = cell(window, 2, 1)
    rect = cell_rect(window, target)
    reveal(window, rect.x + rect.w / 2, rect.y + rect.h / 2)
    qtbot.mouseClick(view.viewport(), Qt.LeftButton, pos=to_view(window, rect.x + rect.w - 20, rect.y + rect.h - 10))
    assert window.scene.focused_cell == target
    qtbot.keyClick(view, Qt.Key_Return)
    type_text(view, "clicked here")
    qtbot.keyClick(view, Qt.Key_Escape)
    assert texts(window, 2, 1) == ["clicked here"]


def test_shift_click_adds_a_note_to_the_selection(qtbot, window):
    ids = window.doc.add_notes(cell(window, 0, 0), [{"text": "one"}, {"text": "two"}, {"text": "three"}]).result
    reveal(window, *note_center(window, ids[1]))
    viewport = window.view.viewport()
    qtbot.mouseClick(viewport, Qt.LeftButton, pos=to_view(window, *note_center(window, ids[0])))
    qtbot.mouseClick(viewport, Qt.LeftButton, Qt.ShiftModifier, to_view(window, *note_center(window, ids[2])))
    assert sorted(window.scene.selected_note_ids()) == sorted([ids[0], ids[2]])
    qtbot.mouseClick(viewport, Qt.LeftButton, Qt.ShiftModifier, to_view(window, *note_center(window, ids[2])))
    assert window.scene.selected_note_ids() == [ids[0]]  # again: it leaves the selection
