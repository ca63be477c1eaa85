"""The empathy map beside the grid and in its panel: the same notes, drags, commands and undo."""
import pytest
from PySide6.QtCore import Qt

from app.model.document import Place
from app.model.entities import EMPATHY_SECTIONS

from .conftest import cell, cell_rect, drag, file_json, json_of, note_center, reveal, to_view, type_text


def section_spot(window, section):
    spot = window.scene.surface.spot_of(Place.empathy(section))
    assert spot is not None, f"{section} is not shown"
    return spot.rect


def add_by_double_click(qtbot, window, section, text):
    rect = section_spot(window, section)
    x, y = rect.x + rect.w - 25, rect.y + rect.h - 15
    reveal(window, x, y)
    qtbot.mouseDClick(window.view.viewport(), Qt.LeftButton, Qt.NoModifier, to_view(window, x, y))
    type_text(window.view, text)
    qtbot.keyClick(window.view, Qt.Key_Escape)


@pytest.mark.parametrize("layout, sections", [
    ("classic", ("says", "thinks", "does", "feels", "pains", "gains")),
    ("canvas", ("who", "goal", "sees", "says", "does", "hears", "thinks", "feels", "pains", "gains")),
])
def test_add_a_note_in_each_section_of_both_layouts(qtbot, window, layout, sections):
    window.empathy_classic() if layout == "classic" else window.empathy_canvas()
    for section in sections:
        add_by_double_click(qtbot, window, section, f"in {section}")
    for section in sections:
        assert [n.text for n in window.doc.notes_at(Place.empathy(section))] == [f"in {section}"]


def test_switching_layout_never_hides_or_drops_a_note(qtbot, window):
    doc = window.doc
    window.empathy_canvas()
    doc.add_notes(Place.empathy("sees"), [{"text": "billboards"}])
    doc.add_notes(Place.empathy("hears"), [{"text": "friends' advice"}])
    before = json_of(window)
    window.empathy_classic()
    shown = {window.scene.surface.boxes[n.id].place for n in doc.notes()}
    assert Place.empathy("sees") in shown and Place.empathy("hears") in shown  # as extra sections
    window.empathy_canvas()
    window.undo()
    window.undo()
    assert json_of(window) == before == file_json(window)


def test_drag_between_sections_moves(qtbot, window):
    note_id = window.doc.add_note(Place.empathy("says"), "Too pricey").result
    target = section_spot(window, "thinks")
    start = note_center(window, note_id)
    reveal(window, (start[0] + target.x) / 2, start[1])
    drag(qtbot, window, start, (target.x + 40, target.y + 60))
    assert [n.id for n in window.doc.notes_at(Place.empathy("thinks"))] == [note_id]
    assert window.doc.notes_at(Place.empathy("says")) == []


def drag_to_grid(qtbot, window, note_id, place, modifier=Qt.NoModifier):
    window.view.set_zoom(0.3)
    target = cell_rect(window, place)
    start = note_center(window, note_id)
    reveal(window, (start[0] + target.x) / 2, (start[1] + target.y) / 2)
    drag(qtbot, window, start, (target.x + 30, target.y + 30), modifier)


def test_drag_from_the_empathy_map_to_the_grid_copies_and_undo_removes_the_copy(qtbot, window):
    note_id = window.doc.add_note(Place.empathy("feels"), "Anxious about fees").result
    before = json_of(window)
    place = cell(window, 2, 3)  # the emotion lane takes notes too
    drag_to_grid(qtbot, window, note_id, place)
    copies = window.doc.notes_at(place)
    assert [n.text for n in copies] == ["Anxious about fees"] and copies[0].id != note_id
    assert window.doc.note(note_id).place == "empathy"
    window.undo()
    assert json_of(window) == before


def test_shift_drag_moves_to_the_grid_and_undo_moves_back(qtbot, window):
    note_id = window.doc.add_note(Place.empathy("pains"), "Setup takes days").result
    place = cell(window, 1, 4)
    drag_to_grid(qtbot, window, note_id, place, Qt.ShiftModifier)
    assert [n.id for n in window.doc.notes_at(place)] == [note_id]
    assert window.doc.notes_at(Place.empathy("pains")) == []
    window.undo()
    assert [n.id for n in window.doc.notes_at(Place.empathy("pains"))] == [note_id]


def test_the_panel_shows_the_empathy_map_and_walks_its_sections(qtbot, window):
    window.empathy_canvas()
    window.toggle_empathy_panel()
    panel = window.empathy_panel
    qtbot.waitExposed(panel)
    shown = panel.mapToScene(panel.viewport().rect()).boundingRect()
    empathy = window.scene.surface.empathy_rect
    assert shown.contains(empathy.x + 1, empathy.y + 1) and shown.contains(empathy.right - 1, empathy.bottom - 1)
    window.next_empathy_section()
    who = section_spot(window, "who")
    first = panel.mapToScene(panel.viewport().rect()).boundingRect()
    assert first.contains(who.x + who.w / 2, who.y + who.h / 2) and first.width() < shown.width()


def test_full_view_shows_only_the_empathy_map_and_goes_back(qtbot, window):
    zoom = window.view.zoom()
    window.toggle_empathy_full()
    shown = window.view.mapToScene(window.view.viewport().rect()).boundingRect()
    assert shown.left() > window.scene.layout.width  # no grid in sight
    window.toggle_empathy_full()
    assert window.view.zoom() == zoom


def test_every_section_id_is_known_to_the_layouts(window):
    for layout in ("classic", "canvas"):
        window.doc.set_board_info(empathy_layout=layout)
        window.doc.add_notes(Place.empathy("sees"), [{"text": "x"}])
        shown = {spot.place.section for spot in window.scene.surface.spots if spot.place.kind == "empathy"}
        assert shown <= set(EMPATHY_SECTIONS) and "sees" in shown
