"""The empathy map beside the grid: its sections, the canvas's numbered frame and the persona,
painted by one item from the empathy layout (its notes are ordinary note items)."""
from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPen
from PySide6.QtWidgets import QGraphicsItem

from app.model.document import Document
from app.model.empathy_layout import NUMBER_D, EmpathySection
from app.model.layout import CELL_PAD, Rect
from app.model.surface import Surface
from app.model.text import Fitted, fit_text

from . import theme
from .grid_item import qrect
from .note_painter import NoteBlocks
from .portrait import portrait_pixmap
from .text_painter import draw_fitted

FRAME_FILL = QColor("#F3F0F7")
FRAME_BORDER = QColor("#B39DDB")
BADGE = QColor("#7E57C2")
PERSONA_FILL = QColor("#BBDEFB")


def section_fill(color: str) -> QColor:
    fill = QColor(color)
    fill.setAlpha(60)
    return fill


class EmpathyItem(QGraphicsItem):
    def __init__(self, surface: Surface, doc: Document):
        super().__init__()
        self.doc = doc
        self.setZValue(-10)
        self.setAcceptedMouseButtons(Qt.NoButton)
        self.set_surface(surface)

    def set_surface(self, surface: Surface) -> None:
        new = surface.empathy
        looks = (new.kind, new.width, new.height, new.sections, new.frames, new.persona, self.doc.persona.photo)
        unchanged = looks == getattr(self, "_looks", None)
        if not unchanged:
            self.prepareGeometryChange()
        self.layout, self._looks = new, looks
        self.blocks = NoteBlocks(new.notes.values())
        self.setPos(surface.empathy_x, surface.empathy_y)
        if not unchanged:
            self.update()

    def boundingRect(self) -> QRectF:
        return QRectF(-4, -4, self.layout.width + 8, self.layout.height + 8)

    def paint(self, painter: QPainter, option, widget=None) -> None:
        painter.setRenderHint(QPainter.Antialiasing)
        painter.fillRect(QRectF(0, 0, self.layout.width, self.layout.height), theme.GRID_FILL)
        for frame in self.layout.frames:
            painter.setPen(QPen(FRAME_BORDER, 1.5))
            painter.setBrush(FRAME_FILL)
            painter.drawRect(qrect(frame.rect))
            self._heading(painter, frame.title_rect, frame.title_text, frame.hint_text, frame.number)
        for section in self.layout.sections:
            self._section(painter, section)
        if self.layout.persona is not None:
            self._persona(painter)
        self.blocks.paint(painter)

    def _section(self, painter: QPainter, section: EmpathySection) -> None:
        painter.setPen(QPen(theme.CELL_BORDER, 1, Qt.DashLine if section.extra else Qt.SolidLine))
        painter.setBrush(section_fill(section.color))
        painter.drawRect(qrect(section.rect))
        self._heading(painter, section.title_rect, section.title_text, section.hint_text, section.number)

    def _heading(self, painter: QPainter, rect: Rect, title: Fitted, hint: Fitted, number) -> None:
        x = rect.x + CELL_PAD
        if number is not None:
            painter.setPen(Qt.NoPen)
            painter.setBrush(BADGE)
            painter.drawEllipse(QPointF(x + NUMBER_D / 2, rect.y + rect.h / 2), NUMBER_D / 2, NUMBER_D / 2)
            label = fit_text(str(number), NUMBER_D, NUMBER_D, 12, 12, bold=True)
            draw_fitted(painter, label, x, rect.y + (rect.h - label.height) / 2, NUMBER_D,
                        QColor("#FFFFFF"), bold=True, center=True)
            x += NUMBER_D + 8
        draw_fitted(painter, title, x, rect.y + (rect.h - title.height) / 2, rect.right - x, theme.HEADER_TEXT,
                    bold=True)
        if hint.lines:  # the section's question, right-aligned on the title row
            draw_fitted(painter, hint, rect.x, rect.y + (rect.h - hint.height) / 2, rect.w - CELL_PAD,
                        theme.SUBTITLE_TEXT, right=True)

    def _persona(self, painter: QPainter) -> None:
        persona = self.layout.persona
        center = QPointF(persona.cx, persona.cy)
        photo = self.doc.persona.photo
        pixmap = portrait_pixmap(photo, int(2 * persona.r)) if photo else None
        if pixmap is not None:
            painter.drawPixmap(QPointF(persona.cx - persona.r, persona.cy - persona.r), pixmap)
        else:
            painter.setPen(QPen(QColor("#FFFFFF"), 3))
            painter.setBrush(PERSONA_FILL)
            painter.drawEllipse(center, persona.r, persona.r)
            initials = fit_text(persona.initials or "?", 2 * persona.r, persona.r, 34, 12, bold=True)
            draw_fitted(painter, initials, persona.cx - persona.r, persona.cy - initials.height / 2,
                        2 * persona.r, theme.TITLE_TEXT, bold=True, center=True)
        rect = persona.name_rect
        painter.setPen(Qt.NoPen)
        painter.setBrush(QColor("#FFFFFF"))
        painter.drawRoundedRect(qrect(rect), rect.h / 2, rect.h / 2)
        draw_fitted(painter, persona.name_text, rect.x, rect.y + (rect.h - persona.name_text.height) / 2,
                    rect.w, theme.TITLE_TEXT, bold=True, center=True)


