"""The board as a Qt scene. It follows the document: every committed change recomputes the one
layout, and the items move to where it says. Mouse gestures end in one document call each."""
from __future__ import annotations

import itertools
from typing import Optional

from PySide6.QtCore import QLineF, QPoint, QPointF, QRectF, Qt, Signal
from PySide6.QtGui import QPen, QUndoStack
from PySide6.QtWidgets import QGraphicsLineItem, QGraphicsRectItem, QGraphicsScene

from app.model.document import NOTE_FIELDS, BoardError, Document, Place
from app.model.layout import CELL_PAD, NOTE_PAD, BoardLayout, fit
from app.model.surface import Spot, Surface, compute_surface

from . import theme
from .commands import DocumentCommand, perform
from .document_signals import DocumentSignals
from .emotion_item import EmotionHandle
from .empathy_item import EmpathyItem
from .grid_item import GridItem, qrect
from .header_drag import HeaderDrag
from .inline_editor import InlineEditor
from .note_item import NoteItem, NoteLook

MARGIN = 40
DRAG_THRESHOLD = 4.0


def region(place: Place) -> str:
    """Which part of the surface a place is in: drops between the two copy notes."""
    return "empathy" if place.kind == "empathy" else "grid"


def note_chips(note) -> tuple[str, ...]:
    chips = []
    if note.idea:
        chips.append("idea")
    if note.owner:
        chips.append(f"@{note.owner}")
    chips.extend(f"#{tag}" for tag in note.tags)
    return tuple(chips)


class BoardScene(QGraphicsScene):
    error = Signal(str)  # a refused gesture, for the status bar
    layout_changed = Signal()
    context_menu = Signal(str, QPoint)  # "note" | "cell" | "emotion", and where on screen

    def __init__(self, doc: Document, stack: QUndoStack, parent=None):
        super().__init__(parent)
        self.doc = doc
        self.stack = stack
        self.signals = DocumentSignals(doc, self)
        self.surface: Surface = compute_surface(doc)
        self.layout: BoardLayout = self.surface.grid
        self.grid = GridItem(self.layout, fit("Parking lot – notes not placed yet", 600, 20, 13, 13, True))
        self.addItem(self.grid)
        self.empathy_item = EmpathyItem(self.surface, doc)
        self.addItem(self.empathy_item)
        self.note_items: dict[int, NoteItem] = {}
        self.emotion_items: list[EmotionHandle] = []
        self.drop_indicator = QGraphicsLineItem()
        self.drop_indicator.setPen(QPen(theme.DROP_INDICATOR, 5, Qt.SolidLine, Qt.RoundCap))
        self.drop_indicator.setZValue(50)
        self.drop_indicator.hide()
        self.addItem(self.drop_indicator)
        self.focus_frame = QGraphicsRectItem()
        self.focus_frame.setPen(QPen(theme.FOCUS, 3, Qt.DashLine))
        self.focus_frame.setZValue(-5)
        self.focus_frame.hide()
        self.addItem(self.focus_frame)
        self.focused_cell: Optional[Place] = None
        self.editor: Optional[InlineEditor] = None
        self._editing: Optional[tuple] = None  # what the editor edits: ("note", id) ...
        self._edit_sessions = itertools.count(1)
        self._press: Optional[tuple[QPointF, NoteItem]] = None
        self._highlight = None  # note -> True (highlight) | False (dim) | None
        self.header_drag = HeaderDrag(self)
        self.signals.changed.connect(self.refresh)
        self.refresh()

    # ------------------------------------------------------------------ following the document

    def refresh(self, _change=None) -> None:
        self.surface = compute_surface(self.doc)
        self.layout = self.surface.grid
        self.grid.set_layout(self.layout)
        self.empathy_item.set_surface(self.surface)
        self.setSceneRect(QRectF(-MARGIN, -MARGIN, self.surface.width + 2 * MARGIN,
                                 self.surface.height + 2 * MARGIN))
        votes = self.doc.vote_counts()
        for note_id, box in self.surface.boxes.items():
            look = NoteLook(box, note_chips(self.doc.note(note_id)), votes.get(note_id, 0))
            item = self.note_items.get(note_id)
            if item is None:
                item = self.note_items[note_id] = NoteItem(look)
                self.addItem(item)
            elif item.look != look or item.pos() != item.home():
                item.set_look(look)
        for note_id in set(self.note_items) - set(self.surface.boxes):
            self.removeItem(self.note_items.pop(note_id))
        self._refresh_emotions()
        self._apply_highlight()
        self._refresh_focus()
        self._follow_editor()
        self.layout_changed.emit()

    def _refresh_emotions(self) -> None:
        for item in self.emotion_items:
            self.removeItem(item)
        self.emotion_items = []
        for lane in self.layout.lanes:
            if lane.kind != "emotion":
                continue
            for stage in self.layout.stages:
                handle = EmotionHandle(
                    lane.lane_id, stage.stage_id, stage.column.x + stage.column.w / 2, lane.row,
                    self.doc.emotion(lane.lane_id, stage.stage_id),
                    lambda y, lane_id=lane.lane_id: self.layout.emotion_score_at(lane_id, y),
                    self._emotion_dropped)
                self.addItem(handle)
                self.emotion_items.append(handle)

    def _emotion_dropped(self, handle: EmotionHandle, score: int) -> None:
        self.run(lambda: self.doc.set_emotion(handle.lane_id, handle.stage_id, score))

    def run(self, call, merge_key=None):
        """Makes one document call an undo step; a refused call is reported, not raised."""
        try:
            return perform(self.stack, self.doc, call, merge_key)
        except BoardError as error:
            self.error.emit(str(error))
            self.refresh()
            return None

    def hide_chrome(self) -> None:
        """Leaves only the board itself, for an export: no selection, focus, editor or the
        rings that offer to set an emotion score."""
        self.finish_editing()
        self.clearSelection()
        self.highlight(None)
        self.set_focused_cell(None)
        self.drop_indicator.hide()
        for handle in self.emotion_items:
            handle.setVisible(handle.score is not None)

    def highlight(self, predicate) -> None:
        """Highlights the notes predicate(note) is True for and dims those it is False for
        (a search, a tag); None shows all notes plainly."""
        self._highlight = predicate
        self._apply_highlight()

    def _apply_highlight(self) -> None:
        for note_id, item in self.note_items.items():
            verdict = self._highlight(self.doc.note(note_id)) if self._highlight else None
            if (item.highlighted, item.dimmed) != (verdict is True, verdict is False):
                item.highlighted, item.dimmed = verdict is True, verdict is False
                item.update()

    # ------------------------------------------------------------------ selection helpers

    def selected_note_ids(self) -> list[int]:
        """The selected notes in reading order: by cell, then position."""
        items = [i for i in self.selectedItems() if isinstance(i, NoteItem)]
        return [i.note_id for i in sorted(items, key=lambda i: (i.look.box.rect.y, i.look.box.rect.x))]

    def select_notes(self, note_ids) -> None:
        self.clearSelection()
        for note_id in note_ids:
            if note_id in self.note_items:
                self.note_items[note_id].setSelected(True)

    def note_item_at(self, pos: QPointF) -> Optional[NoteItem]:
        for item in self.items(pos):
            if isinstance(item, NoteItem):
                return item
        return None

    # ------------------------------------------------------------------ cell focus (keyboard)

    def set_focused_cell(self, place: Optional[Place]) -> None:
        self.focused_cell = place
        self._refresh_focus()

    def focused_cell_box(self) -> Optional[Spot]:
        return None if self.focused_cell is None else self.surface.spot_of(self.focused_cell)

    def _refresh_focus(self) -> None:
        box = self.focused_cell_box()
        if box is None:
            self.focus_frame.hide()
            return
        self.focus_frame.setRect(qrect(box.rect).adjusted(3, 3, -3, -3))
        self.focus_frame.show()

    # ------------------------------------------------------------------ mouse

    def mousePressEvent(self, event) -> None:
        if self.editor is not None and not self.editor.contains(self.editor.mapFromScene(event.scenePos())):
            self.editor.finish("done")
        if event.button() == Qt.LeftButton and self.header_drag.press(event.scenePos()):
            event.accept()
            return
        item = self.note_item_at(event.scenePos())
        if item is not None and event.modifiers() & Qt.ShiftModifier:
            event.setModifiers(event.modifiers() | Qt.ControlModifier)  # Shift-click adds too
        self._press = (event.scenePos(), item) if event.button() == Qt.LeftButton and item else None
        spot = self.surface.spot_at(event.scenePos().x(), event.scenePos().y())
        if spot is not None:
            self.set_focused_cell(spot.place)
        super().mousePressEvent(event)

    def mouseMoveEvent(self, event) -> None:
        if self.header_drag.active:
            self.header_drag.move(event.scenePos())
            return
        super().mouseMoveEvent(event)
        if self._press is not None and self._dragged(event.scenePos()):
            self._show_drop_indicator(event.scenePos())

    def mouseReleaseEvent(self, event) -> None:
        if self.header_drag.active:
            self.header_drag.release(event.scenePos())
            return
        super().mouseReleaseEvent(event)
        press, self._press = self._press, None
        self.drop_indicator.hide()
        if press is not None and self._dragged(event.scenePos(), press[0]):
            self._drop_notes(event.scenePos(), bool(event.modifiers() & Qt.ShiftModifier))

    def _dragged(self, pos: QPointF, start: Optional[QPointF] = None) -> bool:
        start = start or self._press[0]
        return QLineF(start, pos).length() >= DRAG_THRESHOLD

    def _drop_target(self, pos: QPointF) -> Optional[tuple[Place, int]]:
        spot = self.surface.spot_at(pos.x(), pos.y())
        if spot is None or spot.place.kind == "cell" and self.doc.lane(spot.place.lane_id).kind == "metric":
            return None
        moving = frozenset(self.selected_note_ids())
        return spot.place, self.surface.insert_index(spot.place, pos.x(), pos.y(), moving)

    def _show_drop_indicator(self, pos: QPointF) -> None:
        target = self._drop_target(pos)
        if target is None:
            self.drop_indicator.hide()
            return
        place, index = target
        moving = set(self.selected_note_ids())
        boxes = sorted((b for b in self.surface.boxes.values() if b.place == place and b.note_id not in moving),
                       key=lambda b: (b.rect.y, b.rect.x))
        if index < len(boxes):
            rect = boxes[index].rect
            x, top, bottom = rect.x - 6, rect.y, rect.bottom
        elif boxes:
            rect = boxes[-1].rect
            x, top, bottom = rect.right + 6, rect.y, rect.bottom
        else:
            rect = self.surface.spot_of(place).rect
            x, top = rect.x + CELL_PAD - 6, rect.y + CELL_PAD
            if place.kind != "cell":  # below the title of the parking lot or section
                top += 34
            bottom = top + 80
        self.drop_indicator.setLine(QLineF(x, top, x, bottom))
        self.drop_indicator.show()

    def _drop_notes(self, pos: QPointF, shift: bool) -> None:
        """Between the grid and the empathy map a drop copies (Shift moves); elsewhere it moves."""
        ids = self.selected_note_ids()
        target = self._drop_target(pos)
        if target is None or not ids:
            self.refresh()  # back where they were
            return
        place, index = target
        crossing = any(region(Place.of(self.doc.note(i))) != region(place) for i in ids)
        if crossing and not shift:
            specs = [{k: getattr(self.doc.note(i), k) for k in NOTE_FIELDS} for i in ids]
            change = self.run(lambda: self.doc.add_notes(place, specs, index=index))
            self.refresh()  # the originals go back where they were
            if change is not None:
                self.select_notes(change.result)
            return
        if self.run(lambda: self.doc.move_notes(ids, place, index)) is not None:
            self.refresh()  # a move that changes nothing still puts the items back in place
        self.select_notes(ids)

    def contextMenuEvent(self, event) -> None:
        pos = event.scenePos()
        handle = next((h for h in self.emotion_items if h.isVisible() and h.contains(h.mapFromScene(pos))), None)
        if handle is not None:
            self._context_emotion = handle
            self.context_menu.emit("emotion", event.screenPos())
            return
        item = self.note_item_at(pos)
        if item is not None:
            if not item.isSelected():
                self.select_notes([item.note_id])
            self.context_menu.emit("note", event.screenPos())
            return
        spot = self.surface.spot_at(pos.x(), pos.y())
        if spot is not None:
            self.clearSelection()
            self.set_focused_cell(spot.place)
            self.context_menu.emit("cell" if spot.place.kind == "cell" else "place", event.screenPos())

    def clear_context_emotion(self) -> None:
        """Clears the emotion score whose face was right-clicked."""
        handle = getattr(self, "_context_emotion", None)
        if handle is not None:
            self.run(lambda: self.doc.set_emotion(handle.lane_id, handle.stage_id, None))

    def mouseDoubleClickEvent(self, event) -> None:
        pos = event.scenePos()
        item = self.note_item_at(pos)
        if item is not None:
            self.edit_note(item.note_id)
            return
        if self.header_drag.double_click(pos):
            return
        spot = self.surface.spot_at(pos.x(), pos.y())
        if spot is None:
            return super().mouseDoubleClickEvent(event)
        if spot.place.kind == "cell" and self.doc.lane(spot.place.lane_id).kind == "metric":
            self.edit_metric(spot.place.lane_id, spot.place.stage_id)
        else:
            self.add_note_and_edit(spot.place, self.surface.insert_index(spot.place, pos.x(), pos.y()))

    # ------------------------------------------------------------------ editing text in place

    def add_note_and_edit(self, place: Place, index: Optional[int] = None) -> None:
        """Creates an empty note and opens the editor on it; all the typing that follows and
        the creation are one undo step, and an empty new note disappears when editing ends."""
        self.finish_editing()
        key = ("text", next(self._edit_sessions))
        change = self.run(lambda: self.doc.add_note(place, "", index=index), merge_key=key)
        if change is not None:
            self.set_focused_cell(place)
            self.edit_note(change.result, session=key, created=True)

    def edit_note(self, note_id: int, session=None, created: bool = False) -> None:
        self.finish_editing()
        if self.doc.read_only:
            self.error.emit(f"This board is read-only. {self.doc.file.read_only_reason}")
            return
        key = session or ("text", next(self._edit_sessions))
        box = self.surface.boxes[note_id]
        self.select_notes([note_id])
        editor = self._open_editor(("note", note_id), self._note_editor_rect(note_id), self.doc.note(note_id).text,
                                   box.text.size, box.color, multiline=True)
        editor.signals.text_changed.connect(
            lambda text: self.run(lambda: self.doc.edit_note(note_id, text=text), merge_key=key))
        editor.signals.finished.connect(
            lambda text, how: self._note_edit_finished(note_id, key, created, text, how))

    def _note_editor_rect(self, note_id: int) -> QRectF:
        rect = self.surface.boxes[note_id].rect
        return QRectF(rect.x + NOTE_PAD - 2, rect.y + NOTE_PAD - 2, rect.w - 2 * NOTE_PAD + 4, rect.h - 2 * NOTE_PAD + 4)

    def _note_edit_finished(self, note_id: int, key, created: bool, text: str, how: str) -> None:
        self._close_editor()
        if created and not text.strip():
            top = self.stack.command(self.stack.index() - 1)
            if isinstance(top, DocumentCommand) and top.merge_key == key:
                self.doc.undo(top.change)
                top.setObsolete(True)  # undo() now drops it unrun: no trace in the history
                self.stack.undo()
            return
        if how == "next" and self.doc.has_note(note_id):
            note = self.doc.note(note_id)
            place = Place.of(note)
            self.add_note_and_edit(place, note.position + 1)

    def rename_header(self, kind: str, row_id: int) -> None:
        """Opens the editor on a stage or lane header; Enter renames, Escape keeps the change typed."""
        self.finish_editing()
        if kind == "stage":
            box = next(b for b in self.layout.stages if b.stage_id == row_id)
            rect, title, name = box.header, box.title, self.doc.stage(row_id).name
            rename = self.doc.rename_stage
        else:
            box = next(b for b in self.layout.lanes if b.lane_id == row_id)
            rect, title, name = box.header, box.title, self.doc.lane(row_id).name
            rename = lambda lane_id, new: self.doc.edit_lane(lane_id, name=new)  # noqa: E731
        editor = self._open_editor((kind, row_id), qrect(rect).adjusted(6, 6, -6, -6), name, title.size,
                                   "#FFFFFF", multiline=False, center=kind == "stage")
        editor.signals.finished.connect(lambda text, how: self._rename_finished(rename, row_id, text))

    def _rename_finished(self, rename, row_id: int, text: str) -> None:
        self._close_editor()
        if text.strip():
            self.run(lambda: rename(row_id, text))

    def edit_metric(self, lane_id: int, stage_id: int) -> None:
        self.finish_editing()
        box = next(m for m in self.layout.metrics if (m.lane_id, m.stage_id) == (lane_id, stage_id))
        editor = self._open_editor(("metric", lane_id, stage_id), qrect(box.rect).adjusted(6, 6, -6, -6),
                                   self.doc.metric(lane_id, stage_id), box.text.size, "#FFFFFF",
                                   multiline=False, center=True)
        editor.signals.finished.connect(lambda text, how: self._metric_finished(lane_id, stage_id, text))

    def _metric_finished(self, lane_id: int, stage_id: int, text: str) -> None:
        self._close_editor()
        self.run(lambda: self.doc.set_metric(lane_id, stage_id, text))

    def _open_editor(self, what: tuple, rect: QRectF, text: str, size: float, fill: str, *,
                     multiline: bool, center: bool = False) -> InlineEditor:
        self.editor = InlineEditor(rect, text, size, fill, multiline=multiline, center=center)
        self._editing = what
        self.addItem(self.editor)
        self.setFocusItem(self.editor)
        self.editor.setFocus(Qt.OtherFocusReason)
        return self.editor

    def _follow_editor(self) -> None:
        if self.editor is None or self._editing[0] != "note":
            return
        note_id = self._editing[1]
        if note_id in self.surface.boxes:
            self.editor.follow(self._note_editor_rect(note_id))
        else:
            self.editor.finish("done")

    def _close_editor(self) -> None:
        editor, self.editor, self._editing = self.editor, None, None
        if editor is not None:
            editor.signals.blockSignals(True)
            self.removeItem(editor)
            # Often called from inside the editor's own key or focus handler: keep it alive
            # until the next editor replaces it, so Qt never runs a handler of a deleted item.
            self._retired_editor = editor
            for view in self.views():
                view.setFocus()

    def focusNextPrevChild(self, next: bool) -> bool:
        # A real keyboard's Tab reaches the scene as focus navigation, never as a key press of
        # the focused item: while a note is edited it means "next note" instead.
        if self.editor is not None:
            self.editor.finish("next" if next and self.editor.multiline else "done")
            return True
        return super().focusNextPrevChild(next)

    def finish_editing(self) -> None:
        if self.editor is not None:
            self.editor.finish("done")

    @property
    def is_editing(self) -> bool:
        return self.editor is not None

