"""One item that paints the board's plain notes for a board view, in one Python loop.

Qt calls paint() of every visible item, and with hundreds of notes in view that call (and the
boundingRect() before it) costs more than the note's own drawing, which is mostly a copy of a
pixmap while panning. So the note items are flagged ItemHasNoContents while board views paint
(Qt passes over them; they still take the mouse, selection and drags), and this item, just
under them, looks the notes in the exposed rectangle up in a grid of bins and paints each as
its item would: copied from the same pixmaps (NoteItem.copy), or, the first time at a scale,
painted directly, all in one call of the note painter (note_painter.paint_notes). While a view
pans, each bin keeps what paints its notes (_bin) until a note changes (changed). The same
look, but an edge that falls on a half pixel may round the other way (a thin shadow one row).

A note that looks different from one view to another or shows a state paints itself, over
this layer: selected (a drag moves it), hovered, found or dimmed by a search, hidden from the
room (the projector leaves it out, the laptop marks it). Any other painting of the scene
(scene.render for an export, a view that is not a BoardView) turns every note item back on
before they paint (this item is painted first), and the next board view's paint turns them
off again (set_active)."""
from __future__ import annotations

import itertools
import math
from collections import OrderedDict
from typing import Optional

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QPainter, QPixmap, QTransform
from PySide6.QtWidgets import QGraphicsItem
from shiboken6 import isValid

from .note_item import NoteItem
from .note_painter import BLOCK_PX, READABLE_PX, SHADOW, Drawn, ViewPaint, paint_notes

BIN = 512.0  # scene units a side; each note is kept in the bin of its top-left corner
MARGIN = 8.0  # a note's shadow and border reach past its rectangle
COMPOSITE_BELOW = 1.0  # zoomed out further, a bin's notes are kept as one pixmap (_bin_as_one)
AS_ONE_A_FRAME = 2  # bins painted into one pixmap in a frame, at most


class NoteLayer(QGraphicsItem):
    def __init__(self, scene) -> None:
        super().__init__()
        self._scene = scene
        self.active = False  # the plain note items have no contents: this item paints them
        self._bins: dict = {}
        self._reach = (0.0, 0.0)  # the widest and the tallest note
        self._largest_em = 0.0  # the largest text of a note
        self._known: dict = {}  # note id -> item, as of the last follow()
        self._dirty = True  # every note's bin to be found again
        self._moved: set = set()  # items whose bins are to be found again (moved, made, gone)
        self._bin_of: dict = {}  # item -> its bin's key, as of the last _index()
        self._frames: OrderedDict = OrderedDict()  # frame -> what its bins keep (Kept), the last two
        self._bounds = QRectF()
        self.setZValue(-1)  # under the notes, over clusters (-2), lane marks and the grid
        self.setAcceptedMouseButtons(Qt.NoButton)
        self.setFlag(QGraphicsItem.ItemUsesExtendedStyleOption, True)  # option.exposedRect
        self._selected: set = set()  # the selected note items (they paint themselves)
        scene.selectionChanged.connect(self._selection_changed)

    def _selection_changed(self) -> None:
        # (Not NoteItem.itemChange: a Python itemChange costs every item every change, a third
        # more time to build a 2,000-note scene.)
        if not (isValid(self) and isValid(self._scene)):  # a scene being deleted
            return
        selected = {item for item in self._scene.selectedItems() if isinstance(item, NoteItem)}
        for item in selected ^ self._selected:
            if isValid(item):
                item.follow_layer()
        self._selected = selected

    def moved(self, item) -> None:
        """A note item moved or changed size (NoteItem.set_look): its bin is found again."""
        self._moved.add(item)

    def follow(self, touched: Optional[set] = None) -> None:
        """After the scene made, moved or removed note items (BoardScene.refresh): those of the
        touched note ids, or of any note (None)."""
        items = self._scene.note_items
        known = self._known
        ids = set(known) | set(items) if touched is None else touched
        for note_id in ids:
            old, new = known.get(note_id), items.get(note_id)
            if old is new:
                continue
            if old is not None:  # gone: repaint where it was
                self.changed(old.look_rect())
                self._moved.add(old)
                del known[note_id]
            if new is not None:
                new.follow_layer()
                if not new.paints_itself:
                    self.changed(new.look_rect())
                self._moved.add(new)
                known[note_id] = new
        bounds = QRectF(0, 0, self._scene.surface.width, self._scene.surface.height).adjusted(
            -MARGIN, -MARGIN, MARGIN, MARGIN)
        if bounds != self._bounds:
            self.prepareGeometryChange()
            self._bounds = bounds

    def set_active(self, active: bool) -> None:
        if active == self.active:
            return
        self.active = active
        for item in self._scene.note_items.values():
            item.follow_layer()
        self._forget_frames()
        self.update()

    def boundingRect(self) -> QRectF:
        return self._bounds

    def _index(self) -> dict:
        """The note items by bin of the board (BIN points square), found again for the items
        that moved since (all of them after a full follow)."""
        if self._dirty:
            self._bins, self._bin_of, self._reach, self._largest_em = {}, {}, (0.0, 0.0), 0.0
            self._moved = set(self._scene.note_items.values())
            self._dirty = False
        if self._moved:
            bins, bin_of, current = self._bins, self._bin_of, self._scene.note_items
            reach_w, reach_h = self._reach
            largest = self._largest_em
            touched_bins = set()
            for item in self._moved:
                old = bin_of.pop(item, None)
                touched_bins.add(old)
                if current.get(item.note_id) is not item:  # gone from the scene
                    key = None
                else:
                    rect = item.look.box.rect
                    key = (math.floor(rect.x / BIN), math.floor(rect.y / BIN))
                    # The reach only grows: a reach larger than the largest note is still right.
                    reach_w, reach_h = max(reach_w, rect.w + MARGIN), max(reach_h, rect.h + MARGIN)
                    largest = max(largest, item.drawing.em)
                if old is not None and old != key:
                    del bins[old][item]
                    if not bins[old]:
                        del bins[old]
                if key is not None:
                    bins.setdefault(key, {})[item] = None  # (a dict: in order, and gone in one step)
                    bin_of[item] = key
                    touched_bins.add(key)
            self._reach, self._largest_em = (reach_w, reach_h), largest
            self._moved = set()
            touched_bins.discard(None)
            self._forget_bins(touched_bins)
        return self._bins

    def paint(self, painter: QPainter, option, widget=None) -> None:
        state = self._scene.view_paint
        if state is None:  # not a board view (an export): the note items paint themselves
            self.set_active(False)
            return
        if not self.active:
            return
        try:
            self._paint_notes(painter, option.exposedRect, state)
        except Exception:  # an exception escaping paint() ends the process
            import traceback
            traceback.print_exc()

    def _paint_notes(self, painter: QPainter, exposed: QRectF, state) -> None:
        scale, min_text_px, projector, pixel_ratio = state
        bins = self._index()
        if scale * self._largest_em < BLOCK_PX:  # every note a block: the grid item paints them all
            return
        reach_w, reach_h = self._reach
        left, top = exposed.left() - MARGIN, exposed.top() - MARGIN
        right, bottom = exposed.right() + MARGIN, exposed.bottom() + MARGIN
        readable = max(READABLE_PX, min_text_px)
        transform = painter.worldTransform()
        dx, dy = transform.dx(), transform.dy()
        # A pan by whole device pixels keeps each note's offset within a pixel: a note copied in
        # an earlier frame with the same fractions goes as many whole pixels from (fx, fy) again.
        fx, fy = math.floor(dx * pixel_ratio), math.floor(dy * pixel_ratio)
        frame = (scale, pixel_ratio, readable, projector, round(dx * pixel_ratio - fx, 6),
                 round(dy * pixel_ratio - fy, 6))
        kept = self._frames.get(frame)
        if kept is None:
            kept = self._frames[frame] = Kept()
            if len(self._frames) > 2:  # (two views may take turns: the laptop's and the projector's)
                self._frames.popitem(last=False)[1].forget(self._scene.note_pixmaps)
        kept.start_frame()
        shown = (left, top, right, bottom)
        direct: list[Drawn] = []  # notes painted directly, in one call below
        # Copies are placed from (fx, fy), as whole device pixels from there.
        painter.setWorldTransform(QTransform.fromTranslate(fx / pixel_ratio, fy / pixel_ratio))
        try:
            for by in range(math.floor((top - reach_h) / BIN), math.floor(bottom / BIN) + 1):
                for bx in range(math.floor((left - reach_w) / BIN), math.floor(right / BIN) + 1):
                    paints = kept.bins.get((bx, by))
                    if paints is None:
                        items = bins.get((bx, by), ())
                        if scale < COMPOSITE_BELOW:
                            paints = self._bin_as_one(painter, kept, (bx, by), items, frame, dx, dy, shown, direct)
                        else:
                            paints = self._bin(painter, items, frame, fx, fy, dx, dy, shown, direct)
                        if paints is None:
                            continue
                        kept.bins[(bx, by)] = paints
                    kept.drawn.add((bx, by))
                    for point, pixmap in paints[0]:
                        painter.drawPixmap(point, pixmap)
                    direct += paints[1]
            if direct:
                painter.setWorldTransform(transform)
                paint_notes(painter, direct, scale)
        finally:
            painter.setWorldTransform(transform)
            kept.trim(self._scene.note_pixmaps)

    def _bin(self, painter: QPainter, items: list, frame: tuple, fx: int, fy: int, dx: float, dy: float,
             shown: tuple, direct: list) -> Optional[tuple[list, list]]:
        """The plain notes of a bin: returns what paints them in a frame alike, (copies, notes
        drawn as bars), or paints them now (copies, and the rest into `direct`) and returns None
        when some have no copy yet. What a bin keeps draws all its notes, also those beyond the
        exposed rectangle `shown` (clipped: cheaper than sorting them out every frame)."""
        scale, pixel_ratio, readable, projector = frame[:4]
        left, top, right, bottom = shown
        board_pixmaps = self._scene.note_pixmaps
        pixmaps = board_pixmaps.pixmaps
        view = ViewPaint(scale, readable, projector, pixel_ratio)
        copies: list = []
        bars: list = []
        complete = True
        for item in items:
            drawing = item.drawing
            px_per_em = scale * drawing.em
            if item.paints_itself or px_per_em < BLOCK_PX:  # a block: the grid item paints it
                continue
            look = item.look
            rect = look.box.rect
            text = px_per_em >= readable
            dots = look.room_dots if projector else look.dots
            if not text and drawing.picture is None:  # bars: batched, cheaper than a copy
                bars.append(Drawn(drawing, rect.x, rect.y, False, dots))
                continue
            plain = item.plain
            if plain is not None and plain[0] == frame and plain[1] in pixmaps:
                pixmaps.move_to_end(plain[1])
                copies.append((QPointF(plain[2] / pixel_ratio, plain[3] / pixel_ratio), plain[4]))
                continue
            complete = False
            x, y = rect.x, rect.y
            if x > right or y > bottom or x + rect.w < left or y + rect.h < top:
                continue
            copy = item.copy(board_pixmaps, painter, view, text, dots, dx + x * scale, dy + y * scale)
            if copy is None:
                direct.append(Drawn(drawing, x, y, text, dots))
                continue
            item.plain = (frame, copy[3], copy[0] - fx, copy[1] - fy, copy[2])
            copies.append((QPointF(item.plain[2] / pixel_ratio, item.plain[3] / pixel_ratio), copy[2]))
        if complete:
            return copies, bars
        for point, pixmap in copies:
            painter.drawPixmap(point, pixmap)
        direct += bars
        return None

    def _bin_as_one(self, painter: QPainter, kept: "Kept", key: tuple, items: list, frame: tuple, dx: float,
                    dy: float, shown: tuple, direct: list) -> Optional[tuple[list, list]]:
        """As _bin, zoomed out, where a bin's notes are small and close together: the second
        frame alike that shows some of them paints them all, batched, into one pixmap of the
        bin (a drawPixmap a frame for a dozen notes, and no pixmap for each), as many as
        Kept.start_frame allows; else the notes in view are painted directly."""
        scale, _, readable, projector = frame[:4]
        left, top, right, bottom = shown
        notes, in_view = [], []
        for item in items:
            px_per_em = scale * item.drawing.em
            if item.paints_itself or px_per_em < BLOCK_PX:  # a block: the grid item paints it
                continue
            look = item.look
            rect = look.box.rect
            note = Drawn(item.drawing, rect.x, rect.y, px_per_em >= readable, look.room_dots if projector else look.dots)
            notes.append(note)
            if not (rect.x > right or rect.y > bottom or rect.x + rect.w < left or rect.y + rect.h < top):
                in_view.append(note)
        if not in_view:
            return None
        if key in kept.seen and kept.as_one_left > 0:
            kept.as_one_left -= 1
            point, pixmap = _paint_as_one(notes, frame, dx, dy, painter.renderHints())
            kept.keep_as_one(self._scene.note_pixmaps, key, pixmap)
            return [(point, pixmap)], []
        kept.seen.add(key)
        direct += in_view
        return None

    def changed(self, rect: QRectF) -> None:
        """A plain note in `rect` looks different, or is now painted by its item or by this layer:
        the bins it may be in are painted again, the others are still copied as kept."""
        if rect.contains(self._bounds):
            self._forget_frames()
        else:
            self._forget_bins(self._bins_meeting(rect))
        self.update(rect)

    def _bins_meeting(self, rect: QRectF) -> list[tuple]:
        """The bins holding notes that may reach into rect (a note is binned by its corner)."""
        reach_w, reach_h = self._reach
        return [(bx, by) for by in range(math.floor((rect.top() - reach_h) / BIN), math.floor(rect.bottom() / BIN) + 1)
                for bx in range(math.floor((rect.left() - reach_w) / BIN), math.floor(rect.right() / BIN) + 1)]

    def _forget_bins(self, keys) -> None:
        pixmaps = self._scene.note_pixmaps
        for kept in self._frames.values():
            kept.forget(pixmaps, keys)

    def _forget_frames(self) -> None:
        for kept in self._frames.values():
            kept.forget(self._scene.note_pixmaps)
        self._frames.clear()


class Kept:
    """What the bins of a frame (a scale and offset within a device pixel) keep between frames
    alike: what paints each bin's notes (NoteLayer._bin, _bin_as_one), and the bins painted
    once directly. The pixmaps of bins painted as one are kept among the board's pixmaps, in
    their budget: a bin whose pixmap went is painted again."""

    def __init__(self) -> None:
        self.bins: dict = {}  # bin -> (pixmaps and where they go, notes drawn as bars)
        self.seen: set = set()
        self.drawn: set = set()  # the bins of the frame being painted
        self.frames = 0
        self.as_one_left = 0.0
        self._as_one: dict = {}  # bin -> the key of its pixmap painted as one, among the board's

    def start_frame(self) -> None:
        """The second frame alike paints every bin in view into one pixmap (as copies of each
        note would be made then); later ones, a pan's new bins, at most AS_ONE_A_FRAME."""
        self.frames += 1
        self.as_one_left = math.inf if self.frames == 2 else AS_ONE_A_FRAME
        self.drawn = set()

    def keep_as_one(self, pixmaps, key: tuple, pixmap: QPixmap) -> None:
        cache_key = ("bin", next(_bin_pixmaps))
        pixmaps.keep(cache_key, pixmap)
        self._as_one[key] = cache_key

    def trim(self, pixmaps) -> None:
        """Lets go of the bins whose pixmaps the board's budget let go of."""
        for key, cache_key in list(self._as_one.items()):
            if pixmaps.get(cache_key) is None:
                del self._as_one[key]
                self.bins.pop(key, None)

    def forget(self, pixmaps, keys=None) -> None:
        """Gives back what paints its bins (those of keys; None: all): they show notes as they
        no longer look."""
        for key in list(self.bins) if keys is None else keys:
            self.bins.pop(key, None)
            cache_key = self._as_one.pop(key, None)
            if cache_key is not None:
                pixmaps.drop(cache_key)


_bin_pixmaps = itertools.count()


def _paint_as_one(notes: list, frame: tuple, dx: float, dy: float, hints) -> tuple[QPointF, QPixmap]:
    """The notes painted batched into one pixmap, and where it goes in a painter translated to
    the frame's whole device pixels (fx, fy): the pixels painting them there would give."""
    scale, pixel_ratio = frame[0], frame[1]
    ox, oy = dx * pixel_ratio - math.floor(dx * pixel_ratio), dy * pixel_ratio - math.floor(dy * pixel_ratio)
    rects = [note.paint.rect.translated(note.x, note.y).adjusted(-3, -3, SHADOW + 3, SHADOW + 3) for note in notes]
    left = math.floor(min(r.left() for r in rects) * scale * pixel_ratio + ox)
    top = math.floor(min(r.top() for r in rects) * scale * pixel_ratio + oy)
    right = math.ceil(max(r.right() for r in rects) * scale * pixel_ratio + ox)
    bottom = math.ceil(max(r.bottom() for r in rects) * scale * pixel_ratio + oy)
    pixmap = QPixmap(right - left, bottom - top)
    pixmap.setDevicePixelRatio(pixel_ratio)
    pixmap.fill(Qt.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHints(hints)
    painter.setWorldTransform(QTransform(scale, 0, 0, scale, (ox - left) / pixel_ratio, (oy - top) / pixel_ratio))
    paint_notes(painter, notes, scale)
    painter.end()
    return QPointF(left / pixel_ratio, top / pixel_ratio), pixmap
