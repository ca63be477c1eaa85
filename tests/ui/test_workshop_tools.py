"""Workshop tools end to end: a dot-voting round with undo, clusters, reveal mode, hidden lanes
and the agenda editor, driven through the window's actions, mouse and dialogs."""
import csv

from PySide6.QtCore import QPointF, Qt, QTimer
from PySide6.QtGui import QContextMenuEvent
from PySide6.QtWidgets import QApplication
from pypdf import PdfReader

from app.export.csv_export import export_csv
from app.export.pdf import export_pdf
from app.model.document import Document
from app.model.layout import CLUSTER_LABEL_H, CLUSTER_PAD

from .conftest import cell, note_center, reveal, to_view


def answer_dialog(qtbot, fill) -> None:
    """Fills in the next modal dialog (QDialog.exec blocks) once it shows, and closes it."""
    def attempt():
        dialog = QApplication.activeModalWidget()
        if dialog is None:
            QTimer.singleShot(10, attempt)
            return
        fill(dialog)
    QTimer.singleShot(0, attempt)


def trigger(window, action_id: str) -> None:
    window.actions_by_id[action_id].trigger()


def click_note(qtbot, window, note_id, button=Qt.LeftButton) -> None:
    reveal(window, *note_center(window, note_id))
    qtbot.mouseClick(window.view.viewport(), button, Qt.NoModifier, to_view(window, *note_center(window, note_id)))


def right_click_note(window, note_id) -> None:
    reveal(window, *note_center(window, note_id))
    point = to_view(window, *note_center(window, note_id))
    QApplication.sendEvent(window.view.viewport(), QContextMenuEvent(
        QContextMenuEvent.Mouse, point, window.view.viewport().mapToGlobal(point)))


def dots_in_file(window) -> dict[int, int]:
    with Document.snapshot(window.doc.path) as fresh:
        return fresh.vote_counts()


def pains_lane(window) -> int:
    return next(i for i, lane in enumerate(window.doc.lanes()) if lane.role == "pain_points")


def test_a_voting_round_end_to_end_with_undo(qtbot, window, tmp_path):
    doc = window.doc
    slow, lost, rude = doc.add_notes(cell(window, 1, pains_lane(window)), [
        {"text": "Checkout is slow"}, {"text": "Lost my basket"}, {"text": "Rude support"}]).result

    def fill(dialog):
        dialog.dots.setValue(2)
        dialog.by_name.setChecked(True)
        dialog.names.setPlainText("Ana\nBen")
        dialog.hidden.setChecked(True)
        dialog.accept()
    answer_dialog(qtbot, fill)
    trigger(window, "start_voting")
    assert doc.open_round() is not None and doc.voters(doc.open_round().number) == ["Ana", "Ben"]
    assert window.banner_strip.isVisible() and "Ana's turn" in window.banner_strip.text()

    click_note(qtbot, window, slow)
    click_note(qtbot, window, slow)
    assert dots_in_file(window) == {slow: 2}  # each click is a dot, in the file at once
    click_note(qtbot, window, lost)  # Ana has no dot left: refused, with a message
    assert dots_in_file(window) == {slow: 2}
    assert "Ana has used all 2 dots" in window.statusBar().currentMessage()
    item = window.scene.note_items[slow]
    assert item.look.dots == 2 and item.look.room_dots == 0  # the projector shows none yet

    trigger(window, "next_voter")
    assert "Ben's turn" in window.banner_strip.text()
    assert window.scene.note_items[slow].look.dots == 0  # Ben sees only his own dots
    click_note(qtbot, window, rude)
    right_click_note(window, rude)  # takes Ben's dot back
    assert dots_in_file(window) == {slow: 2}
    window.undo()  # the dot is back
    assert dots_in_file(window) == {slow: 2, rude: 1}
    click_note(qtbot, window, slow)

    trigger(window, "end_voting")
    tally = window.workshop.tally
    qtbot.waitUntil(tally.isVisible)
    rows = [(tally.table.item(r, 1).text(), tally.table.item(r, 2).text()) for r in range(tally.table.rowCount())]
    assert rows == [("3", "Checkout is slow"), ("1", "Rude support")]
    tally.lanes.setCurrentIndex(tally.lanes.findData("actions"))
    assert tally.table.rowCount() == 0  # none of these notes is in an actions lane
    tally.close()
    assert window.scene.note_items[slow].look.room_dots == 3  # the room sees every dot now

    window.undo()  # the round is open again, its dots hidden again
    assert doc.open_round() is not None and window.scene.note_items[slow].look.room_dots == 0
    window.redo()

    target = tmp_path / "notes.csv"
    export_csv(doc, target)
    with open(target, encoding="utf-8-sig", newline="") as f:
        votes = {row["text"]: row["votes"] for row in csv.DictReader(f)}
    assert votes == {"Checkout is slow": "3", "Lost my basket": "0", "Rude support": "1"}
    pdf = tmp_path / "board.pdf"
    export_pdf(doc, pdf)
    text = "\n".join(page.extract_text() for page in PdfReader(pdf).pages)
    assert text.index("Checkout is slow") < text.rindex("Rude support")  # the follow-up list ranks by dots


def test_group_collapse_drag_and_ungroup_a_cluster(qtbot, window, tmp_path):
    doc = window.doc
    place = cell(window, 0, 0)
    ids = doc.add_notes(place, [{"text": f"Idea {i}"} for i in range(4)]).result
    window.scene.select_notes(ids[1:4])
    answer_dialog(qtbot, lambda dialog: (dialog.setTextValue("Same thing"), dialog.accept()))
    trigger(window, "group")
    (cluster,) = doc.clusters()
    assert cluster.label == "Same thing" and [n.id for n in doc.cluster_notes(cluster.id)] == ids[1:4]
    frame = window.scene.cluster_items[cluster.id].box.rect
    for note_id in ids[1:4]:
        box = window.scene.surface.boxes[note_id].rect
        assert frame.x < box.x and box.right < frame.right and frame.y < box.y and box.bottom < frame.bottom

    toggle = (frame.x + CLUSTER_PAD + 6, frame.y + CLUSTER_LABEL_H / 2)
    reveal(window, *toggle)
    qtbot.mouseClick(window.view.viewport(), Qt.LeftButton, Qt.NoModifier, to_view(window, *toggle))
    assert doc.cluster(cluster.id).collapsed
    assert ids[1] in window.scene.note_items and ids[2] not in window.scene.note_items  # a stack

    # Dragging the stack by its label moves the whole cluster to another cell.
    frame = window.scene.cluster_items[cluster.id].box.rect
    other = cell(window, 1, 0)
    target = next(c.rect for c in window.scene.layout.cells if c.place == other)
    viewport = window.view.viewport()
    start = to_view(window, frame.x + 60, frame.y + CLUSTER_LABEL_H / 2)
    end = to_view(window, target.x + 40, target.y + 40)
    qtbot.mousePress(viewport, Qt.LeftButton, Qt.NoModifier, start)
    for step in range(1, 6):
        qtbot.mouseMove(viewport, start + (end - start) * step / 5)
    qtbot.mouseRelease(viewport, Qt.LeftButton, Qt.NoModifier, end)
    with Document.snapshot(doc.path) as fresh:
        assert [n.id for n in fresh.notes_at(other)] == ids[1:4]
        assert fresh.clusters()[0].stage_id == other.stage_id
    window.undo()
    assert [n.id for n in doc.notes_at(place)] == ids

    pdf = tmp_path / "board.pdf"
    export_pdf(doc, pdf)
    assert "Same thing · 3 notes" in "\n".join(page.extract_text() for page in PdfReader(pdf).pages)

    window.scene.select_notes([ids[1]])
    trigger(window, "ungroup")
    assert doc.clusters() == [] and not window.scene.cluster_items
    window.undo()
    assert doc.clusters()[0].label == "Same thing"


def test_reveal_mode_keeps_new_notes_off_the_projector_until_revealed(qtbot, window):
    doc = window.doc
    trigger(window, "reveal_mode")
    assert doc.board.reveal_mode and "Silent writing" in window.banner_strip.text()
    place = cell(window, 0, 0)
    window.scene.set_focused_cell(place)
    trigger(window, "new_note")
    window.scene.editing.editor.setPlainText("written in silence")
    window.finish_editing()
    (note,) = doc.notes_at(place)
    assert not doc.shown_in_room(note.id)
    window.present()
    qtbot.waitExposed(window.presenter)
    view = window.presenter.view
    qtbot.keyClick(view, Qt.Key_Right)
    box = window.scene.surface.boxes[note.id].rect
    inside = view.mapFromScene(QPointF(box.x + box.w - 6, box.y + box.h - 6))

    def projector_color():
        return view.viewport().grab().toImage().pixelColor(inside).name().upper()
    assert projector_color() != box_color(window, note.id)
    trigger(window, "reveal_all")
    assert doc.shown_in_room(note.id) and not doc.board.reveal_mode
    qtbot.waitUntil(lambda: projector_color() == box_color(window, note.id))
    window.undo()
    assert not doc.shown_in_room(note.id)


def box_color(window, note_id) -> str:
    return window.scene.surface.boxes[note_id].color.upper()


def test_a_hidden_lane_is_covered_on_the_projector_and_skipped_when_stepping(qtbot, window):
    doc = window.doc
    lanes = window.scene.layout.lanes
    note_id = doc.add_note(cell(window, 0, 1), "touchpoint", color="#90CAF9").result
    window.scene.set_focused_cell(cell(window, 0, 1))
    trigger(window, "hide_lane")
    assert doc.lane(lanes[1].lane_id).hidden
    window.present()
    qtbot.waitExposed(window.presenter)
    view = window.presenter.view
    qtbot.keyClick(view, Qt.Key_Down)
    while view.target == ("lane", 0):  # the first lane's pages, then the next lane shown
        qtbot.keyClick(view, Qt.Key_Down)
    assert view.target == ("lane", 2)  # lane 1 is skipped
    view.show("stage", 0)
    box = window.scene.surface.boxes[note_id].rect
    spot = view.mapFromScene(QPointF(box.x + box.w / 2, box.y + box.h / 2))
    assert view.viewport().grab().toImage().pixelColor(spot).name().upper() != "#90CAF9"
    trigger(window, "hide_lane")
    qtbot.waitUntil(lambda: view.viewport().grab().toImage().pixelColor(spot).name().upper() == "#90CAF9")


def test_the_agenda_can_be_edited_and_the_edit_undone(qtbot, window):
    doc = window.doc
    before = [(b.name, b.minutes) for b in doc.agenda()]

    def fill(dialog):
        dialog.table.item(0, 0).setText("Welcome and check-in")
        dialog.table.cellWidget(0, 1).setValue(5)
        dialog.table.setCurrentCell(dialog.table.rowCount() - 1, 0)
        dialog.add_block()
        dialog.table.item(dialog.table.rowCount() - 1, 0).setText("Dot voting")
        dialog.accept()
    answer_dialog(qtbot, fill)
    trigger(window, "agenda")
    after = [(b.name, b.minutes) for b in doc.agenda()]
    assert after[0] == ("Welcome and check-in", 5) and after[-1] == ("Dot voting", 15)
    assert len(after) == len(before) + 1
    window.undo()
    assert [(b.name, b.minutes) for b in doc.agenda()] == before


def test_the_projector_banner_gives_counts_only(qtbot, window):
    doc = window.doc
    ids = doc.add_notes(cell(window, 0, 0), [{"text": "a"}, {"text": "b"}]).result
    doc.start_round(3, participants=4, hidden=True)
    doc.add_votes(ids[0], 2)
    doc.set_reveal_mode(True)
    doc.add_note(cell(window, 0, 0), "secret")
    window.present()
    qtbot.waitExposed(window.presenter)
    banner = window.presenter.banner
    assert banner.isVisible()
    assert "2 dots given" in banner.text() and "Silent writing · 1 note to reveal" in banner.text()
    assert "click" not in banner.text()  # the room gets no instructions meant for the laptop


def test_a_png_export_mid_round_shows_every_dot_like_the_pdf(qtbot, window):
    from app.export.png import BoardImage
    doc = window.doc
    note_id = doc.add_note(cell(window, 0, 0), "voted").result
    doc.start_round(2, ["Ana", "Ben"], hidden=True)
    doc.add_votes(note_id, 2)
    doc.next_voter()
    assert window.scene.note_items[note_id].look.dots == 0  # Ben, at the laptop, sees none of Ana's
    picture = BoardImage(doc, 72).picture
    assert picture.note_items[note_id].look.dots == 2


def test_two_quick_clicks_on_a_note_while_voting_give_two_dots(qtbot, window):
    from .conftest import note_center, reveal, to_view
    doc = window.doc
    note_id = doc.add_note(cell(window, 0, 0), "vote for me twice").result
    doc.start_round(dots_per_voter=3, voters=["Ana"])
    reveal(window, *note_center(window, note_id))
    spot = to_view(window, *note_center(window, note_id))
    viewport = window.view.viewport()
    qtbot.mouseClick(viewport, Qt.LeftButton, pos=spot)
    qtbot.mouseDClick(viewport, Qt.LeftButton, pos=spot)  # what Qt makes of a second click that quick
    assert doc.vote_counts() == {note_id: 2}
    assert not window.scene.editing.active  # a dot, not the note's editor


def test_the_voting_banner_wraps_beside_the_timer_on_a_small_window(qtbot, window):
    import time
    doc = window.doc
    window.resize(900, 640)
    doc.timer_start(time.time())
    window.clock.show_time()
    doc.start_round(dots_per_voter=3, voters=["Ana", "Ben"])
    banner, clock = window.banner_strip, window.clock
    qtbot.waitUntil(lambda: banner.isVisible() and clock.isVisible() and window.view.width() <= 900)
    assert not banner.geometry().intersects(clock.geometry())
    assert banner.height() >= banner.heightForWidth(banner.width())  # every word of it shows
    assert "right-click to take it back" in banner.text()


def test_reveal_all_ends_silent_writing_the_banner_goes_and_the_menu_shows_the_mode(qtbot, window):
    doc = window.doc
    action = window.actions_by_id["reveal_mode"]
    assert action.isCheckable() and not action.isChecked()
    trigger(window, "reveal_mode")
    assert doc.board.reveal_mode and action.isChecked()
    doc.add_note(cell(window, 0, 0), "written in silence")
    assert window.banner_strip.isVisible() and "1 note hidden" in window.banner_strip.text()
    trigger(window, "reveal_all")
    assert not doc.board.reveal_mode and not doc.hidden_notes()
    assert not window.banner_strip.isVisible() and not action.isChecked()
    window.undo()  # silent writing again, the note hidden again
    assert doc.board.reveal_mode and action.isChecked() and window.banner_strip.isVisible()


def test_reveal_all_with_nothing_hidden_still_ends_silent_writing_on_both_screens(qtbot, window):
    trigger(window, "reveal_mode")
    window.present()
    qtbot.waitExposed(window.presenter)
    assert window.presenter.banner.isVisible() and window.banner_strip.isVisible()
    trigger(window, "reveal_all")
    assert not window.doc.board.reveal_mode
    assert not window.banner_strip.isVisible() and not window.presenter.banner.isVisible()
