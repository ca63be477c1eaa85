"""A sticky note on the board: takes the mouse, selection and drags, and paints what the layout
says with the one note painter (note_painter), at any zoom.

Painting 2,000 notes must take a few milliseconds, so everything a paint needs is prepared
once per look (note_painter.NotePaint), and the level of detail drops what cannot be read:
text becomes grey bars when small, and the note a plain block when tiny. A view may ask for
larger readable text (the projector's min_text_px). While a view pans, notes are copied from
pixmaps of themselves as painted (copy), kept in the board's NotePixmaps. In a board
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
from PySide6.QtGui import QPainter, QPen, QPixmap, QTransform
from PySide6.QtWidgets import QGraphicsItem, QStyleOptionGraphicsItem
from shiboken6 import isValid

from app.model.layout import NoteBox

from . import theme
from .note_painter import BLOCK_PX, COPY_MAX_BYTES, READABLE_PX, SHADOW, Drawn, NotePaint, NotePixmaps, paint_notes, view_paint_of

_versions = itertools.count()


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
        self.plain = None  # the note layer's copy, for where it was
        if not moved_only:
            self._prepare()
        self.setPos(look.box.rect.x, look.box.rect.y)
        if layer is not None:
            layer.changed(self.look_rect())
        if look.hidden != hidden_before:
            self.follow_layer()
        if not moved_only:
            self.update()

    def move_to(self, box: NoteBox, layer) -> bool:
        """Puts the note where the layout now has it, if that is all that changed (a row above
        grew), and says whether it was. The caller repaints the note layer once for all such
        moves: a taller row moves every note below it."""
        old = self.look
        if _appearance(old) != (box.rect.w, box.rect.h, box.text, box.color, box.has_chips) + _appearance(old)[5:]:
            return False
        self.look = NoteLook(box, old.chips, old.dots, old.room_dots, old.hidden)
        if box.rect == old.box.rect:  # flowed again to where it was
            return True
        self.plain = None  # the note layer's copy, for where it was
        self.setPos(box.rect.x, box.rect.y)
        layer.moved(self)  # (the scene's note layer, passed: asking for it costs each of thousands)
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
        self.drawing = NotePaint(box, self.look.chips)
        self._version = next(_versions)  # names this look's copies (copy)
        self._seen: tuple = (None, None)  # the last keys painted directly (copy)
        self.plain = None  # the note layer's last copy of it and the frame it fits (NoteLayer)
        self._bounds = QRectF(-3, -3, box.rect.w + SHADOW + 6, box.rect.h + SHADOW + 6)

    def text_lines(self) -> list:
        """(x, baseline y, text) of its lines, in its own units."""
        return self.drawing.lines

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
        scene = self.scene()
        view = getattr(scene, "view_paint", None) or view_paint_of(painter, widget)
        look, drawing = self.look, self.drawing
        if view.projector and look.hidden:
            return  # not revealed to the room yet
        px_per_em = view.scale * drawing.em
        rect = drawing.rect
        if px_per_em < BLOCK_PX:  # the board's own item paints every note as a block (grid_item)
            if self.isSelected():
                painter.fillRect(rect, theme.SELECTION)
            return
        text = px_per_em >= max(READABLE_PX, view.min_text_px)
        dots = look.room_dots if view.projector else look.dots
        copy = None
        if view.pixel_ratio:  # a view: copied from the note as painted at this scale (see copy)
            transform = painter.worldTransform()
            copy = self.copy(scene.note_pixmaps, painter, view, text, dots, transform.dx(), transform.dy())
        if copy is None:
            paint_notes(painter, [Drawn(drawing, 0.0, 0.0, text, dots)], view.scale)
        else:
            painter.setWorldTransform(QTransform())
            painter.drawPixmap(QPointF(copy[0] / view.pixel_ratio, copy[1] / view.pixel_ratio), copy[2])
            painter.setWorldTransform(transform)
        self._paint_state(painter)
        if look.hidden:  # the facilitator sees it, marked as not shown to the room
            painter.setPen(QPen(theme.SUBTITLE_TEXT, 1.5, Qt.DashLine))
            painter.setBrush(theme.DIMMED)
            painter.drawRect(rect)

    def copy(self, pixmaps: NotePixmaps, painter: QPainter, view, text: bool, dots: int,
             dx: float, dy: float) -> Optional[tuple[int, int, QPixmap, tuple]]:
        """Panning repaints the same notes at the same scale frame after frame: the second time a
        note is painted alike (scale, detail, dots, and its offset within a device pixel, which
        a pan by whole pixels keeps), it is painted once into a pixmap of its device pixels, which
        later frames copy (a fifth of the time). The first time it is painted directly (None: the
        caller paints): a zoom paints each scale once. The same pixels as painting directly (at
        zooms other than 100 % a straight edge may fall one device pixel over: rounding), and
        nothing else changes: selection, hover and search marks are painted over the copy.
        (dx, dy): where the note's corner falls on the device; returns where the pixmap goes
        there in device pixels, the pixmap, and its key among the board's pixmaps."""
        scale, pixel_ratio = view.scale, view.pixel_ratio
        bounds = self._bounds
        left = (dx + bounds.x() * scale) * pixel_ratio
        top = (dy + bounds.y() * scale) * pixel_ratio
        x, y = math.floor(left), math.floor(top)
        key = (self._version, scale, pixel_ratio, text, dots, round(left - x, 4), round(top - y, 4))
        pixmap = pixmaps.get(key)
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
            paint_notes(copy, [Drawn(self.drawing, 0.0, 0.0, text, dots)], scale)
            copy.end()
            pixmap.setDevicePixelRatio(pixel_ratio)
            pixmaps.keep(key, pixmap)
        else:
            pixmaps.used(key)
        return x, y, pixmap, key

    def picture_contains(self, scene_pos: QPointF) -> bool:
        """Whether a scene point is on this note's picture (a double-click there shows it large)."""
        picture = self.drawing.picture
        return picture is not None and picture.contains(self.mapFromScene(scene_pos))

    def _paint_state(self, painter: QPainter) -> None:
        if not (self.highlighted or self.isSelected() or self._hover or self.dimmed):
            return
        rect = self.drawing.rect
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


def _appearance(look: NoteLook) -> tuple:
    """All of a look but where the note is."""
    box = look.box
    return (box.rect.w, box.rect.h, box.text, box.color, box.has_chips, look.chips, look.dots,
            look.room_dots, look.hidden)
