"""A mark only the facilitator sees: the board views paint it, the projector's view does not
(the keyboard's cell focus, the hatched header of a lane hidden from the room)."""
from __future__ import annotations

from PySide6.QtWidgets import QGraphicsRectItem


class LaptopMark(QGraphicsRectItem):
    def paint(self, painter, option, widget=None) -> None:
        view = getattr(self.scene(), "view_paint", None)  # what the view painting now asks (BoardView)
        if view is not None and view.projector:
            return
        super().paint(painter, option, widget)
