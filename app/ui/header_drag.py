"""Dragging headers: a stage or lane header moves its column or row; a stage header's right
edge resizes the column. The drag only previews; the release makes one document call, Escape
cancels it."""
from __future__ import annotations

from typing import TYPE_CHECKING, Optional

from PySide6.QtCore import QLineF, QPointF

from .gesture import Gesture

if TYPE_CHECKING:
    from .board_scene import BoardScene

EDGE = 6.0  # how close to a stage header's right edge a press starts a resize
MIN_MOVE = 4.0


def header_at(scene: "BoardScene", pos: QPointF) -> tuple[Optional[str], Optional[int]]:
    """("stage" | "lane" | "resize", the stage's or lane's id) of the header at pos, or (None, None)."""
    x, y = pos.x(), pos.y()
    for stage in scene.layout.stages:
        if stage.header.contains(x, y) or abs(x - stage.header.right) <= EDGE and stage.header.y <= y < stage.header.bottom:
            return ("resize" if abs(x - stage.header.right) <= EDGE else "stage"), stage.stage_id
    for lane in scene.layout.lanes:
        if lane.header.contains(x, y):
            return "lane", lane.lane_id
    return None, None


class HeaderDrag(Gesture):
    """A press on a header: dragging it moves the column or row (or resizes the column)."""

    def __init__(self, scene: "BoardScene", mode: str, row_id: int, start: QPointF):
        self.scene, self.mode, self.row_id, self._start = scene, mode, row_id, start

    @classmethod
    def at(cls, scene: "BoardScene", pos: QPointF) -> Optional["HeaderDrag"]:
        mode, row_id = header_at(scene, pos)
        return None if mode is None else cls(scene, mode, row_id, pos)

    def move(self, pos: QPointF) -> None:
        if QLineF(self._start, pos).length() < MIN_MOVE:
            return
        indicator = self.scene.drop_indicator
        layout = self.scene.layout
        if self.mode == "lane":
            y = self._lane_edge(pos.y())
            indicator.setLine(QLineF(0, y, layout.width, y))
        else:
            x = self._new_right(pos.x()) if self.mode == "resize" else self._stage_edge(pos.x())
            top = layout.stages[0].header.y
            indicator.setLine(QLineF(x, top, x, layout.lanes[-1].row.bottom if layout.lanes else top + 60))
        indicator.show()

    def cancel(self) -> None:
        self.scene.drop_indicator.hide()

    def finish(self, pos: QPointF, modifiers) -> None:
        self.scene.drop_indicator.hide()
        if QLineF(self._start, pos).length() < MIN_MOVE:
            return
        doc, layout, row_id = self.scene.doc, self.scene.layout, self.row_id
        if self.mode == "resize":
            header = next(s.header for s in layout.stages if s.stage_id == row_id)
            width = max(40.0, min(5000.0, self._new_right(pos.x()) - header.x))
            self.scene.run(lambda: doc.set_stage_width(row_id, width))
        elif self.mode == "stage":
            others = [s for s in layout.stages if s.stage_id != row_id]
            index = sum(1 for s in others if s.header.x + s.header.w / 2 < pos.x())
            self.scene.run(lambda: doc.move_stage(row_id, index))
        else:
            others = [lane for lane in layout.lanes if lane.lane_id != row_id]
            index = sum(1 for lane in others if lane.row.y + lane.row.h / 2 < pos.y())
            self.scene.run(lambda: doc.move_lane(row_id, index))

    def _new_right(self, x: float) -> float:
        header = next(s.header for s in self.scene.layout.stages if s.stage_id == self.row_id)
        return max(header.x + 40.0, x)

    def _stage_edge(self, x: float) -> float:
        edges = [s.header.x for s in self.scene.layout.stages] + [self.scene.layout.stages[-1].header.right]
        return min(edges, key=lambda edge: abs(edge - x))

    def _lane_edge(self, y: float) -> float:
        lanes = self.scene.layout.lanes
        edges = [lane.row.y for lane in lanes] + [lanes[-1].row.bottom]
        return min(edges, key=lambda edge: abs(edge - y))
