"""Text in the PDF: the layout's lines drawn as they were broken, as real, searchable text.

ReportLab has no font fallback, shaping or bidi of its own here, so each line is
- put in visual order (python-bidi) after Arabic letters take their joined forms
  (arabic-reshaper, limited to the forms the bundled font has), for right-to-left scripts;
- split into runs by the bundled font that has the glyphs (text.split_runs);
- drawn run by run; a character no bundled font has is drawn as a visible box, with the
  character itself kept as invisible text so it is still found by search and copy;
- characters beyond U+FFFF (emoji) are wrapped in /ActualText, because ReportLab's ToUnicode
  map writes them wrongly and a reader would otherwise extract a different character.

Every function here draws in layout coordinates: points, y growing downwards, under the page
transform of pdf_paint.Painter (which flips the page once).
"""
from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass
from typing import Optional, Sequence

from reportlab.pdfbase import pdfmetrics

from app.model.layout import BASELINE_EM
from app.model.text import FONT_FILES, split_runs

from .pdf_fonts import font_name, has_glyph, is_invisible

try:  # right-to-left scripts; without them Arabic and Hebrew come out in logical order
    from bidi import get_display
except ImportError:  # pragma: no cover - a dependency, see pyproject
    get_display = None
try:
    import arabic_reshaper
except ImportError:  # pragma: no cover
    arabic_reshaper = None


@dataclass(frozen=True)
class Segment:
    """A piece of a visual line in one font: plain text, or one special character."""

    key: str  # font key (text.FONT_FILES)
    text: str
    missing: bool = False  # no bundled font has it: draw a box, keep the text invisible
    actual: bool = False  # beyond U+FFFF: wrap in /ActualText so it extracts right


# ---------------------------------------------------------------- bidi and shaping

_RTL_CLASSES = frozenset(("R", "AL"))
_ARABIC = re.compile("[\u0600-\u06ff\u0750-\u077f\u08a0-\u08ff]")
_WORDS = re.compile(r"(\s+)")
_PRESENTATION = re.compile("[\ufb50-\ufdff\ufe70-\ufeff]")


def _strong(ch: str) -> Optional[bool]:
    """True for a right-to-left letter, False for a left-to-right one, None otherwise."""
    kind = unicodedata.bidirectional(ch)
    if kind in _RTL_CLASSES:
        return True
    if kind == "L":
        return False
    return None


def is_rtl(text: str) -> bool:
    """The base direction of a paragraph: that of its first strong character (UAX #9 P2)."""
    for ch in text:
        strong = _strong(ch)
        if strong is not None:
            return strong
    return False


def has_rtl(text: str) -> bool:
    return any(unicodedata.bidirectional(ch) in _RTL_CLASSES for ch in text)


@functools.cache
def _reshaper(key: str):
    config = arabic_reshaper.config_for_true_type_font(str(FONT_FILES[key].path))
    config["delete_harakat"] = False  # vowel marks are part of the text: never drop them
    return arabic_reshaper.ArabicReshaper(configuration=config)


def _shape_arabic(line: str, key: str) -> str:
    """Arabic letters in their joined (presentation) forms, word by word; a word whose forms the
    font lacks stays as typed, which still reads, rather than showing boxes."""
    if arabic_reshaper is None or not _ARABIC.search(line):
        return line
    reshaper = _reshaper(key)
    out = []
    for word in _WORDS.split(line):
        if _ARABIC.search(word):
            shaped = reshaper.reshape(word)
            if all(has_glyph(key, ch) for ch in _PRESENTATION.findall(shaped)):
                word = shaped
        out.append(word)
    return "".join(out)


def visual_line(line: str, bold: bool = False, rtl: Optional[bool] = None) -> str:
    """A logical line as it is drawn left to right: shaped and in visual order."""
    if get_display is None or not has_rtl(line):
        return line
    shaped = _shape_arabic(line, "bold" if bold else "regular")
    base = is_rtl(line) if rtl is None else rtl
    return get_display(shaped, base_dir="R" if base else "L")


# ---------------------------------------------------------------- runs


@functools.lru_cache(maxsize=65536)
def _segments(line: str, bold: bool, rtl: Optional[bool]) -> tuple[Segment, ...]:
    # Cached: a note's lines are drawn again on tiles and hand-outs.
    out: list[Segment] = []
    for key, run in split_runs(visual_line(line, bold, rtl), bold):
        if run.isascii() and run.isprintable():  # the common case: nothing special in it
            out.append(Segment(key, run))
            continue
        plain = []
        for ch in run:
            kind = _char_kind(key, ch)
            if kind == _PLAIN:
                plain.append(ch)
            elif kind != _INVISIBLE:
                if plain:
                    out.append(Segment(key, "".join(plain)))
                    plain = []
                out.append(Segment(key, ch, missing=bool(kind & _MISSING), actual=bool(kind & _ACTUAL)))
        if plain:
            out.append(Segment(key, "".join(plain)))
    return tuple(out)


_PLAIN, _MISSING, _ACTUAL, _INVISIBLE = 0, 1, 2, 4


@functools.lru_cache(maxsize=16384)
def _char_kind(key: str, ch: str) -> int:
    if is_invisible(ch):
        return _INVISIBLE
    return (0 if has_glyph(key, ch) else _MISSING) | (_ACTUAL if ord(ch) > 0xFFFF else 0)


@functools.lru_cache(maxsize=65536)
def _pieces(line: str, bold: bool, rtl: Optional[bool], size: float) -> tuple[tuple[Segment, float], ...]:
    return tuple((s, segment_width(s, size)) for s in _segments(line, bold, rtl))


def segment_width(segment: Segment, size: float) -> float:
    return pdfmetrics.stringWidth(segment.text, font_name(segment.key), size)


def line_width(line: str, size: float, bold: bool = False) -> float:
    """Width of a line as drawn here (after shaping), in points."""
    return sum(w for _, w in _pieces(line, bold, None, size))


def _actual_text(text: str) -> str:
    return "<FEFF" + text.encode("utf-16-be").hex().upper() + ">"


def _operator(text_object, operator: str) -> None:
    """Appends a raw operator to a ReportLab text object: it has no API for marked content,
    and /ActualText must wrap exactly the glyphs it replaces, inside the text object."""
    text_object._code.append(operator)


# ---------------------------------------------------------------- drawing


def draw_lines(canvas, lines: Sequence[str], x: float, top: float, width: float, size: float,
               line_height: float, *, bold: bool = False, color=None, align: str = "start",
               rtl: Optional[bool] = None) -> None:
    """Draws lines from the top of their box, one per line_height, at baselines the layout
    defines (layout.baseline). align: "start" (left, or right for right-to-left text), "left",
    "right" or "center". The text is real text: selectable and searchable."""
    if rtl is None:
        rtl = is_rtl("".join(lines))
    if align == "start":
        align = "right" if rtl else "left"
    text = canvas.beginText()
    if color is not None:
        text.setFillColor(color)
    boxes = []
    current = None
    for index, line in enumerate(lines):
        pieces = _pieces(line, bold, rtl, size)
        if not pieces:
            continue
        total = sum(w for _, w in pieces)
        if align == "right":
            left = x + width - total
        elif align == "center":
            left = x + (width - total) / 2
        else:
            left = x
        baseline = top + index * line_height + size * BASELINE_EM  # as layout.baseline()
        text.setTextTransform(1, 0, 0, -1, left, baseline)
        cursor = left
        for piece, w in pieces:
            name = font_name(piece.key)
            if current != name:
                text.setFont(name, size)
                current = name
            if piece.actual:
                _operator(text, f"/Span <</ActualText {_actual_text(piece.text)}>> BDC")
            if piece.missing:
                boxes.append((cursor, baseline, w))
                text.setTextRenderMode(3)  # invisible: found by search, seen as the box below
                text.textOut(piece.text)
                text.setTextRenderMode(0)
            else:
                text.textOut(piece.text)
            if piece.actual:
                _operator(text, "EMC")
            cursor += w
    canvas.drawText(text)
    if boxes:
        draw_missing_boxes(canvas, boxes, size, color)


def draw_missing_boxes(canvas, boxes, size: float, color) -> None:
    """A hollow box with a small cross where a character could not be drawn: visibly there."""
    canvas.saveState()
    if color is not None:
        canvas.setStrokeColor(color)
    canvas.setLineWidth(max(0.4, size * 0.06))
    for left, baseline, w in boxes:
        bw = max(size * 0.45, w - size * 0.12)
        bx = left + (w - bw) / 2
        top = baseline - size * 0.72
        canvas.rect(bx, top, bw, size * 0.72, stroke=1, fill=0)
        canvas.line(bx, top, bx + bw, baseline)
        canvas.line(bx, baseline, bx + bw, top)
    canvas.restoreState()


def draw_fitted(canvas, fitted, x: float, top: float, width: float, **options) -> None:
    """Draws a text the layout fitted (text.Fitted) in a box of the given width."""
    draw_lines(canvas, fitted.lines, x, top, width, fitted.size, fitted.line_height, **options)
