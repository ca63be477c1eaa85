"""Where everything on a board goes, in points: computed once, drawn by the screen, PNG and PDF.

The layout is a pure function of the document: same board, same layout. Cells lay out their
notes (in order, left to right, then wrapping), rows grow to fit their tallest cell, and every
text is already fitted and broken into lines here, so no painter measures or wraps text.
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field, replace
from functools import lru_cache
from typing import Optional

from .document import BoardError, Document, Place
from .entities import EMOTION_MAX, EMOTION_MIN, Cluster, Lane, LaneKind, Note
from .images import image_size
from .text import Fitted, fit_text

# Sizes in points, chosen to read from the back of a room on a projector.
TITLE_H = 64
LANE_HEADER_W = 180
STAGE_HEADER_H = 52
NOTE_W = 150
NOTE_MIN_H = 96
NOTE_GAP = 12
NOTE_PAD = 10
CHIP_ROW_H = 18
CELL_PAD = 14
DEFAULT_STAGE_W = 2 * CELL_PAD + 2 * NOTE_W + NOTE_GAP
NOTE_LANE_MIN_H = NOTE_MIN_H + 2 * CELL_PAD
EMOTION_LANE_H = 170
METRIC_LANE_MIN_H = 64
PARKING_LABEL_H = 30
NOTE_TEXT_MAX, NOTE_TEXT_MIN = 16.0, 12.0
HEADER_TEXT_MAX, HEADER_TEXT_MIN = 17.0, 11.0
METRIC_TEXT_MAX, METRIC_TEXT_MIN = 15.0, 10.0
TITLE_TEXT = 22.0
SUBTITLE_TEXT = 12.0
LINE_SPACING = 1.25
PICTURE_MAX_H = 2 * NOTE_W  # a tall picture is as tall as this, and narrower
PICTURE_MIN_H = 8  # a panorama's strip is at least this tall (the picture is centred in it)
PICTURE_GAP = 6  # between a picture and its caption
CAPTION_LINES = 2  # a caption shrinks (to NOTE_TEXT_MIN) to fit this many lines, then grows
CLUSTER_LABEL_H = 26  # the strip with a cluster's label, above its notes
CLUSTER_PAD = 7  # between a cluster's frame and its notes
CLUSTER_TOGGLE_W = 20  # the collapse/expand triangle at the label's left
CLUSTER_TEXT_MAX, CLUSTER_TEXT_MIN = 13.0, 10.0
STACK_STEP = 4  # how far each card of a collapsed cluster's stack shows below the one above


@dataclass(frozen=True)
class Rect:
    x: float
    y: float
    w: float
    h: float

    @property
    def right(self) -> float:
        return self.x + self.w

    @property
    def bottom(self) -> float:
        return self.y + self.h

    def contains(self, x: float, y: float) -> bool:
        return self.x <= x < self.right and self.y <= y < self.bottom

    def meets(self, other: "Rect") -> bool:
        """Whether the two rectangles overlap (touching edges do not count)."""
        return self.x < other.right and other.x < self.right and self.y < other.bottom and other.y < self.bottom


@dataclass(frozen=True)
class PictureText(Fitted):
    """The text of a picture note: its caption, fitted (Fitted's fields), and where the picture
    goes. Every layout that sizes notes with note_height_and_text() gets it in NoteBox.text, so
    the grid and the empathy map lay pictures out alike; painters read NoteBox.picture."""

    picture: Rect  # relative to the note's top left; exactly the picture's aspect ratio
    image: bytes = field(repr=False)  # the stored picture (part of equality: a new one repaints)


@dataclass(frozen=True)
class NoteBox:
    note_id: int
    rect: Rect
    text: Fitted
    color: str
    place: Place
    has_chips: bool

    @property
    def picture(self) -> Optional[Rect]:
        """Where a picture note's picture goes, relative to the note's top left; None for text notes."""
        return self.text.picture if isinstance(self.text, PictureText) else None

    @property
    def image(self) -> Optional[bytes]:
        """A picture note's stored picture (None for text notes)."""
        return self.text.image if isinstance(self.text, PictureText) else None

    @property
    def text_top(self) -> float:
        """Where the text's first line box starts, below the note's top: under the picture of a
        picture note, else the note's padding."""
        picture = self.picture
        return NOTE_PAD if picture is None else picture.bottom + PICTURE_GAP

    @property
    def text_area(self) -> Rect:
        """Where the note's text is (and is edited), relative to the note: inside its padding,
        below the picture of a picture note, at least one line tall."""
        top = self.text_top
        return Rect(NOTE_PAD, top, self.rect.w - 2 * NOTE_PAD,
                    max(self.rect.h - top - NOTE_PAD, self.text.line_height))


@dataclass(frozen=True)
class StageBox:
    stage_id: int
    header: Rect
    column: Rect  # the whole column, header to the bottom of the last lane
    title: Fitted


@dataclass(frozen=True)
class LaneBox:
    lane_id: int
    header: Rect
    row: Rect  # the whole row, header to the right edge
    kind: str
    color: str
    title: Fitted


@dataclass(frozen=True)
class CellBox:
    place: Place
    rect: Rect


@dataclass(frozen=True)
class EmotionPoint:
    lane_id: int
    stage_id: int
    x: float
    y: float
    score: int


@dataclass(frozen=True)
class MetricBox:
    lane_id: int
    stage_id: int
    rect: Rect
    text: Fitted


@dataclass(frozen=True)
class BoardLayout:
    width: float
    height: float
    title: Rect
    title_text: Fitted
    subtitle_text: Fitted  # persona and goal & scope, so the room knows whom the map is for
    stages: tuple[StageBox, ...]
    lanes: tuple[LaneBox, ...]
    cells: tuple[CellBox, ...]
    parking: CellBox
    notes: dict[int, NoteBox]
    emotions: dict[int, tuple[EmotionPoint, ...]]  # per emotion lane: the set points in stage order
    metrics: tuple[MetricBox, ...]
    clusters: tuple[ClusterBox, ...] = ()
    # How each place's notes flow from y = 0, and where that place's y = 0 is on the board: what
    # lay_out() needs to flow only the places an edit changed (see there).
    flows: dict[Place, "Flow"] = field(default_factory=dict, repr=False)
    tops: dict[Place, float] = field(default_factory=dict, repr=False)
    # The places whose notes got new boxes from lay_out() (every place, laid out anew): what a
    # follower of the layout has to look at again. Not part of what the layout is.
    placed: tuple[Place, ...] = field(default=(), repr=False, compare=False)

    def place_at(self, x: float, y: float) -> Optional[CellBox]:
        """The cell (or parking lot) under a point, if any."""
        for box in self.cells + (self.parking,):
            if box.rect.contains(x, y):
                return box
        return None

    def insert_index(self, place: Place, x: float, y: float, ignore: frozenset = frozenset()) -> int:
        """Where in a place's order a note dropped at (x, y) lands (see insert_index)."""
        return insert_index(self.notes.values(), place, x, y, ignore, self.clusters)

    def emotion_score_at(self, lane_id: int, y: float) -> int:
        """The score a point dragged to height y in an emotion lane snaps to."""
        lane = next(box for box in self.lanes if box.lane_id == lane_id)
        top, bottom = _emotion_span(lane.row)
        fraction = (bottom - y) / (bottom - top)
        score = round(EMOTION_MIN + fraction * (EMOTION_MAX - EMOTION_MIN))
        return max(EMOTION_MIN, min(EMOTION_MAX, score))


def insert_index(notes, place: Place, x: float, y: float, ignore: frozenset = frozenset(),
                 clusters=()) -> int:
    """Where in a place's order a note dropped at (x, y) lands, not counting notes in ignore
    (the ones being dragged): before the first note whose slot starts after the point. The
    notes folded behind a collapsed cluster's first note count as coming right after it."""
    folded = {c.top_note: c.folded for c in clusters if c.place == place}
    boxes = sorted((b for b in notes if b.place == place and b.note_id not in ignore),
                   key=lambda b: (b.rect.y, b.rect.x))
    index = 0
    for box in boxes:
        row_below = y < box.rect.y
        same_row_left = y < box.rect.bottom and x < box.rect.x + box.rect.w / 2
        if row_below or same_row_left:
            break
        index += 1 + folded.get(box.note_id, 0)
    return index


def _emotion_span(row: Rect) -> tuple[float, float]:
    margin = 26
    return row.y + margin, row.bottom - margin


def emotion_y(row: Rect, score: float) -> float:
    top, bottom = _emotion_span(row)
    return bottom - (score - EMOTION_MIN) / (EMOTION_MAX - EMOTION_MIN) * (bottom - top)


@lru_cache(maxsize=50_000)
def fit(text: str, width: float, height: float, max_size: float, min_size: float,
        bold: bool = False) -> Fitted:
    return fit_text(text, width, height, max_size, min_size, bold=bold, line_spacing=LINE_SPACING)


def note_height_and_text(note: Note, has_chips: bool) -> tuple[float, Fitted]:
    """A note's height and its fitted text. A note with a picture gets a PictureText: the
    picture the note's inner width wide (its height from its aspect ratio, up to PICTURE_MAX_H),
    its caption below it, then the chip row."""
    if note.image:
        return picture_height_and_text(note.image, note.text, has_chips)
    chip_h = CHIP_ROW_H if has_chips else 0
    inner_w = NOTE_W - 2 * NOTE_PAD
    inner_h = NOTE_MIN_H - 2 * NOTE_PAD - chip_h
    fitted = fit(note.text, inner_w, inner_h, NOTE_TEXT_MAX, NOTE_TEXT_MIN)
    return max(NOTE_MIN_H, fitted.height + 2 * NOTE_PAD + chip_h), fitted


def picture_height_and_text(image: bytes, caption: str, has_chips: bool) -> tuple[float, PictureText]:
    """note_height_and_text() of a picture note."""
    picture = picture_rect(image)
    if caption.strip():
        fitted = fit(caption, NOTE_W - 2 * NOTE_PAD, CAPTION_LINES * NOTE_TEXT_MAX * LINE_SPACING,
                     NOTE_TEXT_MAX, NOTE_TEXT_MIN)
        text_h = PICTURE_GAP + fitted.height
    else:
        fitted = Fitted(NOTE_TEXT_MAX, (), NOTE_TEXT_MAX * LINE_SPACING, 0.0)
        text_h = 0.0
    chip_h = CHIP_ROW_H if has_chips else 0
    height = max(NOTE_MIN_H, picture.bottom + text_h + chip_h + NOTE_PAD)
    return height, PictureText(fitted.size, fitted.lines, fitted.line_height, fitted.height, picture, image)


@lru_cache(maxsize=1024)
def picture_rect(image: bytes) -> Rect:
    """Where a picture goes in its note (relative to the note): the inner width wide, as tall as
    its aspect ratio says; a tall one PICTURE_MAX_H tall and centred. A picture that cannot be
    read keeps a 4:3 place (painters show a placeholder there)."""
    try:
        w, h = image_size(image)
    except BoardError:
        w, h = 4, 3
    inner_w = NOTE_W - 2 * NOTE_PAD
    pic_w, pic_h = inner_w, inner_w * h / w
    if pic_h > PICTURE_MAX_H:
        pic_w, pic_h = PICTURE_MAX_H * w / h, PICTURE_MAX_H
    pic_h = max(pic_h, PICTURE_MIN_H)
    return Rect(NOTE_PAD + (inner_w - pic_w) / 2, NOTE_PAD, pic_w, pic_h)


@dataclass(frozen=True)
class ClusterBox:
    """A cluster's frame: a label strip on top, its notes below; a collapsed cluster shows its
    first note only, as a stack, with the others folded behind it."""
    cluster_id: int
    place: Place
    rect: Rect
    label: Fitted  # the label and how many notes, fitted to the strip
    collapsed: bool
    folded: int  # notes not drawn (behind the first one of a collapsed cluster)
    top_note: int  # the id of the cluster's first note


@dataclass
class Flow:
    """Notes (and their clusters' frames) laid out in rows inside a box."""
    notes: list[NoteBox] = field(default_factory=list)
    clusters: list[ClusterBox] = field(default_factory=list)
    height: float = 0.0


def toggle_points(frame: Rect, collapsed: bool) -> list[tuple[float, float]]:
    """The ▸ (collapsed) or ▾ (expanded) triangle at the left of a cluster's label strip."""
    cx, cy, r = frame.x + CLUSTER_PAD + 6, frame.y + CLUSTER_LABEL_H / 2, 5.0
    if collapsed:
        return [(cx - r * 0.6, cy - r), (cx - r * 0.6, cy + r), (cx + r * 0.9, cy)]
    return [(cx - r, cy - r * 0.6), (cx + r, cy - r * 0.6), (cx, cy + r * 0.9)]


def stack_cards(top: Rect, folded: int) -> list[Rect]:
    """The edges of the cards folded under a collapsed cluster's first note, back to front."""
    return [Rect(top.x + STACK_STEP * k, top.y + STACK_STEP * k, top.w, top.h)
            for k in range(min(folded, 2), 0, -1)]


def cluster_label_top(box: "ClusterBox") -> float:
    """Where a cluster's label text starts: centred in the label strip."""
    return box.rect.y + (CLUSTER_LABEL_H - box.label.height) / 2


def cluster_label(cluster: Cluster, count: int) -> str:
    name = cluster.label or "Cluster"
    return f"{name} · {count} notes" if cluster.collapsed else f"{name} · {count}"


def _runs(notes: list[Note]) -> list[tuple[Optional[int], list[Note]]]:
    """The notes split where clusters begin and end: (cluster id or None, its notes)."""
    runs: list[tuple[Optional[int], list[Note]]] = []
    for note in notes:
        if runs and runs[-1][0] == note.cluster_id:
            runs[-1][1].append(note)
        else:
            runs.append((note.cluster_id, [note]))
    return runs


def flow_notes(notes: list[Note], x: float, y: float, width: float, place: Place, color: str,
               dotted: frozenset[int], clusters: dict[int, Cluster], measured: Optional[dict] = None) -> Flow:
    """Lays notes out in rows, left to right, inside a box of the given width. A cluster starts
    on a row of its own, under its label, framed; the notes after it start a new row. measured:
    boxes of notes (by id) that look as they did, whose size, text and colour are kept."""
    measured = measured or {}
    per_row = max(1, int((width - 2 * CELL_PAD + NOTE_GAP) // (NOTE_W + NOTE_GAP)))
    flow = Flow()
    top = y + CELL_PAD

    def rows(run: list[Note], top: float) -> float:
        for start in range(0, len(run), per_row):
            row = [_measure(note, dotted, color, measured) for note in run[start:start + per_row]]
            for column, (note_id, h, text, note_color, chip) in enumerate(row):
                left = x + CELL_PAD + column * (NOTE_W + NOTE_GAP)
                flow.notes.append(NoteBox(note_id, Rect(left, top, NOTE_W, h), text, note_color, place, chip))
            top += max(measure[1] for measure in row) + NOTE_GAP
        return top

    for cluster_id, run in _runs(notes):
        cluster = clusters.get(cluster_id) if cluster_id is not None else None
        if cluster is None:
            top = rows(run, top)
            continue
        frame_x, frame_w = x + CELL_PAD - CLUSTER_PAD, width - 2 * (CELL_PAD - CLUSTER_PAD)
        shown = run[:1] if cluster.collapsed else run
        bottom = rows(shown, top + CLUSTER_LABEL_H) - NOTE_GAP + CLUSTER_PAD
        if cluster.collapsed:
            bottom += 2 * STACK_STEP  # the stack's edges under the first note
        label = fit(cluster_label(cluster, len(run)), frame_w - CLUSTER_TOGGLE_W - CLUSTER_PAD,
                    CLUSTER_LABEL_H, CLUSTER_TEXT_MAX, CLUSTER_TEXT_MIN, True)
        flow.clusters.append(ClusterBox(cluster.id, place, Rect(frame_x, top, frame_w, bottom - top), label,
                                        cluster.collapsed, len(run) - len(shown), run[0].id))
        top = bottom + NOTE_GAP
    flow.height = top - NOTE_GAP - y + CELL_PAD if notes else 0
    return flow


def _measure(note: Note, dotted: frozenset[int], color: str, measured: dict) -> tuple:
    """(id, height, text, colour, chips) of a note: as measured before if it looks as it did."""
    box = measured.get(note.id)
    if box is not None:
        return box.note_id, box.rect.h, box.text, box.color, box.has_chips
    chip = has_chips(note, dotted)
    h, text = note_height_and_text(note, chip)
    return note.id, h, text, note.color or color, chip


def clusters_by_id(doc: Document) -> dict[int, Cluster]:
    return {c.id: c for c in doc.clusters()}


def has_chips(note: Note, dotted: frozenset[int]) -> bool:
    """Whether a note shows a row of chips (tags, owner, idea flag, dots) under its text."""
    return bool(note.tags or note.owner or note.idea or note.id in dotted)


def dotted_notes(doc: Document) -> frozenset[int]:
    """The notes that keep a row for dots. While a voting round is open every note keeps one,
    so no note grows on the projector when somebody secretly gives it a dot."""
    if doc.open_round() is not None:
        return frozenset(n.id for n in doc.notes())
    return frozenset(doc.vote_counts())


def _lane_base_height(lane: Lane) -> float:
    return {LaneKind.EMOTION: EMOTION_LANE_H, LaneKind.METRIC: METRIC_LANE_MIN_H}.get(lane.kind, NOTE_LANE_MIN_H)


def subtitle(doc: Document) -> str:
    parts = []
    if doc.persona.name:
        role = f" ({doc.persona.role})" if doc.persona.role else ""
        parts.append(f"Persona: {doc.persona.name}{role}")
    if doc.board.goal:
        parts.append(f"Goal: {doc.board.goal}")
    return "  ·  ".join(parts)


def compute_layout(doc: Document) -> BoardLayout:
    return lay_out(doc)


def lay_out(doc: Document, previous: Optional[BoardLayout] = None,
            changed: frozenset[Place] = frozenset(), changed_notes: Optional[frozenset[int]] = None) -> BoardLayout:
    """The grid's layout. Given the previous layout of the same stages and lanes (and the same
    title), only the changed places' notes are flowed again (the expensive part: a cell may hold
    hundreds of notes); the rest of the grid is cheap and recomputed, and notes of places whose
    row did not move keep their boxes. Flowed again, a note not in changed_notes keeps its size
    and text (None: any note may have changed). The result equals a full layout exactly: every
    place is flowed from y = 0 and put at its row's top the same way on both paths."""
    stages, lanes = doc.stages(), doc.lanes()
    dotted = dotted_notes(doc)
    groups = clusters_by_id(doc)
    widths = [s.width or DEFAULT_STAGE_W for s in stages]
    xs = [LANE_HEADER_W + sum(widths[:i]) for i in range(len(stages))]
    grid_right = LANE_HEADER_W + sum(widths)
    width = max(grid_right, LANE_HEADER_W + DEFAULT_STAGE_W)
    if previous is None:
        title_text = fit(doc.board.title, width - 2 * CELL_PAD, TITLE_TEXT * LINE_SPACING, TITLE_TEXT,
                         HEADER_TEXT_MIN, True)
        subtitle_text = fit(subtitle(doc), width - 2 * CELL_PAD, SUBTITLE_TEXT * LINE_SPACING, SUBTITLE_TEXT,
                            SUBTITLE_TEXT)
        title_h = math.ceil(max(TITLE_H, 2 * CELL_PAD + title_text.height + subtitle_text.height))
    else:
        title_text, subtitle_text, title_h = previous.title_text, previous.subtitle_text, previous.title.h
    flows: dict[Place, Flow] = {}
    tops: dict[Place, float] = {}

    def flow(place: Place, x: float, width: float, color: str) -> Flow:
        if previous is not None and place not in changed:
            flows[place] = previous.flows[place]
            return flows[place]
        measured = {}
        if previous is not None and changed_notes is not None:
            measured = {box.note_id: box for box in previous.flows[place].notes if box.note_id not in changed_notes}
        flows[place] = flow_notes(doc.notes_at(place), x, 0, width, place, color, dotted, groups, measured)
        return flows[place]

    lane_boxes, cells, metrics = [], [], []
    emotions: dict[int, tuple[EmotionPoint, ...]] = {}
    y = title_h + STAGE_HEADER_H
    for lane in lanes:
        heights = [_lane_base_height(lane)]
        metric_texts = {}
        for stage, x, w in zip(stages, xs, widths):
            place = Place.cell(stage.id, lane.id)
            heights.append(flow(place, x, w, lane.color).height)
            tops[place] = y
            if lane.kind == LaneKind.METRIC:
                text = fit(doc.metric(lane.id, stage.id), w - 2 * CELL_PAD, METRIC_LANE_MIN_H - 2 * CELL_PAD,
                           METRIC_TEXT_MAX, METRIC_TEXT_MIN)
                metric_texts[stage.id] = text
                heights.append(text.height + 2 * CELL_PAD)
        h = math.ceil(max(heights))
        row = Rect(0, y, grid_right, h)
        header = Rect(0, y, LANE_HEADER_W, h)
        title = fit(lane.name, LANE_HEADER_W - 2 * CELL_PAD, h - 2 * CELL_PAD, HEADER_TEXT_MAX,
                    HEADER_TEXT_MIN, True)
        lane_boxes.append(LaneBox(lane.id, header, row, lane.kind, lane.color, title))
        for stage, x, w in zip(stages, xs, widths):
            cells.append(CellBox(Place.cell(stage.id, lane.id), Rect(x, y, w, h)))
            if lane.kind == LaneKind.METRIC:
                metrics.append(MetricBox(lane.id, stage.id, Rect(x, y, w, h), metric_texts[stage.id]))
        if lane.kind == LaneKind.EMOTION:
            emotions[lane.id] = tuple(
                EmotionPoint(lane.id, s.id, x + w / 2, emotion_y(row, score), score)
                for s, x, w in zip(stages, xs, widths)
                if (score := doc.emotion(lane.id, s.id)) is not None)
        y += h
    grid_bottom = y
    stage_boxes = []
    for stage, x, w in zip(stages, xs, widths):
        header = Rect(x, title_h, w, STAGE_HEADER_H)
        title = fit(stage.name, w - 2 * CELL_PAD, STAGE_HEADER_H - 12, HEADER_TEXT_MAX, HEADER_TEXT_MIN, True)
        stage_boxes.append(StageBox(stage.id, header, Rect(x, title_h, w, grid_bottom - title_h), title))

    parking_place = Place.parking()
    parking_top = grid_bottom + NOTE_GAP
    used = flow(parking_place, 0, width, "#E0E0E0").height
    tops[parking_place] = parking_top + PARKING_LABEL_H
    parking = CellBox(parking_place, Rect(0, parking_top, width, PARKING_LABEL_H + max(used, NOTE_LANE_MIN_H)))

    notes, cluster_boxes, placed = _place_flows(flows, tops, previous, changed)
    title_rect = Rect(0, 0, width, title_h)
    return BoardLayout(width, parking.rect.bottom, title_rect, title_text, subtitle_text, tuple(stage_boxes),
                       tuple(lane_boxes), tuple(cells), parking, notes, emotions, tuple(metrics),
                       tuple(cluster_boxes), flows, tops, placed)


def _place_flows(flows: dict[Place, Flow], tops: dict[Place, float], previous: Optional[BoardLayout],
                 changed: frozenset[Place]) -> tuple[dict[int, NoteBox], list[ClusterBox], tuple[Place, ...]]:
    """The notes and clusters of every place at its row's top. A place that was not flowed again
    and whose top stayed keeps the previous layout's boxes (most places, after most edits)."""
    if previous is None:
        notes: dict[int, NoteBox] = {}
        moved = tuple(flows)
    else:
        notes = dict(previous.notes)
        moved = tuple(place for place in flows if place in changed or tops[place] != previous.tops[place])
        for place in moved:
            for box in previous.flows[place].notes:
                del notes[box.note_id]
    for place in moved:
        top = tops[place]
        for box in flows[place].notes:
            notes[box.note_id] = _lowered(box, top)
    cluster_boxes = [replace(box, rect=_lowered_rect(box.rect, tops[place]))
                     for place, laid in flows.items() for box in laid.clusters]
    return notes, cluster_boxes, moved


def _lowered_rect(rect: Rect, top: float) -> Rect:
    return Rect(rect.x, top + rect.y, rect.w, rect.h)


def _lowered(box: NoteBox, top: float) -> NoteBox:
    """A note box flowed from y = 0, put at a row's top."""
    return NoteBox(box.note_id, _lowered_rect(box.rect, top), box.text, box.color, box.place, box.has_chips)


# Where a line's baseline sits below the top of its line box, in ems: DejaVu's ascent (0.93)
# and descent (0.24) centred in a line of LINE_SPACING ems.
BASELINE_EM = (LINE_SPACING - (0.928 + 0.236)) / 2 + 0.928


def baseline(fitted: Fitted, line_index: int) -> float:
    """The baseline of a fitted text's line, measured from the top of its text box. Every
    painter uses it, so screen, PNG and PDF put each line at the same height."""
    return line_index * fitted.line_height + fitted.size * BASELINE_EM
