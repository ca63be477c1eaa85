"""Dragging notes: the items move freely while the mouse is down, a line shows where they will
land, and the release makes one document call (a move; a copy between the grid and the
empathy map unless Shift is held); Escape puts them back."""
from __future__ import annotations

from typing import TYPE_CHECKING, Optional

from PySide6.QtCore import QLineF, QPointF, Qt

from app.model.document import NOTE_FIELDS, Place
from app.model.entities import LaneKind
from app.model.layout import CELL_PAD

from .gesture import Gesture

if TYPE_CHECKING:
    from .board_scene import BoardScene

DRAG_THRESHOLD = 4.0  # scene units the mouse must travel before a press becomes a drag
SPOT_TITLE_H = 34.0  # the parking lot's and sections' title rows, above their notes


def region(place: Place) -> str:
    """Which part of the surface a place is in: drops between the two copy notes."""
    return "empathy" if place.kind == "empathy" else "grid"


class NoteDrag(Gesture):
    """A press on a note (or a cluster's label): dragging moves the selected notes, the release
    drops them, Escape puts them back."""

    def __init__(self, scene: "BoardScene", start: QPointF, qt_moves_items: bool = True):
        self.scene, self._start = scene, start
        self.qt_moves_items = qt_moves_items  # a cluster's label drags its notes without Qt

    def move(self, pos: QPointF) -> None:
        if self._far_enough(pos):
            self._show_indicator(pos)

    def finish(self, pos: QPointF, modifiers) -> None:
        self.scene.drop_indicator.hide()
        if self._far_enough(pos):
            self._drop(pos, bool(modifiers & Qt.ShiftModifier))

    def cancel(self) -> None:
        self.scene.drop_indicator.hide()
        self.scene.put_back()

    def _far_enough(self, pos: QPointF) -> bool:
        return QLineF(self._start, pos).length() >= DRAG_THRESHOLD

    def target(self, pos: QPointF) -> Optional[tuple[Place, int]]:
        """Where notes dropped at pos land: a place and an index in its order."""
        scene = self.scene
        spot = scene.surface.spot_at(pos.x(), pos.y())
        if spot is None or spot.place.kind == "cell" and scene.doc.lane(spot.place.lane_id).kind == LaneKind.METRIC:
            return None
        moving = frozenset(scene.selected_note_ids())
        return spot.place, scene.surface.insert_index(spot.place, pos.x(), pos.y(), moving)

    def _show_indicator(self, pos: QPointF) -> None:
        scene = self.scene
        target = self.target(pos)
        if target is None:
            scene.drop_indicator.hide()
            return
        place, index = target
        moving = set(scene.selected_note_ids())
        boxes = sorted((b for b in scene.surface.boxes.values() if b.place == place and b.note_id not in moving),
                       key=lambda b: (b.rect.y, b.rect.x))
        index = _slot(boxes, index, {c.top_note: c.folded for c in scene.surface.clusters})
        if index < len(boxes):
            rect = boxes[index].rect
            x, top, bottom = rect.x - 6, rect.y, rect.bottom
        elif boxes:
            rect = boxes[-1].rect
            x, top, bottom = rect.right + 6, rect.y, rect.bottom
        else:
            rect = scene.surface.spot_of(place).rect
            x, top = rect.x + CELL_PAD - 6, rect.y + CELL_PAD
            if place.kind != "cell":
                top += SPOT_TITLE_H
            bottom = top + 80
        scene.drop_indicator.setLine(QLineF(x, top, x, bottom))
        scene.drop_indicator.show()

    def _drop(self, pos: QPointF, shift: bool) -> None:
        scene, doc = self.scene, self.scene.doc
        ids = scene.selected_note_ids()
        target = self.target(pos)
        if target is None or not ids:
            scene.put_back()
            return
        place, index = target
        crossing = any(region(Place.of(doc.note(i))) != region(place) for i in ids)
        if crossing and not shift:
            specs = [{k: getattr(doc.note(i), k) for k in NOTE_FIELDS} for i in ids]
            change = scene.run(lambda: doc.add_notes(place, specs, index=index))
            scene.put_back()  # the originals go back where they were
            if change is not None:
                scene.select_notes(change.result)
            return
        scene.run(lambda: doc.move_notes(ids, place, index))
        scene.put_back()  # a move that changes nothing still puts the items back in place
        scene.select_notes(ids)


def _slot(boxes, index: int, folded: dict[int, int]) -> int:
    """The drawn note before which index (in the place's order) falls: the notes folded in a
    collapsed cluster count, but have no box."""
    passed = 0
    for slot, box in enumerate(boxes):
        if passed >= index:
            return slot
        passed += 1 + folded.get(box.note_id, 0)
    return len(boxes)
