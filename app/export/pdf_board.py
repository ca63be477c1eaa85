"""The journey map (the grid of app.model.layout) drawn into a PDF, from the layout only.

draw_board_region() draws the part of the layout inside a rectangle, in layout coordinates;
pdf_sheets places that rectangle on a page (scaled, clipped, maybe tiled).
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Optional

from app.model.document import Document
from app.model.entities import EMOTION_MAX, EMOTION_MIN, LaneKind, Note
from app.model.layout import CELL_PAD, LANE_HEADER_W, BoardLayout, Rect, emotion_y

from .pdf_paint import CELL_BG, HAIRLINE, INK, MUTED, STAGE_BG, Painter, shade, tint


@dataclass
class BoardContext:
    """What drawing the board needs, computed once per export."""

    doc: Document
    layout: BoardLayout
    votes: dict[int, int]
    notes: dict[int, Note]

    @classmethod
    def of(cls, doc: Document, layout: BoardLayout) -> "BoardContext":
        return cls(doc, layout, doc.vote_counts(), {n.id: n for n in doc.notes()})

    @property
    def has_parking(self) -> bool:
        return any(box.place.kind == "parking" for box in self.layout.notes.values())

    @property
    def content_height(self) -> float:
        """The map's height; an empty parking lot is left off the page."""
        if self.has_parking:
            return self.layout.height
        return self.layout.parking.rect.y

    @property
    def min_note_text(self) -> Optional[float]:
        """The smallest font size of any note's text (what must stay readable when printed);
        None when the map has no notes."""
        return min((box.text.size for box in self.layout.notes.values()), default=None)



STAGE_POINT = 9.0


def draw_board_region(p: Painter, ctx: BoardContext, src: Rect, *, title: bool = True) -> None:
    """Everything of the map that meets src, drawn in layout coordinates."""
    layout = ctx.layout
    if title and layout.title.meets(src):
        _title(p, ctx)
    for index, stage in enumerate(layout.stages):
        if stage.header.meets(src):
            r = stage.header
            fill = STAGE_BG[index % 2]
            p.chevron(Rect(r.x + 1, r.y + 4, r.w - 2, r.h - 8), fill, STAGE_POINT, index == 0)
            t = stage.title
            p.text(t, r.x + CELL_PAD, r.y + (r.h - t.height) / 2, r.w - 2 * CELL_PAD, "#FFFFFF", bold=True)
    for lane in layout.lanes:
        if not lane.row.meets(src):
            continue
        h = lane.header
        if h.meets(src):
            p.fill_rect(h, tint(lane.color, 0.55), stroke=HAIRLINE)
            p.fill_rect(Rect(h.x, h.y, 5, h.h), lane.color)
            p.text(lane.title, h.x + CELL_PAD, h.y + CELL_PAD, h.w - 2 * CELL_PAD, INK, bold=True)
    for cell in layout.cells:
        if cell.rect.meets(src):
            p.fill_rect(cell.rect, CELL_BG, stroke=HAIRLINE)
    for lane in layout.lanes:
        if lane.kind == LaneKind.EMOTION and lane.row.meets(src):
            _emotion_guides(p, lane.row)
    for metric in layout.metrics:
        if metric.rect.meets(src) and metric.text.lines and any(metric.text.lines):
            r, t = metric.rect, metric.text
            # Regular weight: the layout measured it so (bold would not fit the lines it broke).
            p.text(t, r.x + CELL_PAD, r.y + (r.h - t.height) / 2, r.w - 2 * CELL_PAD, INK, align="center")
    if ctx.has_parking and layout.parking.rect.meets(src):
        r = layout.parking.rect
        p.fill_rect(r, "#F7F8FA")
        p.stroke_rect(r, "#AEB6BF", width=0.8, radius=6, dash=(5, 3))
        p.label("Parking lot", r.x + CELL_PAD, r.y + 8, r.w - 2 * CELL_PAD, 13, MUTED, bold=True)
    for cluster in layout.clusters:
        if cluster.rect.meets(src):
            p.cluster(cluster, layout.notes.get(cluster.top_note))
    for box in layout.notes.values():
        if box.rect.meets(src):
            p.note(box, ctx.notes[box.note_id], ctx.votes.get(box.note_id, 0))
    for lane in layout.lanes:
        if lane.kind == LaneKind.EMOTION and lane.row.meets(src):
            _emotion_curve(p, lane, layout.emotions.get(lane.lane_id, ()))


def _title(p: Painter, ctx: BoardContext) -> None:
    layout = ctx.layout
    r = layout.title
    top = r.y + (r.h - layout.title_text.height - layout.subtitle_text.height) / 2
    p.text(layout.title_text, r.x + CELL_PAD, top, r.w - 2 * CELL_PAD, INK, bold=True, align="left")
    p.text(layout.subtitle_text, r.x + CELL_PAD, top + layout.title_text.height, r.w - 2 * CELL_PAD,
           MUTED, align="left")


def _emotion_guides(p: Painter, row: Rect) -> None:
    """Faint lines at each score; the zero line a little stronger."""
    for score in range(EMOTION_MIN, EMOTION_MAX + 1):
        y = emotion_y(row, score)
        p.line(row.x + LANE_HEADER_W, y, row.right, y, "#C9D1D9" if score == 0 else "#E6EAEE",
               width=0.8 if score == 0 else 0.5, dash=None if score == 0 else (2, 3))


def _emotion_curve(p: Painter, lane, points) -> None:
    if not points:
        return
    stroke = shade(lane.color, 0.35)
    p.curve([(pt.x, pt.y) for pt in points], stroke, 2.6)
    for pt in points:
        p.face(pt.x, pt.y, 12, pt.score)

