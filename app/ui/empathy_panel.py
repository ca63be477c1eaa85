"""The empathy map as a dockable panel: a second view on the board's own scene, so its notes
are the board's notes (same items, commands and undo), kept fitted to the empathy map."""
from __future__ import annotations

from typing import Optional

from PySide6.QtCore import QRectF, Qt

from app.model.layout import Rect

from .board_scene import BoardScene
from .board_view import BoardView

MARGIN = 16.0


def qrect_around(rect: Rect, margin: float = MARGIN) -> QRectF:
    return QRectF(rect.x - margin, rect.y - margin, rect.w + 2 * margin, rect.h + 2 * margin)


class EmpathyPanel(BoardView):
    def __init__(self, scene: BoardScene, parent=None):
        super().__init__(scene, parent)
        self.step: Optional[int] = None  # the section being walked through, if any
        scene.layout_changed.connect(self.fit)

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self.fit()

    def fit(self) -> None:
        self.fitInView(qrect_around(self.target()), Qt.KeepAspectRatio)

    def target(self) -> Rect:
        steps = walk(self.board)
        if self.step is not None and steps:
            return steps[self.step % len(steps)]
        return self.board.surface.empathy_rect

    def next_section(self) -> None:
        """Steps through the sections in the order a facilitator walks the group (1, 2, 3 ...)."""
        self.step = 0 if self.step is None else self.step + 1
        if self.step >= len(walk(self.board)):
            self.step = None  # the whole map again after the last section
        self.fit()


def walk(scene: BoardScene) -> list[Rect]:
    """The empathy map's parts in walking order, in scene coordinates."""
    surface = scene.surface
    empathy = surface.empathy
    if empathy.kind == "canvas":
        numbered = [(s.number, s.rect) for s in empathy.sections if s.number is not None]
        numbered += [(f.number, f.rect) for f in empathy.frames if f.number is not None]
        parts = [rect for _, rect in sorted(numbered, key=lambda pair: pair[0])]
    else:
        parts = [s.rect for s in empathy.sections if not s.extra]
    return [surface.to_surface(rect) for rect in parts]
