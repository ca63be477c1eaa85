"""PDF export: ReportLab draws the board from the model and the layout (never from Qt).

Pages, in order:
- a cover: title, map type, goal & scope, persona card, date, participants;
- the whole map on one page, fitted to the paper (landscape);
- when fitting prints a note's text below 6 pt: the map again, in tiles at a scale where the
  smallest note text is 6 pt, with overlap marks and the stage and lane names repeated;
- the empathy map (empathy=True, when it holds anything);
- the follow-up list: pain points, opportunities and ideas (by lane role or idea flag) ranked
  by dots, with stage, lane, tags and owner;
- with handout=True, one page per stage (portrait): the stage's column with the lane headers.

Text is real text in the bundled TrueType fonts (embedded), set line by line as the layout
broke it. The file is written atomically: a failed export leaves no partial file and never
touches an existing target. embed_board=True attaches the board's JSON (see pdf_attach).
"""
from __future__ import annotations

import io
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Optional

from reportlab.lib.pagesizes import A2, A3, A4, LETTER, TABLOID
from reportlab.pdfgen.canvas import Canvas

from app.model import store
from app.model.document import BoardError, Document
from app.model.empathy_layout import CANVAS_TITLES, TITLES
from app.model.layout import LANE_HEADER_W, STAGE_HEADER_H, Rect, compute_layout

from .pdf_attach import attach_board, read_embedded_board
from .pdf_board import BoardContext, draw_board_region
from .pdf_empathy import EmpathyContext, draw_empathy_region
from .pdf_fonts import font_name
from .pdf_handout import handout_sheets
from .pdf_pages import (
    Virtual, content_area, draw_chrome, draw_cover, draw_follow_up_page, follow_ups, map_type_label,
    page_size_around, paginate_follow_ups,
)
from .pdf_paint import Painter
from .pdf_sheets import Sheet, Tile, draw_minimap, draw_overlap_marks, fit_scale, tiles

__all__ = ["export_pdf", "read_embedded_board", "PAGE_SIZES", "MIN_PRINTED_TEXT"]

PAGE_SIZES = {
    "a4": A4, "a3": A3, "a2": A2, "letter": LETTER, "tabloid": TABLOID, "fit": None,
}
MIN_PRINTED_TEXT = 6.0  # points: below this a note's text is not readable on paper
TILE_OVERLAP = 24.0  # points of paper that neighbouring tiles share, to glue them
MAX_PAGE = 14_400.0  # the largest page a PDF reader must support (200 inches)
MAX_UPSCALE = 2.0  # a small board may be enlarged on big paper, not without limit
FIT_CHROME = 1.0  # page chrome scale on pages sized to their content

Progress = Callable[[int, int], None]


@dataclass
class _Page:
    size: tuple[float, float]
    draw: Callable[[Painter, int, int], None]  # (painter, page number, page count)
    outline: tuple[tuple[str, int], ...] = ()  # (title, level) entries pointing at this page


def export_pdf(doc: Document, target: os.PathLike | str, *, page: str = "a3", empathy: bool = True,
               embed_board: bool = False, handout: bool = False,
               progress: Optional[Progress] = None) -> int:
    """Writes the board as a PDF to target (atomically); returns the number of pages.

    page: "a4" | "a3" | "a2" | "letter" | "tabloid" (landscape) or "fit" (the map on a page of
    its own size). progress(done, total) is called after each page."""
    key = str(page).lower()
    if key not in PAGE_SIZES:
        raise BoardError(f"Unknown page size {page!r}; use one of {', '.join(PAGE_SIZES)}.")
    target = Path(target)
    pages = _plan(doc, key, empathy, handout)
    metadata = _metadata(doc)
    board_json = None
    if embed_board:
        from app.model.interchange import board_json_text

        board_json = board_json_text(doc)

    def write(tmp: Path) -> None:
        data = _render(pages, metadata, progress)
        if board_json is not None:
            data = attach_board(data, board_json)
        tmp.write_bytes(data)

    store.write_atomically(target, write, replace=True)
    return len(pages)


# ---------------------------------------------------------------- rendering


def _render(pages: list[_Page], metadata: dict[str, str], progress: Optional[Progress]) -> bytes:
    out = io.BytesIO()
    canvas = Canvas(out, pagesize=pages[0].size, initialFontName=font_name("regular"), pageCompression=1)
    canvas.setTitle(metadata["title"])
    canvas.setAuthor(metadata["author"])
    canvas.setSubject(metadata["subject"])
    canvas.setKeywords(metadata["keywords"])
    canvas.setCreator("Journey Wall")
    total = len(pages)
    for number, spec in enumerate(pages, 1):
        canvas.setPageSize(spec.size)
        for index, (title, level) in enumerate(spec.outline):
            key = f"p{number}.{index}"  # one key per entry: ReportLab keeps one title per key
            canvas.bookmarkPage(key, fit="Fit")
            canvas.addOutlineEntry(title, key, level=level)
        painter = Painter(canvas, *spec.size)
        painter.begin_page()
        spec.draw(painter, number, total)
        painter.end_page()
        canvas.showPage()
        if progress is not None:
            progress(number, total)
    canvas.showOutline()
    canvas.save()
    return out.getvalue()


def _metadata(doc: Document) -> dict[str, str]:
    board = doc.board
    people = ", ".join(p.strip() for p in board.participants if p.strip())
    return {
        "title": board.title,
        "author": people or "Journey Wall",
        "subject": board.goal.strip() or map_type_label(board.map_type),
        "keywords": ", ".join(filter(None, ("customer journey map", map_type_label(board.map_type),
                                            doc.persona.name))),
    }


def _landscape(key: str) -> tuple[float, float]:
    w, h = PAGE_SIZES[key] or A3
    return max(w, h), min(w, h)


# ---------------------------------------------------------------- the plan of pages


def _plan(doc: Document, key: str, empathy: bool, handout: bool) -> list[_Page]:
    ctx = BoardContext.of(doc, compute_layout(doc))
    title = doc.board.title
    paper = _landscape("a4" if key == "fit" else key)  # for the pages that are not a map

    def cover(p: Painter, number: int, count: int) -> None:
        draw_cover(p, doc, p.page_w, p.page_h)

    pages = [_Page(paper, cover, (("Cover", 0),))]
    pages += _map_pages(ctx, key, title)
    if empathy:
        pages += _empathy_pages(doc, key, title)
    titles = CANVAS_TITLES if doc.board.empathy_layout == "canvas" else TITLES
    items = follow_ups(doc, titles)
    for index, rows in enumerate(paginate_follow_ups(items, *paper) if items else []):
        pages.append(_Page(paper, _follow_up_drawer(rows, index > 0, len(items), title),
                           (("Follow-up list", 0),) if index == 0 else ()))
    if handout:
        region = _board_drawer(ctx)
        portrait = (paper[1], paper[0])  # a stage's column is tall and narrow
        for size, sheet, label, outline in handout_sheets(ctx, portrait):
            pages.append(_Page(size, _sheet_drawer(sheet, region, title, label), outline))
    return pages


def _follow_up_drawer(rows, continued: bool, total: int, title: str):
    def draw(p: Painter, number: int, count: int) -> None:
        draw_chrome(p, Virtual.of(p.page_w, p.page_h), title, "Follow-up list", number, count)
        draw_follow_up_page(p, rows, p.page_w, p.page_h, continued, total)

    return draw


def _fitted_pages(w: float, h: float, smallest: Optional[float], key: str, region, title: str,
                  name: str, max_scale: float, headers: dict) -> list[_Page]:
    """A layout of w x h points on one page (fitted to the paper, or a page of its own size
    for "fit"), then, when that prints the smallest note text below 6 pt, again in tiles."""
    if key == "fit":
        scale = min(1.0, (MAX_PAGE - 200) / max(w, h))
        size = page_size_around(w * scale, h * scale, FIT_CHROME)
        v = Virtual.of(*size, scale=FIT_CHROME)
        area = content_area(v)
        paper = _landscape("a3")  # tiles, if even the largest page is too small
    else:
        size = paper = _landscape(key)
        v = Virtual.of(*size)
        area = content_area(v)
        scale = fit_scale(w, h, area.w, area.h, max_scale)
    sheet = Sheet(((0, w),), ((0, h),), scale, area.x + (area.w - w * scale) / 2, area.y)
    pages = [_Page(size, _sheet_drawer(sheet, region, title, name, v), ((name, 0),))]
    if smallest is None or scale * smallest >= MIN_PRINTED_TEXT - 1e-9:
        return pages
    tile_area = content_area(Virtual.of(*paper))
    all_tiles = tiles(w, h, MIN_PRINTED_TEXT / smallest, tile_area, TILE_OVERLAP, **headers)
    for index, tile in enumerate(all_tiles):
        outline = ((f"Tile {index + 1}: row {tile.row + 1}, column {tile.column + 1}", 1),)
        if index == 0:
            outline = ((f"{name}: tiles for printing ({len(all_tiles)} pages)", 0),) + outline
        pages.append(_Page(paper, _tile_drawer(tile, all_tiles, region, title, name, tile_area), outline))
    return pages


def _map_pages(ctx: BoardContext, key: str, title: str) -> list[_Page]:
    layout = ctx.layout
    headers = {"header_x": (0.0, float(LANE_HEADER_W)),
               "header_y": (layout.title.bottom, layout.title.bottom + STAGE_HEADER_H)}
    return _fitted_pages(layout.width, ctx.content_height, ctx.min_note_text, key, _board_drawer(ctx),
                         title, "Journey map", MAX_UPSCALE, headers)


def _empathy_pages(doc: Document, key: str, title: str) -> list[_Page]:
    ectx = EmpathyContext.of(doc)
    if ectx.is_empty:
        return []
    layout = ectx.layout
    name = "Empathy map canvas" if layout.kind == "canvas" else "Empathy map"

    def region(p: Painter, src: Rect) -> None:
        draw_empathy_region(p, ectx, src)

    return _fitted_pages(layout.width, layout.height, ectx.min_note_text, key, region, title, name, 1.5, {})


def _board_drawer(ctx: BoardContext):
    def region(p: Painter, src: Rect) -> None:
        # The lane headers repeated down a tile's side show no piece of the map's title.
        draw_board_region(p, ctx, src, title=not (src.x <= 0 and src.right <= LANE_HEADER_W))

    return region


def _sheet_drawer(sheet: Sheet, region, title: str, section: str, v: Optional[Virtual] = None):
    def draw(p: Painter, number: int, count: int) -> None:
        draw_chrome(p, v or Virtual.of(p.page_w, p.page_h), title, section, number, count)
        sheet.draw(p, region)

    return draw


def _tile_drawer(tile: Tile, all_tiles: list[Tile], region, title: str, name: str, area: Rect):
    def draw(p: Painter, number: int, count: int) -> None:
        v = Virtual.of(p.page_w, p.page_h)
        draw_chrome(p, v, title, f"{name}, {tile.label}", number, count)
        tile.sheet.draw(p, region)
        draw_overlap_marks(p, tile, all_tiles, area)
        cell = 7.0 * v.scale
        draw_minimap(p, tile, area.right - tile.columns * (cell + 1.5), v.scale * 6, cell)

    return draw
