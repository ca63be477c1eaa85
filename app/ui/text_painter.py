"""Draws text the layout has already fitted and broken into lines; it never wraps by itself."""
from __future__ import annotations

import unicodedata

from functools import lru_cache

from PySide6.QtCore import QPointF, Qt
from PySide6.QtGui import QColor, QFontMetricsF, QPainter, QStaticText, QTransform

from app.model.layout import baseline
from app.model.text import Fitted, text_width

from .fonts import DESIGN_PX, design_font


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
                color: QColor, *, bold: bool = False, center: bool = False, right: bool = False) -> None:
    """Draws the lines from the top-left (x, y) of a text box `width` wide. Right-to-left lines
    (and every line with `right`) are aligned right; `center` centres every line."""
    draw_lines(painter, fitted.size, [
        (_line_left(line, fitted.size, x, width, bold, center, right), y + baseline(fitted, index), line)
        for index, line in enumerate(fitted.lines)], color, bold)


def _line_left(line: str, size: float, x: float, width: float, bold: bool, center: bool,
               right: bool) -> float:
    if center or right or is_right_to_left(line):
        spare = width - text_width(line, size, bold)
        return x + (spare / 2 if center else spare)
    return x


def draw_lines(painter: QPainter, size: float, lines, color: QColor, bold: bool = False) -> None:
    """Draws (x, baseline_y, text) lines with an em of `size` scene units."""
    scale = size / DESIGN_PX
    ascent = design_ascent(bold)
    painter.save()
    painter.setPen(color)
    painter.setFont(design_font(bold))
    painter.scale(scale, scale)
    for x, y, text in lines:
        painter.drawStaticText(QPointF(x / scale, y / scale - ascent), static_text(text, bold))
    painter.restore()


@lru_cache(maxsize=20_000)
def static_text(text: str, bold: bool) -> QStaticText:
    """A line laid out once by Qt and drawn again and again (much cheaper than drawText)."""
    static = QStaticText(text)
    static.setTextFormat(Qt.PlainText)
    static.setPerformanceHint(QStaticText.AggressiveCaching)
    static.prepare(QTransform(), design_font(bold))
    return static


@lru_cache(maxsize=2)
def design_ascent(bold: bool) -> float:
    return QFontMetricsF(design_font(bold)).ascent()
