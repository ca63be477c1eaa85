"""The board behind the notes: title, stage and lane headers, cells, emotion curves, metrics and
the parking lot, all painted by one item from the layout."""
from __future__ import annotations

import math
from functools import lru_cache
from typing import Optional

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QImage, QPainter, QPainterPath, QPen, QPixmap, QTransform
from PySide6.QtWidgets import QGraphicsItem

from app.model.layout import CELL_PAD, PARKING_LABEL_H, BoardLayout, Rect, emotion_y
from app.model.text import Fitted

from . import theme
from .note_painter import NoteBlocks, over, view_paint_of
from .pixmap_cache import PixmapCache
from .text_painter import draw_fitted


def qrect(rect: Rect) -> QRectF:
    return QRectF(rect.x, rect.y, rect.w, rect.h)


@lru_cache(maxsize=64)
def _row_fill(color: str) -> QColor:
    """A lane's pale tint over the grid's fill, as one opaque colour (filling is cheaper than blending)."""
    return over(theme.lane_tint(color), theme.GRID_FILL)


@lru_cache(maxsize=64)
def _header_fill(color: str) -> QColor:
    """A lane header's tint over the headers' fill, as one opaque colour (a translucent fill of
    a header as tall as the view cost a third of a millisecond a frame)."""
    return over(theme.lane_tint(color), theme.HEADER_FILL)


TILE = 512  # device pixels a side of a tile of the grid as painted (GridTiles)
TILED_BELOW = 1.0  # zooms where copying the grid beats painting it (measured: 50 % ~15 % of a
# frame faster; at 100 % the fills it paints cost less than copying as many pixels)
EDGE = 2  # device pixels out of the board that a tile's copy covers (the edges' smoothing)
TILES_BYTES = 48 << 20  # the tiles kept, least recently used go first


class GridTiles(PixmapCache):
    """The grid as painted, in tiles of TILE device pixels, per scale and offset within a device
    pixel: a pan by whole pixels copies the tiles instead of painting the grid again (its big
    fills and header text are most of a panning frame), zoomed out (TILED_BELOW) and at scales
    where that gives the same pixels (_dyadic). Tiles are painted the second frame in a row at
    the same scale and offset (a zoom paints each scale once: directly, as before). Tiles are
    opaque, painted over the view's background colour (as the grid is painted over it on the
    view: the same pixels; a view whose background is not one colour paints the grid directly);
    a tile over the board's edge is copied no farther than the edge's smoothed pixels."""

    def __init__(self) -> None:
        super().__init__(TILES_BYTES)
        self._seen: tuple = (None, None)  # the last frames' keys (two views may take turns)
        self.last: Optional[tuple] = None  # (frame, fx, fy) of the last frame copied from tiles

    def seen(self, frame: tuple) -> bool:
        """Whether the last frame or the one before was painted alike (else remember this one)."""
        if frame in self._seen:
            return True
        self._seen = (frame, self._seen[0])
        return False



def _dyadic(value: float) -> bool:
    """Whether a scale or an offset is a whole number of 1/256ths (100 %, 50 %, 125 %, 150 % ...).
    Painted at such scales and offsets, a tile's device coordinates are exact and its pixels are
    those of the grid painted on the view; at others, the rasterizer rounds coordinates painted
    apart differently (an edge's smoothing a few levels off along some lines), so the grid is
    painted directly there."""
    return (value * 256).is_integer()


def _under(widget) -> Optional[QColor]:
    """The solid colour a view paints under its items, None when it is not one colour."""
    view = widget.parent() if widget is not None else None
    if view is None or not hasattr(view, "backgroundBrush"):
        return None
    for brush in (view.backgroundBrush(), view.scene().backgroundBrush() if view.scene() else None):
        if brush is not None and brush.style() != Qt.NoBrush:
            return brush.color() if brush.style() == Qt.SolidPattern and brush.transform().isIdentity() else None
    return widget.palette().color(widget.backgroundRole()) if widget.autoFillBackground() else None


NEAR = 8.0  # scene units around the exposed rectangle where the grid still paints (pens, glyphs)


def _meets(rect: Rect, near: tuple[float, float, float, float]) -> bool:
    left, top, right, bottom = near
    return rect.x <= right and rect.y <= bottom and rect.x + rect.w >= left and rect.y + rect.h >= top


def grid_of(layout: BoardLayout) -> tuple:
    """What the grid item paints (everything of the layout but the notes)."""
    return (layout.width, layout.height, layout.title_text, layout.subtitle_text, layout.stages,
            layout.lanes, layout.cells, layout.parking, layout.emotions, layout.metrics)


class GridItem(QGraphicsItem):
    """Paints the grid; takes no mouse events, so clicks on it reach the scene and the view."""

    def __init__(self, layout: BoardLayout, parking_label: Fitted):
        super().__init__()
        self.layout = layout
        self.blocks = NoteBlocks(layout.notes.values())
        self.parking_label = parking_label
        self.setZValue(-10)
        self.setAcceptedMouseButtons(Qt.NoButton)
        self.setFlag(QGraphicsItem.ItemUsesExtendedStyleOption, True)  # option.exposedRect
        self.tiles = GridTiles()

    def set_layout(self, layout: BoardLayout) -> None:
        unchanged = grid_of(layout) == grid_of(self.layout)
        if not unchanged:
            self.prepareGeometryChange()
        self.layout = layout
        self.blocks = NoteBlocks(layout.notes.values())
        # Most edits move notes only: no need to repaint the whole grid. (Where a note painted by
        # the note layer or as a block changed, the note layer asks for a repaint: NoteItem.set_look.)
        if not unchanged:
            self.tiles.clear()
            self.update()

    def boundingRect(self) -> QRectF:
        return QRectF(0, 0, self.layout.width, self.layout.height)

    def paint(self, painter: QPainter, option, widget=None) -> None:
        view = getattr(self.scene(), "view_paint", None) or view_paint_of(painter, widget)
        exposed = option.exposedRect
        if not view.pixel_ratio or not self._paint_tiles(painter, exposed, view.scale, view.pixel_ratio, widget):
            # What lies out of the exposed rectangle is not painted (headers' text costs even clipped).
            self._paint_grid(painter, (exposed.left() - NEAR, exposed.top() - NEAR, exposed.right() + NEAR,
                                       exposed.bottom() + NEAR))
        note_items = getattr(self.scene(), "note_items", {})
        hidden = {i for i, item in note_items.items() if item.look.hidden} if view.projector else None
        self.blocks.paint(painter, view.scale, hidden)

    def _paint_tiles(self, painter: QPainter, exposed: QRectF, scale: float, pixel_ratio: float, widget) -> bool:
        """The grid copied from tiles (GridTiles); False: paint it directly."""
        try:
            transform = painter.worldTransform()
            if transform.isRotating() or transform.m11() != scale or transform.m22() != scale:
                return False
            dx, dy = transform.dx() * pixel_ratio, transform.dy() * pixel_ratio
            fx, fy = math.floor(dx), math.floor(dy)
            if not (_dyadic(scale * pixel_ratio) and _dyadic(dx - fx) and _dyadic(dy - fy)):
                return False  # a tile painted apart might round an edge or a glyph otherwise
            if scale >= TILED_BELOW:
                return False  # few headers and cells on screen: painting them is as cheap as a copy
            under = _under(widget)
            if under is None:  # the view's background is not one colour: tiles could not be opaque
                return False
            device = scale * pixel_ratio
            frame = (device, pixel_ratio, round(dx - fx, 6), round(dy - fy, 6), painter.renderHints(), under.rgba())
            if not self.tiles.seen(frame):
                return False
            # Tile (i, j) holds the device pixels fx + i * TILE ... (and so for y) of any frame alike,
            # each painted over the view's colour: copied no farther than EDGE pixels out of the
            # board (its edges' smoothed pixels), so what lies beyond still shows.
            board = QRectF(0, 0, self.layout.width, self.layout.height)
            # (The exposed rectangle stops at the bounding rectangle; the edges smooth a pixel beyond.)
            area = exposed.adjusted(-NEAR, -NEAR, NEAR, NEAR).intersected(board.adjusted(-NEAR, -NEAR, NEAR, NEAR))
            if area.isEmpty():
                return True
            ox, oy = dx - fx, dy - fy
            limit = (math.floor(ox) - EDGE, math.floor(oy) - EDGE, math.ceil(board.right() * device + ox) + EDGE,
                     math.ceil(board.bottom() * device + oy) + EDGE)
            left = max(math.floor((area.left() * device + ox) / TILE), limit[0] // TILE)
            right = min(math.floor((area.right() * device + ox) / TILE), (limit[2] - 1) // TILE)
            top = max(math.floor((area.top() * device + oy) / TILE), limit[1] // TILE)
            bottom = min(math.floor((area.bottom() * device + oy) / TILE), (limit[3] - 1) // TILE)
            pixmaps = self.tiles.pixmaps
            hints = painter.renderHints()
            painter.setWorldTransform(QTransform())
            try:
                for j in range(top, bottom + 1):
                    for i in range(left, right + 1):
                        key = (frame, i, j)
                        pixmap = pixmaps.get(key)
                        if pixmap is None:
                            pixmap = self._tile(i, j, frame, under, device, ox, oy, hints)
                            self.tiles.keep(key, pixmap)
                        else:
                            pixmaps.move_to_end(key)
                        x0, y0 = i * TILE, j * TILE
                        if limit[0] <= x0 and limit[1] <= y0 and x0 + TILE <= limit[2] and y0 + TILE <= limit[3]:
                            painter.drawPixmap(QPointF((fx + x0) / pixel_ratio, (fy + y0) / pixel_ratio), pixmap)
                            continue
                        sx0, sy0 = max(x0, limit[0]), max(y0, limit[1])  # a tile over the board's edge
                        w, h = min(x0 + TILE, limit[2]) - sx0, min(y0 + TILE, limit[3]) - sy0
                        painter.drawPixmap(QRectF((fx + sx0) / pixel_ratio, (fy + sy0) / pixel_ratio,
                                                  w / pixel_ratio, h / pixel_ratio),
                                           pixmap, QRectF(sx0 - x0, sy0 - y0, w, h))
            finally:
                painter.setWorldTransform(transform)
            self._paint_ahead(frame, fx, fy, (left, top, right, bottom), limit, under, device, ox, oy, hints)
            self._paint_dashed(painter, (area.left(), area.top(), area.right(), area.bottom()))
            return True
        except Exception:  # an exception escaping paint() ends the process
            import traceback
            traceback.print_exc()
            return False

    def _paint_ahead(self, frame: tuple, fx: int, fy: int, shown: tuple, limit: tuple, under: QColor,
                     device: float, ox: float, oy: float, hints) -> None:
        """While a pan runs, paints one tile a frame of the column or row it brings in next, so
        that no frame paints a whole row of tiles."""
        last, self.tiles.last = self.tiles.last, (frame, fx, fy)
        if last is None or last[0] != frame or last[1:] == (fx, fy):
            return
        left, top, right, bottom = shown
        ahead = []
        if fx != last[1]:  # the board moves left (fx falls): the column to the right comes in next
            column = right + 1 if fx < last[1] else left - 1
            ahead += [(column, j) for j in range(top, bottom + 1)]
        if fy != last[2]:
            row = bottom + 1 if fy < last[2] else top - 1
            ahead += [(i, row) for i in range(left, right + 1)]
        for i, j in ahead:
            inside = limit[0] // TILE <= i <= (limit[2] - 1) // TILE and limit[1] // TILE <= j <= (limit[3] - 1) // TILE
            if inside and (frame, i, j) not in self.tiles.pixmaps:
                self.tiles.keep((frame, i, j), self._tile(i, j, frame, under, device, ox, oy, hints))
                return

    def _tile(self, i: int, j: int, frame: tuple, under: QColor, device: float, ox: float, oy: float,
              hints) -> QPixmap:
        """Paints tile (i, j): the grid with the frame's scale, offset by (ox, oy) device pixels,
        over the view's colour."""
        x0, y0 = i * TILE, j * TILE
        pixmap = QImage(TILE, TILE, QImage.Format_RGB32)  # opaque: copied, not blended
        pixmap.fill(under)
        tile = QPainter(pixmap)
        tile.setRenderHints(hints)
        tile.setRenderHints(~hints, False)
        tile.setWorldTransform(QTransform(device, 0, 0, device, ox - x0, oy - y0))
        near = ((x0 - ox) / device - NEAR, (y0 - oy) / device - NEAR,
                (x0 + TILE - ox) / device + NEAR, (y0 + TILE - oy) / device + NEAR)
        self._paint_grid(tile, near, tiled=True)
        tile.end()
        pixmap = QPixmap.fromImage(pixmap)
        pixmap.setDevicePixelRatio(frame[1])
        return pixmap

    def _paint_grid(self, painter: QPainter, near: tuple[float, float, float, float], tiled: bool = False) -> None:
        layout = self.layout
        grid_top = layout.stages[0].header.y if layout.stages else layout.title.bottom
        grid_bottom = layout.lanes[-1].row.bottom if layout.lanes else grid_top
        # Opaque fills, each pixel once where it can be (big fills are most of the grid's time):
        # the background above and below the grid, lanes' tints mixed with the grid's white.
        if grid_top > 0:
            painter.fillRect(QRectF(0, 0, layout.width, grid_top), theme.BACKGROUND)
        if grid_bottom < layout.height:
            painter.fillRect(QRectF(0, grid_bottom, layout.width, layout.height - grid_bottom), theme.BACKGROUND)
        if _meets(layout.title, near):
            self._paint_title(painter)
        # The grid's own fill only where no lane row lies (the rows cover the rest).
        rows_top = layout.lanes[0].row.y if layout.lanes else grid_bottom
        rows_right = layout.lanes[0].row.right if layout.lanes else 0.0
        painter.fillRect(QRectF(0, grid_top, layout.width, rows_top - grid_top), theme.GRID_FILL)
        if rows_right < layout.width:
            painter.fillRect(QRectF(rows_right, rows_top, layout.width - rows_right, grid_bottom - rows_top),
                             theme.GRID_FILL)
        for lane in layout.lanes:
            painter.fillRect(qrect(lane.row), _row_fill(lane.color))
        painter.setPen(QPen(theme.CELL_BORDER, 1))
        for cell in layout.cells:
            if _meets(cell.rect, near):
                painter.drawRect(qrect(cell.rect))
        for stage in layout.stages:
            if _meets(stage.header, near):
                self._paint_header(painter, stage.header, stage.title, None)
        for lane in layout.lanes:
            if _meets(lane.header, near):
                self._paint_header(painter, lane.header, lane.title, lane.color)
        for metric in layout.metrics:
            rect = metric.rect
            if not _meets(rect, near):
                continue
            draw_fitted(painter, metric.text, rect.x + CELL_PAD, rect.y + (rect.h - metric.text.height) / 2,
                        rect.w - 2 * CELL_PAD, theme.HEADER_TEXT, center=True)
        if tiled:  # the rest is painted over the tiles (GridTiles)
            return
        self._paint_dashed(painter, near)

    def _paint_dashed(self, painter: QPainter, near: tuple[float, float, float, float]) -> None:
        """What the grid paints last, where it meets `near`: the emotion curves and the parking
        lot, with their dashed lines (painted apart in a tile, a dash's smoothing may round
        otherwise: never tiled)."""
        layout = self.layout
        for lane in layout.lanes:
            if lane.lane_id in layout.emotions and _meets(lane.row, near):
                self._paint_curve(painter, lane, layout.emotions[lane.lane_id])
        if _meets(layout.parking.rect, near):
            self._paint_parking(painter)

    def _paint_title(self, painter: QPainter) -> None:
        layout = self.layout
        draw_fitted(painter, layout.title_text, CELL_PAD, CELL_PAD, layout.width - 2 * CELL_PAD,
                    theme.TITLE_TEXT, bold=True)
        draw_fitted(painter, layout.subtitle_text, CELL_PAD, CELL_PAD + layout.title_text.height,
                    layout.width - 2 * CELL_PAD, theme.SUBTITLE_TEXT)

    def _paint_header(self, painter: QPainter, rect: Rect, title: Fitted, color) -> None:
        box = qrect(rect)
        painter.fillRect(box, _header_fill(color) if color else theme.HEADER_FILL)
        if color:
            painter.fillRect(QRectF(rect.x, rect.y, 6, rect.h), QColor(color))
        painter.setPen(QPen(theme.CELL_BORDER, 1))
        painter.drawRect(box)
        draw_fitted(painter, title, rect.x + CELL_PAD, rect.y + (rect.h - title.height) / 2,
                    rect.w - 2 * CELL_PAD, theme.HEADER_TEXT, bold=True, center=color is None)

    def _paint_curve(self, painter: QPainter, lane, points) -> None:
        painter.setPen(QPen(theme.CELL_BORDER, 1, Qt.DashLine))
        middle = emotion_y(lane.row, 0)
        painter.drawLine(QPointF(lane.header.right, middle), QPointF(lane.row.right, middle))
        if len(points) < 2:
            return
        path = QPainterPath(QPointF(points[0].x, points[0].y))
        for before, after in zip(points, points[1:]):
            mid_x = (before.x + after.x) / 2
            path.cubicTo(QPointF(mid_x, before.y), QPointF(mid_x, after.y), QPointF(after.x, after.y))
        painter.setRenderHint(QPainter.Antialiasing)
        painter.setBrush(Qt.NoBrush)
        painter.setPen(QPen(theme.CURVE, 3))
        painter.drawPath(path)

    def _paint_parking(self, painter: QPainter) -> None:
        rect = self.layout.parking.rect
        painter.fillRect(qrect(rect), theme.PARKING_FILL)
        painter.setPen(QPen(theme.CELL_BORDER, 1, Qt.DashLine))
        painter.drawRect(qrect(rect))
        draw_fitted(painter, self.parking_label, CELL_PAD, rect.y + (PARKING_LABEL_H - self.parking_label.height) / 2 + 4,
                    rect.w, theme.SUBTITLE_TEXT, bold=True)
