"""Draws text the layout has already fitted and broken into lines; it never wraps by itself."""
from __future__ import annotations

import unicodedata

from functools import lru_cache

from PySide6.QtCore import QPointF
from PySide6.QtGui import QColor, QGlyphRun, QPainter, QTextLayout, QTextOption, QTransform

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
    transform = painter.worldTransform()
    pen = painter.pen()
    painter.setPen(color)
    draw_many(painter, size, [(0.0, 0.0, lines)], bold)
    painter.setWorldTransform(transform)
    painter.setPen(pen)


def draw_many(painter: QPainter, size: float, blocks, bold: bool = False) -> None:
    """Draws blocks of lines with an em of `size`, each (left, top, lines) with lines as in
    draw_lines, in the painter's pen, under one transform for all (setting one per block cost
    more than drawing its lines). Leaves the painter's transform scaled: the caller sets it back."""
    scale = size / DESIGN_PX
    painter.setWorldTransform(QTransform(scale, 0, 0, scale, 0, 0), True)
    for left, top, lines in blocks:
        for x, y, text in lines:
            position = QPointF((left + x) / scale, (top + y) / scale)  # the runs' glyphs are placed from the baseline
            for run in glyph_runs(text, bold):
                painter.drawGlyphRun(position, run)


@lru_cache(maxsize=20_000)
def glyph_runs(text: str, bold: bool) -> tuple[QGlyphRun, ...]:
    """A line shaped once by Qt: its glyphs and their places, in the design font's pixels from
    the start of its baseline, drawn again and again at any zoom. (A QStaticText is laid out
    again whenever the painter's scale changes: every frame of a zoom was several times slower.)"""
    layout = QTextLayout(text, design_font(bold))
    option = QTextOption()
    option.setWrapMode(QTextOption.NoWrap)
    layout.setTextOption(option)
    layout.beginLayout()
    line = layout.createLine()
    if line.isValid():
        line.setLineWidth(1e9)
    layout.endLayout()
    if not line.isValid():
        return ()
    baseline_y = line.y() + line.ascent()
    runs = []
    for run in layout.glyphRuns():
        run.setPositions([QPointF(p.x(), p.y() - baseline_y) for p in run.positions()])
        runs.append(run)
    return tuple(runs)
