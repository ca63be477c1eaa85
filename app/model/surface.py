"""The journey grid and the empathy map side by side, as one surface in points.

The screen shows both in one scene, so a note can be dragged from an empathy-map section onto
a cell of the grid and back; the PNG export draws the same surface."""
from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Optional

from .document import Document, Place
from .empathy_layout import EmpathyLayout, compute_empathy_layout
from .changed_places import changed_notes, changed_places
from .changes import Change
from .layout import BoardLayout, ClusterBox, NoteBox, Rect, compute_layout, lay_out

EMPATHY_GAP = 80.0  # between the grid's right edge and the empathy map


@dataclass(frozen=True)
class Spot:
    """A place that holds notes (a cell, the parking lot, an empathy section) and its box."""
    place: Place
    rect: Rect


def shifted(rect: Rect, dx: float, dy: float) -> Rect:
    return Rect(rect.x + dx, rect.y + dy, rect.w, rect.h)


class Surface:
    def __init__(self, grid: BoardLayout, empathy: EmpathyLayout, previous: Optional["Surface"] = None):
        """previous: the surface before an edit that kept the grid's stages, lanes and title
        (update_surface), whose boxes are reused where the layouts kept them."""
        self.grid = grid
        self.empathy = empathy
        self.empathy_x = grid.width + EMPATHY_GAP
        self.empathy_y = grid.stages[0].header.y if grid.stages else grid.title.bottom
        self.empathy_rect = Rect(self.empathy_x, self.empathy_y, empathy.width, empathy.height)
        self.width = self.empathy_rect.right
        self.height = max(grid.height, self.empathy_rect.bottom)
        self.changed: Optional[frozenset[int]] = None  # notes whose boxes differ from previous'
        if previous is None:
            self.boxes: dict[int, NoteBox] = dict(grid.notes)
            self.boxes.update(self._empathy_boxes())
        else:
            self.boxes = self._boxes_after(previous)
        self.clusters: tuple[ClusterBox, ...] = grid.clusters + tuple(
            replace(c, rect=self.to_surface(c.rect)) for c in empathy.clusters)
        self.spots: tuple[Spot, ...] = tuple(
            [Spot(c.place, c.rect) for c in grid.cells + (grid.parking,)]
            + [Spot(s.place, self.to_surface(s.rect)) for s in empathy.sections])

    def _empathy_boxes(self) -> dict[int, NoteBox]:
        return {note_id: replace(box, rect=self.to_surface(box.rect)) for note_id, box in self.empathy.notes.items()}

    def _boxes_after(self, previous: "Surface") -> dict[int, NoteBox]:
        """previous' boxes, with those the grid and the empathy map changed; sets self.changed.
        The grid's layout says which places got new boxes (lay_out)."""
        boxes = dict(previous.boxes)
        changed = {box.note_id for place in self.grid.placed
                   for flow in (previous.grid.flows.get(place), self.grid.flows[place]) if flow is not None
                   for box in flow.notes}
        if self.empathy is not previous.empathy:
            old_empathy = {i: previous.boxes[i] for i in previous.empathy.notes}
            new_empathy = self._empathy_boxes()
            changed.update(i for i, box in new_empathy.items() if old_empathy.get(i) != box)
            changed.update(i for i in old_empathy if i not in new_empathy)
            for note_id in old_empathy:
                del boxes[note_id]
            boxes.update(new_empathy)
        for note_id in changed:
            box = self.grid.notes.get(note_id)
            if box is not None:
                boxes[note_id] = box
            elif note_id not in self.empathy.notes:
                boxes.pop(note_id, None)
        self.changed = frozenset(changed)
        return boxes

    def to_surface(self, rect: Rect) -> Rect:
        """An empathy-map rectangle in surface coordinates."""
        return shifted(rect, self.empathy_x, self.empathy_y)

    def spot_at(self, x: float, y: float) -> Optional[Spot]:
        return next((spot for spot in self.spots if spot.rect.contains(x, y)), None)

    def spot_of(self, place: Place) -> Optional[Spot]:
        return next((spot for spot in self.spots if spot.place == place), None)

    def insert_index(self, place: Place, x: float, y: float, ignore: frozenset = frozenset()) -> int:
        if place.kind == "empathy":
            return self.empathy.insert_index(place.section, x - self.empathy_x, y - self.empathy_y, ignore)
        return self.grid.insert_index(place, x, y, ignore)


def compute_surface(doc: Document) -> Surface:
    return Surface(compute_layout(doc), compute_empathy_layout(doc))


def update_surface(previous: Surface, doc: Document, change: Change) -> Surface:
    """The surface after a committed change, laid out again only where the change touched it;
    equal to compute_surface(doc). Its `changed` says which notes' boxes differ from previous'
    (None: all may, the board was laid out anew)."""
    places = changed_places(doc, change)
    if places is None:
        return compute_surface(doc)
    grid = lay_out(doc, previous.grid, places, changed_notes(doc, change))
    touches_empathy = any(place.kind == "empathy" for place in places)
    empathy = compute_empathy_layout(doc) if touches_empathy else previous.empathy
    return Surface(grid, empathy, previous)
