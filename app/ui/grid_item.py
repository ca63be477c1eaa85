"""The board behind the notes: title, stage and lane headers, cells, emotion curves, metrics and
the parking lot, all painted by one item from the layout."""
from __future__ import annotations

from typing import Optional

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPainterPath, QPen
from PySide6.QtWidgets import QGraphicsItem

from app.model.layout import CELL_PAD, NOTE_TEXT_MAX, PARKING_LABEL_H, BoardLayout, Rect, emotion_y
from app.model.text import Fitted

from . import theme
from .note_item import BLOCK_PX
from .text_painter import draw_fitted


def qrect(rect: Rect) -> QRectF:
    return QRectF(rect.x, rect.y, rect.w, rect.h)


class NoteBlocks:
    """At zooms where a note is too small to show more than its colour, the notes are painted
    here as blocks, a few calls for all, instead of by 2,000 note items (which paint nothing)."""

    def __init__(self, boxes) -> None:
        self.boxes = boxes  # a view of the layout's notes, read only when painting at such zooms
        self._all: Optional[dict[str, list[QRectF]]] = None

    def paint(self, painter: QPainter) -> None:
        scale = painter.worldTransform().m11()
        if scale * NOTE_TEXT_MAX < BLOCK_PX:  # the usual case at such zooms: every note is a block
            if self._all is None:
                self._all = {}
                for box in self.boxes:
                    self._all.setdefault(box.color, []).append(
                        QRectF(box.rect.x, box.rect.y, box.rect.w, box.rect.h))
            by_color = self._all
        else:
            by_color = {}
            for box in self.boxes:
                if scale * box.text.size < BLOCK_PX:
                    by_color.setdefault(box.color, []).append(
                        QRectF(box.rect.x, box.rect.y, box.rect.w, box.rect.h))
        painter.setPen(Qt.NoPen)
        for color, rects in by_color.items():
            painter.setBrush(QColor(color))
            painter.drawRects(rects)


def grid_of(layout: BoardLayout) -> tuple:
    """What the grid item paints (everything of the layout but the notes)."""
    return (layout.width, layout.height, layout.title_text, layout.subtitle_text, layout.stages,
            layout.lanes, layout.cells, layout.parking, layout.emotions, layout.metrics)


class GridItem(QGraphicsItem):
    """Paints the grid; takes no mouse events, so clicks on it reach the scene and the view."""

    def __init__(self, layout: BoardLayout, parking_label: Fitted):
        super().__init__()
        self.layout = layout
        self.blocks = NoteBlocks(layout.notes.values())
        self.parking_label = parking_label
        self.setZValue(-10)
        self.setAcceptedMouseButtons(Qt.NoButton)

    def set_layout(self, layout: BoardLayout) -> None:
        unchanged = grid_of(layout) == grid_of(self.layout)
        if not unchanged:
            self.prepareGeometryChange()
        self.layout = layout
        self.blocks = NoteBlocks(layout.notes.values())
        if not unchanged:  # most edits move notes only: no need to repaint the whole grid
            self.update()

    def boundingRect(self) -> QRectF:
        return QRectF(0, 0, self.layout.width, self.layout.height)

    def paint(self, painter: QPainter, option, widget=None) -> None:
        self._paint_grid(painter)
        self.blocks.paint(painter)

    def _paint_grid(self, painter: QPainter) -> None:
        layout = self.layout
        painter.fillRect(self.boundingRect(), theme.BACKGROUND)
        self._paint_title(painter)
        grid_top = layout.stages[0].header.y if layout.stages else layout.title.bottom
        grid_bottom = layout.lanes[-1].row.bottom if layout.lanes else grid_top
        painter.fillRect(QRectF(0, grid_top, layout.width, grid_bottom - grid_top), theme.GRID_FILL)
        for lane in layout.lanes:
            painter.fillRect(qrect(lane.row), theme.lane_tint(lane.color))
        painter.setPen(QPen(theme.CELL_BORDER, 1))
        for cell in layout.cells:
            painter.drawRect(qrect(cell.rect))
        for stage in layout.stages:
            self._paint_header(painter, stage.header, stage.title, None)
        for lane in layout.lanes:
            self._paint_header(painter, lane.header, lane.title, lane.color)
        for metric in layout.metrics:
            rect = metric.rect
            draw_fitted(painter, metric.text, rect.x + CELL_PAD, rect.y + (rect.h - metric.text.height) / 2,
                        rect.w - 2 * CELL_PAD, theme.HEADER_TEXT, center=True)
        for lane_id, points in layout.emotions.items():
            self._paint_curve(painter, lane_id, points)
        self._paint_parking(painter)

    def _paint_title(self, painter: QPainter) -> None:
        layout = self.layout
        draw_fitted(painter, layout.title_text, CELL_PAD, CELL_PAD, layout.width - 2 * CELL_PAD,
                    theme.TITLE_TEXT, bold=True)
        draw_fitted(painter, layout.subtitle_text, CELL_PAD, CELL_PAD + layout.title_text.height,
                    layout.width - 2 * CELL_PAD, theme.SUBTITLE_TEXT)

    def _paint_header(self, painter: QPainter, rect: Rect, title: Fitted, color) -> None:
        box = qrect(rect)
        painter.fillRect(box, theme.HEADER_FILL)
        if color:
            painter.fillRect(box, theme.lane_tint(color))
            painter.fillRect(QRectF(rect.x, rect.y, 6, rect.h), QColor(color))
        painter.setPen(QPen(theme.CELL_BORDER, 1))
        painter.drawRect(box)
        draw_fitted(painter, title, rect.x + CELL_PAD, rect.y + (rect.h - title.height) / 2,
                    rect.w - 2 * CELL_PAD, theme.HEADER_TEXT, bold=True, center=color is None)

    def _paint_curve(self, painter: QPainter, lane_id: int, points) -> None:
        lane = next(box for box in self.layout.lanes if box.lane_id == lane_id)
        painter.setPen(QPen(theme.CELL_BORDER, 1, Qt.DashLine))
        middle = emotion_y(lane.row, 0)
        painter.drawLine(QPointF(lane.header.right, middle), QPointF(lane.row.right, middle))
        if len(points) < 2:
            return
        path = QPainterPath(QPointF(points[0].x, points[0].y))
        for before, after in zip(points, points[1:]):
            mid_x = (before.x + after.x) / 2
            path.cubicTo(QPointF(mid_x, before.y), QPointF(mid_x, after.y), QPointF(after.x, after.y))
        painter.setRenderHint(QPainter.Antialiasing)
        painter.setBrush(Qt.NoBrush)
        painter.setPen(QPen(theme.CURVE, 3))
        painter.drawPath(path)

    def _paint_parking(self, painter: QPainter) -> None:
        rect = self.layout.parking.rect
        painter.fillRect(qrect(rect), theme.PARKING_FILL)
        painter.setPen(QPen(theme.CELL_BORDER, 1, Qt.DashLine))
        painter.drawRect(qrect(rect))
        draw_fitted(painter, self.parking_label, CELL_PAD, rect.y + (PARKING_LABEL_H - self.parking_label.height) / 2 + 4,
                    rect.w, theme.SUBTITLE_TEXT, bold=True)
