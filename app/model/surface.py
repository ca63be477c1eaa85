"""The journey grid and the empathy map side by side, as one surface in points.

The screen shows both in one scene, so a note can be dragged from an empathy-map section onto
a cell of the grid and back; the PNG export draws the same surface."""
from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Optional

from .document import Document, Place
from .empathy_layout import EmpathyLayout, compute_empathy_layout
from .layout import BoardLayout, ClusterBox, NoteBox, Rect, compute_layout

EMPATHY_GAP = 80.0  # between the grid's right edge and the empathy map


@dataclass(frozen=True)
class Spot:
    """A place that holds notes (a cell, the parking lot, an empathy section) and its box."""
    place: Place
    rect: Rect


def shifted(rect: Rect, dx: float, dy: float) -> Rect:
    return Rect(rect.x + dx, rect.y + dy, rect.w, rect.h)


class Surface:
    def __init__(self, grid: BoardLayout, empathy: EmpathyLayout):
        self.grid = grid
        self.empathy = empathy
        self.empathy_x = grid.width + EMPATHY_GAP
        self.empathy_y = grid.stages[0].header.y if grid.stages else grid.title.bottom
        self.empathy_rect = Rect(self.empathy_x, self.empathy_y, empathy.width, empathy.height)
        self.width = self.empathy_rect.right
        self.height = max(grid.height, self.empathy_rect.bottom)
        self.boxes: dict[int, NoteBox] = dict(grid.notes)
        for note_id, box in empathy.notes.items():
            self.boxes[note_id] = replace(box, rect=self.to_surface(box.rect))
        self.clusters: tuple[ClusterBox, ...] = grid.clusters + tuple(
            replace(c, rect=self.to_surface(c.rect)) for c in empathy.clusters)
        self.spots: tuple[Spot, ...] = tuple(
            [Spot(c.place, c.rect) for c in grid.cells + (grid.parking,)]
            + [Spot(s.place, self.to_surface(s.rect)) for s in empathy.sections])

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
