"""Frame times of the board view with 2,000 notes, against a bare QGraphicsScene of rectangles.

Builds a current-state board with 2,000 notes (texts of 3-20 words, some colours, tags, owners,
idea flags and dots), the real BoardScene and BoardView, shown offscreen at 1920x1080, and times
one frame at a time for five sequences:

  fit           zoomed out so the whole board (all 2,000 notes) is visible, the view still;
  pan 0.5       60 frames moving the scroll bars at zoom 0.5 (~40 px a frame, diagonally);
  zoom 0.1-1.5  60 frames zooming from 0.1 to 1.5 around one point of the board, text drawn
                at each new scale: the frame a zoom ends on, and every frame of a zoom on a
                view that paints text at a new scale quickly (BoardView.QUICK_MS);
  pan 1.0       60 frames moving the scroll bars at 100 % (text readable);
  zoom gesture  the zoom frames again with the app's text drawn as bars, as the app draws the
                frames of a zoom (wheel, pinch, a keyboard zoom's glide) on a view whose paints
                with text at a new scale take longer (BoardView.min_text_px), as this board's do:
                the benchmark prints the app's choice.

Before the sequences the app idles until its idle work is done, as after opening a board (it
shapes the notes' lines then: app/ui/text_warmup.py); between frames it gets no idle time.

A frame (--method grab, the default) is `view.viewport().grab()`: Qt sends the viewport a real
paint event for its whole area, so QGraphicsView.paintEvent runs as it does on screen (exposed
region, index lookup, background, every visible item's paint() with its level of detail), into a
pixmap of the viewport's size. `--method render` times `view.render(painter, target, source)`
into a QImage instead (another entry point: it looks the items up itself and skips paintEvent),
and `--method live` moves the view and lets the event loop repaint it, as a user sees it (with
SmartViewportUpdate a pan scrolls the pixels and repaints only the strip that comes in).

The floor, placed and rendered the same way and interleaved with the app frame by frame so both
share the machine's noise: a bare QGraphicsScene with one QGraphicsRectItem per note (same
position, size and colour), each with a child QGraphicsSimpleTextItem of the note's text (as in
PLATFORM.md), and the same rectangles without text. Same view size, scene rect, transform,
scroll position and render hints. Target: p95 under 16 ms, and under 2x the floor.

Also: building the BoardScene (layout included), compute_layout alone, scene.refresh(), and one
edit of a note in view (doc.edit_note -> change signal -> scene.refresh, split into commit and
refresh, then the next frame live and whole), as shipped and with GridItem skipping its repaint
when only notes changed.

`--variants` measures alternatives, interleaved with 'as shipped' and the floors: scene NoIndex
vs BSP, the view's Antialiasing hint, DeviceCoordinateCache on the notes, READABLE_PX and an
opaque border pen; then viewport update modes with the live method. app/ is not edited: switches
flip module settings or render hints around their own frames, or set up scenes built by this
script.
`--profile` runs cProfile over each sequence and over edits. Prints only; exits 0.

    .venv/bin/python bench/scene_frames.py [--notes 2000] [--frames 60] [--method grab|render|live]
        [--stage-width 0] [--edits 30] [--variants] [--variant-frames 30] [--profile] [--seed 1]
"""
from __future__ import annotations

import argparse
import cProfile
import dataclasses
import gc
import io
import os
import pstats
import random
import statistics
import sys
import traceback
from pathlib import Path
from typing import Callable, Optional

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from common import clock, describe_machine, ms, percentile, show_view, work_dir  # noqa: E402

from PySide6.QtCore import QEvent, QObject, QPointF, QRectF  # noqa: E402
from PySide6.QtGui import QColor, QImage, QPainter, QPen, QPixmapCache, QTransform, QUndoStack  # noqa: E402
from PySide6.QtWidgets import (QApplication, QGraphicsItem, QGraphicsRectItem, QGraphicsScene,  # noqa: E402
                               QGraphicsSimpleTextItem, QGraphicsView)

from app.model.document import Document, Place  # noqa: E402
from app.model.entities import LaneKind  # noqa: E402
from app.model.layout import NOTE_PAD, NOTE_W, compute_layout  # noqa: E402
from app.model.templates import template  # noqa: E402

try:  # the grid and the empathy map as one surface, what BoardScene.refresh computes
    from app.model.surface import compute_surface  # noqa: E402
except ImportError:
    compute_surface = None
from app.ui import board_view as board_view_module  # noqa: E402
from app.ui import note_item as note_item_module  # noqa: E402
from app.ui import theme  # noqa: E402
from app.ui.board_scene import BoardScene  # noqa: E402
from app.ui.board_view import BoardView  # noqa: E402
from app.ui.grid_item import GridItem  # noqa: E402
from app.ui.fonts import load_fonts, sized_font  # noqa: E402
from app.ui.note_item import NoteItem  # noqa: E402

VIEW_W, VIEW_H = 1920, 1080
FRAME_BUDGET_MS = 16.0
FLOOR_RATIO_TARGET = 2.0
APP = "app: BoardView"
FLOOR_TEXT = "floor: rects + text"
FLOOR_BARE = "floor: rects only"
GESTURE = "zoom gesture"  # the zoom sequence with the app's text as bars, as while a wheel/pinch zoom runs

# Words of sticky notes in a journey-mapping workshop, for texts of 3-20 words.
SUBJECTS = ("Customer", "User", "She", "He", "Visitor", "New user", "Admin", "Buyer", "The team",
            "Support agent", "Returning customer", "Trial user")
VERBS = ("searches for", "compares", "asks about", "waits for", "cannot find", "reads", "signs up for",
         "calls about", "abandons", "shares", "reviews", "complains about", "renews", "pays for",
         "downloads", "forgets", "receives", "is confused by", "loves", "ignores")
OBJECTS = ("pricing page", "delivery options", "the checkout form", "a discount code", "the welcome email",
           "onboarding tour", "invoice", "support chat", "the mobile app", "password reset",
           "product reviews", "return policy", "shipping costs", "the FAQ", "trial limits",
           "contract terms", "order status", "the newsletter", "store opening hours", "loyalty points")
TAILS = ("on the phone while commuting", "because the page is slow", "after seeing an ad on social media",
         "and gives up after three tries", "twice in the same week", "without creating an account",
         "and expects an answer within an hour", "before talking to a colleague", "late at night",
         "on a small laptop screen", "and feels reassured", "with no clear next step", "",
         "", "", "", "to decide between two plans", "while waiting in line")
QUESTIONS = ("Why is shipping so expensive?", "Is there a student discount?", "Can I cancel anytime?",
             "Where is my order?", "Who do I call when it breaks?", "Does it work with my bank?",
             "How long does delivery take?", "What happens after the trial ends?")
TAGS = ("web", "phone", "store", "email", "app", "chat", "billing", "onboarding", "trust", "speed")
OWNERS = ("CX team", "Marketing", "Ops", "Ana", "Ben", "IT", "Sales")
COLORS = (None, None, None, "#FFE082", "#90CAF9", "#A5D6A7", "#F48FB1", "#FFCC80", "#CE93D8")


def note_text(rng: random.Random) -> str:
    """A sticky note of 3 to 20 words."""
    if rng.random() < 0.15:
        words = rng.choice(QUESTIONS).split()
    else:
        words = f"{rng.choice(SUBJECTS)} {rng.choice(VERBS)} {rng.choice(OBJECTS)} {rng.choice(TAILS)}".split()
    while len(words) < 3:
        words += rng.choice(OBJECTS).split()
    if rng.random() < 0.25:  # a longer note: a second clause
        words += f"then {rng.choice(VERBS)} {rng.choice(OBJECTS)} {rng.choice(TAILS)}".split()
    return " ".join(words[:20])


def build_board(path: Path, notes: int, rng: random.Random, stage_width: float) -> tuple[Document, float]:
    """A current-state board with `notes` notes spread evenly over its note cells; returns it and
    how many seconds creating the file took."""
    def populate(doc: Document) -> None:
        template("current-state").apply(doc, title=f"Bench board ({notes} notes)")
        doc.set_board_info(goal="Understand why new customers abandon their first order and what would keep them.")
        doc.set_persona(name="Maya", role="first-time online shopper")
        if stage_width:
            for stage in doc.stages():
                doc.set_stage_width(stage.id, stage_width)
        lanes = doc.lanes()
        cells = [Place.cell(s.id, lane.id) for lane in lanes if lane.kind == LaneKind.NOTES for s in doc.stages()]
        voted = []
        for c, cell in enumerate(cells):
            count = notes // len(cells) + (1 if c < notes % len(cells) else 0)
            specs = []
            for _ in range(count):
                spec = {"text": note_text(rng)}
                color = rng.choice(COLORS)
                if color:
                    spec["color"] = color
                if rng.random() < 0.15:
                    spec["tags"] = rng.sample(TAGS, rng.randint(1, 3))
                if rng.random() < 0.05:
                    spec["owner"] = rng.choice(OWNERS)
                if rng.random() < 0.03:
                    spec["idea"] = True
                specs.append(spec)
            ids = doc.add_notes(cell, specs).result
            voted += [note_id for note_id in ids if rng.random() < 0.05]
        for note_id in voted:
            doc.add_votes(note_id, rng.randint(1, 8), voter="bench")
        emotion = next(lane.id for lane in lanes if lane.kind == LaneKind.EMOTION)
        for stage, score in zip(doc.stages(), (-1, 0, -2, 1, 2)):
            doc.set_emotion(emotion, stage.id, score)

    start = clock()
    doc = Document.create(path, populate)
    return doc, clock() - start


# ---------------------------------------------------------------------------------------- floor

def note_boxes(board: BoardScene) -> dict:
    """Every note's box in scene coordinates (the grid's, plus the empathy map's when the scene
    shows a surface of both)."""
    surface = getattr(board, "surface", None)
    return surface.boxes if surface is not None else board.layout.notes


def build_floor(board: BoardScene, with_text: bool) -> QGraphicsScene:
    """A bare QGraphicsScene: one QGraphicsRectItem per note at the note's place and size, filled
    with its colour, with a child QGraphicsSimpleTextItem of the note's lines, or without text."""
    scene = QGraphicsScene()
    scene.setSceneRect(board.sceneRect())
    pen = QPen(QColor("#C9C9C9"), 1)  # opaque: plain rectangles (a translucent pen is ~9x slower)
    fonts: dict = {}
    colors: dict[str, QColor] = {}
    for box in note_boxes(board).values():
        rect = QGraphicsRectItem(0, 0, box.rect.w, box.rect.h)
        rect.setPos(box.rect.x, box.rect.y)
        rect.setBrush(colors.setdefault(box.color, QColor(box.color)))
        rect.setPen(pen)
        if with_text:
            text = QGraphicsSimpleTextItem("\n".join(box.text.lines), rect)
            if box.text.size not in fonts:
                fonts[box.text.size] = sized_font(box.text.size)
            text.setFont(fonts[box.text.size])
            text.setPos(NOTE_PAD, NOTE_PAD)
        scene.addItem(rect)
    return scene


def make_floor_view(scene: QGraphicsScene, like: QGraphicsView) -> QGraphicsView:
    view = QGraphicsView(scene)
    view.keep_scene = scene  # a QGraphicsView does not own its scene: keep it alive
    view.setRenderHints(like.renderHints())
    view.setViewportUpdateMode(like.viewportUpdateMode())
    return view


# ---------------------------------------------------------------------------------------- frames

class PaintCounter(QObject):
    """Counts a viewport's paint events (the live method checks a frame really painted)."""

    def __init__(self):
        super().__init__()
        self.count = 0

    def eventFilter(self, obj, event) -> bool:
        if event.type() == QEvent.Paint:
            self.count += 1
        return False


def set_view(view: QGraphicsView, zoom: float, center: Optional[QPointF] = None,
             scroll: Optional[tuple[int, int]] = None) -> None:
    """The same placement for the app's view and the floors': a scale, then a centre or scroll bars."""
    if abs(view.transform().m11() - zoom) > 1e-12:
        view.setTransform(QTransform.fromScale(zoom, zoom))
    if center is not None:
        view.centerOn(center)
    if scroll is not None:
        view.horizontalScrollBar().setValue(scroll[0])
        view.verticalScrollBar().setValue(scroll[1])


class Frames:
    """Places a view for a step and renders one frame with the chosen method; returns seconds.
    `hook(view)` (a variant's reaction to the zoom, e.g. switching to an overview) is timed."""

    def __init__(self, method: str):
        self.method = method
        self.counters: dict[int, PaintCounter] = {}
        self.sink = None

    def watch(self, view: QGraphicsView) -> None:
        if id(view) not in self.counters:
            counter = PaintCounter()
            view.viewport().installEventFilter(counter)
            self.counters[id(view)] = counter

    def frame(self, view: QGraphicsView, step: dict, hook: Optional[Callable] = None) -> float:
        if self.method == "live":
            counter = self.counters[id(view)]
            before = counter.count
            start = clock()
            set_view(view, **step)
            if hook:
                hook(view)
            QApplication.processEvents()
            elapsed = clock() - start
            if counter.count == before:  # nothing moved (the still fit view): repaint it all
                start = clock()
                view.viewport().update()
                QApplication.processEvents()
                elapsed += clock() - start
            return elapsed
        # No event processing here: a pending repaint of the shown view would paint (and warm
        # caches) outside the timed grab.
        set_view(view, **step)
        start = clock()
        if hook:
            hook(view)
        if self.method == "grab":
            self.sink = view.viewport().grab()
            return clock() - start
        viewport = view.viewport()
        image = QImage(viewport.size(), QImage.Format_ARGB32_Premultiplied)
        painter = QPainter(image)
        view.render(painter, QRectF(image.rect()), viewport.rect())
        painter.end()
        self.sink = image
        return clock() - start


def fit_zoom(view: QGraphicsView, rect: QRectF) -> float:
    viewport = view.viewport().rect()
    return min((viewport.width() - 4) / rect.width(), (viewport.height() - 4) / rect.height())


def plan_sequences(board: BoardScene, view: QGraphicsView, frames: int) -> dict[str, list[dict]]:
    """The steps of each sequence: a zoom and either a scene point to centre on or scroll values.
    Pan paths are worked out on the app's view; the floors have the same scene rect and size."""
    layout = board.layout
    whole = QRectF(0, 0, layout.width, layout.height)
    notes = list(layout.notes.values())  # the grid's
    middle = notes[len(notes) // 2].rect  # a dense part of the board: the middle of the notes
    anchor = QPointF(middle.x + middle.w / 2, middle.y + middle.h / 2)

    def pan(zoom: float) -> list[dict]:
        set_view(view, zoom, center=anchor)
        h, v = view.horizontalScrollBar(), view.verticalScrollBar()
        x, y, dx, dy = h.value(), v.value(), 41, 23  # a hand dragging diagonally, bouncing at the edges
        out = []
        for _ in range(frames):
            if not h.minimum() <= x + dx <= h.maximum():
                dx = -dx
            if not v.minimum() <= y + dy <= v.maximum():
                dy = -dy
            x, y = x + dx, y + dy
            out.append(dict(zoom=zoom, scroll=(x, y)))
        return out

    lo, hi = 0.1, 1.5
    return {
        "fit": [dict(zoom=fit_zoom(view, whole), center=whole.center())] * max(10, frames // 2),
        "pan 0.5": pan(0.5),
        "zoom 0.1-1.5": [dict(zoom=lo * (hi / lo) ** (i / max(1, frames - 1)), center=anchor)
                         for i in range(frames)],
        "pan 1.0": pan(1.0),
    }


def notes_in_view(board: BoardScene, view: QGraphicsView, steps: list[dict]) -> float:
    counts = []
    for step in steps[::max(1, len(steps) // 10)]:
        set_view(view, **step)
        area = view.mapToScene(view.viewport().rect()).boundingRect()
        counts.append(sum(1 for item in board.items(area) if isinstance(item, NoteItem)))
    return statistics.mean(counts)


class Entry:
    """One thing to time in an interleaved run: a view, an optional timed hook, and untimed
    enter/leave calls that switch a variant on and off around each of its frames."""

    def __init__(self, view: QGraphicsView, hook: Optional[Callable] = None,
                 enter: Optional[Callable] = None, leave: Optional[Callable] = None):
        self.view, self.hook, self.enter, self.leave = view, hook, enter, leave

    def frame(self, frames: "Frames", step: dict) -> float:
        if self.enter:
            self.enter()
        try:
            return frames.frame(self.view, step, self.hook)
        finally:
            if self.leave:
                self.leave()


def run_sequence(frames: Frames, entries: dict[str, Entry], steps: list[dict],
                 warmup: int = 3) -> dict[str, list[float]]:
    """Interleaved: for each step every entry renders one frame, the order rotating step by step,
    so that all of them share the machine's noise."""
    names = list(entries)
    times: dict[str, list[float]] = {name: [] for name in names}
    for step in steps[:warmup]:
        for name in names:
            entries[name].frame(frames, step)
    gc.collect()
    for i, step in enumerate(steps):
        for name in names[i % len(names):] + names[:i % len(names)]:
            times[name].append(entries[name].frame(frames, step))
    return times


ZOOM_BANDS = ((0.0, 0.25), (0.25, 0.5), (0.5, 1.0), (1.0, 9.0))


def by_zoom(steps: list[dict], values: list[float]) -> str:
    """The zoom sequence's frames by zoom band: median/max in ms, to see which zooms are slow."""
    parts = []
    for lo, hi in ZOOM_BANDS:
        band = [v for step, v in zip(steps, values) if lo <= step["zoom"] < hi]
        if band:
            label = f"{lo:g}-{hi:g}" if hi < 9 else f">={lo:g}"
            parts.append(f"{label}: {ms(statistics.median(band)):.1f}/{ms(max(band)):.1f}")
    return "zoom " + ", ".join(parts) + " (median/max ms)"


def med_p95(values: list[float]) -> tuple[float, float]:
    return statistics.median(values), percentile(values, 0.95)


def verdict(values: list[float], floors: dict[str, list[float]]) -> str:
    p95 = percentile(values, 0.95)
    marks = [f"p95 {'<' if ms(p95) < FRAME_BUDGET_MS else '>='} {FRAME_BUDGET_MS:.0f} ms"]
    for name, floor in floors.items():
        ratio = p95 / percentile(floor, 0.95)
        short = "text" if name == FLOOR_TEXT else "rects"
        marks.append(f"{'<' if ratio < FLOOR_RATIO_TARGET else '>='} {FLOOR_RATIO_TARGET:.0f}x {short}")
    return ", ".join(marks)


def print_sequence_rows(rows: list[tuple[str, list[float]]], floors: dict[str, list[float]],
                        width: int = 34) -> None:
    for name, values in rows:
        med, p95 = med_p95(values)
        line = f"  {name:<{width}} median {ms(med):7.2f}  p95 {ms(p95):7.2f}"
        if name not in floors:
            ratios = "  ".join(f"{med / med_p95(f)[0]:5.2f}x/{p95 / med_p95(f)[1]:5.2f}x"
                               for f in floors.values())
            line += f"   {ratios}   [{verdict(values, floors)}]"
        print(line)


# ---------------------------------------------------------------------------------------- edits

def grid_unchanged(old, new) -> bool:
    """Whether two layouts differ only in their notes (what GridItem paints is the same)."""
    return all(getattr(old, f.name) == getattr(new, f.name) for f in dataclasses.fields(old) if f.name != "notes")


class GridSkip:
    """Prototype: GridItem.set_layout keeps the new layout but neither calls
    prepareGeometryChange() nor repaints the whole board when only notes changed. (A Python
    method called from Python, so patching the class attribute takes effect.)"""

    original = GridItem.set_layout

    @staticmethod
    def set_layout(item, layout) -> None:
        if grid_unchanged(item.layout, layout):
            item.layout = layout
        else:
            GridSkip.original(item, layout)

    @classmethod
    def enter(cls) -> None:
        GridItem.set_layout = cls.set_layout

    @classmethod
    def leave(cls) -> None:
        GridItem.set_layout = cls.original


def time_edits(doc: Document, board: BoardScene, view: QGraphicsView, frames: Frames, rng: random.Random,
               count: int) -> None:
    """doc.edit_note of a note in view -> change signal -> scene.refresh, split by two listeners
    (one put before the scene's own in the document's list, one subscribed after it); then the
    next frame as the event loop paints it (live: only what the edit made dirty) and as a whole
    viewport (grab). As shipped, interleaved with a prototype that skips repainting an unchanged
    grid."""
    marks: dict[str, float] = {}

    def committed(change) -> None:
        marks["committed"] = clock()

    def refreshed(change) -> None:
        marks["refreshed"] = clock()

    step = dict(zoom=1.0, center=QPointF(board.layout.width / 2, board.layout.height / 2))
    set_view(view, **step)
    area = view.mapToScene(view.viewport().rect()).boundingRect()
    note_ids = [item.note_id for item in board.items(area) if isinstance(item, NoteItem)] or list(board.note_items)
    counter = PaintCounter()
    view.viewport().installEventFilter(counter)
    configs = [("as shipped", None, None),
               ("GridItem repaints only when the grid changed", GridSkip.enter, GridSkip.leave)]
    rows = {label: {"total": [], "commit": [], "refresh": [], "live": [], "grab": []} for label, _, _ in configs}
    doc._listeners.insert(0, committed)  # runs before the scene's DocumentSignals
    doc.subscribe(refreshed)
    try:
        for i in range(count):
            for label, enter, leave in configs[i % 2:] + configs[:i % 2]:
                if enter:
                    enter()
                try:
                    QApplication.processEvents()  # nothing pending before the edit
                    note_id = rng.choice(note_ids)
                    text = note_text(rng) + f" (edit {i})"
                    start = clock()
                    doc.edit_note(note_id, text=text)
                    end = clock()
                    before = counter.count
                    QApplication.processEvents()
                    live = clock() - end
                    row = rows[label]
                    row["total"].append(end - start)
                    row["commit"].append(marks["committed"] - start)
                    row["refresh"].append(marks["refreshed"] - marks["committed"])
                    if counter.count > before:
                        row["live"].append(live)
                    row["grab"].append(frames.frame(view, step))
                finally:
                    if leave:
                        leave()
    finally:
        doc.unsubscribe(committed)
        doc.unsubscribe(refreshed)
        view.viewport().removeEventFilter(counter)
    for label, row in rows.items():
        print(f"  {label}")
        for key, name in (("total", "doc.edit_note, all of it"), ("commit", "  of which the document call + commit"),
                          ("refresh", "  of which signal -> scene.refresh"),
                          ("live", "the next frame, live (repaints what is dirty)"),
                          ("grab", "the next frame, whole viewport (grab)")):
            values = row[key]
            if values:
                med, p95 = med_p95(values)
                print(f"    {name:<46} median {ms(med):7.2f}  p95 {ms(p95):7.2f}   (n={len(values)})")


def timed_runs(fn, runs: int) -> list[float]:
    out = []
    for _ in range(runs):
        start = clock()
        fn()
        out.append(clock() - start)
    return out


def print_runs(name: str, values: list[float]) -> None:
    print(f"  {name:<46} median {ms(statistics.median(values)):7.2f}  min {ms(min(values)):7.2f}"
          f"   (n={len(values)})")


# ---------------------------------------------------------------------------------------- switches

def set_note_cache(board: BoardScene, mode) -> None:
    for item in board.note_items.values():
        item.setCacheMode(mode)


def set_readable(px: float) -> None:
    note_item_module.READABLE_PX = px


# ---------------------------------------------------------------------------------------- main

def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--notes", type=int, default=2000)
    parser.add_argument("--frames", type=int, default=60, help="frames per sequence")
    parser.add_argument("--method", choices=("grab", "render", "live"), default="grab")
    parser.add_argument("--stage-width", type=float, default=0,
                        help="width of every stage in points (0: the template's, two notes a row)")
    parser.add_argument("--edits", type=int, default=30)
    parser.add_argument("--variants", action="store_true", help="also measure alternatives (~2 min)")
    parser.add_argument("--variant-frames", type=int, default=30, help="frames per sequence in --variants")
    parser.add_argument("--profile", action="store_true", help="cProfile the app's frames and edits")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    rng = random.Random(args.seed)

    qapp = QApplication.instance() or QApplication(sys.argv[:1])
    load_fonts()
    with work_dir() as folder:
        describe_machine(folder)
        print(f"Qt platform {qapp.platformName()}, PySide6 {__import__('PySide6').__version__}, "
              f"QPixmapCache limit {QPixmapCache.cacheLimit()} KiB")
        doc, create_s = build_board(folder / "frames.cjm", args.notes, rng, args.stage_width)
        try:
            run(args, rng, doc, create_s)
        finally:
            doc.close()


def run(args, rng: random.Random, doc: Document, create_s: float) -> None:
    print(f"board: {len(doc.notes())} notes, {sum(doc.vote_counts().values())} dots, "
          f"{len(doc.stages())} stages x {len(doc.lanes())} lanes; file created in {ms(create_s):.0f} ms")

    layouts = timed_runs(lambda: compute_layout(doc), 5)
    surfaces = timed_runs(lambda: compute_surface(doc), 5) if compute_surface else []
    stack = QUndoStack()
    scenes: list[BoardScene] = []
    gc.collect()
    builds = timed_runs(lambda: scenes.append(BoardScene(doc, stack)), 3)
    board = scenes.pop()
    for extra in scenes:  # only the last one follows the document
        extra.signals.detach()
    scenes.clear()
    refreshes = timed_runs(board.refresh, 5)
    layout = board.layout
    print(f"board: {layout.width:.0f} x {layout.height:.0f} points, {len(board.items())} scene items")
    print("\n[building and following the document]  (ms)")
    print_runs("compute_layout(doc) alone (the grid)", layouts)
    if surfaces:
        print_runs("compute_surface(doc) (grid + empathy map)", surfaces)
    print_runs("BoardScene(doc, stack): layout + items", builds)
    print_runs("scene.refresh() with nothing changed", refreshes)

    view = BoardView(board)
    show_view(view, VIEW_W, VIEW_H)
    floor_views = {FLOOR_TEXT: make_floor_view(build_floor(board, True), view),
                   FLOOR_BARE: make_floor_view(build_floor(board, False), view)}
    for floor_view in floor_views.values():
        show_view(floor_view, VIEW_W, VIEW_H)
    # As after opening a board, the app idles until its idle work is done (it makes the last note
    # items and shapes the notes' lines) before the sequences begin; between frames it gets none.
    start = clock()
    while board.idle_work_left():
        QApplication.processEvents()
    print(f"idle work after showing the board (the last items, shaping lines): {ms(clock() - start):.0f} ms")
    size = view.viewport().size()
    for name, floor_view in floor_views.items():
        if floor_view.viewport().size() != size:
            print(f"WARNING: {name} viewport {floor_view.viewport().size()} != app's {size}")
    frames = Frames(args.method)
    entries = {APP: Entry(view), **{name: Entry(v) for name, v in floor_views.items()}}
    for entry in entries.values():
        frames.watch(entry.view)
    how = {"grab": "viewport().grab(): a real paintEvent of the whole viewport into a QPixmap",
           "render": "view.render(painter, target, source) into a QImage",
           "live": "move the view, then QApplication.processEvents() repaints what changed"}[args.method]
    print(f"\nview {view.width()}x{view.height()}, viewport {size.width()}x{size.height()}; frame = {how}")

    plan = plan_sequences(board, view, args.frames)
    fit = plan["fit"][0]["zoom"]
    print(f"fit zoom {fit:.4f} (a note {NOTE_W * fit:.1f} px wide); note text is drawn when zoom x size "
          f">= {note_item_module.READABLE_PX} px (sizes 12-16 pt: zoom >= 0.25-0.33)")
    for name, steps in plan.items():
        print(f"  {name:<14} ~{notes_in_view(board, view, steps):.0f} notes in view, {len(steps)} frames")

    results = {name: run_sequence(frames, entries, steps) for name, steps in plan.items()}
    # A wheel or pinch zoom as the app does it: text drawn as bars until the gesture settles
    # (BoardView.min_text_px is infinite meanwhile); the floors draw their text as always.
    gesture = dict(entries)
    gesture[APP] = Entry(view, enter=lambda: setattr(view, "min_text_px", float("inf")),
                         leave=lambda: view.__dict__.pop("min_text_px", None))
    plan[GESTURE] = plan["zoom 0.1-1.5"]
    results[GESTURE] = run_sequence(frames, gesture, plan[GESTURE])
    choice = "keeps its text" if view.keeps_text_while_zooming() else "draws text as bars"
    print(f"\nthe app zooms on this board as it shows it: it {choice} while a zoom runs (its last two paints "
          f"with text at a new scale: {', '.join(f'{t:.1f}' for t in view._crisp_ms)} ms; bars from "
          f"{board_view_module.QUICK_MS:.0f} ms)")
    print(f"\n[frames]  ms; app ratios are median/median and p95/p95 to '{FLOOR_TEXT}', then "
          f"'{FLOOR_BARE}'")
    for name, times in results.items():
        print(f"{name}")
        floors = {f: times[f] for f in floor_views}
        print_sequence_rows([(f, times[f]) for f in floor_views] + [(APP, times[APP])], floors)
        if name.startswith("zoom"):
            for label in (*floor_views, APP):
                print(f"    {label:<32} {by_zoom(plan[name], times[label])}")

    print("\n[one edit at 2,000 notes]  doc.edit_note of the text of a random note in view, view at 100 %")
    time_edits(doc, board, view, frames, rng, args.edits)

    if args.variants:
        variants(args, doc, stack, board, view, floor_views, plan)
    if args.profile:
        profile(doc, board, view, frames, plan, rng)


def variants(args, doc: Document, stack: QUndoStack, board: BoardScene, view: BoardView,
             floor_views: dict, full_plan: dict) -> None:
    """Alternatives, all interleaved frame by frame with 'as shipped' and the floors. Switches
    that cost nothing (render hints, module settings) are turned on just for their own frames;
    the others get their own BoardScene + BoardView of the same document."""
    n = args.variant_frames
    plan = {name: steps[:max(10, n if name != "fit" else n // 2)] for name, steps in full_plan.items()
            if name != GESTURE}
    if n < args.frames:  # fewer frames over the same zoom range
        plan["zoom 0.1-1.5"] = full_plan["zoom 0.1-1.5"][::max(1, args.frames // n)]
    frames = Frames(args.method if args.method != "live" else "grab")
    extra: list[tuple[BoardScene, BoardView]] = []

    def extra_view(setup: Callable[[BoardScene], None]) -> BoardView:
        scene = BoardScene(doc, stack)
        # The variants are alternatives to note items painting themselves: the scene's note
        # layer stays off.
        scene.note_layer.set_active = lambda active: None
        setup(scene)
        other = BoardView(scene)
        show_view(other, VIEW_W, VIEW_H)
        extra.append((scene, other))
        return other

    noindex_view = extra_view(lambda scene: scene.setItemIndexMethod(QGraphicsScene.NoIndex))
    cache_view = extra_view(lambda scene: set_note_cache(scene, QGraphicsItem.DeviceCoordinateCache))
    for v in [view, noindex_view, cache_view, *floor_views.values()]:
        frames.watch(v)
    hints = view.renderHints()
    readable = note_item_module.READABLE_PX
    border = QColor(theme.NOTE_BORDER)
    opaque_border = QColor("#D0D0D0")
    entries = {
        "as shipped": Entry(view),
        "scene NoIndex (not BSP)": Entry(noindex_view),
        "notes DeviceCoordinateCache": Entry(cache_view),
        "view without Antialiasing hint": Entry(view, enter=lambda: view.setRenderHint(QPainter.Antialiasing, False),
                                                leave=lambda: view.setRenderHints(hints)),
        f"READABLE_PX 8 (was {readable:g})": Entry(view, enter=lambda: set_readable(8.0), leave=lambda: set_readable(readable)),
        "opaque border pen (#D0D0D0)": Entry(view, enter=lambda: setattr(theme, "NOTE_BORDER", opaque_border),
                                             leave=lambda: setattr(theme, "NOTE_BORDER", border)),
        **{name: Entry(v) for name, v in floor_views.items()},
    }
    print(f"\n[variants]  method {frames.method}, {n} frames a sequence, all interleaved; ms, then ratios "
          f"(median/median, p95/p95) to '{FLOOR_TEXT}' and '{FLOOR_BARE}'")
    try:
        for name, steps in plan.items():
            times = run_sequence(frames, entries, steps)
            floors = {f: times[f] for f in floor_views}
            print(name)
            for label in entries:
                if label not in floors:
                    values = times[label]
                    med, p95 = med_p95(values)
                    ratios = "  ".join(f"{med / med_p95(f)[0]:5.2f}x/{p95 / med_p95(f)[1]:5.2f}x"
                                       for f in floors.values())
                    print(f"  {label:<50} median {ms(med):7.2f}  p95 {ms(p95):7.2f}   {ratios}   "
                          f"[{verdict(values, floors)}]")
            if name.startswith("zoom"):
                for label in ("as shipped", FLOOR_BARE):
                    print(f"    {label.strip():<48} {by_zoom(steps, times[label])}")

        # Viewport update modes only change what the event loop repaints: the live method.
        live = Frames("live")
        floor_bare = floor_views[FLOOR_BARE]
        for v in [view, floor_bare]:
            live.watch(v)
        print(f"\n[viewport update modes]  method live (move the view, then processEvents), {n} frames; ms, "
              f"then ratios to '{FLOOR_BARE}' in the same mode")
        original = view.viewportUpdateMode()
        for name in ("pan 0.5", "zoom 0.1-1.5", "pan 1.0"):
            print(name)
            for mode_name in ("SmartViewportUpdate", "MinimalViewportUpdate", "BoundingRectViewportUpdate",
                              "FullViewportUpdate"):
                mode = getattr(QGraphicsView, mode_name)
                runs = {"as shipped": Entry(view), FLOOR_BARE: Entry(floor_bare)}
                for entry in runs.values():
                    entry.view.setViewportUpdateMode(mode)
                times = run_sequence(live, runs, plan[name])
                f_med, f_p95 = med_p95(times[FLOOR_BARE])
                med, p95 = med_p95(times["as shipped"])
                print(f"  {mode_name:<27} {'as shipped':<11} median {ms(med):7.2f}  p95 {ms(p95):7.2f}   "
                      f"floor median {ms(f_med):6.2f}  p95 {ms(f_p95):6.2f}   "
                      f"{med / f_med:5.2f}x/{p95 / f_p95:5.2f}x")
        for v in (view, floor_bare):
            v.setViewportUpdateMode(original)
    finally:
        for scene, other in extra:
            scene.signals.detach()
            other.close()


def profile(doc: Document, board: BoardScene, view: BoardView, frames: Frames, plan: dict,
            rng: random.Random, top: int = 14) -> None:
    """cProfile over the app's frames of each sequence, then over edits: which Python functions
    and Qt calls the time goes to (native time outside any Python call shows under grab)."""
    def report(title: str, profiler: cProfile.Profile) -> None:
        out = io.StringIO()
        pstats.Stats(profiler, stream=out).sort_stats("tottime").print_stats(top)
        print(f"\n[profile: {title}]")
        lines = out.getvalue().splitlines()
        first = next((i for i, line in enumerate(lines) if line.lstrip().startswith("ncalls")), 0)
        print("\n".join(line.replace(str(Path.cwd()) + "/", "") for line in lines[first:] if line.strip()))

    for name, steps in plan.items():
        if name == GESTURE:
            continue
        for step in steps[:3]:
            frames.frame(view, step)
        profiler = cProfile.Profile()
        start = clock()
        profiler.enable()
        for step in steps:
            frames.frame(view, step)
        profiler.disable()
        report(f"{name}, {len(steps)} frames, {ms(clock() - start) / len(steps):.1f} ms a frame under "
               f"the profiler", profiler)
    note_ids = list(board.note_items)
    profiler = cProfile.Profile()
    profiler.enable()
    for i in range(20):
        doc.edit_note(rng.choice(note_ids), text=note_text(rng) + f" (profiled {i})")
    profiler.disable()
    report("20 x doc.edit_note with the scene following", profiler)


if __name__ == "__main__":
    try:
        main()
    except Exception:  # a benchmark prints; it never fails its caller
        traceback.print_exc()
    sys.exit(0)
