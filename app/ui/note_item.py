"""A sticky note on the board: paints what the layout says, cheaply, at any zoom."""
from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPen
from PySide6.QtWidgets import QGraphicsItem, QStyle, QStyleOptionGraphicsItem

from app.model.layout import CHIP_ROW_H, NOTE_PAD, NoteBox
from app.model.text import text_width

from . import theme
from .text_painter import draw_fitted, draw_lines

CHIP_TEXT_SIZE = 10.0
SHADOW = 3.0
CORNER = 4.0
READABLE_PX = 4.0  # below this many pixels an em, text is not drawn: the note is a coloured block


@dataclass(frozen=True)
class NoteLook:
    """What a note shows besides its text."""
    box: NoteBox
    chips: tuple[str, ...]
    dots: int


class NoteItem(QGraphicsItem):
    def __init__(self, look: NoteLook):
        super().__init__()
        self.note_id = look.box.note_id
        self.look = look
        self.highlighted = False  # a search match or a tag being highlighted
        self.dimmed = False
        self._hover = False
        self.setFlags(QGraphicsItem.ItemIsSelectable | QGraphicsItem.ItemIsMovable)
        self.setAcceptHoverEvents(True)
        self.setCursor(Qt.OpenHandCursor)
        self.setPos(look.box.rect.x, look.box.rect.y)

    def set_look(self, look: NoteLook) -> None:
        if (look.box.rect.w, look.box.rect.h) != (self.look.box.rect.w, self.look.box.rect.h):
            self.prepareGeometryChange()
        self.look = look
        self.setPos(look.box.rect.x, look.box.rect.y)
        self.update()

    def home(self) -> QPointF:
        """Where the layout puts this note (a drag that goes nowhere returns it here)."""
        return QPointF(self.look.box.rect.x, self.look.box.rect.y)

    def boundingRect(self) -> QRectF:
        rect = self.look.box.rect
        return QRectF(-3, -3, rect.w + SHADOW + 6, rect.h + SHADOW + 6)

    def hoverEnterEvent(self, event) -> None:
        self._hover = True
        self.update()

    def hoverLeaveEvent(self, event) -> None:
        self._hover = False
        self.update()

    def paint(self, painter: QPainter, option: QStyleOptionGraphicsItem, widget=None) -> None:
        box = self.look.box
        rect = QRectF(0, 0, box.rect.w, box.rect.h)
        lod = option.levelOfDetailFromTransform(painter.worldTransform())
        if lod * box.text.size < READABLE_PX:
            painter.fillRect(rect, QColor(box.color))
            if option.state & QStyle.State_Selected:
                painter.fillRect(rect, theme.HOVER)
            return
        painter.setRenderHint(QPainter.Antialiasing)
        painter.setPen(Qt.NoPen)
        painter.setBrush(theme.NOTE_SHADOW)
        painter.drawRoundedRect(rect.translated(1.5, SHADOW), CORNER, CORNER)
        painter.setBrush(QColor(box.color))
        painter.setPen(QPen(theme.NOTE_BORDER, 1))
        painter.drawRoundedRect(rect, CORNER, CORNER)
        inner_w = box.rect.w - 2 * NOTE_PAD
        draw_fitted(painter, box.text, NOTE_PAD, NOTE_PAD, inner_w, theme.NOTE_TEXT)
        if box.has_chips:
            self._paint_chips(painter, box.rect.h - NOTE_PAD - CHIP_ROW_H + 2, inner_w)
        self._paint_state(painter, rect, option)

    def _paint_chips(self, painter: QPainter, top: float, width: float) -> None:
        x = NOTE_PAD
        if self.look.dots:
            painter.setPen(Qt.NoPen)
            painter.setBrush(theme.DOT)
            for i in range(min(self.look.dots, 5)):
                painter.drawEllipse(QPointF(x + 5 + i * 11, top + 7), 4.5, 4.5)
            x += min(self.look.dots, 5) * 11 + 2
            if self.look.dots > 5:
                draw_lines(painter, CHIP_TEXT_SIZE, [(x, top + 11, f"{self.look.dots}")], theme.DOT, True)
                x += text_width(f"{self.look.dots}", CHIP_TEXT_SIZE, True) + 6
        labels = []
        for chip in self.look.chips:
            chip_w = text_width(chip, CHIP_TEXT_SIZE) + 8
            if x + chip_w > NOTE_PAD + width:
                labels.append((x, top + 11, "…"))
                break
            painter.setPen(Qt.NoPen)
            painter.setBrush(theme.CHIP_FILL)
            painter.drawRoundedRect(QRectF(x, top, chip_w, CHIP_ROW_H - 4), 6, 6)
            labels.append((x + 4, top + 11, chip))
            x += chip_w + 4
        draw_lines(painter, CHIP_TEXT_SIZE, labels, theme.CHIP_TEXT)

    def _paint_state(self, painter: QPainter, rect: QRectF, option: QStyleOptionGraphicsItem) -> None:
        painter.setBrush(Qt.NoBrush)
        if self.highlighted:
            painter.setPen(QPen(theme.MATCH, 4))
            painter.drawRoundedRect(rect.adjusted(-2, -2, 2, 2), CORNER + 2, CORNER + 2)
        if option.state & QStyle.State_Selected:
            painter.setPen(QPen(theme.SELECTION, 3))
            painter.drawRoundedRect(rect.adjusted(-1, -1, 1, 1), CORNER + 1, CORNER + 1)
        elif self._hover:
            painter.setPen(QPen(theme.HOVER, 2))
            painter.drawRoundedRect(rect, CORNER, CORNER)
        if self.dimmed:
            painter.setPen(Qt.NoPen)
            painter.setBrush(theme.DIMMED)
            painter.drawRoundedRect(rect.adjusted(-1, -1, 2, 4), CORNER, CORNER)
