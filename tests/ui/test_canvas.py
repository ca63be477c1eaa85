"""The journey canvas driven like a user would: mouse, keyboard, menus; checked in the file."""
from PySide6.QtCore import QEvent, QMimeData, QPoint, QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QKeyEvent
from PySide6.QtWidgets import QApplication, QMessageBox

from app.model.document import Place
from app.model.entities import LaneKind

from .conftest import (
    cell, cell_rect, drag, file_json, json_of, note_center, reveal, to_view, type_text,
)


def double_click_empty_spot(qtbot, window, place):
    rect = cell_rect(window, place)
    x, y = rect.x + rect.w - 30, rect.y + rect.h - 20
    reveal(window, x, y)
    qtbot.mouseDClick(window.view.viewport(), Qt.LeftButton, Qt.NoModifier, to_view(window, x, y))


def editor_of(window):
    assert window.scene.editing.editor is not None, "no note is being edited"
    return window.scene.editing.editor


def test_double_click_creates_a_note_and_typing_reaches_the_file(qtbot, window):
    before = file_json(window)
    place = cell(window, 1, 0)
    double_click_empty_spot(qtbot, window, place)
    type_text(window.view, "Compares prices ✓")
    qtbot.waitUntil(lambda: [n.text for n in window.doc.notes()] == ["Compares prices ✓"], timeout=3000)
    assert "Compares prices ✓" in file_json(window)  # saved while typing, before editing ends
    qtbot.keyClick(window.view, Qt.Key_Escape)
    assert window.scene.editing.editor is None
    notes = window.doc.notes_at(place)
    assert [n.text for n in notes] == ["Compares prices ✓"]
    assert window.stack.count() == 1  # creating and typing are one undo step
    window.stack.undo()
    assert window.doc.notes() == [] and file_json(window) == before


def test_keys_go_to_the_text_while_editing(qtbot, window):
    double_click_empty_spot(qtbot, window, cell(window, 0, 0))
    view = window.view  # keys go to the focused widget, as a real keyboard's do
    type_text(view, "Step 1")
    qtbot.keyClick(view, Qt.Key_2)  # also the shortcut for "colour blue"
    qtbot.keyClick(view, Qt.Key_N)  # also the shortcut for "new note"
    qtbot.keyClick(view, Qt.Key_Backspace)
    qtbot.keyClick(view, Qt.Key_Escape)
    [note] = window.doc.notes()
    assert note.text == "Step 12" and note.color is None
    assert window.isVisible()


def test_an_empty_new_note_disappears_and_leaves_no_undo_step(qtbot, window):
    double_click_empty_spot(qtbot, window, cell(window, 0, 0))
    editor_of(window)
    qtbot.keyClick(window.view, Qt.Key_Escape)
    assert window.doc.notes() == []
    assert window.stack.count() == 0


def test_tab_creates_the_next_note_in_the_same_cell(qtbot, window):
    place = cell(window, 2, 1)
    double_click_empty_spot(qtbot, window, place)
    view = window.view
    type_text(view, "first")
    # A real Tab reaches the scene as focus navigation (QGraphicsView sends it there), not as a
    # key press of the editor; send it the way the view does.
    QApplication.sendEvent(window.scene, QKeyEvent(QEvent.KeyPress, Qt.Key_Tab, Qt.NoModifier))
    type_text(view, "second")
    qtbot.keyClick(view, Qt.Key_Escape)
    assert [n.text for n in window.doc.notes_at(place)] == ["first", "second"]


def test_drag_a_note_to_another_cell(qtbot, window):
    source, target = cell(window, 0, 0), cell(window, 1, 1)
    note_id = window.doc.add_note(source, "Reads reviews").result
    start = note_center(window, note_id)
    rect = cell_rect(window, target)
    end = (rect.x + 40, rect.y + 40)
    reveal(window, (start[0] + end[0]) / 2, (start[1] + end[1]) / 2)
    drag(qtbot, window, start, end)
    assert [n.id for n in window.doc.notes_at(target)] == [note_id]
    assert '"stage_id": %d' % target.stage_id in file_json(window)
    # the note now sits under the mouse where it was dropped, in the cell's first slot
    landed = window.scene.note_item_at(window.view.mapToScene(to_view(window, *end)))
    assert landed is not None and landed.note_id == note_id
    window.stack.undo()
    assert [n.id for n in window.doc.notes_at(source)] == [note_id]


def test_drag_several_selected_notes_is_one_undo_step(qtbot, window):
    source, target = cell(window, 0, 0), cell(window, 1, 0)
    ids = window.doc.add_notes(source, [{"text": t} for t in ("a", "b", "c")]).result
    before = json_of(window)
    viewport = window.view.viewport()
    reveal(window, *note_center(window, ids[0]))
    qtbot.mouseClick(viewport, Qt.LeftButton, Qt.NoModifier, to_view(window, *note_center(window, ids[0])))
    qtbot.mouseClick(viewport, Qt.LeftButton, Qt.ControlModifier, to_view(window, *note_center(window, ids[2])))
    assert window.scene.selected_note_ids() == [ids[0], ids[2]]
    rect = cell_rect(window, target)
    drag(qtbot, window, note_center(window, ids[2]), (rect.x + 30, rect.y + 30))
    assert [n.id for n in window.doc.notes_at(target)] == [ids[0], ids[2]]
    assert [n.id for n in window.doc.notes_at(source)] == [ids[1]]
    assert window.stack.count() == 1
    window.stack.undo()
    assert json_of(window) == before == file_json(window)


def test_drag_within_a_cell_reorders(qtbot, window):
    place = cell(window, 0, 0)
    ids = window.doc.add_notes(place, [{"text": t} for t in ("a", "b", "c")]).result
    first = window.scene.layout.notes[ids[0]].rect
    reveal(window, first.x, first.y)
    drag(qtbot, window, note_center(window, ids[2]), (first.x + 5, first.y + 10))
    assert [n.text for n in window.doc.notes_at(place)] == ["c", "a", "b"]


def test_every_kind_of_edit_undoes_back_to_the_original(qtbot, window):
    doc = window.doc
    original = json_of(window)
    place = cell(window, 0, 0)
    scene = window.scene
    note_id = scene.run(lambda: doc.add_note(place, "x")).result
    scene.run(lambda: doc.edit_note(note_id, text="y"))
    scene.run(lambda: doc.recolor_notes([note_id], "#A5D6A7"))
    scene.run(lambda: doc.move_notes([note_id], cell(window, 2, 2)))
    scene.run(lambda: doc.set_emotion(doc.lanes()[3].id, doc.stages()[0].id, 2))
    scene.run(lambda: doc.rename_stage(doc.stages()[0].id, "Discover"))
    scene.run(lambda: doc.delete_lane(doc.lanes()[0].id))
    window.select_all = None
    scene.select_notes([note_id])
    window.notes.duplicate()
    window.notes.delete()
    while window.stack.canUndo():
        window.undo()
    assert json_of(window) == original == file_json(window)
    while window.stack.canRedo():
        window.redo()
    assert len(doc.lanes()) == 5 and doc.stages()[0].name == "Discover"


def test_number_keys_recolour_and_delete_removes(qtbot, window):
    ids = window.doc.add_notes(cell(window, 0, 0), [{"text": "a"}, {"text": "b"}]).result
    window.scene.select_notes(ids)
    window.view.setFocus()
    qtbot.keyClick(window.view, Qt.Key_3)
    assert {window.doc.note(i).color for i in ids} == {"#A5D6A7"}
    qtbot.keyClick(window.view, Qt.Key_Delete)
    assert window.doc.notes() == []


def test_rename_a_stage_by_double_clicking_its_header(qtbot, window):
    stage = window.doc.stages()[1]
    header = next(s.header for s in window.scene.layout.stages if s.stage_id == stage.id)
    reveal(window, header.x + header.w / 2, header.y + 200)
    viewport = window.view.viewport()
    qtbot.mouseDClick(viewport, Qt.LeftButton, Qt.NoModifier, to_view(window, header.x + 30, header.y + 20))
    editor_of(window)
    type_text(window.view, "Compare")  # the old name is selected, so typing replaces it
    qtbot.keyClick(window.view, Qt.Key_Return)
    assert window.doc.stage(stage.id).name == "Compare"


def test_reorder_stages_by_dragging_a_header(qtbot, window):
    first = window.scene.layout.stages[0]
    third = window.scene.layout.stages[2]
    moved_id = first.stage_id
    reveal(window, third.header.x, third.header.y + 200)
    drag(qtbot, window, (first.header.x + 60, first.header.y + 20),
         (third.header.x + third.header.w - 20, third.header.y + 20))
    assert [s.id for s in window.doc.stages()].index(moved_id) == 2


def test_zoom_to_fit_glides_to_the_whole_board_then_draws_text_crisp(qtbot, window, monkeypatch):
    from app.ui import board_view
    monkeypatch.setattr(board_view, "QUICK_MS", 0.0)  # a busy board: text as bars on the way
    view = window.view
    zooms = []
    view.zoom_changed.connect(zooms.append)
    window.zoom_fit()
    assert view.min_text_px == float("inf")  # text as bars while it glides
    qtbot.waitUntil(lambda: not view.glide.running(), timeout=2000)
    layout = window.scene.layout
    shown = view.mapToScene(view.viewport().rect()).boundingRect()
    assert shown.contains(QRectF(0, 0, layout.width, layout.height))
    assert view.zoom() < 1.0
    assert len(zooms) > 2 and zooms == sorted(zooms, reverse=True)  # frames on the way, zooming out
    assert view.min_text_px == 0.0  # crisp where it ends
    fitted = view.zoom()
    window.zoom_in()
    window.zoom_in()  # a second step before the first ends goes on from where the first ends
    qtbot.waitUntil(lambda: not view.glide.running(), timeout=2000)
    assert abs(view.zoom() - fitted * 1.25 ** 2) < 1e-9
    window.zoom_100()
    qtbot.waitUntil(lambda: not view.glide.running(), timeout=2000)
    assert view.zoom() == 1.0
    window.zoom_fit()
    window.zoom_in()  # before the fit ends: it goes on from the fit's end, centred on the board
    qtbot.waitUntil(lambda: not view.glide.running(), timeout=2000)
    assert abs(view.zoom() - fitted * 1.25) < 0.01
    middle, board = view.visible_center(), window.scene.sceneRect().center()  # the grid and the empathy map
    from PySide6.QtWidgets import QStyle
    bar = view.style().pixelMetric(QStyle.PM_ScrollBarExtent) / view.zoom()  # the scroll bars that came
    assert abs(middle.x() - board.x()) < bar and abs(middle.y() - board.y()) < bar


def test_drag_an_emotion_face_sets_the_score(qtbot, window):
    lane = next(lane for lane in window.doc.lanes() if lane.kind == LaneKind.EMOTION)
    stage = window.doc.stages()[1]
    handle = next(h for h in window.scene.emotion_items if (h.lane_id, h.stage_id) == (lane.id, stage.id))
    row = next(b.row for b in window.scene.layout.lanes if b.lane_id == lane.id)
    reveal(window, handle.x(), row.y + row.h / 2)
    drag(qtbot, window, (handle.x(), handle.y()), (handle.x(), row.y + 5))
    assert window.doc.emotion(lane.id, stage.id) == 2
    window.stack.undo()
    assert window.doc.emotion(lane.id, stage.id) is None


def test_paste_multi_line_text_makes_one_note_per_line(qtbot, window):
    place = cell(window, 3, 4)
    window.scene.set_focused_cell(place)
    data = QMimeData()
    data.setText("Slow delivery\n\n  Hidden fees \nNo tracking")
    QApplication.clipboard().setMimeData(data)
    window.notes.paste()
    assert [n.text for n in window.doc.notes_at(place)] == ["Slow delivery", "Hidden fees", "No tracking"]
    window.scene.select_notes([n.id for n in window.doc.notes_at(place)][:2])
    window.notes.copy()
    assert QApplication.clipboard().text() == "Slow delivery\nHidden fees"
    window.scene.select_notes([])
    window.scene.set_focused_cell(Place.parking())
    window.notes.paste()
    assert [n.text for n in window.doc.notes_at(Place.parking())] == ["Slow delivery", "Hidden fees"]


def test_keyboard_focus_moves_between_cells_and_enter_adds_a_note(qtbot, window):
    view = window.view
    view.setFocus()
    window.scene.set_focused_cell(cell(window, 0, 0))
    qtbot.keyClick(view, Qt.Key_Right)
    qtbot.keyClick(view, Qt.Key_Down)
    assert window.scene.focused_cell == cell(window, 1, 1)
    qtbot.keyClick(view, Qt.Key_Return)
    type_text(view, "from the keyboard")
    qtbot.keyClick(view, Qt.Key_Escape)
    assert [n.text for n in window.doc.notes_at(cell(window, 1, 1))] == ["from the keyboard"]


def test_search_highlights_matches_and_steps_through_them(qtbot, window):
    ids = window.doc.add_notes(cell(window, 0, 0), [{"text": "Checkout fails"}, {"text": "Login"},
                                                      {"text": "checkout slow"}]).result
    window.find()
    type_text(window.search.field, "checkout")
    assert [window.scene.note_items[i].highlighted for i in ids] == [True, False, True]
    window.find_next()
    window.find_next()
    assert window.scene.selected_note_ids() == [ids[2]]
    window.search.close_bar()
    assert not any(item.highlighted for item in window.scene.note_items.values())


def test_opening_a_bad_file_from_the_menu_shows_the_message(qtbot, window, tmp_path, monkeypatch):
    bad = tmp_path / "notes.cjm"
    bad.write_text("shopping list")
    shown = []
    monkeypatch.setattr("app.ui.main_window.QFileDialog.getOpenFileName", lambda *a, **k: (str(bad), ""))
    monkeypatch.setattr(QMessageBox, "warning", lambda parent, title, text: shown.append(text))
    window.open_board()
    assert shown and "not a Journey Wall board" in shown[0]
    assert bad.read_text() == "shopping list"
    assert window.isVisible() and window.doc.path.name == "board.cjm"


def ctrl_wheel(view, notches: int = 1):
    from PySide6.QtCore import QPoint, QPointF
    from PySide6.QtGui import QWheelEvent
    point = QPointF(view.viewport().width() / 2, view.viewport().height() / 2)
    wheel = QWheelEvent(point, view.viewport().mapToGlobal(point), QPoint(0, 0), QPoint(0, 120 * notches),
                        Qt.NoButton, Qt.ControlModifier, Qt.NoScrollPhase, False)
    QApplication.sendEvent(view.viewport(), wheel)
    return point


def test_ctrl_wheel_on_a_busy_board_zooms_around_the_pointer_with_quick_frames_then_crisp_text(
        qtbot, window, monkeypatch):
    from app.ui import board_view
    monkeypatch.setattr(board_view, "QUICK_MS", 0.0)  # every frame with text counts as slow here
    view = window.view
    view.viewport().grab()
    middle = view.viewport().rect().center()
    under = view.mapToScene(middle)
    ctrl_wheel(view)
    assert view.zoom() == 1.25
    after = view.mapToScene(middle)
    assert abs(after.x() - under.x()) < 2 and abs(after.y() - under.y()) < 2  # the spot stays put
    assert view.min_text_px == float("inf")  # text as bars while the gesture runs
    qtbot.waitUntil(lambda: view.min_text_px == 0.0, timeout=2000)


def test_a_zoom_that_paints_quickly_keeps_the_text_and_turns_to_bars_where_frames_get_slow(
        qtbot, window, monkeypatch):
    from app.ui import board_view
    monkeypatch.setattr(board_view, "QUICK_MS", 1e9)  # every frame counts as quick
    view = window.view
    view.viewport().grab()  # a frame with text, timed
    ctrl_wheel(view)
    assert view.min_text_px == 0.0  # the text stays while zooming
    monkeypatch.setattr(board_view, "QUICK_MS", 0.0)  # from here on, every frame counts as slow
    view.viewport().grab()  # the zoom's frame at its new scale, too slow: the next ones draw bars
    assert view.min_text_px == float("inf")
    qtbot.waitUntil(lambda: view.min_text_px == 0.0, timeout=2000)


def pixel(view, x: float, y: float):
    """The colour the view shows at a scene point, painted as on screen (a real paint event)."""
    return view.viewport().grab().toImage().pixelColor(view.mapFromScene(QPointF(x, y)))


def test_zoomed_out_notes_are_blocks_with_their_selection_and_colour_changes(qtbot, window):
    from PySide6.QtGui import QColor
    from PySide6.QtWidgets import QGraphicsItem
    from app.ui import theme
    doc, view = window.doc, window.view
    place = cell(window, 2, 0)
    first = doc.add_note(place, "Reads reviews", color="#90CAF9").result
    second = doc.add_note(place, "Compares prices", color="#A5D6A7").result
    window.scene.select_notes([second])
    view.set_zoom(0.05)
    assert pixel(view, *note_center(window, first)) == QColor("#90CAF9")
    assert pixel(view, *note_center(window, second)) == theme.SELECTION
    # The board's item paints every note then: Qt skips the note items but the selected one.
    assert [note_id for note_id, item in window.scene.note_items.items()
            if not item.flags() & QGraphicsItem.ItemHasNoContents] == [second]
    doc.edit_note(first, color="#F48FB1")
    qtbot.waitUntil(lambda: pixel(view, *note_center(window, first)) == QColor("#F48FB1"), timeout=2000)
    window.scene.select_notes([])
    qtbot.waitUntil(lambda: pixel(view, *note_center(window, second)) == QColor("#A5D6A7"), timeout=2000)
    view.set_zoom(1.0)
    x, y = note_center(window, first)
    view.centerOn(x, y)
    rect = window.scene.surface.boxes[first].rect
    image = view.viewport().grab().toImage()
    top_left = view.mapFromScene(QPointF(rect.x, rect.y))
    inks = {image.pixelColor(top_left.x() + dx, top_left.y() + dy).name()
            for dx in range(10, 140) for dy in range(8, 40)}
    assert len(inks) > 3  # text again, not a plain block
    # Painted by the board's note layer, the note still is the one under the mouse.
    assert window.scene.note_item_at(QPointF(x, y)).note_id == first


def test_frames_of_a_pan_show_the_notes_as_painted_and_edits_at_once(qtbot, window):
    doc, view = window.doc, window.view
    place = cell(window, 1, 0)
    ids = [doc.add_note(place, f"Step {i} of the journey", color="#FFE082").result for i in range(4)]
    view.centerOn(*note_center(window, ids[0]))
    first, second, third = (view.viewport().grab().toImage() for _ in range(3))
    assert first == second == third  # painted directly, then into a copy, then copied
    view.horizontalScrollBar().setValue(view.horizontalScrollBar().value() + 40)
    view.horizontalScrollBar().setValue(view.horizontalScrollBar().value() - 40)
    assert view.viewport().grab().toImage() == first
    doc.edit_note(ids[0], text="Gives up")
    assert view.viewport().grab().toImage() != first


def test_a_pan_shows_each_change_of_a_note_as_painting_it_anew_would(qtbot, window):
    doc, view, scene = window.doc, window.view, window.scene
    ids = [doc.add_note(cell(window, stage, 0), f"Note {stage}.{i} of the journey", color="#FFE082",
                        tags=["web", "phone"] if i % 2 else []).result
           for stage in range(3) for i in range(4)]
    doc.add_votes(ids[4], 2)  # dots, then chips on the next note: each paints its own way
    view.set_zoom(0.5)  # several notes a bin: the layer keeps what paints a bin (NoteLayer._bin_as_one)
    view.centerOn(*note_center(window, ids[5]))
    bar = view.horizontalScrollBar()

    def frames_of_a_pan():
        """A frame after panning away and back, which copies the notes as kept."""
        for _ in range(3):
            view.viewport().grab()
        bar.setValue(bar.value() + 30)
        view.viewport().grab()
        bar.setValue(bar.value() - 30)
        return view.viewport().grab().toImage()

    def painted_anew():
        scene.note_pixmaps.clear()
        scene.note_layer.changed(scene.sceneRect())
        return view.viewport().grab().toImage()

    before = frames_of_a_pan()
    assert before == painted_anew()
    changes = [lambda: doc.edit_note(ids[5], color="#90CAF9"),  # a look, not a place
               lambda: doc.edit_note(ids[6], text="Calls the hotline twice"),
               lambda: scene.select_notes([ids[7]]),  # the note paints itself now
               lambda: scene.select_notes([])]
    for change in changes:
        change()
        shown = frames_of_a_pan()
        assert shown != before
        assert shown == painted_anew()
        before = shown


def test_the_room_sees_no_hidden_note_even_as_a_block(qtbot, window):
    from PySide6.QtGui import QColor
    from app.ui.board_view import BoardView
    doc = window.doc
    place = cell(window, 2, 0)
    shown = doc.add_note(place, "Shown", color="#90CAF9").result
    hidden = doc.add_note(place, "Kept back", color="#F48FB1").result
    doc.set_notes_hidden([hidden], True)

    class Room(BoardView):
        projector = True

    room = Room(window.scene)
    qtbot.addWidget(room)
    room.resize(800, 600)
    room.show()
    qtbot.waitExposed(room)
    for zoom in (0.05, 1.0):  # a block, and a note with its text
        for view in (window.view, room):
            view.set_zoom(zoom)
            view.centerOn(*note_center(window, hidden))
        assert pixel(room, *note_center(window, shown)) == pixel(window.view, *note_center(window, shown))
        assert pixel(window.view, *note_center(window, hidden)) != pixel(room, *note_center(window, hidden))
        assert pixel(room, *note_center(window, hidden)) != QColor("#F48FB1")


def test_a_note_dragged_on_a_zoomed_out_board_shows_where_it_goes(qtbot, window):
    from app.ui import theme
    doc, view = window.doc, window.view
    source, target = cell(window, 0, 0), cell(window, 3, 0)
    note_id = doc.add_note(source, "Moves on", color="#90CAF9").result
    view.set_zoom(0.1)
    start = note_center(window, note_id)
    rect = cell_rect(window, target)
    end = (rect.x + rect.w / 2, rect.y + rect.h / 2)
    view.centerOn((start[0] + end[0]) / 2, (start[1] + end[1]) / 2)
    viewport = view.viewport()
    a, b = to_view(window, *start), to_view(window, *end)
    qtbot.mousePress(viewport, Qt.LeftButton, Qt.NoModifier, a)
    for step in range(1, 6):
        qtbot.mouseMove(viewport, a + (b - a) * step / 5)
    qtbot.waitUntil(lambda: pixel(view, *end) == theme.SELECTION, timeout=2000)  # the note under the pointer
    qtbot.mouseRelease(viewport, Qt.LeftButton, Qt.NoModifier, b)
    assert doc.note(note_id).stage_id == target.stage_id


def test_lines_are_drawn_where_the_layout_measured_them_in_any_script(qtbot):
    from PySide6.QtGui import QColor, QImage, QPainter, QTransform
    from app.model.text import text_width
    from app.ui.fonts import load_fonts
    from app.ui.text_painter import draw_lines
    load_fonts()
    lines = ["Compares prices", "שלום עולם", "مرحبا بالعالم", "abc שלום def"]
    image = QImage(600, 110 * len(lines), QImage.Format_RGB32)
    painter = QPainter(image)
    for zoom_step in range(2):  # the same lines at a second scale (glyph runs are cached)
        painter.setWorldTransform(QTransform.fromScale(1.5 + zoom_step, 1.5 + zoom_step))
        image.fill(QColor("white"))
        draw_lines(painter, 16, [(10, 30 + 40 * i, line) for i, line in enumerate(lines)], QColor("black"))
    painter.end()
    scale = 2.5
    for i, line in enumerate(lines):
        top, bottom = int((30 + 40 * i - 14) * scale), int((30 + 40 * i + 4) * scale)
        inked = [x for x in range(image.width()) for y in range(top, min(bottom, image.height()), 2)
                 if image.pixelColor(x, y).lightness() < 128]
        assert inked, line
        assert min(inked) >= 9 * scale and max(inked) <= (11 + text_width(line, 16)) * scale, line


def move_mouse(view, point) -> None:
    """A mouse move without buttons, as a real mouse sends (qtbot.mouseMove hovers nothing here)."""
    from PySide6.QtGui import QMouseEvent
    event = QMouseEvent(QEvent.MouseMove, QPointF(point), view.viewport().mapToGlobal(QPointF(point)),
                        Qt.NoButton, Qt.NoButton, Qt.NoModifier)
    QApplication.sendEvent(view.viewport(), event)


def test_notes_painted_together_still_show_hover_and_take_a_rubber_band(qtbot, window):
    from app.ui import theme
    doc, view = window.doc, window.view
    place = cell(window, 1, 0)
    ids = [doc.add_note(place, f"Step {i} of the journey", color="#FFE082").result for i in range(3)]
    view.set_zoom(1.0)
    view.centerOn(*note_center(window, ids[0]))
    QApplication.processEvents()
    plain = view.viewport().grab().toImage()
    rect = window.scene.surface.boxes[ids[0]].rect
    edge = to_view(window, rect.x + rect.w / 2, rect.y - 1)  # just above the note: its hover frame
    move_mouse(view, to_view(window, *note_center(window, ids[0])))
    qtbot.waitUntil(lambda: view.viewport().grab().toImage().pixelColor(edge) != plain.pixelColor(edge), timeout=2000)
    cells = cell_rect(window, place)
    move_mouse(view, to_view(window, cells.x + 2, cells.y + 2))  # off the notes
    qtbot.waitUntil(lambda: view.viewport().grab().toImage() == plain, timeout=2000)
    # A rubber band from an empty spot of the cell over the first two notes selects them.
    second = window.scene.surface.boxes[ids[1]].rect
    drag(qtbot, window, (cells.x + 2, cells.y + 2), (second.x + 20, second.y + 20))
    assert sorted(window.scene.selected_note_ids()) == sorted(ids[:2])
    selected = view.viewport().grab().toImage()
    assert selected.pixelColor(to_view(window, rect.x - 1, rect.y + rect.h / 2)) == theme.SELECTION
    move_mouse(view, to_view(window, cells.x + 2, cells.y + 2))
    window.scene.select_notes([])
    # The notes as they were (the press in the cell gave it the keyboard focus: its frame shows).
    from PySide6.QtCore import QRect
    area = QRect(to_view(window, rect.x - 4, rect.y - 4), to_view(window, second.right + 6, second.bottom + 6))
    qtbot.waitUntil(lambda: view.viewport().grab().toImage().copy(area) == plain.copy(area), timeout=2000)


def test_the_grid_copied_while_panning_is_the_grid_as_painted_and_follows_renames(qtbot, window):
    doc, view = window.doc, window.view
    for i in range(3):
        doc.add_note(cell(window, i, 1), f"Note {i} of the journey", color="#90CAF9")
    view.set_zoom(0.75)  # a scale the grid is copied at (grid_item._dyadic), edges within device pixels
    header = window.scene.layout.stages[1].header
    view.centerOn(header.x + header.w / 2, header.y + 150)
    first, second, third = (view.viewport().grab().toImage() for _ in range(3))
    assert first == second == third  # painted directly, then into tiles, then copied from them
    bar = view.horizontalScrollBar()
    start = bar.value()
    bar.setValue(start + 37)  # out to where no tile was painted yet, and back
    view.viewport().grab()
    bar.setValue(start)
    assert view.viewport().grab().toImage() == first
    view.set_zoom(0.75 * 1.25)  # another scale, and back
    view.viewport().grab()
    view.set_zoom(0.75)
    view.centerOn(header.x + header.w / 2, header.y + 150)
    assert view.viewport().grab().toImage() == first
    doc.rename_stage(window.scene.layout.stages[1].stage_id, "Renamed at once")
    renamed = view.viewport().grab().toImage()
    assert renamed != first
    assert view.viewport().grab().toImage() == renamed == view.viewport().grab().toImage()


def test_the_notes_lines_are_shaped_while_the_app_is_idle(qtbot, window):
    from app.ui.text_painter import glyph_runs
    doc, scene = window.doc, window.scene
    texts = [f"Idle line {i}: the customer waits for a reply" for i in range(40)]
    doc.add_notes(cell(window, 0, 0), [{"text": text} for text in texts])
    assert scene.text_warmup.pending()
    qtbot.waitUntil(lambda: not scene.text_warmup.pending(), timeout=5000)
    misses = glyph_runs.cache_info().misses
    for item in scene.note_items.values():
        for _, _, line in item.text_lines():
            glyph_runs(line, False)
    assert glyph_runs.cache_info().misses == misses  # drawing them shapes nothing more


def test_a_long_pan_keeps_the_notes_it_painted_within_the_boards_budget(qtbot, window):
    doc, view, scene = window.doc, window.view, window.scene
    scene.note_pixmaps.limit_bytes = 1  # any pixmap of a note or a bin is over it: one is kept
    for stage in range(4):  # a board several views tall at 50 %
        doc.add_notes(cell(window, stage, 1), [{"text": f"Note {stage}.{i}", "color": "#90CAF9"} for i in range(80)])
    view.set_zoom(0.5)
    bar = view.verticalScrollBar()
    bar.setValue(bar.minimum())
    frames = 0
    while bar.value() < bar.maximum():
        for _ in range(3):  # the second frame alike paints the bins in view as one, the third copies
            shown = view.viewport().grab().toImage()
            assert len(scene.note_pixmaps.pixmaps) <= 1
        in_view = [box for box in scene.surface.boxes.values()
                   if view.viewport().rect().adjusted(10, 10, -10, -10).contains(to_view(window, box.rect.x + box.rect.w - 6, box.rect.y + box.rect.h - 6))]
        assert in_view
        for box in in_view:  # every note in view is there: none went with a pixmap let go of
            spot = to_view(window, box.rect.x + box.rect.w - 6, box.rect.y + box.rect.h - 6)
            assert QColor(shown.pixel(spot)) == QColor("#90CAF9")
        frames += 1
        bar.setValue(bar.value() + 200)
    assert frames > 2


def test_escape_during_a_drag_puts_the_notes_back_and_changes_nothing(qtbot, window):
    doc, view = window.doc, window.view
    source, target = cell(window, 0, 0), cell(window, 1, 0)
    note_id = doc.add_note(source, "Stays home").result
    doc.add_note(target, "Already there")
    before = file_json(window)
    viewport = view.viewport()
    start = to_view(window, *note_center(window, note_id))
    end = to_view(window, cell_rect(window, target).x + 30, cell_rect(window, target).y + 30)
    qtbot.mousePress(viewport, Qt.LeftButton, Qt.NoModifier, start)
    for step in range(1, 6):
        qtbot.mouseMove(viewport, start + (end - start) * step / 5)
    assert window.scene.drop_indicator.isVisible()
    qtbot.keyClick(view, Qt.Key_Escape)
    assert not window.scene.drop_indicator.isVisible()
    qtbot.mouseMove(viewport, end + QPoint(5, 5))  # Qt no longer moves the note with the mouse
    qtbot.mouseRelease(viewport, Qt.LeftButton, Qt.NoModifier, end)
    assert file_json(window) == before
    assert window.scene.note_item_at(QPointF(*note_center(window, note_id))).note_id == note_id


def test_escape_during_a_header_drag_keeps_the_stages_in_order(qtbot, window):
    doc, view = window.doc, window.view
    names = [s.name for s in doc.stages()]
    header = window.scene.layout.stages[0].header
    viewport = view.viewport()
    start = to_view(window, header.x + header.w / 3, header.y + header.h / 2)
    end = to_view(window, window.scene.layout.stages[2].header.right - 10, header.y + header.h / 2)
    qtbot.mousePress(viewport, Qt.LeftButton, Qt.NoModifier, start)
    qtbot.mouseMove(viewport, end)
    qtbot.keyClick(view, Qt.Key_Escape)
    qtbot.mouseRelease(viewport, Qt.LeftButton, Qt.NoModifier, end)
    assert [s.name for s in doc.stages()] == names


def test_find_ignores_accents_and_case(qtbot, window):
    ids = window.doc.add_notes(cell(window, 0, 0), [{"text": "Call Zoë Müller back"}, {"text": "Zoo visit"},
                                                      {"text": "Ask Muller"}]).result
    window.find()
    type_text(window.search.field, "zoe")
    assert [window.scene.note_items[i].highlighted for i in ids] == [True, False, False]
    window.search.field.clear()
    type_text(window.search.field, "MÜLLER")
    assert [window.scene.note_items[i].highlighted for i in ids] == [True, False, True]
    assert window.search.count.text() == "2 notes"


def test_fit_board_shows_the_grid_and_the_empathy_map_whole_clear_of_the_timer_without_scroll_bars(qtbot, window):
    import time
    window.doc.timer_start(time.time())
    window.clock.show_time()
    view = window.view
    window.zoom_fit()
    qtbot.waitUntil(lambda: not view.glide.running(), timeout=2000)
    assert not view.horizontalScrollBar().isVisible() and not view.verticalScrollBar().isVisible()
    empathy = window.scene.surface.empathy_rect
    on_screen = view.mapFromScene(QRectF(empathy.x, empathy.y, empathy.w, empathy.h)).boundingRect()
    assert view.viewport().rect().contains(on_screen)
    assert not on_screen.intersects(window.clock.geometry())


def test_a_new_stage_at_the_far_right_is_scrolled_into_view_with_its_editor(qtbot, window):
    last = window.doc.stages()[-1]
    window.scene.set_focused_cell(cell(window, len(window.doc.stages()) - 1, 0))
    window.view.centerOn(0, 0)
    window.actions_by_id["add_stage"].trigger()
    editor = window.scene.editing.editor
    assert editor is not None and len(window.doc.stages()) == 6 and window.doc.stages()[-1].id != last.id
    shown = window.view.mapToScene(window.view.viewport().rect()).boundingRect()
    assert shown.contains(editor.sceneBoundingRect())
