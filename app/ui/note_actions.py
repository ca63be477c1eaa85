"""What the Edit and Board menus do to the board: each handler ends in one undoable document call."""
from __future__ import annotations

import json
import unicodedata
from typing import Optional

from PySide6.QtCore import QMimeData, QRectF
from PySide6.QtWidgets import QApplication, QInputDialog, QMessageBox, QWidget

from app.model.document import BoardError, Document, Place
from app.model.entities import LaneKind, Note

from .board_scene import BoardScene
from .board_view import BoardView
from .dialogs import TagsDialog
from .portrait import mime_has_pictures, pictures_from_mime

NOTES_MIME = "application/x-journeywall-notes"
COPIED_FIELDS = ("text", "color", "tags", "owner", "idea")


class NoteActions:
    def __init__(self, window: QWidget, scene: BoardScene, view: BoardView):
        self.window, self.scene, self.view = window, scene, view

    @property
    def doc(self) -> Document:
        return self.scene.doc

    def _selected(self) -> list[int]:
        return self.scene.selected_note_ids()

    def _target_place(self) -> tuple[Place, Optional[int]]:
        """Where new notes go: after the selected note, else the focused cell, else the parking lot."""
        selected = self._selected()
        if selected:
            note = self.doc.note(selected[-1])
            return Place.of(note), note.position + 1
        if self.scene.focused_cell is not None:
            return self.scene.focused_cell, None
        return Place.parking(), None

    # ------------------------------------------------------------------ notes

    def new_note(self) -> None:
        place, index = self._target_place()
        self.scene.editing.add_note(place, index)

    def edit_selected(self) -> None:
        selected = self._selected()
        if selected:
            self.scene.editing.edit_note(selected[0])

    def delete(self) -> None:
        ids = self._selected()
        if ids:
            self.scene.run(lambda: self.doc.delete_notes(ids))

    def duplicate(self) -> None:
        ids = self._selected()
        if ids:
            change = self.scene.run(lambda: self.doc.duplicate_notes(ids))
            if change is not None:
                self.scene.select_notes(change.result)

    def select_all(self) -> None:
        self.scene.place_all_notes()
        for item in self.scene.note_items.values():
            item.setSelected(True)

    def to_parking_lot(self) -> None:
        ids = self._selected()
        if ids:
            self.scene.run(lambda: self.doc.move_notes(ids, Place.parking()))

    def recolour(self, color: Optional[str]) -> None:
        ids = self._selected()
        if ids:
            self.scene.run(lambda: self.doc.recolor_notes(ids, color))

    def recolour_lane(self) -> None:
        self.recolour(None)

    def edit_tags(self) -> None:
        ids = self._selected()
        if not ids:
            return
        note = self.doc.note(ids[0])
        dialog = TagsDialog(note.tags, note.owner, note.idea, self.window)
        if dialog.exec():
            tags, owner, idea = dialog.values()
            self.scene.run(lambda: self.doc.edit_note(ids[0], tags=tags, owner=owner, idea=idea))

    # ------------------------------------------------------------------ clipboard

    def copy(self) -> None:
        notes = [self.doc.note(i) for i in self._selected()]
        if not notes:
            return
        data = QMimeData()
        data.setData(NOTES_MIME, json.dumps([{k: getattr(n, k) for k in COPIED_FIELDS} for n in notes]).encode())
        # Other apps get plain text, one line per note.
        data.setText("\n".join(" ".join(n.text.split()) for n in notes))
        QApplication.clipboard().setMimeData(data)

    def cut(self) -> None:
        self.copy()
        self.delete()

    def paste(self) -> None:
        try:
            specs = notes_from_clipboard(QApplication.clipboard().mimeData())
        except BoardError as error:  # a picture that cannot be used: nothing changes
            QMessageBox.warning(self.window, "Picture not added", str(error))
            return
        if not specs:
            return
        place, index = self._target_place()
        if place.kind == "cell" and self.doc.lane(place.lane_id).kind == LaneKind.METRIC:
            place, index = Place.parking(), None
        change = self.scene.run(lambda: self.doc.add_notes(place, specs, index=index))
        if change is not None:
            self.scene.select_notes(change.result)

    # ------------------------------------------------------------------ stages and lanes

    def _focused(self) -> Optional[Place]:
        place = self.scene.focused_cell
        return place if place is not None and place.kind == "cell" else None

    def add_stage(self) -> None:
        place = self._focused()
        index = self.doc.stage(place.stage_id).position + 1 if place else None
        change = self.scene.run(lambda: self.doc.add_stage("New stage", index))
        if change is not None:
            self._name_new_header("stage", change.result)

    def _add_lane(self, kind: LaneKind, name: str) -> None:
        place = self._focused()
        index = self.doc.lane(place.lane_id).position + 1 if place else None
        change = self.scene.run(lambda: self.doc.add_lane(name, kind, index=index))
        if change is not None:
            self._name_new_header("lane", change.result)

    def _name_new_header(self, kind: str, row_id: int) -> None:
        """Scrolls a new stage's or lane's header into view and opens its editor there."""
        layout = self.scene.layout
        boxes = layout.stages if kind == "stage" else layout.lanes
        box = next(b for b in boxes if (b.stage_id if kind == "stage" else b.lane_id) == row_id)
        self.view.ensureVisible(QRectF(box.header.x, box.header.y, box.header.w, box.header.h), 40, 40)
        self.scene.editing.rename_header(kind, row_id)

    def add_lane(self) -> None:
        self._add_lane(LaneKind.NOTES, "New lane")

    def add_emotion_lane(self) -> None:
        self._add_lane(LaneKind.EMOTION, "Emotions")

    def add_metric_lane(self) -> None:
        self._add_lane(LaneKind.METRIC, "KPIs")

    def rename_stage(self) -> None:
        if place := self._focused():
            self.scene.editing.rename_header("stage", place.stage_id)

    def rename_lane(self) -> None:
        if place := self._focused():
            self.scene.editing.rename_header("lane", place.lane_id)

    def delete_stage(self) -> None:
        place = self._focused()
        if place is not None and len(self.doc.stages()) > 1:
            stage = self.doc.stage(place.stage_id)
            self._delete_row("stage", stage.name, lambda n: n.stage_id == stage.id,
                             lambda: self.doc.delete_stage(stage.id))

    def delete_lane(self) -> None:
        place = self._focused()
        if place is not None and len(self.doc.lanes()) > 1:
            lane = self.doc.lane(place.lane_id)
            self._delete_row("lane", lane.name, lambda n: n.lane_id == lane.id,
                             lambda: self.doc.delete_lane(lane.id))

    def _delete_row(self, what: str, name: str, holds, delete) -> None:
        """Deletes a stage or lane, asking first when notes would go with it."""
        held = sum(1 for n in self.doc.notes() if holds(n))
        if held and not self._confirm(f"Delete the {what} “{name}” and its {held} notes?"):
            return
        self.scene.set_focused_cell(None)
        self.scene.run(delete)

    def _confirm(self, question: str) -> bool:
        answer = QMessageBox.question(self.window, "Journey Wall", f"{question}\nUndo brings them back.",
                                      QMessageBox.Yes | QMessageBox.Cancel, QMessageBox.Cancel)
        return answer == QMessageBox.Yes

    # ------------------------------------------------------------------ highlight

    def highlight_tag(self) -> None:
        tags = sorted({t for n in self.doc.notes() for t in n.tags}, key=str.lower)
        if not tags:
            QMessageBox.information(self.window, "Journey Wall", "No note has a tag yet (Edit › Tags and Owner…).")
            return
        choice, ok = QInputDialog.getItem(self.window, "Highlight Tag", "Highlight notes tagged:",
                                          ["(show all)"] + tags, 0, False)
        if ok:
            self.scene.highlight(lambda n: choice in n.tags if choice != "(show all)" else None)


def notes_from_clipboard(data: QMimeData) -> list[dict]:
    """Our own notes with their colours and tags, else pictures (one note each), else one note
    per line of plain text."""
    if data.hasFormat(NOTES_MIME):
        try:
            items = json.loads(bytes(data.data(NOTES_MIME)).decode())
            return [{k: item[k] for k in COPIED_FIELDS if k in item} for item in items]
        except (ValueError, TypeError, KeyError):
            pass
    if mime_has_pictures(data):
        return [{"text": "", "image": picture} for picture in pictures_from_mime(data)]
    if data.hasText():
        return [{"text": line.strip()} for line in data.text().splitlines() if line.strip()]
    return []


def search_key(text: str) -> str:
    """Text as Find compares it: without case or accents ("zoe" finds "Zoë", "Muller" "Müller")."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def note_matches(note: Note, query: str) -> bool:
    query = search_key(query)
    return query in search_key(note.text) or any(query in search_key(t) for t in note.tags) or (
        query in search_key(note.owner))
