"""Hand-out pages: one page per stage, the stage's column with the lane headers, as the
presenter shows a stage. Each lane is cut to what this stage's cell holds, so a tall cell in
another stage leaves no empty band; a column too tall for one page continues on the next with
its stage header repeated."""
from __future__ import annotations

from app.model.entities import LaneKind
from app.model.layout import CELL_PAD, LANE_HEADER_W, NOTE_LANE_MIN_H, STAGE_HEADER_H

from .pdf_board import BoardContext
from .pdf_pages import Virtual, content_area
from .pdf_sheets import Sheet, Span, fit_scale, split_spans

MIN_PRINTED_TEXT = 6.0
MAX_SCALE = 1.6
OVERLAP = 24.0
WIDE_ENOUGH = 0.75  # a column drawn narrower than this share of the page goes on more pages instead


def _lane_spans(ctx: BoardContext, stage_id: int) -> list[Span]:
    """Per lane, the part of its row this stage needs: notes, metric value, lane title."""
    layout = ctx.layout
    bottoms: dict[int, float] = {}
    for box in layout.notes.values():
        if box.place.kind == "cell" and box.place.stage_id == stage_id:
            bottoms[box.place.lane_id] = max(bottoms.get(box.place.lane_id, 0.0), box.rect.bottom)
    spans = []
    for lane in layout.lanes:
        row = lane.row
        if lane.kind != LaneKind.NOTES:  # emotion curves and metric values keep the row's geometry
            spans.append((row.y, row.bottom))
            continue
        need = max(NOTE_LANE_MIN_H, lane.title.height + 2 * CELL_PAD,
                   bottoms.get(lane.lane_id, row.y) + CELL_PAD - row.y)
        spans.append((row.y, min(row.bottom, row.y + need)))
    return spans


def _split(spans: list[Span], page_h: float, scale: float) -> list[list[Span]]:
    room = page_h / scale - STAGE_HEADER_H  # each page repeats the stage header
    return split_spans(spans, room, room, OVERLAP / scale)


def handout_sheets(ctx: BoardContext, size: tuple[float, float]):
    """(page size, sheet, page label, outline entries) for every hand-out page, stage by stage."""
    layout = ctx.layout
    area = content_area(Virtual.of(*size))
    header: Span = (layout.title.bottom, layout.title.bottom + STAGE_HEADER_H)
    stages = ctx.doc.stages()
    out = []
    for index, (stage, box) in enumerate(zip(stages, layout.stages)):
        xs = ((0.0, float(LANE_HEADER_W)), (box.column.x, box.column.right))
        w = LANE_HEADER_W + box.column.w
        spans = [header] + _lane_spans(ctx, stage.id)
        h = sum(b - a for a, b in spans)
        sizes = [b.text.size for b in layout.notes.values()
                 if b.place.kind == "cell" and b.place.stage_id == stage.id]
        smallest = min(sizes, default=11.0)
        scale = fit_scale(w, h, area.w, area.h, MAX_SCALE)
        full = min(area.w / w, MAX_SCALE)  # the column as wide as the page
        if scale * smallest >= MIN_PRINTED_TEXT and scale >= WIDE_ENOUGH * full:
            pages = [spans]
        else:  # as few pages as keep the text readable and the page used, each with the stage header on top
            scale = min(full, max(MIN_PRINTED_TEXT / smallest, WIDE_ENOUGH * full))
            count = len(_split(spans[1:], area.h, scale))
            # Then as large as that many pages allow, so they are full.
            body = h - STAGE_HEADER_H
            grown = (count * area.h - (count - 1) * OVERLAP) / (body + count * STAGE_HEADER_H)
            scale = max(scale, min(area.w / w, MAX_SCALE, grown * 0.999))
            pages = [[header] + page for page in _split(spans[1:], area.h, scale)]
        label = f"Hand-out: stage {index + 1} of {len(stages)}, {stage.name}"
        for n, ys in enumerate(pages):
            sheet = Sheet(xs, tuple(ys), scale, 0.0, area.y)
            sheet = sheet.moved(area.x + (area.w - sheet.width) / 2, area.y)
            outline = ((f"Stage {index + 1}: {stage.name}", 1),) if n == 0 else ()
            if index == 0 and n == 0:
                outline = (("Hand-out, one page per stage", 0),) + outline
            part = label if len(pages) == 1 else f"{label} (part {n + 1} of {len(pages)})"
            out.append((size, sheet, part, outline))
    return out

