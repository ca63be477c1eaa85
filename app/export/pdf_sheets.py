"""Placing a layout on pages: scaled to fit, or cut into overlapping tiles for printing.

A Sheet is a piece of a layout on a page: source x ranges side by side times source y ranges one
under the other, scaled, with its top left corner at a page point. A tile shows its own window
of the map plus, when the window does not include them, the lane headers down its left side
and the stage headers along its top, so every printed tile says where it belongs.
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Callable, Optional

from app.model.layout import Rect

from .pdf_paint import ACCENT, Painter

Span = tuple[float, float]
DrawRegion = Callable[[Painter, Rect], None]


@dataclass(frozen=True)
class Sheet:
    xs: tuple[Span, ...]
    ys: tuple[Span, ...]
    scale: float
    x: float  # page position of the top left corner (points, y down)
    y: float

    @property
    def width(self) -> float:
        return sum(b - a for a, b in self.xs) * self.scale

    @property
    def height(self) -> float:
        return sum(b - a for a, b in self.ys) * self.scale

    def moved(self, x: float, y: float) -> "Sheet":
        return Sheet(self.xs, self.ys, self.scale, x, y)

    def draw(self, p: Painter, draw_region: DrawRegion) -> None:
        c = p.c
        s = self.scale
        top = self.y
        for y0, y1 in self.ys:
            left = self.x
            for x0, x1 in self.xs:
                c.saveState()
                c.translate(left - x0 * s, top - y0 * s)
                c.scale(s, s)
                region = Rect(x0, y0, x1 - x0, y1 - y0)
                p.clip(region)
                draw_region(p, region)
                c.restoreState()
                left += (x1 - x0) * s
            top += (y1 - y0) * s

    def page_x(self, src_x: float) -> float:
        """Page x of a source x inside the last (main) x range."""
        offset = sum(b - a for a, b in self.xs[:-1])
        return self.x + (offset + src_x - self.xs[-1][0]) * self.scale

    def page_y(self, src_y: float) -> float:
        offset = sum(b - a for a, b in self.ys[:-1])
        return self.y + (offset + src_y - self.ys[-1][0]) * self.scale


def fit_scale(content_w: float, content_h: float, avail_w: float, avail_h: float, cap: float = 1.0) -> float:
    return min(cap, avail_w / content_w, avail_h / content_h)


def _windows(total: float, first: float, later: float, overlap: float) -> list[Span]:
    """Source ranges covering [0, total]: the first at most `first` long, the others at most
    `later`, each starting `overlap` before the previous one ended. As few as can be, and
    evened out, so the last page is not a sliver."""
    if total <= first + 1e-6:
        return [(0.0, total)]
    step = max(later - overlap, later * 0.25)  # never stall, even on absurdly small paper
    count = 1 + math.ceil((total - first) / step - 1e-9)
    shrink = total / (first + (count - 1) * step)  # <= 1: every window a little shorter
    spans = [(0.0, first * shrink)]
    for _ in range(count - 1):
        start = spans[-1][1] - overlap
        spans.append((start, min(total, start + step * shrink + overlap)))
    spans[-1] = (spans[-1][0], total)
    return spans


def split_spans(spans: list[Span], first: float, later: float, overlap: float) -> list[list[Span]]:
    """Source ranges shown one under the other, cut into pages that hold `first` (the first
    page) or `later` source units; consecutive pages share `overlap`."""
    total = sum(b - a for a, b in spans)
    pages = []
    for t0, t1 in _windows(total, first, later, overlap):
        piece, offset = [], 0.0
        for a, b in spans:
            lo, hi = max(t0, offset), min(t1, offset + b - a)
            if hi - lo > 1e-6:
                piece.append((a + lo - offset, a + hi - offset))
            offset += b - a
        pages.append(piece)
    return pages


@dataclass(frozen=True)
class Tile:
    row: int
    column: int
    rows: int
    columns: int
    sheet: Sheet
    window: tuple[Span, Span]  # the source x and y range this tile adds to the others

    @property
    def label(self) -> str:
        return f"tile {self.row * self.columns + self.column + 1} of {self.rows * self.columns} " \
               f"(row {self.row + 1}, column {self.column + 1})"


def tiles(content_w: float, content_h: float, scale: float, area: Rect, overlap: float,
          header_x: Optional[Span] = None, header_y: Optional[Span] = None,
          max_scale: float = 1.0) -> list[Tile]:
    """The map cut into tiles of `area` (page points) at `scale` or a little more (up to
    max_scale, when the same number of tiles allows it); neighbours share `overlap` page
    points. header_x / header_y: source ranges repeated on tiles that lack them."""
    hx = (header_x[1] - header_x[0]) if header_x else 0.0
    hy = (header_y[1] - header_y[0]) if header_y else 0.0
    # As many tiles as the smallest readable scale needs; then as large as that many allow.
    nx = len(_windows(content_w, area.w / scale, area.w / scale - hx, overlap / scale))
    ny = len(_windows(content_h, area.h / scale, area.h / scale - hy, overlap / scale))
    grow_x = (area.w + (nx - 1) * (area.w - overlap)) / (content_w + (nx - 1) * hx)
    grow_y = (area.h + (ny - 1) * (area.h - overlap)) / (content_h + (ny - 1) * hy)
    scale = max(scale, min(max_scale, grow_x, grow_y) * 0.999)
    ov = overlap / scale
    xw = _windows(content_w, area.w / scale, area.w / scale - hx, ov)
    yw = _windows(content_h, area.h / scale, area.h / scale - hy, ov)
    out = []
    for r, ys in enumerate(yw):
        for col, xs in enumerate(xw):
            x_spans = ((header_x, xs) if col and header_x else (xs,))
            y_spans = ((header_y, ys) if r and header_y else (ys,))
            sheet = Sheet(x_spans, y_spans, scale, area.x, area.y)
            out.append(Tile(r, col, len(yw), len(xw), sheet, (xs, ys)))
    return out


def draw_overlap_marks(p: Painter, tile: Tile, all_tiles: list[Tile], area: Rect) -> None:
    """Dashed lines where the neighbouring tiles' content starts or ends (glue along them),
    with small arrows in the margin pointing to the neighbour."""
    sheet = tile.sheet
    (x0, x1), (y0, y1) = tile.window
    by_pos = {(t.row, t.column): t for t in all_tiles}
    mark = "#42A5F5"
    top, bottom = sheet.y, sheet.y + sheet.height
    left, right = sheet.x, sheet.x + sheet.width
    right_n = by_pos.get((tile.row, tile.column + 1))
    left_n = by_pos.get((tile.row, tile.column - 1))
    down_n = by_pos.get((tile.row + 1, tile.column))
    up_n = by_pos.get((tile.row - 1, tile.column))
    if right_n is not None:
        x = sheet.page_x(right_n.window[0][0])
        p.line(x, top, x, bottom, mark, 0.7, dash=(4, 3))
        _arrow(p, right + 6, (top + bottom) / 2, "right", mark)
    if left_n is not None:
        x = sheet.page_x(left_n.window[0][1])
        p.line(x, top, x, bottom, mark, 0.7, dash=(4, 3))
        _arrow(p, sheet.page_x(x0) - 6, (top + bottom) / 2, "left", mark)
    if down_n is not None:
        y = sheet.page_y(down_n.window[1][0])
        p.line(left, y, right, y, mark, 0.7, dash=(4, 3))
        _arrow(p, (left + right) / 2, bottom + 6, "down", mark)
    if up_n is not None:
        y = sheet.page_y(up_n.window[1][1])
        p.line(left, y, right, y, mark, 0.7, dash=(4, 3))
        _arrow(p, (left + right) / 2, sheet.page_y(y0) - 6, "up", mark)
    # Corner crop marks around the tile's own window.
    wx0, wx1 = sheet.page_x(x0), sheet.page_x(x1)
    wy0, wy1 = sheet.page_y(y0), sheet.page_y(y1)
    for cx, cy, dx, dy in ((wx0, wy0, -1, -1), (wx1, wy0, 1, -1), (wx0, wy1, -1, 1), (wx1, wy1, 1, 1)):
        p.line(cx + dx * 2, cy, cx + dx * 9, cy, "#90A4AE", 0.6)
        p.line(cx, cy + dy * 2, cx, cy + dy * 9, "#90A4AE", 0.6)


def _arrow(p: Painter, x: float, y: float, direction: str, fill: str) -> None:
    size = 5.0
    if direction == "right":
        points = [(x - size, y - size), (x + size * 0.6, y), (x - size, y + size)]
    elif direction == "left":
        points = [(x + size, y - size), (x - size * 0.6, y), (x + size, y + size)]
    elif direction == "down":
        points = [(x - size, y - size), (x, y + size * 0.6), (x + size, y - size)]
    else:
        points = [(x - size, y + size), (x, y - size * 0.6), (x + size, y + size)]
    p.polygon(points, fill)


def draw_minimap(p: Painter, tile: Tile, x: float, y: float, cell: float = 7.0) -> float:
    """A small grid of all tiles with this one filled, so a printed page says where it goes;
    returns its width."""
    for r in range(tile.rows):
        for col in range(tile.columns):
            box = Rect(x + col * (cell + 1.5), y + r * (cell + 1.5), cell, cell)
            if (r, col) == (tile.row, tile.column):
                p.fill_rect(box, ACCENT)
            else:
                p.stroke_rect(box, "#90A4AE", 0.5)
    return tile.columns * (cell + 1.5)
