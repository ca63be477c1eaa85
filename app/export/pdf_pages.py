"""The PDF's text pages: the cover (title, goal & scope, persona card, date, participants), the
follow-up list (pain points, opportunities and ideas ranked by dots), and the page chrome.

These pages are designed on a virtual page 842 points wide (A4 landscape) with the paper's
aspect ratio and scaled to the paper, so an A2 cover looks like an A4 cover, only bigger.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Optional

from app.model.document import Document, Place
from app.model.empathy_layout import SECTION_COLORS, TITLES, initials
from app.model.entities import EMPATHY_SECTIONS
from app.model.layout import Rect
from app.model.text import Fitted, break_lines, fit_text, text_width

from .pdf_paint import ACCENT, HAIRLINE, HEADER_BG, INK, MUTED, Painter, color, tint

VIRTUAL_W = 842.0
MARGIN = 36.0
HEADER_H = 26.0  # the band at the top of every page but the cover
FOOTER_H = 18.0

MAP_TYPE_LABELS = {
    "current-state": "Current-state journey map",
    "future-state": "Future-state journey map",
    "day-in-the-life": "Day-in-the-life map",
    "service-blueprint": "Service blueprint",
    "support": "Support journey map",
    "churn-renewal": "Churn and renewal journey map",
    "blank": "Journey map",
}

# Lanes whose notes are follow-ups, by role (never by name: teams rename lanes freely).
FOLLOW_UP_ROLES = {"pain_points": "Pain point", "opportunities": "Opportunity", "ideas": "Idea"}


def map_type_label(map_type: str) -> str:
    return MAP_TYPE_LABELS.get(map_type, "Journey map")


# ---------------------------------------------------------------- virtual pages


@dataclass(frozen=True)
class Virtual:
    """A page seen as VIRTUAL_W points wide: scale from virtual to paper points, and height."""

    scale: float
    height: float
    width: float = VIRTUAL_W

    @classmethod
    def of(cls, page_w: float, page_h: float, scale: Optional[float] = None) -> "Virtual":
        """The virtual page of a paper; a fixed scale for pages sized to their content."""
        scale = scale or page_w / VIRTUAL_W
        return cls(scale, page_h / scale, page_w / scale)

    def begin(self, p: Painter) -> None:
        p.c.saveState()
        p.c.scale(self.scale, self.scale)

    def end(self, p: Painter) -> None:
        p.c.restoreState()


def clamp_lines(text: str, width: float, height: float, max_size: float, min_size: float,
                bold: bool = False) -> Fitted:
    """Text fitted to a box; at the smallest size, lines that still do not fit are cut and
    the last kept line ends with an ellipsis (covers and lists only: notes are never cut)."""
    fitted = fit_text(text, width, height, max_size, min_size, bold=bold)
    if fitted.height <= height + 1e-6:
        return fitted
    keep = max(1, int(height // fitted.line_height))
    lines = list(fitted.lines[:keep])
    last = lines[-1].rstrip()
    while last and text_width(last + " …", fitted.size, bold) > width:
        last = last[:-1]
    lines[-1] = last + " …"
    return Fitted(fitted.size, tuple(lines), fitted.line_height, keep * fitted.line_height)


def ellipsize(text: str, width: float, size: float, bold: bool = False) -> str:
    """One line of text, cut with an ellipsis when wider than width."""
    text = " ".join(text.split())
    if text_width(text, size, bold) <= width:
        return text
    while text and text_width(text + "…", size, bold) > width:
        text = text[:-1]
    return text.rstrip() + "…"


def draw_chrome(p: Painter, v: Virtual, title: str, section: str, page_no: int, pages: int,
                right: str = "") -> None:
    """The header band (board title · section) and the footer (page number) of a page,
    drawn in page points scaled like the virtual page."""
    v.begin(p)
    w = v.width
    y = MARGIN / 2
    title = ellipsize(title, w * 0.45, 10, True)
    p.label(title, MARGIN, y, w * 0.45, 10, INK, bold=True, align="left")
    tw = text_width(title, 10, True)
    p.label("·  " + ellipsize(section, w - 2 * MARGIN - tw - 8 - 20, 10), MARGIN + tw + 8, y,
            w - 2 * MARGIN - tw - 8, 10, MUTED, align="left")
    if right:
        p.label(right, MARGIN, y, w - 2 * MARGIN, 9, MUTED, align="right")
    p.line(MARGIN, y + HEADER_H - 8, w - MARGIN, y + HEADER_H - 8, HAIRLINE, 0.6)
    fy = v.height - MARGIN / 2 - 10
    p.label("Journey Wall", MARGIN, fy, 200, 8, MUTED, align="left")
    p.label(f"{page_no} / {pages}", MARGIN, fy, w - 2 * MARGIN, 8, MUTED, align="right")
    v.end(p)


def content_area(v: Virtual) -> Rect:
    """Where a page's content goes (page points), inside margins, header and footer."""
    s = v.scale
    page_w, page_h = v.width * s, v.height * s
    top = (MARGIN / 2 + HEADER_H) * s
    bottom = (MARGIN / 2 + FOOTER_H) * s
    side = MARGIN * s * 0.75
    return Rect(side, top, page_w - 2 * side, page_h - top - bottom)


def page_size_around(w: float, h: float, chrome: float = 1.0) -> tuple[float, float]:
    """The page that holds content of w x h points with the usual chrome at the given scale."""
    side = MARGIN * chrome * 0.75
    return w + 2 * side, h + (MARGIN + HEADER_H + FOOTER_H) * chrome


# ---------------------------------------------------------------- cover


def draw_cover(p: Painter, doc: Document, page_w: float, page_h: float) -> None:
    v = Virtual.of(page_w, page_h)
    v.begin(p)
    board = doc.board
    w, h = VIRTUAL_W, v.height
    p.fill_rect(Rect(0, 0, w, 8), ACCENT)
    left_w = w * 0.56
    x = MARGIN + 8
    y = MARGIN + 16
    p.label(map_type_label(board.map_type).upper(), x, y, left_w, 10, ACCENT, bold=True, align="left")
    y += 22
    title = clamp_lines(board.title, left_w - 16, 110, 34, 18, bold=True)
    p.text(title, x, y, left_w - 16, INK, bold=True, align="start")
    y += title.height + 18
    if board.goal.strip():
        p.label("GOAL & SCOPE", x, y, left_w, 8.5, MUTED, bold=True, align="left")
        y += 14
        goal = clamp_lines(board.goal, left_w - 16, 120, 15, 9)
        p.text(goal, x, y, left_w - 16, INK)
        y += goal.height + 18
    stages = doc.stages()
    notes = doc.notes()
    cells = sum(1 for n in notes if n.place == "cell")
    dots = sum(doc.vote_counts().values())
    facts = [
        ("DATE", board.date.strip() or "—"),
        ("PARTICIPANTS", ", ".join(x for x in board.participants if x.strip()) or "—"),
        ("STAGES", "  →  ".join(s.name for s in stages) or "—"),
        ("ON THE BOARD", f"{len(notes)} notes ({cells} on the map), {len(stages)} stages, "
                         f"{len(doc.lanes())} lanes, {dots} dots"),
    ]
    agenda = doc.agenda()
    if agenda:
        facts.append(("WORKSHOP AGENDA", "  ·  ".join(f"{b.name} {b.minutes} min" for b in agenda)))
    bottom = h - MARGIN - 8
    label_w = 104
    for label, value in facts:
        room = bottom - y
        if room < 16:
            break
        p.label(label, x, y + 1.5, label_w, 8, MUTED, bold=True, align="left")
        fitted = clamp_lines(value, left_w - label_w - 16, min(room, 64), 11, 8)
        p.text(fitted, x + label_w, y, left_w - label_w - 16, INK)
        y += max(fitted.height, 14) + 10
    card = Rect(left_w + MARGIN, MARGIN + 16, w - left_w - 2 * MARGIN, h - 2 * MARGIN - 24)
    draw_persona_card(p, doc, card)
    v.end(p)


def draw_persona_card(p: Painter, doc: Document, card: Rect) -> None:
    persona = doc.persona
    p.c.setFillColor(color("#000000", 0.06))
    p.c.roundRect(card.x + 1, card.y + 2, card.w, card.h, 10, stroke=0, fill=1)
    p.fill_rect(card, "#F7F9FC", stroke=HAIRLINE, width=0.8, radius=10)
    pad = 18
    r = 34
    cx, cy = card.x + pad + r, card.y + pad + r
    photo = persona.photo
    drawn = photo is not None and p.picture(photo, Rect(cx - r, cy - r, 2 * r, 2 * r), circle=True)
    if not drawn:
        p.c.setFillColor(color(tint(ACCENT, 0.72)))
        p.c.circle(cx, cy, r, stroke=0, fill=1)
        p.label(initials(persona.name), cx - r, cy - 13, 2 * r, 21, "#0D47A1", bold=True, align="center")
    p.c.setStrokeColor(color("#FFFFFF"))
    p.c.setLineWidth(2)
    p.c.circle(cx, cy, r, stroke=1, fill=0)
    tx = cx + r + 14
    tw = card.right - pad - tx
    p.label("PERSONA", tx, card.y + pad, tw, 8, MUTED, bold=True, align="left")
    name = clamp_lines(persona.name or "No persona yet", tw, 40, 18, 11, bold=True)
    p.text(name, tx, card.y + pad + 13, tw, INK, bold=True, align="start")
    ny = card.y + pad + 13 + name.height
    if persona.role:
        role = clamp_lines(persona.role, tw, 30, 11, 9)
        p.text(role, tx, ny + 2, tw, MUTED, align="start")
    y = card.y + pad + 2 * r + 14
    inner = Rect(card.x + pad, y, card.w - 2 * pad, card.bottom - pad - y)
    blocks = []
    if persona.quote.strip():
        blocks.append(("", f"“{persona.quote.strip()}”"))
    if persona.demographics.strip():
        blocks.append(("DEMOGRAPHICS", persona.demographics.strip()))
    for label, items in (("GOALS", persona.goals), ("PAIN POINTS", persona.pains),
                         ("CURRENT SOLUTIONS", persona.current_solutions)):
        items = [i.strip() for i in items if i.strip()]
        if items:
            blocks.append((label, "\n".join(f"• {i}" for i in items)))
    if persona.backstory.strip():
        blocks.append(("BACK-STORY", persona.backstory.strip()))
    if not blocks:
        hint = clamp_lines("No quote, goals or pain points recorded for this persona yet.",  # a reader has no app
                           inner.w, inner.h, 9, 9)
        p.text(hint, inner.x, inner.y, inner.w, MUTED, align="left")
        return
    _blocks(p, blocks, inner)


def _blocks(p: Painter, blocks: list[tuple[str, str]], box: Rect) -> None:
    """Labelled paragraphs filling a box: the largest size from 11 down to 7 pt at which they
    all fit; at 7 pt what is left over is cut with an ellipsis."""
    label_h = 12.0
    gap = 8.0
    for size in (11, 10.5, 10, 9.5, 9, 8.5, 8, 7.5, 7):
        total = 0.0
        for label, text in blocks:
            total += (label_h if label else 0) + len(break_lines(text, box.w, size)) * size * 1.25 + gap
        if total <= box.h:
            break
    y = box.y
    for label, text in blocks:
        if label:
            if y + label_h > box.bottom:
                break
            p.label(label, box.x, y, box.w, 7.5, MUTED, bold=True, align="left")
            y += label_h
        room = box.bottom - y
        if room < size * 1.25:
            break
        fitted = clamp_lines(text, box.w, room, size, size)
        p.text(fitted, box.x, y, box.w, INK if label else "#37474F")
        y += fitted.height + gap


# ---------------------------------------------------------------- follow-up list


@dataclass(frozen=True)
class FollowUp:
    note_id: int
    votes: int
    kind: str
    text: str
    stage: str
    lane: str
    tags: str
    owner: str
    color: str


def follow_ups(doc: Document, section_titles: Optional[dict[str, str]] = None) -> list[FollowUp]:
    """Notes in pain-point, opportunity and idea lanes (by lane role) and notes flagged as ideas
    anywhere, most dots first; ties keep the board's order."""
    votes = doc.vote_counts()
    stages = doc.stages()
    lanes = doc.lanes()
    items: list[FollowUp] = []

    def add(note, kind, stage, lane, lane_color):
        items.append(FollowUp(note.id, votes.get(note.id, 0), kind, note.text, stage, lane,
                              ", ".join(note.tags), note.owner, note.color or lane_color))

    for stage in stages:
        for lane in lanes:
            role_kind = FOLLOW_UP_ROLES.get(lane.role)
            for note in doc.notes_at(Place.cell(stage.id, lane.id)):
                if role_kind or note.idea:
                    add(note, role_kind or "Idea", stage.name, lane.name, lane.color)
    for note in doc.notes_at(Place.parking()):
        if note.idea:
            add(note, "Idea", "—", "Parking lot", "#E0E0E0")
    titles = section_titles or TITLES
    for section in EMPATHY_SECTIONS:
        for note in doc.notes_at(Place.empathy(section)):
            if note.idea:
                add(note, "Idea", "—", f"Empathy map: {titles[section]}", SECTION_COLORS[section])
    order = {item.note_id: i for i, item in enumerate(items)}
    return sorted(items, key=lambda item: (-item.votes, order[item.note_id]))


# Columns of the list on the virtual page: (title, share of the width).
COLUMNS = (("#", 0.04), ("Dots", 0.055), ("Note", 0.355), ("Type", 0.09), ("Stage", 0.115),
           ("Lane", 0.125), ("Tags", 0.12), ("Owner", 0.10))
LIST_TEXT = 9.0
LIST_LINE = LIST_TEXT * 1.25
ROW_PAD = 5.0


@dataclass(frozen=True)
class Row:
    rank: int
    item: FollowUp
    cells: tuple[tuple[str, ...], ...]  # lines per column
    first: int  # the first line of the note text on this page (a long note continues)
    last: int

    @property
    def height(self) -> float:
        others = max(len(c) for i, c in enumerate(self.cells) if i != 2) if self.first == 0 else 1
        return max(1, self.last - self.first, others) * LIST_LINE + 2 * ROW_PAD


def _column_widths(width: float) -> list[float]:
    return [share * width for _, share in COLUMNS]


MAX_CELL_LINES = 6  # tags, lanes, owners: a list row never grows past this for them


def _column_lines(value: str, width: float, whole: bool) -> tuple[str, ...]:
    if not value:
        return ("",)
    lines = break_lines(value, width, LIST_TEXT)
    if whole or len(lines) <= MAX_CELL_LINES:
        return tuple(lines)
    return tuple(lines[:MAX_CELL_LINES - 1]) + (ellipsize(lines[MAX_CELL_LINES - 1] + " …", width, LIST_TEXT),)


def paginate_follow_ups(items: list[FollowUp], page_w: float, page_h: float) -> list[list[Row]]:
    """The list's rows per page; a note too long for the rest of a page continues on the next."""
    v = Virtual.of(page_w, page_h)
    width = VIRTUAL_W - 2 * MARGIN
    widths = _column_widths(width)
    top = MARGIN / 2 + HEADER_H + 34 + LIST_LINE + 2 * ROW_PAD  # title and column headings
    bottom = v.height - MARGIN / 2 - FOOTER_H
    pages: list[list[Row]] = [[]]
    y = top
    for rank, item in enumerate(items, 1):
        values = (str(rank), str(item.votes), item.text, item.kind, item.stage, item.lane, item.tags, item.owner)
        cells = tuple(_column_lines(value, w - 8, column == 2) for column, (value, w)
                      in enumerate(zip(values, widths)))
        text_lines = len(cells[2])
        first = 0
        while first < text_lines:
            room = int((bottom - y - 2 * ROW_PAD) // LIST_LINE)
            others = max(len(c) for i, c in enumerate(cells) if i != 2)
            need = max(text_lines - first, others if first == 0 else 1)
            if room < min(need, max(others, 3)) and pages[-1]:
                pages.append([])
                y = top
                continue
            take = max(1, min(text_lines - first, room))
            row = Row(rank, item, cells, first, first + take)
            pages[-1].append(row)
            y += row.height
            first += take
            if first < text_lines:
                pages.append([])
                y = top
    return [page for page in pages if page]


def draw_follow_up_page(p: Painter, rows: list[Row], page_w: float, page_h: float,
                        continued: bool, total: int) -> None:
    v = Virtual.of(page_w, page_h)
    v.begin(p)
    width = VIRTUAL_W - 2 * MARGIN
    widths = _column_widths(width)
    x0 = MARGIN
    y = MARGIN / 2 + HEADER_H
    heading = "Follow-up list" + (" (continued)" if continued else "")
    p.label(heading, x0, y, width, 15, INK, bold=True, align="left")
    p.label(f"{total} pain points, opportunities and ideas, most dots first", x0, y + 3, width, 9, MUTED,
            align="right")
    y += 34
    head = Rect(x0, y, width, LIST_LINE + 2 * ROW_PAD)
    p.fill_rect(head, HEADER_BG, stroke=HAIRLINE)
    x = x0
    for (title, _), w in zip(COLUMNS, widths):
        p.label(title, x + 4, y + ROW_PAD, w - 8, 8.5, MUTED, bold=True, align="left")
        x += w
    y += head.h
    for index, row in enumerate(rows):
        r = Rect(x0, y, width, row.height)
        if index % 2:
            p.fill_rect(r, "#FAFBFC")
        p.line(x0, r.bottom, x0 + width, r.bottom, HAIRLINE, 0.5)
        x = x0
        for column, (lines, w) in enumerate(zip(row.cells, widths)):
            if column == 2:
                lines = lines[row.first:row.last]  # a long note continues on the next page
            elif row.first > 0:
                lines = (f"{row.rank} (cont.)",) if column == 0 else ()
            if column == 0 and row.first == 0:  # the rank, after a swatch of the note's colour
                p.fill_rect(Rect(x + 4, y + ROW_PAD + 1, 4, LIST_LINE * 0.8), row.item.color, radius=1)
                _cell(p, lines, x + 11, y, w - 12, INK, "left")
            elif column == 1 and row.first == 0:
                _dots(p, x + 4, y + ROW_PAD, row.item.votes)
            else:
                _cell(p, lines, x + 4, y, w - 8, INK if column in (2, 3) else "#37474F",
                      "start" if column == 2 else "left")
            x += w
        y += row.height
    v.end(p)


def _cell(p: Painter, lines, x: float, y: float, w: float, ink: str, align: str) -> None:
    lines = tuple(lines)
    if lines:
        p.text(Fitted(LIST_TEXT, lines, LIST_LINE, len(lines) * LIST_LINE), x, y + ROW_PAD, w, ink,
               align=align)


def _dots(p: Painter, x: float, y: float, votes: int) -> None:
    if votes:
        p.c.setFillColor(color("#D32F2F"))
        p.c.circle(x + 4, y + LIST_LINE / 2, 3.4, stroke=0, fill=1)
    p.label(str(votes), x + 10, y, 30, LIST_TEXT, INK if votes else MUTED, bold=bool(votes), align="left")
