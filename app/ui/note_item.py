"""A sticky note on the board: paints what the layout says, cheaply, at any zoom.

Painting 2,000 notes must take a few milliseconds, so everything a paint needs is prepared
once per look (rects, colours, pens, the text lines with their positions), and the level of
detail drops what cannot be read: text becomes grey bars when small, and the note a plain
block when tiny. A view may ask for larger readable text (the projector's min_text_px).
While a view pans, notes are copied from pixmaps of themselves as painted (copy). In a board
view, the plain notes (no selection, hover, search mark, hidden from the room) are painted by
one item for all (note_layer.NoteLayer), and Qt skips their items; notes too small for more
than their colour are blocks the board's item paints (GridItem).

A picture note paints its picture where the layout put it (NoteBox.picture), decoded once at
the size it is drawn (portrait.picture_image); when the text is too small to read, the
picture is a plain block, so a zoomed-out board never decodes its pictures."""
from __future__ import annotations

import itertools
import math
from dataclasses import dataclass
from typing import Optional

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPen, QPixmap, QTransform
from PySide6.QtWidgets import QGraphicsItem, QStyleOptionGraphicsItem
from shiboken6 import isValid

from app.model.layout import CHIP_ROW_H, NOTE_PAD, NoteBox, baseline
from app.model.text import text_width

from . import theme
from .pixmap_cache import PixmapCache
from .portrait import draw_picture, draw_placeholder
from .text_painter import draw_lines, is_right_to_left

CHIP_TEXT_SIZE = 10.0
SHADOW = 3.0
CORNER = 4.0
READABLE_PX = 6.0  # below this many pixels an em, text is drawn as grey bars (a 12 pt note at 50 %)
BLOCK_PX = 2.5  # below this, the note is a plain block of its colour
GREEK = QColor(0, 0, 0, 60)
PICTURE_BLOCK = QColor("#B0BEC5")  # a picture at zooms where text is drawn as bars


COPIES_BYTES = 64 << 20  # the pixmaps of notes as last painted (copy), least recently used go
COPY_MAX_BYTES = 4 << 20  # a note larger than this on screen is painted directly

# What the view being painted asks of its notes, (scale, min_text_px, projector, pixel ratio),
# set by the board's views around each of their paint events (view_painting below): asking the
# widget for its view and the view for its attributes costs more than painting a note as a
# block. Outside such a paint (scene.render for an export, another kind of view) paint() asks
# the painter and the widget, and paints directly.
_painting: Optional[tuple[float, float, bool, float]] = None
_versions = itertools.count()


def view_painting(state: Optional[tuple[float, float, bool, float]]) -> Optional[tuple]:
    """(scale, min_text_px, projector, device pixel ratio) of the view about to paint, None after;
    returns what was set before (a paint inside another one puts it back)."""
    global _painting
    outer, _painting = _painting, state
    return outer


def painting_view() -> Optional[tuple[float, float, bool, float]]:
    """What view_painting set for the view painting now; None outside a board view's paint."""
    return _painting


# Pixmaps of notes as painted, by what they show and where within a device pixel.
_copies = PixmapCache(COPIES_BYTES)


@dataclass(frozen=True)
class NoteLook:
    """What a note shows besides its text."""
    box: NoteBox
    chips: tuple[str, ...]
    dots: int  # every dot: the facilitator's view
    room_dots: int = 0  # the dots the room may see (a hidden voting round shows none)
    hidden: bool = False  # kept from the projector (reveal mode, a hidden lane)


class NoteItem(QGraphicsItem):
    def __init__(self, look: NoteLook):
        super().__init__()
        self.note_id = look.box.note_id
        self._highlighted = False  # a search match or a tag being highlighted
        self._dimmed = False
        self._hover = False
        self.paints_itself = True  # else the board's note layer paints it (follow_layer)
        self.setFlags(QGraphicsItem.ItemIsSelectable | QGraphicsItem.ItemIsMovable)
        self.setAcceptHoverEvents(True)
        self.setCursor(Qt.OpenHandCursor)
        self.look = look
        self._prepare()
        self.setPos(look.box.rect.x, look.box.rect.y)

    def set_look(self, look: NoteLook) -> None:
        moved_only = _appearance(look) == _appearance(self.look)  # e.g. a row above grew
        if (look.box.rect.w, look.box.rect.h) != (self.look.box.rect.w, self.look.box.rect.h):
            self.prepareGeometryChange()
        layer = self._layer()
        if layer is not None and look.box.rect != self.look.box.rect:
            layer.moved(self)
        if self.paints_itself:
            layer = None
        if layer is not None:  # Qt repaints nothing for an item without contents: the layer does
            layer.changed(self.look_rect())
        hidden_before = self.look.hidden
        self.look = look
        self.plain = self.flat = None  # the note layer's, for where it was
        if not moved_only:
            self._prepare()
        self.setPos(look.box.rect.x, look.box.rect.y)
        if layer is not None:
            layer.changed(self.look_rect())
        if look.hidden != hidden_before:
            self.follow_layer()
        if not moved_only:
            self.update()

    def move_to(self, box: NoteBox) -> bool:
        """Puts the note where the layout now has it, if that is all that changed (a row above
        grew), and says whether it was. The caller repaints the note layer once for all such
        moves: a taller row moves every note below it."""
        old = self.look
        if _appearance(old) != (box.rect.w, box.rect.h, box.text, box.color, box.has_chips) + _appearance(old)[5:]:
            return False
        self.look = NoteLook(box, old.chips, old.dots, old.room_dots, old.hidden)
        self.plain = self.flat = None  # the note layer's, for where it was
        self.setPos(box.rect.x, box.rect.y)
        layer = self._layer()
        if layer is not None:
            layer.moved(self)
        return True

    # ------------------------------------------------------------------ the note layer

    def _layer(self):
        scene = self.scene()
        layer = getattr(scene, "note_layer", None) if scene is not None else None
        return layer if layer is not None and isValid(layer) else None  # a scene being deleted

    def look_rect(self) -> QRectF:
        """Where the note paints in the scene, as the layout places it."""
        rect = self.look.box.rect
        return QRectF(rect.x - 3, rect.y - 3, rect.w + SHADOW + 6, rect.h + SHADOW + 6)

    def follow_layer(self) -> None:
        """Paints itself (Qt calls paint()) when it shows a state or differs between views, or
        when no board view is painting; else the note layer paints it."""
        layer = self._layer()
        own = (layer is None or not layer.active or self._hover or self._highlighted or self._dimmed
               or self.look.hidden or self.isSelected())
        if own == self.paints_itself:
            return
        self.paints_itself = own
        self.setFlag(QGraphicsItem.ItemHasNoContents, not own)
        if layer is not None:
            layer.changed(self.look_rect())

    @property
    def highlighted(self) -> bool:
        return self._highlighted

    @highlighted.setter
    def highlighted(self, value: bool) -> None:
        self._highlighted = value
        self.follow_layer()

    @property
    def dimmed(self) -> bool:
        return self._dimmed

    @dimmed.setter
    def dimmed(self, value: bool) -> None:
        self._dimmed = value
        self.follow_layer()

    def _prepare(self) -> None:
        """Everything paint() needs that depends only on the look."""
        box = self.look.box
        self._rect = QRectF(0, 0, box.rect.w, box.rect.h)
        self._em = box.text.size
        self._version = next(_versions)  # names this look's copies (copy)
        self._seen: tuple = (None, None)  # the last keys painted directly (copy)
        self.plain = None  # the note layer's last copy of it and the frame it fits (NoteLayer)
        self.flat = None  # the note layer's rects of it in the scene (NoteLayer)
        self._bounds = QRectF(-3, -3, box.rect.w + SHADOW + 6, box.rect.h + SHADOW + 6)
        self._fill = QColor(box.color)
        # An opaque border a shade darker than the note: a translucent pen costs Qt a path.
        self._border = QPen(self._fill.darker(112), 1)
        self._shadow = (QRectF(box.rect.w, SHADOW, 1.5, box.rect.h - 1),
                        QRectF(1.5, box.rect.h, box.rect.w - 1.5, SHADOW))
        inner_w = box.rect.w - 2 * NOTE_PAD
        fitted = box.text
        top = box.text_top
        self._lines = [(NOTE_PAD + (inner_w - text_width(line, fitted.size) if is_right_to_left(line) else 0),
                        top + baseline(fitted, i), line) for i, line in enumerate(fitted.lines)]
        picture = box.picture
        self._picture = None if picture is None else QRectF(picture.x, picture.y, picture.w, picture.h)
        self._greek: Optional[list[QRectF]] = None  # greek_bars(), measured when first painted
        self._greek_color = _over(GREEK, self._fill)  # the same pixels, filled instead of blended

    def greek_bars(self) -> list[QRectF]:
        """Grey bars where the lines are, for zooms too small to read. Measured when first asked
        for: opening a board of 10,000 notes shows only some of them as bars."""
        if self._greek is None:
            size = self.look.box.text.size
            self._greek = [QRectF(x, y - size * 0.7, max(2.0, text_width(line, size)), size * 0.6)
                           for x, y, line in self._lines if line.strip()]
        return self._greek

    def text_lines(self) -> list:
        """(x, baseline y, text) of its lines, in its own units."""
        return self._lines

    def home(self) -> QPointF:
        """Where the layout puts this note (a drag that goes nowhere returns it here)."""
        return QPointF(self.look.box.rect.x, self.look.box.rect.y)

    def boundingRect(self) -> QRectF:
        return self._bounds

    def hoverEnterEvent(self, event) -> None:
        self._hover = True
        self.follow_layer()
        self.update()

    def hoverLeaveEvent(self, event) -> None:
        self._hover = False
        self.follow_layer()
        self.update()

    def paint(self, painter: QPainter, option: QStyleOptionGraphicsItem, widget=None) -> None:
        state = _painting
        if state is None:
            state = (painter.worldTransform().m11(), _min_text_px(widget), _is_projector(widget), 0.0)
        scale, min_text_px, projector, pixel_ratio = state
        look = self.look
        if projector and look.hidden:
            return  # not revealed to the room yet
        px_per_em = scale * self._em
        if px_per_em < BLOCK_PX:  # the board's own item paints every note as a block (grid_item)
            if self.isSelected():
                painter.fillRect(self._rect, theme.SELECTION)
            return
        text = px_per_em >= max(READABLE_PX, min_text_px)
        dots = look.room_dots if projector else look.dots
        copy = None
        if pixel_ratio:  # a view: copied from the note as painted at this scale (see copy)
            transform = painter.worldTransform()
            copy = self.copy(painter, scale, pixel_ratio, px_per_em, text, dots, transform.dx(), transform.dy())
        if copy is None:
            self._paint_note(painter, px_per_em, text, dots)
        else:
            painter.setWorldTransform(QTransform())
            painter.drawPixmap(QPointF(copy[0] / pixel_ratio, copy[1] / pixel_ratio), copy[2])
            painter.setWorldTransform(transform)
        self._paint_state(painter)
        if look.hidden:  # the facilitator sees it, marked as not shown to the room
            painter.setPen(QPen(theme.SUBTITLE_TEXT, 1.5, Qt.DashLine))
            painter.setBrush(theme.DIMMED)
            painter.drawRect(self._rect)

    def _paint_note(self, painter: QPainter, px_per_em: float, text: bool, dots: int) -> None:
        """The note itself, without the marks of its state (selected, hovered, found, hidden)."""
        painter.setRenderHint(QPainter.Antialiasing, False)  # straight edges: smoothing them costs 5x
        # Opaque (blending a translucent shadow costs twice as much), and fillRect: half the
        # time of drawRects for the same pixels.
        painter.fillRect(self._shadow[0], theme.NOTE_SHADOW)
        painter.fillRect(self._shadow[1], theme.NOTE_SHADOW)
        painter.setBrush(self._fill)
        painter.setPen(self._border)
        painter.drawRect(self._rect)
        if not text:
            greek = self._greek_color
            for bar in self.greek_bars():
                painter.fillRect(bar, greek)
        else:
            draw_lines(painter, self._em, self._lines, theme.NOTE_TEXT)
        self.paint_extras(painter, px_per_em, text, dots)

    def paint_extras(self, painter: QPainter, px_per_em: float, text: bool, dots: int) -> None:
        """Its picture, and its chips where its text is drawn (they lie apart from the text)."""
        if self._picture is not None:  # shown at the zooms ordinary text is (not the projector's larger minimum)
            self._paint_picture(painter, px_per_em >= READABLE_PX)
        box = self.look.box
        if text and box.has_chips:
            self._paint_chips(painter, box.rect.h - NOTE_PAD - CHIP_ROW_H + 2, box.rect.w - 2 * NOTE_PAD, dots)

    def copy(self, painter: QPainter, scale: float, pixel_ratio: float, px_per_em: float, text: bool,
              dots: int, dx: float, dy: float) -> Optional[tuple[int, int, QPixmap, tuple]]:
        """Panning repaints the same notes at the same scale frame after frame: the second time a
        note is painted alike (scale, detail, dots, and its offset within a device pixel, which
        a pan by whole pixels keeps), it is painted once into a pixmap of its device pixels, which
        later frames copy (a fifth of the time). The first time it is painted directly (None: the
        caller paints): a zoom paints each scale once. The same pixels as painting directly (at
        zooms other than 100 % a straight edge may fall one device pixel over: rounding), and
        nothing else changes: selection, hover and search marks are painted over the copy.
        (dx, dy): where the note's corner falls on the device; returns where the pixmap goes
        there in device pixels, the pixmap, and its key among the copies."""
        bounds = self._bounds
        left = (dx + bounds.x() * scale) * pixel_ratio
        top = (dy + bounds.y() * scale) * pixel_ratio
        x, y = math.floor(left), math.floor(top)
        key = (self._version, scale, pixel_ratio, text, dots, round(left - x, 4), round(top - y, 4))
        pixmap = _copies.get(key)
        if pixmap is None:
            if key not in self._seen:  # the last two, for two views that take turns (the projector)
                self._seen = (key, self._seen[0])
                return None
            width = math.ceil(left + bounds.width() * scale * pixel_ratio) - x
            height = math.ceil(top + bounds.height() * scale * pixel_ratio) - y
            if width * height * 4 > COPY_MAX_BYTES:  # zoomed in far: mostly off screen, not worth keeping
                return None
            pixmap = QPixmap(width, height)
            pixmap.fill(Qt.transparent)
            copy = QPainter(pixmap)
            copy.setRenderHints(painter.renderHints())
            copy.setWorldTransform(QTransform(scale * pixel_ratio, 0, 0, scale * pixel_ratio,
                                              dx * pixel_ratio - x, dy * pixel_ratio - y))
            self._paint_note(copy, px_per_em, text, dots)
            copy.end()
            pixmap.setDevicePixelRatio(pixel_ratio)
            _copies.keep(key, pixmap)
        else:
            _copies.used(key)
        return x, y, pixmap, key

    def _paint_picture(self, painter: QPainter, detailed: bool) -> None:
        if detailed and draw_picture(painter, self.look.box.image, self._picture):
            return
        if detailed:
            draw_placeholder(painter, self._picture)
        else:
            painter.setPen(Qt.NoPen)
            painter.setBrush(PICTURE_BLOCK)
            painter.drawRect(self._picture)

    def picture_contains(self, scene_pos: QPointF) -> bool:
        """Whether a scene point is on this note's picture (a double-click there shows it large)."""
        return self._picture is not None and self._picture.contains(self.mapFromScene(scene_pos))

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

    def _paint_state(self, painter: QPainter) -> None:
        if not (self.highlighted or self.isSelected() or self._hover or self.dimmed):
            return
        rect = self._rect
        painter.setRenderHint(QPainter.Antialiasing, False)
        painter.setBrush(Qt.NoBrush)
        if self.highlighted:
            painter.setPen(QPen(theme.MATCH, 4))
            painter.drawRect(rect.adjusted(-2, -2, 2, 2))
        if self.isSelected():
            painter.setPen(QPen(theme.SELECTION, 3))
            painter.drawRect(rect.adjusted(-1, -1, 1, 1))
        elif self._hover:
            painter.setPen(QPen(theme.HOVER, 2))
            painter.drawRect(rect)
        if self.dimmed:
            painter.setPen(Qt.NoPen)
            painter.setBrush(theme.DIMMED)
            painter.drawRect(rect.adjusted(-1, -1, 2, 4))


def _over(top: QColor, under: QColor) -> QColor:
    """The opaque colour of a translucent one over an opaque one."""
    a = top.alphaF()
    return QColor.fromRgbF(top.redF() * a + under.redF() * (1 - a), top.greenF() * a + under.greenF() * (1 - a),
                           top.blueF() * a + under.blueF() * (1 - a))


def _appearance(look: NoteLook) -> tuple:
    """All of a look but where the note is."""
    box = look.box
    return (box.rect.w, box.rect.h, box.text, box.color, box.has_chips, look.chips, look.dots,
            look.room_dots, look.hidden)


def _is_projector(widget) -> bool:
    view = widget.parent() if widget is not None else None
    return getattr(view, "projector", False)


def _min_text_px(widget) -> float:
    """The smallest text the view being painted draws (the projector asks for more)."""
    view = widget.parent() if widget is not None else None
    return getattr(view, "min_text_px", 0.0)
