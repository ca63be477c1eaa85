"""The empathy map (app.model.empathy_layout) drawn into a PDF, in layout coordinates."""
from __future__ import annotations

from dataclasses import dataclass

from app.model.document import Document
from app.model.empathy_layout import NUMBER_D, EmpathyLayout, EmpathySection, compute_empathy_layout
from app.model.entities import Note
from app.model.layout import BASELINE_EM, CELL_PAD, Rect
from app.model.text import text_width

from .pdf_paint import ACCENT, HAIRLINE, INK, MUTED, Painter, color, shade, tint


@dataclass
class EmpathyContext:
    doc: Document
    layout: EmpathyLayout
    votes: dict[int, int]
    notes: dict[int, Note]

    @classmethod
    def of(cls, doc: Document) -> "EmpathyContext":
        return cls(doc, compute_empathy_layout(doc), doc.vote_counts(), {n.id: n for n in doc.notes()})

    @property
    def min_note_text(self) -> float:
        return min((box.text.size for box in self.layout.notes.values()), default=11.0)

    @property
    def is_empty(self) -> bool:
        persona = self.doc.persona
        return not self.layout.notes and not persona.name and not persona.photo



def draw_empathy_region(p: Painter, ctx: EmpathyContext, src: Rect) -> None:
    layout = ctx.layout
    for frame in layout.frames:
        if frame.rect.meets(src):
            p.fill_rect(frame.rect, "#F3F0F7", stroke="#B39DDB", width=1.0)
            _heading(p, frame.title_rect, frame.title_text, frame.hint_text, frame.number)
    for section in layout.sections:
        if section.rect.meets(src):
            _section(p, section)
    if layout.persona is not None and Rect(layout.persona.cx - layout.persona.r,
                                                  layout.persona.cy - layout.persona.r,
                                                  2 * layout.persona.r, 2 * layout.persona.r + 40).meets(src):
        _persona(p, ctx)
    for cluster in layout.clusters:
        if cluster.rect.meets(src):
            p.cluster(cluster, layout.notes.get(cluster.top_note))
    for box in layout.notes.values():
        if box.rect.meets(src):
            p.note(box, ctx.notes[box.note_id], ctx.votes.get(box.note_id, 0))


def _section(p: Painter, section: EmpathySection) -> None:
    fill = tint(section.color, 0.82)
    p.fill_rect(section.rect, fill, stroke=HAIRLINE, width=0.8)
    if section.extra:
        p.stroke_rect(section.rect, shade(section.color, 0.2), width=0.8, dash=(4, 3))
    _heading(p, section.title_rect, section.title_text, section.hint_text, section.number,
             badge=shade(section.color, 0.45))


def _heading(p: Painter, r: Rect, title, hint, number, badge: str = "#7E57C2") -> None:
    x = r.x + CELL_PAD
    width = r.w - 2 * CELL_PAD
    top = r.y + 4
    if number is not None:
        cy = top + NUMBER_D / 2
        p.c.setFillColor(color(badge))
        p.c.circle(x + NUMBER_D / 2, cy, NUMBER_D / 2, stroke=0, fill=1)
        p.label(str(number), x, cy - 12 * 1.25 / 2, NUMBER_D, 12, "#FFFFFF", bold=True, align="center")
        x += NUMBER_D + 8
        width -= NUMBER_D + 8
    # Title and its question on one line: the question follows the title, small and muted,
    # on the same baseline, when there is room for it.
    p.text(title, x, top + 1, width, INK, bold=True, align="left")
    title_w = max((_width(line, title.size, True) for line in title.lines), default=0)
    hint_x = x + title_w + 8
    hint_w = max((_width(line, hint.size) for line in hint.lines), default=0)
    if len(title.lines) == 1 and hint.lines and hint_x + hint_w <= x + width:
        p.text(hint, hint_x, top + 1 + (title.size - hint.size) * BASELINE_EM, hint_w + 1, MUTED,
               align="left")


def _width(line: str, size: float, bold: bool = False) -> float:
    return text_width(line, size, bold=bold)


def _persona(p: Painter, ctx: EmpathyContext) -> None:
    persona = ctx.layout.persona
    c = p.c
    c.setFillColor(color("#000000", 0.10))
    c.circle(persona.cx + 1, persona.cy + 2, persona.r, stroke=0, fill=1)
    c.setFillColor(color("#FFFFFF"))
    c.setStrokeColor(color(ACCENT))
    c.setLineWidth(2.5)
    c.circle(persona.cx, persona.cy, persona.r, stroke=1, fill=1)
    inner = persona.r - 4
    photo = ctx.doc.persona.photo
    drawn = photo is not None and p.picture(photo, Rect(persona.cx - inner, persona.cy - inner, 2 * inner, 2 * inner),
                                            circle=True)
    if not drawn:
        c.setFillColor(color(tint(ACCENT, 0.75)))
        c.circle(persona.cx, persona.cy, inner, stroke=0, fill=1)
        size = inner * 0.8
        p.label(persona.initials, persona.cx - inner, persona.cy - size * 1.25 / 2, 2 * inner, size,
                shade(ACCENT, 0.35), bold=True, align="center")
    r = persona.name_rect
    t = persona.name_text
    w = max(_width(line, t.size, True) for line in t.lines) + 24 if t.lines else 0
    pill = Rect(r.x + (r.w - w) / 2, r.y, w, r.h)
    p.fill_rect(pill, "#FFFFFF", stroke=ACCENT, width=1.2, radius=r.h / 2)
    p.text(t, r.x, r.y + (r.h - t.height) / 2, r.w, INK, bold=True, align="center")
