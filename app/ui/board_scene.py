"""The board being edited: the board's picture (board_picture.BoardPicture) and what the
facilitator does on it. Every gesture ends in one document call, an undo step; the picture
follows the committed change."""
from __future__ import annotations

from typing import Optional

from PySide6.QtCore import QPoint, QPointF, Qt, Signal
from PySide6.QtGui import QPen, QUndoStack
from PySide6.QtWidgets import QGraphicsLineItem

from app.model.document import BoardError, Document, Place
from app.model.entities import LaneKind
from app.model.surface import Spot, Surface

from . import theme
from .board_picture import BoardPicture
from .cluster_item import ClusterItem
from .commands import perform
from .emotion_item import EmotionHandle
from .grid_item import qrect
from .gesture import Gesture
from .header_drag import HeaderDrag, header_at
from .laptop_mark import LaptopMark
from .note_drag import NoteDrag
from .note_item import NoteItem
from .picture_dialog import show_picture
from .portrait import mime_has_pictures, pictures_from_mime
from .text_editing import TextEditing


class BoardScene(BoardPicture):
    error = Signal(str)  # a refused gesture, for the status bar
    context_menu = Signal(str, QPoint)  # "note" | "cell" | "place" | "emotion" | "cluster", and where
    rename_cluster_asked = Signal(int)  # a cluster's label was double-clicked
    board_details_asked = Signal()  # the board's title was double-clicked

    def __init__(self, doc: Document, stack: QUndoStack, parent=None, surface: Optional[Surface] = None):
        super().__init__(doc, surface=surface, parent=parent)
        self.stack = stack
        self.context_cluster: Optional[int] = None  # the cluster whose label was right-clicked
        self.drop_indicator = QGraphicsLineItem()
        self.drop_indicator.setPen(QPen(theme.DROP_INDICATOR, 5, Qt.SolidLine, Qt.RoundCap))
        self.drop_indicator.setZValue(50)
        self.drop_indicator.hide()
        self.addItem(self.drop_indicator)
        self.focus_frame = LaptopMark()
        self.focus_frame.setPen(QPen(theme.FOCUS, 3, Qt.DashLine))
        self.focus_frame.setZValue(-5)
        self.focus_frame.hide()
        self.addItem(self.focus_frame)
        self.focused_cell: Optional[Place] = None
        self.editing = TextEditing(self)
        self.gesture: Optional[Gesture] = None  # the mouse's, from a press to its release
        self.layout_changed.connect(self._follow_layout)  # first: the window's listeners see them in place

    def _follow_layout(self) -> None:
        """The cell focus and the note editor where the layout now has them."""
        self._refresh_focus()
        self.editing.follow()

    def _emotion_face(self, lane, stage, score: Optional[int]) -> EmotionHandle:
        return EmotionHandle(lane.lane_id, stage.stage_id, stage.column.x + stage.column.w / 2, lane.row, score,
                             lambda y, lane_id=lane.lane_id: self.layout.emotion_score_at(lane_id, y),
                             self._emotion_dropped)

    def put_back(self) -> None:
        """Puts the note items a drag moved (Qt moves the selected ones) where the layout has
        them: after a drop that went nowhere, or that copied them."""
        for item in self.selectedItems():
            if isinstance(item, NoteItem) and item.pos() != item.home():
                item.setPos(item.home())

    @property
    def voting(self) -> bool:
        """While a voting round is open, a click on a note gives it a dot, a right-click takes one back."""
        return not self.doc.read_only and self.doc.open_round() is not None

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

    # ------------------------------------------------------------------ selection helpers

    def selected_note_ids(self) -> list[int]:
        """The selected notes in reading order: by cell, then position; a selected collapsed
        cluster's stack brings the notes folded behind it."""
        items = [i for i in self.selectedItems() if isinstance(i, NoteItem)]
        stacks = {c.top_note: c.cluster_id for c in self.surface.clusters if c.collapsed}
        ids = []
        for item in sorted(items, key=lambda i: (i.look.box.rect.y, i.look.box.rect.x)):
            if item.note_id in stacks:  # a collapsed cluster's stack stands for all its notes
                ids.extend(n.id for n in self.doc.cluster_notes(stacks[item.note_id]))
            else:
                ids.append(item.note_id)
        return ids

    def select_notes(self, note_ids) -> None:
        self.place_all_notes()
        self.clearSelection()
        for note_id in note_ids:
            if note_id in self.note_items:
                self.note_items[note_id].setSelected(True)

    def show_note(self, note_id: int, view) -> None:
        """Selects a note and scrolls a view to it (or to the stack it is folded in)."""
        item = self.item_showing(note_id)
        if item is not None:
            self.select_notes([item.note_id])
            view.centerOn(item)

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
        self.place_all_notes()  # the note under the mouse has its item
        pos = event.scenePos()
        editor = self.editing.editor
        if editor is not None and not editor.contains(editor.mapFromScene(pos)):
            editor.finish("done")
        item = self.note_item_at(pos)
        self.gesture = self._start_gesture(pos, item) if event.button() == Qt.LeftButton else None
        if self.gesture is not None and not self.gesture.qt_moves_items:
            event.accept()
            return
        if item is not None and event.modifiers() & Qt.ShiftModifier:
            event.setModifiers(event.modifiers() | Qt.ControlModifier)  # Shift-click adds too
        spot = self.surface.spot_at(pos.x(), pos.y())
        if spot is not None:
            self.set_focused_cell(spot.place)
        super().mousePressEvent(event)

    def _start_gesture(self, pos: QPointF, item: Optional[NoteItem]) -> Optional[Gesture]:
        """What a left press at pos begins: a header drag; a dot given (voting); a cluster folded,
        or its notes dragged by the label; a note drag; or nothing of ours (Qt's rubber band,
        an emotion face's own drag)."""
        header = HeaderDrag.at(self, pos)
        if header is not None:
            return header
        if item is not None and self.voting:
            self.run(lambda: self.doc.add_votes(item.note_id))
            return Gesture()
        cluster = self.cluster_label_at(pos) if item is None else None
        if cluster is not None:
            return self._press_cluster(cluster, pos)
        return NoteDrag(self, pos) if item is not None else None

    def _press_cluster(self, cluster: ClusterItem, pos: QPointF) -> Gesture:
        """The triangle collapses or expands a cluster; the label selects its notes (to drag it)."""
        if cluster.toggle_contains(pos.x(), pos.y()):
            if not self.doc.read_only:
                self.run(lambda: self.doc.set_cluster_collapsed(cluster.cluster_id, not cluster.box.collapsed))
            return Gesture()
        self.select_notes([n.id for n in self.doc.cluster_notes(cluster.cluster_id)])
        return NoteDrag(self, pos, qt_moves_items=False)

    def mouseMoveEvent(self, event) -> None:
        gesture = self.gesture
        if gesture is None or gesture.qt_moves_items:
            super().mouseMoveEvent(event)
        if gesture is not None:
            gesture.move(event.scenePos())

    def mouseReleaseEvent(self, event) -> None:
        gesture, self.gesture = self.gesture, None
        if event.modifiers() & Qt.ShiftModifier and self.note_item_at(event.scenePos()) is not None:
            # Qt picks the selection at the release too: Shift-click adds there as at the press.
            event.setModifiers(event.modifiers() | Qt.ControlModifier)
        if gesture is None or gesture.qt_moves_items:
            super().mouseReleaseEvent(event)
        if gesture is not None:
            gesture.finish(event.scenePos(), event.modifiers())

    def cancel_gesture(self) -> bool:
        """Escape during a drag: everything goes back where it was; False when none runs."""
        gesture, self.gesture = self.gesture, None
        if gesture is None:
            return False
        grabber = self.mouseGrabberItem()
        if grabber is not None:  # Qt would go on moving the notes with the mouse
            grabber.ungrabMouse()
        gesture.cancel()
        return True

    def keyPressEvent(self, event) -> None:
        if event.key() == Qt.Key_Escape and self.cancel_gesture():
            event.accept()
            return
        super().keyPressEvent(event)

    def contextMenuEvent(self, event) -> None:
        self.place_all_notes()  # the note under the mouse has its item
        pos = event.scenePos()
        handle = next((h for h in self.emotion_items if h.isVisible() and h.contains(h.mapFromScene(pos))), None)
        if handle is not None:
            self._context_emotion = handle
            self.context_menu.emit("emotion", event.screenPos())
            return
        item = self.note_item_at(pos)
        if item is not None and self.voting:
            self.run(lambda: self.doc.remove_vote(item.note_id))
            return
        cluster = self.cluster_label_at(pos) if item is None else None
        if cluster is not None:
            self.context_cluster = cluster.cluster_id
            self.context_menu.emit("cluster", event.screenPos())
            return
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
        self.place_all_notes()  # the note under the mouse has its item
        pos = event.scenePos()
        item = self.note_item_at(pos)
        if item is not None and self.voting:
            self.run(lambda: self.doc.add_votes(item.note_id))  # a quick second click is a second dot
            return
        if item is not None and item.picture_contains(pos):
            note = self.doc.note(item.note_id)
            show_picture(note.image, note.text, self.views()[0].window() if self.views() else None)
            return
        if item is not None:
            self.editing.edit_note(item.note_id)
            return
        cluster = self.cluster_label_at(pos)
        if cluster is not None:
            self.rename_cluster_asked.emit(cluster.cluster_id)
            return
        if self.layout.title.contains(pos.x(), pos.y()):
            self.board_details_asked.emit()
            return
        header, row_id = header_at(self, pos)
        if header is not None:
            self.editing.rename_header("lane" if header == "lane" else "stage", row_id)
            return
        spot = self.surface.spot_at(pos.x(), pos.y())
        if spot is None:
            return super().mouseDoubleClickEvent(event)
        if spot.place.kind == "cell" and self.doc.lane(spot.place.lane_id).kind == LaneKind.METRIC:
            self.editing.edit_metric(spot.place.lane_id, spot.place.stage_id)
        else:
            self.editing.add_note(spot.place, self.surface.insert_index(spot.place, pos.x(), pos.y()))

    # ------------------------------------------------------------------ pictures dropped in

    def dragEnterEvent(self, event) -> None:
        event.setAccepted(mime_has_pictures(event.mimeData()))

    def dragMoveEvent(self, event) -> None:
        # Qt's scene refuses a drag no item takes; the board takes pictures over any spot.
        pos = event.scenePos()
        event.setAccepted(mime_has_pictures(event.mimeData()) and self.surface.spot_at(pos.x(), pos.y()) is not None)

    def dropEvent(self, event) -> None:
        pos = event.scenePos()
        spot = self.surface.spot_at(pos.x(), pos.y())
        if spot is None:
            return
        try:
            pictures = pictures_from_mime(event.mimeData())
        except BoardError as error:
            self.error.emit(str(error))
            return
        index = self.surface.insert_index(spot.place, pos.x(), pos.y())
        event.acceptProposedAction()
        self.run(lambda: self.doc.add_notes(spot.place, [{"text": "", "image": p} for p in pictures], index=index))

    def focusNextPrevChild(self, next: bool) -> bool:
        # A real keyboard's Tab reaches the scene as focus navigation, never as a key press of
        # the focused item: while a note is edited it means "next note" instead.
        editor = self.editing.editor
        if editor is not None:
            editor.finish("next" if next and editor.multiline else "done")
            return True
        return super().focusNextPrevChild(next)
