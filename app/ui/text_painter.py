"""Draws text the layout has already fitted and broken into lines; it never wraps by itself."""
from __future__ import annotations

import unicodedata

from PySide6.QtCore import QPointF
from PySide6.QtGui import QColor, QPainter

from app.model.layout import baseline
from app.model.text import Fitted, text_width

from .fonts import font


def is_right_to_left(line: str) -> bool:
    """Whether a line starts, in reading order, with a right-to-left letter (Hebrew, Arabic)."""
    for ch in line:
        direction = unicodedata.bidirectional(ch)
        if direction in ("R", "AL"):
            return True
        if direction == "L":
            return False
    return False


def draw_fitted(painter: QPainter, fitted: Fitted, x: float, y: float, width: float,
                color: QColor, *, bold: bool = False, center: bool = False) -> None:
    """Draws the lines from the top-left (x, y) of a text box `width` wide. Right-to-left lines
    are aligned right; `center` centres every line."""
    painter.setPen(color)
    painter.setFont(font(fitted.size, bold, painter.device().logicalDpiY()))
    for index, line in enumerate(fitted.lines):
        left = x
        if center or is_right_to_left(line):
            spare = width - text_width(line, fitted.size, bold)
            left = x + (spare / 2 if center else spare)
        painter.drawText(QPointF(left, y + baseline(fitted, index)), line)
