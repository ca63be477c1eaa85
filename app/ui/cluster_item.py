"""A cluster on the board: a frame around its notes with a label strip, and a collapse toggle;
a collapsed cluster draws the cards folded behind its first note as a stack."""
from __future__ import annotations

from typing import Optional

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QPainter, QPainterPath, QPen, QPolygonF
from PySide6.QtWidgets import QGraphicsItem

from app.model.layout import (
    CLUSTER_LABEL_H, CLUSTER_PAD, CLUSTER_TOGGLE_W, ClusterBox, Rect, cluster_label_top, stack_cards, toggle_points,
)

from . import theme
from .text_painter import draw_fitted

CORNER = 8.0


class ClusterItem(QGraphicsItem):
    """Drawn under the notes; the scene handles its clicks (toggle, select, rename, menu)."""

    def __init__(self, box: ClusterBox, top_note: Optional[Rect], top_color: str):
        super().__init__()
        self.box = box
        self.top_note = top_note
        self.top_color = QColor(top_color)
        self.setZValue(-2)
        self.setAcceptedMouseButtons(Qt.NoButton)

    @property
    def cluster_id(self) -> int:
        return self.box.cluster_id

    def label_contains(self, x: float, y: float) -> bool:
        r = self.box.rect
        return r.x <= x <= r.right and r.y <= y <= r.y + CLUSTER_LABEL_H

    def toggle_contains(self, x: float, y: float) -> bool:
        r = self.box.rect
        return self.label_contains(x, y) and x <= r.x + CLUSTER_PAD + CLUSTER_TOGGLE_W

    def boundingRect(self) -> QRectF:
        r = self.box.rect
        return QRectF(r.x - 1, r.y - 1, r.w + 2, r.h + 2)

    def paint(self, painter: QPainter, option, widget=None) -> None:
        r = self.box.rect
        painter.setRenderHint(QPainter.Antialiasing, True)
        path = QPainterPath()
        path.addRoundedRect(QRectF(r.x, r.y, r.w, r.h), CORNER, CORNER)
        painter.fillPath(path, theme.CLUSTER_FILL)
        painter.setPen(QPen(theme.CLUSTER_BORDER, 1.5))
        painter.setBrush(Qt.NoBrush)
        painter.drawPath(path)
        painter.setBrush(QBrush(theme.CLUSTER_BORDER))
        painter.setPen(Qt.NoPen)
        painter.drawPolygon(QPolygonF([QPointF(x, y) for x, y in toggle_points(r, self.box.collapsed)]))
        draw_fitted(painter, self.box.label, r.x + CLUSTER_PAD + CLUSTER_TOGGLE_W, cluster_label_top(self.box),
                    r.w - CLUSTER_TOGGLE_W - 2 * CLUSTER_PAD, theme.CLUSTER_TEXT, bold=True)
        if self.box.collapsed and self.top_note is not None:
            painter.setPen(QPen(theme.STACK_EDGE, 1))
            painter.setBrush(QBrush(self.top_color.darker(108)))
            for card in stack_cards(self.top_note, self.box.folded):
                painter.drawRoundedRect(QRectF(card.x, card.y, card.w, card.h), 4, 4)
