"""One gesture of the mouse on the board, from press to release. The editing scene starts the
gesture the press begins (board_scene.BoardScene._start_gesture), hands it the moves and the
release, or cancels it (Escape): each gesture is an object, not a mode in the mouse handlers."""
from __future__ import annotations

from PySide6.QtCore import QPointF, Qt


class Gesture:
    """A click that did its work at the press (a dot given, a cluster folded): nothing follows."""

    qt_moves_items = False  # whether Qt's own dragging of the selected notes runs beside it

    def move(self, pos: QPointF) -> None:
        pass

    def finish(self, pos: QPointF, modifiers: Qt.KeyboardModifier) -> None:
        pass

    def cancel(self) -> None:
        pass
