"""The board as a Qt scene of items that paint it: grid, empathy map, notes, clusters, emotion
faces. It follows the document (live) or shows it as it is (an export): every committed change
updates the one layout where it touched it, and only the items it changed follow. No undo, no
gestures: the editing scene (board_scene.BoardScene) adds those on top; the PNG export paints
this alone."""
from __future__ import annotations

import time
from typing import Optional

from PySide6.QtCore import QPointF, QRectF, Qt, QTimer, Signal
from PySide6.QtGui import QBrush
from PySide6.QtWidgets import QGraphicsRectItem, QGraphicsScene

from app.model.changed_places import vote_note
from app.model.document import Document
from app.model.entities import Emotion, LaneKind, Note, Vote
from app.model.layout import BoardLayout, fit
from app.model.surface import Surface, compute_surface, update_surface

from . import theme
from .cluster_item import ClusterItem
from .document_signals import DocumentSignals
from .emotion_item import EmotionFace
from .empathy_item import EmpathyItem
from .fonts import load_fonts
from .grid_item import GridItem, qrect
from .laptop_mark import LaptopMark
from .note_item import NoteItem, NoteLook
from .note_layer import NoteLayer
from .note_painter import NotePixmaps, ViewPaint
from .text_warmup import TextWarmup

MARGIN = 40
PLACED_AT_ONCE = 2_000  # note items a live picture makes when built; the rest while the app is idle
PLACING_SLICE_S = 0.03  # the longest an idle slice of making items takes


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


class BoardPicture(QGraphicsScene):
    layout_changed = Signal()  # after the items followed a change (and once when built)

    def __init__(self, doc: Document, *, live: bool = True, laptop: bool = True,
                 surface: Optional[Surface] = None, parent=None):
        """live: follows the document's changes (else shows it as it is now, for an export).
        laptop: the facilitator's marks: hatched headers of lanes hidden from the projector,
        rings where an emotion score is not set, and during a hidden voting round the current
        voter's own dots; without them (an export) every dot shows, as in the PDF.
        surface: the board's layout, when the caller has computed it already."""
        super().__init__(parent)
        load_fonts()
        self.doc = doc
        self.laptop = laptop
        self.signals = DocumentSignals(doc, self) if live else None
        self.surface: Surface = surface or compute_surface(doc)
        self.layout: BoardLayout = self.surface.grid
        self.grid = GridItem(self.layout, fit("Parking lot – notes not placed yet", 600, 20, 13, 13, True))
        self.addItem(self.grid)
        self.empathy_item = EmpathyItem(self.surface, doc)
        self.addItem(self.empathy_item)
        self.note_items: dict[int, NoteItem] = {}
        self.note_pixmaps = NotePixmaps()  # notes as painted, for the board's views to copy
        self.view_paint: Optional[ViewPaint] = None  # what the view painting now asks (BoardView)
        self.note_layer = NoteLayer(self)  # paints the plain notes for board views
        self.addItem(self.note_layer)
        self.text_warmup = TextWarmup(self) if live else None
        self.emotion_items: list[EmotionFace] = []
        self.cluster_items: dict[int, ClusterItem] = {}
        self.hidden_lane_marks: list[QGraphicsRectItem] = []
        self._highlight = None  # note -> True (highlight) | False (dim) | None
        self._unplaced: list[int] = []  # notes whose items are made in idle slices, last first
        self._placing = QTimer(self) if live else None
        if live:
            self._placing.setSingleShot(True)
            self._placing.timeout.connect(self._place_some)
            self.signals.changed.connect(self.refresh)
        self._follow(self.surface, None)

    def close(self) -> None:
        """Stops following the document."""
        if self.signals is not None:
            self.signals.detach()
            self.signals = None

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
        rect = QRectF(-MARGIN, -MARGIN, surface.width + 2 * MARGIN, surface.height + 2 * MARGIN)
        if rect != self.sceneRect():  # (setting it costs a big board's index milliseconds)
            self.setSceneRect(rect)
        touched, restyled = self._notes_to_follow(surface, change)
        self._follow_notes(touched, restyled)
        self.note_layer.follow(touched)
        if self.text_warmup is not None:
            self.text_warmup.follow(restyled)  # a note that only moved shows the lines it had
        grid_moved = change is None or not _same_grid(previous.grid, surface.grid)
        if grid_moved or change.touches(Emotion):
            self._refresh_emotions()
        if change is None or self._clusters_changed(previous, touched):
            self._refresh_clusters()
        if grid_moved and self.laptop:
            self._mark_hidden_lanes()
        self._apply_highlight(None if change is None else restyled)  # a note that moved is found as it was
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
            restyled = self._placed_now(boxes)
        else:
            gone = {i for i in touched if i in items and i not in boxes}
            moved = False
            layer = self.note_layer
            for note_id in touched - restyled:
                item, box = items.get(note_id), boxes.get(note_id)
                if item is None or box is None:
                    restyled.add(note_id)
                elif item.look.box is not box:
                    if item.move_to(box, layer):
                        moved = True
                    else:
                        old = item.look
                        item.set_look(NoteLook(box, old.chips, old.dots, old.room_dots, old.hidden))
            if moved:
                self.note_layer.update()  # (the bins they left and entered are painted anew: NoteLayer._index)
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

    def _placed_now(self, boxes: dict) -> list[int]:
        """The notes whose items are made or updated now, in a full follow: all of them, but
        when a live picture is built for a big board, the first PLACED_AT_ONCE from the top
        left (what a view shows first); the others are made in idle slices (_place_some)."""
        self._unplaced = []
        if self._placing is None or self.note_items or len(boxes) <= PLACED_AT_ONCE:
            return list(boxes)
        order = sorted(boxes.values(), key=lambda box: (box.rect.y, box.rect.x))
        self._unplaced = [box.note_id for box in reversed(order[PLACED_AT_ONCE:])]
        self._placing.start(0)
        return [box.note_id for box in order[:PLACED_AT_ONCE]]

    def _place_some(self) -> None:
        start = time.perf_counter()
        placed: set[int] = set()
        while self._unplaced and time.perf_counter() - start < PLACING_SLICE_S:
            batch = self._unplaced[-200:]
            del self._unplaced[-200:]
            batch = [i for i in batch if i in self.surface.boxes and i not in self.note_items]
            self._restyle_notes(batch, False)
            placed.update(batch)
        self.note_layer.follow(placed)
        self.text_warmup.follow(placed)
        self._apply_highlight(placed)
        if self._unplaced:
            self._placing.start(0)

    def idle_work_left(self) -> bool:
        """Whether the picture still has work for idle time: note items to make, lines to shape."""
        return bool(self._unplaced) or (self.text_warmup is not None and self.text_warmup.pending())

    def place_all_notes(self) -> None:
        """Makes the items still to be made at once (a gesture or a selection needs them all)."""
        while self._unplaced:
            self._place_some()
        if self._placing is not None:
            self._placing.stop()

    def _clusters_changed(self, previous: Surface, touched: Optional[set[int]]) -> bool:
        """Whether a cluster's frame or the note its stack shows changed."""
        if previous.clusters != self.surface.clusters:
            return True
        return touched is None or any(box.top_note in touched for box in self.surface.clusters)

    def _laptop_votes(self) -> dict[int, int]:
        """The dots the laptop shows: with a hidden round open, voters take turns at it, so it
        shows the current voter's own dots of that round (the tally shows the facilitator all).
        Without the laptop's marks (an export), every dot."""
        voting_round = self.doc.open_round()
        if voting_round is not None and voting_round.hidden and self.laptop:
            return self.doc.visible_vote_counts(self.doc.current_voter())
        return self.doc.vote_counts()

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
                mark = LaptopMark(qrect(lane.header))
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
                score = self.doc.emotion(lane.lane_id, stage.stage_id)
                if score is None and not self.laptop:
                    continue  # the ring offering to set a score is the laptop's
                face = self._emotion_face(lane, stage, score)
                self.addItem(face)
                self.emotion_items.append(face)

    def _emotion_face(self, lane, stage, score: Optional[int]) -> EmotionFace:
        return EmotionFace(lane.lane_id, stage.stage_id, stage.column.x + stage.column.w / 2, lane.row, score)

    def highlight(self, predicate) -> None:
        """Highlights the notes predicate(note) is True for and dims those it is False for
        (a search, a tag); None shows all notes plainly."""
        self._highlight = predicate
        self._apply_highlight()

    def _apply_highlight(self, touched: Optional[set[int]] = None) -> None:
        """touched: only these notes' verdicts can have changed (their text or tags, or a new item)."""
        items = self.note_items
        for note_id, item in (items.items() if touched is None else
                              ((i, items[i]) for i in touched if i in items)):
            verdict = self._highlight(self.doc.note(note_id)) if self._highlight else None
            if (item.highlighted, item.dimmed) != (verdict is True, verdict is False):
                item.highlighted, item.dimmed = verdict is True, verdict is False
                item.update()

    def item_showing(self, note_id: int) -> Optional[NoteItem]:
        """The item that shows a note: its own, or the stack of the collapsed cluster it is folded in."""
        item = self.note_items.get(note_id)
        if item is None:
            cluster_id = self.doc.note(note_id).cluster_id
            stack = next((c for c in self.surface.clusters if c.cluster_id == cluster_id), None)
            item = self.note_items.get(stack.top_note) if stack is not None else None
        return item

    def note_item_at(self, pos: QPointF) -> Optional[NoteItem]:
        for item in self.items(pos):
            if isinstance(item, NoteItem):
                return item
        return None
