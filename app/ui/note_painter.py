"""How a note is painted, wherever it appears: by its own item (selected, hovered, an export),
by the note layer for a board view (directly, from a copy of itself, or in a bin painted as
one), or as a block of its colour when tiny. One prepared look (NotePaint), one batched painter
(paint_notes), one cache of painted pixmaps with one memory budget (NotePixmaps, one per board
picture), and what the view being painted asks (ViewPaint, set on the picture by the view).

Level of detail: text becomes grey bars when smaller than READABLE_PX an em (or than the view's
larger minimum: the projector's), and the note a plain block below BLOCK_PX."""
from __future__ import annotations

from functools import lru_cache
from typing import NamedTuple, Optional

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPen, QTransform

from app.model.layout import CHIP_ROW_H, NOTE_PAD, NOTE_TEXT_MIN, NoteBox, baseline
from app.model.text import text_width

from . import theme
from .pixmap_cache import PixmapCache
from .portrait import draw_picture, draw_placeholder
from .text_painter import draw_lines, draw_many, is_right_to_left

CHIP_TEXT_SIZE = 10.0
SHADOW = 3.0
READABLE_PX = 6.0  # below this many pixels an em, text is drawn as grey bars (a 12 pt note at 50 %)
BLOCK_PX = 2.5  # below this, the note is a plain block of its colour
GREEK = QColor(0, 0, 0, 60)
PICTURE_BLOCK = QColor("#B0BEC5")  # a picture at zooms where text is drawn as bars
PIXMAPS_BYTES = 96 << 20  # notes and bins of notes as painted, least recently used go first
COPY_MAX_BYTES = 4 << 20  # a note larger than this on screen is painted, not copied


class ViewPaint(NamedTuple):
    """What the board view being painted asks of its notes (board_view.BoardView sets it on the
    picture around each paint: asking the widget for its view and the view for its wishes
    costs more than painting a note as a block)."""
    scale: float
    min_text_px: float  # the projector asks for larger text
    projector: bool  # leaves out what the room must not see yet
    pixel_ratio: float


class NotePixmaps(PixmapCache):
    """The board's painted pixmaps of notes: each note as last painted (NoteItem.copy) and
    bins of small notes painted as one (note_layer), within one budget."""

    def __init__(self) -> None:
        super().__init__(PIXMAPS_BYTES)


class NotePaint:
    """Everything painting a note needs that depends only on its look, prepared once per look:
    rects, colours, pens, the lines with their positions, in the note's own units."""

    def __init__(self, box: NoteBox, chips: tuple[str, ...]):
        self.box, self.chips = box, chips
        self.em = box.text.size
        self.rect = QRectF(0, 0, box.rect.w, box.rect.h)
        self.fill, self.border, self.greek_color = _colors(box.color)
        inner_w = box.rect.w - 2 * NOTE_PAD
        fitted, text_top = box.text, box.text_top
        self.lines = [(NOTE_PAD + (inner_w - text_width(line, fitted.size) if is_right_to_left(line) else 0),
                       text_top + baseline(fitted, i), line) for i, line in enumerate(fitted.lines)]
        picture = box.picture
        self.picture = None if picture is None else QRectF(picture.x, picture.y, picture.w, picture.h)
        self._greek: Optional[list[QRectF]] = None
        self._placed: Optional[tuple] = None  # (origin, its rects there), the last origin asked

    def greek_bars(self) -> list[QRectF]:
        """Grey bars where the lines are, for zooms too small to read. Measured when first asked
        for: opening a board of 10,000 notes shows only some of them as bars."""
        if self._greek is None:
            size = self.em
            self._greek = [QRectF(x, y - size * 0.7, max(2.0, text_width(line, size)), size * 0.6)
                           for x, y, line in self.lines if line.strip()]
        return self._greek

    def placed(self, x: float, y: float) -> tuple[list[QRectF], QRectF, list[QRectF]]:
        """Its shadows, rectangle and bars with its corner at (x, y)."""
        if self._placed is None or self._placed[0] != (x, y):
            w, h = self.rect.width(), self.rect.height()
            shadows = [QRectF(x + w, y + SHADOW, 1.5, h - 1), QRectF(x + 1.5, y + h, w - 1.5, SHADOW)]
            offset = QPointF(x, y)
            self._placed = ((x, y), (shadows, self.rect.translated(offset),
                                     [r.translated(offset) for r in self.greek_bars()]))
        return self._placed[1]

    def has_extras(self, text: bool) -> bool:
        return self.picture is not None or (text and self.box.has_chips)

    def paint_extras(self, painter: QPainter, px_per_em: float, text: bool, dots: int) -> None:
        """Its picture, and its chips where its text is drawn (they lie apart from the text)."""
        if self.picture is not None:  # shown at the zooms ordinary text is (not the projector's larger minimum)
            self._paint_picture(painter, px_per_em >= READABLE_PX)
        box = self.box
        if text and box.has_chips:
            self._paint_chips(painter, box.rect.h - NOTE_PAD - CHIP_ROW_H + 2, box.rect.w - 2 * NOTE_PAD, dots)

    def _paint_picture(self, painter: QPainter, detailed: bool) -> None:
        if detailed and draw_picture(painter, self.box.image, self.picture):
            return
        if detailed:
            draw_placeholder(painter, self.picture)
        else:
            painter.setPen(Qt.NoPen)
            painter.setBrush(PICTURE_BLOCK)
            painter.drawRect(self.picture)

    def _paint_chips(self, painter: QPainter, top: float, width: float, dots: int) -> None:
        x = NOTE_PAD
        # Round dots and chips, whatever the note painted before left the hint at.
        painter.setRenderHint(QPainter.Antialiasing, True)
        if dots:
            painter.setPen(Qt.NoPen)
            painter.setBrush(theme.DOT)
            for i in range(min(dots, 5)):
                painter.drawEllipse(QPointF(x + 5 + i * 11, top + 7), 4.5, 4.5)
            x += min(dots, 5) * 11 + 2
            if dots > 5:
                draw_lines(painter, CHIP_TEXT_SIZE, [(x, top + 11, f"{dots}")], theme.DOT, True)
                x += text_width(f"{dots}", CHIP_TEXT_SIZE, True) + 6
        labels = []
        for chip in self.chips:
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


@lru_cache(maxsize=256)
def _colors(color: str) -> tuple[QColor, QPen, QColor]:
    """A note colour's fill, border and grey bars: an opaque border a shade darker than the
    note (a translucent pen costs Qt a path), bars filled in the colour blending would give."""
    fill = QColor(color)
    return fill, QPen(fill.darker(112), 1), over(GREEK, fill)


class Drawn(NamedTuple):
    """A note to paint: its look, where its corner goes, text or bars, and the dots it shows."""
    paint: NotePaint
    x: float
    y: float
    text: bool
    dots: int


def paint_notes(painter: QPainter, notes: list[Drawn], scale: float) -> None:
    """Paints notes in a few calls for all (drawRects for every shadow, every note of a colour,
    every bar; the text of all notes of a size under one transform), in the painter's units.
    Notes do not overlap, so drawing every shadow, then every note, then the bars and the text
    gives the pixels of painting them one by one."""
    shadows: list = []
    fills: dict = {}
    bars: dict = {}
    by_size: dict = {}
    for note in notes:
        paint = note.paint
        note_shadows, rect, note_bars = paint.placed(note.x, note.y)
        shadows += note_shadows
        group = fills.get(paint.fill.rgba())
        if group is None:
            group = fills[paint.fill.rgba()] = (paint.fill, paint.border, [])
        group[2].append(rect)
        if note.text:
            by_size.setdefault(paint.em, []).append((note.x, note.y, paint.lines))
        elif note_bars:
            group = bars.get(paint.greek_color.rgba())
            if group is None:
                group = bars[paint.greek_color.rgba()] = (paint.greek_color, [])
            group[1].extend(note_bars)
    painter.setRenderHint(QPainter.Antialiasing, False)  # straight edges: smoothing them costs 5x
    painter.setPen(Qt.NoPen)
    painter.setBrush(theme.NOTE_SHADOW)  # opaque: blending a translucent shadow costs twice as much
    painter.drawRects(shadows)
    for fill, border, rects in fills.values():
        painter.setBrush(fill)
        painter.setPen(border)
        painter.drawRects(rects)
    painter.setPen(Qt.NoPen)
    for grey, rects in bars.values():
        painter.setBrush(grey)
        painter.drawRects(rects)
    transform = painter.worldTransform()
    painter.setPen(theme.NOTE_TEXT)
    for size, blocks in by_size.items():
        draw_many(painter, size, blocks)
        painter.setWorldTransform(transform)
    # What is left is painted note by note, in the note's own units: pictures and chips.
    for note in notes:
        if note.paint.has_extras(note.text):
            painter.setWorldTransform(QTransform.fromTranslate(note.x, note.y) * transform)
            note.paint.paint_extras(painter, scale * note.paint.em, note.text, note.dots)
    painter.setWorldTransform(transform)


class NoteBlocks:
    """At zooms where a note is too small to show more than its colour, the notes are painted
    as blocks, a few calls for all, from the layout's boxes (the board's item paints them:
    2,000 note items painting nothing cost more)."""

    def __init__(self, boxes) -> None:
        self.boxes = boxes  # a view of the layout's notes, read only when painting at such zooms
        self._sizes: Optional[list[float]] = None  # the notes' text sizes, smallest first
        self._all: dict[tuple, dict[str, list[QRectF]]] = {}  # by how many sizes are blocks, and
        # whether hidden notes are left out

    def paint(self, painter: QPainter, scale: Optional[float] = None, hidden: Optional[set] = None) -> None:
        """scale: the view's (else the painter's); hidden: notes the room must not see (projector)."""
        if scale is None:
            scale = painter.worldTransform().m11()
        if scale * NOTE_TEXT_MIN >= BLOCK_PX:  # no note's text is smaller: none is a block
            return
        if self._sizes is None:
            self._sizes = sorted({box.text.size for box in self.boxes})
        if not self._sizes or scale * self._sizes[0] >= BLOCK_PX:  # no note is a block at this zoom
            return
        # The notes whose text is below BLOCK_PX at this scale, found once per such set of sizes.
        key = (sum(1 for size in self._sizes if scale * size < BLOCK_PX), bool(hidden))
        by_color = self._all.get(key)
        if by_color is None:
            by_color = self._all[key] = self._by_color(scale, hidden)
        painter.setPen(Qt.NoPen)
        for color, rects in by_color.items():
            painter.setBrush(QColor(color))
            painter.drawRects(rects)

    def _by_color(self, scale: float, hidden: Optional[set]) -> dict[str, list[QRectF]]:
        by_color: dict[str, list[QRectF]] = {}
        for box in self.boxes:
            if scale * box.text.size < BLOCK_PX and not (hidden and box.note_id in hidden):
                by_color.setdefault(box.color, []).append(QRectF(box.rect.x, box.rect.y, box.rect.w, box.rect.h))
        return by_color


def view_paint_of(painter: QPainter, widget) -> ViewPaint:
    """What to paint for a painter outside a board view's paint (an export, another kind of
    view): its own scale, the view's wishes if it has any, painted directly (no copies)."""
    view = widget.parent() if widget is not None else None
    return ViewPaint(painter.worldTransform().m11(), getattr(view, "min_text_px", 0.0),
                     getattr(view, "projector", False), 0.0)


def over(top: QColor, under: QColor) -> QColor:
    """The opaque colour of a translucent one over an opaque one."""
    a = top.alphaF()
    return QColor.fromRgbF(top.redF() * a + under.redF() * (1 - a), top.greenF() * a + under.greenF() * (1 - a),
                           top.blueF() * a + under.blueF() * (1 - a))
