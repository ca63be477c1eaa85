"""A face on an emotion lane, one per stage, showing its score (-2..+2); on the editing board, a
handle: drag it up or down to set the score."""
from __future__ import annotations

from typing import Callable, Optional

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPen
from PySide6.QtWidgets import QGraphicsItem

from app.model.layout import emotion_y

from . import theme

RADIUS = 15.0
FACE_COLORS = {-2: "#E57373", -1: "#FFB74D", 0: "#FFF176", 1: "#AED581", 2: "#81C784"}


class EmotionFace(QGraphicsItem):
    """score None: not set yet, shown as a hollow ring on the neutral line."""

    def __init__(self, lane_id: int, stage_id: int, x: float, row, score: Optional[int]):
        super().__init__()
        self.lane_id, self.stage_id = lane_id, stage_id
        self._row = row
        self.score = score
        self._preview: Optional[int] = None  # the score a drag shows before it is dropped
        self.setZValue(5)
        self.setAcceptedMouseButtons(Qt.NoButton)
        self.setPos(x, emotion_y(row, 0 if score is None else score))

    def boundingRect(self) -> QRectF:
        return QRectF(-RADIUS - 2, -RADIUS - 2, 2 * RADIUS + 4, 2 * RADIUS + 4)

    def paint(self, painter: QPainter, option, widget=None) -> None:
        painter.setRenderHint(QPainter.Antialiasing)
        score = self._preview if self._preview is not None else self.score
        if score is None:
            painter.setPen(QPen(theme.CURVE, 2, Qt.DotLine))
            painter.setBrush(Qt.NoBrush)
            painter.drawEllipse(QPointF(0, 0), RADIUS * 0.6, RADIUS * 0.6)
            return
        painter.setPen(QPen(QColor("#5D4037"), 1.5))
        painter.setBrush(QColor(FACE_COLORS[score]))
        painter.drawEllipse(QPointF(0, 0), RADIUS, RADIUS)
        painter.setBrush(QColor("#3E2723"))
        painter.drawEllipse(QPointF(-5, -4), 1.8, 1.8)
        painter.drawEllipse(QPointF(5, -4), 1.8, 1.8)
        painter.setBrush(Qt.NoBrush)
        if score == 0:
            painter.drawLine(QPointF(-5, 5), QPointF(5, 5))
            return
        depth = 2.0 * abs(score)  # a smile for positive scores, a frown for negative ones
        if score > 0:
            painter.drawArc(QRectF(-6, 3 - depth, 12, 2 * depth), 180 * 16, 180 * 16)
        else:
            painter.drawArc(QRectF(-6, 8 - depth, 12, 2 * depth), 0, 180 * 16)


class EmotionHandle(EmotionFace):
    """A face the facilitator drags up or down; on_drop(handle, score) sets the score."""

    def __init__(self, lane_id: int, stage_id: int, x: float, row, score: Optional[int],
                 score_at: Callable[[float], int], on_drop: Callable[["EmotionHandle", int], None]):
        super().__init__(lane_id, stage_id, x, row, score)
        self._score_at, self._on_drop = score_at, on_drop
        self.setAcceptedMouseButtons(Qt.AllButtons)
        self.setCursor(Qt.SizeVerCursor)
        self.setToolTip("Drag up or down to set the emotion at this stage")

    def mousePressEvent(self, event) -> None:
        if event.button() == Qt.LeftButton:
            event.accept()
        else:
            event.ignore()

    def mouseMoveEvent(self, event) -> None:
        y = event.scenePos().y()
        self._preview = self._score_at(y)
        self.setPos(self.x(), emotion_y(self._row, self._preview))
        self.update()

    def mouseReleaseEvent(self, event) -> None:
        if self._preview is not None and self._preview != self.score:
            self._on_drop(self, self._preview)
        self._preview = None
        self.setPos(self.x(), emotion_y(self._row, 0 if self.score is None else self.score))
        self.update()
