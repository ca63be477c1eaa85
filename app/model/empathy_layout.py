"""Where the empathy map's sections and notes go, in points, for both of its layouts.

Like app.model.layout for the grid, this is a pure function of the document: same board, same
geometry, computed once and drawn by the screen panel and the PDF exporter. Notes are sized and
their text fitted exactly as on the grid (layout.note_height_and_text), so a note reads the
same wherever it sits.

Two layouts over one stored set of sections (entities.EMPATHY_SECTIONS):

- classic: Says | Thinks over Does | Feels around the persona in the middle, Pains | Gains below.
- canvas (the 2017 Empathy Map Canvas): 1 Who | 2 Goal at the top, 3 See across, then
  6 Hear | 7 Think & Feel | 4 Say, and 5 Do across the bottom; 7 holds Thinks | Feels over
  Pains | Gains.

A layout shows its own sections, plus every non-empty section it lacks as an extra section
below, so switching the layout never hides a note. Sections grow to fit their notes.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Optional

from .document import Document, Place
from .entities import EMPATHY_SECTIONS
from .layout import (
    CELL_PAD, LINE_SPACING, NOTE_GAP, NOTE_MIN_H, NOTE_W, ClusterBox, NoteBox, Rect, clusters_by_id,
    dotted_notes, fit, flow_notes, insert_index,
)
from .text import Fitted

# Sizes in points.
SECTION_TITLE_H = 34  # the title row of a section, above its notes
SECTION_TITLE_MAX, SECTION_TITLE_MIN = 16.0, 11.0
HINT_TEXT = 10.0  # the small question under a section's title ("What do they hear?")
FRAME_PAD = 10  # inside a frame (Canvas "7 Think & Feel") around its sections
FRAME_TITLE_H = 34
NUMBER_D = 22  # diameter of a section's number badge (Canvas)
PERSONA_R = 54  # radius of the persona circle (classic)
PERSONA_NAME_H = 26
PERSONA_NAME_W = 360  # the name's pill under the circle; a long name shrinks, then wraps
SECTION_MIN_H = SECTION_TITLE_H + NOTE_MIN_H + 2 * CELL_PAD  # an empty section


def column_width(notes_per_row: int) -> float:
    """The width of a section holding that many notes side by side."""
    return 2 * CELL_PAD + notes_per_row * NOTE_W + (notes_per_row - 1) * NOTE_GAP


QUADRANT_W = column_width(3)  # classic quadrants, pains, gains and extras
SIDE_W = column_width(2)  # canvas Hear and Say, and the four sections inside Think & Feel

TITLES = {
    "who": "Who", "goal": "Goal", "says": "Says", "thinks": "Thinks", "does": "Does",
    "feels": "Feels", "sees": "Sees", "hears": "Hears", "pains": "Pains", "gains": "Gains",
}
CANVAS_TITLES = {
    "who": "Who", "goal": "Goal", "sees": "See", "says": "Say", "does": "Do", "hears": "Hear",
    "thinks": "Think", "feels": "Feel", "pains": "Pains", "gains": "Gains",
}
# The questions of the canvas (and of the classic map), shown small under a title.
HINTS = {
    "who": "Who are we empathizing with?",
    "goal": "What do they need to do?",
    "sees": "What do they see?",
    "says": "What do they say?",
    "does": "What do they do?",
    "hears": "What do they hear?",
    "thinks": "What do they think?",
    "feels": "What do they feel?",
    "pains": "Fears, frustrations, anxieties",
    "gains": "Wants, needs, hopes, dreams",
}
THINK_FEEL_NUMBER = 7
THINK_FEEL_TITLE = "Think & Feel"
THINK_FEEL_HINT = "What do they think and feel?"

# The colour a note gets when it has none of its own (the grid's notes take their lane's).
SECTION_COLORS = {
    "who": "#E0E0E0", "goal": "#A5D6A7", "says": "#FFE082", "thinks": "#CE93D8",
    "does": "#90CAF9", "feels": "#F48FB1", "sees": "#80CBC4", "hears": "#B3E5FC",
    "pains": "#FFCC80", "gains": "#C5E1A5",
}
CLASSIC_SECTIONS = ("says", "thinks", "does", "feels", "pains", "gains")
CANVAS_SECTIONS = ("who", "goal", "sees", "says", "does", "hears", "thinks", "feels", "pains", "gains")


@dataclass(frozen=True)
class EmpathySection:
    """One stored section as drawn: its box, title row and notes (in their order)."""

    section: str  # the stored section id (entities.EMPATHY_SECTIONS), where a drop lands
    title: str
    number: Optional[int]  # the canvas's step number, None in classic and inside frames
    rect: Rect  # the whole section, title row included
    title_rect: Rect
    title_text: Fitted
    hint_text: Fitted  # the section's question, small, under the title
    notes: tuple[NoteBox, ...]
    color: str  # the section's tint (and its notes' default colour)
    extra: bool  # shown only because it holds notes and this layout has no place for it
    clusters: tuple[ClusterBox, ...] = ()

    @property
    def place(self) -> Place:
        return Place.empathy(self.section)


@dataclass(frozen=True)
class EmpathyFrame:
    """A numbered box around several sections (the canvas's "7 Think & Feel")."""

    sections: tuple[str, ...]
    title: str
    number: Optional[int]
    rect: Rect
    title_rect: Rect
    title_text: Fitted
    hint_text: Fitted


@dataclass(frozen=True)
class PersonaBox:
    """The persona in the middle of the classic map: a circle (photo or initials) and a name."""

    cx: float
    cy: float
    r: float
    initials: str
    name_rect: Rect
    name_text: Fitted


@dataclass(frozen=True)
class EmpathyLayout:
    kind: str  # "classic" | "canvas"
    width: float
    height: float
    sections: tuple[EmpathySection, ...]  # in reading order, extras last
    frames: tuple[EmpathyFrame, ...]
    persona: Optional[PersonaBox]
    notes: dict[int, NoteBox]

    @property
    def clusters(self) -> tuple[ClusterBox, ...]:
        return tuple(c for s in self.sections for c in s.clusters)

    def section(self, section_id: str) -> Optional[EmpathySection]:
        return next((s for s in self.sections if s.section == section_id), None)

    def section_at(self, x: float, y: float) -> Optional[EmpathySection]:
        """The section under a point, if any (a drop there lands in its section)."""
        for box in self.sections:
            if box.rect.contains(x, y):
                return box
        return None

    def insert_index(self, section_id: str, x: float, y: float, ignore: frozenset = frozenset()) -> int:
        """Where in a section's order a note dropped at (x, y) lands (see layout.insert_index)."""
        return insert_index(self.notes.values(), Place.empathy(section_id), x, y, ignore, self.clusters)


# ---------------------------------------------------------------- helpers


def _title(text: str, width: float) -> Fitted:
    return fit(text, width, SECTION_TITLE_MAX * LINE_SPACING, SECTION_TITLE_MAX, SECTION_TITLE_MIN, True)


def _hint(text: str, width: float) -> Fitted:
    return fit(text, width, HINT_TEXT * LINE_SPACING, HINT_TEXT, HINT_TEXT)


def initials(name: str) -> str:
    """Up to two initials of a name ("Paige Turner" -> "PT"), or "?" for no name."""
    words = [w for w in name.split() if w[:1].isalnum()]
    if not words:
        return "?"
    letters = words[0][0] + (words[-1][0] if len(words) > 1 else "")
    return letters.upper()


class _Builder:
    """Places sections; each section's notes are known before its box is sized."""

    def __init__(self, doc: Document, kind: str):
        self.doc = doc
        self.kind = kind
        self.dotted = dotted_notes(doc)
        self.groups = clusters_by_id(doc)
        self.notes = {s: doc.notes_at(Place.empathy(s)) for s in EMPATHY_SECTIONS}
        self.titles = CANVAS_TITLES if kind == "canvas" else TITLES

    def needed(self, section: str, width: float, top_pad: float = 0.0, bottom_pad: float = 0.0) -> float:
        """The height a section needs at this width (title row, notes, pads)."""
        flow = self.flow(section, 0, 0, width).height
        return top_pad + max(SECTION_MIN_H, SECTION_TITLE_H + flow) + bottom_pad

    def section(self, section: str, rect: Rect, *, number: Optional[int] = None, extra: bool = False,
                top_pad: float = 0.0) -> EmpathySection:
        """A section filling rect; its title row starts top_pad below the top (room for the persona)."""
        badge = NUMBER_D + 8 if number is not None else 0
        text_w = rect.w - 2 * CELL_PAD - badge
        title_rect = Rect(rect.x, rect.y + top_pad, rect.w, SECTION_TITLE_H)
        color = SECTION_COLORS[section]
        laid = self.flow(section, rect.x, title_rect.bottom, rect.w)
        return EmpathySection(section, self.titles[section], number, rect, title_rect,
                              _title(self.titles[section], text_w), _hint(HINTS[section], text_w),
                              tuple(laid.notes), color, extra, tuple(laid.clusters))

    def flow(self, section: str, x: float, y: float, width: float):
        return flow_notes(self.notes[section], x, y, width, Place.empathy(section), SECTION_COLORS[section],
                          self.dotted, self.groups)

    def extras(self, shown: tuple[str, ...], top: float, width: float) -> tuple[list[EmpathySection], float]:
        """Non-empty sections this layout has no place for, two to a row below the map."""
        missing = [s for s in EMPATHY_SECTIONS if s not in shown and self.notes[s]]
        boxes = []
        columns = max(1, int(width // QUADRANT_W))
        w = width / columns
        for start in range(0, len(missing), columns):
            row = missing[start:start + columns]
            h = max(self.needed(s, w) for s in row)
            for i, s in enumerate(row):
                boxes.append(self.section(s, Rect(i * w, top, w, h), extra=True))
            top += h
        return boxes, top


# ---------------------------------------------------------------- the two layouts


def _classic(doc: Document) -> EmpathyLayout:
    b = _Builder(doc, "classic")
    w = QUADRANT_W
    # The persona circle sits where the four quadrants meet; the quadrants keep a band free
    # for it (and its name, under it) along the middle line.
    name = doc.persona.name or "Persona"
    name_text = fit(name, PERSONA_NAME_W - 24, SECTION_TITLE_MAX * LINE_SPACING, 15.0, 11.0, True)
    name_h = max(PERSONA_NAME_H, name_text.height + 8)
    above, below = PERSONA_R + 6, PERSONA_R + 4 + name_h + 8
    top_h = max(b.needed("says", w, bottom_pad=above), b.needed("thinks", w, bottom_pad=above))
    bottom_h = max(b.needed("does", w, top_pad=below), b.needed("feels", w, top_pad=below))
    sections = [
        b.section("says", Rect(0, 0, w, top_h)),
        b.section("thinks", Rect(w, 0, w, top_h)),
        b.section("does", Rect(0, top_h, w, bottom_h), top_pad=below),
        b.section("feels", Rect(w, top_h, w, bottom_h), top_pad=below),
    ]
    y = top_h + bottom_h
    pg_h = max(b.needed("pains", w), b.needed("gains", w))
    sections += [b.section("pains", Rect(0, y, w, pg_h)), b.section("gains", Rect(w, y, w, pg_h))]
    y += pg_h
    extras, y = b.extras(CLASSIC_SECTIONS, y, 2 * w)
    name_rect = Rect(w - PERSONA_NAME_W / 2, top_h + PERSONA_R + 4, PERSONA_NAME_W, name_h)
    persona = PersonaBox(w, top_h, PERSONA_R, initials(doc.persona.name), name_rect, name_text)
    notes = {n.note_id: n for s in sections + extras for n in s.notes}
    return EmpathyLayout("classic", 2 * w, y, tuple(sections + extras), (), persona, notes)


def _canvas(doc: Document) -> EmpathyLayout:
    b = _Builder(doc, "canvas")
    side = SIDE_W
    inner = SIDE_W  # each of Thinks, Feels, Pains, Gains
    frame_w = 2 * FRAME_PAD + 2 * inner
    width = 2 * side + frame_w
    half = width / 2
    sections: list[EmpathySection] = []
    # 1 Who | 2 Goal
    h = max(b.needed("who", half), b.needed("goal", half))
    sections += [b.section("who", Rect(0, 0, half, h), number=1),
                 b.section("goal", Rect(half, 0, half, h), number=2)]
    y = h
    # 3 See, across
    h = b.needed("sees", width)
    sections.append(b.section("sees", Rect(0, y, width, h), number=3))
    y += h
    # 6 Hear | 7 Think & Feel (Thinks | Feels over Pains | Gains) | 4 Say
    tf_h = max(b.needed("thinks", inner), b.needed("feels", inner))
    pg_h = max(b.needed("pains", inner), b.needed("gains", inner))
    frame_h = FRAME_TITLE_H + tf_h + pg_h + FRAME_PAD
    middle_h = max(b.needed("hears", side), b.needed("says", side), frame_h)
    pg_h += middle_h - frame_h  # the frame fills the row; its lower sections take the slack
    fx = side
    frame_rect = Rect(fx, y, frame_w, middle_h)
    frame_title = Rect(fx, y, frame_w, FRAME_TITLE_H)
    text_w = frame_w - 2 * CELL_PAD - NUMBER_D - 8
    frame = EmpathyFrame(("thinks", "feels", "pains", "gains"), THINK_FEEL_TITLE, THINK_FEEL_NUMBER,
                         frame_rect, frame_title, _title(THINK_FEEL_TITLE, text_w),
                         _hint(THINK_FEEL_HINT, text_w))
    ix, iy = fx + FRAME_PAD, y + FRAME_TITLE_H
    sections += [
        b.section("hears", Rect(0, y, side, middle_h), number=6),
        b.section("thinks", Rect(ix, iy, inner, tf_h)),
        b.section("feels", Rect(ix + inner, iy, inner, tf_h)),
        b.section("pains", Rect(ix, iy + tf_h, inner, pg_h)),
        b.section("gains", Rect(ix + inner, iy + tf_h, inner, pg_h)),
        b.section("says", Rect(fx + frame_w, y, side, middle_h), number=4),
    ]
    y += middle_h
    # 5 Do, across
    h = b.needed("does", width)
    sections.append(b.section("does", Rect(0, y, width, h), number=5))
    y += h
    # Reading order: the canvas's walk 1..7, then the parts of 7.
    order = ("who", "goal", "sees", "says", "does", "hears", "thinks", "feels", "pains", "gains")
    sections.sort(key=lambda s: order.index(s.section))
    extras, y = b.extras(CANVAS_SECTIONS, y, width)
    notes = {n.note_id: n for s in sections + extras for n in s.notes}
    return EmpathyLayout("canvas", width, y, tuple(sections + extras), (frame,), None, notes)


def compute_empathy_layout(doc: Document, kind: Optional[str] = None) -> EmpathyLayout:
    """The empathy map of a board in its chosen layout (or in `kind`, "classic" | "canvas")."""
    kind = kind or doc.board.empathy_layout
    return _canvas(doc) if kind == "canvas" else _classic(doc)
