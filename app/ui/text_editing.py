"""Editing text in place: a note, a stage or lane header, or a metric value, one at a time, in
the one editor overlay. Typing is saved as it happens (debounced), and the whole editing of a
note (with its creation, for a new note) is one undo step."""
from __future__ import annotations

import itertools
from typing import TYPE_CHECKING, Callable, Optional

from PySide6.QtCore import QRectF, Qt

from app.model import drafts
from app.model.document import Place

from .commands import DocumentCommand
from .grid_item import qrect
from .inline_editor import InlineEditor

if TYPE_CHECKING:
    from .board_scene import BoardScene


class TextEditing:
    def __init__(self, scene: "BoardScene"):
        self.scene = scene
        self.editor: Optional[InlineEditor] = None
        self._note_id: Optional[int] = None  # the note being edited, if a note is
        self._sessions = itertools.count(1)
        self._retired: Optional[InlineEditor] = None

    @property
    def active(self) -> bool:
        return self.editor is not None

    def finish(self) -> None:
        if self.editor is not None:
            self.editor.finish("done")

    # ------------------------------------------------------------------ notes

    def add_note(self, place: Place, index: Optional[int] = None) -> None:
        """Creates an empty note and opens the editor on it; an empty new note disappears
        again when editing ends, leaving nothing in the undo history."""
        self.finish()
        scene = self.scene
        key = ("text", next(self._sessions))
        change = scene.run(lambda: scene.doc.add_note(place, "", index=index), merge_key=key)
        if change is not None:
            drafts.note_started(scene.doc, change.result)
            scene.set_focused_cell(place)
            self.edit_note(change.result, session=key, created=True)

    def edit_note(self, note_id: int, session=None, created: bool = False) -> None:
        self.finish()
        scene, doc = self.scene, self.scene.doc
        if doc.read_only:
            scene.error.emit(f"This board is read-only. {doc.file.read_only_reason}")
            return
        key = session or ("text", next(self._sessions))
        box = scene.surface.boxes[note_id]
        scene.select_notes([note_id])
        editor = self._open(self._note_rect(note_id), doc.note(note_id).text, box.text.size, box.color,
                            multiline=True)
        self._note_id = note_id
        editor.signals.text_changed.connect(
            lambda text: scene.run(lambda: doc.edit_note(note_id, text=text), merge_key=key))
        editor.signals.finished.connect(
            lambda text, how: self._note_finished(note_id, key, created, text, how))

    def _note_rect(self, note_id: int) -> QRectF:
        """Where a note's text is (below its picture, for a picture note)."""
        box = self.scene.surface.boxes[note_id]
        area = box.text_area
        return QRectF(box.rect.x + area.x - 2, box.rect.y + area.y - 2, area.w + 4, area.h + 4)

    def _note_finished(self, note_id: int, key, created: bool, text: str, how: str) -> None:
        self._close()
        self.scene.clearSelection()  # the keyboard is back on the cell: arrows move between cells
        doc, stack = self.scene.doc, self.scene.stack
        if created:
            drafts.note_finished(doc, note_id)
        if created and not text.strip():
            top = stack.command(stack.index() - 1)
            if isinstance(top, DocumentCommand) and top.merge_key == key:
                doc.undo(top.change)
                top.setObsolete(True)  # the stack's undo() now drops it unrun: no trace in the history
                stack.undo()
            return
        if how == "next" and doc.has_note(note_id):
            note = doc.note(note_id)
            self.add_note(Place.of(note), note.position + 1)

    def follow(self) -> None:
        """Keeps the editor on its note when the layout moves or grows the note."""
        if self.editor is None or self._note_id is None:
            return
        if self._note_id in self.scene.surface.boxes:
            self.editor.follow(self._note_rect(self._note_id))
        else:
            self.editor.finish("done")  # the note went (an undo, another window)

    # ------------------------------------------------------------------ headers and metrics

    def rename_header(self, kind: str, row_id: int) -> None:
        """Opens the editor on a stage ("stage") or lane ("lane") header; Enter renames."""
        self.finish()
        doc, layout = self.scene.doc, self.scene.layout
        if kind == "stage":
            box = next(b for b in layout.stages if b.stage_id == row_id)
            rect, title, name = box.header, box.title, doc.stage(row_id).name
            rename: Callable[[str], object] = lambda new: doc.rename_stage(row_id, new)  # noqa: E731
        else:
            box = next(b for b in layout.lanes if b.lane_id == row_id)
            rect, title, name = box.header, box.title, doc.lane(row_id).name
            rename = lambda new: doc.edit_lane(row_id, name=new)  # noqa: E731
        editor = self._open(qrect(rect).adjusted(6, 6, -6, -6), name, title.size, "#FFFFFF",
                            multiline=False, center=kind == "stage")
        editor.signals.finished.connect(lambda text, how: self._renamed(rename, text))

    def _renamed(self, rename: Callable[[str], object], text: str) -> None:
        self._close()
        if text.strip():
            self.scene.run(lambda: rename(text))

    def edit_metric(self, lane_id: int, stage_id: int) -> None:
        self.finish()
        scene = self.scene
        box = next(m for m in scene.layout.metrics if (m.lane_id, m.stage_id) == (lane_id, stage_id))
        editor = self._open(qrect(box.rect).adjusted(6, 6, -6, -6), scene.doc.metric(lane_id, stage_id),
                            box.text.size, "#FFFFFF", multiline=False, center=True)
        editor.signals.finished.connect(lambda text, how: self._metric_done(lane_id, stage_id, text))

    def _metric_done(self, lane_id: int, stage_id: int, text: str) -> None:
        self._close()
        self.scene.run(lambda: self.scene.doc.set_metric(lane_id, stage_id, text))

    # ------------------------------------------------------------------ the overlay

    def _open(self, rect: QRectF, text: str, size: float, fill: str, *, multiline: bool,
              center: bool = False) -> InlineEditor:
        self.editor = InlineEditor(rect, text, size, fill, multiline=multiline, center=center)
        self.scene.addItem(self.editor)
        self.scene.setFocusItem(self.editor)
        self.editor.setFocus(Qt.OtherFocusReason)
        return self.editor

    def _close(self) -> None:
        editor, self.editor, self._note_id = self.editor, None, None
        if editor is None:
            return
        editor.signals.blockSignals(True)
        self.scene.removeItem(editor)
        # Often called from inside the editor's own key or focus handler: keep it alive until
        # the next editor replaces it, so Qt never runs a handler of a deleted item.
        self._retired = editor
        for view in self.scene.views():
            view.setFocus()
