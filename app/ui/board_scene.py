"""The board as a Qt scene. It follows the document: every committed change recomputes the one
layout, and the items move to where it says. Mouse gestures end in one document call each."""
from __future__ import annotations

from typing import Optional

from PySide6.QtCore import QPoint, QPointF, QRectF, Qt, Signal
from PySide6.QtGui import QBrush, QPen, QUndoStack
from PySide6.QtWidgets import QGraphicsLineItem, QGraphicsRectItem, QGraphicsScene

from app.model.document import BoardError, Document, Place
from app.model.layout import BoardLayout, fit
from app.model.changed_places import vote_note
from app.model.entities import Emotion, LaneKind, Note, Vote
from app.model.surface import Spot, Surface, compute_surface, update_surface

from . import theme
from .commands import perform
from .document_signals import DocumentSignals
from .cluster_item import ClusterItem
from .emotion_item import EmotionHandle
from .empathy_item import EmpathyItem
from .grid_item import GridItem, qrect
from .header_drag import HeaderDrag
from .note_drag import NoteDrag
from .note_layer import NoteLayer
from .note_item import NoteItem, NoteLook
from .picture_dialog import show_picture
from .portrait import mime_has_pictures, pictures_from_mime
from .text_editing import TextEditing
from .text_warmup import TextWarmup

MARGIN = 40


def note_chips(note) -> tuple[str, ...]:
    chips = []
    if note.idea:
        chips.append("idea")
    if note.owner:
        chips.append(f"@{note.owner}")
    chips.extend(f"#{tag}" for tag in note.tags)
    return tuple(chips)


_POSITION = {"position"}


def _same_grid(a: BoardLayout, b: BoardLayout) -> bool:
    """Whether two layouts put the stages and lanes in the same places."""
    return a.stages == b.stages and a.lanes == b.lanes


class BoardScene(QGraphicsScene):
    error = Signal(str)  # a refused gesture, for the status bar
    layout_changed = Signal()
    context_menu = Signal(str, QPoint)  # "note" | "cell" | "place" | "emotion" | "cluster", and where
    rename_cluster_asked = Signal(int)  # a cluster's label was double-clicked

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
        self.note_layer = NoteLayer(self)  # paints the plain notes for board views
        self.addItem(self.note_layer)
        self.text_warmup = TextWarmup(self)
        self.emotion_items: list[EmotionHandle] = []
        self.cluster_items: dict[int, ClusterItem] = {}
        self.hidden_lane_marks: list[QGraphicsRectItem] = []
        self.context_cluster: Optional[int] = None  # the cluster whose label was right-clicked
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
        self.every_dot = False  # an export shows every dot, as the PDF does, whoever's turn it is
        self._highlight = None  # note -> True (highlight) | False (dim) | None
        self.editing = TextEditing(self)
        self.note_drag = NoteDrag(self)
        self.header_drag = HeaderDrag(self)
        self.signals.changed.connect(self.refresh)
        self._follow(self.surface, None)

    # ------------------------------------------------------------------ following the document

    def refresh(self, change=None) -> None:
        """Follows a committed change: the layout is updated where the change touched it, and
        only the items of notes it changed or moved are updated. Without a change (after a
        refused gesture, a drag that changed nothing) the board is laid out anew."""
        if change is None:
            surface = compute_surface(self.doc)
        else:
            surface = update_surface(self.surface, self.doc, change)
        self._follow(surface, change)

    def _follow(self, surface: Surface, change) -> None:
        """Shows surface, the layout after change (None: of the whole board, e.g. at first)."""
        previous, self.surface = self.surface, surface
        self.layout = surface.grid
        self.grid.set_layout(self.layout)
        self.empathy_item.set_surface(surface)
        self.setSceneRect(QRectF(-MARGIN, -MARGIN, surface.width + 2 * MARGIN, surface.height + 2 * MARGIN))
        touched, restyled = self._notes_to_follow(surface, change)
        self._follow_notes(touched, restyled)
        self.note_layer.follow(touched)
        self.text_warmup.follow(touched)
        grid_moved = change is None or not _same_grid(previous.grid, surface.grid)
        if grid_moved or change.touches(Emotion):
            self._refresh_emotions()
        if change is None or self._clusters_changed(previous, touched):
            self._refresh_clusters()
        if grid_moved:
            self._mark_hidden_lanes()
        self._apply_highlight(None if self._highlight is not None else touched)
        self._refresh_focus()
        self.editing.follow()
        self.layout_changed.emit()

    def _notes_to_follow(self, surface: Surface, change) -> tuple[Optional[set[int]], Optional[set[int]]]:
        """The notes whose items must follow change: those whose boxes changed or that the
        change restyled, and of those the restyled ones (text, colour, chips, dots, room
        status); (None, None): all."""
        if change is None or surface.changed is None:
            return None, None
        # A note renumbered in its place (a note inserted before it) looks as it did: it moves.
        restyled = {row.key[0] for row in change.rows if row.entity is Note and set(row.after or ()) != _POSITION}
        restyled.update(vote_note(self.doc, row) for row in change.rows if row.entity is Vote)
        restyled.discard(None)
        return restyled | surface.changed, restyled

    def _follow_notes(self, touched: Optional[set[int]], restyled: Optional[set[int]]) -> None:
        """Makes, updates and removes the items of the touched notes (None: of every note). An
        item that only moved keeps the rest of its look: a taller row moves every note below it."""
        boxes, items = self.surface.boxes, self.note_items
        if touched is None:
            gone = set(items) - set(boxes)
            restyled = boxes.keys()
        else:
            gone = {i for i in touched if i in items and i not in boxes}
            moved = False
            for note_id in touched - restyled:
                item, box = items.get(note_id), boxes.get(note_id)
                if item is None or box is None:
                    restyled.add(note_id)
                elif item.look.box != box or item.pos() != item.home():
                    if item.move_to(box):
                        moved = True
                    else:
                        old = item.look
                        item.set_look(NoteLook(box, old.chips, old.dots, old.room_dots, old.hidden))
            if moved:
                self.note_layer.changed(self.note_layer.boundingRect())
        self._restyle_notes([i for i in restyled if i in boxes], touched is None)
        for note_id in gone:
            self.removeItem(items.pop(note_id))

    def _restyle_notes(self, note_ids, every: bool) -> None:
        """Gives the notes' items (made where missing) their looks from the board as it is."""
        boxes, items = self.surface.boxes, self.note_items
        votes = self._laptop_votes()
        room_votes = self.doc.visible_vote_counts()  # what the projector may show of open hidden rounds
        if every:
            kept_from_room = self.doc.kept_from_room()
        else:
            kept_from_room = {i for i in note_ids if not self.doc.shown_in_room(i)}
        for note_id in note_ids:
            look = NoteLook(boxes[note_id], note_chips(self.doc.note(note_id)), votes.get(note_id, 0),
                            room_votes.get(note_id, 0), note_id in kept_from_room)
            item = items.get(note_id)
            if item is None:
                item = items[note_id] = NoteItem(look)
                self.addItem(item)
            elif item.look != look or item.pos() != item.home():
                item.set_look(look)

    def put_back(self) -> None:
        """Puts the note items a drag moved (Qt moves the selected ones) where the layout has
        them: after a drop that went nowhere, or that copied them."""
        for item in self.selectedItems():
            if isinstance(item, NoteItem) and item.pos() != item.home():
                item.setPos(item.home())

    def _clusters_changed(self, previous: Surface, touched: Optional[set[int]]) -> bool:
        """Whether a cluster's frame or the note its stack shows changed."""
        if previous.clusters != self.surface.clusters:
            return True
        return touched is None or any(box.top_note in touched for box in self.surface.clusters)

    def _laptop_votes(self) -> dict[int, int]:
        """The dots the laptop shows: with a hidden round open, voters take turns at it, so it
        shows the current voter's own dots of that round (the tally shows the facilitator all)."""
        voting_round = self.doc.open_round()
        if voting_round is not None and voting_round.hidden and not self.every_dot:
            return self.doc.visible_vote_counts(self.doc.current_voter())
        return self.doc.vote_counts()

    @property
    def voting(self) -> bool:
        """While a voting round is open, a click on a note gives it a dot, a right-click takes one back."""
        return not self.doc.read_only and self.doc.open_round() is not None

    def _refresh_clusters(self) -> None:
        for item in self.cluster_items.values():
            self.removeItem(item)
        self.cluster_items = {}
        for box in self.surface.clusters:
            top = self.surface.boxes.get(box.top_note)
            item = ClusterItem(box, top.rect if top else None, top.color if top else "#FFFFFF")
            self.addItem(item)
            self.cluster_items[box.cluster_id] = item

    def _mark_hidden_lanes(self) -> None:
        """Hatches the headers of lanes the projector does not show (the laptop still shows them)."""
        for mark in self.hidden_lane_marks:
            self.removeItem(mark)
        self.hidden_lane_marks = []
        for lane in self.layout.lanes:
            if self.doc.lane(lane.lane_id).hidden:
                mark = QGraphicsRectItem(qrect(lane.header))
                mark.setBrush(QBrush(theme.HIDDEN_HATCH, Qt.BDiagPattern))
                mark.setPen(Qt.NoPen)
                mark.setZValue(-4)
                mark.setToolTip("Hidden from the projector (Workshop › Hide or Show Lane)")
                self.addItem(mark)
                self.hidden_lane_marks.append(mark)

    def cluster_label_at(self, pos: QPointF) -> Optional[ClusterItem]:
        return next((item for item in self.cluster_items.values() if item.label_contains(pos.x(), pos.y())), None)

    def _refresh_emotions(self) -> None:
        for item in self.emotion_items:
            self.removeItem(item)
        self.emotion_items = []
        for lane in self.layout.lanes:
            if lane.kind != LaneKind.EMOTION:
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
        if not self.every_dot:
            self.every_dot = True
            if self.doc.open_round() is not None:
                self.refresh()
        self.editing.finish()
        self.clearSelection()
        self.highlight(None)
        self.set_focused_cell(None)
        self.drop_indicator.hide()
        for mark in self.hidden_lane_marks:
            mark.hide()
        for handle in self.emotion_items:
            handle.setVisible(handle.score is not None)

    def highlight(self, predicate) -> None:
        """Highlights the notes predicate(note) is True for and dims those it is False for
        (a search, a tag); None shows all notes plainly."""
        self._highlight = predicate
        self._apply_highlight()

    def _apply_highlight(self, touched: Optional[set[int]] = None) -> None:
        """touched: only these notes' items can be out of step (no highlight is on)."""
        items = self.note_items
        for note_id, item in (items.items() if touched is None else
                              ((i, items[i]) for i in touched if i in items)):
            verdict = self._highlight(self.doc.note(note_id)) if self._highlight else None
            if (item.highlighted, item.dimmed) != (verdict is True, verdict is False):
                item.highlighted, item.dimmed = verdict is True, verdict is False
                item.update()

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
        self.clearSelection()
        for note_id in note_ids:
            if note_id in self.note_items:
                self.note_items[note_id].setSelected(True)

    def item_showing(self, note_id: int) -> Optional[NoteItem]:
        """The item that shows a note: its own, or the stack of the collapsed cluster it is folded in."""
        item = self.note_items.get(note_id)
        if item is None:
            cluster_id = self.doc.note(note_id).cluster_id
            stack = next((c for c in self.surface.clusters if c.cluster_id == cluster_id), None)
            item = self.note_items.get(stack.top_note) if stack is not None else None
        return item

    def show_note(self, note_id: int, view) -> None:
        """Selects a note and scrolls a view to it (or to the stack it is folded in)."""
        item = self.item_showing(note_id)
        if item is not None:
            self.select_notes([item.note_id])
            view.centerOn(item)

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
        editor = self.editing.editor
        if editor is not None and not editor.contains(editor.mapFromScene(event.scenePos())):
            editor.finish("done")
        if event.button() == Qt.LeftButton and self.header_drag.press(event.scenePos()):
            event.accept()
            return
        item = self.note_item_at(event.scenePos())
        if item is not None and self.voting and event.button() == Qt.LeftButton:
            self.run(lambda: self.doc.add_votes(item.note_id))
            event.accept()
            return
        cluster = self.cluster_label_at(event.scenePos()) if item is None else None
        if cluster is not None and event.button() == Qt.LeftButton:
            self._press_cluster(cluster, event)
            return
        if item is not None and event.modifiers() & Qt.ShiftModifier:
            event.setModifiers(event.modifiers() | Qt.ControlModifier)  # Shift-click adds too
        self.note_drag.press(event.scenePos(), item if event.button() == Qt.LeftButton else None)
        spot = self.surface.spot_at(event.scenePos().x(), event.scenePos().y())
        if spot is not None:
            self.set_focused_cell(spot.place)
        super().mousePressEvent(event)

    def _press_cluster(self, cluster: ClusterItem, event) -> None:
        """The triangle collapses or expands a cluster; the label selects its notes (to drag it)."""
        pos = event.scenePos()
        event.accept()
        if cluster.toggle_contains(pos.x(), pos.y()):
            if not self.doc.read_only:
                self.run(lambda: self.doc.set_cluster_collapsed(cluster.cluster_id, not cluster.box.collapsed))
            return
        members = [n.id for n in self.doc.cluster_notes(cluster.cluster_id)]
        self.select_notes(members)
        top = self.note_items.get(cluster.box.top_note)
        if top is not None:
            self.note_drag.press(pos, top)

    def mouseMoveEvent(self, event) -> None:
        if self.header_drag.active:
            self.header_drag.move(event.scenePos())
            return
        super().mouseMoveEvent(event)
        self.note_drag.move(event.scenePos())

    def mouseReleaseEvent(self, event) -> None:
        if self.header_drag.active:
            self.header_drag.release(event.scenePos())
            return
        super().mouseReleaseEvent(event)
        self.note_drag.release(event.scenePos(), bool(event.modifiers() & Qt.ShiftModifier))

    def contextMenuEvent(self, event) -> None:
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
        pos = event.scenePos()
        item = self.note_item_at(pos)
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
        if self.header_drag.double_click(pos):
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
